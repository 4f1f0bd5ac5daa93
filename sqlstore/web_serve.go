package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// WriteVersion returns the database's write version: a number that every
// write transaction of the Store raises as it commits, whatever tree it
// changes and whichever program makes it. A reader that keeps what it read
// at one version knows it is still current while the number stays the same
// (kin serve's caches follow it). Users, sessions and the cached tree counts
// are written outside it; they change no tree.
func (s *Store) WriteVersion(ctx context.Context) (int64, error) {
	const query = `SELECT version FROM store_version WHERE id = 1`
	var row *sql.Row
	if st, err := s.stmt(ctx, query); err == nil && st != nil {
		row = st.QueryRowContext(ctx)
	} else {
		row = s.DB.QueryRowContext(ctx, query)
	}
	var v int64
	if err := row.Scan(&v); err != nil {
		return 0, fmt.Errorf("read write version: %w", s.formatError(err))
	}
	return v, nil
}

// Resolved returns a view of the tree that knows its row ID, so that its
// reads do not look the tree up by name each time. The view is good while
// the write version (WriteVersion) stays the same: a deleted and recreated
// tree gets another ID. It reports kin.ENOTFOUND when there is no such tree.
func (t *Tree) Resolved(ctx context.Context) (*Tree, error) {
	id, err := t.lookupID(ctx, t.s.DB)
	if err != nil {
		return nil, err
	}
	c := *t
	c.id = id
	return &c, nil
}

// LimitIdleConns keeps up to n connections to the database open between
// queries (database/sql keeps 2). A server answering many requests at
// once then reuses its connections, with their page caches and prepared
// statements, instead of opening new ones and preparing again.
func (s *Store) KeepIdleConns(n int) { s.DB.SetMaxIdleConns(n) }
