package storetest

import (
	"context"
	"database/sql"
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/sqlstore"
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

func readOracle(t *testing.T, raw *sql.DB, tree string) postingOracle {
	t.Helper()
	// The tree's name is a test's constant: no placeholder, which differs
	// between the stores.
	rows, err := raw.Query(`SELECT f.subject, f.value, f.recorded_at, f.superseded_at FROM facts f JOIN trees t ON t.id = f.tree_id WHERE t.name = '` + tree + `' AND f.kind = 'name'`)
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
		for _, w := range nameWords(n) {
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

// PostingsMatchRows checks name postings, packed by bulk imports and
// overridden by rows, against what one row per posting answered, for every
// word of every name the trees ever had, alone and together, at every
// transaction time the history has (and just before each): through two
// bulk imports into two trees holding the same words, an edit, a
// re-import that renames one person and drops another, facts added to the
// tree, a tree emptied and bulk-loaded again beside its old lists, and the
// migration's packing of the rows.
//
// subjects answers a search for the people with one of words at
// transaction time at (microseconds); when nil, each word is searched
// alone with Find, whose exact matches are the people with a word that
// holds it.
func PostingsMatchRows(t *testing.T, db Migrating, raw *sql.DB, subjects func(tr *sqlstore.Tree, words []string, at int64) (map[kin.ID]bool, error)) {
	ctx := context.Background()
	if subjects == nil {
		subjects = findSubjects
	}
	finding := reflect.ValueOf(subjects).Pointer() == reflect.ValueOf(findSubjects).Pointer()
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
		if _, err := db.Tree(tree).Import(ctx, sqlstore.ImportInfo{Filename: tree + ".ged", Version: "7.0"}, Source(recs)); err != nil {
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
			o := readOracle(t, raw, tree)
			words := slices.Sorted(maps.Keys(o.words))
			var ats []int64
			for _, at := range times {
				ats = append(ats, at-1, at, at+1)
			}
			ats = append(ats, math.MaxInt64)
			var queries [][]string
			for _, w := range words {
				queries = append(queries, []string{w})
			}
			if !finding {
				queries = append(queries, words)
				for i := 0; i+1 < len(words); i += 2 {
					queries = append(queries, words[i:i+2])
				}
			}
			for _, at := range ats {
				for _, q := range queries {
					got, err := subjects(db.Tree(tree), q, at)
					if err != nil {
						t.Fatalf("%s: tree %s, %v at %d: %v", when, tree, q, at, err)
					}
					want := o.subjects(q, at)
					if finding {
						want = o.holding(q[0], at)
					}
					if !maps.Equal(got, want) {
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
	if err := db.PackNamePostings(ctx, raw); err != nil {
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
	if len(st.Matched) != 2 {
		t.Errorf("merge matched %d people, want Ann Lee and Zoë Smith", len(st.Matched))
	}
	check("after a merge")
	var lists int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM name_postings`).Scan(&lists); err != nil || lists == 0 {
		t.Errorf("%d posting lists (%v): the test does not read packed postings", lists, err)
	}
}

// holding is subjects for Find: the people with a live name word that
// holds q.
func (o postingOracle) holding(q string, at int64) map[kin.ID]bool {
	var words []string
	for w := range o.words {
		if strings.Contains(w, q) {
			words = append(words, w)
		}
	}
	return o.subjects(words, at)
}

// findSubjects searches for words[0] with Find at transaction time at and
// returns the exact matches.
func findSubjects(tr *sqlstore.Tree, words []string, at int64) (map[kin.ID]bool, error) {
	if at != math.MaxInt64 {
		tr = tr.AsOf(time.UnixMicro(at))
	}
	ms, err := tr.Find(context.Background(), words[0], 0)
	if err != nil {
		return nil, err
	}
	out := map[kin.ID]bool{}
	for _, m := range ms {
		if m.Exact {
			out[m.Person.ID] = true
		}
	}
	return out, nil
}

// nameWords is the search words of a name, as the store makes them (the
// store's own is not exported; a difference shows as a failed check).
func nameWords(n kin.Name) []string {
	var out []string
	done := map[string]bool{}
	for _, part := range []string{n.Given, n.Nickname(), n.SurnamePrefix(), n.Surname, n.Suffix()} {
		for _, word := range sqlstore.Words(part) {
			if !done[word] {
				done[word] = true
				out = append(out, word)
			}
		}
	}
	return out
}

func keys(m map[kin.ID]bool) []kin.ID { return slices.Sorted(maps.Keys(m)) }
