package sqlstore

import (
	"context"

	"kin"
)

// LoadAtOnce is the Load of before the streaming loader: every live fact
// read into one slice first. The tests compare the two.
func (t *Tree) LoadAtOnce(ctx context.Context) (*kin.Tree, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	out := &kin.Tree{Name: t.name}
	// All live facts, grouped by subject.
	facts, err := r.facts(ctx, `1 = 1`)
	if err != nil {
		return nil, err
	}
	bySubject, err := groupForLoad(out, facts, 0)
	if err != nil {
		return nil, err
	}
	err = r.eachRecord(ctx, `1 = 1`, func(rec *record) error {
		v, err := rec.build(bySubject[rec.id])
		if err != nil {
			return err
		}
		addRecord(out, v)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetLoadBatch sets how many records Load reads at a time, for a test;
// the returned function sets it back.
func SetLoadBatch(n int) func() {
	old := loadBatch
	loadBatch = n
	return func() { loadBatch = old }
}
