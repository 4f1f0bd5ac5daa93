package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// tempDB returns a new SQLite database in a temporary directory, closed
// when t ends.
func tempDB(t testing.TB) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// peopleRecords returns the records an import of people takes.
func peopleRecords(people ...*kin.Person) []*sqlstore.Record {
	recs := make([]*sqlstore.Record, len(people))
	for i, p := range people {
		recs[i] = &sqlstore.Record{Tag: "INDI", Xref: p.Xref, ID: p.ID, Person: p}
	}
	return recs
}

// importPeople imports people into tr as a file would, in one bulk import.
func importPeople(t testing.TB, tr *sqlstore.Tree, people []*kin.Person) {
	t.Helper()
	info := sqlstore.ImportInfo{Filename: tr.Name() + ".ged", Version: "7.0"}
	if _, err := tr.Import(context.Background(), info, storetest.Source(peopleRecords(people...))); err != nil {
		t.Fatal(err)
	}
}
