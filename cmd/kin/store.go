package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"kin"
	"kin/postgres"
	"kin/sqlite"
	"kin/sqlstore"
)

// store is what the database commands use of a kin store; both
// *sqlite.DB and *postgres.DB have it.
type store interface {
	Tree(name string) *sqlstore.Tree
	Trees(ctx context.Context) ([]sqlstore.TreeInfo, error)
	Close() error
}

var (
	_ store = (*sqlite.DB)(nil)
	_ store = (*postgres.DB)(nil)
)

// openStore opens the database named by --db, KIN_DB or ./kin.db: a
// postgres:// or postgresql:// URL is a PostgreSQL database, anything else
// a SQLite file.
func (m *Main) openStore(ctx context.Context, flagValue string) (store, error) {
	return m.openStoreWith(ctx, flagValue, sqlite.Open)
}

// openStoreWith is openStore opening a SQLite file with openSQLite.
func (m *Main) openStoreWith(ctx context.Context, flagValue string, openSQLite func(string) (*sqlite.DB, error)) (store, error) {
	path := m.dbPath(flagValue)
	if strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://") {
		db, err := postgres.Open(ctx, path)
		if err != nil {
			return nil, err
		}
		return db, nil
	}
	db, err := openSQLite(path)
	if err != nil {
		return nil, err
	}
	return db, nil
}

// openImportStore opens the database an import writes to, as openStore
// does, except that a SQLite database that does not exist yet is built in
// a staging file (sqlite.Staged): publish then moves it to its path after
// the import committed; closing the store without publishing discards it.
// For an existing database publish does nothing.
func (m *Main) openImportStore(ctx context.Context, flagValue string) (s store, publish func() error, err error) {
	path := m.dbPath(flagValue)
	if !strings.HasPrefix(path, "postgres://") && !strings.HasPrefix(path, "postgresql://") {
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			db, err := sqlite.CreateStaged(path)
			if err != nil {
				return nil, nil, err
			}
			return db, func() error { return db.Publish(ctx) }, nil
		}
	}
	s, err = m.openStore(ctx, flagValue)
	return s, func() error { return nil }, err
}

// storeFlags are the flags every database command has.
type storeFlags struct {
	db, tree, asRecorded string
	json                 bool
}

// readFlags registers the flags of a command that reads one tree: --tree,
// --db, --as-recorded (described by asRecorded) and --json (described by
// json).
func (f *storeFlags) readFlags(fs *flag.FlagSet, asRecorded, json string) {
	fs.StringVar(&f.tree, "tree", sqlstore.DefaultTree, "the tree")
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.StringVar(&f.asRecorded, "as-recorded", "", asRecorded)
	fs.BoolVar(&f.json, "json", false, json)
}

// openTree opens the database and the tree view the flags name. The
// caller closes the store.
//
// A SQLite file is mapped into memory (sqlite.OpenMapped): the commands
// that read one tree read a few of its records, scattered over the file,
// and a mapped page is read in place rather than copied.
func (m *Main) openTree(ctx context.Context, f *storeFlags) (store, *sqlstore.Tree, error) {
	s, err := m.openStoreWith(ctx, f.db, sqlite.OpenMapped)
	if err != nil {
		return nil, nil, userError(err)
	}
	t, err := f.treeView(s)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, t, nil
}

// openPerson opens the tree the flags name, as openTree does, and finds
// the person ref names (resolvePerson). The caller closes the store.
func (m *Main) openPerson(ctx context.Context, f *storeFlags, ref string) (store, *sqlstore.Tree, *kin.Person, error) {
	s, t, err := m.openTree(ctx, f)
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := resolvePerson(ctx, t, ref)
	if err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return s, t, p, nil
}

// treeView returns the tree the flags name, as recorded at --as-recorded
// when given (a date, 2006-01-02, or an RFC 3339 time).
func (f *storeFlags) treeView(s store) (*sqlstore.Tree, error) {
	t := s.Tree(f.tree)
	if f.asRecorded == "" {
		return t, nil
	}
	at, err := parseRecorded(f.asRecorded)
	if err != nil {
		return nil, err
	}
	return t.AsOf(at), nil
}

// parseRecorded reads an --as-recorded value. A bare date means the end of
// that day in UTC: what the tree said on that day.
func parseRecorded(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Add(24*time.Hour - time.Microsecond), nil
	}
	return time.Time{}, usageError("--as-recorded %q: want a date (2025-01-01) or an RFC 3339 time", s)
}

// userError turns a kin.Error into its message for the terminal and
// leaves other errors as they are.
func userError(err error) error {
	if err == nil {
		return nil
	}
	if code := kin.ErrorCode(err); code != kin.EINTERNAL {
		return fmt.Errorf("%s", kin.ErrorMessage(err))
	}
	return err
}
