package sqlstore

import (
	"context"

	"kin"
)

// PersonFacts returns the person with id, as Person gives them, and every
// live fact about them, as Facts gives them, reading the facts once: what
// a page showing a person with their evidence needs, in two queries.
func (t *Tree) PersonFacts(ctx context.Context, id kin.ID) (*kin.Person, []*Fact, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, nil, err
	}
	rec, err := r.record(ctx, id, "person")
	if err != nil {
		return nil, nil, err
	}
	if rec.tag != "INDI" {
		return nil, nil, kin.Errorf(kin.ENOTFOUND, "No person %s (%s is a %s record).", id, id, rec.tag)
	}
	facts, err := r.factsWith(ctx, `f.subject = ?`, string(id))
	if err != nil {
		return nil, nil, err
	}
	own := make([]*Fact, 0, len(facts))
	for _, f := range facts {
		if f.Kind != KindAssociation {
			own = append(own, f)
		}
	}
	p, err := rec.person(own)
	if err != nil {
		return nil, nil, err
	}
	markConclusions(facts)
	return p, facts, nil
}
