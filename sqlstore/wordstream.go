package sqlstore

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"kin"
)

// Name search reads the people a query names in the order it lists them
// (compareIDs) and stops at the first limit: a word's packed posting lists
// are sorted in that order (postingListSorted), so the people all query
// words have in common can be found by reading each word's postings side
// by side, like merging sorted files, without a set of every person a
// common name has (tens of thousands on a million people).

// A subjectSource yields subjects in compareIDs order; a subject may come
// more than once in a row.
type subjectSource interface {
	// next moves to the next subject, reporting false at the end.
	next() bool
	// subject is the current subject, valid until the next call of next.
	subject() []byte
	// digits is where the current subject's trailing digits start
	// (digitsAt), kept for the comparisons of a heap of sources.
	digits() int
}

// listSource yields the subjects of a sorted packed list's postings that
// are part of the tree at transaction time at and that no name_words row
// overrides.
type listSource struct {
	c        *postingCursor
	at       int64
	override map[int64]bool
}

func (s *listSource) next() bool {
	for s.c.next() {
		if s.c.rec <= s.at && !s.override[s.c.fact] {
			return true
		}
	}
	return false
}

func (s *listSource) subject() []byte { return s.c.subject }
func (s *listSource) digits() int     { return s.c.digits }

// sliceSource yields subjects from a sorted slice.
type sliceSource struct {
	ids [][]byte
	i   int
	d   int
}

func (s *sliceSource) next() bool {
	if s.i >= len(s.ids) {
		return false
	}
	s.i++
	s.d = digitsAt(s.ids[s.i-1])
	return true
}

func (s *sliceSource) subject() []byte { return s.ids[s.i-1] }
func (s *sliceSource) digits() int     { return s.d }

// A wordStream yields, in compareIDs order and each once, the people with
// a live name fact holding one of some words: it merges the subjects of
// the words' packed lists and name_words rows.
type wordStream struct {
	sources []subjectSource
	lists   []*listSource // the sorted lists among sources, for their errors
	h       []subjectSource
	started bool
	cur     []byte // the current subject
}

// wordStream reads the postings of words: their packed lists, and the
// name_words rows, which add postings and override packed ones.
func (r *reader) wordStream(ctx context.Context, words []string) (*wordStream, error) {
	w := new(wordStream)
	override := map[int64]bool{}
	var rows [][]byte
	var unsorted []*listSource
	per := r.s.idBatch(500)
	for len(words) > 0 {
		n := min(per, len(words))
		args := make([]any, 0, n+2)
		args = append(args, r.treeID)
		for _, word := range words[:n] {
			args = append(args, word)
		}
		words = words[n:]
		in := placeholders(n)
		lists, err := r.q.QueryContext(ctx, r.s.q(`SELECT recorded_at, list FROM name_postings WHERE tree_id = ? AND word IN (`+in+`) AND recorded_at <= ?`), append(args, r.at)...)
		if err != nil {
			return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
		for lists.Next() {
			var base int64
			var list []byte
			if err := lists.Scan(&base, &list); err != nil {
				lists.Close()
				return nil, fmt.Errorf("search names: %w", err)
			}
			s := &listSource{c: newPostingCursor(list, base), at: r.at, override: override}
			if s.c.sorted {
				w.lists = append(w.lists, s)
				w.sources = append(w.sources, s)
				continue
			}
			// A list of version 1, in the order its postings were added
			// (or one that cannot be read): read whole once the rows
			// that override its postings are known, and sorted with them.
			unsorted = append(unsorted, s)
		}
		if err := lists.Close(); err != nil {
			return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
		// A fact ID is unique in the database, so the fact alone names a
		// posting of a given word, and a fact's words all live in one
		// form: the fact alone says which packed postings a row
		// overrides.
		q, err := r.q.QueryContext(ctx, r.s.q(`SELECT subject, fact_id, recorded_at, superseded_at FROM name_words WHERE tree_id = ? AND word IN (`+in+`)`), args...)
		if err != nil {
			return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
		for q.Next() {
			var subject []byte
			var fact, rec int64
			var sup *int64
			if err := q.Scan(&subject, &fact, &rec, &sup); err != nil {
				q.Close()
				return nil, fmt.Errorf("search names: %w", err)
			}
			override[fact] = true
			if rec <= r.at && (sup == nil || *sup > r.at) {
				rows = append(rows, subject)
			}
		}
		if err := q.Close(); err != nil {
			return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
	}
	for _, s := range unsorted {
		for s.next() {
			rows = append(rows, slices.Clone(s.subject()))
		}
		if s.c.err != nil {
			return nil, fmt.Errorf("search names: %w", s.c.err)
		}
	}
	if len(rows) > 0 {
		slices.SortFunc(rows, compareIDs)
		w.sources = append(w.sources, &sliceSource{ids: slices.CompactFunc(rows, bytes.Equal)})
	}
	return w, nil
}

// empty reports whether the stream has no postings to read.
func (w *wordStream) empty() bool { return len(w.sources) == 0 }

// next moves to the next person, reporting false at the end.
func (w *wordStream) next() bool {
	if !w.started {
		w.started = true
		for _, s := range w.sources {
			if s.next() {
				w.h = append(w.h, s)
			}
		}
		for i := len(w.h)/2 - 1; i >= 0; i-- {
			w.down(i)
		}
		return w.atTop()
	}
	// Every source at the current person moves past it.
	for len(w.h) > 0 && bytes.Equal(w.h[0].subject(), w.cur) {
		w.fix(w.h[0].next())
	}
	return w.atTop()
}

// seek moves to the first person at or after target, reporting false at
// the end. Only the sources behind target move, each on its own, and each
// goes back into the heap once: a word's stream may merge thousands of
// short lists (a common sound), most of them past target already.
func (w *wordStream) seek(target []byte) bool {
	if !w.started && !w.next() {
		return false
	}
	if compareIDs(w.cur, target) >= 0 {
		return true
	}
	at := digitsAt(target)
	behind := func(s subjectSource) bool { return compareSplitIDs(s.subject(), s.digits(), target, at) < 0 }
	for len(w.h) > 0 && behind(w.h[0]) {
		top, ok := w.h[0], true
		for ok && behind(top) {
			ok = top.next()
		}
		w.fix(ok)
	}
	return w.atTop()
}

// fix restores the heap after the source on top moved on, or ran out
// (ok false) and leaves it.
func (w *wordStream) fix(ok bool) {
	if !ok {
		last := len(w.h) - 1
		w.h[0] = w.h[last]
		w.h = w.h[:last]
	}
	w.down(0)
}

// atTop makes the person of the source on top of the heap the current
// one, reporting false when no source is left.
func (w *wordStream) atTop() bool {
	if len(w.h) == 0 {
		return false
	}
	w.cur = append(w.cur[:0], w.h[0].subject()...)
	return true
}

// down restores the heap order of w.h below i: the source with the first
// subject on top.
func (w *wordStream) down(i int) {
	h := w.h
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		if r := l + 1; r < len(h) && compareSplitIDs(h[r].subject(), h[r].digits(), h[l].subject(), h[l].digits()) < 0 {
			l = r
		}
		if compareSplitIDs(h[l].subject(), h[l].digits(), h[i].subject(), h[i].digits()) >= 0 {
			return
		}
		h[i], h[l] = h[l], h[i]
		i = l
	}
}

// err reports a damaged posting list met on the way.
func (w *wordStream) err() error {
	for _, s := range w.lists {
		if s.c.err != nil {
			return s.c.err
		}
	}
	return nil
}

// firstCommon returns, in compareIDs order, the first limit people that
// every stream yields: each stream is moved on to the last person the
// others are at until all are at one.
func firstCommon(streams []*wordStream, limit int) ([]kin.ID, error) {
	out := firstCommonOf(streams, limit)
	for _, s := range streams {
		if err := s.err(); err != nil {
			return nil, fmt.Errorf("search names: %w", err)
		}
	}
	return out, nil
}

func firstCommonOf(streams []*wordStream, limit int) []kin.ID {
	if len(streams) == 0 || limit <= 0 {
		return nil
	}
	for _, s := range streams {
		if !s.next() {
			return nil
		}
	}
	var out []kin.ID
	var target []byte
	for len(out) < limit {
		target = append(target[:0], streams[0].cur...)
		for _, s := range streams[1:] {
			if compareIDs(s.cur, target) > 0 {
				target = append(target[:0], s.cur...)
			}
		}
		all := true
		for _, s := range streams {
			if !s.seek(target) {
				return out
			}
			all = all && bytes.Equal(s.cur, target)
		}
		if all {
			out = append(out, kin.ID(target))
			if !streams[0].next() {
				break
			}
		}
	}
	return out
}

// firstWith returns, in the order of sortIDs, the first limit people whose
// names hold, for each of the n query words, one of the vocabulary words
// words(i).
func (r *reader) firstWith(ctx context.Context, n int, words func(i int) []string, limit int) ([]kin.ID, error) {
	lists := make([][]string, n)
	for i := range lists {
		if lists[i] = words(i); len(lists[i]) == 0 {
			return nil, nil // a query word no name has
		}
	}
	streams := make([]*wordStream, n)
	for i := range streams {
		s, err := r.wordStream(ctx, lists[i])
		if err != nil {
			return nil, err
		}
		if s.empty() {
			return nil, nil
		}
		streams[i] = s
	}
	return firstCommon(streams, limit)
}
