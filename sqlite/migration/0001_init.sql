-- kin's SQLite schema, version 1.
--
-- Every fact is a row of facts: a name, a sex, an event, a family
-- membership (partner or child with its lineage), an association, or the
-- citations of a record as a whole. A fact keeps its valid time (the value
-- holds its genealogical date; date_min and date_max its Julian day range) and
-- its transaction time (recorded_at; superseded_at and superseded_by once a
-- later fact replaces it). Rows are never updated except to close their
-- transaction time, so the state of a tree at any past moment can be read
-- back. Times are Unix microseconds.
--
-- records keeps each GEDCOM record as it was imported (its GEDCOM text, for
-- lossless export) with the non-fact parts of the kin record as JSON; it is
-- versioned the same way. PostgreSQL has the same tables with tree_id
-- leading every primary key (see docs/scaling.md); SQLite uses rowid keys.

PRAGMA application_id = 1263095379; -- "KINS"

CREATE TABLE trees (
	id             INTEGER PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE,
	gedcom_version TEXT NOT NULL DEFAULT '',
	header         TEXT,
	next_id        INTEGER NOT NULL DEFAULT 0,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);

CREATE TABLE imports (
	id          INTEGER PRIMARY KEY,
	tree_id     INTEGER NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	filename    TEXT NOT NULL,
	version     TEXT NOT NULL,
	header      TEXT,
	records     INTEGER NOT NULL DEFAULT 0,
	added       INTEGER NOT NULL DEFAULT 0,
	superseded  INTEGER NOT NULL DEFAULT 0,
	recorded_at INTEGER NOT NULL
);

CREATE TABLE records (
	rev           INTEGER PRIMARY KEY,
	tree_id       INTEGER NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	id            TEXT NOT NULL,
	tag           TEXT NOT NULL,
	xref          TEXT NOT NULL DEFAULT '',
	uid           TEXT NOT NULL DEFAULT '',
	seq           INTEGER NOT NULL,
	gedcom        TEXT,
	data          TEXT,
	import_id     INTEGER,
	recorded_at   INTEGER NOT NULL,
	superseded_at INTEGER
);

CREATE TABLE facts (
	id            INTEGER PRIMARY KEY,
	tree_id       INTEGER NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	subject       TEXT NOT NULL,
	kind          TEXT NOT NULL,
	slot          TEXT NOT NULL DEFAULT '',
	object        TEXT NOT NULL DEFAULT '',
	value         TEXT NOT NULL,
	date_min      INTEGER,
	date_max      INTEGER,
	confidence    INTEGER NOT NULL,
	source_date   INTEGER NOT NULL DEFAULT 0,
	origin        TEXT NOT NULL,
	seq           INTEGER NOT NULL DEFAULT 0,
	recorded_at   INTEGER NOT NULL,
	superseded_at INTEGER,
	superseded_by INTEGER
);

CREATE TABLE citations (
	tree_id          INTEGER NOT NULL,
	fact_id          INTEGER NOT NULL REFERENCES facts (id) ON DELETE CASCADE,
	seq              INTEGER NOT NULL,
	source           TEXT NOT NULL,
	page             TEXT NOT NULL DEFAULT '',
	quote            TEXT NOT NULL DEFAULT '',
	span_start       INTEGER,
	span_end         INTEGER,
	confidence       INTEGER,
	date_text        TEXT NOT NULL DEFAULT '',
	extra            TEXT,
	PRIMARY KEY (fact_id, seq)
) WITHOUT ROWID;

-- choices records a researcher's explicit choice of the fact that counts in
-- a slot (sex, birth, death …); the latest current choice wins.
CREATE TABLE choices (
	id            INTEGER PRIMARY KEY,
	tree_id       INTEGER NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	subject       TEXT NOT NULL,
	slot          TEXT NOT NULL,
	fact_id       INTEGER NOT NULL,
	recorded_at   INTEGER NOT NULL,
	superseded_at INTEGER
);

-- name_words indexes every word of every name fact, folded to lower case
-- without diacritics; words is the vocabulary with Soundex codes, small
-- enough to scan for substrings.
CREATE TABLE name_words (
	tree_id INTEGER NOT NULL,
	word    TEXT NOT NULL,
	subject TEXT NOT NULL,
	fact_id INTEGER NOT NULL,
	recorded_at   INTEGER NOT NULL,
	superseded_at INTEGER
);

CREATE TABLE words (
	tree_id INTEGER NOT NULL,
	word    TEXT NOT NULL,
	soundex TEXT NOT NULL,
	PRIMARY KEY (tree_id, word)
) WITHOUT ROWID;

-- pending holds facts waiting for review (kin review): a tree fragment in
-- JSON proposed by an ingester, with where it came from.
CREATE TABLE pending (
	id          INTEGER PRIMARY KEY,
	tree_id     INTEGER NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	origin      TEXT NOT NULL,
	data        TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'pending',
	recorded_at INTEGER NOT NULL,
	decided_at  INTEGER
);

-- Secondary indexes. The bulk importer drops the ones named *_bulk while it
-- loads an empty database and creates them again before it commits.
CREATE INDEX records_id_bulk ON records (tree_id, id);
CREATE INDEX records_xref_bulk ON records (tree_id, xref);
CREATE INDEX records_uid_bulk ON records (tree_id, uid) WHERE uid <> '';
CREATE INDEX records_seq_bulk ON records (tree_id, seq);
CREATE INDEX facts_subject_bulk ON facts (tree_id, subject);
CREATE INDEX facts_object_bulk ON facts (tree_id, object, kind) WHERE object <> '';
CREATE INDEX name_words_word_bulk ON name_words (tree_id, word, subject, recorded_at, superseded_at, fact_id);
CREATE INDEX choices_subject ON choices (tree_id, subject, slot);
CREATE INDEX pending_status ON pending (tree_id, status);
