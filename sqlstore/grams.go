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

// queryGrams returns the trigrams of a query word that name search
// considers: all of them up to six, else six spread over the word, first
// and last among them. Every word holding the query word has them.
func queryGrams(word string) []string {
	all := wordGrams(word)
	const most = 6
	if len(all) <= most {
		return all
	}
	out := make([]string, most)
	for i := range out {
		out[i] = all[i*(len(all)-1)/(most-1)]
	}
	return out
}

// rareGram is the most words a trigram may have for name search to read
// its words alone: the words holding a query word are found among those
// of its rarest trigram, when one has fewer (a name's own letters:
// "rag" in ragnhild), else among the words having all of its trigrams.
// Common trigrams ("son", "ann") have thousands of words in a large
// vocabulary.
const rareGram = 4096

// vocabulary returns the tree's words that hold w (sub) and, apart from
// them, those with w's Soundex code (snd).
func (r *reader) vocabulary(ctx context.Context, w string) (sub, snd []string, err error) {
	return r.vocabularyRare(ctx, w, rareGram)
}

// vocabularyRare is vocabulary with rare in place of rareGram (tests make
// every trigram common with 1).
func (r *reader) vocabularyRare(ctx context.Context, w string, rare int) (sub, snd []string, err error) {
	grams := queryGrams(w)
	switch {
	case len(grams) == 0:
		// One or two letters: a scan, for a query that names many.
		sub, err = r.words(ctx, `SELECT word FROM words WHERE tree_id = ? AND word LIKE ?`, r.treeID, "%"+w+"%")
	case len(grams) == 1:
		sub, err = r.words(ctx, `SELECT word FROM word_grams WHERE tree_id = ? AND gram = ?`, r.treeID, grams[0])
	default:
		var gram string
		if gram, err = r.rarestGram(ctx, grams, rare); err != nil {
			return nil, nil, err
		}
		if gram != "" {
			sub, err = r.words(ctx, `SELECT word FROM word_grams WHERE tree_id = ? AND gram = ?`, r.treeID, gram)
			break
		}
		args := []any{r.treeID}
		for _, g := range grams {
			args = append(args, g)
		}
		sub, err = r.words(ctx, `SELECT word FROM word_grams WHERE tree_id = ? AND gram IN (`+placeholders(len(grams))+`) GROUP BY word HAVING COUNT(*) = ?`,
			append(args, len(grams))...)
	}
	if err != nil {
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

// rarestGram returns the one of grams that the fewest words have, if it
// has fewer than rare; else "". Each is counted up to rare, in one query.
func (r *reader) rarestGram(ctx context.Context, grams []string, rare int) (string, error) {
	var q strings.Builder
	args := make([]any, 0, 2*len(grams))
	for i, g := range grams {
		if i > 0 {
			q.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&q, "SELECT %d, COUNT(*) FROM (SELECT 1 FROM word_grams WHERE tree_id = ? AND gram = ? LIMIT %d) AS g%d", i, rare, i)
		args = append(args, r.treeID, g)
	}
	rows, err := r.q.QueryContext(ctx, r.s.q(q.String()), args...)
	if err != nil {
		return "", fmt.Errorf("search names: %w", r.s.formatError(err))
	}
	defer rows.Close()
	best, fewest := "", rare
	for rows.Next() {
		var i, n int
		if err := rows.Scan(&i, &n); err != nil {
			return "", fmt.Errorf("search names: %w", err)
		}
		if n < fewest && i >= 0 && i < len(grams) {
			best, fewest = grams[i], n
		}
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("search names: %w", r.s.formatError(err))
	}
	return best, nil
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
