package sqlstore

import (
	"context"

	"kin"
)

// People returns the live people with ids, in that order, with two
// queries per few hundred IDs; IDs that are not live people are left out.
// A page that shows a person's relatives loads them all at once with it.
func (t *Tree) People(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	batch := t.s.idBatch(400)
	var out []*kin.Person
	for len(ids) > 0 {
		n := min(batch, len(ids))
		ps, err := r.people(ctx, ids[:n])
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
		ids = ids[n:]
	}
	return out, nil
}
