-- name_postings holds the name postings of a bulk import packed by word:
-- one row per (tree, word) whose list holds every posting of the word (the
-- subject, the name fact and its transaction time; the format is
-- sqlstore's postingList), instead of one name_words row per posting. On
-- a million people that is ~40,000 rows instead of 2.4 million.
-- recorded_at is the list's base time, no later than any of its postings.
--
-- name_words keeps the postings of every other write, and overrides: a
-- name_words row for the word and fact of a packed posting replaces it,
-- which is how a packed posting is superseded. Search reads both forms.
--
-- After this file, the migration packs the current rows of name_words into
-- lists (sqlstore.Store.PackNamePostings, run by Go in the same
-- transaction); the superseded rows stay, as the postings' history.
CREATE TABLE name_postings (
	tree_id     INTEGER NOT NULL,
	word        TEXT NOT NULL,
	recorded_at INTEGER NOT NULL,
	list        BLOB NOT NULL,
	PRIMARY KEY (tree_id, word)
) WITHOUT ROWID;
