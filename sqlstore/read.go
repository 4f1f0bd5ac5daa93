package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"kin"
	"kin/date"
)

// reader runs the queries of one tree at one transaction time.
type reader struct {
	s      *Store
	q      Querier
	treeID int64
	at     int64
	// prepared says that q is the Store's database, not a transaction:
	// the hot queries then run as statements prepared once (stmt.go).
	prepared bool
}

func (t *Tree) reader(ctx context.Context) (*reader, error) {
	r := &reader{s: t.s, q: t.s.DB, at: t.at, prepared: true}
	id := t.id
	if id == 0 {
		err := r.queryRow(ctx, `SELECT id FROM trees WHERE name = ?`, t.name).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, kin.Errorf(kin.ENOTFOUND, "No tree named %q.", t.name)
		} else if err != nil {
			return nil, fmt.Errorf("find tree %q: %w", t.name, t.s.formatError(err))
		}
	}
	r.treeID = id
	return r, nil
}

// facts returns the live facts matching cond (on facts f, with args), with
// their citations and whether they are chosen, ordered by subject and
// stored order.
func (r *reader) facts(ctx context.Context, cond string, args ...any) ([]*Fact, error) {
	query := `SELECT f.id, f.subject, f.kind, f.slot, f.object, f.value, f.date_min, f.date_max,
		f.confidence, f.source_date, f.origin, f.seq, f.recorded_at, f.superseded_at, f.superseded_by
		FROM facts f WHERE f.tree_id = ? AND ` + cond + ` AND ` + live("f.") + ` ORDER BY f.subject, f.seq, f.id`
	all := append([]any{r.treeID}, args...)
	all = append(all, r.at, r.at)
	rows, err := r.query(ctx, query, all...)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", r.s.formatError(err))
	}
	var out []*Fact
	byID := map[int64]*Fact{}
	for rows.Next() {
		f := new(Fact)
		var value string
		var lo, hi, supAt, supBy sql.NullInt64
		var rec int64
		if err := rows.Scan(&f.ID, &f.Subject, &f.Kind, &f.Slot, &f.Object, &value, &lo, &hi,
			&f.Confidence, &f.SourceDate, &f.Origin, &f.Seq, &rec, &supAt, &supBy); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read facts: %w", err)
		}
		f.Value = json.RawMessage(value)
		r.setFactTimes(f, lo, hi, rec, supAt, supBy)
		out = append(out, f)
		byID[f.ID] = f
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	// Citations and choices of the same facts.
	cq := `SELECT c.fact_id, c.source, c.page, c.quote, c.span_start, c.span_end, c.confidence, c.extra
		FROM citations c JOIN facts f ON f.tree_id = c.tree_id AND f.id = c.fact_id
		WHERE f.tree_id = ? AND ` + cond + ` AND ` + live("f.") + ` ORDER BY c.fact_id, c.seq`
	crows, err := r.query(ctx, cq, all...)
	if err != nil {
		return nil, fmt.Errorf("read citations: %w", r.s.formatError(err))
	}
	for crows.Next() {
		var id int64
		var c kin.Citation
		var start, end, conf sql.NullInt64
		var extra sql.NullString
		if err := crows.Scan(&id, &c.Source, &c.Page, &c.Quote, &start, &end, &conf, &extra); err != nil {
			crows.Close()
			return nil, fmt.Errorf("read citations: %w", err)
		}
		if err := setCitationCols(&c, id, start, end, conf, extra); err != nil {
			crows.Close()
			return nil, err
		}
		if f := byID[id]; f != nil {
			f.Citations = append(f.Citations, c)
		}
	}
	if err := crows.Close(); err != nil {
		return nil, fmt.Errorf("read citations: %w", err)
	}
	if err := crows.Err(); err != nil {
		return nil, fmt.Errorf("read citations: %w", err)
	}
	hasSlot := false
	for _, f := range out {
		if f.Slot != "" {
			hasSlot = true
			break
		}
	}
	if hasSlot {
		chq := `SELECT ch.fact_id FROM choices ch JOIN facts f ON f.tree_id = ch.tree_id AND f.id = ch.fact_id
			WHERE f.tree_id = ? AND ` + cond + ` AND ` + live("f.") + ` AND ` + live("ch.")
		chrows, err := r.query(ctx, chq, append(all, r.at, r.at)...)
		if err != nil {
			return nil, fmt.Errorf("read choices: %w", r.s.formatError(err))
		}
		for chrows.Next() {
			var id int64
			if err := chrows.Scan(&id); err != nil {
				chrows.Close()
				return nil, fmt.Errorf("read choices: %w", err)
			}
			if f := byID[id]; f != nil {
				f.Chosen = true
			}
		}
		if err := chrows.Close(); err != nil {
			return nil, fmt.Errorf("read choices: %w", err)
		}
	}
	return out, nil
}

// setFactTimes sets f's date range, recording time and, if it was
// superseded by the reader's time, when and by what, from their columns.
func (r *reader) setFactTimes(f *Fact, lo, hi sql.NullInt64, rec int64, supAt, supBy sql.NullInt64) {
	f.Earliest, f.Latest = date.JDN(lo.Int64), date.JDN(hi.Int64)
	f.RecordedAt = time.UnixMicro(rec).UTC()
	if supAt.Valid && supAt.Int64 <= r.at {
		t := time.UnixMicro(supAt.Int64).UTC()
		f.SupersededAt, f.SupersededBy = &t, supBy.Int64
	}
}

// setCitationCols sets c's span, confidence, date and notes from the
// nullable columns of the citation of fact factID.
func setCitationCols(c *kin.Citation, factID int64, start, end, conf sql.NullInt64, extra sql.NullString) error {
	if start.Valid {
		c.Span = &kin.Span{Start: int(start.Int64), End: int(end.Int64)}
	}
	if conf.Valid {
		c.Confidence, c.ConfidenceKnown = kin.Confidence(conf.Int64), true
	}
	if extra.Valid {
		var x citationExtra
		if err := json.Unmarshal([]byte(extra.String), &x); err != nil {
			return fmt.Errorf("citation of fact %d: %w", factID, err)
		}
		c.SetDate(x.Date)
		c.SetNotes(x.Notes)
	}
	return nil
}

// record is one live record row.
type record struct {
	rev    int64
	id     kin.ID
	tag    string
	xref   kin.Xref
	uid    string
	seq    int64
	gedcom sql.NullString
	data   sql.NullString
}

const recordCols = `rev, id, tag, xref, uid, seq, gedcom, data`

// recordColsNoText are recordCols without the stored GEDCOM text, for the
// reads that decode a record from its facts: the text may be long.
const recordColsNoText = `rev, id, tag, xref, uid, seq, NULL, data`

func scanRecord(sc interface{ Scan(...any) error }) (*record, error) {
	var rec record
	err := sc.Scan(&rec.rev, &rec.id, &rec.tag, &rec.xref, &rec.uid, &rec.seq, &rec.gedcom, &rec.data)
	return &rec, err
}

// record returns the live record with id, or kin.ENOTFOUND; without its
// GEDCOM text.
func (r *reader) record(ctx context.Context, id kin.ID, what string) (*record, error) {
	row := r.queryRow(ctx, `SELECT `+recordColsNoText+` FROM records WHERE tree_id = ? AND id = ? AND `+live(""), r.treeID, string(id), r.at, r.at)
	rec, err := scanRecord(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kin.Errorf(kin.ENOTFOUND, "No %s %s.", what, id)
	} else if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", what, id, r.s.formatError(err))
	}
	return rec, nil
}

func (rec *record) person(facts []*Fact) (*kin.Person, error) {
	p := new(kin.Person)
	if rec.data.Valid {
		if err := decodePerson([]byte(rec.data.String), p); err != nil {
			return nil, fmt.Errorf("person %s: %w", rec.id, err)
		}
	}
	p.ID, p.Xref = rec.id, rec.xref
	for _, f := range conclude(facts) {
		if err := applyPersonFact(p, f); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (rec *record) family(facts []*Fact) (*kin.Family, error) {
	fam := new(kin.Family)
	if rec.data.Valid {
		if err := decodeFamily([]byte(rec.data.String), fam); err != nil {
			return nil, fmt.Errorf("family %s: %w", rec.id, err)
		}
	}
	fam.ID, fam.Xref = rec.id, rec.xref
	for _, f := range conclude(facts) {
		if err := applyFamilyFact(fam, f); err != nil {
			return nil, err
		}
	}
	return fam, nil
}

// Person returns the person with id: their record and the conclusion of
// each of their facts.
func (t *Tree) Person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.person(ctx, id)
}

func (r *reader) person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	rec, err := r.record(ctx, id, "person")
	if err != nil {
		return nil, err
	}
	if rec.tag != "INDI" {
		return nil, kin.Errorf(kin.ENOTFOUND, "No person %s (%s is a %s record).", id, id, rec.tag)
	}
	// All the person's facts, the associations left out here: the query
	// is then the one that reads a family's facts and Facts, prepared
	// once for all of them (a new process spends more time preparing a
	// query than running it).
	facts, err := r.factsWith(ctx, `f.subject = ?`, string(id))
	if err != nil {
		return nil, err
	}
	own := facts[:0]
	for _, f := range facts {
		if f.Kind != KindAssociation {
			own = append(own, f)
		}
	}
	return rec.person(own)
}

// Family returns the family with id.
func (t *Tree) Family(ctx context.Context, id kin.ID) (*kin.Family, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.family(ctx, id)
}

func (r *reader) family(ctx context.Context, id kin.ID) (*kin.Family, error) {
	rec, err := r.record(ctx, id, "family")
	if err != nil {
		return nil, err
	}
	facts, err := r.factsWith(ctx, `f.subject = ?`, string(id))
	if err != nil {
		return nil, err
	}
	return rec.family(facts)
}

// Facts returns every live fact about subject, conclusions marked, with
// the facts that lost to them: the full evidence for a record, read in
// one query. It neither reads nor checks the record: an ID that is no
// record has no facts (kin serve asks for the evidence of a person it
// holds in memory already).
func (t *Tree) Facts(ctx context.Context, subject kin.ID) ([]*Fact, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := r.factsWith(ctx, `f.subject = ?`, string(subject))
	if err != nil {
		return nil, err
	}
	markConclusions(facts)
	return facts, nil
}

// families returns the families in which id has a fact of kind.
func (r *reader) families(ctx context.Context, id kin.ID, kind string) ([]*kin.Family, error) {
	rows, err := r.query(ctx, `SELECT DISTINCT f.subject FROM facts f WHERE f.tree_id = ? AND f.object = ? AND f.object <> '' AND f.kind = ? AND `+live("f."),
		r.treeID, string(id), kind, r.at, r.at)
	if err != nil {
		return nil, fmt.Errorf("find families of %s: %w", id, r.s.formatError(err))
	}
	var ids []kin.ID
	for rows.Next() {
		var s kin.ID
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find families of %s: %w", id, err)
		}
		ids = append(ids, s)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("find families of %s: %w", id, err)
	}
	var out []*kin.Family
	for _, fid := range ids {
		fam, err := r.family(ctx, fid)
		if kin.ErrorCode(err) == kin.ENOTFOUND {
			continue // a link to a family record that is gone
		} else if err != nil {
			return nil, err
		}
		out = append(out, fam)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// ChildFamilies returns the families in which person id is a child.
func (t *Tree) ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.families(ctx, id, KindChild)
}

// PartnerFamilies returns the families in which person id is a partner.
func (t *Tree) PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	return r.families(ctx, id, KindPartner)
}

// Associations returns the associations person id is part of, recorded on
// them or on the other person.
func (t *Tree) Associations(ctx context.Context, id kin.ID) ([]*kin.Association, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	facts, err := r.factsWith(ctx, `f.kind = ? AND (f.subject = ? OR (f.object = ? AND f.object <> ''))`, KindAssociation, string(id), string(id))
	if err != nil {
		return nil, err
	}
	var out []*kin.Association
	for _, f := range facts {
		a, err := decodeAssociation(f)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// Source returns the source with id.
func (t *Tree) Source(ctx context.Context, id kin.ID) (*kin.Source, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	rec, err := r.record(ctx, id, "source")
	if err != nil {
		return nil, err
	}
	return rec.source()
}

func (rec *record) source() (*kin.Source, error) {
	return decodeAs(rec, func(v *kin.Source) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
}

// SourceInfo is a source with how many live facts cite it.
type SourceInfo struct {
	*kin.Source
	Citations int `json:"citations"`
}

// Sources lists the tree's sources in record order with their citation
// counts.
func (t *Tree) Sources(ctx context.Context) ([]SourceInfo, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	counts := map[kin.ID]int{}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT c.source, COUNT(*) FROM citations c JOIN facts f ON f.tree_id = c.tree_id AND f.id = c.fact_id
		WHERE c.tree_id = ? AND `+live("f.")+` GROUP BY c.source`), r.treeID, r.at, r.at)
	if err != nil {
		return nil, fmt.Errorf("count citations: %w", r.s.formatError(err))
	}
	for rows.Next() {
		var id kin.ID
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("count citations: %w", err)
		}
		counts[id] = n
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("count citations: %w", err)
	}
	var out []SourceInfo
	err = r.eachRecord(ctx, `tag = 'SOUR'`, func(rec *record) error {
		src, err := rec.source()
		if err != nil {
			return err
		}
		out = append(out, SourceInfo{Source: src, Citations: counts[src.ID]})
		return nil
	})
	return out, err
}

// eachRecord calls fn for every live record matching cond, in file order.
func (r *reader) eachRecord(ctx context.Context, cond string, fn func(*record) error) error {
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT `+recordCols+` FROM records WHERE tree_id = ? AND `+cond+` AND `+live("")+` ORDER BY seq, rev`), r.treeID, r.at, r.at)
	if err != nil {
		return fmt.Errorf("read records: %w", r.s.formatError(err))
	}
	defer rows.Close()
	for rows.Next() {
		rec, err := scanRecord(rows)
		if err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}

// StoredRecord is a record as export needs it: its GEDCOM text when the
// record is exactly as imported, else what kin knows of it.
type StoredRecord struct {
	ID   kin.ID
	Tag  string
	Xref kin.Xref
	// GEDCOM is the record's text in the tree's GEDCOM version, or "" when
	// kin made or changed the record; then one of the fields below is set.
	GEDCOM     string
	Person     *kin.Person
	Family     *kin.Family
	Source     *kin.Source
	Repository *kin.Repository
	Note       *kin.Note
	Media      *kin.Media
	// Associations are the ties recorded on Person.
	Associations []*kin.Association
	// Added, for a record with GEDCOM text, is what the tree learned
	// about it after the import (facts from articles and edits), to be
	// merged into the text; nil when there is nothing.
	Added *Additions
}

// Header returns the tree's GEDCOM version and the HEAD record of its
// latest import, as GEDCOM text, as of the view's time.
func (t *Tree) Header(ctx context.Context) (version, header string, err error) {
	r, err := t.reader(ctx)
	if err != nil {
		return "", "", err
	}
	var h sql.NullString
	err = r.q.QueryRowContext(ctx, r.s.q(`SELECT version, header FROM imports WHERE tree_id = ? AND recorded_at <= ? ORDER BY id DESC LIMIT 1`), r.treeID, r.at).Scan(&version, &h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	} else if err != nil {
		return "", "", fmt.Errorf("read header: %w", r.s.formatError(err))
	}
	return version, h.String, nil
}

// Records calls fn for every record of the tree in file order, records kin
// made after the imported ones. A record with stored GEDCOM text comes with
// only that; the facts of other people and families are read in full. fn
// must not keep rec.
func (t *Tree) Records(ctx context.Context, fn func(rec *StoredRecord) error) error {
	r, err := t.reader(ctx)
	if err != nil {
		return err
	}
	// Records without text are collected first, then completed, so no
	// query runs while the record cursor is open (SQLite connections
	// allow that, but a single-connection pool would deadlock).
	type item struct {
		rec *record
		out *StoredRecord
	}
	var items []item
	touched, err := r.touched(ctx)
	if err != nil {
		return err
	}
	flush := func() error {
		for _, it := range items {
			if it.out.GEDCOM == "" {
				if err := r.complete(ctx, it.rec, it.out); err != nil {
					return err
				}
			} else if touched[it.rec.id] {
				if it.out.Added, err = r.additions(ctx, it.rec); err != nil {
					return err
				}
			}
			if err := fn(it.out); err != nil {
				return err
			}
		}
		items = items[:0]
		return nil
	}
	var lastSeq int64 = -1
	for {
		n := 0
		rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT `+recordCols+` FROM records WHERE tree_id = ? AND seq > ? AND `+live("")+` ORDER BY seq, rev LIMIT 5000`), r.treeID, lastSeq, r.at, r.at)
		if err != nil {
			return fmt.Errorf("read records: %w", r.s.formatError(err))
		}
		for rows.Next() {
			rec, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("read records: %w", err)
			}
			n++
			lastSeq = rec.seq
			items = append(items, item{rec, &StoredRecord{ID: rec.id, Tag: rec.tag, Xref: rec.xref, GEDCOM: rec.gedcom.String}})
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read records: %w", err)
		}
		if err := flush(); err != nil {
			return err
		}
		if n < 5000 {
			return nil
		}
	}
}

// complete fills out with what kin knows of rec.
func (r *reader) complete(ctx context.Context, rec *record, out *StoredRecord) error {
	var err error
	switch rec.tag {
	case "INDI":
		facts, ferr := r.facts(ctx, `f.subject = ?`, string(rec.id))
		if ferr != nil {
			return ferr
		}
		var own []*Fact
		for _, f := range facts {
			if f.Kind == KindAssociation {
				a, err := decodeAssociation(f)
				if err != nil {
					return err
				}
				out.Associations = append(out.Associations, a)
			} else {
				own = append(own, f)
			}
		}
		out.Person, err = rec.person(own)
	case "FAM":
		facts, ferr := r.facts(ctx, `f.subject = ?`, string(rec.id))
		if ferr != nil {
			return ferr
		}
		out.Family, err = rec.family(facts)
	case "SOUR":
		out.Source, err = rec.source()
	case "REPO":
		out.Repository, err = decodeAs(rec, func(v *kin.Repository) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	case "NOTE", "SNOTE":
		out.Note, err = decodeAs(rec, func(v *kin.Note) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	case "OBJE":
		out.Media, err = decodeAs(rec, func(v *kin.Media) (*kin.ID, *kin.Xref) { return &v.ID, &v.Xref })
	}
	return err
}

// decodeAs returns a new T decoded from rec's data, with rec's ID and
// xref in the fields ids points to: a source, repository, note or media
// record, whose data is the whole value.
func decodeAs[T any](rec *record, ids func(*T) (*kin.ID, *kin.Xref)) (*T, error) {
	v := new(T)
	if err := rec.decode(v); err != nil {
		return nil, err
	}
	id, xref := ids(v)
	*id, *xref = rec.id, rec.xref
	return v, nil
}

func (rec *record) decode(v any) error {
	if !rec.data.Valid {
		return nil
	}
	if err := json.Unmarshal([]byte(rec.data.String), v); err != nil {
		return fmt.Errorf("record %s: %w", rec.id, err)
	}
	return nil
}

type counts struct{ people, families, sources, facts int }

func (t *Tree) counts(ctx context.Context) (counts, error) {
	var c counts
	r, err := t.reader(ctx)
	if err != nil {
		return c, err
	}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT tag, COUNT(*) FROM records WHERE tree_id = ? AND `+live("")+` GROUP BY tag`), r.treeID, r.at, r.at)
	if err != nil {
		return c, fmt.Errorf("count records: %w", r.s.formatError(err))
	}
	for rows.Next() {
		var tag string
		var n int
		if err := rows.Scan(&tag, &n); err != nil {
			rows.Close()
			return c, fmt.Errorf("count records: %w", err)
		}
		switch tag {
		case "INDI":
			c.people = n
		case "FAM":
			c.families = n
		case "SOUR":
			c.sources = n
		}
	}
	if err := rows.Close(); err != nil {
		return c, fmt.Errorf("count records: %w", err)
	}
	err = r.q.QueryRowContext(ctx, r.s.q(`SELECT COUNT(*) FROM facts WHERE tree_id = ? AND `+live("")), r.treeID, r.at, r.at).Scan(&c.facts)
	if err != nil {
		return c, fmt.Errorf("count facts: %w", r.s.formatError(err))
	}
	return c, nil
}

// Conflict is a slot of one record that holds facts with different values.
type Conflict struct {
	Subject kin.ID `json:"subject"`
	// Name is the subject's preferred name, when it is a person.
	Name string `json:"name,omitempty"`
	Slot string `json:"slot"`
	// Facts are the competing facts, the conclusion marked.
	Facts []*Fact `json:"facts"`
}

// Conflicts lists every slot whose live facts disagree, by subject.
func (t *Tree) Conflicts(ctx context.Context) ([]Conflict, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT f.subject, f.slot FROM facts f WHERE f.tree_id = ? AND f.slot <> '' AND `+live("f.")+`
		GROUP BY f.subject, f.slot HAVING COUNT(*) > 1 ORDER BY f.subject, f.slot`), r.treeID, r.at, r.at)
	if err != nil {
		return nil, fmt.Errorf("find conflicts: %w", r.s.formatError(err))
	}
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.Subject, &c.Slot); err != nil {
			rows.Close()
			return nil, fmt.Errorf("find conflicts: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("find conflicts: %w", err)
	}
	kept := out[:0]
	for i := range out {
		c := out[i]
		facts, err := r.facts(ctx, `f.subject = ? AND f.slot = ?`, string(c.Subject), c.Slot)
		if err != nil {
			return nil, err
		}
		if len(facts) < 2 || !disagree(facts) {
			continue
		}
		win := conclude(facts)
		for _, f := range facts {
			for _, w := range win {
				if w.ID == f.ID && w.Conclusion {
					f.Conclusion = true
				}
			}
		}
		for _, f := range facts {
			describe(f)
		}
		c.Facts = facts
		names, err := r.facts(ctx, `f.subject = ? AND f.kind = ?`, string(c.Subject), KindName)
		if err != nil {
			return nil, err
		}
		if len(names) > 0 {
			describe(names[0])
			c.Name = names[0].Summary
		}
		kept = append(kept, c)
	}
	return kept, nil
}

// people loads the people with ids, in that order, in a few queries;
// IDs that are not live people are left out.
func (r *reader) people(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	recs, facts, err := r.records(ctx, "INDI", ids, `f.kind <> '`+KindAssociation+`'`)
	if err != nil {
		return nil, fmt.Errorf("read people: %w", err)
	}
	bySubject := groupBySubject(facts)
	var out []*kin.Person
	for _, id := range ids {
		rec := recs[id]
		if rec == nil {
			continue
		}
		p, err := rec.person(bySubject[id])
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// Lookup finds a person by ID, then by xref ("I1" or "@I1@").
func (t *Tree) Lookup(ctx context.Context, ref string) (*kin.Person, error) {
	p, err := t.Person(ctx, kin.ID(ref))
	if kin.ErrorCode(err) != kin.ENOTFOUND {
		return p, err
	}
	r, rerr := t.reader(ctx)
	if rerr != nil {
		return nil, rerr
	}
	var id kin.ID
	xerr := r.q.QueryRowContext(ctx, r.s.q(`SELECT id FROM records WHERE tree_id = ? AND xref = ? AND tag = 'INDI' AND `+live("")+` LIMIT 1`),
		r.treeID, strings.Trim(ref, "@"), r.at, r.at).Scan(&id)
	if errors.Is(xerr, sql.ErrNoRows) {
		return nil, err
	} else if xerr != nil {
		return nil, fmt.Errorf("find person %s: %w", ref, r.s.formatError(xerr))
	}
	return r.person(ctx, id)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// groupBySubject returns facts grouped by their subject, in their order.
func groupBySubject(facts []*Fact) map[kin.ID][]*Fact {
	out := make(map[kin.ID][]*Fact)
	for _, f := range facts {
		out[f.Subject] = append(out[f.Subject], f)
	}
	return out
}

// markConclusions marks the facts among facts that are their slot's
// conclusion and fills in their descriptions, as Tree.Facts returns them.
func markConclusions(facts []*Fact) {
	concluded := make(map[int64]bool)
	for _, c := range conclude(facts) {
		if c.Conclusion {
			concluded[c.ID] = true
		}
	}
	for _, f := range facts {
		if concluded[f.ID] {
			f.Conclusion = true
		}
		describe(f)
	}
}
