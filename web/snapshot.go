package web

import (
	"context"
	"slices"
	"sort"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// snapshot is the served tree held in memory at one write version: every
// person and family as the store gives them (sqlstore.Tree.Load), with a
// relate.TreeGraph over them whose Index the relationship finder
// searches. While a snapshot is current (built at the database's write
// version now), the finder and the person page read people, families and
// associations from it instead of the store; at any other version it is
// not used, so an answer is never older than the database.
//
// A snapshot is read by many requests at once and never changed.
type snapshot struct {
	tg *relate.TreeGraph
}

// buildSnapshot loads tree t and indexes it.
func buildSnapshot(ctx context.Context, t *sqlstore.Tree) (*snapshot, int, error) {
	tree, err := t.Load(ctx)
	if err != nil {
		return nil, 0, err
	}
	// Families in ID order, so that each person's list of families is in
	// the order the store gives (sqlstore.Tree.FamilyIDs).
	sort.SliceStable(tree.Families, func(i, j int) bool { return tree.Families[i].ID < tree.Families[j].ID })
	// Only people, families and associations are read from a snapshot.
	tree.Sources, tree.Repositories, tree.Notes, tree.Media = nil, nil, nil, nil
	return &snapshot{tg: relate.NewTreeGraph(tree)}, len(tree.People), nil
}

// index returns the snapshot's relationship index.
func (sn *snapshot) index() *relate.Index { return sn.tg.Index() }

// person returns the person with id, or false.
func (sn *snapshot) person(id kin.ID) (*kin.Person, bool) {
	p, err := sn.tg.Person(context.Background(), id)
	return p, err == nil
}

// childFamilies and partnerFamilies list a person's families in ID order,
// each once (a person listed twice in a family is still one link).
func (sn *snapshot) childFamilies(id kin.ID) []*kin.Family {
	fs, _ := sn.tg.ChildFamilies(context.Background(), id)
	return once(fs)
}

func (sn *snapshot) partnerFamilies(id kin.ID) []*kin.Family {
	fs, _ := sn.tg.PartnerFamilies(context.Background(), id)
	return once(fs)
}

// once drops the repeats of a list in ID order.
func once(fs []*kin.Family) []*kin.Family {
	for i := 1; i < len(fs); i++ {
		if fs[i] == fs[i-1] {
			return slices.CompactFunc(slices.Clone(fs), func(a, b *kin.Family) bool { return a == b })
		}
	}
	return fs
}

// family returns the family with id, or false.
func (sn *snapshot) family(id kin.ID) (*kin.Family, bool) {
	f := sn.tg.Family(id)
	return f, f != nil
}

func (sn *snapshot) associations(id kin.ID) []*kin.Association {
	as, _ := sn.tg.Associations(context.Background(), id)
	return as
}

// familyLinks returns the families in which any of ids is a child or a
// partner, in ID order, each once, as sqlstore.Tree.FamilyLinks does.
func (sn *snapshot) familyLinks(ids []kin.ID) []*kin.Family {
	ctx := context.Background()
	seen := make(map[kin.ID]bool)
	var out []*kin.Family
	for _, id := range ids {
		asChild, _ := sn.tg.ChildFamilies(ctx, id)
		asPartner, _ := sn.tg.PartnerFamilies(ctx, id)
		for _, fs := range [2][]*kin.Family{asChild, asPartner} {
			for _, f := range fs {
				if !seen[f.ID] {
					seen[f.ID] = true
					out = append(out, f)
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
