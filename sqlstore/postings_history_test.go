package sqlstore_test

import (
	"context"
	"encoding/json"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// postingOracle is what the per-row design before packed postings (one
// name_words row for each word of each name fact, carrying the fact's
// transaction time) answered: for each word, the facts holding it, read
// from the facts table itself.
type postingOracle struct {
	words map[string][]oracleFact
}

type oracleFact struct {
	subject  kin.ID
	rec, sup int64
	current  bool
}

func readOracle(t *testing.T, db *sqlite.DB, tree string) postingOracle {
	t.Helper()
	rows, err := db.DB.Query(`SELECT f.subject, f.value, f.recorded_at, f.superseded_at FROM facts f JOIN trees t ON t.id = f.tree_id WHERE t.name = ? AND f.kind = 'name'`, tree)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	o := postingOracle{words: map[string][]oracleFact{}}
	for rows.Next() {
		var f oracleFact
		var value string
		var sup *int64
		if err := rows.Scan(&f.subject, &value, &f.rec, &sup); err != nil {
			t.Fatal(err)
		}
		if sup != nil {
			f.sup = *sup
		} else {
			f.current = true
		}
		var n kin.Name
		if err := json.Unmarshal([]byte(value), &n); err != nil {
			t.Fatal(err)
		}
		for _, w := range sqlstore.NameWords(n) {
			o.words[w] = append(o.words[w], f)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return o
}

func (o postingOracle) subjects(words []string, at int64) map[kin.ID]bool {
	out := map[kin.ID]bool{}
	for _, w := range words {
		for _, f := range o.words[w] {
			if f.rec <= at && (f.current || f.sup > at) {
				out[f.subject] = true
			}
		}
	}
	return out
}

// TestPostingsMatchRows checks name postings, packed by bulk imports and
// overridden by rows, against what one row per posting answered, for every
// word of every name the trees ever had, alone and together, at every
// transaction time the history has (and just before each): through two
// bulk imports into two trees holding the same words, an edit, a
// re-import that renames one person and drops another, facts added to the
// tree, a tree emptied and bulk-loaded again beside its old lists, and the
// migration's packing of the rows.
func TestPostingsMatchRows(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	db.SetNow(func() time.Time { return clock })
	var times []int64
	step := func() {
		times = append(times, clock.UnixMicro())
		clock = clock.Add(time.Hour)
	}
	person := func(id kin.ID, names ...kin.Name) *sqlstore.Record {
		return &sqlstore.Record{Tag: "INDI", Xref: kin.Xref(id), ID: id, Person: &kin.Person{ID: id, Xref: kin.Xref(id), Names: names}}
	}
	nm := func(given, surname string) kin.Name { return kin.Name{Given: given, Surname: surname} }
	file := func() []*sqlstore.Record {
		return []*sqlstore.Record{
			person("I1", nm("Ann", "Lee")),
			person("I2", nm("Bob", "Lee")),
			person("I3", nm("Jörg", "Müller")),
			person("I4", nm("ÉMILE", "O'Brien")),
			person("I5", nm("Zoë", "Smith"), nm("Zoe", "Smyth")),
			person("I6", nm("Lee", "Lee")),
			person("I10", nm("Ann Marie", "Lee-Smith")),
		}
	}
	imp := func(tree string, recs []*sqlstore.Record) {
		t.Helper()
		if _, err := db.Tree(tree).Import(ctx, sqlstore.ImportInfo{Filename: tree + ".ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
			t.Fatal(err)
		}
		step()
	}
	rename := func(tree string, id kin.ID, names ...kin.Name) {
		t.Helper()
		p, err := db.Tree(tree).Person(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		p.Names = names
		if err := db.Tree(tree).UpdatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		step()
	}
	check := func(when string) {
		t.Helper()
		for _, tree := range []string{"t", "u"} {
			o := readOracle(t, db, tree)
			words := slices.Sorted(maps.Keys(o.words))
			var ats []int64
			for _, at := range times {
				ats = append(ats, at-1, at, at+1)
			}
			ats = append(ats, math.MaxInt64)
			queries := [][]string{words}
			for _, w := range words {
				queries = append(queries, []string{w})
			}
			for i := 0; i+1 < len(words); i += 2 {
				queries = append(queries, words[i:i+2])
			}
			for _, at := range ats {
				for _, q := range queries {
					got, err := db.Tree(tree).PostingSubjects(ctx, q, at)
					if err != nil {
						t.Fatalf("%s: tree %s, %v at %d: %v", when, tree, q, at, err)
					}
					if want := o.subjects(q, at); !maps.Equal(got, want) {
						t.Errorf("%s: tree %s, %v at %d: %v, want %v", when, tree, q, at, keys(got), keys(want))
					}
				}
			}
		}
	}
	imp("t", file())
	rename("t", "I2", nm("Bob", "Smith"))
	imp("u", file())
	check("after two bulk imports and an edit")
	// A re-import: I1 renamed, I3 gone, I7 new.
	re := file()
	re[0] = person("I1", nm("Ann", "Leigh"))
	re = slices.Delete(re, 2, 3)
	re = append(re, person("I7", nm("Carl", "Lee")))
	imp("t", re)
	rename("t", "I7", nm("Carl", "Lee"), nm("Karl", "Lehmann"))
	rename("t", "I5", nm("Zoë", "Smith"))
	if _, err := db.Tree("t").AddTree(ctx, &kin.Tree{People: []*kin.Person{{ID: "I20", Names: []kin.Name{nm("Dan", "Lee")}}}}, sqlstore.AddOptions{Origin: "edit"}); err != nil {
		t.Fatal(err)
	}
	step()
	check("after a re-import and edits")
	// Tree u emptied, then loaded again beside its lists.
	imp("u", nil)
	imp("u", file())
	rename("u", "I6", nm("Leo", "Lee"))
	check("after u was emptied and loaded again")
	if err := db.PackNamePostings(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	check("after packing the rows")
	rename("t", "I10", nm("Ann", "Lee"))
	imp("t", file())
	check("after more edits on packed rows")
	// An article's people merged into the tree: matched by their names'
	// postings, packed and rows.
	frag := &kin.Tree{People: []*kin.Person{{ID: "X1", Names: []kin.Name{nm("Ann", "Lee")}}, {ID: "X2", Names: []kin.Name{nm("Zoë", "Smith")}}, {ID: "X3", Names: []kin.Name{nm("Eve", "Lee")}}}}
	st, err := db.Tree("u").Merge(ctx, frag, sqlstore.MergeOptions{Origin: "edit"})
	if err != nil {
		t.Fatal(err)
	}
	step()
	t.Logf("merge: %+v", st)
	check("after a merge")
	var lists int
	if err := db.DB.QueryRow(`SELECT COUNT(*) FROM name_postings`).Scan(&lists); err != nil || lists == 0 {
		t.Errorf("%d posting lists (%v): the test does not read packed postings", lists, err)
	}
}

func keys(m map[kin.ID]bool) []kin.ID { return slices.Sorted(maps.Keys(m)) }

// TestFindDamagedPostingList checks that a packed posting list damaged in
// the database makes name search fail with an error, not a panic or a
// wrong answer.
func TestFindDamagedPostingList(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tr := db.Tree("t")
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", ID: "I1", Person: &kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}}}
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
	if ms, err := tr.Find(ctx, "lee", 0); err != nil || len(ms) != 1 {
		t.Fatalf("Find(lee) = %d matches, %v; want I1", len(ms), err)
	}
	for _, list := range [][]byte{{}, {2}, {1, 9, 1, 'I'}, {1, 0, 200, 'I', '1'}, {1, 0, 2, 'I', '1', 0x80}} {
		if _, err := db.DB.Exec(`UPDATE name_postings SET list = ? WHERE word = 'lee'`, list); err != nil {
			t.Fatal(err)
		}
		if ms, err := tr.Find(ctx, "lee", 0); err == nil {
			t.Errorf("list %x: Find(lee) = %d matches, want an error", list, len(ms))
		}
		if _, err := tr.FindSounds(ctx, "lee", 0); err == nil {
			t.Errorf("list %x: FindSounds(lee) succeeded, want an error", list)
		}
	}
}
