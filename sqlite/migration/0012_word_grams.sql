-- word_grams indexes the vocabulary (words) by its trigrams, three letters
-- in a row, so that name search finds the words holding a query word
-- ("aldw" in baldwin) without reading the whole vocabulary: the words
-- that have every trigram of the query word, then checked. A real tree of
-- a million people has a few hundred thousand name words. words_soundex
-- finds the words that sound alike.
--
-- After this file, the migration fills word_grams from words
-- (sqlstore.Store.FillWordGrams, run by Go in the same transaction).
CREATE TABLE word_grams (
	tree_id INTEGER NOT NULL,
	gram    TEXT NOT NULL,
	word    TEXT NOT NULL,
	PRIMARY KEY (tree_id, gram, word)
) WITHOUT ROWID;

CREATE INDEX words_soundex ON words (tree_id, soundex);
