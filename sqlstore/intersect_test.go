package sqlstore_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kin"
	"kin/sqlstore"
)

// TestFirstWith checks that name search, which reads each word's sorted
// postings side by side and stops at the first limit people, finds the
// first of the people that the full sets of each word have in common, with
// postings packed by a bulk import and rows written after it that override
// or add to them.
func TestFirstWith(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	rng := rand.New(rand.NewPCG(3, 4))
	given := []string{"ann", "bo", "cai", "dag", "eva", "finn", "gro", "hal"}
	surnames := []string{"lee", "ek", "berg", "dahl", "holm", "lund", "nyman"}
	person := func(i int) *kin.Person {
		id := kin.ID(fmt.Sprintf("I%d", i))
		n := kin.Name{Given: given[rng.IntN(len(given))], Surname: surnames[rng.IntN(len(surnames))]}
		if rng.IntN(3) == 0 {
			n.Given += " " + given[rng.IntN(len(given))]
		}
		return &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{n}}
	}
	people := make([]*kin.Person, 400)
	for i := range people {
		people[i] = person(i)
	}
	// Out of ID order, as a file may be: the import sorts its lists.
	rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
	tr := db.Tree("t")
	importPeople(t, tr, people)
	// Renamed after the import: rows that override the packed lists.
	for i := range 60 {
		if err := tr.UpdatePerson(ctx, person(rng.IntN(400))); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	vocab := append(append([]string(nil), given...), surnames...)
	for range 300 {
		words := make([][]string, 1+rng.IntN(3))
		for i := range words {
			for range 1 + rng.IntN(3) {
				words[i] = append(words[i], vocab[rng.IntN(len(vocab))])
			}
		}
		checkFirstWith(t, tr, words, 1<<62, rng)
	}
}

// TestFirstWithAsOf is TestFirstWith with IDs of many shapes, two trees
// in one database (one bulk-imported, one imported twice so it is rows
// only), renames at known times, and searches as of each of them.
func TestFirstWithAsOf(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	clock := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Store.SetNow(func() time.Time { clock = clock.Add(time.Second); return clock })
	rng := rand.New(rand.NewPCG(5, 6))
	given := []string{"ann", "bo", "cai", "dag", "eva", "finn", "gro", "hal"}
	surnames := []string{"lee", "ek", "berg", "dahl", "holm", "lund", "nyman"}
	shapes := []string{"I%d", "I%03d", "P%dA", "%d", "X%d_1", "I-%d", "ö%d"}
	ids := make([]kin.ID, 300)
	for i := range ids {
		ids[i] = kin.ID(fmt.Sprintf(shapes[rng.IntN(len(shapes))], i))
	}
	person := func(i int) *kin.Person {
		n := kin.Name{Given: given[rng.IntN(len(given))], Surname: surnames[rng.IntN(len(surnames))]}
		if rng.IntN(3) == 0 {
			n.Given += " " + given[rng.IntN(len(given))]
		}
		return &kin.Person{ID: ids[i], Xref: kin.Xref(fmt.Sprintf("I%d", i)), Names: []kin.Name{n}}
	}
	people := func() []*kin.Person {
		out := make([]*kin.Person, len(ids))
		for i := range out {
			out[i] = person(i)
		}
		rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
		return out
	}
	var times []time.Time
	// Tree a is imported once (packed lists), tree b twice (rows only).
	for imports, name := range []string{"a", "b"} {
		tr := db.Tree(name)
		for range imports + 1 {
			importPeople(t, tr, people())
			times = append(times, clock)
		}
		for i := range 40 {
			if err := tr.UpdatePerson(ctx, person(rng.IntN(len(ids)))); err != nil {
				t.Fatalf("update %d: %v", i, err)
			}
			times = append(times, clock)
		}
	}
	vocab := append(append([]string(nil), given...), surnames...)
	for range 400 {
		tr := db.Tree([]string{"a", "b"}[rng.IntN(2)])
		at := times[rng.IntN(len(times))].Add(time.Duration(rng.IntN(3)-1) * time.Millisecond)
		words := make([][]string, 1+rng.IntN(3))
		for i := range words {
			for range 1 + rng.IntN(3) {
				words[i] = append(words[i], vocab[rng.IntN(len(vocab))])
			}
		}
		checkFirstWith(t, tr.AsOf(at), words, at.UnixMicro(), rng)
	}
}

// checkFirstWith checks FirstWith(words) on tr, the tree as of at
// (microseconds), with a limit drawn from rng, against the people that
// the full sets of each word's postings have in common.
func checkFirstWith(t *testing.T, tr *sqlstore.Tree, words [][]string, at int64, rng *rand.Rand) {
	t.Helper()
	ctx := context.Background()
	var want map[kin.ID]bool
	for i, ws := range words {
		set, err := tr.PostingSubjects(ctx, ws, at)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			want = set
			continue
		}
		maps.DeleteFunc(want, func(id kin.ID, _ bool) bool { return !set[id] })
	}
	all := slices.Collect(maps.Keys(want))
	sqlstore.SortIDs(all)
	limit := 1 + rng.IntN(len(all)+2)
	got, err := tr.FirstWith(ctx, words, limit)
	if err != nil {
		t.Fatal(err)
	}
	if w := all[:min(limit, len(all))]; !slices.Equal(got, w) {
		t.Fatalf("FirstWith(%q, %d) at %d = %q,\nwant %q", words, limit, at, got, w)
	}
}
