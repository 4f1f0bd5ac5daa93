package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// WriteVersion returns the database's write version: a number that every
// write transaction of the Store raises as it commits, whatever tree it
// changes and whichever program makes it. A reader that keeps what it read
// at one version knows it is still current while the number stays the same
// (kin serve's caches follow it). Users, sessions and the cached tree counts
// are written outside it; they change no tree.
func (s *Store) WriteVersion(ctx context.Context) (int64, error) {
	const query = `SELECT version FROM store_version WHERE id = 1`
	row := s.queryRow(ctx, query)
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

// SessionUserVersion returns, read together in one query, the user of the
// live session with tokenHash (nil when there is none or it has expired:
// what SessionUser reports as kin.ENOTFOUND) and the database's write
// version (WriteVersion): a server asks both on every request of a
// logged-in reader, and one read transaction instead of two halves the
// waiting on SQLite's locks.
func (s *Store) SessionUserVersion(ctx context.Context, tokenHash string) (*User, int64, error) {
	query := s.q(`SELECT v.version, u.name, u.role, u.password_hash, u.created_at, u.updated_at
		FROM store_version v
		LEFT JOIN sessions s ON s.token_hash = ? AND s.expires_at > ?
		LEFT JOIN users u ON u.name = s.user_name
		WHERE v.id = 1`)
	row := s.queryRow(ctx, query, tokenHash, s.now())
	var version int64
	var name, role, hash sql.NullString
	var c, up sql.NullInt64
	if err := row.Scan(&version, &name, &role, &hash, &c, &up); err != nil {
		return nil, 0, fmt.Errorf("session and write version: %w", s.formatError(err))
	}
	if !name.Valid {
		return nil, version, nil
	}
	u := &User{Name: name.String, Role: role.String, PasswordHash: hash.String,
		Created: time.UnixMicro(c.Int64).UTC(), Updated: time.UnixMicro(up.Int64).UTC()}
	return u, version, nil
}
