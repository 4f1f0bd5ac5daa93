package sqlstore_test

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// TestFirstWith checks that name search, which reads each word's sorted
// postings side by side and stops at the first limit people, finds the
// first of the people that the full sets of each word have in common, with
// postings packed by a bulk import and rows written after it that override
// or add to them.
func TestFirstWith(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
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
	var recs []*sqlstore.Record
	for i := range 400 {
		p := person(i)
		recs = append(recs, &sqlstore.Record{Tag: "INDI", Xref: p.Xref, ID: p.ID, Person: p})
	}
	// Out of ID order, as a file may be: the import sorts its lists.
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	tr := db.Tree("t")
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
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
		var want map[kin.ID]bool
		for i, ws := range words {
			set, err := tr.PostingSubjects(ctx, ws, 1<<62)
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
			t.Fatalf("FirstWith(%q, %d) = %q,\nwant %q", words, limit, got, w)
		}
	}
}
