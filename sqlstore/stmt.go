package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"kin"
)

// maxStmts bounds the statements a Store keeps prepared. The hot reads
// are a few dozen texts (a few per query, one per list-size bucket);
// the bound only guards against a caller that builds many others.
const maxStmts = 256

// stmtCache holds the statements of a Store's hot read queries, prepared
// once on first use and closed by Store.Close: SQLite then parses each
// query once per connection, not once per call (database/sql prepares a
// Stmt again on each connection it runs on, by itself).
type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	closed bool
}

// stmt returns the statement for query (in the engine's form) prepared on
// s.DB, or nil when the Store keeps no more statements (then the caller
// runs the query unprepared).
func (s *Store) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c := s.stmts
	if c == nil {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	if c.closed {
		return nil, errors.New("sql: database is closed")
	}
	if len(c.stmts) >= maxStmts {
		return nil, nil
	}
	st, err := s.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if c.stmts == nil {
		c.stmts = make(map[string]*sql.Stmt)
	}
	c.stmts[query] = st
	return st, nil
}

// close closes the prepared statements; later reads report the
// database closed.
func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for q, st := range c.stmts {
		if err := st.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close statement: %w", err))
		}
		delete(c.stmts, q)
	}
	c.closed = true
	return errors.Join(errs...)
}

// query runs a read query (written with ? placeholders) through a
// prepared statement when the reader reads from the database itself, or
// directly inside a transaction.
func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = r.s.q(query)
	if r.prepared {
		st, err := r.s.stmt(ctx, query)
		if err != nil {
			return nil, err
		}
		if st != nil {
			return st.QueryContext(ctx, args...)
		}
	}
	return r.q.QueryContext(ctx, query, args...)
}

// queryDirect runs a read query without preparing it: for a text that
// will not come again.
func (r *reader) queryDirect(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.q.QueryContext(ctx, r.s.q(query), args...)
}

// queryRow is query for a single row.
func (r *reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = r.s.q(query)
	if r.prepared {
		if st, err := r.s.stmt(ctx, query); err == nil && st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return r.q.QueryRowContext(ctx, query, args...)
}

// queryRow runs a single-row query (in the engine's form) on s.DB,
// prepared when the Store keeps statements: for the reads a server makes
// on every request.
func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st, err := s.stmt(ctx, query); err == nil && st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.DB.QueryRowContext(ctx, query, args...)
}

// listSize is the length an IN list or VALUES table of n IDs is padded
// to, so that lists of any length use a few prepared statements: n itself
// up to 4, then the next power of two, but not beyond limit (a batch's
// length) unless n is.
func listSize(n, limit int) int {
	if n <= 4 {
		return n
	}
	s := 8
	for s < n {
		s *= 2
	}
	return max(min(s, limit), n)
}

// idArgs returns ids as query arguments, padded with "" (which is never a
// record's ID, nor a fact's subject or object) to listSize(len(ids), limit).
func idArgs(ids []kin.ID, limit int) []any {
	n := listSize(len(ids), limit)
	args := make([]any, n)
	for i := range args {
		args[i] = ""
		if i < len(ids) {
			args[i] = string(ids[i])
		}
	}
	return args
}
