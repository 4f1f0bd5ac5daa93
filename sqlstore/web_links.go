package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"kin"
)

// AllLinks returns the IDs of the tree's live people and every family with
// only its partners and children (with their lineage), as FamilyLinks
// gives them, read with two queries whatever the tree's size. It is what a
// relationship index of the whole tree is built from (relate.NewIndex);
// families come in no particular order, partners and children in stored
// order.
func (t *Tree) AllLinks(ctx context.Context) ([]kin.ID, []*kin.Family, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := r.queryDirect(ctx, `SELECT id FROM records WHERE tree_id = ? AND tag = 'INDI' AND `+live(""), r.treeID, r.at, r.at)
	if err != nil {
		return nil, nil, fmt.Errorf("read people: %w", r.s.formatError(err))
	}
	var people []kin.ID
	for rows.Next() {
		var id kin.ID
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("read people: %w", err)
		}
		people = append(people, id)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, fmt.Errorf("read people: %w", err)
	}

	rows, err = r.queryDirect(ctx, `SELECT subject, kind, object, value, seq, id FROM facts
		WHERE tree_id = ? AND kind IN ('partner', 'child') AND object <> '' AND `+live(""), r.treeID, r.at, r.at)
	if err != nil {
		return nil, nil, fmt.Errorf("read family links: %w", r.s.formatError(err))
	}
	defer rows.Close()
	type row struct {
		kind   string
		object kin.ID
		value  string
		seq    int64
		id     int64
	}
	byFamily := make(map[kin.ID][]row)
	var order []kin.ID
	for rows.Next() {
		var subject kin.ID
		var rw row
		if err := rows.Scan(&subject, &rw.kind, &rw.object, &rw.value, &rw.seq, &rw.id); err != nil {
			return nil, nil, fmt.Errorf("read family links: %w", err)
		}
		if _, ok := byFamily[subject]; !ok {
			order = append(order, subject)
		}
		byFamily[subject] = append(byFamily[subject], rw)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read family links: %w", err)
	}
	fams := make([]*kin.Family, 0, len(order))
	type link struct {
		kind string
		who  kin.ID
	}
	for _, fid := range order {
		rs := byFamily[fid]
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].seq != rs[j].seq {
				return rs[i].seq < rs[j].seq
			}
			return rs[i].id < rs[j].id
		})
		f := &kin.Family{ID: fid}
		have := make(map[link]bool, len(rs))
		for _, rw := range rs {
			k := link{rw.kind, rw.object}
			if have[k] {
				continue
			}
			have[k] = true
			switch rw.kind {
			case KindPartner:
				f.Partners = append(f.Partners, rw.object)
			case KindChild:
				c, err := decodeChildLink(rw.value)
				if err != nil {
					return nil, nil, fmt.Errorf("read family links: child %s of %s: %w", rw.object, fid, err)
				}
				c.Child = rw.object
				f.Children = append(f.Children, c)
			}
		}
		fams = append(fams, f)
		delete(byFamily, fid)
	}
	return people, fams, nil
}
