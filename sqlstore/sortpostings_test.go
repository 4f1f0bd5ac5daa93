package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"kin"
	"kin/sqlite"
)

// TestSortedPostingsMigration checks that name search finds the same
// people in the same order whether the packed posting lists are sorted,
// of version 1 in any order (a database from before sorted lists), or
// sorted again by the migration that brings them.
func TestSortedPostingsMigration(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kin.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	given := []string{"ann", "anne", "bo", "eva", "eve", "jon", "john"}
	surnames := []string{"lee", "leigh", "berg", "smith", "smyth"}
	people := make([]*kin.Person, 300)
	for i := range people {
		id := kin.ID(fmt.Sprintf("%s%d", []string{"I", "P"}[rng.IntN(2)], i))
		n := kin.Name{Given: given[rng.IntN(len(given))], Surname: surnames[rng.IntN(len(surnames))]}
		people[i] = &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{n}}
	}
	rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
	importPeople(t, db.Tree("t"), people)
	queries := []string{"ann", "jon smith", "john smyth", "eve lee", "ann berg", "bo", "jhon smit", "leigh"}
	find := func(db *sqlite.DB) string {
		t.Helper()
		var out []any
		for _, q := range queries {
			for _, limit := range []int{3, 50} {
				ms, err := db.Tree("t").Find(ctx, q, limit)
				if err != nil {
					t.Fatalf("Find(%q): %v", q, err)
				}
				sms, err := db.Tree("t").FindSounds(ctx, q, limit)
				if err != nil {
					t.Fatalf("FindSounds(%q): %v", q, err)
				}
				out = append(out, ms, sms)
			}
		}
		b, err := json.Marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	want := find(db)
	versions := func(db *sqlite.DB) map[byte]int {
		t.Helper()
		rows, err := db.DB.Query(`SELECT list FROM name_postings`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := map[byte]int{}
		for rows.Next() {
			var list []byte
			if err := rows.Scan(&list); err != nil {
				t.Fatal(err)
			}
			n[list[0]]++
		}
		return n
	}
	if v := versions(db); len(v) != 1 || v[2] == 0 {
		t.Fatalf("an import wrote lists of versions %v, want only 2", v)
	}
	if err := db.Store.UnsortPostingLists(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	if got := find(db); got != want {
		t.Errorf("with lists of version 1, search found\n%s\nwant\n%s", got, want)
	}
	if _, err := db.DB.Exec(`DELETE FROM migrations WHERE name = 'migration/0011_sorted_postings.sql'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := versions(db); len(v) != 1 || v[2] == 0 {
		t.Errorf("after the migration, lists of versions %v, want only 2", v)
	}
	if got := find(db); got != want {
		t.Errorf("after the migration, search found\n%s\nwant\n%s", got, want)
	}
}
