package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"kin"
	"kin/date"
)

// Record is one record to import: what it means in kin's terms and, for a
// record read from a GEDCOM file, the record itself as GEDCOM text so that
// export gives it back unchanged. At most one of Person, Family, Source,
// Repository, Note and Media is set; a record kin does not model (SUBM, an
// extension record) has none and is kept only as text.
type Record struct {
	Tag  string // the GEDCOM record tag: "INDI", "FAM", "SOUR", "_LOC" …
	Xref kin.Xref
	// ID is the record's kin ID; when empty it is taken from the kin
	// record, else from the xref.
	ID kin.ID
	// UID is the record's most stable identifier (GEDCOM UID, _UID or
	// EXID); re-imports match records by it before they try the xref.
	UID string
	// GEDCOM is the record encoded as GEDCOM text, level 0 line first,
	// in the version of the import.
	GEDCOM string

	Person     *kin.Person
	Family     *kin.Family
	Source     *kin.Source
	Repository *kin.Repository
	Note       *kin.Note
	Media      *kin.Media
	// Associations are the ties recorded on Person (GEDCOM ASSO).
	Associations []*kin.Association
}

func (r *Record) id() kin.ID {
	switch {
	case r.ID != "":
		return r.ID
	case r.Person != nil && r.Person.ID != "":
		return r.Person.ID
	case r.Family != nil && r.Family.ID != "":
		return r.Family.ID
	case r.Source != nil && r.Source.ID != "":
		return r.Source.ID
	case r.Repository != nil && r.Repository.ID != "":
		return r.Repository.ID
	case r.Note != nil && r.Note.ID != "":
		return r.Note.ID
	case r.Media != nil && r.Media.ID != "":
		return r.Media.ID
	}
	return kin.ID(r.Xref)
}

// ImportInfo describes the file an import reads.
type ImportInfo struct {
	Filename string
	// Version is the file's GEDCOM version ("7.0", "5.5.1"); the stored
	// record texts are in it.
	Version string
	// Header is the file's HEAD record as GEDCOM text.
	Header string
}

// ImportStats summarises an import.
type ImportStats struct {
	Records  int `json:"records"`
	People   int `json:"people"`
	Families int `json:"families"`
	Sources  int `json:"sources"`
	// Merged reports that the tree already held records, so the import
	// was matched against them: Kept facts were already there, Added are
	// new and Superseded were replaced or are no longer in the file.
	Merged     bool `json:"merged"`
	Added      int  `json:"facts_added"`
	Kept       int  `json:"facts_kept"`
	Superseded int  `json:"facts_superseded"`
	// Removed counts records of earlier imports the file no longer has.
	Removed int `json:"records_removed"`
}

// Import reads records from next until it returns io.EOF and stores them in
// the tree, all in one transaction: if anything fails, or the process dies,
// the tree is as it was. Importing into an empty tree loads in bulk;
// importing into a tree that has records matches each record by UID, then
// xref, keeps facts that are unchanged, adds new ones and supersedes the
// ones that changed or went away, so the tree's history shows the change.
func (t *Tree) Import(ctx context.Context, info ImportInfo, next func() (*Record, error)) (ImportStats, error) {
	var stats ImportStats
	err := t.s.write(ctx, func(tx *Tx) error {
		w, err := t.newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.release()
		w.origin = OriginGEDCOM
		if err := w.beginImport(ctx, info); err != nil {
			return err
		}
		if w.bulk {
			packed, perr := w.hasPostingLists(ctx)
			if perr != nil {
				return perr
			}
			if !packed {
				w.postings = map[string]*postingList{}
			}
			err = w.importPipelined(ctx, next)
		} else {
			err = w.importEach(ctx, next)
		}
		if err != nil {
			return err
		}
		if err := w.finishImport(ctx, info); err != nil {
			return err
		}
		stats = w.stats
		return nil
	})
	return stats, err
}

// importEach stores the records next returns one after the other.
func (w *writer) importEach(ctx context.Context, next func() (*Record, error)) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := next()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		if err := w.importRecord(ctx, r, nil); err != nil {
			return err
		}
	}
}

// built is a record with its facts and record data, made ahead of the
// writer by importPipelined.
type built struct {
	r     *Record
	id    kin.ID // the record's ID in the tree, checked to be new
	facts []*Fact
	data  json.RawMessage
	err   error // building failed; err is the record's error
}

// Sizes of the import pipeline: records per batch handed from the builder
// to the writer, and batches the builder may be ahead. The writer is the
// slower side, so the buffers stay full: every record held costs live heap
// the collector scans (8 × 256 held ~80 MB more on 200k people).
const (
	pipeBatch = 128
	pipeAhead = 4
)

// importPipelined stores the records next returns while a goroutine of its
// own reads them and builds their facts and JSON ahead of this one, which
// owns the transaction and does only the database's work. It is used for a
// bulk load, where a record's facts do not depend on what the tree holds:
// no IDs are translated, and the sources' dates the grading needs come
// from the records read before, in file order, as they do when the records
// are stored one after the other. An error on either side stops both and
// the transaction rolls back.
func (w *writer) importPipelined(ctx context.Context, next func() (*Record, error)) error {
	ch := make(chan []built, pipeAhead)
	quit := make(chan struct{})
	done := make(chan struct{})
	// The builder checks that no ID comes twice, so the writer need not:
	// in a bulk load no IDs are translated, and the builder counts the
	// records to know the ID a record without one gets (recordID).
	seq := w.seq
	go func() {
		defer close(done)
		defer close(ch)
		seen := make(map[kin.ID]bool)
		batch := make([]built, 0, pipeBatch)
		send := func() bool {
			select {
			case ch <- batch:
				batch = make([]built, 0, pipeBatch)
				return true
			case <-quit:
				return false
			}
		}
		for {
			r, err := next()
			if err == io.EOF {
				if len(batch) > 0 {
					send()
				}
				return
			} else if err != nil {
				batch = append(batch, built{err: err})
				send()
				return
			}
			b := built{r: r}
			if r != nil {
				seq++
				b.id = recordID(r, seq)
				if seen[b.id] {
					b.err = duplicate(b.id, r)
				}
				seen[b.id] = true
				if id := r.id(); id != "" && b.err == nil {
					b.facts, b.data, b.err = w.recordFacts(r, id)
					for _, f := range b.facts {
						if b.err == nil {
							b.err = w.factRows(f)
						}
					}
					if b.err != nil {
						b.err = fmt.Errorf("record %s: %w", id, b.err)
					}
				}
			}
			batch = append(batch, b)
			if b.err != nil || len(batch) == pipeBatch {
				if !send() || b.err != nil {
					return
				}
			}
		}
	}()
	stop := func() {
		close(quit)
		<-done
	}
	for batch := range ch {
		for i := range batch {
			b := &batch[i]
			if b.err != nil {
				stop()
				return b.err
			}
			if err := ctx.Err(); err != nil {
				stop()
				return err
			}
			if err := w.importRecord(ctx, b.r, b); err != nil {
				stop()
				return err
			}
			batch[i] = built{}
		}
	}
	<-done
	return nil
}

// writer holds the state of one write transaction on one tree.
type writer struct {
	s      *Store
	t      *Tree
	tx     *Tx
	treeID int64
	now    int64
	origin string

	importID  int64
	bulk      bool // the tree had no records: no matching needed
	dropped   []string
	seq       int64
	nextID    int64
	lastID    int64
	seen      map[kin.ID]bool
	translate map[kin.ID]kin.ID // IDs in the file → IDs in the tree
	srcDates  map[kin.ID]date.JDN
	srcSeen   map[kin.ID]bool
	// lateCites lists, by source, the facts that cite a source whose
	// record had not been read yet: their source date is fixed at the end.
	lateCites  map[kin.ID][]int64
	vocabulary map[string]bool
	// postings, when not nil, packs a bulk load's name postings by word
	// instead of writing a row for each: one name_postings row a word is
	// written at the end (see postings.go).
	postings map[string]*postingList
	stats    ImportStats

	records, facts, citations, words *batch
}

func (t *Tree) newWriter(ctx context.Context, tx *Tx) (*writer, error) {
	id, err := t.ensure(ctx, tx)
	if err != nil {
		return nil, err
	}
	s := t.s
	w := &writer{
		s: s, t: t, tx: tx, treeID: id, now: s.now(),
		seen:       map[kin.ID]bool{},
		translate:  map[kin.ID]kin.ID{},
		srcDates:   map[kin.ID]date.JDN{},
		srcSeen:    map[kin.ID]bool{},
		lateCites:  map[kin.ID][]int64{},
		vocabulary: map[string]bool{},
	}
	// The tree and the transaction time are the same in every row.
	treeNow := []string{"tree_id", "recorded_at"}
	// So are a writer's import (addRecord sets it) and its facts' origin
	// (addFact sets it).
	w.records = s.newBatch(tx, "records", "rev", "id", "tag", "xref", "uid", "seq", "gedcom", "data").fix([]string{"tree_id", "recorded_at", "import_id"}, id, w.now, nil)
	w.facts = s.newBatch(tx, "facts", "id", "subject", "kind", "slot", "object", "value", "date_min", "date_max", "confidence", "source_date", "seq").fix([]string{"tree_id", "recorded_at", "origin"}, id, w.now, "")
	w.citations = s.newBatch(tx, "citations", "fact_id", "seq", "source", "page", "quote", "span_start", "span_end", "confidence", "date_text", "extra").fix([]string{"tree_id"}, id)
	w.words = s.newBatch(tx, "name_words", "word", "subject", "fact_id").fix(treeNow, id, w.now)
	w.citations.follow(w.facts)
	if err := tx.QueryRowContext(ctx, s.q(`SELECT COALESCE(MAX(seq), 0) FROM records WHERE tree_id = ?`), id).Scan(&w.seq); err != nil {
		return nil, fmt.Errorf("read tree %q: %w", t.name, s.formatError(err))
	}
	return w, nil
}

// flush writes every queued row, so that queries in the transaction see them.
func (w *writer) flush(ctx context.Context) error {
	for _, b := range []*batch{w.records, w.facts, w.citations, w.words} {
		if err := b.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}

// release releases the batches' statements, for a write that may have
// failed; after close it does nothing.
func (w *writer) release() {
	for _, b := range []*batch{w.records, w.facts, w.citations, w.words} {
		b.release()
	}
}

func (w *writer) close(ctx context.Context) error {
	var errs []error
	for _, b := range []*batch{w.records, w.facts, w.citations, w.words} {
		errs = append(errs, b.close(ctx))
	}
	return errors.Join(errs...)
}

// newID returns a fresh row ID, reserving them in blocks.
func (w *writer) newID(ctx context.Context) (int64, error) {
	if w.nextID == 0 || w.nextID > w.lastID {
		const block = 4096
		first, err := w.s.Dialect.AllocIDs(ctx, w.tx, w.treeID, block)
		if err != nil {
			return 0, fmt.Errorf("allocate ids: %w", w.s.formatError(err))
		}
		w.nextID, w.lastID = first, first+block-1
	}
	id := w.nextID
	w.nextID++
	return id, nil
}

func (w *writer) beginImport(ctx context.Context, info ImportInfo) error {
	var n int
	if err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT COUNT(*) FROM records WHERE tree_id = ? AND superseded_at IS NULL`), w.treeID).Scan(&n); err != nil {
		return fmt.Errorf("read tree %q: %w", w.t.name, w.s.formatError(err))
	}
	w.bulk = n == 0
	w.stats.Merged = !w.bulk
	if w.bulk && w.s.Dialect.BulkIndexes != "" {
		var any int
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT 1 FROM facts LIMIT 1`)).Scan(&any)
		if errors.Is(err, sql.ErrNoRows) {
			// The database holds no facts at all: load without
			// secondary indexes and build them at the end.
			if w.dropped, err = DropBulkIndexes(ctx, w.tx, w.s.Dialect.BulkIndexes); err != nil {
				return fmt.Errorf("drop indexes: %w", w.s.formatError(err))
			}
		} else if err != nil {
			return fmt.Errorf("read facts: %w", w.s.formatError(err))
		}
	}
	err := w.tx.QueryRowContext(ctx, w.s.q(`INSERT INTO imports (tree_id, filename, version, header, recorded_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		w.treeID, info.Filename, info.Version, info.Header, w.now).Scan(&w.importID)
	if err != nil {
		return fmt.Errorf("record import: %w", w.s.formatError(err))
	}
	return nil
}

func (w *writer) finishImport(ctx context.Context, info ImportInfo) error {
	for word := range w.postings {
		w.vocabulary[word] = true
	}
	if err := w.close(ctx); err != nil {
		return err
	}
	if !w.bulk {
		if err := w.removeUnseen(ctx); err != nil {
			return err
		}
	}
	if err := w.dateLateCites(ctx); err != nil {
		return err
	}
	if err := w.saveVocabulary(ctx); err != nil {
		return err
	}
	if w.postings != nil {
		if err := w.writePostingLists(ctx); err != nil {
			return err
		}
	}
	if w.s.Dialect.BuildIndexes != nil && len(w.dropped) > 0 {
		if err := w.s.Dialect.BuildIndexes(ctx, w.tx, w.dropped); err != nil {
			return fmt.Errorf("create indexes: %w", w.s.formatError(err))
		}
	} else {
		for _, stmt := range w.dropped {
			if _, err := w.tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create index: %w", w.s.formatError(err))
			}
		}
	}
	if w.s.Dialect.Analyze != nil {
		if err := w.s.Dialect.Analyze(ctx, w.tx); err != nil {
			return fmt.Errorf("analyze: %w", w.s.formatError(err))
		}
	}
	if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE imports SET records = ?, added = ?, superseded = ? WHERE id = ?`),
		w.stats.Records, w.stats.Added, w.stats.Superseded, w.importID); err != nil {
		return fmt.Errorf("record import: %w", w.s.formatError(err))
	}
	if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE trees SET gedcom_version = ?, header = ?, updated_at = ? WHERE id = ?`),
		info.Version, info.Header, w.now, w.treeID); err != nil {
		return fmt.Errorf("update tree: %w", w.s.formatError(err))
	}
	return nil
}

// dateLateCites gives the facts that cite a source read after them the
// source's date, with one prepared statement: a file that lists its
// sources last has every citing fact here.
func (w *writer) dateLateCites(ctx context.Context) error {
	var st *sql.Stmt
	for src, ids := range w.lateCites {
		d, ok := w.srcDates[src]
		if !ok {
			continue
		}
		if st == nil {
			var err error
			if st, err = w.tx.PrepareContext(ctx, w.s.q(`UPDATE facts SET source_date = ? WHERE tree_id = ? AND id = ? AND source_date < ?`)); err != nil {
				return fmt.Errorf("date citations: %w", w.s.formatError(err))
			}
			defer st.Close()
		}
		for _, id := range ids {
			if _, err := st.ExecContext(ctx, int64(d), w.treeID, id, int64(d)); err != nil {
				return fmt.Errorf("date citations of %s: %w", src, w.s.formatError(err))
			}
		}
	}
	return nil
}

// saveVocabulary adds the words of new names to the tree's vocabulary,
// with their trigrams.
func (w *writer) saveVocabulary(ctx context.Context) error {
	if len(w.vocabulary) == 0 {
		return nil
	}
	words := slices.Sorted(maps.Keys(w.vocabulary))
	read := !w.bulk
	if w.bulk {
		// A bulk load's tree has no records, but it may have had some:
		// their words are still in its vocabulary.
		var one int
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT 1 FROM words WHERE tree_id = ? LIMIT 1`), w.treeID).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read words: %w", w.s.formatError(err))
		}
		read = err == nil
	}
	if read {
		// Only the words of these names are looked up, not the whole
		// vocabulary: an edit names a few.
		existing := map[string]bool{}
		per := w.s.idBatch(500)
		for rest := words; len(rest) > 0; {
			n := min(per, len(rest))
			args := []any{w.treeID}
			for _, word := range rest[:n] {
				args = append(args, word)
			}
			rest = rest[n:]
			rows, err := w.tx.QueryContext(ctx, w.s.q(`SELECT word FROM words WHERE tree_id = ? AND word IN (`+placeholders(n)+`)`), args...)
			if err != nil {
				return fmt.Errorf("read words: %w", w.s.formatError(err))
			}
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					rows.Close()
					return fmt.Errorf("read words: %w", err)
				}
				existing[s] = true
			}
			if err := rows.Close(); err != nil {
				return fmt.Errorf("read words: %w", err)
			}
		}
		words = slices.DeleteFunc(words, func(word string) bool { return existing[word] })
	}
	b := w.s.newBatch(w.tx, "words", "tree_id", "word", "soundex")
	defer b.release()
	for _, word := range words {
		if err := b.add(ctx, w.treeID, word, Soundex(word)); err != nil {
			return err
		}
	}
	if err := b.close(ctx); err != nil {
		return err
	}
	return w.s.writeWordGrams(ctx, w.tx, w.treeID, words)
}

// mapID translates an ID of the incoming data to the ID the tree uses.
func (w *writer) mapID(id kin.ID) kin.ID {
	if to, ok := w.translate[id]; ok {
		return to
	}
	return id
}

// existing is a record's current revision in the tree.
type existing struct {
	rev    int64
	seq    int64
	id     kin.ID
	gedcom sql.NullString
	data   sql.NullString
}

// match finds the current record the incoming record r is, by UID and
// then by xref (when the record found has no other UID).
func (w *writer) match(ctx context.Context, r *Record, id kin.ID) (*existing, error) {
	try := func(where string, arg any) (*existing, error) {
		var e existing
		var uid string
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT rev, seq, id, uid, gedcom, data FROM records WHERE tree_id = ? AND `+where+` AND superseded_at IS NULL ORDER BY rev LIMIT 1`), w.treeID, arg).
			Scan(&e.rev, &e.seq, &e.id, &uid, &e.gedcom, &e.data)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		} else if err != nil {
			return nil, fmt.Errorf("match record %s: %w", id, w.s.formatError(err))
		}
		if !strings.HasPrefix(where, "uid") && r.UID != "" && uid != "" && uid != r.UID {
			return nil, nil
		}
		return &e, nil
	}
	if r.UID != "" {
		if e, err := try("uid = ? AND uid <> ''", r.UID); e != nil || err != nil {
			return e, err
		}
	}
	if r.Xref != "" {
		if e, err := try("xref = ?", string(r.Xref)); e != nil || err != nil {
			return e, err
		}
	}
	e, err := try("id = ?", string(id))
	if e != nil && r.Xref != "" {
		// Same ID but the tree's record has another xref: a different
		// record, so the incoming one needs an ID of its own.
		return nil, err
	}
	return e, err
}

// freeID returns id, or id with a suffix if the tree already has a record
// with that ID.
func (w *writer) freeID(ctx context.Context, id kin.ID) (kin.ID, error) {
	for i := 1; ; i++ {
		try := id
		if i > 1 {
			try = kin.ID(fmt.Sprintf("%s~%d", id, i))
		}
		if w.seen[try] {
			continue
		}
		var one int
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT 1 FROM records WHERE tree_id = ? AND id = ? LIMIT 1`), w.treeID, string(try)).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return try, nil
		} else if err != nil {
			return "", fmt.Errorf("check id %s: %w", try, w.s.formatError(err))
		}
	}
}

// recordID is the ID of record r, the seq-th of its tree, in the file: its
// own, else one made from seq.
func recordID(r *Record, seq int64) kin.ID {
	if id := r.id(); id != "" {
		return id
	}
	return kin.ID(fmt.Sprintf("R%d", seq))
}

func duplicate(id kin.ID, r *Record) error {
	return kin.Errorf(kin.EINVALID, "Record %s (@%s@) appears twice.", id, r.Xref)
}

// importRecord stores r. pre, when not nil, holds r's facts and data,
// built ahead (see importPipelined); otherwise they are built here.
func (w *writer) importRecord(ctx context.Context, r *Record, pre *built) error {
	if r == nil {
		return nil
	}
	w.stats.Records++
	switch {
	case r.Person != nil:
		w.stats.People++
	case r.Family != nil:
		w.stats.Families++
	case r.Source != nil:
		w.stats.Sources++
	}
	id := recordID(r, w.seq+1)
	var old *existing
	if !w.bulk {
		if err := w.flush(ctx); err != nil {
			return err
		}
		var err error
		if old, err = w.match(ctx, r, id); err != nil {
			return err
		}
		if old != nil && old.id != id {
			w.translate[id] = old.id
		} else if old == nil {
			free, err := w.freeID(ctx, id)
			if err != nil {
				return err
			}
			if free != id {
				w.translate[id] = free
			}
		}
	}
	id = w.mapID(id)
	if pre == nil || pre.id != id {
		if w.seen[id] {
			return duplicate(id, r)
		}
		w.seen[id] = true
	}

	var facts []*Fact
	var data json.RawMessage
	if pre != nil && pre.r.id() == id {
		facts, data = pre.facts, pre.data
	} else {
		var err error
		if facts, data, err = w.recordFacts(r, id); err != nil {
			return fmt.Errorf("record %s: %w", id, err)
		}
	}
	w.seq++
	seq := w.seq
	if old != nil {
		seq = old.seq // a changed record keeps its place
	}
	if old == nil || old.gedcom.String != r.GEDCOM || old.gedcom.Valid != (r.GEDCOM != "") || old.data.String != string(data) {
		if old != nil {
			if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE records SET superseded_at = ? WHERE tree_id = ? AND rev = ?`), w.now, w.treeID, old.rev); err != nil {
				return fmt.Errorf("supersede record %s: %w", id, w.s.formatError(err))
			}
		}
		if err := w.addRecord(ctx, id, r, data, seq); err != nil {
			return err
		}
	}
	if old == nil {
		for _, f := range facts {
			if err := w.addFact(ctx, f); err != nil {
				return err
			}
		}
		return nil
	}
	return w.replaceFacts(ctx, id, facts, []string{OriginGEDCOM, OriginEdit})
}

func (w *writer) addRecord(ctx context.Context, id kin.ID, r *Record, data json.RawMessage, seq int64) error {
	rev, err := w.newID(ctx)
	if err != nil {
		return err
	}
	var text, js any
	if r.GEDCOM != "" {
		text = r.GEDCOM
	}
	if len(data) > 0 && string(data) != "null" {
		js = string(data)
	}
	var imp any
	if w.importID != 0 {
		imp = w.importID
	}
	if err := w.records.setFixed(ctx, recordImport, imp); err != nil {
		return err
	}
	return w.records.add(ctx, rev, string(id), r.Tag, string(r.Xref), r.UID, seq, text, js)
}

// recordFacts returns the facts and the record data of r, with IDs
// translated to the tree's. It notes the dates of sources, which grade the
// facts of later records; it touches no other state of w, so that it can
// run ahead of the writer (importPipelined).
func (w *writer) recordFacts(r *Record, id kin.ID) ([]*Fact, json.RawMessage, error) {
	var enc encoder
	switch {
	case r.Person != nil:
		p := *r.Person
		p.ID = id
		facts, data, err := personFacts(&p)
		if err != nil {
			return nil, nil, err
		}
		for i, a := range r.Associations {
			c := *a
			c.Person = id
			c.Other = w.mapID(c.Other)
			facts = append(facts, associationFact(&enc, &c, len(facts)+i))
		}
		return w.fixCitations(facts), data, enc.err
	case r.Family != nil:
		f := *r.Family
		f.ID = id
		f.Partners = make([]kin.ID, len(r.Family.Partners))
		for i, p := range r.Family.Partners {
			f.Partners[i] = w.mapID(p)
		}
		f.Children = make([]kin.ChildLink, len(r.Family.Children))
		for i, c := range r.Family.Children {
			c.Child = w.mapID(c.Child)
			f.Children[i] = c
		}
		facts, data, err := familyFacts(&f)
		return w.fixCitations(facts), data, err
	case r.Source != nil:
		src := *r.Source
		src.ID = id
		w.srcSeen[id] = true
		if !src.Date.IsZero() {
			_, hi := dateRange(src.Date)
			w.srcDates[id] = hi
		}
		return nil, enc.json(src), enc.err
	case r.Repository != nil:
		v := *r.Repository
		v.ID = id
		return nil, enc.json(v), enc.err
	case r.Note != nil:
		v := *r.Note
		v.ID = id
		return nil, enc.json(v), enc.err
	case r.Media != nil:
		v := *r.Media
		v.ID = id
		return nil, enc.json(v), enc.err
	}
	return nil, nil, nil
}

// fixCitations points citations at the tree's source IDs and grades the
// facts. In an import, it notes on each fact the sources it cites that
// were not read yet (see lateCites).
func (w *writer) fixCitations(facts []*Fact) []*Fact {
	for _, f := range facts {
		if len(w.translate) > 0 {
			for i := range f.Citations {
				f.Citations[i].Source = w.mapID(f.Citations[i].Source)
			}
		}
		f.grade(func(id kin.ID) date.JDN { return w.srcDates[id] })
		if w.importID != 0 {
			for _, c := range f.Citations {
				if !w.srcSeen[c.Source] {
					f.late = append(f.late, c.Source)
				}
			}
		}
	}
	return facts
}

// addFact stores a new fact with its citations and name words.
func (w *writer) addFact(ctx context.Context, f *Fact) error {
	id, err := w.newID(ctx)
	if err != nil {
		return err
	}
	f.ID = id
	if f.row == nil {
		if err := w.factRows(f); err != nil {
			return err
		}
	}
	f.row[0] = id
	if err := w.facts.setFixed(ctx, factOrigin, f.Origin); err != nil {
		return err
	}
	if err := w.facts.add(ctx, f.row...); err != nil {
		return err
	}
	w.stats.Added++
	for _, src := range f.late {
		w.lateCites[src] = append(w.lateCites[src], id)
	}
	for _, row := range f.citeRows {
		row[0] = id
		if err := w.citations.add(ctx, row...); err != nil {
			return err
		}
	}
	if f.Kind == KindName {
		words := f.words
		if !f.hasWords {
			var n kin.Name
			if err := json.Unmarshal(f.Value, &n); err != nil {
				return fmt.Errorf("fact %d: %w", id, err)
			}
			words = nameWords(n)
		}
		for _, word := range words {
			if w.postings != nil {
				l := w.postings[word]
				if l == nil {
					l = newPostingList(w.now)
					w.postings[word] = l
				}
				l.add(f.Subject, id, w.now)
				continue
			}
			w.vocabulary[word] = true
			if err := w.words.add(ctx, word, string(f.Subject), id); err != nil {
				return err
			}
		}
	}
	return nil
}

// factOrigin and recordImport are the places of a fact's origin and a
// record's import among the fixed values of their batches.
const (
	factOrigin   = 2
	recordImport = 2
)

// factRows makes the rows of f and of its citations as the facts' and
// citations' batches take them, with the fact's ID, not known yet, left to
// fill in (the first value of each); the fact's origin is a fixed value of
// the facts' batch (see addFact). A bulk import makes them ahead of the
// writer (importPipelined).
func (w *writer) factRows(f *Fact) error {
	if f.Origin == "" {
		f.Origin = w.origin
	}
	var lo, hi any
	if f.dateMin != nil {
		lo = *f.dateMin
	}
	if f.dateMax != nil {
		hi = *f.dateMax
	}
	f.row = []any{nil, string(f.Subject), f.Kind, f.Slot, string(f.Object), string(f.Value),
		lo, hi, int(f.Confidence), int64(f.SourceDate), f.Seq}
	f.citeRows = make([][]any, len(f.Citations))
	for i, c := range f.Citations {
		var start, end, conf any
		if c.Span != nil {
			start, end = c.Span.Start, c.Span.End
		}
		if c.ConfidenceKnown {
			conf = int(c.Confidence)
		}
		dt := ""
		if !c.Date().IsZero() {
			dt = c.Date().String()
		}
		var extra any
		if !c.Date().IsZero() || len(c.Notes()) > 0 {
			var enc encoder
			extra = string(enc.json(citationExtra{Date: c.Date(), Notes: c.Notes()}))
			if enc.err != nil {
				return enc.err
			}
		}
		f.citeRows[i] = []any{nil, i, string(c.Source), c.Page, c.Quote, start, end, conf, dt, extra}
	}
	return nil
}

// citationExtra is the part of a citation kept as JSON: its date in full
// and its notes.
type citationExtra struct {
	Date  date.Date  `json:"date"`
	Notes []kin.Note `json:"notes,omitempty"`
}

// currentFacts returns the current facts about subject with one of the
// origins, in stored order.
func (w *writer) currentFacts(ctx context.Context, subject kin.ID, origins []string) ([]*Fact, error) {
	r := &reader{s: w.s, q: w.tx, treeID: w.treeID, at: forever}
	facts, err := r.facts(ctx, `f.subject = ?`, string(subject))
	if err != nil {
		return nil, err
	}
	out := facts[:0]
	for _, f := range facts {
		for _, o := range origins {
			if f.Origin == o {
				out = append(out, f)
				break
			}
		}
	}
	return out, nil
}

// replaceFacts makes facts the current facts of subject among those with
// one of the origins: identical facts are kept, new ones added, and the
// others superseded, by a new fact of the same slot or kind when there is
// one.
func (w *writer) replaceFacts(ctx context.Context, subject kin.ID, facts []*Fact, origins []string) error {
	old, err := w.currentFacts(ctx, subject, origins)
	if err != nil {
		return err
	}
	have := newFactIndex(old)
	kept := map[int64]bool{}
	var added []*Fact
	for _, f := range facts {
		if o := have.find(f, true); o != nil {
			kept[o.ID] = true
			w.stats.Kept++
			continue
		}
		if err := w.addFact(ctx, f); err != nil {
			return err
		}
		added = append(added, f)
	}
	for _, o := range old {
		if kept[o.ID] {
			continue
		}
		var by any
		for _, a := range added {
			if a.Kind == o.Kind && a.Slot == o.Slot && (o.Slot != "" || a.Object == o.Object) {
				by = a.ID
				break
			}
		}
		if err := w.supersede(ctx, o, by); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) supersede(ctx context.Context, f *Fact, by any) error {
	factID := f.ID
	if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE facts SET superseded_at = ?, superseded_by = ? WHERE tree_id = ? AND id = ?`), w.now, by, w.treeID, factID); err != nil {
		return fmt.Errorf("supersede fact %d: %w", factID, w.s.formatError(err))
	}
	if f.Kind == KindName {
		// The postings carry the fact's transaction time, so search
		// needs no join.
		var n kin.Name
		if err := json.Unmarshal(f.Value, &n); err != nil {
			return fmt.Errorf("fact %d: %w", factID, err)
		}
		if err := w.supersedePostings(ctx, f, nameWords(n)); err != nil {
			return err
		}
	}
	w.stats.Superseded++
	return nil
}

// removeUnseen supersedes the records of earlier imports that this import
// did not have, and their own facts.
func (w *writer) removeUnseen(ctx context.Context) error {
	rows, err := w.tx.QueryContext(ctx, w.s.q(`SELECT rev, id FROM records WHERE tree_id = ? AND superseded_at IS NULL AND import_id IS NOT NULL`), w.treeID)
	if err != nil {
		return fmt.Errorf("find removed records: %w", w.s.formatError(err))
	}
	type gone struct {
		rev int64
		id  kin.ID
	}
	var list []gone
	for rows.Next() {
		var g gone
		if err := rows.Scan(&g.rev, &g.id); err != nil {
			rows.Close()
			return fmt.Errorf("find removed records: %w", err)
		}
		if !w.seen[g.id] {
			list = append(list, g)
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("find removed records: %w", err)
	}
	for _, g := range list {
		if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE records SET superseded_at = ? WHERE tree_id = ? AND rev = ?`), w.now, w.treeID, g.rev); err != nil {
			return fmt.Errorf("remove record %s: %w", g.id, w.s.formatError(err))
		}
		w.stats.Removed++
		if err := w.replaceFacts(ctx, g.id, nil, []string{OriginGEDCOM, OriginEdit}); err != nil {
			return err
		}
	}
	return nil
}

// AddOptions says where facts added with AddTree come from.
type AddOptions struct {
	// Origin labels the facts; the default is "source:" and the ID of
	// the first source in the tree being added.
	Origin string
}

// AddStats summarises AddTree.
type AddStats struct {
	People, Families, Sources int
	Added, Kept               int
}

// AddTree merges t into the tree: records it does not have are created,
// and every fact of t is added beside the tree's own unless the tree
// already holds the same fact on the same evidence. Nothing is superseded:
// a fact that disagrees with the tree's becomes a conflict (see Conflicts)
// and the conclusion rule decides which counts. This is how facts from a
// news article, each citing the article, enter a tree.
func (t *Tree) AddTree(ctx context.Context, add *kin.Tree, opts AddOptions) (AddStats, error) {
	var stats AddStats
	err := t.s.write(ctx, func(tx *Tx) error {
		w, err := t.newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.release()
		w.origin = opts.Origin
		if w.origin == "" {
			w.origin = OriginEdit
			if len(add.Sources) > 0 {
				w.origin = "source:" + string(add.Sources[0].ID)
			}
		}
		ensure := func(id kin.ID, tag string, r *Record) (bool, error) {
			if err := w.flush(ctx); err != nil {
				return false, err
			}
			var enc encoder
			var data json.RawMessage
			switch {
			case r.Person != nil:
				_, data, _ = personFacts(r.Person)
			case r.Family != nil:
				_, data, _ = familyFacts(r.Family)
			case r.Source != nil:
				data = enc.json(r.Source)
			}
			if enc.err != nil {
				return false, enc.err
			}
			var rev int64
			var old sql.NullString
			err := tx.QueryRowContext(ctx, t.s.q(`SELECT rev, data FROM records WHERE tree_id = ? AND id = ? AND superseded_at IS NULL`), w.treeID, string(id)).Scan(&rev, &old)
			if err == nil {
				if r.Source != nil && old.String != string(data) {
					// A source is a record, not a fact: the newer
					// description replaces the old one.
					if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE records SET superseded_at = ? WHERE tree_id = ? AND rev = ?`), w.now, w.treeID, rev); err != nil {
						return false, fmt.Errorf("supersede source %s: %w", id, t.s.formatError(err))
					}
				} else {
					return false, nil
				}
			} else if !errors.Is(err, sql.ErrNoRows) {
				return false, fmt.Errorf("find record %s: %w", id, t.s.formatError(err))
			}
			w.seq++
			r.Tag = tag
			return true, w.addRecord(ctx, id, r, data, w.seq)
		}
		for _, src := range add.Sources {
			if _, err := ensure(src.ID, "SOUR", &Record{Source: src}); err != nil {
				return err
			}
			if !src.Date.IsZero() {
				_, hi := dateRange(src.Date)
				w.srcDates[src.ID] = hi
			}
			stats.Sources++
		}
		for _, p := range add.People {
			if _, err := ensure(p.ID, "INDI", &Record{Person: p}); err != nil {
				return err
			}
			facts, _, err := personFacts(p)
			if err != nil {
				return fmt.Errorf("person %s: %w", p.ID, err)
			}
			if err := w.addNew(ctx, p.ID, w.fixCitations(facts)); err != nil {
				return err
			}
			stats.People++
		}
		for _, f := range add.Families {
			if _, err := ensure(f.ID, "FAM", &Record{Family: f}); err != nil {
				return err
			}
			facts, _, err := familyFacts(f)
			if err != nil {
				return fmt.Errorf("family %s: %w", f.ID, err)
			}
			if err := w.addNew(ctx, f.ID, w.fixCitations(facts)); err != nil {
				return err
			}
			stats.Families++
		}
		bySubject := map[kin.ID][]*Fact{}
		var enc encoder
		for i, a := range add.Associations {
			f := associationFact(&enc, a, i)
			bySubject[a.Person] = append(bySubject[a.Person], f)
		}
		if enc.err != nil {
			return enc.err
		}
		for subject, facts := range bySubject {
			if err := w.addNew(ctx, subject, w.fixCitations(facts)); err != nil {
				return err
			}
		}
		if err := w.close(ctx); err != nil {
			return err
		}
		if err := w.saveVocabulary(ctx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE trees SET updated_at = ? WHERE id = ?`), w.now, w.treeID); err != nil {
			return fmt.Errorf("update tree: %w", t.s.formatError(err))
		}
		stats.Added, stats.Kept = w.stats.Added, w.stats.Kept
		return nil
	})
	return stats, err
}

// addNew adds the facts the subject does not already have.
func (w *writer) addNew(ctx context.Context, subject kin.ID, facts []*Fact) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	r := &reader{s: w.s, q: w.tx, treeID: w.treeID, at: forever}
	old, err := r.facts(ctx, `f.subject = ?`, string(subject))
	if err != nil {
		return err
	}
	have := newFactIndex(old)
	for _, f := range facts {
		f.Subject = subject
		if have.find(f, false) != nil {
			w.stats.Kept++
			continue
		}
		have.add(f)
		if err := w.addFact(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// UpdatePerson records an edit: p becomes the tree's own view of the
// person. Facts of p the tree already has are kept; the tree's own facts
// (from GEDCOM and earlier edits) that p no longer has are superseded by the
// new ones, which are recorded with the origin "edit". Facts from other
// sources are left as they are. When the edit changes only facts, the
// person's stored GEDCOM text is kept and export replaces the structures of
// the superseded facts in it (see Additions), so extension structures
// survive; when it changes the record's other data (notes, media, external
// IDs, privacy) the text is dropped and export writes the person from its
// facts.
func (t *Tree) UpdatePerson(ctx context.Context, p *kin.Person) error {
	return t.s.write(ctx, func(tx *Tx) error {
		w, err := t.newWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.release()
		w.origin = OriginEdit
		var rev, seq int64
		var xref, uid, tag string
		var text, oldData sql.NullString
		err = tx.QueryRowContext(ctx, t.s.q(`SELECT rev, seq, xref, uid, tag, gedcom, data FROM records WHERE tree_id = ? AND id = ? AND superseded_at IS NULL`), w.treeID, string(p.ID)).
			Scan(&rev, &seq, &xref, &uid, &tag, &text, &oldData)
		if errors.Is(err, sql.ErrNoRows) {
			return kin.Errorf(kin.ENOTFOUND, "No person %s in tree %q.", p.ID, t.name)
		} else if err != nil {
			return fmt.Errorf("find person %s: %w", p.ID, t.s.formatError(err))
		}
		if tag != "INDI" {
			return kin.Errorf(kin.EINVALID, "Record %s is a %s, not a person.", p.ID, tag)
		}
		facts, data, err := personFacts(p)
		if err != nil {
			return err
		}
		if !text.Valid || oldData.String != string(data) {
			if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE records SET superseded_at = ? WHERE tree_id = ? AND rev = ?`), w.now, w.treeID, rev); err != nil {
				return fmt.Errorf("supersede person %s: %w", p.ID, t.s.formatError(err))
			}
			if err := w.addRecord(ctx, p.ID, &Record{Tag: "INDI", Xref: kin.Xref(xref), UID: uid}, data, seq); err != nil {
				return err
			}
		}
		if err := w.replaceFacts(ctx, p.ID, w.fixCitations(facts), []string{OriginGEDCOM, OriginEdit}); err != nil {
			return err
		}
		if err := w.close(ctx); err != nil {
			return err
		}
		return w.saveVocabulary(ctx)
	})
}

// Choose records a researcher's explicit choice of the fact with id as the
// conclusion of its slot. The choice is itself kept in the history.
func (t *Tree) Choose(ctx context.Context, factID int64) error {
	return t.s.write(ctx, func(tx *Tx) error {
		treeID, err := t.lookupID(ctx, tx)
		if err != nil {
			return err
		}
		var subject, slot string
		err = tx.QueryRowContext(ctx, t.s.q(`SELECT subject, slot FROM facts WHERE tree_id = ? AND id = ? AND superseded_at IS NULL`), treeID, factID).Scan(&subject, &slot)
		if errors.Is(err, sql.ErrNoRows) {
			return kin.Errorf(kin.ENOTFOUND, "No current fact %d in tree %q.", factID, t.name)
		} else if err != nil {
			return fmt.Errorf("find fact %d: %w", factID, t.s.formatError(err))
		}
		if slot == "" {
			return kin.Errorf(kin.EINVALID, "Fact %d does not compete with others; there is nothing to choose.", factID)
		}
		now := t.s.now()
		if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE choices SET superseded_at = ? WHERE tree_id = ? AND subject = ? AND slot = ? AND superseded_at IS NULL`), now, treeID, subject, slot); err != nil {
			return fmt.Errorf("choose fact %d: %w", factID, t.s.formatError(err))
		}
		id, err := t.s.Dialect.AllocIDs(ctx, tx, treeID, 1)
		if err != nil {
			return fmt.Errorf("choose fact %d: %w", factID, t.s.formatError(err))
		}
		if _, err := tx.ExecContext(ctx, t.s.q(`INSERT INTO choices (id, tree_id, subject, slot, fact_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`), id, treeID, subject, slot, factID, now); err != nil {
			return fmt.Errorf("choose fact %d: %w", factID, t.s.formatError(err))
		}
		return nil
	})
}

// AddPending queues a tree fragment for review (kin review): facts an
// ingester proposes but a person has not accepted yet.
func (t *Tree) AddPending(ctx context.Context, origin string, frag *kin.Tree) (int64, error) {
	var id int64
	err := t.s.write(ctx, func(tx *Tx) error {
		treeID, err := t.ensure(ctx, tx)
		if err != nil {
			return err
		}
		var enc encoder
		data := enc.json(frag)
		if enc.err != nil {
			return enc.err
		}
		if id, err = t.s.Dialect.AllocIDs(ctx, tx, treeID, 1); err != nil {
			return fmt.Errorf("queue for review: %w", t.s.formatError(err))
		}
		_, err = tx.ExecContext(ctx, t.s.q(`INSERT INTO pending (id, tree_id, origin, data, recorded_at) VALUES (?, ?, ?, ?, ?)`), id, treeID, origin, string(data), t.s.now())
		if err != nil {
			return fmt.Errorf("queue for review: %w", t.s.formatError(err))
		}
		return nil
	})
	return id, err
}

// Pending is a tree fragment waiting for review.
type Pending struct {
	ID     int64
	Origin string
	Tree   *kin.Tree
}

// Pending lists the fragments waiting for review, oldest first.
func (t *Tree) Pending(ctx context.Context) ([]Pending, error) {
	treeID, err := t.lookupID(ctx, t.s.DB)
	if err != nil {
		return nil, err
	}
	rows, err := t.s.DB.QueryContext(ctx, t.s.q(`SELECT id, origin, data FROM pending WHERE tree_id = ? AND status = 'pending' ORDER BY id`), treeID)
	if err != nil {
		return nil, fmt.Errorf("list pending: %w", t.s.formatError(err))
	}
	defer rows.Close()
	var out []Pending
	for rows.Next() {
		var p Pending
		var data string
		if err := rows.Scan(&p.ID, &p.Origin, &data); err != nil {
			return nil, fmt.Errorf("list pending: %w", err)
		}
		p.Tree = new(kin.Tree)
		if err := json.Unmarshal([]byte(data), p.Tree); err != nil {
			return nil, fmt.Errorf("pending %d: %w", p.ID, err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Words splits a name part into the words name search indexes: lower case,
// Latin diacritics removed, punctuation dropped.
func Words(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '-' || r == ',' || r == '.' || r == '"' || r == '/' || r == '(' || r == ')'
	}) {
		if w := Fold(f); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// nameWords returns the distinct search words of a name.
func nameWords(n kin.Name) []string {
	var out []string
	done := map[string]bool{}
	for _, part := range []string{n.Given, n.Nickname(), n.SurnamePrefix(), n.Surname, n.Suffix()} {
		for _, word := range Words(part) {
			if !done[word] {
				done[word] = true
				out = append(out, word)
			}
		}
	}
	return out
}

// DropBulkIndexes drops the indexes the catalogue query list (a
// Dialect.BulkIndexes) names and returns the statements that create them
// again.
func DropBulkIndexes(ctx context.Context, q Querier, list string) ([]string, error) {
	rows, err := q.QueryContext(ctx, list)
	if err != nil {
		return nil, err
	}
	var names, stmts []string
	for rows.Next() {
		var name, stmt string
		if err := rows.Scan(&name, &stmt); err != nil {
			rows.Close()
			return nil, err
		}
		names, stmts = append(names, name), append(stmts, stmt)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := q.ExecContext(ctx, `DROP INDEX `+name); err != nil {
			return nil, err
		}
	}
	return stmts, nil
}
