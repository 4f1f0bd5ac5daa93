-- kin's PostgreSQL schema, version 1: the tables of the SQLite schema (see
-- sqlite/migration/0001_init.sql for what each holds), laid out so that a
-- tree can be distributed by tree_id on Citus: tree_id leads the primary key
-- of every table but trees, and every foreign key and join includes it, so
-- all rows of one tree can live on one shard (docs/scaling.md). IDs of
-- records, facts and choices are allocated per tree from trees.next_id.

CREATE TABLE trees (
	id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	name           TEXT NOT NULL UNIQUE,
	gedcom_version TEXT NOT NULL DEFAULT '',
	header         TEXT,
	next_id        BIGINT NOT NULL DEFAULT 0,
	created_at     BIGINT NOT NULL,
	updated_at     BIGINT NOT NULL
);

CREATE TABLE imports (
	tree_id     BIGINT NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	id          BIGINT GENERATED ALWAYS AS IDENTITY,
	filename    TEXT NOT NULL,
	version     TEXT NOT NULL,
	header      TEXT,
	records     BIGINT NOT NULL DEFAULT 0,
	added       BIGINT NOT NULL DEFAULT 0,
	superseded  BIGINT NOT NULL DEFAULT 0,
	recorded_at BIGINT NOT NULL,
	PRIMARY KEY (tree_id, id)
);

CREATE TABLE records (
	tree_id       BIGINT NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	rev           BIGINT NOT NULL,
	id            TEXT NOT NULL,
	tag           TEXT NOT NULL,
	xref          TEXT NOT NULL DEFAULT '',
	uid           TEXT NOT NULL DEFAULT '',
	seq           BIGINT NOT NULL,
	gedcom        TEXT,
	data          TEXT,
	import_id     BIGINT,
	recorded_at   BIGINT NOT NULL,
	superseded_at BIGINT,
	PRIMARY KEY (tree_id, rev)
);

CREATE TABLE facts (
	tree_id       BIGINT NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	id            BIGINT NOT NULL,
	subject       TEXT NOT NULL,
	kind          TEXT NOT NULL,
	slot          TEXT NOT NULL DEFAULT '',
	object        TEXT NOT NULL DEFAULT '',
	value         TEXT NOT NULL,
	date_min      BIGINT,
	date_max      BIGINT,
	confidence    INTEGER NOT NULL,
	source_date   BIGINT NOT NULL DEFAULT 0,
	origin        TEXT NOT NULL,
	seq           INTEGER NOT NULL DEFAULT 0,
	recorded_at   BIGINT NOT NULL,
	superseded_at BIGINT,
	superseded_by BIGINT,
	PRIMARY KEY (tree_id, id)
);

CREATE TABLE citations (
	tree_id    BIGINT NOT NULL,
	fact_id    BIGINT NOT NULL,
	seq        INTEGER NOT NULL,
	source     TEXT NOT NULL,
	page       TEXT NOT NULL DEFAULT '',
	quote      TEXT NOT NULL DEFAULT '',
	span_start INTEGER,
	span_end   INTEGER,
	confidence INTEGER,
	date_text  TEXT NOT NULL DEFAULT '',
	extra      TEXT,
	PRIMARY KEY (tree_id, fact_id, seq),
	FOREIGN KEY (tree_id, fact_id) REFERENCES facts (tree_id, id) ON DELETE CASCADE
);

CREATE TABLE choices (
	tree_id       BIGINT NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	id            BIGINT NOT NULL,
	subject       TEXT NOT NULL,
	slot          TEXT NOT NULL,
	fact_id       BIGINT NOT NULL,
	recorded_at   BIGINT NOT NULL,
	superseded_at BIGINT,
	PRIMARY KEY (tree_id, id)
);

CREATE TABLE name_words (
	tree_id BIGINT NOT NULL,
	word    TEXT NOT NULL,
	subject TEXT NOT NULL,
	fact_id BIGINT NOT NULL,
	recorded_at   BIGINT NOT NULL,
	superseded_at BIGINT
);

CREATE TABLE words (
	tree_id BIGINT NOT NULL,
	word    TEXT NOT NULL,
	soundex TEXT NOT NULL,
	PRIMARY KEY (tree_id, word)
);

CREATE TABLE pending (
	tree_id     BIGINT NOT NULL REFERENCES trees (id) ON DELETE CASCADE,
	id          BIGINT NOT NULL,
	origin      TEXT NOT NULL,
	data        TEXT NOT NULL,
	status      TEXT NOT NULL DEFAULT 'pending',
	recorded_at BIGINT NOT NULL,
	decided_at  BIGINT,
	PRIMARY KEY (tree_id, id)
);

CREATE INDEX records_id_bulk ON records (tree_id, id);
CREATE INDEX records_xref_bulk ON records (tree_id, xref);
CREATE INDEX records_uid_bulk ON records (tree_id, uid) WHERE uid <> '';
CREATE INDEX records_seq_bulk ON records (tree_id, seq);
CREATE INDEX facts_subject_bulk ON facts (tree_id, subject);
CREATE INDEX facts_object_bulk ON facts (tree_id, object, kind) WHERE object <> '';
CREATE INDEX name_words_word_bulk ON name_words (tree_id, word, subject, recorded_at, superseded_at, fact_id);
CREATE INDEX choices_subject ON choices (tree_id, subject, slot);
CREATE INDEX pending_status ON pending (tree_id, status);
