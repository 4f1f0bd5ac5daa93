package date

import (
	"errors"
	"strings"
)

// String returns d as a canonical GEDCOM 7.0 DateValue payload: upper case,
// single spaces, "BCE", a calendar keyword only for days not in the
// Gregorian calendar, and no phrase. As the GEDCOM 7 calendar appendix
// recommends, when one day of a range or period is not Gregorian the other
// is written with GREGORIAN ("FROM GREGORIAN 1670 TO JULIAN 1800"). A dual
// year is written as its NewStyleYear. A date that is only a phrase gives
// "".
//
// For every date Parse returns without a phrase or dual year,
// Parse(d.String()) returns d again.
func (d Date) String() string {
	if d.Modifier == PhraseOnly || d.empty() {
		return ""
	}
	var b strings.Builder
	mixed := d.mixedCalendars()
	if kw := d.Modifier.keyword(); kw != "" {
		b.WriteString(kw)
		b.WriteByte(' ')
	}
	writeDay7(&b, d.Start, mixed)
	switch d.Modifier {
	case Between:
		b.WriteString(" AND ")
		writeDay7(&b, d.End, mixed)
	case FromTo:
		b.WriteString(" TO ")
		writeDay7(&b, d.End, mixed)
	}
	return b.String()
}

// empty reports whether d has no date part: it is zero or holds only
// a phrase.
func (d Date) empty() bool {
	return d.Modifier == PhraseOnly || d.Start.IsZero() && d.End.IsZero()
}

// mixedCalendars reports whether d has two days and one of them is not
// Gregorian.
func (d Date) mixedCalendars() bool {
	if d.Modifier != Between && d.Modifier != FromTo {
		return false
	}
	nonGreg := func(x Day) bool { return x.ExtCalendar() != "" || x.Calendar != Gregorian }
	return nonGreg(d.Start) || nonGreg(d.End)
}

func writeDay7(b *strings.Builder, d Day, forceCalendar bool) {
	month := d.ExtMonth()
	if month == "" {
		month = d.Calendar.MonthName(int(d.Month))
	}
	switch {
	case d.ExtCalendar() != "":
		b.WriteString(d.ExtCalendar())
		b.WriteByte(' ')
	case d.Calendar != Gregorian || forceCalendar || (d.ExtMonth() != "" && d.Day == 0):
		// A leading extension month would read as a calendar, so it
		// gets an explicit GREGORIAN.
		b.WriteString(d.Calendar.String())
		b.WriteByte(' ')
	}
	if month != "" {
		if d.Day != 0 {
			b.WriteString(itoa(int(d.Day)))
			b.WriteByte(' ')
		}
		b.WriteString(month)
		b.WriteByte(' ')
	}
	y, bce := d.NewStyleYear()
	b.WriteString(itoa(y))
	switch {
	case bce:
		b.WriteString(" BCE")
	case d.ExtEpoch() != "":
		b.WriteByte(' ')
		b.WriteString(d.ExtEpoch())
	}
}

// V551 returns d as a GEDCOM 5.5.1 DATE_VALUE payload: calendar escapes
// such as @#DJULIAN@, "B.C.", dual years ("1750/51"), "INT date (phrase)"
// for a plain date with a phrase, and "(phrase)" for a date that is only a
// phrase. A phrase on a date with a modifier has no place in 5.5.1 and is
// left out. Dates 5.5.1 cannot express (extension calendars other than
// _ROMAN and _UNKNOWN, extension months and epochs) are written as a
// phrase holding their GEDCOM 7 form.
func (d Date) V551() string {
	if d.Modifier == PhraseOnly {
		if d.Phrase == "" {
			return ""
		}
		return "(" + d.Phrase + ")"
	}
	if d.empty() {
		if d.Phrase != "" {
			return "(" + d.Phrase + ")"
		}
		return ""
	}
	if !v551able(d.Start) || (d.Modifier == Between || d.Modifier == FromTo) && !v551able(d.End) {
		text := d.String()
		if d.Phrase != "" {
			text += " " + d.Phrase
		}
		return "(" + text + ")"
	}
	var b strings.Builder
	mixed := d.mixedCalendars()
	interpreted := d.Modifier == None && (d.Interpreted || d.Phrase != "")
	if interpreted {
		b.WriteString("INT ")
	} else if kw := d.Modifier.keyword(); kw != "" {
		b.WriteString(kw)
		b.WriteByte(' ')
	}
	writeDay551(&b, d.Start, mixed)
	switch d.Modifier {
	case Between:
		b.WriteString(" AND ")
		writeDay551(&b, d.End, mixed)
	case FromTo:
		b.WriteString(" TO ")
		writeDay551(&b, d.End, mixed)
	}
	if interpreted {
		b.WriteString(" (")
		b.WriteString(d.Phrase)
		b.WriteByte(')')
	}
	return b.String()
}

func v551able(d Day) bool {
	return d.ExtMonth() == "" && d.ExtEpoch() == "" &&
		(d.ExtCalendar() == "" || d.ExtCalendar() == "_ROMAN" || d.ExtCalendar() == "_UNKNOWN")
}

func writeDay551(b *strings.Builder, d Day, forceCalendar bool) {
	switch {
	case d.ExtCalendar() != "":
		b.WriteString("@#D" + d.ExtCalendar()[1:] + "@ ")
	case d.Calendar != Gregorian || forceCalendar:
		b.WriteString(d.Calendar.escape())
		b.WriteByte(' ')
	}
	if month := d.Calendar.MonthName(int(d.Month)); month != "" && d.ExtCalendar() == "" {
		if d.Day != 0 {
			b.WriteString(itoa(int(d.Day)))
			b.WriteByte(' ')
		}
		b.WriteString(month)
		b.WriteByte(' ')
	}
	b.WriteString(itoa(int(d.Year)))
	if d.DualYear != 0 {
		b.WriteByte('/')
		if diff := d.DualYear - d.Year; diff > -100 && diff < 100 && d.DualYear >= 10 {
			s := itoa(int(d.DualYear % 100))
			if len(s) == 1 {
				s = "0" + s
			}
			b.WriteString(s)
		} else {
			b.WriteString(itoa(int(d.DualYear)))
		}
	}
	if d.BCE {
		b.WriteString(" B.C.")
	}
}

// ToV551 converts a GEDCOM 7.0 DATE payload and the text of its PHRASE
// substructure (or "") to a GEDCOM 5.5.1 DATE payload. A plain date with a
// phrase becomes "INT date (phrase)"; a phrase alone, or with a payload
// that does not parse, becomes "(phrase)"; a phrase on a range or period
// has no place in 5.5.1 and is dropped, so callers that must not lose it
// keep it in a NOTE.
func ToV551(payload7, phrase string) string {
	d, err := Parse(payload7)
	if err != nil && !errors.Is(err, ErrRange) {
		text := phrase
		if text == "" {
			text = strings.TrimSpace(payload7)
		}
		if text == "" {
			return ""
		}
		return "(" + text + ")"
	}
	d.Phrase = phrase
	return d.V551()
}
