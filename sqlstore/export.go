package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"kin"
)

// Additions is what a tree learned about an imported record after the
// import: facts from articles and edits, kept beside the record's stored
// GEDCOM text. Export writes the text and merges these in, so nothing a
// source added to an imported person or family is lost.
type Additions struct {
	// Person or Family holds the record's ID and xref and only the facts
	// whose origin is not the GEDCOM import.
	Person *kin.Person
	Family *kin.Family
	// Associations are ties added to Person.
	Associations []*kin.Association
	// Families are the families that gained Person as a partner or child
	// after the import, each with its ID, xref and only those links.
	Families []*kin.Family
	// Replaced holds the imported facts that an edit superseded or removed
	// after the text was stored, as a Person or Family of their own, so the
	// structures they were read from can be left out.
	Replaced *kin.Person
	// ReplacedFamily is Replaced for a family.
	ReplacedFamily *kin.Family
}

// Empty reports whether a holds nothing to merge.
func (a *Additions) Empty() bool {
	if a == nil {
		return true
	}
	return personEmpty(a.Person) && familyEmpty(a.Family) && len(a.Associations) == 0 &&
		len(a.Families) == 0 && personEmpty(a.Replaced) && familyEmpty(a.ReplacedFamily)
}

func personEmpty(p *kin.Person) bool {
	return p == nil || (len(p.Names) == 0 && p.Sex == "" && len(p.SexCitations()) == 0 && len(p.Events) == 0 && len(p.Citations) == 0)
}

func familyEmpty(f *kin.Family) bool {
	return f == nil || (len(f.Partners) == 0 && len(f.Children) == 0 && len(f.Events) == 0 && len(f.Citations) == 0)
}

// touched returns the records whose stored text may lack facts the tree
// holds as of the view's time: subjects and linked objects of facts not
// from a GEDCOM import, and subjects of superseded GEDCOM facts. The
// queries use partial indexes (migration 6), so on a tree no article, edit
// or re-import touched they read nothing.
func (r *reader) touched(ctx context.Context) (map[kin.ID]bool, error) {
	out := map[kin.ID]bool{}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT subject, object, kind FROM facts
		WHERE tree_id = ? AND origin <> 'gedcom' AND recorded_at <= ?`), r.treeID, r.at)
	if err != nil {
		return nil, fmt.Errorf("find added facts: %w", r.s.formatError(err))
	}
	for rows.Next() {
		var subject, object, kind string
		if err := rows.Scan(&subject, &object, &kind); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find added facts: %w", err)
		}
		out[kin.ID(subject)] = true
		if object != "" && (kind == KindPartner || kind == KindChild) {
			out[kin.ID(object)] = true
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("find added facts: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find added facts: %w", err)
	}
	// GEDCOM facts an edit removed without a successor; re-imports and
	// merges supersede facts too, and additions tells them apart.
	rows, err = r.q.QueryContext(ctx, r.s.q(`SELECT DISTINCT subject FROM facts
		WHERE tree_id = ? AND superseded_at IS NOT NULL AND superseded_at <= ? AND origin = 'gedcom'`), r.treeID, r.at)
	if err != nil {
		return nil, fmt.Errorf("find superseded facts: %w", r.s.formatError(err))
	}
	for rows.Next() {
		var subject string
		if err := rows.Scan(&subject); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find superseded facts: %w", err)
		}
		out[kin.ID(subject)] = true
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("find superseded facts: %w", err)
	}
	return out, rows.Err()
}

// additions reads what the tree holds about rec beyond its stored text.
func (r *reader) additions(ctx context.Context, rec *record) (*Additions, error) {
	var recordedAt int64
	if err := r.q.QueryRowContext(ctx, r.s.q(`SELECT recorded_at FROM records WHERE tree_id = ? AND rev = ?`), r.treeID, rec.rev).Scan(&recordedAt); err != nil {
		return nil, fmt.Errorf("read record %s: %w", rec.id, r.s.formatError(err))
	}
	facts, err := r.facts(ctx, `f.subject = ? AND f.origin <> 'gedcom'`, string(rec.id))
	if err != nil {
		return nil, err
	}
	replaced, err := r.replaced(ctx, rec.id, recordedAt)
	if err != nil {
		return nil, err
	}
	a := &Additions{}
	switch rec.tag {
	case "INDI":
		a.Person = &kin.Person{ID: rec.id, Xref: rec.xref}
		for _, f := range facts {
			if f.Kind == KindAssociation {
				as, err := decodeAssociation(f)
				if err != nil {
					return nil, err
				}
				a.Associations = append(a.Associations, as)
				continue
			}
			if err := applyPersonFact(a.Person, f); err != nil {
				return nil, err
			}
		}
		if len(replaced) > 0 {
			a.Replaced = &kin.Person{ID: rec.id, Xref: rec.xref}
			for _, f := range replaced {
				if err := applyPersonFact(a.Replaced, f); err != nil {
					return nil, err
				}
			}
		}
		links, err := r.facts(ctx, `f.object = ? AND f.kind IN ('partner', 'child') AND f.origin <> 'gedcom'`, string(rec.id))
		if err != nil {
			return nil, err
		}
		byFamily := map[kin.ID]*kin.Family{}
		for _, f := range links {
			fam := byFamily[f.Subject]
			if fam == nil {
				fam = &kin.Family{ID: f.Subject}
				if fr, err := r.record(ctx, f.Subject, "family"); err == nil {
					fam.Xref = fr.xref
				} else if kin.ErrorCode(err) != kin.ENOTFOUND {
					return nil, err
				}
				byFamily[f.Subject] = fam
				a.Families = append(a.Families, fam)
			}
			if err := applyFamilyFact(fam, f); err != nil {
				return nil, err
			}
		}
	case "FAM":
		a.Family = &kin.Family{ID: rec.id, Xref: rec.xref}
		for _, f := range facts {
			if err := applyFamilyFact(a.Family, f); err != nil {
				return nil, err
			}
		}
		if len(replaced) > 0 {
			a.ReplacedFamily = &kin.Family{ID: rec.id, Xref: rec.xref}
			for _, f := range replaced {
				if err := applyFamilyFact(a.ReplacedFamily, f); err != nil {
					return nil, err
				}
			}
		}
	default:
		return nil, nil
	}
	if a.Empty() {
		return nil, nil
	}
	return a, nil
}

// replaced returns the GEDCOM facts of subject that were live when its
// current text was stored (at since) and that a later change superseded,
// by a fact of another origin or by none, as of the view's time. Facts a
// re-import replaced went with the old text and are not among them.
func (r *reader) replaced(ctx context.Context, subject kin.ID, since int64) ([]*Fact, error) {
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT o.id, o.kind, o.object, o.value FROM facts o
		LEFT JOIN facts n ON n.tree_id = o.tree_id AND n.id = o.superseded_by
		WHERE o.tree_id = ? AND o.subject = ? AND o.origin = 'gedcom' AND o.recorded_at <= ?
		AND o.superseded_at > ? AND o.superseded_at <= ? AND (n.id IS NULL OR n.origin <> 'gedcom')
		ORDER BY o.seq, o.id`), r.treeID, string(subject), since, since, r.at)
	if err != nil {
		return nil, fmt.Errorf("read replaced facts: %w", r.s.formatError(err))
	}
	defer rows.Close()
	var out []*Fact
	for rows.Next() {
		f := &Fact{Subject: subject}
		var value string
		if err := rows.Scan(&f.ID, &f.Kind, &f.Object, &value); err != nil {
			return nil, fmt.Errorf("read replaced facts: %w", err)
		}
		f.Value = json.RawMessage(value)
		out = append(out, f)
	}
	return out, rows.Err()
}

// validXref reports whether x has the form of a GEDCOM cross-reference
// identifier export can write as it is: an upper-case letter or digit,
// then up to 19 of them or underscores (`^[A-Z0-9][A-Z0-9_]{0,19}$`,
// written out: a regexp would be compiled at every command's start).
func validXref(x string) bool {
	if len(x) == 0 || len(x) > 20 || x[0] == '_' {
		return false
	}
	for i := 0; i < len(x); i++ {
		if c := x[i]; !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// ExportXrefs returns the cross-reference identifiers that the records
// kin made (those without stored GEDCOM text) get in an export, by ID,
// when their own cannot be used: it is empty, not a valid GEDCOM xref,
// or another live record has it. Generated ones ("K1", "K2" …) are unused
// by every record of the tree. Records absent from the map keep their
// xref.
func (t *Tree) ExportXrefs(ctx context.Context) (map[kin.ID]kin.Xref, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT id, xref FROM records WHERE tree_id = ? AND gedcom IS NULL AND `+live("")+` ORDER BY seq, rev`), r.treeID, r.at, r.at)
	if err != nil {
		return nil, fmt.Errorf("read records: %w", r.s.formatError(err))
	}
	type made struct {
		id   kin.ID
		xref kin.Xref
	}
	var list []made
	for rows.Next() {
		var m made
		if err := rows.Scan(&m.id, &m.xref); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read records: %w", err)
		}
		list = append(list, m)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("read records: %w", err)
	}
	used := func(x string) (int, error) {
		var n int
		err := r.q.QueryRowContext(ctx, r.s.q(`SELECT COUNT(*) FROM records WHERE tree_id = ? AND xref = ? AND `+live("")), r.treeID, x, r.at, r.at).Scan(&n)
		if err != nil && err != sql.ErrNoRows {
			return 0, fmt.Errorf("read records: %w", r.s.formatError(err))
		}
		return n, nil
	}
	out := map[kin.ID]kin.Xref{}
	taken := map[string]bool{}
	next := 0
	for _, m := range list {
		x := string(m.xref)
		if validXref(x) && x != "VOID" && !taken[x] {
			n, err := used(x)
			if err != nil {
				return nil, err
			}
			if n == 1 {
				taken[x] = true
				continue
			}
		}
		for {
			next++
			x = "K" + strconv.Itoa(next)
			if taken[x] {
				continue
			}
			n, err := used(x)
			if err != nil {
				return nil, err
			}
			if n == 0 {
				break
			}
		}
		taken[x] = true
		out[m.id] = kin.Xref(x)
	}
	return out, nil
}
