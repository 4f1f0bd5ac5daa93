package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"kin"
)

// Name search reads postings: for every word of every name fact, the
// fact and its subject, with the fact's transaction time. They are kept in
// two forms.
//
// A bulk import (an import into a tree with no records) packs the postings
// of each word into one row of name_postings: one row per (tree, word)
// holding a posting list, instead of one name_words row per posting — on
// a million people, ~40,000 rows instead of 2.4 million.
//
// Every other write (an edit, an article's facts, a merge, a re-import)
// writes one name_words row per posting, as before. A name_words row also
// overrides a packed posting of the same word and fact: superseding a fact
// whose postings are packed writes rows for them that carry the
// supersession (see supersedePostings), so the lists themselves are never
// rewritten. Readers (wordStream) take the rows, and the packed postings
// that no row overrides.

// The first byte of a packed posting list says how its postings are
// ordered. Lists written before version 2 hold them in the order they were
// added; lists of version 2 are sorted by subject, in the order of
// compareIDs (the order people read IDs in, sortIDs'), then by fact, so
// that name search can intersect them as it reads them and stop at the
// first matches. That order is part of the format: changing compareIDs
// needs a new version.
const (
	postingListAdded  = 1
	postingListSorted = 2
)

// A postingList packs one word's postings: after the version byte, for
// each posting
//
//	uvarint  bytes the subject shares with the previous posting's subject
//	uvarint  length of the rest of the subject, then the rest
//	varint   fact ID minus the previous posting's fact ID
//	varint   recorded_at minus the list's base time
//
// A bulk import adds the postings in file order, which is usually ID order
// too, so subjects share long prefixes ("I12345", "I12346") and fact IDs
// grow by small steps: a posting takes about 8 bytes. Postings added out
// of order are sorted when the list is packed (bytes).
type postingList struct {
	buf []byte
	// base is the list's base transaction time (name_postings.recorded_at),
	// no later than any of its postings'.
	base    int64
	subject string
	fact    int64
	// unsorted is set once a posting was added before one added earlier.
	unsorted bool
}

func newPostingList(base int64) *postingList {
	return &postingList{buf: []byte{postingListAdded}, base: base}
}

func (l *postingList) add(subject kin.ID, fact, recordedAt int64) {
	s := string(subject)
	if len(l.buf) > 1 && !l.unsorted {
		if c := compareIDs(s, l.subject); c < 0 || c == 0 && fact < l.fact {
			l.unsorted = true
		}
	}
	shared := 0
	for shared < len(s) && shared < len(l.subject) && s[shared] == l.subject[shared] {
		shared++
	}
	l.buf = binary.AppendUvarint(l.buf, uint64(shared))
	l.buf = binary.AppendUvarint(l.buf, uint64(len(s)-shared))
	l.buf = append(l.buf, s[shared:]...)
	l.buf = binary.AppendVarint(l.buf, fact-l.fact)
	l.buf = binary.AppendVarint(l.buf, recordedAt-l.base)
	l.subject, l.fact = s, fact
}

// bytes returns the packed list, its postings sorted (postingListSorted).
// Until then buf is a list of version 1, in the order of add.
func (l *postingList) bytes() []byte {
	if !l.unsorted {
		l.buf[0] = postingListSorted
		return l.buf
	}
	type posting struct {
		subject    string
		fact, time int64
	}
	var all []posting
	c := newPostingCursor(l.buf, l.base)
	for c.next() {
		all = append(all, posting{string(c.subject), c.fact, c.rec})
	}
	if c.err != nil { // cannot be: the list was written by add
		panic(c.err)
	}
	slices.SortFunc(all, func(a, b posting) int {
		if c := compareIDs(a.subject, b.subject); c != 0 {
			return c
		}
		return cmp.Compare(a.fact, b.fact)
	})
	sorted := newPostingList(l.base)
	for _, p := range all {
		sorted.add(kin.ID(p.subject), p.fact, p.time)
	}
	*l = *sorted
	return l.bytes()
}

// compareIDs orders IDs as people read them (sortIDs): by the part before
// the trailing digits, then by the number of digits, then byte by byte
// ("I2" before "I10", "I10" before "I010"). It allocates nothing, for
// subjects decoded from posting lists.
func compareIDs[S ~string | ~[]byte](a, b S) int {
	return compareSplitIDs(a, digitsAt(a), b, digitsAt(b))
}

// compareSplitIDs is compareIDs of a and b, whose trailing digits start at
// da and db.
func compareSplitIDs[S ~string | ~[]byte](a S, da int, b S, db int) int {
	for i := 0; i < da && i < db; i++ {
		if a[i] != b[i] {
			return cmp.Compare(a[i], b[i])
		}
	}
	if da != db {
		return cmp.Compare(da, db)
	}
	if c := cmp.Compare(len(a)-da, len(b)-db); c != 0 {
		return c
	}
	for i := da; i < len(a); i++ {
		if a[i] != b[i] {
			return cmp.Compare(a[i], b[i])
		}
	}
	return 0
}

// digitsAt returns where the trailing digits of id start.
func digitsAt[S ~string | ~[]byte](id S) int {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	return i
}

// errPostingList reports a packed posting list that cannot be read.
var errPostingList = errors.New("damaged posting list")

// A postingCursor reads a packed posting list one posting at a time. A
// list that is not well formed (or, of version 2, not sorted) stops it
// with err set to errPostingList, never a panic.
type postingCursor struct {
	b      []byte // the postings not read yet
	sorted bool
	base   int64
	// The posting read last; subject is only valid until the next call,
	// and its trailing digits start at digits (digitsAt).
	subject   []byte
	digits    int
	fact, rec int64
	// The subject before, to check a sorted list's order.
	prev       []byte
	prevDigits int
	started    bool
	err        error
}

func newPostingCursor(list []byte, base int64) *postingCursor {
	c := &postingCursor{base: base}
	if len(list) == 0 || list[0] != postingListAdded && list[0] != postingListSorted {
		c.err = errPostingList
		return c
	}
	c.b, c.sorted = list[1:], list[0] == postingListSorted
	return c
}

// next reads the next posting, reporting false at the end of the list or
// at damage (err).
func (c *postingCursor) next() bool {
	if c.err != nil || len(c.b) == 0 {
		return false
	}
	b := c.b
	shared, n := binary.Uvarint(b)
	if n <= 0 || shared > uint64(len(c.subject)) {
		return c.fail()
	}
	b = b[n:]
	rest, n := binary.Uvarint(b)
	if n <= 0 || rest > uint64(len(b)-n) {
		return c.fail()
	}
	b = b[n:]
	if c.sorted {
		c.prev, c.prevDigits = append(c.prev[:0], c.subject...), c.digits
	}
	c.subject = append(c.subject[:shared], b[:rest]...)
	c.digits = digitsAt(c.subject)
	b = b[rest:]
	df, n := binary.Varint(b)
	if n <= 0 {
		return c.fail()
	}
	b = b[n:]
	dr, n := binary.Varint(b)
	if n <= 0 {
		return c.fail()
	}
	c.b = b[n:]
	if c.sorted && c.started {
		if o := compareSplitIDs(c.subject, c.digits, c.prev, c.prevDigits); o < 0 || o == 0 && df < 0 {
			return c.fail()
		}
	}
	c.started = true
	c.fact += df
	c.rec = c.base + dr
	return true
}

func (c *postingCursor) fail() bool {
	c.err, c.b = errPostingList, nil
	return false
}

// decodePostings calls fn with each posting of the packed list, whose base
// transaction time is base. The subject passed to fn is only valid during
// the call. A list that is not well formed is an error, never a panic.
func decodePostings(list []byte, base int64, fn func(subject []byte, fact, recordedAt int64)) error {
	c := newPostingCursor(list, base)
	for c.next() {
		fn(c.subject, c.fact, c.rec)
	}
	return c.err
}

// writePostingLists writes the posting lists a bulk load packed, one
// name_postings row per word, in key order.
func (w *writer) writePostingLists(ctx context.Context) error {
	words := make([]string, 0, len(w.postings))
	for word := range w.postings {
		words = append(words, word)
	}
	slices.Sort(words)
	b := w.s.newBatch(w.tx, "name_postings", "word", "recorded_at", "list").fix([]string{"tree_id"}, w.treeID)
	defer b.release()
	for _, word := range words {
		l := w.postings[word]
		if err := b.add(ctx, word, l.base, l.bytes()); err != nil {
			return err
		}
		delete(w.postings, word)
	}
	return b.close(ctx)
}

// hasPostingLists reports whether the tree has packed posting lists. A
// bulk load into a tree that has (its records were all removed by an
// earlier import) writes rows instead, since a word has one list a tree.
func (w *writer) hasPostingLists(ctx context.Context) (bool, error) {
	var one int
	err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT 1 FROM name_postings WHERE tree_id = ? LIMIT 1`), w.treeID).Scan(&one)
	if err == nil {
		return true, nil
	} else if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return false, fmt.Errorf("read name postings: %w", w.s.formatError(err))
}

// supersedePostings closes the transaction time of the postings of the
// name fact f (words are its search words): the name_words rows are
// updated, and a packed posting gets a row of its own that overrides it.
func (w *writer) supersedePostings(ctx context.Context, f *Fact, words []string) error {
	// The fact's rows may still be queued.
	if err := w.words.flush(ctx); err != nil {
		return err
	}
	for _, word := range words {
		res, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE name_words SET superseded_at = ? WHERE tree_id = ? AND word = ? AND subject = ? AND fact_id = ?`),
			w.now, w.treeID, word, string(f.Subject), f.ID)
		if err != nil {
			return fmt.Errorf("supersede fact %d: %w", f.ID, w.s.formatError(err))
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("supersede fact %d: %w", f.ID, w.s.formatError(err))
		} else if n > 0 {
			continue
		}
		// The posting is packed (or the fact was stored before postings
		// were kept): a row now says when it ended.
		if _, err := w.tx.ExecContext(ctx, w.s.q(`INSERT INTO name_words (tree_id, word, subject, fact_id, recorded_at, superseded_at) VALUES (?, ?, ?, ?, ?, ?)`),
			w.treeID, word, string(f.Subject), f.ID, micros(f.RecordedAt), w.now); err != nil {
			return fmt.Errorf("supersede fact %d: %w", f.ID, w.s.formatError(err))
		}
	}
	return nil
}

// PackNamePostings packs the current name postings of every tree from
// name_words rows into posting lists (name_postings), in the write
// transaction q, so that a database from before the lists reads as one a
// bulk import made. The superseded rows stay: they are the postings'
// history and override nothing. A word that has a list already gets one
// list holding both. The migration that adds name_postings runs it.
func (s *Store) PackNamePostings(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT tree_id, word, subject, fact_id, recorded_at FROM name_words WHERE superseded_at IS NULL ORDER BY tree_id, word, subject, fact_id`)
	if err != nil {
		return fmt.Errorf("pack name postings: %w", s.formatError(err))
	}
	type key struct {
		tree int64
		word string
	}
	type entry struct {
		subject    kin.ID
		fact, time int64
	}
	var cur key
	var group []entry
	type packed struct {
		key
		base int64
		list []byte
	}
	var lists []packed
	pack := func() {
		if len(group) == 0 {
			return
		}
		base := group[0].time
		for _, e := range group {
			base = min(base, e.time)
		}
		l := newPostingList(base)
		for _, e := range group {
			l.add(e.subject, e.fact, e.time)
		}
		lists = append(lists, packed{cur, base, l.bytes()})
		group = group[:0]
	}
	for rows.Next() {
		var k key
		var e entry
		if err := rows.Scan(&k.tree, &k.word, &e.subject, &e.fact, &e.time); err != nil {
			rows.Close()
			return fmt.Errorf("pack name postings: %w", err)
		}
		if k != cur {
			pack()
			cur = k
		}
		group = append(group, e)
	}
	pack()
	if err := rows.Close(); err != nil {
		return fmt.Errorf("pack name postings: %w", s.formatError(err))
	}
	for _, p := range lists {
		// A list the word has already takes the rows' postings.
		var base int64
		var old []byte
		err := q.QueryRowContext(ctx, s.q(`SELECT recorded_at, list FROM name_postings WHERE tree_id = ? AND word = ?`), p.tree, p.word).Scan(&base, &old)
		if err == nil {
			l := newPostingList(min(base, p.base))
			add := func(subject []byte, fact, rec int64) { l.add(kin.ID(subject), fact, rec) }
			if err := decodePostings(old, base, add); err != nil {
				return fmt.Errorf("pack name postings of %q: %w", p.word, err)
			}
			if err := decodePostings(p.list, p.base, add); err != nil {
				return fmt.Errorf("pack name postings of %q: %w", p.word, err)
			}
			if err := s.setList(ctx, q, p.tree, p.word, l.base, l.bytes()); err != nil {
				return fmt.Errorf("pack name postings: %w", s.formatError(err))
			}
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("pack name postings: %w", s.formatError(err))
		}
		if _, err := q.ExecContext(ctx, s.q(`INSERT INTO name_postings (tree_id, word, recorded_at, list) VALUES (?, ?, ?, ?)`), p.tree, p.word, p.base, p.list); err != nil {
			return fmt.Errorf("pack name postings: %w", s.formatError(err))
		}
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM name_words WHERE superseded_at IS NULL`); err != nil {
		return fmt.Errorf("pack name postings: %w", s.formatError(err))
	}
	return nil
}

// SortNamePostings rewrites the packed posting lists written before lists
// were sorted (postingListAdded) as sorted ones, in the write transaction
// q, so that name search reads them in order. The migration that brings
// sorted lists runs it.
func (s *Store) SortNamePostings(ctx context.Context, q Querier) error {
	lists, err := s.storedLists(ctx, q)
	if err != nil {
		return fmt.Errorf("sort name postings: %w", err)
	}
	for _, o := range lists {
		if len(o.list) == 0 || o.list[0] != postingListAdded {
			continue
		}
		l := newPostingList(o.base)
		err := decodePostings(o.list, o.base, func(subject []byte, fact, rec int64) { l.add(kin.ID(subject), fact, rec) })
		if err != nil {
			return fmt.Errorf("sort name postings of %q: %w", o.word, err)
		}
		if err := s.setList(ctx, q, o.tree, o.word, o.base, l.bytes()); err != nil {
			return fmt.Errorf("sort name postings: %w", err)
		}
	}
	return nil
}

// storedList is a row of name_postings: a word's packed posting list.
type storedList struct {
	tree int64
	word string
	base int64
	list []byte
}

// storedLists reads every packed posting list of the database, in q.
func (s *Store) storedLists(ctx context.Context, q Querier) ([]storedList, error) {
	rows, err := q.QueryContext(ctx, `SELECT tree_id, word, recorded_at, list FROM name_postings`)
	if err != nil {
		return nil, s.formatError(err)
	}
	defer rows.Close()
	var out []storedList
	for rows.Next() {
		var l storedList
		if err := rows.Scan(&l.tree, &l.word, &l.base, &l.list); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, s.formatError(rows.Err())
}

// setList makes list, with the base time base, the packed posting list of
// word in tree.
func (s *Store) setList(ctx context.Context, q Querier, tree int64, word string, base int64, list []byte) error {
	_, err := q.ExecContext(ctx, s.q(`UPDATE name_postings SET recorded_at = ?, list = ? WHERE tree_id = ? AND word = ?`), base, list, tree, word)
	return s.formatError(err)
}
