package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
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
	// The people every query word finds, through the postings of its
	// candidate words kept to live name facts: by spelling, then, when
	// nobody is, by spelling or sound. The words are intersected from the
	// one with the fewest postings, each next word's decoded only into the
	// people found so far: a common name has tens of thousands.
	exact, err := r.intersect(ctx, len(cands), func(i int) []string { return cands[i].sub })
	if err != nil {
		return nil, err
	}
	var sounds map[kin.ID]bool
	if len(exact) == 0 {
		// Nobody by spelling: look for names that sound alike.
		either := func(i int) []string { return append(slices.Clone(cands[i].sub), cands[i].snd...) }
		if sounds, err = r.intersect(ctx, len(cands), either); err != nil {
			return nil, err
		}
	}
	return r.matches(ctx, exact, sounds, limit)
}

// matches reads the first limit of the people found, those in exact (by
// spelling) first, then those in sounds that are not in exact, each in
// the order of sortIDs. Only they are sorted: a common name is found in
// thousands of people, and sorting them all was most of a kin find.
func (r *reader) matches(ctx context.Context, exact, sounds map[kin.ID]bool, limit int) ([]Match, error) {
	first := firstIDs(slices.Collect(maps.Keys(exact)), limit)
	var others []kin.ID
	for id := range sounds {
		if !exact[id] {
			others = append(others, id)
		}
	}
	ids := append(first, firstIDs(others, limit-len(first))...)
	people, err := r.people(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Match, 0, len(people))
	for _, p := range people {
		out = append(out, Match{Person: p, Exact: exact[p.ID]})
	}
	return out, nil
}

// intersect returns the people whose names hold, for each of the n query
// words, one of the vocabulary words words(i). It starts from the word
// whose posting lists are shortest and decodes each next word's postings
// only into the people found so far.
func (r *reader) intersect(ctx context.Context, n int, words func(i int) []string) (map[kin.ID]bool, error) {
	size := make([]int64, n)
	for i := 0; n > 1 && i < n; i++ { // one word: nothing to order
		var err error
		if size[i], err = r.postingBytes(ctx, words(i)); err != nil {
			return nil, err
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[a], size[b]) })
	var set map[kin.ID]bool
	for k, i := range order {
		var err error
		if k == 0 {
			set, err = r.wordPostings(ctx, words(i))
		} else {
			set, err = r.wordPostingsIn(ctx, words(i), set)
		}
		if err != nil {
			return nil, err
		}
		if len(set) == 0 {
			break
		}
	}
	return set, nil
}

// postingBytes returns the size of the packed posting lists of words: how
// many people they name, roughly, to order an intersection.
func (r *reader) postingBytes(ctx context.Context, words []string) (int64, error) {
	var total int64
	per := r.s.idBatch(500)
	for len(words) > 0 {
		n := min(per, len(words))
		args := make([]any, 0, n+1)
		args = append(args, r.treeID)
		for _, w := range words[:n] {
			args = append(args, w)
		}
		var size int64
		if err := r.q.QueryRowContext(ctx, r.s.q(`SELECT COALESCE(SUM(length(list)), 0) FROM name_postings WHERE tree_id = ? AND word IN (`+placeholders(n)+`)`), args...).Scan(&size); err != nil {
			return 0, fmt.Errorf("search names: %w", r.s.formatError(err))
		}
		total += size
		words = words[n:]
	}
	return total, nil
}

// sortIDs sorts IDs the way people read them: "I2" before "I10". Each ID
// is split once, not at every comparison.
func sortIDs(ids []kin.ID) {
	if len(ids) < 2 {
		return
	}
	keys := make([]idKey, len(ids))
	for i, id := range ids {
		keys[i] = newIDKey(id)
	}
	slices.SortFunc(keys, compareIDKeys)
	for i := range keys {
		ids[i] = keys[i].id
	}
}

// idKey is an ID split for sorting as sortIDs does.
type idKey struct {
	prefix string
	digits int
	id     kin.ID
}

func newIDKey(id kin.ID) idKey {
	p, d := splitNum(string(id))
	return idKey{p, len(d), id}
}

func compareIDKeys(a, b idKey) int {
	if c := strings.Compare(a.prefix, b.prefix); c != 0 {
		return c
	}
	if c := cmp.Compare(a.digits, b.digits); c != 0 {
		return c
	}
	return strings.Compare(string(a.id), string(b.id))
}

// firstIDs returns the n first of ids (which holds no ID twice) in the
// order of sortIDs, sorted, keeping the n first in a heap instead of
// sorting all: most IDs are turned away by one comparison with the heap's
// largest.
func firstIDs(ids []kin.ID, n int) []kin.ID {
	if n <= 0 {
		return nil
	}
	if len(ids) <= n {
		sortIDs(ids)
		return ids
	}
	// h is a max-heap: h[0] is the largest of the n kept.
	h := make([]idKey, 0, n)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && compareIDKeys(h[r], h[l]) > 0 {
				l = r
			}
			if compareIDKeys(h[l], h[i]) <= 0 {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for _, id := range ids {
		k := newIDKey(id)
		if len(h) < n {
			h = append(h, k)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if compareIDKeys(h[i], h[p]) <= 0 {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
		} else if compareIDKeys(k, h[0]) < 0 {
			h[0] = k
			down(0)
		}
	}
	slices.SortFunc(h, compareIDKeys)
	out := make([]kin.ID, len(h))
	for i, k := range h {
		out[i] = k.id
	}
	return out
}

// splitNum splits "I123" into "I" and "123".
func splitNum(s string) (prefix, digits string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}
