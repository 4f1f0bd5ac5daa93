package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

type named string

// TestRawInsert checks that the import's INSERTs take SQLite's API with the
// pinned driver, and that every kind of value they bind is stored as
// database/sql stores it.
func TestRawInsert(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if _, err := db.DB.ExecContext(ctx, `CREATE TABLE vals (k INTEGER PRIMARY KEY, v ANY, w ANY) STRICT`); err != nil {
		t.Fatal(err)
	}
	vals := []any{nil, "", "text", "ünï\x00code", 0, -1, int64(1) << 62, 2.5, true, false, []byte{}, []byte{0, 1, 2}, named("named"), int32(-7), uint8(200)}
	tx, err := db.Dialect.BeginWrite(ctx, db.DB)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.PrepareInsert(ctx, tx, `INSERT INTO vals (k, v, w) VALUES (?, ?, 'a'), (?, ?, 'b')`)
	if err != nil {
		t.Fatal(err)
	}
	if !sqlite.IsRawStmt(st) {
		t.Fatalf("PrepareInsert gave a %T, want the raw statement (did the driver change?)", st)
	}
	// Text with no statement in it prepares nothing: an error, not a
	// statement that cannot run.
	live := sqlite.LiveRawStmts()
	if none, err := sqlite.PrepareInsert(ctx, tx, `-- no statement`); err == nil {
		none.Close()
		t.Error("a query with no statement prepared")
	}
	if n := sqlite.LiveRawStmts() - live; n != 0 {
		t.Errorf("%d statements left by a query with no statement", n)
	}
	for i := 0; i < len(vals); i += 2 {
		j := min(i+1, len(vals)-1)
		if _, err := st.ExecContext(ctx, int64(i), vals[i], int64(i+100), vals[j]); err != nil {
			t.Fatalf("exec %d: %v", i, err)
		}
	}
	// A constraint violation is an error, mapped as the driver's are.
	_, err = st.ExecContext(ctx, int64(0), "dup", int64(1000), "x")
	if kin.ErrorCode(sqlite.FormatError(err)) != kin.ECONFLICT {
		t.Errorf("duplicate key: %v, want a conflict", err)
	}
	if _, err := st.ExecContext(ctx, 1); err == nil {
		t.Error("too few arguments: no error")
	}
	if _, err := st.ExecContext(ctx, int64(5000), struct{}{}, int64(5001), nil); err == nil {
		t.Error("a struct: no error")
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	// The same rows through database/sql, for comparison.
	for i := 0; i < len(vals); i += 2 {
		j := min(i+1, len(vals)-1)
		if _, err := tx.ExecContext(ctx, `INSERT INTO vals (k, v, w) VALUES (?, ?, 'a'), (?, ?, 'b')`, int64(i+10000), vals[i], int64(i+10100), vals[j]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	read := func(k int64) []any {
		var v any
		var typ, w string
		if err := db.DB.QueryRowContext(ctx, `SELECT v, typeof(v), w FROM vals WHERE k = ?`, k).Scan(&v, &typ, &w); err != nil {
			t.Fatalf("row %d: %v", k, err)
		}
		return []any{v, typ, w}
	}
	for i := 0; i < len(vals); i += 2 {
		for _, k := range []int64{int64(i), int64(i + 100)} {
			if got, want := read(k), read(k+10000); !reflect.DeepEqual(got, want) {
				t.Errorf("row %d: raw %#v, database/sql %#v", k, got, want)
			}
		}
	}
	var n int
	if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM vals WHERE k < 10000`).Scan(&n); err != nil || n != len(vals)+len(vals)%2 {
		t.Errorf("%d rows written raw (%v), want %d", n, err, len(vals)+len(vals)%2)
	}
}

// TestImportReleasesStatements checks that imports, failed or not, leave
// no raw statement prepared on the connection.
func TestImportReleasesStatements(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	var recs []*sqlstore.Record
	for i := range 3000 {
		id := kin.ID(fmt.Sprintf("I%d", i))
		recs = append(recs, &sqlstore.Record{Tag: "INDI", Xref: kin.Xref(id), GEDCOM: fmt.Sprintf("0 @%s@ INDI\n1 NAME Ann /Lee/\n", id),
			Person: &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}})
	}
	before := sqlite.LiveRawStmts()
	// The last record repeats the first: the import fails after full
	// statements were written.
	bad := append(recs[:len(recs):len(recs)], recs[0])
	if _, err := db.Tree("t").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(bad)); err == nil {
		t.Fatal("an import with a record twice succeeded")
	}
	if n := sqlite.LiveRawStmts() - before; n != 0 {
		t.Errorf("%d raw statements left after a failed import", n)
	}
	if _, err := db.Tree("t").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
	if n := sqlite.LiveRawStmts() - before; n != 0 {
		t.Errorf("%d raw statements left after an import", n)
	}
}

// TestRawResult checks that a raw statement's result is that of its own
// run, read when it ran: a later run or closing the statement (which frees
// its SQLite state) does not change it.
func TestRawResult(t *testing.T) {
	ctx := context.Background()
	db := open(t)
	if _, err := db.DB.ExecContext(ctx, `CREATE TABLE vals (k INTEGER PRIMARY KEY, v ANY)`); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Dialect.BeginWrite(ctx, db.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	st, err := sqlite.PrepareInsert(ctx, tx, `INSERT INTO vals (k, v) VALUES (?, ?), (?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	first, err := st.ExecContext(ctx, int64(1), "a", int64(2), "b")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ExecContext(ctx, int64(10), "c", int64(11), "d"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO vals (k, v) VALUES (20, 'e')`); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	if id, err := first.LastInsertId(); err != nil || id != 2 {
		t.Errorf("LastInsertId = %d, %v; want 2, the first run's", id, err)
	}
	if n, err := first.RowsAffected(); err != nil || n != 2 {
		t.Errorf("RowsAffected = %d, %v; want 2", n, err)
	}
}
