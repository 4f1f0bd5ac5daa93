package date

import (
	"errors"
	"strconv"
	"strings"
)

// ToV7 converts a GEDCOM 5.5.1 DATE payload to a GEDCOM 7.0 DATE payload
// and the text for a PHRASE substructure ("" when none is needed), following
// the GEDCOM 7 migration rules and the reference conversions of
// gedcom7code/test-files:
//
//   - "(text)" becomes an empty payload with the phrase "text";
//   - "INT date (text)" becomes the date with the phrase "text";
//   - a dual year keeps its NewStyleYear and the whole original payload
//     becomes the phrase ("8 MAR 1401/8" → "8 MAR 1401", phrase "8 MAR
//     1401/8"; "JAN 1701/03" → "JAN 1703");
//   - a bare dual year, with no modifier, month or epoch, becomes a range
//     up to the next year ending in the digits after the slash, as the
//     GEDCOM 7 appendix does for "1903/4" ("1401/8" → "BET 1401 AND 1408",
//     phrase "1401/8");
//   - "B.C." becomes "BCE", the escapes become calendar keywords, and
//     @#DROMAN@, @#DUNKNOWN@ (and bare ROMAN, UNKNOWN) become the
//     extension calendars _ROMAN and _UNKNOWN;
//   - a day out of range for its month is kept as written ("31 NOV 1042");
//   - anything that does not parse becomes an empty payload with the
//     original text as the phrase.
func ToV7(s551 string) (payload, phrase string) {
	s := strings.TrimSpace(s551)
	if s == "" {
		return "", ""
	}
	d, p, err := parse(s, lenient)
	if err != nil && !errors.Is(err, ErrRange) {
		return "", s
	}
	if d.Modifier == PhraseOnly {
		return "", d.Phrase
	}
	dual := p.dual[0] != "" || p.dual[1] != ""
	if st := d.Start; dual && d.Modifier == None && !d.Interpreted &&
		st.Month == 0 && st.ExtMonth() == "" && !st.BCE && st.ExtEpoch() == "" {
		st.DualYear = 0
		end := st
		end.Year = int32(nextYearEnding(int(st.Year), p.dual[0]))
		return Date{Modifier: Between, Start: st, End: end}.String(), s
	}
	payload = d.String()
	switch {
	case dual:
		phrase = s
	case d.Interpreted:
		phrase = d.Phrase
	}
	return payload, phrase
}

// nextYearEnding returns the first year not before year that ends in the
// digits ("1401", "8" → 1408; "1799", "97" → 1897). The digits are
// compared as a number, so "03" ends a year like "3" does.
func nextYearEnding(year int, digits string) int {
	v, err := strconv.Atoi(digits)
	if err != nil {
		return year
	}
	m := 10
	for m < v {
		m *= 10
	}
	if year%m > v {
		return year - year%m + m + v
	}
	return year - year%m + v
}
