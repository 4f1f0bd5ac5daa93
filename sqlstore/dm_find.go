package sqlstore

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"kin"
)

// FindSounds returns up to limit people whose names have, for every word
// of query, a word that contains it or shares a Daitch–Mokotoff code with
// it ("Moskovitz" finds Moskowitz, "Schwarz" finds Szwarc). People whose
// names contain every word are marked Exact and come first; each group is
// in ID order. limit <= 0 means 50.
//
// The codes of the tree's vocabulary (the distinct folded name words) are
// computed as the search reads it, so no index has to be kept; see
// docs/performance.md for what that costs on a large tree.
func (t *Tree) FindSounds(ctx context.Context, query string, limit int) ([]Match, error) {
	if limit <= 0 {
		limit = 50
	}
	words := Words(query)
	if len(words) == 0 {
		return nil, kin.Errorf(kin.EINVALID, "Nothing to search for in %q.", query)
	}
	r, err := t.reader(ctx)
	if err != nil {
		return nil, err
	}
	type cand struct {
		codes []string
		wordMatches
	}
	cands := make([]cand, len(words))
	for i, w := range words {
		cands[i].codes = DaitchMokotoff(w)
	}
	// One pass over the vocabulary for all query words.
	rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT word FROM words WHERE tree_id = ?`), r.treeID)
	if err != nil {
		return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
	}
	for rows.Next() {
		var word string
		if err := rows.Scan(&word); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search names: %w", err)
		}
		var codes []string
		for i, w := range words {
			if strings.Contains(word, w) {
				cands[i].sub = append(cands[i].sub, word)
				continue
			}
			if len(cands[i].codes) == 0 {
				continue
			}
			if codes == nil {
				codes = DaitchMokotoff(word)
			}
			if slices.ContainsFunc(codes, func(c string) bool { return slices.Contains(cands[i].codes, c) }) {
				cands[i].snd = append(cands[i].snd, word)
			}
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("search names: %w", err)
	}
	for _, c := range cands {
		if c.none() {
			return nil, nil
		}
	}
	// The people every query word finds by spelling, and by spelling or
	// sound; the second are listed after the first.
	exact, err := r.firstWith(ctx, len(cands), func(i int) []string { return cands[i].sub }, limit)
	if err != nil {
		return nil, err
	}
	var either []kin.ID
	if len(exact) < limit {
		// The people found by spelling come first, so the first
		// limit + len(exact) found either way hold the others to list
		// (a limit near the largest int is not raised past it).
		n := limit + min(len(exact), math.MaxInt-limit)
		either, err = r.firstWith(ctx, len(cands), func(i int) []string { return cands[i].either() }, n)
		if err != nil {
			return nil, err
		}
	}
	return r.matches(ctx, exact, either, limit)
}
