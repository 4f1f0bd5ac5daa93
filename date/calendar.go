package date

import "math"

// JDN is a Julian day number: the count of days since 1 January 4713 BCE in
// the proleptic Julian calendar. Day numbers are calendar-neutral, so they
// compare dates written in different calendars.
type JDN int

// MinJDN and MaxJDN stand for an open end of a range: the earliest day of
// "BEF 1850" is MinJDN and the latest day of "AFT 1850" is MaxJDN.
const (
	MinJDN JDN = math.MinInt32
	MaxJDN JDN = math.MaxInt32
)

// MaxYear is the largest year Parse accepts. It keeps every Julian day
// number well inside MinJDN … MaxJDN.
const MaxYear = 1_000_000

var (
	gregorianMonths = []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	hebrewMonths    = []string{"TSH", "CSH", "KSL", "TVT", "SHV", "ADR", "ADS", "NSN", "IYR", "SVN", "TMZ", "AAV", "ELL"}
	frenchMonths    = []string{"VEND", "BRUM", "FRIM", "NIVO", "PLUV", "VENT", "GERM", "FLOR", "PRAI", "MESS", "THER", "FRUC", "COMP"}
)

// months returns the month tags of c, in GEDCOM order.
func (c Calendar) months() []string {
	switch c {
	case Hebrew:
		return hebrewMonths
	case FrenchRepublican:
		return frenchMonths
	}
	return gregorianMonths
}

// MonthName returns the GEDCOM tag of month m (1-based) in c, or "" when c
// has no such month.
func (c Calendar) MonthName(m int) string {
	ms := c.months()
	if m < 1 || m > len(ms) {
		return ""
	}
	return ms[m-1]
}

// monthNumber returns the 1-based number of the month tag in c, or 0.
func (c Calendar) monthNumber(tag string) int {
	for i, m := range c.months() {
		if m == tag {
			return i + 1
		}
	}
	return 0
}

// hasEpoch reports whether c allows the BCE epoch.
func (c Calendar) hasEpoch() bool { return c == Gregorian || c == Julian }

// DaysInMonth returns the number of days of month m of year y in c (y is
// the year as written; bce marks a year before the common era). It returns
// 0 for a month c does not have. A Hebrew ADR (Adar I) in a common year is
// taken as the ADS it was meant to be, as the GEDCOM 7 calendar appendix
// suggests, and has 29 days.
func DaysInMonth(c Calendar, y, m int, bce bool) int {
	switch c {
	case Gregorian, Julian:
		if m < 1 || m > 12 {
			return 0
		}
		if m == 2 {
			if isLeap(c, astronomical(y, bce)) {
				return 29
			}
			return 28
		}
		return [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	case Hebrew:
		if m < 1 || m > 13 {
			return 0
		}
		l := hebrewMonthLengths(int64(y))
		if m == 6 && l[5] == 0 {
			return l[6]
		}
		return l[m-1]
	case FrenchRepublican:
		switch {
		case m >= 1 && m <= 12:
			return 30
		case m == 13 && frenchLeap(int64(y)):
			return 6
		case m == 13:
			return 5
		}
	}
	return 0
}

func astronomical(y int, bce bool) int64 {
	if bce {
		return int64(1 - y)
	}
	return int64(y)
}

func isLeap(c Calendar, a int64) bool {
	if c == Julian {
		return mod(a, 4) == 0
	}
	return mod(a, 4) == 0 && (mod(a, 100) != 0 || mod(a, 400) == 0)
}

// floorDiv and mod divide rounding towards minus infinity, so the calendar
// formulas hold for years BCE too.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int64) int64 { return a - b*floorDiv(a, b) }

// toJDN returns the day number of a complete day. It assumes d is in a
// standard calendar with a month and day.
func (d Day) toJDN() JDN {
	y, m, dd := int64(d.Year), int64(d.Month), int64(d.Day)
	switch d.Calendar {
	case Gregorian, Julian:
		a := astronomical(int(d.Year), d.BCE)
		k := floorDiv(14-m, 12)
		yy := a + 4800 - k
		mm := m + 12*k - 3
		j := dd + floorDiv(153*mm+2, 5) + 365*yy + floorDiv(yy, 4)
		if d.Calendar == Julian {
			return JDN(j - 32083)
		}
		return JDN(j - floorDiv(yy, 100) + floorDiv(yy, 400) - 32045)
	case Hebrew:
		j := hebrewNewYear(y)
		lengths := hebrewMonthLengths(y)
		if m == 6 && lengths[5] == 0 {
			m = 7 // ADR written for the Adar of a common year
		}
		for i := int64(0); i < m-1; i++ {
			j += int64(lengths[i])
		}
		return JDN(j + dd - 1)
	case FrenchRepublican:
		return JDN(frenchNewYear(y) + (m-1)*30 + dd - 1)
	}
	return 0
}

// FromJDN returns the day j in calendar c.
func FromJDN(c Calendar, j JDN) Day {
	n := int64(j)
	var y, m, d int64
	switch c {
	case Hebrew:
		y = floorDiv((n-hebrewEpoch)*98496, 35975351) + 1
		for hebrewNewYear(y+1) <= n {
			y++
		}
		for hebrewNewYear(y) > n {
			y--
		}
		d = n - hebrewNewYear(y)
		lengths := hebrewMonthLengths(y)
		m = 1
		for d >= int64(lengths[m-1]) {
			d -= int64(lengths[m-1])
			m++
		}
		d++
	case FrenchRepublican:
		y = floorDiv((n-frenchEpoch)*4, 1461)
		for frenchNewYear(y+1) <= n {
			y++
		}
		for frenchNewYear(y) > n {
			y--
		}
		doy := n - frenchNewYear(y)
		m, d = doy/30+1, doy%30+1
	case Julian:
		c := n + 32082
		dd := floorDiv(4*c+3, 1461)
		e := c - floorDiv(1461*dd, 4)
		mm := floorDiv(5*e+2, 153)
		d = e - floorDiv(153*mm+2, 5) + 1
		m = mm + 3 - 12*floorDiv(mm, 10)
		y = dd - 4800 + floorDiv(mm, 10)
	default:
		c = Gregorian
		a := n + 32044
		b := floorDiv(4*a+3, 146097)
		cc := a - floorDiv(146097*b, 4)
		dd := floorDiv(4*cc+3, 1461)
		e := cc - floorDiv(1461*dd, 4)
		mm := floorDiv(5*e+2, 153)
		d = e - floorDiv(153*mm+2, 5) + 1
		m = mm + 3 - 12*floorDiv(mm, 10)
		y = 100*b + dd - 4800 + floorDiv(mm, 10)
	}
	day := Day{Calendar: c, Year: int32(y), Month: uint8(m), Day: uint8(d)}
	if c.hasEpoch() && y <= 0 {
		day.Year, day.BCE = int32(1-y), true
	}
	return day
}

// span returns the first and last day numbers d may stand for: the whole
// year when only the year is known, the whole month when the day is not.
// A dual year counts as its later, Gregorian-consistent year
// (see NewStyleYear). ok is false for a zero Day and for extension
// calendars, months and epochs.
func (d Day) span() (first, last JDN, ok bool) {
	if d.Year == 0 || d.hasExt() {
		return 0, 0, false
	}
	y, bce := d.NewStyleYear()
	d.Year, d.BCE = int32(y), bce
	switch {
	case d.Month == 0:
		f := d
		f.Month, f.Day = 1, 1
		l := d
		l.Month = uint8(len(d.Calendar.months()))
		if d.Calendar == Hebrew {
			l.Month = 13
		}
		l.Day = uint8(DaysInMonth(d.Calendar, int(d.Year), int(l.Month), d.BCE))
		return f.toJDN(), l.toJDN(), true
	case d.Day == 0:
		f := d
		f.Day = 1
		l := d
		l.Day = uint8(DaysInMonth(d.Calendar, int(d.Year), int(d.Month), d.BCE))
		if l.Day == 0 {
			l.Day = 1
		}
		return f.toJDN(), l.toJDN(), true
	}
	j := d.toJDN()
	return j, j, true
}

// Span returns the first and last day numbers d may stand for ("1850" spans
// the whole year, "JAN 1850" the whole month). ok is false when d has no
// year or uses an extension calendar, month or epoch.
func (d Day) Span() (first, last JDN, ok bool) { return d.span() }

// Dual dates (Old Style/New Style years such as "1750/51") were written
// while the Julian and Gregorian calendars, and their different new-year
// days, coexisted: from the Gregorian reform (1582) to the end of the
// century in which the last Protestant countries changed (Britain 1752,
// Sweden 1753). The two years of a true dual date differ by one.
// NewStyleYear therefore reads the digits after the slash as the year meant
// only for years from DualYearFirst to DualYearLast, and only when that
// year lies within DualYearMaxGap years of the first; otherwise the slash
// is taken as a note and the written year counts.
//
// The bounds were chosen to reproduce both sets of GEDCOM 7 reference
// conversions in gedcom7code/test-files, which were made by converters with
// different dual-year rules: "JAN 1701/03" → "JAN 1703" and "JAN 1751/43" →
// "JAN 1743", but "NOV 1401/8" → "NOV 1401", "FROM 1689/15" → "FROM 1689"
// and "TO 1875/68" → "TO 1875".
const (
	DualYearFirst  = 1582
	DualYearLast   = 1800
	DualYearMaxGap = 9
)

// NewStyleYear returns the year d counts as: DualYear for a plausible dual
// year (see DualYearFirst), and Year otherwise. For "30 JAN 1648/49" it
// returns 1649, the year GEDCOM 7 writes.
func (d Day) NewStyleYear() (year int, bce bool) {
	if d.DualYear != 0 && !d.BCE && d.Year >= DualYearFirst && d.Year <= DualYearLast &&
		abs(int(d.DualYear)-int(d.Year)) <= DualYearMaxGap {
		return int(d.DualYear), false
	}
	return int(d.Year), d.BCE
}

// Hebrew calendar arithmetic after Dershowitz and Reingold, "Calendrical
// Calculations": molad-based elapsed days with the four postponement rules.

// hebrewEpoch is the day number of 1 Tishrei AM 1 (Julian 7 October 3761
// BCE).
const hebrewEpoch = 347998

func hebrewLeap(y int64) bool { return mod(7*y+1, 19) < 7 }

func hebrewElapsedDays(y int64) int64 {
	months := floorDiv(235*y-234, 19)
	parts := 12084 + 13753*months
	days := 29*months + floorDiv(parts, 25920)
	if mod(3*(days+1), 7) < 3 {
		days++
	}
	return days
}

func hebrewNewYear(y int64) int64 {
	ny0, ny1, ny2 := hebrewElapsedDays(y-1), hebrewElapsedDays(y), hebrewElapsedDays(y+1)
	var correction int64
	switch {
	case ny2-ny1 == 356:
		correction = 2
	case ny1-ny0 == 382:
		correction = 1
	}
	return hebrewEpoch + ny1 + correction
}

// hebrewMonthLengths returns the lengths of TSH … ELL in year y; ADR has 0
// days in a common year.
func hebrewMonthLengths(y int64) [13]int {
	n := hebrewNewYear(y+1) - hebrewNewYear(y)
	l := [13]int{30, 29, 30, 29, 30, 30, 29, 30, 29, 30, 29, 30, 29}
	if n%10 == 5 { // complete year: 355 or 385 days
		l[1] = 30
	}
	if n%10 == 3 { // deficient year: 353 or 383 days
		l[2] = 29
	}
	if !hebrewLeap(y) {
		l[5] = 0
	}
	return l
}

// French Republican calendar: twelve months of 30 days and the
// complementary days (COMP), 6 of them in the years 3, 7, 11, … as in the
// historical leap years; the four-year rule is extended proleptically
// beyond the calendar's use (years 1–14). 1 VEND y is day
// floor(1461y/4) + frenchEpoch, so 1 VEND 1 is 22 September 1792.
const frenchEpoch = 2375475

func frenchNewYear(y int64) int64 { return floorDiv(y*1461, 4) + frenchEpoch }

func frenchLeap(y int64) bool { return mod(y, 4) == 3 }
