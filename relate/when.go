package relate

import (
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

// spanOf returns the span of d: date.Date.Range, except that FROM x (a
// period that began then, as an event's date) spans x itself rather than
// x to the end of time. A date Range leaves open at both ends (no date, a
// phrase, an extension calendar) is not known.
func spanOf(d date.Date) span {
	if d.IsZero() {
		return span{}
	}
	if d.Modifier == date.From {
		d.Modifier = date.None
	}
	lo, hi := d.Range()
	if lo == date.MinJDN && hi == date.MaxJDN {
		return span{}
	}
	return span{lo: int64(lo), hi: int64(hi), known: true}
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
