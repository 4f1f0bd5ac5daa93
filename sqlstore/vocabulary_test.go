package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
)

// TestVocabulary checks that name search's lookup of the words a query
// word is part of (by trigrams) and of those that sound like it (by their
// Soundex index) finds what a scan of the whole vocabulary finds: after a
// bulk import, after edits that add words, and after the migration that
// indexes an older database's vocabulary.
func TestVocabulary(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kin.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if db != nil {
			db.Close()
		}
	}()
	rng := rand.New(rand.NewPCG(7, 8))
	letters := []rune("abcdeilmnorstuyzöøиван")
	word := func() string {
		r := make([]rune, 1+rng.IntN(9))
		for i := range r {
			r[i] = letters[rng.IntN(len(letters))]
		}
		return string(r)
	}
	person := func(i int) *kin.Person {
		id := kin.ID(fmt.Sprintf("I%d", i))
		return &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{{Given: word() + " " + word(), Surname: word()}}}
	}
	people := make([]*kin.Person, 500)
	for i := range people {
		people[i] = person(i)
	}
	tr := db.Tree("t")
	importPeople(t, tr, people)
	check := func(when string) {
		t.Helper()
		type entry struct{ word, soundex string }
		var all []entry
		rows, err := db.DB.Query(`SELECT word, soundex FROM words`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.word, &e.soundex); err != nil {
				t.Fatal(err)
			}
			all = append(all, e)
		}
		rows.Close()
		queries := []string{"a", "ø", "ив", "zz"}
		for range 300 {
			q := word()
			if rng.IntN(2) == 0 { // part of a word of the vocabulary
				w := []rune(all[rng.IntN(len(all))].word)
				i := rng.IntN(len(w))
				q = string(w[i : i+1+rng.IntN(len(w)-i)])
			}
			queries = append(queries, sqlstore.Fold(q))
		}
		for i, q := range queries {
			var wantSub, wantSnd []string
			for _, e := range all {
				if strings.Contains(e.word, q) {
					wantSub = append(wantSub, e.word)
				} else if sx := sqlstore.Soundex(q); sx != "" && e.soundex == sx {
					wantSnd = append(wantSnd, e.word)
				}
			}
			// Every other query as if every trigram were common: the
			// words having all of them are read, not those of the rarest.
			rare := 4096
			if i%2 == 1 {
				rare = 1
			}
			sub, snd, err := tr.Vocabulary(ctx, q, rare)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(sub)
			slices.Sort(snd)
			slices.Sort(wantSub)
			slices.Sort(wantSnd)
			if !slices.Equal(sub, wantSub) || !slices.Equal(snd, wantSnd) {
				t.Fatalf("%s: vocabulary(%q) = %q, %q;\nwant %q, %q", when, q, sub, snd, wantSub, wantSnd)
			}
		}
	}
	check("after the import")
	for i := range 40 {
		if err := tr.UpdatePerson(ctx, person(rng.IntN(500))); err != nil {
			t.Fatalf("update %d: %v", i, err)
		}
	}
	check("after edits")
	// A database from before the trigrams: the migration indexes it.
	if _, err := db.DB.Exec(`DROP TABLE word_grams; DELETE FROM migrations WHERE name = 'migration/0012_word_grams.sql'; DROP INDEX words_soundex`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = sqlite.Open(path); err != nil {
		t.Fatal(err)
	}
	tr = db.Tree("t")
	check("after the migration")
}
