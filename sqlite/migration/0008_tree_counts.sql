-- kin trees reads each tree's counts from tree_counts when they were taken
-- at the database's current write version, instead of counting millions of
-- facts. Every write transaction increments store_version.version, so a
-- count taken before any later write is never used.
CREATE TABLE store_version (
	id      INTEGER PRIMARY KEY CHECK (id = 1),
	version INTEGER NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 0);

CREATE TABLE tree_counts (
	tree_id   INTEGER PRIMARY KEY REFERENCES trees (id) ON DELETE CASCADE,
	version   INTEGER NOT NULL,
	people    INTEGER NOT NULL,
	families  INTEGER NOT NULL,
	sources   INTEGER NOT NULL,
	facts     INTEGER NOT NULL,
	conflicts INTEGER NOT NULL
);
