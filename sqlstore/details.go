package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strings"

	"kin"
	"kin/date"
)

// idBatch is how many IDs one query of the batch reads takes: want, or
// fewer when the engine allows fewer placeholders (each ID is one; the
// tree and the transaction times take a few more).
func (s *Store) idBatch(want int) int {
	if m := s.Dialect.MaxParams; m > 0 && m-8 < want {
		return m - 8
	}
	return want
}

// Families returns the live families with ids, in that order, each as
// Family gives it, with one query for the records and one for their
// facts per few hundred IDs (see records); IDs that are not live families
// are left out. A relationship's explanation loads
// all the families on its paths at once with it.
func (t *Tree) Families(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	return readBatches(ctx, t, "FAM", "families", ids, "", (*record).family)
}

// PeopleBrief returns the live people with ids, in that order, each with
// only what a list or a relationship's explanation shows of a person: ID,
// xref, names, sex, birth and death, the conclusions as Person gives them,
// with their citations; no other events, record citations or record data
// (notes, external IDs). It reads and decodes about half of what People
// does. IDs that are not live people are left out.
func (t *Tree) PeopleBrief(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	return readBatches(ctx, t, "INDI", "people", ids, briefFacts, func(rec *record, facts []*Fact) (*kin.Person, error) {
		rec.data = sql.NullString{} // brief: the record's own data is left out
		return rec.person(facts)
	})
}

// readBatches reads the live records with ids and tag (what names them
// in errors), a few hundred at a time with their facts that meet cond
// (see reader.records), and makes each with build, in the order of ids;
// IDs that are not live records with tag are left out.
func readBatches[T any](ctx context.Context, t *Tree, tag, what string, ids []kin.ID, cond string, build func(*record, []*Fact) (T, error)) ([]T, error) {
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	batch := t.s.idBatch(400)
	var out []T
	for len(ids) > 0 {
		n := min(batch, len(ids))
		recs, facts, err := r.records(ctx, tag, ids[:n], cond)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", what, err)
		}
		bySubject := groupBySubject(facts)
		for _, id := range ids[:n] {
			rec := recs[id]
			if rec == nil {
				continue
			}
			v, err := build(rec, bySubject[id])
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		ids = ids[n:]
	}
	return out, nil
}

// briefFacts are the facts PeopleBrief reads: names, sex, and the slots
// of birth and death (every BIRT and DEAT fact has one, so the conclusion
// of each is the one Person finds).
const briefFacts = `(f.kind IN ('` + KindName + `', '` + KindSex + `') OR f.slot IN ('event:BIRT', 'event:DEAT'))`

// records reads the live records with ids and tag, by ID, with only their
// ID, tag, xref and data (what making a person or a family of them takes),
// and the live facts about them that also meet cond (on facts f; "" for
// all), with their citations and only what making the records takes of
// them: one query for the records and one for the facts, and one more
// when some record's facts come from more than one origin. The IDs are
// padded (idArgs) so that lists of any length use a few prepared
// statements.
func (r *reader) records(ctx context.Context, tag string, ids []kin.ID, cond string) (map[kin.ID]*record, []*Fact, error) {
	args := idArgs(ids, r.s.idBatch(400))
	list := placeholders(len(args))
	recs := make(map[kin.ID]*record, len(ids))
	// Only what making the record takes: its ID, xref and data.
	rows, err := r.query(ctx, `SELECT id, xref, data FROM records WHERE tree_id = ? AND id IN (`+list+`) AND tag = ? AND `+live(""),
		append(append([]any{r.treeID}, args...), tag, r.at, r.at)...)
	if err != nil {
		return nil, nil, r.s.formatError(err)
	}
	var id, xref string
	var data sql.NullString
	for rows.Next() {
		if err := rows.Scan(&id, &xref, &data); err != nil {
			rows.Close()
			return nil, nil, err
		}
		recs[kin.ID(id)] = &record{id: kin.ID(id), tag: tag, xref: kin.Xref(xref), data: data}
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(recs) == 0 {
		return recs, nil, nil
	}
	if cond != "" {
		cond = ` AND ` + cond
	}
	// Only the columns making the records takes: no fact a person is made
	// of has an object, and the grading of the facts (confidence, source
	// date, recording time, choices) decides only between facts of
	// different origins (see conclude). The facts of records whose facts
	// come from one origin, nearly all of them, are read without it, and
	// the others' again with it.
	var cols factCols
	if tag != "INDI" {
		cols = colObject
	}
	facts, err := r.factsRead(ctx, cols, `f.subject IN (`+list+`)`+cond, args...)
	if err != nil {
		return nil, nil, err
	}
	mixed := mixedOrigins(facts)
	if len(mixed) == 0 {
		return recs, facts, nil
	}
	margs := idArgs(mixed, r.s.idBatch(400))
	graded, err := r.factsRead(ctx, cols|colGrading, `f.subject IN (`+placeholders(len(margs))+`)`+cond, margs...)
	if err != nil {
		return nil, nil, err
	}
	regraded := make(map[kin.ID]bool, len(mixed))
	for _, id := range mixed {
		regraded[id] = true
	}
	out := graded
	for _, f := range facts {
		if !regraded[f.Subject] {
			out = append(out, f)
		}
	}
	return recs, out, nil
}

// mixedOrigins returns the subjects among facts, which come by subject,
// whose facts have more than one origin.
func mixedOrigins(facts []*Fact) []kin.ID {
	var out []kin.ID
	for run := range subjectRuns(facts) {
		if !oneOrigin(run) {
			out = append(out, run[0].Subject)
		}
	}
	return out
}

// subjectRuns yields the facts of each subject among facts, which come by
// subject, as one slice of facts.
func subjectRuns(facts []*Fact) iter.Seq[[]*Fact] {
	return func(yield func([]*Fact) bool) {
		for i := 0; i < len(facts); {
			j := i + 1
			for j < len(facts) && facts[j].Subject == facts[i].Subject {
				j++
			}
			if !yield(facts[i:j]) {
				return
			}
			i = j
		}
	}
}

// factsWith is facts in one query instead of three: each live fact
// matching cond (on facts f, with args) joined to its citations, in order,
// with whether a live choice names it. The reads of a few records (a
// person, a family, a batch of them) use it: SQLite then finds each fact
// once, not once per query.
func (r *reader) factsWith(ctx context.Context, cond string, args ...any) ([]*Fact, error) {
	return r.factsRead(ctx, factsFull, cond, args...)
}

// factCols says which columns of the facts a read takes besides those
// every read takes (ID, subject, kind, slot, value, origin, seq and the
// citations).
type factCols uint8

const (
	// colObject is the fact's object.
	colObject factCols = 1 << iota
	// colValidTime is the fact's valid time (Earliest, Latest; its value
	// holds it too).
	colValidTime
	// colGrading is what decides a contested slot's conclusion: the
	// fact's confidence, source date and recording time, and whether a
	// live choice names it (Chosen).
	colGrading
	// colSupersession is when and by what the fact was superseded (a
	// live fact is superseded after the reader's time, if at all).
	colSupersession

	// factsFull is every column: the facts as Facts gives them.
	factsFull = colObject | colValidTime | colGrading | colSupersession
)

// factsRead is factsWith with the columns of cols: each column of each
// row costs the driver a few calls into SQLite, each under the
// connection's mutex, so a read that does not need them leaves them out.
//
// The query asks for the facts by subject and ID, the order SQLite's index
// of facts by subject gives them in, and the facts of each subject are
// then put in stored order here (sortBySeq): ordered by subject, seq and
// ID, SQLite sorted all the rows with their 24 columns, which took as long
// as reading them.
func (r *reader) factsRead(ctx context.Context, cols factCols, cond string, args ...any) ([]*Fact, error) {
	// The row's columns are scanned into variables made once, into plain
	// types (database/sql converts into named types such as kin.ID by
	// reflection).
	var (
		id, conf, srcDate, seq, rec, chosen int64
		subject, kind, slot, object, value  string
		origin                              string
		lo, hi, supAt, supBy                sql.NullInt64
		start, end, cconf                   sql.NullInt64
		source, page, quote, extra          sql.NullString
	)
	var b strings.Builder
	dest := make([]any, 0, 24)
	col := func(name string, v any) {
		if len(dest) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
		dest = append(dest, v)
	}
	b.WriteString("SELECT ")
	col("f.id", &id)
	col("f.subject", &subject)
	col("f.kind", &kind)
	col("f.slot", &slot)
	if cols&colObject != 0 {
		col("f.object", &object)
	}
	col("f.value", &value)
	if cols&colValidTime != 0 {
		col("f.date_min", &lo)
		col("f.date_max", &hi)
	}
	col("f.origin", &origin)
	col("f.seq", &seq)
	all := make([]any, 0, len(args)+5)
	if cols&colGrading != 0 {
		col("f.confidence", &conf)
		col("f.source_date", &srcDate)
		col("f.recorded_at", &rec)
		col(`CASE WHEN f.slot <> '' AND EXISTS (SELECT 1 FROM choices ch WHERE ch.tree_id = f.tree_id AND ch.subject = f.subject
			AND ch.slot = f.slot AND ch.fact_id = f.id AND `+live("ch.")+`) THEN 1 ELSE 0 END`, &chosen)
		all = append(all, r.at, r.at)
	}
	if cols&colSupersession != 0 {
		col("f.superseded_at", &supAt)
		col("f.superseded_by", &supBy)
	}
	col("c.source", &source)
	col("c.page", &page)
	col("c.quote", &quote)
	col("c.span_start", &start)
	col("c.span_end", &end)
	col("c.confidence", &cconf)
	col("c.extra", &extra)
	b.WriteString(`
		FROM facts f LEFT JOIN citations c ON c.tree_id = f.tree_id AND c.fact_id = f.id
		WHERE f.tree_id = ? AND ` + cond + ` AND ` + live("f.") + ` ORDER BY f.subject, f.id, c.seq`)
	all = append(all, r.treeID)
	all = append(all, args...)
	all = append(all, r.at, r.at)
	rows, err := r.query(ctx, b.String(), all...)
	if err != nil {
		return nil, fmt.Errorf("read facts: %w", r.s.formatError(err))
	}
	defer rows.Close()
	var out []*Fact
	var f *Fact
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("read facts: %w", err)
		}
		if f == nil || f.ID != id {
			f = &Fact{ID: id, Subject: kin.ID(subject), Kind: kind, Slot: slot, Object: kin.ID(object), Value: json.RawMessage(value),
				Confidence: kin.Confidence(conf), SourceDate: date.JDN(srcDate), Origin: origin, Seq: int(seq), Chosen: chosen != 0}
			r.setFactTimes(f, lo, hi, rec, supAt, supBy)
			out = append(out, f)
		}
		if !source.Valid { // no citation: source is NOT NULL in the table
			continue
		}
		c := kin.Citation{Source: kin.ID(source.String), Page: page.String, Quote: quote.String}
		if err := setCitationCols(&c, id, start, end, cconf, extra); err != nil {
			return nil, err
		}
		f.Citations = append(f.Citations, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read facts: %w", err)
	}
	sortBySeq(out)
	return out, nil
}

// sortBySeq puts each subject's facts among facts, which come by subject
// and ID, in stored order: by seq, then ID.
func sortBySeq(facts []*Fact) {
	for run := range subjectRuns(facts) {
		slices.SortStableFunc(run, func(a, b *Fact) int { return cmp.Compare(a.Seq, b.Seq) })
	}
}
