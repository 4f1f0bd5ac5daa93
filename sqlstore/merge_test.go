package sqlstore_test

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"kin"
	"kin/date"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

func openDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db, err := sqlite.Open(filepath.Join(tb.TempDir(), "kin.db"))
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func mustDate(tb testing.TB, s string) date.Date {
	tb.Helper()
	d, err := date.Parse(s)
	if err != nil {
		tb.Fatalf("date.Parse(%q): %v", s, err)
	}
	return d
}

// baseTree imports a small Baldwin family from GEDCOM: Alec (I1, born 3
// APR 1958) and Kim Basinger (I2, born 8 DEC 1953), married 19 AUG 1993 (F1)
// with their daughter Ireland Baldwin (I3), and two unrelated John Smiths.
func baseTree(tb testing.TB, tr *sqlstore.Tree) {
	tb.Helper()
	d := func(s string) date.Date { return mustDate(tb, s) }
	recs := []*sqlstore.Record{
		{Tag: "INDI", Xref: "I1", Person: &kin.Person{ID: "I1", Sex: kin.SexMale, Names: []kin.Name{{Given: "Alec", Surname: "Baldwin"}},
			Events: []kin.Event{{Type: kin.EventBirth, Date: d("3 APR 1958")}}}},
		{Tag: "INDI", Xref: "I2", Person: &kin.Person{ID: "I2", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Kim", Surname: "Basinger"}},
			Events: []kin.Event{{Type: kin.EventBirth, Date: d("8 DEC 1953")}}}},
		{Tag: "INDI", Xref: "I3", Person: &kin.Person{ID: "I3", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Ireland", Surname: "Baldwin"}}}},
		{Tag: "INDI", Xref: "I4", Person: &kin.Person{ID: "I4", Sex: kin.SexMale, Names: []kin.Name{{Given: "John", Surname: "Smith"}}}},
		{Tag: "INDI", Xref: "I5", Person: &kin.Person{ID: "I5", Sex: kin.SexMale, Names: []kin.Name{{Given: "John", Surname: "Smith"}}}},
		{Tag: "FAM", Xref: "F1", Family: &kin.Family{ID: "F1", Partners: []kin.ID{"I1", "I2"},
			Children: []kin.ChildLink{{Child: "I3", Lineage: kin.LineageBirth}},
			Events:   []kin.Event{{Type: kin.EventMarriage, Date: d("19 AUG 1993")}}}},
	}
	_, err := tr.Import(context.Background(), sqlstore.ImportInfo{Filename: "base.ged", Version: "7.0"}, storetest.Source(recs))
	if err != nil {
		tb.Fatalf("Import: %v", err)
	}
}

// frag builds an article fragment the way ingest.Extraction.Tree does:
// people given as "ID Given Surname [SEX] [born DATE]" and families as
// partners and children.
type frag struct {
	src      kin.ID
	text     string
	people   []fragPerson
	families []fragFamily
}

type fragPerson struct {
	id, given, surname string
	sex                kin.Sex
	born               string
}

type fragFamily struct {
	id                 string
	partners, children []string
	married            string // "" no MARR, "Y" undated
}

func (f frag) tree(tb testing.TB) *kin.Tree {
	tb.Helper()
	if f.text == "" {
		f.text = "date 2025-03-04\nAn article about " + string(f.src) + "."
	}
	if f.src == "" {
		f.src = sqlstore.SourceIDForText(f.text)
	}
	cite := kin.Citation{Source: f.src, Quote: "The sentence.", Span: &kin.Span{Start: 16, End: 29}, Confidence: kin.ConfidenceHigh, ConfidenceKnown: true}
	t := &kin.Tree{Sources: []*kin.Source{{ID: f.src, Type: kin.SourceNewsArticle, Title: "An article", Date: mustDate(tb, "4 MAR 2025"), Text: f.text}}}
	id := func(s string) kin.ID { return kin.ID(string(f.src) + "/" + s) }
	for _, p := range f.people {
		kp := &kin.Person{ID: id(p.id), Sex: p.sex, Names: []kin.Name{{Given: p.given, Surname: p.surname, Citations: []kin.Citation{cite}}}}
		if p.born != "" {
			kp.Events = append(kp.Events, kin.Event{Type: kin.EventBirth, Date: mustDate(tb, p.born), Citations: []kin.Citation{cite}})
		}
		t.People = append(t.People, kp)
	}
	for _, fm := range f.families {
		kf := &kin.Family{ID: id(fm.id)}
		for _, p := range fm.partners {
			kf.Partners = append(kf.Partners, id(p))
		}
		for _, c := range fm.children {
			link := kin.ChildLink{Child: id(c), Lineage: kin.LineageBirth}
			link.SetCitations([]kin.Citation{cite})
			kf.Children = append(kf.Children, link)
		}
		switch fm.married {
		case "":
		case "Y":
			kf.Events = append(kf.Events, kin.Event{Type: kin.EventMarriage, Value: "Y", Citations: []kin.Citation{cite}})
		default:
			kf.Events = append(kf.Events, kin.Event{Type: kin.EventMarriage, Date: mustDate(tb, fm.married), Citations: []kin.Citation{cite}})
		}
		t.Families = append(t.Families, kf)
	}
	return t
}

func TestMergeMatching(t *testing.T) {
	tests := []struct {
		name string
		frag frag
		// want maps fragment person IDs to the tree person they must
		// become ("" for a new person).
		want          map[string]kin.ID
		ambiguous     []string
		newFamilies   int
		wantConflicts []sqlstore.SlotRef
	}{
		{
			name: "full names and dates",
			frag: frag{src: "a1", people: []fragPerson{{"p1", "Alec", "Baldwin", kin.SexMale, "1958"}, {"p2", "Kim", "Basinger", kin.SexFemale, ""}},
				families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "1993"}}},
			want: map[string]kin.ID{"p1": "I1", "p2": "I2"},
		},
		{
			name: "given name alone with both parents",
			frag: frag{src: "a2", people: []fragPerson{{"p1", "Alec", "Baldwin", "", ""}, {"p2", "Kim", "Basinger", "", ""}, {"p3", "Ireland", "", kin.SexFemale, ""}},
				families: []fragFamily{{"f1", []string{"p1", "p2"}, []string{"p3"}, ""}}},
			want: map[string]kin.ID{"p1": "I1", "p2": "I2", "p3": "I3"},
		},
		{
			name: "given name alone without relatives",
			frag: frag{src: "a3", people: []fragPerson{{"p1", "Ireland", "", kin.SexFemale, ""}}},
			want: map[string]kin.ID{"p1": ""},
		},
		{
			name: "child of one known parent joins the couple's family",
			frag: frag{src: "a4", people: []fragPerson{{"p1", "Alec", "Baldwin", "", ""}, {"p2", "Ireland", "Baldwin", "", ""}},
				families: []fragFamily{{"f1", []string{"p1"}, []string{"p2"}, ""}}},
			want: map[string]kin.ID{"p1": "I1", "p2": "I3"},
		},
		{
			name:          "birth year off by one is a conflict on the same person",
			frag:          frag{src: "a5", people: []fragPerson{{"p1", "Alec", "Baldwin", kin.SexMale, "1959"}}},
			want:          map[string]kin.ID{"p1": "I1"},
			wantConflicts: []sqlstore.SlotRef{{Subject: "I1", Slot: "event:BIRT"}},
		},
		{
			name: "marriage date conflict",
			frag: frag{src: "a6", people: []fragPerson{{"p1", "Alec", "Baldwin", "", ""}, {"p2", "Kim", "Basinger", "", ""}},
				families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "1994"}}},
			want:          map[string]kin.ID{"p1": "I1", "p2": "I2"},
			wantConflicts: []sqlstore.SlotRef{{Subject: "F1", Slot: "event:MARR"}},
		},
		{
			name: "born decades apart is another person",
			frag: frag{src: "a7", people: []fragPerson{{"p1", "Alec", "Baldwin", kin.SexMale, "1990"}}},
			want: map[string]kin.ID{"p1": ""},
		},
		{
			name: "other sex is another person",
			frag: frag{src: "a8", people: []fragPerson{{"p1", "Alec", "Baldwin", kin.SexFemale, ""}}},
			want: map[string]kin.ID{"p1": ""},
		},
		{
			name: "other parents are another person",
			frag: frag{src: "a9", people: []fragPerson{{"p1", "Tom", "Jones", "", ""}, {"p2", "Ann", "Jones", "", ""}, {"p3", "Ireland", "Baldwin", "", ""}},
				families: []fragFamily{{"f1", []string{"p1", "p2"}, []string{"p3"}, ""}}},
			want:        map[string]kin.ID{"p1": "", "p2": "", "p3": ""},
			newFamilies: 1,
		},
		{
			name:      "two equal candidates are ambiguous",
			frag:      frag{src: "a10", people: []fragPerson{{"p1", "John", "Smith", "", ""}}},
			want:      map[string]kin.ID{"p1": ""},
			ambiguous: []string{"p1"},
		},
		{
			name: "new couple with a known child's name stays apart",
			frag: frag{src: "a11", people: []fragPerson{{"p1", "Ireland", "Baldwin", "", ""}, {"p2", "Andrew", "Lawrence", kin.SexMale, ""}},
				families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "Y"}}},
			want:        map[string]kin.ID{"p1": "I3", "p2": ""},
			newFamilies: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := openDB(t)
			tr := db.Tree("")
			baseTree(t, tr)
			add := tt.frag.tree(t)
			st, err := tr.Merge(ctx, add, sqlstore.MergeOptions{})
			if err != nil {
				t.Fatalf("Merge: %v", err)
			}
			got := map[kin.ID]kin.ID{}
			for _, m := range st.Matched {
				got[m.Extracted] = m.Person
			}
			newPeople := 0
			for p, want := range tt.want {
				id := kin.ID(string(tt.frag.src) + "/" + p)
				if got[id] != want {
					t.Errorf("%s matched %q, want %q (stats %s)", p, got[id], want, asJSON(st))
				}
				if want == "" {
					newPeople++
				}
			}
			if st.People != newPeople {
				t.Errorf("People added = %d, want %d", st.People, newPeople)
			}
			if st.Families != tt.newFamilies {
				t.Errorf("Families added = %d, want %d", st.Families, tt.newFamilies)
			}
			var amb []string
			for _, a := range st.Ambiguous {
				amb = append(amb, strings.TrimPrefix(string(a.Extracted), string(tt.frag.src)+"/"))
			}
			if strings.Join(amb, ",") != strings.Join(tt.ambiguous, ",") {
				t.Errorf("Ambiguous = %v, want %v", amb, tt.ambiguous)
			}
			if asJSON(st.Conflicts) != asJSON(tt.wantConflicts) {
				t.Errorf("Conflicts = %s, want %s", asJSON(st.Conflicts), asJSON(tt.wantConflicts))
			}
			cs, err := tr.Conflicts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != len(tt.wantConflicts) {
				t.Errorf("Tree.Conflicts has %d, want %d: %s", len(cs), len(tt.wantConflicts), asJSON(cs))
			}
			// Merging the same article again changes nothing.
			again, err := tr.Merge(ctx, tt.frag.tree(t), sqlstore.MergeOptions{})
			if err != nil {
				t.Fatalf("second Merge: %v", err)
			}
			if again.Added != 0 || again.People != 0 || again.Families != 0 || !again.SourceKnown {
				t.Errorf("second Merge = %s, want nothing added and the source known", asJSON(again))
			}
		})
	}
}

// TestMergeCorroborates checks that a claim the tree already holds is
// shown once, with the article's citation beside the tree's.
func TestMergeCorroborates(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	baseTree(t, tr)
	f := frag{src: "b1", people: []fragPerson{{"p1", "Alec", "Baldwin", kin.SexMale, "3 APR 1958"}, {"p2", "Kim", "Basinger", "", "1953"}, {"p3", "Ireland", "Baldwin", "", ""}},
		families: []fragFamily{{"f1", []string{"p1", "p2"}, []string{"p3"}, "Y"}}}
	st, err := tr.Merge(ctx, f.tree(t), sqlstore.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Conflicts) != 0 || st.People != 0 || st.Families != 0 {
		t.Fatalf("Merge = %s, want everything matched without conflicts", asJSON(st))
	}
	alec, err := tr.Person(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	if len(alec.Names) != 1 || len(alec.Names[0].Citations) != 1 {
		t.Errorf("Alec's names = %s, want one name citing the article", asJSON(alec.Names))
	}
	var births int
	for _, e := range alec.Events {
		if e.Type == kin.EventBirth {
			births++
			if len(e.Citations) != 1 || e.Date.String() != "3 APR 1958" {
				t.Errorf("Alec's birth = %s, want 3 APR 1958 citing the article", asJSON(e))
			}
		}
	}
	if births != 1 {
		t.Errorf("Alec has %d births, want 1", births)
	}
	fam, err := tr.Family(ctx, "F1")
	if err != nil {
		t.Fatal(err)
	}
	if len(fam.Children) != 1 || len(fam.Children[0].Citations()) != 1 {
		t.Errorf("F1 children = %s, want Ireland once, citing the article", asJSON(fam.Children))
	}
	var marr int
	for _, e := range fam.Events {
		if e.Type == kin.EventMarriage {
			marr++
		}
	}
	if marr != 1 || len(fam.Partners) != 2 {
		t.Errorf("F1 = %s, want one marriage and two partners", asJSON(fam))
	}
	// The undated marriage and the birth "1953" add only their citations.
	if st.Corroborated != 2 {
		t.Errorf("Corroborated = %d, want 2", st.Corroborated)
	}
	cs, err := tr.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Errorf("Conflicts = %s, want none", asJSON(cs))
	}
}

// TestMergeRollsBack checks that a merge that fails part-way leaves the
// tree as it was.
func TestMergeRollsBack(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	good := frag{src: "c1", people: []fragPerson{{"p1", "Ada", "Lovelace", kin.SexFemale, "1815"}}}
	if _, err := tr.Merge(ctx, good.tree(t), sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	before, err := tr.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	bad := frag{src: "c2", people: []fragPerson{{"p1", "Charles", "Babbage", kin.SexMale, "1791"}, {"p2", "Georgiana", "Whitmore", "", ""}},
		families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "1814"}}}.tree(t)
	// The last fact cannot be stored: a NaN coordinate.
	bad.Families[0].Events[0].Place = kin.Place{Name: "Nowhere"}
	bad.Families[0].Events[0].Place.SetCoordinates(math.NaN(), 0)
	if _, err := tr.Merge(ctx, bad, sqlstore.MergeOptions{}); err == nil {
		t.Fatal("Merge of a fragment with a NaN coordinate succeeded, want an error")
	}
	after, err := tr.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if asJSON(after) != asJSON(before) {
		t.Errorf("tree after the failed merge:\n%s\nwant as before:\n%s", asJSON(after), asJSON(before))
	}
}

func TestReview(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	baseTree(t, tr)
	a := frag{src: "d1", people: []fragPerson{{"p1", "Alec", "Baldwin", "", ""}, {"p2", "Hilaria", "Baldwin", kin.SexFemale, ""}},
		families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "2012"}}}.tree(t)
	b := frag{src: "d2", people: []fragPerson{{"p1", "Daniel", "Baldwin", kin.SexMale, ""}}}.tree(t)
	ida, err := tr.AddPending(ctx, "source:d1", a)
	if err != nil {
		t.Fatal(err)
	}
	idb, err := tr.AddPending(ctx, "source:d2", b)
	if err != nil {
		t.Fatal(err)
	}
	found, err := tr.FindIngested(ctx, a.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	if found.Source != "" || found.Review == nil || found.Review.ID != ida {
		t.Errorf("FindIngested(a) = %+v, want review #%d and no source", found, ida)
	}
	st, err := tr.Accept(ctx, ida, sqlstore.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.People != 1 || st.Families != 1 {
		t.Errorf("Accept = %s, want Hilaria and her family added", asJSON(st))
	}
	if err := tr.Reject(ctx, idb); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Accept(ctx, ida, sqlstore.MergeOptions{}); kin.ErrorCode(err) != kin.ECONFLICT {
		t.Errorf("second Accept error = %v, want ECONFLICT", err)
	}
	if err := tr.Reject(ctx, 999999); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Reject(999999) error = %v, want ENOTFOUND", err)
	}
	all, err := tr.Reviews(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, r := range all {
		states = append(states, r.Status)
		if r.DecidedAt == nil {
			t.Errorf("review #%d has no decision time", r.ID)
		}
	}
	if strings.Join(states, ",") != "accepted,rejected" {
		t.Errorf("review states = %v, want accepted,rejected", states)
	}
	pending, err := tr.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("Pending = %d items, want 0", len(pending))
	}
	found, err = tr.FindIngested(ctx, a.Sources[0])
	if err != nil {
		t.Fatal(err)
	}
	if found.Source != "d1" {
		t.Errorf("FindIngested(a).Source = %q, want d1", found.Source)
	}
	// Daniel was rejected: he is not in the tree.
	ms, err := tr.Find(ctx, "Daniel", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 0 {
		t.Errorf("Find(Daniel) = %s, want nobody", asJSON(ms))
	}
}

// TestMergeSourceByURL checks that an article is recognised by its URL
// when its text changed.
func TestMergeSourceByURL(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	a := frag{text: "date 2025-01-01\nFirst version.", people: []fragPerson{{"p1", "Ada", "Lovelace", "", ""}}}.tree(t)
	a.Sources[0].URL = "https://example.com/story"
	if _, err := tr.Merge(ctx, a, sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	b := frag{text: "date 2025-01-01\nSecond version.", people: []fragPerson{{"p1", "Ada", "Lovelace", "", ""}}}.tree(t)
	b.Sources[0].URL = "https://example.com/story"
	st, err := tr.Merge(ctx, b, sqlstore.MergeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !st.SourceKnown || st.Source != a.Sources[0].ID || st.People != 0 {
		t.Errorf("Merge = %s, want source %s recognised and Ada matched", asJSON(st), a.Sources[0].ID)
	}
	srcs, err := tr.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Text != "date 2025-01-01\nSecond version." {
		t.Errorf("Sources = %s, want one source with the new text", asJSON(srcs))
	}
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}
