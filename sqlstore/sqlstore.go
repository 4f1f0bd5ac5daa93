// Package sqlstore is the part of kin's stores that SQLite and PostgreSQL
// share: the fact model (how people, families, events, associations and
// their citations become rows and come back), the rule that picks the fact
// that counts among conflicting ones, imports, merges and queries, written
// once against database/sql. Packages sqlite and postgres open their
// database, apply their own migrations and hand a Store a Dialect; they are
// what cmd/kin uses.
//
// # The fact model
//
// Every fact is a row: a name, a sex, an event, a partner or child link of
// a family (with its lineage), an association, or the citations of a record
// as a whole. Each row keeps its citations (rows of their own), its valid
// time (the genealogical date as text plus its earliest and latest Julian
// day numbers) and its transaction time: recorded_at when it was stored,
// superseded_at and superseded_by once a later fact replaced it. Rows are
// never changed otherwise, so every read can be asked "as recorded at" a
// past moment (Tree.AsOf).
//
// # Conclusions and conflicts
//
// Some facts hold one value per person or family: sex, and the events that
// happen once (birth, christening, baptism, death, burial, cremation). Such a
// fact has a slot ("sex", "event:BIRT"). When a slot holds current facts with
// different values, they are kept side by side and form a conflict; the one
// that counts, the conclusion, is chosen by this rule, in order:
//
//  1. a researcher's explicit choice (Tree.Choose), the latest one;
//  2. higher confidence: the highest confidence among the fact's citations,
//     where a fact whose citations state none counts as Normal (2);
//  3. the later source date: the latest date among the fact's citations and
//     their sources;
//  4. the fact recorded later, and of those the one stored last.
//
// Reads of people and families return the conclusion of each slot; Conflicts
// lists every slot that holds more than one value.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"kin"
)

// DefaultTree is the tree used when none is named.
const DefaultTree = "default"

// Querier is what both a transaction and a plain connection offer.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// Dialect is what differs between the SQL engines.
type Dialect struct {
	// Name is "sqlite" or "postgres".
	Name string
	// Rebind turns a query written with ? placeholders into the engine's
	// form.
	Rebind func(query string) string
	// BeginWrite starts a transaction that will write, taking the
	// engine's write lock at once where it has one.
	BeginWrite func(ctx context.Context, db *sql.DB) (*Tx, error)
	// AllocIDs reserves n consecutive IDs for rows of tree treeID and
	// returns the first; it runs inside the write transaction.
	AllocIDs func(ctx context.Context, q Querier, treeID, n int64) (int64, error)
	// BulkIndexes, when set, is the catalogue query that lists the
	// secondary indexes named *_bulk as (name, CREATE statement) rows.
	// An import into a database that holds no facts at all drops them and
	// builds them again at the end, so loading into it is fastest.
	BulkIndexes string
	// BuildIndexes, when set, runs the CREATE INDEX statements of the
	// indexes a bulk load dropped, in the write transaction q, where the
	// engine can build them faster than one after the other as they are.
	BuildIndexes func(ctx context.Context, q Querier, stmts []string) error
	// PrepareInsert, when set, prepares the multi-row INSERTs that bulk
	// writes run many times, in the write transaction q, in a way that
	// runs them faster than database/sql's prepared statements.
	PrepareInsert func(ctx context.Context, q Querier, query string) (Stmt, error)
	// Analyze, when set, refreshes the query planner's statistics after
	// an import, so that it picks the right index on a large tree.
	Analyze func(ctx context.Context, q Querier) error
	// MaxParams is the most placeholders one statement may have.
	MaxParams int
	// CopyFrom, when set, loads rows into a table in bulk (PostgreSQL's
	// COPY) inside the write transaction q; batches use it instead of
	// multi-row INSERTs.
	CopyFrom func(ctx context.Context, q Querier, table string, cols []string, rows [][]any) error
	// FormatError maps an engine error to a kin.Error where one fits.
	FormatError func(err error) error
}

// Stmt is a prepared statement; *sql.Stmt is one.
type Stmt interface {
	ExecContext(ctx context.Context, args ...any) (sql.Result, error)
	Close() error
}

// Tx is a write transaction.
type Tx struct {
	Querier
	Commit   func() error
	Rollback func() error
}

// Store is a kin database: many trees, each with its records and facts.
type Store struct {
	DB      *sql.DB
	Dialect Dialect
	// Now returns the current time; transaction times come from it.
	Now func() time.Time
	// stmts are the hot read queries, prepared once (stmt.go); nil in a
	// Store not made by New, whose reads are then not prepared.
	stmts *stmtCache
}

// New returns a Store on db. The caller has applied the migrations.
func New(db *sql.DB, d Dialect) *Store {
	return &Store{DB: db, Dialect: d, Now: time.Now, stmts: new(stmtCache)}
}

// Close closes the prepared statements and the database.
func (s *Store) Close() error {
	serr := s.stmts.close()
	return errors.Join(serr, s.DB.Close())
}

// forever is the transaction time of "now" in queries: later than any row.
const forever = math.MaxInt64

// micros returns t as Unix microseconds, the stores' transaction time.
func micros(t time.Time) int64 { return t.UnixMicro() }

func (s *Store) now() int64 {
	if s.Now == nil {
		return micros(time.Now())
	}
	return micros(s.Now())
}

func (s *Store) q(query string) string {
	if s.Dialect.Rebind == nil {
		return query
	}
	return s.Dialect.Rebind(query)
}

func (s *Store) formatError(err error) error {
	if err == nil || s.Dialect.FormatError == nil {
		return err
	}
	return s.Dialect.FormatError(err)
}

// write runs fn in a write transaction and commits it if fn succeeds.
func (s *Store) write(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := s.Dialect.BeginWrite(ctx, s.DB)
	if err != nil {
		return fmt.Errorf("begin: %w", s.formatError(err))
	}
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	// Counts Trees cached before this write are stale from now on.
	if _, err := tx.ExecContext(ctx, `UPDATE store_version SET version = version + 1 WHERE id = 1`); err != nil {
		err = fmt.Errorf("bump write version: %w", s.formatError(err))
		if rerr := tx.Rollback(); rerr != nil {
			return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", s.formatError(err))
	}
	return nil
}

// TreeInfo describes one tree of a database.
type TreeInfo struct {
	Name          string    `json:"name"`
	GEDCOMVersion string    `json:"gedcom_version,omitempty"`
	People        int       `json:"people"`
	Families      int       `json:"families"`
	Sources       int       `json:"sources"`
	Facts         int       `json:"facts"`
	Conflicts     int       `json:"conflicts"`
	Created       time.Time `json:"created"`
	Updated       time.Time `json:"updated"`
}

// Trees lists the database's trees by name, with their current counts.
func (s *Store) Trees(ctx context.Context) ([]TreeInfo, error) {
	rows, err := s.DB.QueryContext(ctx, s.q(`SELECT id, name, gedcom_version, created_at, updated_at FROM trees ORDER BY name`))
	if err != nil {
		return nil, fmt.Errorf("list trees: %w", s.formatError(err))
	}
	type row struct {
		id int64
		TreeInfo
	}
	var list []row
	for rows.Next() {
		var r row
		var c, u int64
		if err := rows.Scan(&r.id, &r.Name, &r.GEDCOMVersion, &c, &u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list trees: %w", err)
		}
		r.Created, r.Updated = time.UnixMicro(c).UTC(), time.UnixMicro(u).UTC()
		list = append(list, r)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("list trees: %w", err)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list trees: %w", err)
	}
	// Counts cached at the current write version are current; others are
	// taken again and cached. The version is read before counting, so a
	// write that commits meanwhile leaves the new entry stale, not wrong.
	var version int64
	if err := s.DB.QueryRowContext(ctx, `SELECT version FROM store_version WHERE id = 1`).Scan(&version); err != nil {
		return nil, fmt.Errorf("read write version: %w", s.formatError(err))
	}
	out := make([]TreeInfo, 0, len(list))
	for _, r := range list {
		err := s.DB.QueryRowContext(ctx, s.q(`SELECT people, families, sources, facts, conflicts FROM tree_counts WHERE tree_id = ? AND version = ?`), r.id, version).
			Scan(&r.People, &r.Families, &r.Sources, &r.Facts, &r.Conflicts)
		if err == nil {
			out = append(out, r.TreeInfo)
			continue
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("read counts: %w", s.formatError(err))
		}
		t := &Tree{s: s, name: r.Name, id: r.id, at: forever}
		counts, err := t.counts(ctx)
		if err != nil {
			return nil, err
		}
		r.People, r.Families, r.Sources, r.Facts = counts.people, counts.families, counts.sources, counts.facts
		conflicts, err := t.Conflicts(ctx)
		if err != nil {
			return nil, err
		}
		r.Conflicts = len(conflicts)
		_, err = s.DB.ExecContext(ctx, s.q(`INSERT INTO tree_counts (tree_id, version, people, families, sources, facts, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (tree_id) DO UPDATE SET version = excluded.version, people = excluded.people, families = excluded.families,
			sources = excluded.sources, facts = excluded.facts, conflicts = excluded.conflicts`),
			r.id, version, r.People, r.Families, r.Sources, r.Facts, r.Conflicts)
		if err != nil && !isReadOnly(err) {
			return nil, fmt.Errorf("cache counts: %w", s.formatError(err))
		}
		out = append(out, r.TreeInfo)
	}
	return out, nil
}

// isReadOnly reports whether err says the database cannot be written (a
// read-only file or replica): then counts are not cached, and that is all.
func isReadOnly(err error) bool {
	msg := strings.ToLower(err.Error())
	return strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "read only")
}

// Tree returns a view of the tree called name ("" is DefaultTree) as it is
// now. The tree need not exist yet: reads of a missing tree report
// kin.ENOTFOUND and the first write creates it.
func (s *Store) Tree(name string) *Tree {
	if name == "" {
		name = DefaultTree
	}
	return &Tree{s: s, name: name, at: forever}
}

// LoadTree returns the whole tree called name as it is now.
func (s *Store) LoadTree(ctx context.Context, name string) (*kin.Tree, error) {
	return s.Tree(name).Load(ctx)
}

// DeleteTree removes the tree called name and everything in it. Unlike every
// other change, this is not kept in the history.
func (s *Store) DeleteTree(ctx context.Context, name string) error {
	return s.write(ctx, func(tx *Tx) error {
		t := s.Tree(name)
		id, err := t.lookupID(ctx, tx)
		if err != nil {
			return err
		}
		for _, table := range []string{"citations", "name_words", "name_postings", "words", "word_grams", "choices", "pending", "facts", "records", "imports"} {
			if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM `+table+` WHERE tree_id = ?`), id); err != nil {
				return fmt.Errorf("delete tree %q: %w", name, s.formatError(err))
			}
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM trees WHERE id = ?`), id); err != nil {
			return fmt.Errorf("delete tree %q: %w", name, s.formatError(err))
		}
		return nil
	})
}

// Tree is one tree of a Store, seen at one transaction time: now, or a past
// moment (AsOf). Its methods are safe for concurrent use.
type Tree struct {
	s    *Store
	name string
	id   int64 // 0 until looked up
	at   int64 // transaction time in Unix microseconds; forever for now
}

// Name returns the tree's name.
func (t *Tree) Name() string { return t.name }

// AsOf returns a view of the tree as it was recorded at time at: facts
// recorded after at are not seen and facts superseded after at still are.
func (t *Tree) AsOf(at time.Time) *Tree {
	c := *t
	c.at = micros(at)
	return &c
}

// lookupID finds the tree's row ID, reporting kin.ENOTFOUND if there is
// no such tree.
func (t *Tree) lookupID(ctx context.Context, q Querier) (int64, error) {
	if t.id != 0 {
		return t.id, nil
	}
	var id int64
	err := q.QueryRowContext(ctx, t.s.q(`SELECT id FROM trees WHERE name = ?`), t.name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, kin.Errorf(kin.ENOTFOUND, "No tree named %q.", t.name)
	} else if err != nil {
		return 0, fmt.Errorf("find tree %q: %w", t.name, t.s.formatError(err))
	}
	return id, nil
}

// ensure finds the tree's row ID inside a write transaction, creating the
// tree if it does not exist.
func (t *Tree) ensure(ctx context.Context, tx *Tx) (int64, error) {
	id, err := t.lookupID(ctx, tx)
	if kin.ErrorCode(err) != kin.ENOTFOUND {
		return id, err
	}
	if t.name == "" {
		return 0, kin.Errorf(kin.EINVALID, "A tree needs a name.")
	}
	now := t.s.now()
	err = tx.QueryRowContext(ctx, t.s.q(`INSERT INTO trees (name, created_at, updated_at) VALUES (?, ?, ?) RETURNING id`), t.name, now, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create tree %q: %w", t.name, t.s.formatError(err))
	}
	return id, nil
}

// live is the SQL condition that a row with recorded_at and superseded_at
// (qualified by prefix) is part of the tree at the view's time; it takes two
// arguments, both t.at.
func live(prefix string) string {
	return prefix + "recorded_at <= ? AND (" + prefix + "superseded_at IS NULL OR " + prefix + "superseded_at > ?)"
}

// SetNow sets the clock transaction times are read from; tests use it to
// make the history deterministic.
func (s *Store) SetNow(now func() time.Time) { s.Now = now }
