package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"

	"kin/sqlstore"
)

// Binding a value through database/sql and the driver costs several times
// what SQLite's own sqlite3_bind_* does: database/sql converts the
// arguments, the driver looks each parameter up by name, copies every text
// into C memory allocated for it, and frees and clears the bindings after
// the statement ran. For the multi-row INSERTs of an import (millions of
// rows of a dozen values) that was a third of the writer's time, so those
// statements are prepared and run here with SQLite's C API, on the
// connection of the write transaction: texts are bound in place (the Go
// strings stay alive and unmoved until the statement has run, and each
// run binds every parameter anew).
//
// The connection's sqlite3 handle is not part of the driver's API; it is
// read from the driver's connection by reflection. When the driver is not
// the one this was written for, prepareInsert falls back to database/sql
// (TestRawInsert checks that the pinned driver takes the fast path).

// rawStmt is a statement prepared on a driver connection's handle. Unlike
// a *sql.Stmt it is for one goroutine at a time, as its libc.TLS is (the
// writer of a transaction runs its batches on one); it must be closed
// before the connection goes back to the pool (batch.release).
type rawStmt struct {
	tls    *libc.TLS
	db     uintptr
	stmt   uintptr
	params int
	// out receives the statement handle from sqlite3_prepare_v2: a field
	// of a heap object, so its address does not move during the call.
	out uintptr
	// bound holds the arguments of the run under way. SQLite reads the
	// texts and blobs bound in place while the statement steps, which runs
	// (as all of SQLite here) as Go code on the caller's goroutine: a value
	// on that goroutine's stack would move when the stack grows, and a
	// value no longer referenced may be freed. Storing the arguments in
	// this heap object keeps them alive until the run ends and, as the
	// compiler sees it, makes everything they point to escape to the heap,
	// which does not move, whoever the caller is.
	bound []any
	query string
}

// liveStmts counts the rawStmts not closed yet, for the tests.
var liveStmts atomic.Int64

// emptyText is what an empty text binds to: a NULL pointer would bind
// NULL.
var emptyText = [1]byte{}

// prepareInsert prepares query on the connection of the write transaction
// q, with SQLite's API when it can reach the connection's handle.
func prepareInsert(ctx context.Context, q sqlstore.Querier, query string) (sqlstore.Stmt, error) {
	if tx, ok := q.(*sqlstore.Tx); ok {
		q = tx.Querier
	}
	conn, ok := q.(*sql.Conn)
	if !ok {
		return q.PrepareContext(ctx, query)
	}
	var db uintptr
	if err := conn.Raw(func(dc any) error {
		db = connHandle(dc)
		return nil
	}); err != nil {
		return nil, err
	}
	if db == 0 {
		return q.PrepareContext(ctx, query)
	}
	return newRawStmt(db, query)
}

// connHandle returns the sqlite3 handle of a modernc.org/sqlite driver
// connection, or 0.
func connHandle(dc any) uintptr {
	v := reflect.ValueOf(dc)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct || v.Elem().Type().PkgPath() != "modernc.org/sqlite" {
		return 0
	}
	f := v.Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Uintptr {
		return 0
	}
	return uintptr(f.Uint())
}

// newRawStmt prepares query on the connection handle db. The statement
// keeps query, which SQLite reads in place while it prepares it (as
// bound explains for arguments).
func newRawStmt(db uintptr, query string) (*rawStmt, error) {
	s := &rawStmt{tls: libc.NewTLS(), db: db, query: query}
	rc := sqlite3.Xsqlite3_prepare_v2(s.tls, db, uintptr(unsafe.Pointer(unsafe.StringData(s.query))), int32(len(s.query)), uintptr(unsafe.Pointer(&s.out)), 0)
	if rc != sqlite3.SQLITE_OK || s.out == 0 {
		var err error = &rawError{code: sqlite3.SQLITE_MISUSE, msg: "no statement in " + query}
		if rc != sqlite3.SQLITE_OK {
			err = s.error(rc)
		}
		s.tls.Close()
		return nil, err
	}
	s.stmt = s.out
	s.params = int(sqlite3.Xsqlite3_bind_parameter_count(s.tls, s.stmt))
	liveStmts.Add(1)
	return s, nil
}

// ExecContext binds args to the statement's parameters, in order, and runs
// it. The values are those database/sql takes: nil, integers, floats,
// bools, strings and byte slices, and types whose kind is one of them.
func (s *rawStmt) ExecContext(ctx context.Context, args ...any) (sql.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.stmt == 0 {
		return nil, errors.New("sqlite: statement is closed")
	}
	if len(args) != s.params {
		return nil, fmt.Errorf("sqlite: %d arguments for %d parameters", len(args), s.params)
	}
	s.bound = args
	defer func() { s.bound = nil }()
	for i, a := range s.bound {
		if err := s.bind(int32(i+1), a); err != nil {
			sqlite3.Xsqlite3_clear_bindings(s.tls, s.stmt)
			return nil, err
		}
	}
	// Every parameter is bound anew on every run: the pointers a run
	// leaves bound are never read again.
	rc := sqlite3.Xsqlite3_step(s.tls, s.stmt)
	var err error
	if rc != sqlite3.SQLITE_DONE && rc != sqlite3.SQLITE_ROW {
		err = s.error(rc)
	}
	sqlite3.Xsqlite3_reset(s.tls, s.stmt)
	if err != nil {
		sqlite3.Xsqlite3_clear_bindings(s.tls, s.stmt)
		return nil, err
	}
	// The result is read now: the connection's counters change with its
	// next statement, and after Close s has no SQLite state to ask.
	return rawResult{
		lastID: sqlite3.Xsqlite3_last_insert_rowid(s.tls, s.db),
		rows:   int64(sqlite3.Xsqlite3_changes(s.tls, s.db)),
	}, nil
}

func (s *rawStmt) bind(i int32, a any) error {
	var rc int32
	switch v := a.(type) {
	case nil:
		rc = sqlite3.Xsqlite3_bind_null(s.tls, s.stmt, i)
	case string:
		rc = s.bindText(i, v)
	case int:
		rc = sqlite3.Xsqlite3_bind_int64(s.tls, s.stmt, i, int64(v))
	case int64:
		rc = sqlite3.Xsqlite3_bind_int64(s.tls, s.stmt, i, v)
	case float64:
		rc = sqlite3.Xsqlite3_bind_double(s.tls, s.stmt, i, v)
	case bool:
		var n int64
		if v {
			n = 1
		}
		rc = sqlite3.Xsqlite3_bind_int64(s.tls, s.stmt, i, n)
	case []byte:
		if v == nil {
			rc = sqlite3.Xsqlite3_bind_null(s.tls, s.stmt, i)
		} else {
			p := uintptr(unsafe.Pointer(&emptyText[0]))
			if len(v) > 0 {
				p = uintptr(unsafe.Pointer(&v[0]))
			}
			rc = sqlite3.Xsqlite3_bind_blob64(s.tls, s.stmt, i, p, uint64(len(v)), 0)
		}
	default:
		rv := reflect.ValueOf(a)
		switch rv.Kind() {
		case reflect.String:
			rc = s.bindText(i, rv.String())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			rc = sqlite3.Xsqlite3_bind_int64(s.tls, s.stmt, i, rv.Int())
		case reflect.Uint8, reflect.Uint16, reflect.Uint32:
			rc = sqlite3.Xsqlite3_bind_int64(s.tls, s.stmt, i, int64(rv.Uint()))
		case reflect.Float32, reflect.Float64:
			rc = sqlite3.Xsqlite3_bind_double(s.tls, s.stmt, i, rv.Float())
		default:
			return fmt.Errorf("sqlite: parameter %d: cannot bind a %T", i, a)
		}
	}
	if rc != sqlite3.SQLITE_OK {
		return s.error(rc)
	}
	return nil
}

// bindText binds v in place (SQLITE_STATIC): SQLite reads it while the
// statement runs, so the caller keeps v alive until then (s.bound). The
// length is passed whole: a 32-bit one would wrap for a text of 2 GiB or
// more, to a shorter text or to a negative length, with which SQLite
// reads up to a NUL byte that a Go string does not have; SQLite refuses a
// text over its length limit (SQLITE_TOOBIG).
func (s *rawStmt) bindText(i int32, v string) int32 {
	p := uintptr(unsafe.Pointer(&emptyText[0]))
	if len(v) > 0 {
		p = uintptr(unsafe.Pointer(unsafe.StringData(v)))
	}
	return sqlite3.Xsqlite3_bind_text64(s.tls, s.stmt, i, p, uint64(len(v)), 0, sqlite3.SQLITE_UTF8)
}

// Close finalizes the statement.
func (s *rawStmt) Close() error {
	if s.stmt == 0 {
		return nil
	}
	sqlite3.Xsqlite3_finalize(s.tls, s.stmt)
	s.stmt = 0
	s.tls.Close()
	liveStmts.Add(-1)
	return nil
}

// error returns the connection's error for the result code rc.
func (s *rawStmt) error(rc int32) error {
	msg := libc.GoString(sqlite3.Xsqlite3_errmsg(s.tls, s.db))
	return &rawError{code: int(rc), msg: fmt.Sprintf("%s (%d)", msg, rc)}
}

// rawError is a SQLite error from a rawStmt.
type rawError struct {
	code int
	msg  string
}

func (e *rawError) Error() string { return e.msg }

// Code is the SQLite result code.
func (e *rawError) Code() int { return e.code }

// rawResult is the result of a rawStmt's run.
type rawResult struct{ lastID, rows int64 }

// LastInsertId is the rowid of the last row the run inserted.
func (r rawResult) LastInsertId() (int64, error) { return r.lastID, nil }

// RowsAffected is how many rows the run inserted.
func (r rawResult) RowsAffected() (int64, error) { return r.rows, nil }
