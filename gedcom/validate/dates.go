package validate

import (
	"errors"
	"strings"

	"kin/date"
)

// dateLike checks a date, time or age payload with package date.
func (v *Validator) dateLike(line int, p payload, s string) {
	if simpleDate(p, s) {
		return
	}
	k := dateKey{p, s}
	if _, ok := v.dates[k]; ok {
		return
	}
	err := checkDate(p, s)
	if err == nil {
		if v.dates == nil || len(v.dates) >= maxDateCache {
			v.dates = make(map[dateKey]struct{})
		}
		k.s = strings.Clone(s)
		v.dates[k] = struct{}{}
		return
	}
	what := map[payload]string{
		payloadDate:          "date",
		payloadDatePeriod:    "date period",
		payloadDateExact:     "exact date",
		payloadTime:          "time",
		payloadAge:           "age",
		payloadDate551:       "date",
		payloadDatePeriod551: "date period",
		payloadDateExact551:  "exact date",
		payloadAge551:        "age",
	}[p]
	// A day, month or year out of range satisfies the grammar, which is
	// all the specification requires: the official test files have
	// "13 COMP" and "30 FEB". It is worth a warning.
	// Times are different: their grammar limits the hour to 0–23.
	detail := err.Error()
	var se *date.SyntaxError
	if errors.As(err, &se) {
		detail = se.Err.Error()
	}
	if errors.Is(err, date.ErrRange) && p != payloadTime {
		v.warn(line, "%q is not a valid %s: %s", s, what, detail)
		return
	}
	// A sloppy date is one package date's lenient parser reads: the
	// other version's forms, lower case, extra spaces, "B.C.".
	switch p {
	case payloadDate, payloadDate551:
		if _, lerr := date.Parse(s); lerr == nil || errors.Is(lerr, date.ErrRange) {
			v.report(line, quirkSloppyDate, "%q is not a valid GEDCOM %s date", s, v.schema.version)
			return
		}
	default:
		if norm := sloppy(s); norm != s && checkDate(p, norm) == nil {
			v.report(line, quirkSloppyDate, "%q is not a valid %s; %q would be", s, what, norm)
			return
		}
	}
	v.report(line, strict, "%q is not a valid %s: %s", s, what, detail)
}

// dateKey is a date payload of a kind found valid before.
type dateKey struct {
	p payload
	s string
}

// maxDateCache bounds the valid dates a Validator remembers (about 50
// bytes each); past it the cache starts again empty.
const maxDateCache = 1 << 16

// simpleDate reports whether s, a payload of kind p, is a valid date of
// one of the forms most dates are written in: "1850", "MAR 1850",
// "12 MAR 1850", each optionally after ABT, CAL, EST, BEF or AFT, for
// DateValue payloads of both versions, and "12 MAR 1850" for DateExact.
// It is a fast path: false means only that checkDate must decide
// (TestSimpleDate checks that it agrees with checkDate).
func simpleDate(p payload, s string) bool {
	d, ok := date.ParseCommon(s)
	if !ok {
		return false
	}
	switch p {
	case payloadDate, payloadDate551:
		return true
	case payloadDateExact, payloadDateExact551:
		return d.Modifier == date.None && d.Start.Day > 0
	}
	return false
}

// sloppy upper-cases s and collapses its runs of spaces: the form dates
// from careless programs are valid in.
func sloppy(s string) string {
	return strings.Join(strings.Fields(strings.ToUpper(s)), " ")
}

// errNotPeriod and errNotExact reject 5.5.1 dates of the wrong form.
var (
	errNotPeriod = errors.New("want FROM or TO")
	errNotExact  = errors.New("want day, month and year")
)

// checkDate returns the error in s, a payload of kind p, or nil.
func checkDate(p payload, s string) error {
	var err error
	switch p {
	case payloadDate:
		_, err = date.ParseV7(s)
	case payloadDatePeriod:
		_, err = date.ParseV7Period(s)
	case payloadDateExact:
		_, err = date.ParseV7Exact(s)
	case payloadTime:
		_, err = date.ParseTime(s)
	case payloadAge:
		_, err = date.ParseAgeV7(s)
	case payloadAge551:
		_, err = date.ParseAge(s)
	case payloadDate551:
		_, err = date.ParseV551(s)
	case payloadDatePeriod551:
		if s == "" {
			return nil
		}
		var d date.Date
		d, err = date.ParseV551(s)
		if err == nil && d.Modifier != date.From && d.Modifier != date.To && d.Modifier != date.FromTo {
			return errNotPeriod
		}
	case payloadDateExact551:
		var d date.Date
		d, err = date.ParseV551(s)
		if err == nil && (d.Modifier != date.None || d.Start.Calendar != date.Gregorian || d.Start.Day == 0 || d.Start.Month == 0 || d.Phrase != "" || d.Interpreted) {
			return errNotExact
		}
	}
	return err
}
