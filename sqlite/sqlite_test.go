package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// open returns a new database in a temporary directory, closed when tb ends.
func open(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "kin.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("Close: %v", err)
		}
	})
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return open(tb) })
}

// TestBulkImportKeepsIndexes checks that an import into an empty database,
// which drops the *_bulk indexes to load faster, builds every one again.
// indexes lists the names of the indexes of db.
func indexes(t *testing.T, db *sqlite.DB) []string {
	t.Helper()
	rows, err := db.DB.QueryContext(context.Background(), `SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

func TestBulkImportKeepsIndexes(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	before := indexes(t, db)
	if !slices.ContainsFunc(before, func(n string) bool { return strings.HasSuffix(n, "_bulk") }) {
		t.Fatal("the schema has no *_bulk indexes to test with")
	}
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", GEDCOM: "0 @I1@ INDI\n1 NAME Ann /Lee/\n",
		Person: &kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}}}
	next := storetest.Source(recs)
	if _, err := db.Tree("").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0", Header: "0 HEAD\n"}, next); err != nil {
		t.Fatalf("Import: %v", err)
	}
	if after := indexes(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("indexes after a bulk import = %q, want %q", after, before)
	}
}

// TestOpenMapped checks that OpenMapped maps the file on every connection
// it opens, and Open on none, and that a mapped database reads what was
// written through an unmapped one.
func TestOpenMapped(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kin.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", ID: "I1", Person: &kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}}}
	if _, err := db.Tree("t").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
	mapped, err := sqlite.OpenMapped(path)
	if err != nil {
		t.Fatal(err)
	}
	defer mapped.Close()
	for _, tt := range []struct {
		db   *sqlite.DB
		want int64
	}{{db, 0}, {mapped, 2147418112}} {
		// Two connections at once: the setting is each connection's.
		c1, err := tt.db.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := tt.db.DB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []interface {
			QueryRowContext(context.Context, string, ...any) *sql.Row
		}{c1, c2} {
			var n int64
			if err := c.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != tt.want {
				t.Errorf("mmap_size = %d, want %d", n, tt.want)
			}
		}
		c1.Close()
		c2.Close()
	}
	db.Close()
	ms, err := mapped.Tree("t").Find(ctx, "lee", 0)
	if err != nil || len(ms) != 1 || ms[0].Person.ID != "I1" {
		t.Fatalf("Find(lee) on the mapped database = %v, %v; want I1", ms, err)
	}
}
