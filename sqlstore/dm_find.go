package sqlstore

import (
	"context"
	"fmt"
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
		codes    []string
		sub, snd []string
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
		if len(c.sub)+len(c.snd) == 0 {
			return nil, nil
		}
	}
	// The people each query word finds by spelling and by sound.
	subSets := make([]map[kin.ID]bool, len(cands))
	sndSets := make([]map[kin.ID]bool, len(cands))
	for i, c := range cands {
		if subSets[i], err = r.wordPostings(ctx, c.sub); err != nil {
			return nil, err
		}
		if sndSets[i], err = r.wordPostings(ctx, c.snd); err != nil {
			return nil, err
		}
	}
	var exact, sounds []kin.ID
	for _, first := range []map[kin.ID]bool{subSets[0], sndSets[0]} {
		for id := range first {
			all, allSub := true, true
			for i := range cands {
				allSub = allSub && subSets[i][id]
				all = all && (subSets[i][id] || sndSets[i][id])
			}
			switch {
			case allSub:
				exact = append(exact, id)
			case all:
				sounds = append(sounds, id)
			}
		}
	}
	// A person found through both of the first word's sets is listed twice.
	sortIDs(exact)
	sortIDs(sounds)
	exact, sounds = slices.Compact(exact), slices.Compact(sounds)
	ids := append(exact, sounds...)
	if len(ids) > limit {
		ids = ids[:limit]
	}
	isExact := make(map[kin.ID]bool, len(exact))
	for _, id := range exact {
		isExact[id] = true
	}
	people, err := r.people(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Match, 0, len(people))
	for _, p := range people {
		out = append(out, Match{Person: p, Exact: isExact[p.ID]})
	}
	return out, nil
}

// wordPostings returns the people with a live name fact holding any of
// words.
func (r *reader) wordPostings(ctx context.Context, words []string) (map[kin.ID]bool, error) {
	return r.s.postingSubjects(ctx, r.q, r.treeID, words, r.at, 0, nil)
}

// wordPostingsIn is wordPostings kept to the people in keep.
func (r *reader) wordPostingsIn(ctx context.Context, words []string, keep map[kin.ID]bool) (map[kin.ID]bool, error) {
	return r.s.postingSubjects(ctx, r.q, r.treeID, words, r.at, 0, keep)
}
