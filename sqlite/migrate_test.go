package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"kin/sqlite"
	"kin/storetest"
)

func TestMigratePackNamePostings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kin.db")
	storetest.PackNamePostings(t, func(tb testing.TB) (storetest.Migrating, *sql.DB) {
		db, err := sqlite.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		return db, db.DB
	})
}

// TestPostingsMatchRows checks name search through the history of packed
// postings and rows against the facts, word by word with Find.
func TestPostingsMatchRows(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.PostingsMatchRows(t, db, db.DB, nil)
}
