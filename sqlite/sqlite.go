// Package sqlite is kin's default store: one SQLite database file, through
// the pure-Go driver modernc.org/sqlite so the kin binary stays static.
//
// The database runs in WAL mode (readers never wait for a writer), with
// foreign keys on and a busy timeout. Its schema comes from numbered .sql
// files embedded from migration/, each applied once in a transaction and
// recorded in the migrations table. The fact model, conclusions and the
// queries are package sqlstore's; a DB is a sqlstore.Store.
//
// Open refuses, without changing it, a file that is not a SQLite database
// or is the database of another application.
package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"kin"
	"kin/sqlstore"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// applicationID marks a SQLite file as kin's ("KINS").
const applicationID = 1263095379

// DB is a kin database in a SQLite file.
type DB struct {
	*sqlstore.Store
	// Path is the database file.
	Path string
}

// Open opens the kin database at path, creating it if it does not exist,
// and brings its schema up to date.
func Open(path string) (*DB, error) { return openFile(path) }

// mapSize is how much of the file OpenMapped maps: all of it up to 2 GB
// less 64 KiB, the most this build of SQLite maps (SQLITE_MAX_MMAP_SIZE);
// the pages of a larger file past it are read.
const mapSize = 2147418112

// OpenMapped is Open with the database file mapped into memory: SQLite
// reads its pages in place instead of copying each into its cache with a
// read call. That pays for a short command that reads a few records of a
// large database (a kin find on a million people reads ~300 pages, and a
// long posting list's pages only to copy them once): 19–20 ms → 13 ms.
// It is not for a command that reads most of the file, an import or a
// server, whose resident memory would count every page it has touched.
// An I/O error under a mapped page stops the process, where a read would
// have returned an error.
func OpenMapped(path string) (*DB, error) {
	return openFile(path, fmt.Sprintf("mmap_size(%d)", mapSize))
}

// openFile is Open with the further pragmas.
func openFile(path string, pragmas ...string) (*DB, error) {
	if path == "" {
		return nil, kin.Errorf(kin.EINVALID, "No database path given.")
	}
	if err := check(path); err != nil {
		return nil, err
	}
	return open(path, path, true, append([]string{"journal_mode(WAL)", "synchronous(NORMAL)"}, pragmas...)...)
}

// fileURI is the SQLite URI of the file at path with the query params:
// SQLite reads a name that starts with "file:" as a URI, so every name is
// given as one, its ?, # and % escaped.
func fileURI(path string, params url.Values) string {
	uri := "file:" + (&url.URL{Path: path}).EscapedPath()
	if len(params) > 0 {
		uri += "?" + params.Encode()
	}
	return uri
}

// open opens the SQLite file at path with the journal pragmas given, for
// the kin database named name in messages; it creates the file if create
// is set, else a missing file is an error.
func open(path, name string, create bool, journal ...string) (*DB, error) {
	pragmas := append([]string{"busy_timeout(10000)", "foreign_keys(1)"}, journal...)
	pragmas = append(pragmas, "cache_size(-16384)")
	params := url.Values{"_pragma": pragmas}
	if !create {
		params.Set("mode", "rw")
	}
	sdb, err := sql.Open("sqlite", fileURI(path, params))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	db := &DB{Store: sqlstore.New(sdb, dialect), Path: path}
	if err := sdb.PingContext(context.Background()); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", name, formatError(err))
	}
	if err := db.migrate(context.Background()); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return db, nil
}

// checkDir refuses a new database path whose directory does not exist,
// which SQLite reports only as "unable to open database file".
func checkDir(path string) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return kin.Errorf(kin.EINVALID, "%s: the directory %s does not exist.", path, dir)
	} else if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if !fi.IsDir() {
		return kin.Errorf(kin.EINVALID, "%s: %s is not a directory.", path, dir)
	}
	return nil
}

// check refuses files that are not kin databases, reading them only.
func check(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return checkDir(path)
	} else if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if fi.IsDir() {
		return kin.Errorf(kin.EINVALID, "%s is a directory, not a kin database.", path)
	}
	if fi.Size() == 0 {
		return nil
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("open %s: %w", path, err)
	}
	head = head[:n]
	if !bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		what := "not a SQLite database"
		if bytes.HasPrefix(bytes.TrimLeft(head, "\xef\xbb\xbf \r\n"), []byte("0 HEAD")) {
			what = "a GEDCOM file, not a database (to load it: kin import " + path + ")"
		}
		return kin.Errorf(kin.EINVALID, "%s is %s; kin did not change it.", path, what)
	}
	if n < 100 {
		return kin.Errorf(kin.EINVALID, "%s is a damaged SQLite database (truncated header); kin did not change it.", path)
	}
	// The application ID is at offset 68 of the header, big-endian; in
	// WAL mode the newest header may still be in the WAL, so SQLite is
	// asked, read-only, as well.
	app := uint32(head[68])<<24 | uint32(head[69])<<16 | uint32(head[70])<<8 | uint32(head[71])
	if app == applicationID {
		return nil
	}
	ro, err := sql.Open("sqlite", fileURI(path, url.Values{"mode": {"ro"}}))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer ro.Close()
	var tables int
	var id int64
	if err := ro.QueryRow(`PRAGMA application_id`).Scan(&id); err != nil {
		return kin.Errorf(kin.EINVALID, "%s is a damaged SQLite database (%v); kin did not change it.", path, err)
	}
	if id == applicationID {
		return nil
	}
	if id != 0 {
		return kin.Errorf(kin.EINVALID, "%s is the SQLite database of another application (application id %#x); kin did not change it.", path, id)
	}
	// No application ID: an empty SQLite database is fine; one with
	// tables belongs to someone else.
	if err := ro.QueryRow(`SELECT COUNT(*) FROM sqlite_master`).Scan(&tables); err != nil {
		return kin.Errorf(kin.EINVALID, "%s is a damaged SQLite database (%v); kin did not change it.", path, err)
	}
	if tables > 0 {
		return kin.Errorf(kin.EINVALID, "%s is the SQLite database of another application; kin did not change it.", path)
	}
	return nil
}

// migrate applies the embedded migrations the database has not had, each
// in its own transaction, in file-name order.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	// Every command opens the database: when it has had every migration,
	// one read says so instead of a write transaction for each (opening
	// 0.96 → 0.76 ms; kin trees on a 1M database 9.1–9.7 → 8.1–9.1 ms).
	if db.migrated(ctx, names) {
		return nil
	}
	if _, err := db.DB.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", formatError(err))
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
}

// migrated reports whether the database has had every migration in
// names; false when it cannot tell (a new database has no migrations
// table), and migrate then checks each in its transaction.
func (db *DB) migrated(ctx context.Context, names []string) bool {
	rows, err := db.DB.QueryContext(ctx, `SELECT name FROM migrations`)
	if err != nil {
		return false
	}
	defer rows.Close()
	applied := make(map[string]bool, len(names))
	for rows.Next() {
		var name string
		if rows.Scan(&name) != nil {
			return false
		}
		applied[name] = true
	}
	if rows.Err() != nil {
		return false
	}
	for _, name := range names {
		if !applied[name] {
			return false
		}
	}
	return true
}

// steps are the parts of migrations written in Go, by file name: each
// runs in the migration's transaction after its SQL.
func (db *DB) steps() map[string]func(context.Context, sqlstore.Querier) error {
	return map[string]func(context.Context, sqlstore.Querier) error{
		// The name postings a database has are packed by word.
		"migration/0010_name_postings.sql": db.Store.PackNamePostings,
		// Lists written before they were sorted are sorted.
		"migration/0011_sorted_postings.sql": db.Store.SortNamePostings,
		// The vocabulary is indexed by trigrams.
		"migration/0012_word_grams.sql": db.Store.FillWordGrams,
	}
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := dialect.BeginWrite(ctx, db.DB)
	if err != nil {
		return formatError(err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return formatError(err)
	}
	if n > 0 {
		return nil
	}
	buf, err := fs.ReadFile(migrationFS, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(buf)); err != nil {
		return formatError(err)
	}
	if step := db.steps()[name]; step != nil {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, db.Now().UnixMicro()); err != nil {
		return formatError(err)
	}
	return tx.Commit()
}

// IntegrityCheck runs SQLite's integrity check and returns its findings,
// nil when the database is sound.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.DB.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", formatError(err))
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		if s != "ok" {
			msgs = append(msgs, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(msgs) > 0 {
		return kin.Errorf(kin.EINTERNAL, "Database damaged: %s.", strings.Join(msgs, "; "))
	}
	return nil
}

var dialect = sqlstore.Dialect{
	Name:      "sqlite",
	MaxParams: 32766,
	Analyze: func(ctx context.Context, q sqlstore.Querier) error {
		// A sampled ANALYZE: a tenth of a second on a million people.
		_, err := q.ExecContext(ctx, `PRAGMA analysis_limit = 1000; ANALYZE`)
		return err
	},
	FormatError:   formatError,
	BuildIndexes:  buildIndexes,
	PrepareInsert: prepareInsert,
	BeginWrite: func(ctx context.Context, db *sql.DB) (*sqlstore.Tx, error) {
		// BEGIN IMMEDIATE takes the write lock at once, so a writer
		// never fails half-way on a lock upgrade; database/sql cannot
		// say that, so the transaction runs on a dedicated connection.
		conn, err := db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			conn.Close()
			return nil, err
		}
		done := false
		end := func(stmt string) error {
			if done {
				return nil
			}
			done = true
			// The transaction must end even if ctx was cancelled.
			_, err := conn.ExecContext(context.Background(), stmt)
			if cerr := conn.Close(); err == nil {
				err = cerr
			}
			return err
		}
		return &sqlstore.Tx{
			Querier:  conn,
			Commit:   func() error { return end(`COMMIT`) },
			Rollback: func() error { return end(`ROLLBACK`) },
		}, nil
	},
	AllocIDs: func(ctx context.Context, q sqlstore.Querier, treeID, n int64) (int64, error) {
		// Row IDs are rowids, unique across trees: the counter of every
		// tree moves to past the highest of all of them.
		var last int64
		err := q.QueryRowContext(ctx, `UPDATE trees SET next_id = (SELECT MAX(next_id) FROM trees) + ? WHERE id = ? RETURNING next_id`, n, treeID).Scan(&last)
		return last - n + 1, err
	},
	BulkIndexes: `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name LIKE '%\_bulk' ESCAPE '\'`,
}

// buildIndexes creates the indexes a bulk load dropped. Each CREATE INDEX
// reads its table and sorts the keys; SQLite's sorter can sort in helper
// threads, which it does not by default: one for each other core, at most
// three (on two cores, the six index builds of a million-person import take
// 12.1–12.5 s instead of 14.0–15.8 s; a larger page cache for the sorter
// measured no better).
func buildIndexes(ctx context.Context, q sqlstore.Querier, stmts []string) (err error) {
	threads := min(runtime.NumCPU()-1, 3)
	if _, err := q.ExecContext(ctx, fmt.Sprintf(`PRAGMA threads = %d`, threads)); err != nil {
		return err
	}
	defer func() {
		_, rerr := q.ExecContext(context.Background(), `PRAGMA threads = 0`)
		if err == nil {
			err = rerr
		}
	}()
	for _, stmt := range stmts {
		if _, err := q.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// formatError maps SQLite errors to kin errors where one fits.
func formatError(err error) error {
	var code int
	var se *sqlite.Error
	var re *rawError
	if errors.As(err, &se) {
		code = se.Code()
	} else if errors.As(err, &re) {
		code = re.Code()
	} else {
		return err
	}
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return &wrapped{kin.Errorf(kin.ECONFLICT, "The database is busy; try again."), err}
	case sqlite3.SQLITE_CONSTRAINT:
		return &wrapped{kin.Errorf(kin.ECONFLICT, "The change conflicts with what is stored (%v).", err), err}
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return &wrapped{kin.Errorf(kin.EINVALID, "The database file is damaged or not a database."), err}
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM:
		return &wrapped{kin.Errorf(kin.EINVALID, "The database cannot be written: %v.", err), err}
	}
	return err
}

// wrapped is a kin.Error that keeps the driver error it came from.
type wrapped struct {
	kerr *kin.Error
	err  error
}

func (w *wrapped) Error() string { return w.err.Error() }

// Unwrap returns both errors, so errors.As finds the kin.Error and
// errors.Is the driver's.
func (w *wrapped) Unwrap() []error { return []error{w.kerr, w.err} }
