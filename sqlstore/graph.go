package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"kin"
)

// FamilyLinks returns the families in which any of ids is a child or a
// partner, each with only its partners and children (with their lineage):
// no events, citations or notes. It reads them with one query per batch of
// ids, whatever their number, so a relationship search that climbs a
// generation at a time asks the database once per generation instead of
// once per person and family. Families come in ID order, partners and
// children in stored order; a link recorded twice (by the tree and by an
// article) is listed once.
func (t *Tree) FamilyLinks(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	// Each id is one placeholder; the tree and the two transaction times
	// take six more.
	batch := t.s.idBatch(linkBatch)
	var out []*kin.Family
	seen := make(map[kin.ID]bool)
	for len(ids) > 0 {
		n := min(batch, len(ids))
		fams, err := r.familyLinks(ctx, ids[:n])
		if err != nil {
			return nil, err
		}
		for _, f := range fams {
			if !seen[f.ID] {
				seen[f.ID] = true
				out = append(out, f)
			}
		}
		ids = ids[n:]
	}
	return out, nil
}

// linkBatch is how many people one FamilyLinks query takes at most.
const linkBatch = 500

func (r *reader) familyLinks(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	// Two queries, each on its own index: the families the people are
	// linked to (facts by object; "object <> ''" lets SQLite use the
	// partial index), then those families' links (facts by subject). The
	// IDs are a VALUES table joined first (CROSS JOIN fixes SQLite's loop
	// order): with a long IN list or a subquery SQLite's planner scanned
	// a whole index, seconds on a million people. Both lists are padded
	// with "" (idArgs), so that a few prepared statements serve lists of
	// any length.
	limit := r.s.idBatch(linkBatch)
	args := idArgs(ids, limit)
	n := len(args)
	args = append(args, r.treeID, r.at, r.at)
	frows, err := r.query(ctx, `WITH ids(id) AS (VALUES (?)`+strings.Repeat(", (?)", n-1)+`)
		SELECT DISTINCT m.subject FROM ids CROSS JOIN facts m
		WHERE m.tree_id = ? AND m.object = ids.id AND m.object <> '' AND m.kind IN ('partner', 'child') AND `+live("m."), args...)
	if err != nil {
		return nil, fmt.Errorf("read family links: %w", r.s.formatError(err))
	}
	var famIDs []kin.ID
	for frows.Next() {
		var f kin.ID
		if err := frows.Scan(&f); err != nil {
			frows.Close()
			return nil, fmt.Errorf("read family links: %w", err)
		}
		famIDs = append(famIDs, f)
	}
	if err := frows.Close(); err != nil {
		return nil, fmt.Errorf("read family links: %w", err)
	}
	if len(famIDs) == 0 {
		return nil, nil
	}
	// The families of a batch of people can outnumber it (building an
	// Index reads whole batches): such a list is used as it is, with a
	// statement of its own, not kept prepared.
	query := r.query
	fargs := idArgs(famIDs, limit)
	if len(famIDs) > limit {
		query = r.queryDirect
	}
	n = len(fargs)
	fargs = append(fargs, r.treeID, r.at, r.at)
	text := `WITH fams(id) AS (VALUES (?)` + strings.Repeat(", (?)", n-1) + `)
		SELECT o.subject, o.kind, o.object, o.value FROM fams CROSS JOIN facts o
		WHERE o.tree_id = ? AND o.subject = fams.id AND o.kind IN ('partner', 'child') AND ` + live("o.") + `
		ORDER BY o.subject, o.seq, o.id`
	rows, err := query(ctx, text, fargs...)
	if err != nil {
		return nil, fmt.Errorf("read family links: %w", r.s.formatError(err))
	}
	defer rows.Close()
	var out []*kin.Family
	var cur *kin.Family
	type link struct {
		kind string
		who  kin.ID
	}
	var have map[link]bool
	for rows.Next() {
		var subject kin.ID
		var kind, object, value string
		if err := rows.Scan(&subject, &kind, &object, &value); err != nil {
			return nil, fmt.Errorf("read family links: %w", err)
		}
		if cur == nil || cur.ID != subject {
			cur = &kin.Family{ID: subject}
			out = append(out, cur)
			have = make(map[link]bool)
		}
		if object == "" {
			continue
		}
		k := link{kind, kin.ID(object)}
		if have[k] {
			continue
		}
		have[k] = true
		switch kind {
		case KindPartner:
			cur.Partners = append(cur.Partners, kin.ID(object))
		case KindChild:
			c, err := decodeChildLink(value)
			if err != nil {
				return nil, fmt.Errorf("read family links: child %s of %s: %w", object, subject, err)
			}
			c.Child = kin.ID(object)
			cur.Children = append(cur.Children, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read family links: %w", err)
	}
	return out, nil
}

// decodeChildLink reads the value of a child fact: the lineage as a JSON
// string, as the store writes it today, or an object with Lineage and
// PartnerLineage, the form a child link with a lineage per parent needs
// (kin.ChildLink.PartnerLineage; not written yet, see docs/relationships.md).
func decodeChildLink(value string) (kin.ChildLink, error) {
	var c kin.ChildLink
	if strings.HasPrefix(strings.TrimSpace(value), "{") {
		var v struct {
			Lineage        kin.Lineage
			PartnerLineage []kin.Lineage
		}
		if err := json.Unmarshal([]byte(value), &v); err != nil {
			return c, err
		}
		c.Lineage = v.Lineage
		c.SetPartnerLineage(v.PartnerLineage)
		return c, nil
	}
	err := json.Unmarshal([]byte(value), &c.Lineage)
	return c, err
}

// PersonIDs returns the IDs of the tree's people in record order: what a
// long-running process needs to build an in-memory relationship index
// (relate.BuildIndex) once.
func (t *Tree) PersonIDs(ctx context.Context) ([]kin.ID, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT id FROM records WHERE tree_id = ? AND tag = 'INDI' AND `+live("")+` ORDER BY seq, rev`),
		r.treeID, r.at, r.at)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", r.s.formatError(err))
	}
	defer rows.Close()
	var out []kin.ID
	for rows.Next() {
		var id kin.ID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("list people: %w", err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	return out, nil
}
