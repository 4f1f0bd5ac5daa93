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

// PostingSubjects is postingSubjects on the tree: the people with a name
// fact holding one of words that is part of the tree at transaction time
// at (microseconds).
func (t *Tree) PostingSubjects(ctx context.Context, words []string, at int64) (map[kin.ID]bool, error) {
	id, err := t.lookupID(ctx, t.s.DB)
	if err != nil {
		return nil, err
	}
	return t.s.postingSubjects(ctx, t.s.DB, id, words, at, 0, nil)
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

// Intersect is reader.intersect on the tree now: the people whose names
// hold, for each i, one of the words words[i].
func (t *Tree) Intersect(ctx context.Context, words [][]string) (map[kin.ID]bool, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.intersect(ctx, len(words), func(i int) []string { return words[i] })
}
