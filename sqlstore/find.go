package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kin"
)

// Match is a person found by name.
type Match struct {
	Person *kin.Person `json:"person"`
	// Exact reports that every word of the query is part of one of the
	// person's names; otherwise some word matched only by Soundex.
	Exact bool `json:"exact"`
}

// Find returns up to limit people whose names contain every word of query
// as a substring of a name word; when nobody does, the people whose names
// have, for every word, one spelled that way or sounding alike (Soundex).
// limit <= 0 means 50.
func (t *Tree) Find(ctx context.Context, query string, limit int) ([]Match, error) {
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
	// For each query word, the vocabulary words it matches, exactly
	// (substring) or by sound.
	type cand struct{ sub, snd []string }
	cands := make([]cand, len(words))
	for i, w := range words {
		sx := Soundex(w)
		rows, err := r.q.QueryContext(ctx, r.s.q(`SELECT word, soundex FROM words WHERE tree_id = ? AND (word LIKE ? OR soundex = ?)`),
			r.treeID, "%"+w+"%", sx)
		if err != nil {
			return nil, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
		for rows.Next() {
			var word, s string
			if err := rows.Scan(&word, &s); err != nil {
				rows.Close()
				return nil, fmt.Errorf("search names: %w", err)
			}
			if strings.Contains(word, w) {
				cands[i].sub = append(cands[i].sub, word)
			} else if sx != "" && s == sx {
				cands[i].snd = append(cands[i].snd, word)
			}
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("search names: %w", err)
		}
		if len(cands[i].sub)+len(cands[i].snd) == 0 {
			return nil, nil
		}
	}
	// The people each query word finds, through the postings of its
	// candidate words, kept to live name facts; then the people every word
	// finds, those found by spelling alone first.
	exactSets := make([]map[kin.ID]bool, len(cands))
	for i, c := range cands {
		if exactSets[i], err = r.wordPostings(ctx, c.sub); err != nil {
			return nil, err
		}
	}
	var exact, sounds []kin.ID
	for id := range exactSets[0] {
		all := true
		for _, set := range exactSets[1:] {
			all = all && set[id]
		}
		if all {
			exact = append(exact, id)
		}
	}
	if len(exact) == 0 {
		// Nobody by spelling: look for names that sound alike.
		soundSets := make([]map[kin.ID]bool, len(cands))
		for i, c := range cands {
			if soundSets[i], err = r.wordPostings(ctx, c.snd); err != nil {
				return nil, err
			}
		}
		for _, first := range []map[kin.ID]bool{exactSets[0], soundSets[0]} {
			for id := range first {
				all := true
				for i := 1; i < len(cands) && all; i++ {
					all = exactSets[i][id] || soundSets[i][id]
				}
				if all {
					sounds = append(sounds, id)
				}
			}
		}
	}
	sortIDs(exact)
	sortIDs(sounds)
	var ids []kin.ID
	isExact := map[kin.ID]bool{}
	for _, id := range exact {
		isExact[id] = true
		ids = append(ids, id)
	}
	for _, id := range sounds {
		if !isExact[id] {
			ids = append(ids, id)
		}
	}
	if len(ids) > limit {
		ids = ids[:limit]
	}
	people, err := r.people(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []Match
	for _, p := range people {
		out = append(out, Match{Person: p, Exact: isExact[p.ID]})
	}
	return out, nil
}

// sortIDs sorts IDs the way people read them: "I2" before "I10".
func sortIDs(ids []kin.ID) {
	sort.Slice(ids, func(i, j int) bool {
		a, b := string(ids[i]), string(ids[j])
		pa, na := splitNum(a)
		pb, nb := splitNum(b)
		if pa != pb {
			return pa < pb
		}
		if len(na) != len(nb) {
			return len(na) < len(nb)
		}
		return a < b
	})
}

// splitNum splits "I123" into "I" and "123".
func splitNum(s string) (prefix, digits string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}
