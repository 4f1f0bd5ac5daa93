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
	bySubject := map[kin.ID][]*Fact{}
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
	err = r.eachRecord(ctx, `1 = 1`, func(rec *record) error {
		switch rec.tag {
		case "INDI":
			p, err := rec.person(bySubject[rec.id])
			if err != nil {
				return err
			}
			out.People = append(out.People, p)
		case "FAM":
			f, err := rec.family(bySubject[rec.id])
			if err != nil {
				return err
			}
			out.Families = append(out.Families, f)
		case "SOUR":
			s, err := rec.source()
			if err != nil {
				return err
			}
			out.Sources = append(out.Sources, s)
		case "REPO":
			v := new(kin.Repository)
			if err := rec.decode(v); err != nil {
				return err
			}
			v.ID, v.Xref = rec.id, rec.xref
			out.Repositories = append(out.Repositories, v)
		case "NOTE", "SNOTE":
			v := new(kin.Note)
			if err := rec.decode(v); err != nil {
				return err
			}
			v.ID, v.Xref = rec.id, rec.xref
			out.Notes = append(out.Notes, v)
		case "OBJE":
			v := new(kin.Media)
			if err := rec.decode(v); err != nil {
				return err
			}
			v.ID, v.Xref = rec.id, rec.xref
			out.Media = append(out.Media, v)
		}
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
