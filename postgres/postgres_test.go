package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"kin/postgres"
	"kin/storetest"
)

var schemas atomic.Int64

// open returns a store in a fresh schema of the database KIN_POSTGRES_DSN
// names, dropped when tb ends; it skips tb when the variable is unset.
func open(tb testing.TB) *postgres.DB {
	tb.Helper()
	dsn := os.Getenv("KIN_POSTGRES_DSN")
	if dsn == "" {
		tb.Skip("KIN_POSTGRES_DSN not set; run with a PostgreSQL server (bash .ci/postgres.sh)")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	schema := fmt.Sprintf("kintest_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
		admin.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := postgres.Open(ctx, dsn+sep+"search_path="+schema)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(tb testing.TB) storetest.Store { return open(tb) })
}

func TestMigratePackNamePostings(t *testing.T) {
	dsn := os.Getenv("KIN_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("KIN_POSTGRES_DSN not set; run with a PostgreSQL server (bash .ci/postgres.sh)")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("kintest_%d_%d", os.Getpid(), schemas.Add(1))
	if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	defer admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`)
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	// Every open is of the same schema.
	storetest.PackNamePostings(t, func(tb testing.TB) (storetest.Migrating, *sql.DB) {
		db, err := postgres.Open(ctx, dsn+sep+"search_path="+schema)
		if err != nil {
			tb.Fatal(err)
		}
		return db, db.DB
	})
}

// TestPostingsMatchRows checks name search through the history of packed
// postings and rows against the facts, word by word with Find.
func TestPostingsMatchRows(t *testing.T) {
	db := open(t)
	storetest.PostingsMatchRows(t, db, db.DB, nil)
}
