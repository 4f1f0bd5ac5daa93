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
	var people, families, sources, repos, notes, media []keyed
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
		batch, facts := rd.batch, rd.facts
		bySubject := make(map[kin.ID][]*Fact, len(batch))
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
		for _, rec := range batch {
			k := keyed{seq: rec.seq, rev: rec.rev}
			switch rec.tag {
			case "INDI":
				p, err := rec.person(bySubject[rec.id])
				if err != nil {
					return nil, err
				}
				in.person(p)
				k.v = p
				people = append(people, k)
			case "FAM":
				f, err := rec.family(bySubject[rec.id])
				if err != nil {
					return nil, err
				}
				in.family(f)
				k.v = f
				families = append(families, k)
			case "SOUR":
				s, err := rec.source()
				if err != nil {
					return nil, err
				}
				k.v = s
				sources = append(sources, k)
			case "REPO":
				v := new(kin.Repository)
				if err := rec.decode(v); err != nil {
					return nil, err
				}
				v.ID, v.Xref = rec.id, rec.xref
				k.v = v
				repos = append(repos, k)
			case "NOTE", "SNOTE":
				v := new(kin.Note)
				if err := rec.decode(v); err != nil {
					return nil, err
				}
				v.ID, v.Xref = rec.id, rec.xref
				k.v = v
				notes = append(notes, k)
			case "OBJE":
				v := new(kin.Media)
				if err := rec.decode(v); err != nil {
					return nil, err
				}
				v.ID, v.Xref = rec.id, rec.xref
				k.v = v
				media = append(media, k)
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// File order, as Records and the exports give it.
	inOrder := func(ks []keyed) []keyed {
		sort.Slice(ks, func(i, j int) bool {
			if ks[i].seq != ks[j].seq {
				return ks[i].seq < ks[j].seq
			}
			return ks[i].rev < ks[j].rev
		})
		return ks
	}
	for _, k := range inOrder(people) {
		out.People = append(out.People, k.v.(*kin.Person))
	}
	for _, k := range inOrder(families) {
		out.Families = append(out.Families, k.v.(*kin.Family))
	}
	for _, k := range inOrder(sources) {
		out.Sources = append(out.Sources, k.v.(*kin.Source))
	}
	for _, k := range inOrder(repos) {
		out.Repositories = append(out.Repositories, k.v.(*kin.Repository))
	}
	for _, k := range inOrder(notes) {
		out.Notes = append(out.Notes, k.v.(*kin.Note))
	}
	for _, k := range inOrder(media) {
		out.Media = append(out.Media, k.v.(*kin.Media))
	}
	return out, nil
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
