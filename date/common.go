package date

// ParseCommon reads, without the general parser, the forms most dates in
// real files take: "1850", "MAR 1850", "12 MAR 1850", each optionally after
// ABT, CAL, EST, BEF or AFT, in the Gregorian calendar, upper case and
// single-spaced. It returns what Parse would (FuzzParseCommon compares
// them) and ok true; ok is false for every other form and for a day the
// month does not have, and then the caller falls back to Parse. Streaming
// readers (statistics, validation) use it to keep dates cheap.
func ParseCommon(s string) (d Date, ok bool) {
	if len(s) > 4 && s[3] == ' ' {
		switch s[:3] {
		case "ABT":
			d.Modifier = About
		case "CAL":
			d.Modifier = Calculated
		case "EST":
			d.Modifier = Estimated
		case "BEF":
			d.Modifier = Before
		case "AFT":
			d.Modifier = After
		}
		if d.Modifier != None {
			s = s[4:]
		}
	}
	day := &d.Start
	if n := leadingDigits(s); n > 0 && n <= 2 && n < len(s) && s[n] == ' ' && s[0] != '0' {
		day.Day = uint8(atoiASCII(s[:n]))
		s = s[n+1:]
	}
	if len(s) > 4 && s[3] == ' ' {
		day.Month = uint8(gregorianMonth(s[:3]))
		if day.Month == 0 {
			return Date{}, false
		}
		s = s[4:]
	} else if day.Day > 0 {
		return Date{}, false
	}
	if n := leadingDigits(s); n != len(s) || n < 3 || n > 4 || s[0] == '0' {
		return Date{}, false
	}
	day.Year = int32(atoiASCII(s))
	if int(day.Day) > DaysInMonth(Gregorian, int(day.Year), int(day.Month), false) {
		return Date{}, false
	}
	return d, true
}

// leadingDigits returns the number of ASCII digits s starts with.
func leadingDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func atoiASCII(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// gregorianMonth returns the number of a Gregorian month tag, or 0.
func gregorianMonth(m string) int {
	switch m {
	case "JAN":
		return 1
	case "FEB":
		return 2
	case "MAR":
		return 3
	case "APR":
		return 4
	case "MAY":
		return 5
	case "JUN":
		return 6
	case "JUL":
		return 7
	case "AUG":
		return 8
	case "SEP":
		return 9
	case "OCT":
		return 10
	case "NOV":
		return 11
	case "DEC":
		return 12
	}
	return 0
}
