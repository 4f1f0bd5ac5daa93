package date

import "strings"

// ApproxDays is how far Range widens an approximate date (ABT, EST) on
// each side: ten years of 365.25 days. Gramps widens "about" dates the same
// way, by a configurable 50 years by default; ten years is closer to the
// error of ages given in census and burial records, the usual source of
// such dates. CAL dates are computed from other data and are not widened.
const ApproxDays = 3652

// Range returns the earliest and latest day d may stand for, as Julian day
// numbers:
//
//   - an exact date gives that day, a partial date its whole month or year
//     ("1850" is 1 JAN 1850 … 31 DEC 1850);
//   - ABT and EST widen that by ApproxDays on each side, CAL does not;
//   - BEF x and TO x run from MinJDN to the end of x, AFT x and FROM x from
//     the start of x to MaxJDN;
//   - BET x AND y and FROM x TO y run from the start of x to the end of y
//     (from the earlier to the later, if they were written the other way
//     round);
//   - a dual year counts as its NewStyleYear;
//   - a day in an extension calendar, and a date with no day at all, is
//     open on both ends.
func (d Date) Range() (earliest, latest JDN) {
	if d.Modifier == PhraseOnly || d.Start.IsZero() {
		return MinJDN, MaxJDN
	}
	f, l, ok := d.Start.span()
	if !ok {
		f, l = MinJDN, MaxJDN
	}
	if d.Modifier == Between || d.Modifier == FromTo {
		f2, l2, ok2 := d.End.span()
		switch {
		case ok && ok2:
			return min(f, f2), max(l, l2)
		case ok:
			return f, MaxJDN
		case ok2:
			return MinJDN, l2
		}
		return MinJDN, MaxJDN
	}
	switch d.Modifier {
	case About, Estimated:
		if f != MinJDN {
			f -= ApproxDays
		}
		if l != MaxJDN {
			l += ApproxDays
		}
		return f, l
	case Before, To:
		return MinJDN, l
	case After, From:
		return f, MaxJDN
	}
	return f, l
}

// Key returns a day number for sorting, like Gramps' sortval: the first day
// of the date's first part (so "1850", "ABT 1850", "BEF 1850" and
// "BET 1850 AND 1860" all sort at 1 JAN 1850). Dates with no day number
// (empty, phrase only, extension calendars) get MinJDN and sort first.
func (d Date) Key() JDN {
	if d.Modifier == PhraseOnly {
		return MinJDN
	}
	f, _, ok := d.Start.span()
	if !ok {
		return MinJDN
	}
	return f
}

// Compare orders dates by Key, then by the end of their Range, then by
// modifier, then by their text; it returns -1, 0 or +1. Use it with
// slices.SortFunc.
func Compare(a, b Date) int {
	if c := cmp(a.Key(), b.Key()); c != 0 {
		return c
	}
	_, la := a.Range()
	_, lb := b.Range()
	if c := cmp(la, lb); c != 0 {
		return c
	}
	if c := cmp(a.Modifier, b.Modifier); c != 0 {
		return c
	}
	if c := strings.Compare(a.String(), b.String()); c != 0 {
		return c
	}
	return strings.Compare(a.Phrase, b.Phrase)
}

func cmp[T ~int | ~int32 | ~uint8](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
