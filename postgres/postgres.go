// Package postgres is kin's store for shared installations: a PostgreSQL
// database reached with github.com/jackc/pgx/v5 through its database/sql
// adapter, so the fact model, conclusions and queries of package sqlstore
// run unchanged on it, and the behaviour is the one the storetest suite
// checks for SQLite too.
//
// The schema comes from numbered .sql files embedded from migration/, each
// applied once in a transaction and recorded in the migrations table. Every
// table but trees has tree_id first in its primary key, so a tree can later
// be distributed by tree_id on Citus (docs/scaling.md).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // also registers the "pgx" database/sql driver

	"kin"
	"kin/sqlstore"
)

//go:embed migration/*.sql
var migrationFS embed.FS

// writeLock is the advisory lock key that serializes kin's writers, as
// SQLite's single writer does.
const writeLock = 0x6b696e // "kin"

// DB is a kin database on a PostgreSQL server.
type DB struct {
	*sqlstore.Store
}

// Open connects to the PostgreSQL database at dsn (a postgres:// URL or a
// key=value string) and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect to postgres: %w", formatError(err))
	}
	db := &DB{Store: sqlstore.New(sdb, dialect)}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrationFS, "migration/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migrate %s: %w", name, err)
		}
	}
	return nil
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
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return formatError(err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
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
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES ($1, $2)`, name, db.Now().UnixMicro()); err != nil {
		return formatError(err)
	}
	return tx.Commit()
}

// rebind turns ? placeholders into $1, $2 …; kin's queries have no ? in
// string literals.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

var dialect = sqlstore.Dialect{
	Name:      "postgres",
	Rebind:    rebind,
	MaxParams: 65535,
	Analyze: func(ctx context.Context, q sqlstore.Querier) error {
		_, err := q.ExecContext(ctx, `ANALYZE records, facts, citations, name_words, name_postings, words`)
		return err
	},
	FormatError: formatError,
	BeginWrite: func(ctx context.Context, db *sql.DB) (*sqlstore.Tx, error) {
		// The transaction runs on a dedicated connection, begun by
		// hand, so that CopyFrom can reach the same pgx connection.
		conn, err := db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := conn.ExecContext(ctx, `BEGIN`); err != nil {
			conn.Close()
			return nil, err
		}
		done := false
		end := func(stmt string) error {
			if done {
				return nil
			}
			done = true
			_, err := conn.ExecContext(context.Background(), stmt)
			if cerr := conn.Close(); err == nil {
				err = cerr
			}
			return err
		}
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, writeLock); err != nil {
			end(`ROLLBACK`)
			return nil, err
		}
		return &sqlstore.Tx{Querier: conn, Commit: func() error { return end(`COMMIT`) }, Rollback: func() error { return end(`ROLLBACK`) }}, nil
	},
	CopyFrom: func(ctx context.Context, q sqlstore.Querier, table string, cols []string, rows [][]any) error {
		if tx, ok := q.(*sqlstore.Tx); ok {
			q = tx.Querier
		}
		conn, ok := q.(*sql.Conn)
		if !ok {
			return errors.New("not in a write transaction")
		}
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	},
	AllocIDs: func(ctx context.Context, q sqlstore.Querier, treeID, n int64) (int64, error) {
		var last int64
		err := q.QueryRowContext(ctx, `UPDATE trees SET next_id = next_id + $1 WHERE id = $2 RETURNING next_id`, n, treeID).Scan(&last)
		return last - n + 1, err
	},
	BulkIndexes: `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%\_bulk'`,
}

// formatError maps PostgreSQL errors to kin errors where one fits.
func formatError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch {
	case strings.HasPrefix(pe.Code, "23"), pe.Code == "40001", pe.Code == "40P01":
		return &wrapped{kin.Errorf(kin.ECONFLICT, "The change conflicts with what is stored; try again."), err}
	case pe.Code == "28P01" || pe.Code == "28000":
		return &wrapped{kin.Errorf(kin.EINVALID, "PostgreSQL refused the login: %s.", pe.Message), err}
	case pe.Code == "3D000":
		return &wrapped{kin.Errorf(kin.EINVALID, "No such PostgreSQL database: %s.", pe.Message), err}
	}
	return err
}

// wrapped is a kin.Error that keeps the driver error it came from.
type wrapped struct {
	kerr *kin.Error
	err  error
}

func (w *wrapped) Error() string { return w.err.Error() }

// Unwrap returns both errors.
func (w *wrapped) Unwrap() []error { return []error{w.kerr, w.err} }
