package date

import (
	"strconv"
	"strings"
)

// AgeBound says whether an age is exact or a bound.
type AgeBound int

// Age bounds: GEDCOM 7 writes "< 8y" and "> 99y".
const (
	AgeExact   AgeBound = iota
	AgeLess             // <: the real age was less
	AgeGreater          // >: the real age was greater
)

// Age is a GEDCOM age: counts of years, months, weeks and days, each
// present or not, and an optional bound. Odd ages such as "1y 400d" are
// kept as written. The zero Age is empty.
type Age struct {
	Bound                                  AgeBound
	Years, Months, Weeks, Days             int
	HasYears, HasMonths, HasWeeks, HasDays bool
	// Word is the GEDCOM 5.5.1 keyword the age was written as, as written:
	// CHILD (an age below 8 years), INFANT (below 1 year) or STILLBORN
	// (0 years). GEDCOM 7 keeps it in a PHRASE.
	Word string
}

// IsZero reports whether a holds no age.
func (a Age) IsZero() bool { return a == Age{} }

// String returns a as a GEDCOM 7.0 Age payload, such as "> 1y 2m 3w 4d"
// or "< 8y".
func (a Age) String() string {
	var parts []string
	add := func(has bool, n int, unit string) {
		if has {
			parts = append(parts, itoa(n)+unit)
		}
	}
	add(a.HasYears, a.Years, "y")
	add(a.HasMonths, a.Months, "m")
	add(a.HasWeeks, a.Weeks, "w")
	add(a.HasDays, a.Days, "d")
	if len(parts) == 0 {
		return ""
	}
	s := strings.Join(parts, " ")
	switch a.Bound {
	case AgeLess:
		return "< " + s
	case AgeGreater:
		return "> " + s
	}
	return s
}

func ageError(s string, col int, format string, args ...any) error {
	return &SyntaxError{What: "age", Input: s, Column: col, Err: errorf(ErrSyntax, format, args...)}
}

// ParseAgeV7 parses a GEDCOM 7.0 Age payload exactly: an optional "<" or
// ">" and a space, then years, months, weeks and days in that order, each
// a number and its lower-case unit, separated by single spaces ("> 1y 2m",
// "0y", "3w 6d"). The empty payload is the zero Age.
func ParseAgeV7(s string) (Age, error) {
	var a Age
	if s == "" {
		return a, nil
	}
	i := 0
	if s[0] == '<' || s[0] == '>' {
		a.Bound = AgeLess
		if s[0] == '>' {
			a.Bound = AgeGreater
		}
		if len(s) < 2 || s[1] != ' ' {
			return Age{}, ageError(s, 2, "expected one space after %c", s[0])
		}
		i = 2
	}
	last := -1
	for {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			if i < len(s) {
				return Age{}, ageError(s, i+1, "expected a number, found %q", s[i:i+1])
			}
			return Age{}, ageError(s, i+1, "expected a number")
		}
		if i == len(s) {
			return Age{}, ageError(s, i+1, "number %s lacks its unit y, m, w or d", s[start:i])
		}
		unit := strings.IndexByte("ymwd", s[i])
		if unit < 0 {
			return Age{}, ageError(s, i+1, "unknown unit %q: expected y, m, w or d", s[i:i+1])
		}
		if unit <= last {
			return Age{}, ageError(s, start+1, "%s comes after %c: units go y, m, w, d, once each", s[start:i+1], "ymwd"[last])
		}
		if err := a.set(unit, s[start:i]); err != nil {
			return Age{}, ageError(s, start+1, "%v", err)
		}
		last = unit
		i++
		if i == len(s) {
			return a, nil
		}
		if s[i] != ' ' || i+1 == len(s) || s[i+1] == ' ' {
			return Age{}, ageError(s, i+1, "expected one space between parts")
		}
		i++
	}
}

func (a *Age) set(unit int, digits string) error {
	n, err := strconv.Atoi(digits)
	if err != nil || n > 1_000_000 {
		return errorf(ErrRange, "number %s out of range", digits)
	}
	switch unit {
	case 0:
		a.Years, a.HasYears = n, true
	case 1:
		a.Months, a.HasMonths = n, true
	case 2:
		a.Weeks, a.HasWeeks = n, true
	case 3:
		a.Days, a.HasDays = n, true
	}
	return nil
}

func (a *Age) has(unit int) bool {
	return [...]bool{a.HasYears, a.HasMonths, a.HasWeeks, a.HasDays}[unit]
}

// ParseAge parses an age leniently: GEDCOM 7.0 ages, and the 5.5.1 forms
// with any letter case and spacing, units in any order, and a bare number
// meaning years ("<8", "11m99y", "0 Y"). The 5.5.1 words CHILD, INFANT and
// STILLBORN give "< 8y", "< 1y" and "0y" with Word set.
func ParseAge(s string) (Age, error) {
	t := strings.TrimSpace(s)
	switch strings.ToUpper(t) {
	case "":
		return Age{}, nil
	case "CHILD":
		return Age{Bound: AgeLess, Years: 8, HasYears: true, Word: t}, nil
	case "INFANT":
		return Age{Bound: AgeLess, Years: 1, HasYears: true, Word: t}, nil
	case "STILLBORN":
		return Age{HasYears: true, Word: t}, nil
	}
	var a Age
	i := strings.Index(s, t) // columns count in s
	end := i + len(t)
	skip := func() {
		for i < end && isSpace(s[i]) {
			i++
		}
	}
	if s[i] == '<' || s[i] == '>' {
		a.Bound = AgeLess
		if s[i] == '>' {
			a.Bound = AgeGreater
		}
		i++
		skip()
	}
	if i == end {
		return Age{}, ageError(s, i+1, "expected a number")
	}
	for i < end {
		start := i
		for i < end && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return Age{}, ageError(s, i+1, "expected a number, found %q", s[i:i+1])
		}
		digits := s[start:i]
		skip()
		unit := 0 // a bare number counts years
		if i < end {
			if u := strings.IndexByte("ymwd", s[i]|0x20); u >= 0 && (s[i] < '0' || s[i] > '9') {
				unit = u
				i++
			} else if s[i] < '0' || s[i] > '9' {
				return Age{}, ageError(s, i+1, "unknown unit %q: expected y, m, w or d", s[i:i+1])
			}
		}
		if a.has(unit) {
			return Age{}, ageError(s, start+1, "%c given twice", "ymwd"[unit])
		}
		if err := a.set(unit, digits); err != nil {
			return Age{}, ageError(s, start+1, "%v", err)
		}
		skip()
	}
	return a, nil
}

// AgeToV7 converts a GEDCOM 5.5.1 AGE payload to a GEDCOM 7.0 Age payload
// and the text for a PHRASE substructure, as the reference conversions of
// gedcom7code/test-files do: "CHILD" becomes "< 8y" with the phrase
// "CHILD", "11m99y" becomes "99y 11m", and a payload that does not parse
// becomes "" with the original text as the phrase.
func AgeToV7(s551 string) (payload, phrase string) {
	a, err := ParseAge(s551)
	if err != nil {
		return "", strings.TrimSpace(s551)
	}
	return a.String(), a.Word
}
