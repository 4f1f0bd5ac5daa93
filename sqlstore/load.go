package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"kin"
)

// loadBatch is how many records Load reads at a time, with their facts.
var loadBatch = 2000

// Load returns the whole tree: every record and the conclusion of every
// fact, records in file order (as Records gives them) and associations in
// the order of their subjects.
//
// It streams: records are read in batches of loadBatch in the order of
// their IDs, each batch with the facts of the IDs it spans (one range of
// the facts_subject index), and every person and family is built as soon
// as its batch is read, so no more than three batches of facts are held
// at a time (one being read, one waiting, one being built; on two cores
// the reading and the building run at once), whatever the size of the tree (before, every live fact of the tree
// was read into one slice first: millions of *Fact on a large tree).
func (t *Tree) Load(ctx context.Context) (*kin.Tree, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	out := &kin.Tree{Name: t.name}
	type keyed struct {
		seq, rev int64
		v        any
	}
	var all []keyed
	in := interner{}
	// One goroutine reads the batches, the loop below builds them: on two
	// cores the next batch's rows are read while one is decoded.
	type read struct {
		batch []*record
		facts []*Fact
		err   error
	}
	rctx, cancel := context.WithCancel(ctx)
	batches := make(chan read, 1)
	defer func() {
		// Stop the reader and wait for it: it uses the store.
		cancel()
		for range batches {
		}
	}()
	go func() {
		defer close(batches)
		var (
			last  string // the last record ID of the previous batch
			first = true
		)
		for {
			batch, facts, end, err := r.loadBatch(rctx, first, last)
			select {
			case batches <- read{batch, facts, err}:
			case <-rctx.Done():
				return
			}
			if err != nil || end {
				return
			}
			first, last = false, string(batch[len(batch)-1].id)
		}
	}()
	for rd := range batches {
		if rd.err != nil {
			return nil, rd.err
		}
		bySubject, err := groupForLoad(out, rd.facts, len(rd.batch))
		if err != nil {
			return nil, err
		}
		for _, rec := range rd.batch {
			v, err := rec.build(bySubject[rec.id])
			if err != nil {
				return nil, err
			}
			switch v := v.(type) {
			case nil:
				continue
			case *kin.Person:
				in.person(v)
			case *kin.Family:
				in.family(v)
			}
			all = append(all, keyed{rec.seq, rec.rev, v})
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// File order, as Records and the exports give it.
	sort.Slice(all, func(i, j int) bool {
		if all[i].seq != all[j].seq {
			return all[i].seq < all[j].seq
		}
		return all[i].rev < all[j].rev
	})
	for _, k := range all {
		addRecord(out, k.v)
	}
	return out, nil
}

// groupForLoad returns facts grouped by subject (room made for n), but
// for the associations among them, which it decodes and appends to
// out.Associations.
func groupForLoad(out *kin.Tree, facts []*Fact, n int) (map[kin.ID][]*Fact, error) {
	bySubject := make(map[kin.ID][]*Fact, n)
	for _, f := range facts {
		if f.Kind == KindAssociation {
			a, err := decodeAssociation(f)
			if err != nil {
				return nil, err
			}
			out.Associations = append(out.Associations, a)
			continue
		}
		bySubject[f.Subject] = append(bySubject[f.Subject], f)
	}
	return bySubject, nil
}

// build makes the value rec holds, with its facts for a person or a
// family: a *kin.Person, *kin.Family, *kin.Source, *kin.Repository,
// *kin.Note or *kin.Media; nil for a record of another tag.
func (rec *record) build(facts []*Fact) (any, error) {
	switch rec.tag {
	case "INDI":
		return rec.person(facts)
	case "FAM":
		return rec.family(facts)
	case "SOUR":
		return rec.source()
	case "REPO":
		return decodeAs(rec, func(v *kin.Repository) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	case "NOTE", "SNOTE":
		return decodeAs(rec, func(v *kin.Note) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	case "OBJE":
		return decodeAs(rec, func(v *kin.Media) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	}
	return nil, nil
}

// addRecord appends v, a value build made, to its list in out.
func addRecord(out *kin.Tree, v any) {
	switch v := v.(type) {
	case *kin.Person:
		out.People = append(out.People, v)
	case *kin.Family:
		out.Families = append(out.Families, v)
	case *kin.Source:
		out.Sources = append(out.Sources, v)
	case *kin.Repository:
		out.Repositories = append(out.Repositories, v)
	case *kin.Note:
		out.Notes = append(out.Notes, v)
	case *kin.Media:
		out.Media = append(out.Media, v)
	}
}

// loadBatch reads the next batch of Load: up to loadBatch live records in
// the order of their IDs, after last unless first, and the facts of the
// subjects the batch spans: after last up to the batch's last ID, or to
// the end for the last batch (end), so that every association is read
// whatever its subject, as Load always gave them.
func (r *reader) loadBatch(ctx context.Context, first bool, last string) (batch []*record, facts []*Fact, end bool, err error) {
	// Two texts, not one with "(? OR id > ?)": the planner must see
	// the range to start the index there.
	q, qargs := `SELECT `+recordColsNoText+` FROM records WHERE tree_id = ? AND `+live("")+` ORDER BY id LIMIT ?`, []any{r.treeID, r.at, r.at, loadBatch}
	if !first {
		q, qargs = `SELECT `+recordColsNoText+` FROM records WHERE tree_id = ? AND id > ? AND `+live("")+` ORDER BY id LIMIT ?`, []any{r.treeID, last, r.at, r.at, loadBatch}
	}
	rows, err := r.query(ctx, q, qargs...)
	if err != nil {
		return nil, nil, false, fmt.Errorf("read records: %w", r.s.formatError(err))
	}
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return nil, nil, false, fmt.Errorf("read records: %w", err)
		}
		batch = append(batch, rec)
	}
	if err := rows.Close(); err != nil {
		return nil, nil, false, fmt.Errorf("read records: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, false, fmt.Errorf("read records: %w", err)
	}
	end = len(batch) < loadBatch
	var cond string
	var args []any
	switch {
	case first && end:
		cond = `1 = 1`
	case first:
		cond, args = `f.subject <= ?`, []any{string(batch[len(batch)-1].id)}
	case end:
		cond, args = `f.subject > ?`, []any{last}
	default:
		cond, args = `f.subject > ? AND f.subject <= ?`, []any{last, string(batch[len(batch)-1].id)}
	}
	facts, err = r.factsWith(ctx, cond, args...)
	if err != nil {
		return nil, nil, false, err
	}
	return batch, facts, end, nil
}
