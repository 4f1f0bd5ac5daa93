package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kin"
)

// User is a person who may log in to kin serve, with their role and the
// hash of their password. The store keeps the hash as it is given; package
// web makes and checks it.
type User struct {
	Name         string    `json:"name"`
	Role         string    `json:"role"`
	PasswordHash string    `json:"-"`
	Created      time.Time `json:"created"`
	Updated      time.Time `json:"updated"`
}

// PutUser adds u, or changes the role and password hash of the user with
// u's name.
func (s *Store) PutUser(ctx context.Context, u User) error {
	if u.Name == "" {
		return kin.Errorf(kin.EINVALID, "A user needs a name.")
	}
	now := s.now()
	_, err := s.DB.ExecContext(ctx, s.q(`INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, updated_at = excluded.updated_at`),
		u.Name, u.Role, u.PasswordHash, now, now)
	if err != nil {
		return fmt.Errorf("put user %q: %w", u.Name, s.formatError(err))
	}
	return nil
}

// AddFirstUser adds u only while the database has no users at all: the
// first account of a new installation, made in the browser. The check and
// the insert are one transaction that holds the write lock from the first
// to the second (SQLite's BEGIN IMMEDIATE; on PostgreSQL a lock on the
// users table that conflicts with itself), so of two attempts at once
// exactly one succeeds. The other, and any attempt once a user exists,
// gets kin.ECONFLICT.
func (s *Store) AddFirstUser(ctx context.Context, u User) error {
	if u.Name == "" {
		return kin.Errorf(kin.EINVALID, "A user needs a name.")
	}
	tx, err := s.Dialect.BeginWrite(ctx, s.DB)
	if err != nil {
		return fmt.Errorf("add first user: %w", s.formatError(err))
	}
	err = func() error {
		if s.Dialect.Name == "postgres" {
			if _, err := tx.ExecContext(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
				return err
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return kin.Errorf(kin.ECONFLICT, "The database has accounts already; log in, or ask an administrator for one.")
		}
		now := s.now()
		_, err := tx.ExecContext(ctx, s.q(`INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`),
			u.Name, u.Role, u.PasswordHash, now, now)
		return err
	}()
	if err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		if kin.ErrorCode(err) == kin.ECONFLICT {
			return err
		}
		return fmt.Errorf("add first user %q: %w", u.Name, s.formatError(err))
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add first user %q: commit: %w", u.Name, s.formatError(err))
	}
	return nil
}

// User returns the user called name; kin.ENOTFOUND when there is none.
func (s *Store) User(ctx context.Context, name string) (*User, error) {
	u := &User{}
	var c, up int64
	err := s.DB.QueryRowContext(ctx, s.q(`SELECT name, role, password_hash, created_at, updated_at FROM users WHERE name = ?`), name).
		Scan(&u.Name, &u.Role, &u.PasswordHash, &c, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kin.Errorf(kin.ENOTFOUND, "There is no user %q.", name)
	} else if err != nil {
		return nil, fmt.Errorf("user %q: %w", name, s.formatError(err))
	}
	u.Created, u.Updated = time.UnixMicro(c).UTC(), time.UnixMicro(up).UTC()
	return u, nil
}

// Users lists the users by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT name, role, password_hash, created_at, updated_at FROM users ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("users: %w", s.formatError(err))
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		var c, up int64
		if err := rows.Scan(&u.Name, &u.Role, &u.PasswordHash, &c, &up); err != nil {
			return nil, fmt.Errorf("users: %w", s.formatError(err))
		}
		u.Created, u.Updated = time.UnixMicro(c).UTC(), time.UnixMicro(up).UTC()
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("users: %w", s.formatError(err))
	}
	return out, nil
}

// DeleteUser removes the user called name and their sessions.
func (s *Store) DeleteUser(ctx context.Context, name string) error {
	if _, err := s.DB.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE user_name = ?`), name); err != nil {
		return fmt.Errorf("delete user %q: %w", name, s.formatError(err))
	}
	res, err := s.DB.ExecContext(ctx, s.q(`DELETE FROM users WHERE name = ?`), name)
	if err != nil {
		return fmt.Errorf("delete user %q: %w", name, s.formatError(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return kin.Errorf(kin.ENOTFOUND, "There is no user %q.", name)
	}
	return nil
}

// AddSession records a login session of user, known by the hash of its
// token, valid until expires.
func (s *Store) AddSession(ctx context.Context, tokenHash, user string, expires time.Time) error {
	_, err := s.DB.ExecContext(ctx, s.q(`INSERT INTO sessions (token_hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)`),
		tokenHash, user, s.now(), micros(expires))
	if err != nil {
		return fmt.Errorf("add session: %w", s.formatError(err))
	}
	return nil
}

// SessionUser returns the user of the live session with tokenHash;
// kin.ENOTFOUND when there is none or it has expired.
func (s *Store) SessionUser(ctx context.Context, tokenHash string) (*User, error) {
	u := &User{}
	var c, up int64
	// Asked on every request with a session cookie: prepared once.
	query := s.q(`SELECT u.name, u.role, u.password_hash, u.created_at, u.updated_at
		FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.token_hash = ? AND s.expires_at > ?`)
	err := s.queryRow(ctx, query, tokenHash, s.now()).Scan(&u.Name, &u.Role, &u.PasswordHash, &c, &up)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kin.Errorf(kin.ENOTFOUND, "The session has ended; log in again.")
	} else if err != nil {
		return nil, fmt.Errorf("session: %w", s.formatError(err))
	}
	u.Created, u.Updated = time.UnixMicro(c).UTC(), time.UnixMicro(up).UTC()
	return u, nil
}

// DeleteSession ends the session with tokenHash, and every expired one.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := s.DB.ExecContext(ctx, s.q(`DELETE FROM sessions WHERE token_hash = ? OR expires_at <= ?`), tokenHash, s.now())
	if err != nil {
		return fmt.Errorf("delete session: %w", s.formatError(err))
	}
	return nil
}
