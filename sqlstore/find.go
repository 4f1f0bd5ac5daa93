package sqlstore

import (
	"context"
	"slices"

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
	cands := make([]wordMatches, len(words))
	for i, w := range words {
		if cands[i].sub, cands[i].snd, err = r.vocabulary(ctx, w); err != nil {
			return nil, err
		}
		if cands[i].none() {
			return nil, nil
		}
	}
	// The first people every query word finds, through the postings of
	// its candidate words kept to live name facts: by spelling, then, when
	// nobody is, by spelling or sound.
	exact, err := r.firstWith(ctx, len(cands), func(i int) []string { return cands[i].sub }, limit)
	if err != nil {
		return nil, err
	}
	var sounds []kin.ID
	if len(exact) == 0 {
		// Nobody by spelling: look for names that sound alike.
		if sounds, err = r.firstWith(ctx, len(cands), func(i int) []string { return cands[i].either() }, limit); err != nil {
			return nil, err
		}
	}
	return r.matches(ctx, exact, sounds, limit)
}

// wordMatches are the vocabulary words a query word matches: those it is
// part of (sub), and those that only sound like it (snd).
type wordMatches struct{ sub, snd []string }

// none reports whether the query word matches no word.
func (m wordMatches) none() bool { return len(m.sub)+len(m.snd) == 0 }

// either returns the words it matches either way.
func (m wordMatches) either() []string { return append(slices.Clone(m.sub), m.snd...) }

// matches reads the first limit of the people found: those in exact (by
// spelling) first, then those in others that are not in exact, each list
// in the order of sortIDs.
func (r *reader) matches(ctx context.Context, exact, others []kin.ID, limit int) ([]Match, error) {
	isExact := make(map[kin.ID]bool, len(exact))
	for _, id := range exact {
		isExact[id] = true
	}
	ids := slices.Clone(exact[:min(limit, len(exact))])
	for _, id := range others {
		if len(ids) >= limit {
			break
		}
		if !isExact[id] {
			ids = append(ids, id)
		}
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

// sortIDs sorts IDs the way people read them: "I2" before "I10"
// (compareIDs).
func sortIDs(ids []kin.ID) { slices.SortFunc(ids, compareIDs) }
