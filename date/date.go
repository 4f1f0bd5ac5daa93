// Package date implements genealogical dates: the GEDCOM 7 DateValue grammar
// and the GEDCOM 5.5.1 forms, in the Gregorian, Julian, Hebrew and French
// Republican calendars.
//
// A Date is what a genealogist writes: "ABT 1850", "BET 1 JAN 1900 AND 1901",
// "FROM 1993 TO 2002", "@#DJULIAN@ 11 FEB 1731/32", "INT 1900 (about 1900)".
// It holds a Modifier and one or two Days; every Day carries its own
// calendar, because GEDCOM applies a calendar keyword to the date that
// follows it only ("FROM JULIAN 1670 TO 1800" starts in the Julian calendar
// and ends in the Gregorian one).
//
// Parsing comes in four strengths:
//
//   - Parse is lenient: GEDCOM 7.0 and 5.5.1 forms, any letter case, extra
//     spaces, 5.5.1 calendar escapes, dual years, "B.C.", INT and phrases.
//   - ParseV7, ParseV7Period and ParseV7Exact accept exactly the GEDCOM 7
//     DateValue, DatePeriod and DateExact grammars; a validator uses them.
//   - ParseV551 accepts exactly the GEDCOM 5.5.1 DATE_VALUE grammar.
//
// String gives the canonical GEDCOM 7 payload and V551 the 5.5.1 payload.
// ToV7 and ToV551 migrate a payload between the two versions, moving the
// parts GEDCOM 7 cannot hold into a PHRASE, as the GEDCOM 7 migration rules
// say.
//
// Every Date converts to an earliest/latest range of Julian day numbers
// (Range), and to a sort key (Key), so dates written in different calendars
// compare and sort:
//
//	d, _ := date.Parse("BET @#DJULIAN@ 1 JAN 1700 AND 1701")
//	first, last := d.Range() // 11 JAN 1700 (Gregorian) … 31 DEC 1701
//
// Errors are *SyntaxError values that give the column of the problem and
// wrap one of the sentinel errors (ErrSyntax, ErrRange, ErrMonth, ErrEpoch,
// ErrCalendar), so callers can tell a misspelt date from an impossible one.
//
// The package plays the role for kin that package time plays for other
// programs: it imports only the standard library.
package date

import (
	"encoding/json"
	"fmt"
	"time"
	"unique"
)

// Calendar is a calendar GEDCOM defines. A Day in an extension calendar
// ("_UNKNOWN") keeps the calendar's tag in Day.Ext().Calendar instead.
type Calendar uint8

// The calendars GEDCOM defines. Gregorian is the zero value.
const (
	Gregorian Calendar = iota
	Julian
	Hebrew
	FrenchRepublican
)

// String returns the GEDCOM 7 keyword of c: GREGORIAN, JULIAN, HEBREW or
// FRENCH_R.
func (c Calendar) String() string {
	switch c {
	case Gregorian:
		return "GREGORIAN"
	case Julian:
		return "JULIAN"
	case Hebrew:
		return "HEBREW"
	case FrenchRepublican:
		return "FRENCH_R"
	}
	return "Calendar(" + itoa(int(c)) + ")"
}

// escape returns the GEDCOM 5.5.1 calendar escape of c.
func (c Calendar) escape() string {
	switch c {
	case Julian:
		return "@#DJULIAN@"
	case Hebrew:
		return "@#DHEBREW@"
	case FrenchRepublican:
		return "@#DFRENCH R@"
	}
	return "@#DGREGORIAN@"
}

// Modifier says how a date's parts relate to the event: exact, approximate,
// a bound, a range or a period.
type Modifier uint8

// Modifiers. None is an exact (possibly partial) date.
const (
	None       Modifier = iota
	About               // ABT
	Calculated          // CAL
	Estimated           // EST
	Before              // BEF
	After               // AFT
	Between             // BET Start AND End
	From                // FROM Start (period still going on, or end unknown)
	To                  // TO Start (period ending then)
	FromTo              // FROM Start TO End
	PhraseOnly          // no parsable date, only a phrase
)

// keyword returns the GEDCOM keyword that opens a date with modifier m, or
// "" for None and PhraseOnly.
func (m Modifier) keyword() string {
	switch m {
	case About:
		return "ABT"
	case Calculated:
		return "CAL"
	case Estimated:
		return "EST"
	case Before:
		return "BEF"
	case After:
		return "AFT"
	case Between:
		return "BET"
	case From, FromTo:
		return "FROM"
	case To:
		return "TO"
	}
	return ""
}

// String returns the GEDCOM keyword of m ("ABT", "BET", …), "" for None and
// "PHRASE" for PhraseOnly.
func (m Modifier) String() string {
	if m == PhraseOnly {
		return "PHRASE"
	}
	return m.keyword()
}

// Day is one point of a date in its calendar. Zero Month or Day means that
// part is unknown ("1850", "JAN 1850").
type Day struct {
	Year int32 // with BCE set, Year 1 is 1 BCE (there is no year 0)
	// DualYear is the second year of a 5.5.1 dual date ("1750/51" has Year
	// 1750 and DualYear 1751); zero when absent. The digits after the slash
	// name the year nearest to Year that ends in them, so "1701/699" has
	// DualYear 1699.
	DualYear int32
	Month    uint8 // 1-based; for Hebrew 1=TSH … 13=ELL; French Republican 13=COMP
	Day      uint8
	// Calendar is the calendar the day is written in. It is ignored when
	// the extension calendar (Ext().Calendar) is set.
	Calendar Calendar
	BCE      bool
	// ext holds the rarely used extension parts, canonicalized so that Days
	// stay comparable with == and small; the zero Handle means none.
	ext unique.Handle[Ext]
}

// Ext holds the extension parts of a Day. Days in extension calendars
// have no Julian day number.
type Ext struct {
	// Calendar is the tag of an extension calendar such as "_UNKNOWN"
	// (5.5.1 @#DUNKNOWN@ and @#DROMAN@ become "_UNKNOWN" and "_ROMAN").
	Calendar string
	// Month is the month as written when it is not a month of a standard
	// calendar: an extension month ("_MONTH"), or any month of an extension
	// calendar. Day.Month is zero then.
	Month string
	// Epoch is an extension epoch tag written after the year; BCE is kept
	// in Day.BCE.
	Epoch string
}

// Ext returns the extension calendar, month and epoch of d; all are empty
// for a day in a standard calendar.
func (d Day) Ext() Ext {
	if d.ext == (unique.Handle[Ext]{}) {
		return Ext{}
	}
	return d.ext.Value()
}

// SetExt sets the extension calendar, month and epoch of d.
func (d *Day) SetExt(e Ext) {
	if e == (Ext{}) {
		d.ext = unique.Handle[Ext]{}
		return
	}
	d.ext = unique.Make(e)
}

// WithExt returns d with its extension parts set to e.
func (d Day) WithExt(e Ext) Day {
	d.SetExt(e)
	return d
}

// ExtCalendar returns the tag of d's extension calendar, or "".
func (d Day) ExtCalendar() string { return d.Ext().Calendar }

// ExtMonth returns d's extension month as written, or "".
func (d Day) ExtMonth() string { return d.Ext().Month }

// ExtEpoch returns d's extension epoch tag, or "".
func (d Day) ExtEpoch() string { return d.Ext().Epoch }

// IsZero reports whether d holds no day at all.
func (d Day) IsZero() bool { return d == Day{} }

// Date is a genealogical date value. The zero Date is empty (no date known).
type Date struct {
	Start Day // the date, or the first bound of a range or period
	End   Day // the second bound of Between and FromTo
	// Phrase is free text: the 7.0 PHRASE substructure, the text of a 5.5.1
	// INT date, or a whole date that is only a phrase.
	Phrase   string
	Modifier Modifier
	// Interpreted marks a 5.5.1 "INT date (phrase)".
	Interpreted bool
}

// IsZero reports whether d holds no date at all.
func (d Date) IsZero() bool { return d == Date{} }

// HasExtension reports whether d uses an extension calendar, month or
// epoch. Such a date is valid GEDCOM 7 but has no Julian day number, so its
// Range is open; a validator may want to warn about it.
func (d Date) HasExtension() bool {
	return d.Start.hasExt() || d.End.hasExt()
}

func (d Day) hasExt() bool {
	return d.ext != (unique.Handle[Ext]{})
}

// Year returns a Gregorian date in year y: Year(1850) is "1850". A negative
// y is a year BCE: Year(-44) is "44 BCE". Year(0) is the zero Date.
func Year(y int) Date {
	if y == 0 {
		return Date{}
	}
	return Date{Start: gregDay(y, 0, 0)}
}

// YMD returns the Gregorian date y-m-d; m or d may be zero when unknown, and
// a negative y is a year BCE. YMD does not check that the day exists; use
// Parse on its String for that.
func YMD(y, m, d int) Date {
	if y == 0 {
		return Date{}
	}
	if m == 0 {
		d = 0
	}
	return Date{Start: gregDay(y, m, d)}
}

// BetweenYears returns "BET a AND b" in the Gregorian calendar; when a equals
// b it returns Year(a).
func BetweenYears(a, b int) Date {
	if a == b {
		return Year(a)
	}
	if a == 0 || b == 0 {
		return Year(a + b)
	}
	return Date{Modifier: Between, Start: gregDay(a, 0, 0), End: gregDay(b, 0, 0)}
}

// FromTime returns the Gregorian day of t in t's location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return YMD(y, int(m), d)
}

func gregDay(y, m, d int) Day {
	if y < 0 {
		return Day{Year: int32(-y), Month: uint8(m), Day: uint8(d), BCE: true}
	}
	return Day{Year: int32(y), Month: uint8(m), Day: uint8(d)}
}

// Year returns the best single Gregorian year for d: the year of the middle
// of its range for BET and FROM…TO, otherwise the year of the middle of its
// first day, month or year. Years BCE are negative (1 BCE is -1). Year
// returns 0 when d has no date or is in an extension calendar.
func (d Date) Year() int {
	if d.Modifier == PhraseOnly || d.Start.Year == 0 {
		return 0
	}
	first, last, ok := d.Start.span()
	if !ok {
		return 0
	}
	if d.Modifier == Between || d.Modifier == FromTo {
		_, l, ok := d.End.span()
		if !ok {
			return 0
		}
		last = l
	}
	mid := first + (last-first)/2
	g := FromJDN(Gregorian, mid)
	if g.BCE {
		return -int(g.Year)
	}
	return int(g.Year)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	var b [24]byte
	i := len(b)
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	for u > 0 {
		i--
		b[i] = byte('0' + u%10)
		u /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// dayJSON is the JSON form of a Day: its fields, the extension parts under
// their own names, each left out when zero.
type dayJSON struct {
	Calendar    Calendar `json:",omitempty"`
	Year        int32    `json:",omitempty"`
	Month       uint8    `json:",omitempty"`
	Day         uint8    `json:",omitempty"`
	BCE         bool     `json:",omitempty"`
	DualYear    int32    `json:",omitempty"`
	ExtCalendar string   `json:",omitempty"`
	ExtMonth    string   `json:",omitempty"`
	ExtEpoch    string   `json:",omitempty"`
}

// MarshalJSON encodes d as an object of its non-zero parts, the extension
// parts as ExtCalendar, ExtMonth and ExtEpoch.
func (d Day) MarshalJSON() ([]byte, error) {
	e := d.Ext()
	return json.Marshal(dayJSON{
		Calendar: d.Calendar, Year: d.Year, Month: d.Month, Day: d.Day, BCE: d.BCE, DualYear: d.DualYear,
		ExtCalendar: e.Calendar, ExtMonth: e.Month, ExtEpoch: e.Epoch,
	})
}

// UnmarshalJSON decodes what MarshalJSON encodes.
func (d *Day) UnmarshalJSON(b []byte) error {
	var j dayJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("date.Day: %w", err)
	}
	*d = Day{Calendar: j.Calendar, Year: j.Year, Month: j.Month, Day: j.Day, BCE: j.BCE, DualYear: j.DualYear}
	d.SetExt(Ext{Calendar: j.ExtCalendar, Month: j.ExtMonth, Epoch: j.ExtEpoch})
	return nil
}
