package date

import "strconv"

// Time is a GEDCOM 7.0 time of day, hh:mm[:ss[.fff]][Z], on a 24-hour
// clock. UTC marks a time in Coordinated Universal Time ("Z"); without it
// the time is local to the event.
type Time struct {
	Hour, Minute, Second int
	HasSeconds           bool
	// Fraction is the digits after the decimal point of the seconds, as
	// written ("5" for "12:00:00.5"), so that no precision is lost.
	Fraction string
	UTC      bool
}

// String returns t as a GEDCOM 7.0 Time payload with two-digit hours, such
// as "02:50" or "23:59:59.25Z".
func (t Time) String() string {
	b := make([]byte, 0, 16)
	two := func(n int) {
		b = append(b, byte('0'+n/10%10), byte('0'+n%10))
	}
	two(t.Hour)
	b = append(b, ':')
	two(t.Minute)
	if t.HasSeconds {
		b = append(b, ':')
		two(t.Second)
		if t.Fraction != "" {
			b = append(b, '.')
			b = append(b, t.Fraction...)
		}
	}
	if t.UTC {
		b = append(b, 'Z')
	}
	return string(b)
}

// ParseTime parses a GEDCOM 7.0 Time payload: hh:mm[:ss[.fff]][Z], where
// the hour has one or two digits (0–23) and minutes and seconds two
// (00–59). 24:00 and leap seconds are not times.
func ParseTime(s string) (Time, error) {
	var t Time
	fail := func(col int, kind error, format string, args ...any) (Time, error) {
		return Time{}, &SyntaxError{What: "time", Input: s, Column: col, Err: errorf(kind, format, args...)}
	}
	i := 0
	digits := func(min, max int) (string, int) {
		start := i
		for i < len(s) && i-start < max && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i-start < min {
			return "", start
		}
		return s[start:i], start
	}
	h, col := digits(1, 2)
	if h == "" {
		return fail(col+1, ErrSyntax, "expected an hour")
	}
	t.Hour, _ = strconv.Atoi(h)
	if t.Hour > 23 {
		return fail(col+1, ErrRange, "hour %s out of range 0-23", h)
	}
	if i >= len(s) || s[i] != ':' {
		return fail(i+1, ErrSyntax, "expected : after the hour")
	}
	i++
	m, col := digits(2, 2)
	if m == "" {
		return fail(col+1, ErrSyntax, "expected two-digit minutes")
	}
	t.Minute, _ = strconv.Atoi(m)
	if t.Minute > 59 {
		return fail(col+1, ErrRange, "minute %s out of range 00-59", m)
	}
	if i < len(s) && s[i] == ':' {
		i++
		sec, col := digits(2, 2)
		if sec == "" {
			return fail(col+1, ErrSyntax, "expected two-digit seconds")
		}
		t.Second, _ = strconv.Atoi(sec)
		if t.Second > 59 {
			return fail(col+1, ErrRange, "second %s out of range 00-59", sec)
		}
		t.HasSeconds = true
		if i < len(s) && s[i] == '.' {
			i++
			f, col := digits(1, len(s))
			if f == "" {
				return fail(col+1, ErrSyntax, "expected digits after the decimal point")
			}
			t.Fraction = f
		}
	}
	if i < len(s) && s[i] == 'Z' {
		t.UTC = true
		i++
	}
	if i < len(s) {
		return fail(i+1, ErrSyntax, "unexpected %q after the time", s[i:])
	}
	return t, nil
}
