-- kin's users and their login sessions (kin serve, kin user).
--
-- A user has a role (viewer, editor or admin) and a password hash
-- (bcrypt). A session is known by the SHA-256 of its cookie token, so a
-- copy of the database does not hand out live sessions. Times are Unix
-- microseconds.

CREATE TABLE users (
	name          TEXT PRIMARY KEY,
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	updated_at    BIGINT NOT NULL
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_name  TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_name);
