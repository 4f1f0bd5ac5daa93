package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"kin"
)

// FamilyIDs returns the IDs of the families in which person id is a child
// and of those in which they are a partner, each in ID order, with one
// query. With Families it loads what ChildFamilies and PartnerFamilies
// give, for a page that shows both, in a few queries whatever their
// number. The IDs may name family records that are gone; Families leaves
// those out.
func (t *Tree) FamilyIDs(ctx context.Context, id kin.ID) (asChild, asPartner []kin.ID, err error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, nil, err
	}
	rows, err := r.query(ctx, `SELECT DISTINCT f.subject, f.kind FROM facts f
		WHERE f.tree_id = ? AND f.object = ? AND f.object <> '' AND f.kind IN ('child', 'partner') AND `+live("f."),
		r.treeID, string(id), r.at, r.at)
	if err != nil {
		return nil, nil, fmt.Errorf("find families of %s: %w", id, r.s.formatError(err))
	}
	defer rows.Close()
	for rows.Next() {
		var fid kin.ID
		var kind string
		if err := rows.Scan(&fid, &kind); err != nil {
			return nil, nil, fmt.Errorf("find families of %s: %w", id, err)
		}
		if kind == KindChild {
			asChild = append(asChild, fid)
		} else {
			asPartner = append(asPartner, fid)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find families of %s: %w", id, err)
	}
	sort.Slice(asChild, func(i, j int) bool { return asChild[i] < asChild[j] })
	sort.Slice(asPartner, func(i, j int) bool { return asPartner[i] < asPartner[j] })
	return asChild, asPartner, nil
}
