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
