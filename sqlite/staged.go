package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"kin"
	"kin/sqlstore"
)

// Staged is a new kin database built in a staging file beside its path,
// for a bulk load into a database that does not exist yet, such as the
// first kin import: the staging file has no journal (SQLite writes each
// page once, where WAL mode writes it to the log and again to the database
// at the checkpoint), which makes a large import about a quarter faster.
// The database appears at its path, in WAL mode like every kin database,
// only when Publish is called after the load committed: a load that
// fails, or a process that is killed, never leaves a database at the path.
// Close without Publish removes the staging file; CreateStaged removes
// those that killed processes left.
//
// A Staged database is for one process doing one bulk load: without a
// journal a transaction cannot roll back, so a failed load must be
// discarded, which Close does.
type Staged struct {
	*DB
	final  string
	closed bool
}

// stagingSuffix marks a staging file: path + stagingSuffix + the PID of the
// process building it.
const stagingSuffix = ".importing-"

// CreateStaged starts a new database for path, which must not exist, in a
// staging file beside it.
func CreateStaged(path string) (*Staged, error) {
	if path == "" {
		return nil, kin.Errorf(kin.EINVALID, "No database path given.")
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, kin.Errorf(kin.ECONFLICT, "%s exists; a staged database is only for a new one.", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := checkDir(path); err != nil {
		return nil, err
	}
	removeStale(path)
	staging := path + stagingSuffix + strconv.Itoa(os.Getpid())
	removeFiles(staging)
	db, err := open(staging, path, true, "journal_mode(OFF)", "synchronous(OFF)")
	if err != nil {
		removeFiles(staging)
		return nil, err
	}
	return &Staged{DB: db, final: path}, nil
}

// Publish moves the loaded database to its path: it switches the file to
// WAL mode, makes it durable and links it in place, which fails, leaving
// the path alone, if something created the path since CreateStaged. Then
// the import is copied into the database there if it has no trees (see
// copyInto), which ctx can cancel, discarding the import.
func (s *Staged) Publish(ctx context.Context) error {
	if s.closed {
		return fmt.Errorf("publish %s: the staged database is closed", s.final)
	}
	staging := s.DB.Path
	s.closed = true
	fail := func(err error) error {
		removeFiles(staging)
		return fmt.Errorf("publish %s: %w", s.final, err)
	}
	if _, err := os.Lstat(staging); errors.Is(err, fs.ErrNotExist) {
		s.DB.Close()
		return fail(fmt.Errorf("%s was removed during the import, which is lost", staging))
	}
	if err := s.DB.Close(); err != nil {
		return fail(err)
	}
	// Opening the file as kin opens a database puts it in WAL mode;
	// closing the only connection checkpoints the log into the file and
	// removes it. The file must still be there: if something removed it
	// during the load, creating it afresh would publish an empty
	// database as if it held the import.
	db, err := open(staging, s.final, false, "journal_mode(WAL)", "synchronous(FULL)")
	if err != nil {
		return fail(err)
	}
	if err := db.Close(); err != nil {
		return fail(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(staging + side); err == nil {
			return fail(fmt.Errorf("%s%s is left after closing the database", staging, side))
		}
	}
	if err := syncFile(staging); err != nil {
		return fail(fmt.Errorf("sync: %w", err))
	}
	// A hard link never replaces a file: if another process created the
	// path meanwhile (a command run against it during the import), the
	// import is copied into that database instead, if it has no trees.
	taken := false
	if err := os.Link(staging, s.final); errors.Is(err, fs.ErrExist) {
		taken = true
	} else if err != nil {
		// A file system without hard links: rename, after checking
		// again that the path is free.
		if _, serr := os.Lstat(s.final); serr == nil {
			taken = true
		} else if rerr := os.Rename(staging, s.final); rerr != nil {
			return fail(rerr)
		}
	}
	if taken {
		if err := copyInto(ctx, s.final, staging); err != nil {
			return fail(err)
		}
		removeFiles(staging)
		s.DB.Path = s.final
		return nil
	}
	if err := os.Remove(staging); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish %s: remove %s: %w", s.final, staging, err)
	}
	s.DB.Path = s.final
	if err := syncDir(filepath.Dir(s.final)); err != nil {
		return fmt.Errorf("publish %s: sync directory: %w", s.final, err)
	}
	return nil
}

// Close closes the database; one that was not published is removed.
func (s *Staged) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.DB.Close()
	removeFiles(s.DB.Path)
	return err
}

// syncFile flushes a file to stable storage. It opens the file for
// writing: Windows flushes only a handle that may write.
func syncFile(path string) error { return flush(path, os.O_RDWR) }

// flush opens path with flag and flushes it to stable storage.
func flush(path string, flag int) error {
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeFiles removes a staging file and the files SQLite keeps beside it.
func removeFiles(staging string) {
	for _, side := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(staging + side)
	}
}

// removeStale removes the staging files for path of processes that are
// gone: an import that was killed leaves its staging file.
func removeStale(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), base+stagingSuffix)
		if !ok {
			continue
		}
		for _, side := range []string{"-journal", "-wal", "-shm"} {
			rest = strings.TrimSuffix(rest, side)
		}
		pid, err := strconv.Atoi(rest)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		removeFiles(path + stagingSuffix + rest)
	}
}

// copyInto copies the tables of the database in the file staging into the
// kin database at path, which another process created while staging was
// loaded, in one transaction: the other process may have it open (a kin
// serve started meanwhile sees the import appear when it commits). The
// database at path must hold no trees, so that no row ID is taken.
func copyInto(ctx context.Context, path, staging string) error {
	db, err := Open(path)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", formatError(err))
	}
	defer conn.Close()
	// ATTACH is not allowed in a transaction; the connection goes back
	// to the pool with the file detached. The file is named by its URI,
	// as open names it: a relative path that starts with "file:" is one.
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS staged`, fileURI(staging, nil)); err != nil {
		return fmt.Errorf("attach the import: %w", formatError(err))
	}
	defer conn.ExecContext(context.Background(), `DETACH DATABASE staged`)
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fmt.Errorf("begin the copy: %w", formatError(err))
	}
	if err := copyTables(ctx, conn, path); err != nil {
		conn.ExecContext(context.Background(), `ROLLBACK`)
		return err
	}
	if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
		// A COMMIT that fails (a deferred foreign key) leaves the
		// transaction open.
		conn.ExecContext(context.Background(), `ROLLBACK`)
		return fmt.Errorf("commit the copy: %w", formatError(err))
	}
	return nil
}

// copyTables copies every table of the attached database staged into the
// main one, the database at path, inside the caller's transaction on
// conn.
func copyTables(ctx context.Context, conn *sql.Conn, path string) error {
	var trees int
	if err := conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM main.trees`).Scan(&trees); err != nil {
		return fmt.Errorf("count trees: %w", formatError(err))
	}
	if trees > 0 {
		return kin.Errorf(kin.ECONFLICT, "Another process created %s and imported into it during this import; it was left as it is and this import was discarded.", path)
	}
	tables, err := stagedTables(ctx, conn)
	if err != nil {
		return err
	}
	// The tables go in the order they were created, which puts a
	// table before those that reference it only as long as no migration
	// recreated one (as 0009 did name_words): foreign keys are checked at
	// the commit instead, on the whole copy.
	if _, err := conn.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
		return fmt.Errorf("defer foreign keys: %w", formatError(err))
	}
	// The target holds no facts: load it as an import would, without
	// its secondary indexes, and build them at the end.
	stmts, err := sqlstore.DropBulkIndexes(ctx, conn, dialect.BulkIndexes)
	if err != nil {
		return fmt.Errorf("drop indexes: %w", formatError(err))
	}
	for _, t := range tables {
		cols := strings.Join(t.cols, ", ")
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO main.%s (%s) SELECT %s FROM staged.%s`, t.name, cols, cols, t.name)); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, formatError(err))
		}
	}
	if err := buildIndexes(ctx, conn, stmts); err != nil {
		return fmt.Errorf("create indexes: %w", formatError(err))
	}
	if err := dialect.Analyze(ctx, conn); err != nil {
		return fmt.Errorf("analyze: %w", formatError(err))
	}
	// Servers reading the database notice the change by this version.
	if _, err := conn.ExecContext(ctx, `UPDATE store_version SET version = version + 1 WHERE id = 1`); err != nil {
		return fmt.Errorf("bump write version: %w", formatError(err))
	}
	return nil
}

type stagedTable struct {
	name string
	cols []string
}

// stagedTables lists the tables of the attached import that hold kin's
// data, with their columns: all but SQLite's own and the bookkeeping of
// migrations and the write version, which the target has.
func stagedTables(ctx context.Context, conn *sql.Conn) ([]stagedTable, error) {
	names, err := queryNames(ctx, conn, `SELECT name FROM staged.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT IN ('migrations', 'store_version') ORDER BY rowid`)
	if err != nil {
		return nil, fmt.Errorf("list the import's tables: %w", err)
	}
	tables := make([]stagedTable, len(names))
	for i, name := range names {
		cols, err := queryNames(ctx, conn, `SELECT name FROM pragma_table_info(?, 'staged')`, name)
		if err != nil {
			return nil, fmt.Errorf("list the columns of %s: %w", name, err)
		}
		for j, c := range cols {
			cols[j] = `"` + c + `"`
		}
		tables[i] = stagedTable{name: `"` + name + `"`, cols: cols}
	}
	return tables, nil
}

// queryNames returns the one text column of the rows query returns.
func queryNames(ctx context.Context, conn *sql.Conn, query string, args ...any) ([]string, error) {
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, formatError(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		return nil, formatError(err)
	}
	return names, nil
}
