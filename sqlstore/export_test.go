package sqlstore

import (
	"context"

	"kin"
)

// Batch exposes the multi-row INSERT batch to the external tests.
type Batch struct{ b *batch }

// NewBatch returns a batch on q for table, its columns fixed (with the
// values vals) followed by cols.
func (s *Store) NewBatch(q Querier, table string, fixed []string, vals []any, cols ...string) Batch {
	return Batch{s.newBatch(q, table, cols...).fix(fixed, vals...)}
}

func (b Batch) Add(ctx context.Context, vals ...any) error       { return b.b.add(ctx, vals...) }
func (b Batch) SetFixed(ctx context.Context, i int, v any) error { return b.b.setFixed(ctx, i, v) }
func (b Batch) Close(ctx context.Context) error                  { return b.b.close(ctx) }

// PostingSubjects is the people with a name fact holding one of words
// that is part of the tree at transaction time at (microseconds): all
// that name search's stream of the words' postings yields.
func (t *Tree) PostingSubjects(ctx context.Context, words []string, at int64) (map[kin.ID]bool, error) {
	id, err := t.lookupID(ctx, t.s.DB)
	if err != nil {
		return nil, err
	}
	r := &reader{s: t.s, q: t.s.DB, treeID: id, at: at}
	w, err := r.wordStream(ctx, words)
	if err != nil {
		return nil, err
	}
	out := map[kin.ID]bool{}
	for w.next() {
		out[kin.ID(w.cur)] = true
	}
	return out, w.err()
}

// FactsSeparately reads subject's facts as Facts did before it read them
// in one query: the facts, then their citations apart (reader.facts, what
// the merge and the export read with).
func (t *Tree) FactsSeparately(ctx context.Context, subject kin.ID) ([]*Fact, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := r.facts(ctx, `f.subject = ?`, string(subject))
	if err != nil {
		return nil, err
	}
	markConclusions(facts)
	return facts, nil
}

// FirstWith is reader.firstWith on the tree now: in the order of sortIDs,
// the first limit people whose names hold, for each i, one of the words
// words[i].
func (t *Tree) FirstWith(ctx context.Context, words [][]string, limit int) ([]kin.ID, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.firstWith(ctx, len(words), func(i int) []string { return words[i] }, limit)
}

// SortIDs is sortIDs.
func SortIDs(ids []kin.ID) { sortIDs(ids) }

// UnsortPostingLists rewrites every packed posting list of q as a list of
// version 1 (postingListAdded) holding its postings in reverse order, as a
// database from before sorted lists may have them.
func (s *Store) UnsortPostingLists(ctx context.Context, q Querier) error {
	lists, err := s.storedLists(ctx, q)
	if err != nil {
		return err
	}
	for _, o := range lists {
		type posting struct {
			subject    kin.ID
			fact, time int64
		}
		var ps []posting
		if err := decodePostings(o.list, o.base, func(subject []byte, fact, rec int64) { ps = append(ps, posting{kin.ID(subject), fact, rec}) }); err != nil {
			return err
		}
		l := newPostingList(o.base)
		for i := len(ps) - 1; i >= 0; i-- {
			l.add(ps[i].subject, ps[i].fact, ps[i].time)
		}
		if err := s.setList(ctx, q, o.tree, o.word, o.base, l.buf); err != nil {
			return err
		}
	}
	return nil
}

// Vocabulary is reader.vocabulary on the tree now, with rare in place of
// rareGram: the words of its vocabulary that hold w, and apart from them
// those with w's Soundex code.
func (t *Tree) Vocabulary(ctx context.Context, w string, rare int) (sub, snd []string, err error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, nil, err
	}
	return r.vocabularyRare(ctx, w, rare)
}
