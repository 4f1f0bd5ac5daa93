package relate

import (
	"math"
	"time"

	"kin/date"
)

// span is the earliest and latest Julian day number a date can stand for.
// known is false for an empty date or one that cannot be placed in time (a
// phrase only, an extension calendar).
type span struct {
	lo, hi int64
	known  bool
}

var (
	minDay int64 = math.MinInt64 / 4
	maxDay int64 = math.MaxInt64 / 4
)

// spanOf returns the span of d. Approximate dates (ABT, CAL, EST) span the
// date as written; BEF and AFT are open on one side; BET/AND and FROM/TO
// span both bounds; FROM and TO alone span their one date.
//
// TODO(date): package date is gaining Date.Range, being written at the
// same time as this package; spanOf uses Day.Span until then and should
// become a call to Range (whose rule for ABT may widen the span).
func spanOf(d date.Date) span {
	if d.IsZero() || d.Modifier == date.PhraseOnly {
		return span{}
	}
	l, h, ok := d.Start.Span()
	if !ok {
		return span{}
	}
	lo, hi := int64(l), int64(h)
	switch d.Modifier {
	case date.Before:
		return span{lo: minDay, hi: lo - 1, known: true}
	case date.After:
		return span{lo: hi + 1, hi: maxDay, known: true}
	case date.Between, date.FromTo:
		if _, h2, ok := d.End.Span(); ok && int64(h2) >= lo {
			hi = int64(h2)
		}
	}
	return span{lo: lo, hi: hi, known: true}
}

// dateOf returns the date of t's calendar day.
func dateOf(t time.Time) date.Date { return date.FromTime(t) }

// order says where an event stands relative to the query date.
type order int

const (
	orderBefore    order = iota // the event happens after the query: not yet
	orderAfter                  // the event happened by the query date
	orderUncertain              // the event's date range straddles the query
)

// when compares an event's date with the query span q. The rule:
//   - an event whose latest day is on or before the query's earliest day has
//     happened (a divorce on the day asked about counts as done);
//   - an event whose earliest day is after the query's latest day has not;
//   - otherwise the ranges overlap and the answer is uncertain;
//   - an undated event has happened as of today (the query is "now"), and
//     is uncertain at any other date.
func when(e date.Date, q span, now bool) order {
	s := spanOf(e)
	if !s.known {
		if now {
			return orderAfter
		}
		return orderUncertain
	}
	switch {
	case s.hi <= q.lo:
		return orderAfter
	case s.lo > q.hi:
		return orderBefore
	}
	return orderUncertain
}
