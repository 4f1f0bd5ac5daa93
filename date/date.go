// Package date implements genealogical dates: the GEDCOM 7 DateValue grammar
// and the GEDCOM 5.5.1 forms, in the Gregorian, Julian, Hebrew and French
// Republican calendars.
//
// A Date is what a genealogist writes: "ABT 1850", "BET 1 JAN 1900 AND 1901",
// "FROM 1993 TO 2002", "@#DJULIAN@ 11 FEB 1731/32", "INT 1900 (about 1900)".
// Every Date converts to an earliest/latest range of Julian day numbers, so
// dates written in different calendars compare and sort.
//
// The package plays the role for kin that package time plays for other
// programs: it imports only the standard library.
package date

// Calendar is the calendar a date is written in.
type Calendar int

// The calendars GEDCOM defines. Gregorian is the zero value.
const (
	Gregorian Calendar = iota
	Julian
	Hebrew
	FrenchRepublican
)

// Modifier says how a date's parts relate to the event: exact, approximate,
// a bound, a range or a period.
type Modifier int

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

// Day is one point of a date in its calendar. Zero Month or Day means that
// part is unknown ("1850", "JAN 1850").
type Day struct {
	Year  int // astronomical years are not used: with BCE set, Year 1 is 1 BCE
	Month int // 1-based; for Hebrew 1=TSH … 13=ELL; French Republican 13=COMP
	Day   int
	BCE   bool
	// DualYear is the second year of a 5.5.1 dual date ("1750/51" has Year
	// 1750 and DualYear 1751); zero when absent.
	DualYear int
}

// Date is a genealogical date value. The zero Date is empty (no date known).
type Date struct {
	Calendar Calendar
	Modifier Modifier
	Start    Day // the date, or the first bound of a range or period
	End      Day // the second bound of Between and FromTo
	// Phrase is free text: the 7.0 PHRASE substructure, the text of a 5.5.1
	// INT date, or a whole date that is only a phrase.
	Phrase string
	// Interpreted marks a 5.5.1 "INT date (phrase)".
	Interpreted bool
}

// IsZero reports whether d holds no date at all.
func (d Date) IsZero() bool { return d == Date{} }
