package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// The vocabulary of a tree (words: every folded name word, with its
// Soundex code) is indexed by trigrams (word_grams), so that name search
// finds the words a query word is part of by reading the words that share
// a few of its trigrams, not the whole vocabulary: a real tree of a
// million people has a few hundred thousand name words, and a scan of
// them takes tens of milliseconds.

// wordGrams returns the distinct trigrams (three letters in a row) of a
// vocabulary word, in order; a word shorter than three letters has none.
func wordGrams(word string) []string {
	r := []rune(word)
	var out []string
	for i := 0; i+3 <= len(r); i++ {
		if g := string(r[i : i+3]); !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out
}

// queryGrams returns the trigrams of a query word that name search looks
// up: its first, middle and last. Every word holding the query word has
// them; reading the words of more would read more rows for the few words
// that share three trigrams with it but do not hold it, which are checked
// anyway.
func queryGrams(word string) []string {
	all := wordGrams(word)
	if len(all) <= 3 {
		return all
	}
	return []string{all[0], all[len(all)/2], all[len(all)-1]}
}

// vocabulary returns the tree's words that hold w (sub) and, apart from
// them, those with w's Soundex code (snd).
func (r *reader) vocabulary(ctx context.Context, w string) (sub, snd []string, err error) {
	grams := queryGrams(w)
	var query string
	args := []any{r.treeID}
	if len(grams) == 0 {
		// One or two letters: a scan, for a query that names many.
		query = `SELECT word FROM words WHERE tree_id = ? AND word LIKE ?`
		args = append(args, "%"+w+"%")
	} else {
		query = `SELECT word FROM word_grams WHERE tree_id = ? AND gram IN (` + placeholders(len(grams)) + `) GROUP BY word HAVING COUNT(*) = ?`
		for _, g := range grams {
			args = append(args, g)
		}
		args = append(args, len(grams))
	}
	if sub, err = r.words(ctx, query, args...); err != nil {
		return nil, nil, err
	}
	sub = slices.DeleteFunc(sub, func(word string) bool { return !strings.Contains(word, w) })
	if sx := Soundex(w); sx != "" {
		if snd, err = r.words(ctx, `SELECT word FROM words WHERE tree_id = ? AND soundex = ?`, r.treeID, sx); err != nil {
			return nil, nil, err
		}
		snd = slices.DeleteFunc(snd, func(word string) bool { return strings.Contains(word, w) })
	}
	return sub, snd, nil
}

// words returns the words a query reads.
func (r *reader) words(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := r.q.QueryContext(ctx, r.s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var word string
		if err := rows.Scan(&word); err != nil {
			return nil, fmt.Errorf("search names: %w", err)
		}
		out = append(out, word)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
	}
	return out, nil
}

// writeWordGrams writes the trigrams of words, new to the tree's
// vocabulary, in key order.
func (s *Store) writeWordGrams(ctx context.Context, q Querier, treeID int64, words []string) error {
	type row struct{ gram, word string }
	var rows []row
	for _, w := range words {
		for _, g := range wordGrams(w) {
			rows = append(rows, row{g, w})
		}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := strings.Compare(a.gram, b.gram); c != 0 {
			return c
		}
		return strings.Compare(a.word, b.word)
	})
	b := s.newBatch(q, "word_grams", "gram", "word").fix([]string{"tree_id"}, treeID)
	defer b.release()
	for _, r := range rows {
		if err := b.add(ctx, r.gram, r.word); err != nil {
			return fmt.Errorf("index words: %w", err)
		}
	}
	return b.close(ctx)
}

// FillWordGrams indexes the vocabulary of every tree by trigrams, in the
// write transaction q. The migration that adds word_grams runs it.
func (s *Store) FillWordGrams(ctx context.Context, q Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT tree_id, word FROM words ORDER BY tree_id, word`)
	if err != nil {
		return fmt.Errorf("index words: %w", s.formatError(err))
	}
	byTree := map[int64][]string{}
	var trees []int64
	for rows.Next() {
		var tree int64
		var word string
		if err := rows.Scan(&tree, &word); err != nil {
			rows.Close()
			return fmt.Errorf("index words: %w", err)
		}
		if byTree[tree] == nil {
			trees = append(trees, tree)
		}
		byTree[tree] = append(byTree[tree], word)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("index words: %w", s.formatError(err))
	}
	for _, tree := range trees {
		if err := s.writeWordGrams(ctx, q, tree, byTree[tree]); err != nil {
			return err
		}
	}
	return nil
}
