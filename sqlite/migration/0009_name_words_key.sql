-- name_words becomes a table keyed by what search looks up: tree, word,
-- subject and fact, without a rowid. It held the same columns twice
-- before, once in the table and once in its covering index; now the rows
-- are the index. A bulk import writes the postings at the end in key
-- order, so the table is only appended to and no index is built.
CREATE TABLE name_words_keyed (
	tree_id INTEGER NOT NULL,
	word    TEXT NOT NULL,
	subject TEXT NOT NULL,
	fact_id INTEGER NOT NULL,
	recorded_at   INTEGER NOT NULL,
	superseded_at INTEGER,
	PRIMARY KEY (tree_id, word, subject, fact_id)
) WITHOUT ROWID;

INSERT INTO name_words_keyed (tree_id, word, subject, fact_id, recorded_at, superseded_at)
	SELECT tree_id, word, subject, fact_id, recorded_at, superseded_at FROM name_words
	ORDER BY tree_id, word, subject, fact_id;

DROP TABLE name_words;
ALTER TABLE name_words_keyed RENAME TO name_words;

-- The planner's statistics of the old table went with it.
PRAGMA analysis_limit = 1000;
ANALYZE name_words;
