// Package storetest is the behavioural test suite every kin store passes:
// packages sqlite and postgres call Run from their tests, so both engines
// are held to the same behaviour (litestream's RunWithReplicaClient).
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/date"
	"kin/sqlstore"
)

// Store is what the suite needs of a store.
type Store interface {
	Tree(name string) *sqlstore.Tree
	Trees(ctx context.Context) ([]sqlstore.TreeInfo, error)
	LoadTree(ctx context.Context, name string) (*kin.Tree, error)
	DeleteTree(ctx context.Context, name string) error
	SetNow(now func() time.Time)
	Close() error
}

// Clock is a settable clock for transaction times.
type Clock struct{ t time.Time }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { return c.t }

// Advance moves the clock on by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time { c.t = c.t.Add(d); return c.t }

// Run runs every case of the suite against stores made by open, each case
// with a new, empty store. open registers the store's cleanup with tb.
func Run(t *testing.T, open func(testing.TB) Store) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s Store, clock *Clock)
	}{
		{"ImportAndRead", testImportAndRead},
		{"ImportRollsBack", testImportRollsBack},
		{"ReimportKeepsFacts", testReimportKeepsFacts},
		{"ReimportSupersedes", testReimportSupersedes},
		{"ReimportMatchesUID", testReimportMatchesUID},
		{"ConflictsAndConclusion", testConflicts},
		{"ConclusionRule", testConclusionRule},
		{"UpdatePerson", testUpdatePerson},
		{"RecordAdditions", testRecordAdditions},
		{"TreesAreSeparate", testTreesAreSeparate},
		{"Find", testFind},
		{"FindHistory", testFindHistory},
		{"Sources", testSources},
		{"Records", testRecords},
		{"Pending", testPending},
		{"NotFound", testNotFound},
		{"DuplicateRecord", testDuplicateRecord},
		{"Details", testDetails},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			clock := &Clock{t: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
			s.SetNow(clock.Now)
			tc.fn(t, s, clock)
		})
	}
}

// Fixture returns the records of a small tree, as a GEDCOM import would
// give them: three generations, an adoption, an association, a source
// cited with confidence.
func Fixture() []*sqlstore.Record {
	d := func(s string) date.Date {
		dt, err := date.Parse(s)
		if err != nil {
			panic(fmt.Sprintf("storetest: bad fixture date %q: %v", s, err))
		}
		return dt
	}
	cite := kin.Citation{Source: "S1", Page: "p. 12", Quote: "born in Amityville", Confidence: kin.ConfidenceHigh, ConfidenceKnown: true}
	return []*sqlstore.Record{
		{Tag: "INDI", Xref: "I1", UID: "uid-alexander", GEDCOM: "0 @I1@ INDI\n1 NAME Alexander /Baldwin/\n1 _CUSTOM kept\n", Person: &kin.Person{
			ID: "I1", Xref: "I1", Sex: kin.SexMale,
			Names:  []kin.Name{fullName(kin.Name{Given: "Alexander Rae", Surname: "Baldwin"}, "", "", "", "Jr.")},
			Events: []kin.Event{{Type: kin.EventBirth, Date: d("1 JUN 1928"), Place: kin.Place{Name: "Amityville, New York"}, Citations: []kin.Citation{cite}}},
		}},
		{Tag: "INDI", Xref: "I2", GEDCOM: "0 @I2@ INDI\n1 NAME Carol /Martineau/\n", Person: &kin.Person{
			ID: "I2", Xref: "I2", Sex: kin.SexFemale,
			Names:  []kin.Name{{Given: "Carol", Surname: "Martineau"}, typed(kin.Name{Given: "Carol", Surname: "Baldwin"}, kin.NameMarried)},
			Events: []kin.Event{{Type: kin.EventDeath, Date: d("ABT 2000")}, {Type: kin.EventBurial, Date: d("AFT 2000")}, {Type: kin.EventResidence, Date: d("BEF 1990")}},
		}},
		{Tag: "INDI", Xref: "I3", GEDCOM: "0 @I3@ INDI\n1 NAME Alec /Baldwin/\n", Person: &kin.Person{
			ID: "I3", Xref: "I3", Sex: kin.SexMale,
			Names:  []kin.Name{fullName(kin.Name{Given: "Alec", Surname: "Baldwin"}, "", "Billy", "", "")},
			Events: []kin.Event{{Type: kin.EventBirth, Date: d("3 APR 1958")}, {Type: kin.EventOccupation, Detail: "Actor", Value: "Actor"}},
		}, Associations: []*kin.Association{{ID: "I3.ASSO1", Person: "I3", Other: "I4", Relation: "co-star", Detail: "The Getaway", Date: d("1994")}}},
		{Tag: "INDI", Xref: "I4", GEDCOM: "0 @I4@ INDI\n1 NAME Kim /Basinger/\n", Person: &kin.Person{
			ID: "I4", Xref: "I4", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Kim", Surname: "Basinger"}},
		}},
		{Tag: "INDI", Xref: "I5", GEDCOM: "0 @I5@ INDI\n1 NAME Ireland /Baldwin/\n", Person: &kin.Person{
			ID: "I5", Xref: "I5", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Ireland", Surname: "Baldwin"}},
		}},
		{Tag: "INDI", Xref: "I6", GEDCOM: "0 @I6@ INDI\n1 NAME Daniel /Baldwin/\n", Person: &kin.Person{
			ID: "I6", Xref: "I6", Sex: kin.SexMale, Names: []kin.Name{{Given: "Daniel", Surname: "Baldwin"}},
		}},
		{Tag: "FAM", Xref: "F1", GEDCOM: "0 @F1@ FAM\n1 HUSB @I1@\n", Family: &kin.Family{
			ID: "F1", Xref: "F1", Partners: []kin.ID{"I1", "I2"},
			Children: []kin.ChildLink{{Child: "I3", Lineage: kin.LineageBirth}, {Child: "I6", Lineage: kin.LineageAdopted}},
			Events:   []kin.Event{{Type: kin.EventMarriage, Date: d("1950")}},
		}},
		{Tag: "FAM", Xref: "F2", GEDCOM: "0 @F2@ FAM\n1 HUSB @I3@\n", Family: &kin.Family{
			ID: "F2", Xref: "F2", Partners: []kin.ID{"I3", "I4"},
			Children: []kin.ChildLink{{Child: "I5"}},
			Events:   []kin.Event{{Type: kin.EventMarriage, Date: d("19 AUG 1993")}, {Type: kin.EventDivorce, Date: d("2002")}},
		}},
		{Tag: "SOUR", Xref: "S1", GEDCOM: "0 @S1@ SOUR\n1 TITL Town register\n", Source: &kin.Source{ID: "S1", Xref: "S1", Title: "Town register", Date: d("1930")}},
		{Tag: "SUBM", Xref: "U1", GEDCOM: "0 @U1@ SUBM\n1 NAME someone\n"},
	}
}

// clone deep-copies records through JSON so cases can change them.
func clone(tb testing.TB, recs []*sqlstore.Record) []*sqlstore.Record {
	tb.Helper()
	b, err := json.Marshal(recs)
	if err != nil {
		tb.Fatal(err)
	}
	var out []*sqlstore.Record
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// Source returns an Import reader that yields recs in order, then io.EOF.
func Source(recs []*sqlstore.Record) func() (*sqlstore.Record, error) {
	i := 0
	return func() (*sqlstore.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return recs[i-1], nil
	}
}

func mustImport(tb testing.TB, tr *sqlstore.Tree, recs []*sqlstore.Record) sqlstore.ImportStats {
	tb.Helper()
	st, err := tr.Import(context.Background(), sqlstore.ImportInfo{Filename: "fixture.ged", Version: "7.0", Header: "0 HEAD\n1 GEDC\n2 VERS 7.0\n"}, Source(recs))
	if err != nil {
		tb.Fatalf("Import: %v", err)
	}
	return st
}

func mustPerson(tb testing.TB, tr *sqlstore.Tree, id kin.ID) *kin.Person {
	tb.Helper()
	p, err := tr.Person(context.Background(), id)
	if err != nil {
		tb.Fatalf("Person(%s): %v", id, err)
	}
	return p
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func birth(p *kin.Person) string {
	e, ok := p.Event(kin.EventBirth)
	if !ok {
		return ""
	}
	return e.Date.String()
}

func testImportAndRead(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	recs := Fixture()
	st := mustImport(t, tr, clone(t, recs))
	if st.Records != 10 || st.People != 6 || st.Families != 2 || st.Sources != 1 || st.Merged {
		t.Errorf("Import stats = %+v, want 10 records, 6 people, 2 families, 1 source, not merged", st)
	}
	for _, r := range recs {
		if r.Person == nil {
			continue
		}
		got := mustPerson(t, tr, r.Person.ID)
		if !reflect.DeepEqual(got, r.Person) {
			t.Errorf("Person(%s) =\n%s\nwant\n%s", r.Person.ID, asJSON(got), asJSON(r.Person))
		}
	}
	fams, err := tr.ChildFamilies(ctx, "I6")
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) != 1 || fams[0].ID != "F1" || !reflect.DeepEqual(fams[0], recs[6].Family) {
		t.Errorf("ChildFamilies(I6) = %s, want [F1] as imported", asJSON(fams))
	}
	fams, err = tr.PartnerFamilies(ctx, "I3")
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) != 1 || fams[0].ID != "F2" || !reflect.DeepEqual(fams[0], recs[7].Family) {
		t.Errorf("PartnerFamilies(I3) = %s, want [F2] as imported", asJSON(fams))
	}
	for _, id := range []kin.ID{"I3", "I4"} {
		as, err := tr.Associations(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || !reflect.DeepEqual(as[0], recs[2].Associations[0]) {
			t.Errorf("Associations(%s) = %s, want the co-star association", id, asJSON(as))
		}
	}
	whole, err := s.LoadTree(ctx, sqlstore.DefaultTree)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.People) != 6 || len(whole.Families) != 2 || len(whole.Sources) != 1 || len(whole.Associations) != 1 {
		t.Errorf("LoadTree = %d people, %d families, %d sources, %d associations, want 6, 2, 1, 1",
			len(whole.People), len(whole.Families), len(whole.Sources), len(whole.Associations))
	}
	if len(whole.People) > 0 && !reflect.DeepEqual(whole.People[0], recs[0].Person) {
		t.Errorf("LoadTree person 0 = %s, want %s", asJSON(whole.People[0]), asJSON(recs[0].Person))
	}
	trees, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(trees) != 1 || trees[0].Name != "default" || trees[0].People != 6 || trees[0].Families != 2 || trees[0].GEDCOMVersion != "7.0" {
		t.Errorf("Trees = %+v, want one tree default with 6 people and 2 families, GEDCOM 7.0", trees)
	}
}

func testImportRollsBack(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture())[:3])
	clock.Advance(time.Hour)
	recs := clone(t, Fixture())
	boom := errors.New("disk on fire")
	n := 0
	_, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "x.ged"}, func() (*sqlstore.Record, error) {
		if n == 5 {
			return nil, boom
		}
		n++
		return recs[n-1], nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Import error = %v, want %v", err, boom)
	}
	trees, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(trees) != 1 || trees[0].People != 3 || trees[0].Families != 0 {
		t.Errorf("after a failed import Trees = %+v, want the 3 people of the first import", trees)
	}
	// A failed first import into a new tree leaves no tree behind.
	_, err = s.Tree("other").Import(ctx, sqlstore.ImportInfo{}, func() (*sqlstore.Record, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Fatalf("Import error = %v, want %v", err, boom)
	}
	if _, err := s.Tree("other").Person(ctx, "I1"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Person in a tree whose import failed: error %v, want not found", err)
	}
}

func testReimportKeepsFacts(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	first := mustImport(t, tr, clone(t, Fixture()))
	before, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	st := mustImport(t, tr, clone(t, Fixture()))
	if !st.Merged || st.Added != 0 || st.Superseded != 0 || st.Kept != first.Added || st.Removed != 0 {
		t.Errorf("re-import stats = %+v, want merged, 0 added, 0 superseded, %d kept", st, first.Added)
	}
	after, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after[0].People != before[0].People || after[0].Facts != before[0].Facts {
		t.Errorf("re-import changed counts: %+v, want %+v", after[0], before[0])
	}
}

func testReimportSupersedes(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	t1 := clock.Now()
	clock.Advance(24 * time.Hour)
	recs := clone(t, Fixture())
	recs[0].Person.Events[0].Date = date.YMD(1928, 6, 2) // a corrected birth date
	recs[0].GEDCOM = strings.Replace(recs[0].GEDCOM, "_CUSTOM kept", "_CUSTOM changed", 1)
	recs[7].Family.Children = nil        // I5 left the file
	recs = append(recs[:4], recs[5:]...) // with its record
	st := mustImport(t, tr, recs)
	if st.Added != 1 || st.Superseded < 2 || st.Removed != 1 {
		t.Errorf("re-import stats = %+v, want 1 fact added, at least 2 superseded, 1 record removed", st)
	}
	if got := birth(mustPerson(t, tr, "I1")); got != "2 JUN 1928" {
		t.Errorf("birth of I1 now = %q, want %q", got, "2 JUN 1928")
	}
	old := tr.AsOf(t1)
	p, err := old.Person(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	if got := birth(p); got != "1 JUN 1928" {
		t.Errorf("birth of I1 as recorded at %v = %q, want %q", t1, got, "1 JUN 1928")
	}
	if _, err := tr.Person(ctx, "I5"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Person(I5) after it left the file: error %v, want not found", err)
	}
	if _, err := old.Person(ctx, "I5"); err != nil {
		t.Errorf("Person(I5) as recorded before: %v", err)
	}
	fams, err := tr.ChildFamilies(ctx, "I5")
	if err != nil || len(fams) != 0 {
		t.Errorf("ChildFamilies(I5) now = %v, %v; want none", fams, err)
	}
	facts, err := tr.Facts(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facts {
		if f.SupersededAt != nil {
			t.Errorf("Facts(I1) now includes superseded fact %d", f.ID)
		}
	}
	var texts []string
	err = tr.Records(ctx, func(r *sqlstore.StoredRecord) error { texts = append(texts, r.GEDCOM); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(texts) != 9 || !strings.Contains(texts[0], "_CUSTOM changed") {
		t.Errorf("Records now = %q, want 9 records, the first with the changed text", texts)
	}
	texts = texts[:0]
	if err := old.Records(ctx, func(r *sqlstore.StoredRecord) error { texts = append(texts, r.GEDCOM); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 10 || !strings.Contains(texts[0], "_CUSTOM kept") {
		t.Errorf("Records as recorded before = %q, want 10 records, the first with the old text", texts)
	}
}

func testReimportMatchesUID(t *testing.T, s Store, clock *Clock) {
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	clock.Advance(time.Hour)
	// The same file exported by another program: xrefs renumbered, UIDs kept.
	recs := clone(t, Fixture())
	recs[0].Xref, recs[0].Person.ID, recs[0].Person.Xref = "P100", "P100", "P100"
	recs[6].Family.Partners[0] = "P100"
	st := mustImport(t, tr, recs)
	if st.Removed != 0 {
		t.Errorf("re-import with renumbered xref: stats %+v, want nothing removed", st)
	}
	trees, err := s.Trees(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if trees[0].People != 6 {
		t.Errorf("people after re-import = %d, want 6 (matched by UID)", trees[0].People)
	}
	fams, err := tr.PartnerFamilies(context.Background(), "I1")
	if err != nil || len(fams) != 1 {
		t.Errorf("PartnerFamilies(I1) = %v, %v; want F1", fams, err)
	}
}

// article is a news-article source claiming a different birth date for I1.
func article(conf kin.Confidence, published string, birthDate string) *kin.Tree {
	pd, _ := date.Parse(published)
	bd, _ := date.Parse(birthDate)
	return &kin.Tree{
		Sources: []*kin.Source{{ID: "A1", Type: kin.SourceNewsArticle, Title: "Obituary", Date: pd, URL: "https://example.com/a1",
			Text: "Alexander Baldwin, born June 11, 1928"}},
		People: []*kin.Person{{ID: "I1", Events: []kin.Event{{Type: kin.EventBirth, Date: bd,
			Citations: []kin.Citation{{Source: "A1", Quote: "born June 11, 1928", Span: &kin.Span{Start: 19, End: 37}, Confidence: conf, ConfidenceKnown: true}}}}}},
	}
}

func testConflicts(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	clock.Advance(time.Hour)
	st, err := tr.AddTree(ctx, article(kin.ConfidenceVeryHigh, "2024", "11 JUN 1928"), sqlstore.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 1 {
		t.Errorf("AddTree stats = %+v, want 1 fact added", st)
	}
	added := clock.Now()
	if got := birth(mustPerson(t, tr, "I1")); got != "11 JUN 1928" {
		t.Errorf("birth of I1 after a very-high-confidence article = %q, want %q", got, "11 JUN 1928")
	}
	p := mustPerson(t, tr, "I1")
	if len(p.Names) != 1 || p.Names[0].Surname != "Baldwin" {
		t.Errorf("names of I1 after the article = %+v, want the imported one", p.Names)
	}
	conflicts, err := tr.Conflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(conflicts) != 1 || conflicts[0].Subject != "I1" || conflicts[0].Slot != "event:BIRT" || len(conflicts[0].Facts) != 2 {
		t.Fatalf("Conflicts = %s, want I1's birth with 2 facts", asJSON(conflicts))
	}
	var gedcomFact, articleFact *sqlstore.Fact
	for _, f := range conflicts[0].Facts {
		if f.Origin == sqlstore.OriginGEDCOM {
			gedcomFact = f
		} else {
			articleFact = f
		}
	}
	if gedcomFact == nil || articleFact == nil || !articleFact.Conclusion || gedcomFact.Conclusion || articleFact.Origin != "source:A1" {
		t.Fatalf("conflict facts = %s, want the article's (origin source:A1) as conclusion", asJSON(conflicts[0].Facts))
	}
	if len(articleFact.Citations) != 1 || articleFact.Citations[0].Span == nil || articleFact.Citations[0].Span.End != 37 {
		t.Errorf("article citation = %+v, want the quoted span kept", articleFact.Citations)
	}
	// Adding the same article again adds nothing.
	st, err = tr.AddTree(ctx, article(kin.ConfidenceVeryHigh, "2024", "11 JUN 1928"), sqlstore.AddOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 0 {
		t.Errorf("adding the same article again: stats %+v, want nothing added", st)
	}
	clock.Advance(time.Hour)
	if err := tr.Choose(ctx, gedcomFact.ID); err != nil {
		t.Fatal(err)
	}
	if got := birth(mustPerson(t, tr, "I1")); got != "1 JUN 1928" {
		t.Errorf("birth of I1 after choosing the GEDCOM fact = %q, want %q", got, "1 JUN 1928")
	}
	if got := birth(mustPerson(t, tr.AsOf(added), "I1")); got != "11 JUN 1928" {
		t.Errorf("birth of I1 as recorded before the choice = %q, want %q", got, "11 JUN 1928")
	}
	if err := tr.Choose(ctx, 999999999); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Choose(missing fact) error = %v, want not found", err)
	}
	names, err := tr.Facts(ctx, "I2")
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Choose(ctx, names[0].ID); kin.ErrorCode(err) != kin.EINVALID {
		t.Errorf("Choose(a name fact) error = %v, want invalid", err)
	}
}

func testConclusionRule(t *testing.T, s Store, clock *Clock) {
	tests := []struct {
		name      string
		conf      kin.Confidence
		published string
		want      string
	}{
		// The GEDCOM fact cites QUAY 3 (High) and a source dated 1930.
		{"higher confidence wins", kin.ConfidenceVeryHigh, "1900", "11 JUN 1928"},
		{"lower confidence loses", kin.ConfidenceLow, "2024", "1 JUN 1928"},
		{"equal confidence, later source wins", kin.ConfidenceHigh, "2024", "11 JUN 1928"},
		{"equal confidence, earlier source loses", kin.ConfidenceHigh, "1920", "1 JUN 1928"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			tr := s.Tree(fmt.Sprintf("rule%d", i))
			mustImport(t, tr, clone(t, Fixture()))
			clock.Advance(time.Minute)
			if _, err := tr.AddTree(ctx, article(tt.conf, tt.published, "11 JUN 1928"), sqlstore.AddOptions{}); err != nil {
				t.Fatal(err)
			}
			if got := birth(mustPerson(t, tr, "I1")); got != tt.want {
				t.Errorf("birth of I1 = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("one source with two births shows both", func(t *testing.T) {
		tr := s.Tree("twice")
		recs := clone(t, Fixture())
		p := recs[0].Person
		p.Events = append(p.Events, kin.Event{Type: kin.EventBirth, Date: date.Year(1929)})
		mustImport(t, tr, recs)
		got := mustPerson(t, tr, "I1")
		if !reflect.DeepEqual(got, p) {
			t.Errorf("Person(I1) = %s, want both births as imported: %s", asJSON(got), asJSON(p))
		}
		c, err := tr.Conflicts(context.Background())
		if err != nil || len(c) != 0 {
			t.Errorf("Conflicts = %v, %v; want none within one source", c, err)
		}
	})
	t.Run("agreeing sources merge their citations", func(t *testing.T) {
		ctx := context.Background()
		tr := s.Tree("agree")
		mustImport(t, tr, clone(t, Fixture()))
		if _, err := tr.AddTree(ctx, article(kin.ConfidenceNormal, "2024", "1 JUN 1928"), sqlstore.AddOptions{}); err != nil {
			t.Fatal(err)
		}
		e, _ := mustPerson(t, tr, "I1").Event(kin.EventBirth)
		if len(e.Citations) != 2 {
			t.Errorf("birth citations = %+v, want both sources", e.Citations)
		}
		c, err := tr.Conflicts(ctx)
		if err != nil || len(c) != 0 {
			t.Errorf("Conflicts = %v, %v; want none when sources agree", c, err)
		}
	})
}

func testUpdatePerson(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	before := clock.Now()
	clock.Advance(time.Hour)
	p := mustPerson(t, tr, "I4")
	p.Names[0].Given = "Kimila Ann"
	p.Events = append(p.Events, kin.Event{Type: kin.EventBirth, Date: date.YMD(1953, 12, 8)})
	if err := tr.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	got := mustPerson(t, tr, "I4")
	if !reflect.DeepEqual(got, p) {
		t.Errorf("Person(I4) after edit = %s, want %s", asJSON(got), asJSON(p))
	}
	if old := mustPerson(t, tr.AsOf(before), "I4"); old.Names[0].Given != "Kim" || len(old.Events) != 0 {
		t.Errorf("Person(I4) as recorded before the edit = %s, want the imported one", asJSON(old))
	}
	var rec *sqlstore.StoredRecord
	err := tr.Records(ctx, func(r *sqlstore.StoredRecord) error {
		if r.ID == "I4" {
			c := *r
			rec = &c
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// An edit of facts alone keeps the imported text; the edit comes as
	// additions, and the facts it replaced are named so export can leave
	// their structures out.
	switch {
	case rec == nil || rec.GEDCOM == "" || rec.Added == nil || rec.Added.Person == nil:
		t.Errorf("Records entry of the edited person = %+v, want its GEDCOM text with additions", rec)
	case len(rec.Added.Person.Names) != 1 || rec.Added.Person.Names[0].Given != "Kimila Ann" || len(rec.Added.Person.Events) != 1:
		t.Errorf("additions of the edited person = %s, want the new name and the birth", asJSON(rec.Added.Person))
	case rec.Added.Replaced == nil || len(rec.Added.Replaced.Names) != 1 || rec.Added.Replaced.Names[0].Given != "Kim":
		t.Errorf("replaced facts of the edited person = %s, want the imported name", asJSON(rec.Added.Replaced))
	}
	// Editing what is not a fact (here the notes) drops the text: the
	// person is then written from what kin knows.
	p.SetNotes(append(p.Notes(), kin.Note{Text: "Met on set."}))
	if err := tr.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	rec = nil
	err = tr.Records(ctx, func(r *sqlstore.StoredRecord) error {
		if r.ID == "I4" {
			c := *r
			rec = &c
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if rec == nil || rec.GEDCOM != "" || rec.Person == nil || rec.Person.Names[0].Given != "Kimila Ann" || len(rec.Person.Notes()) != 1 {
		t.Errorf("Records entry of the person with a new note = %+v, want no GEDCOM text and the edited person", rec)
	}
	if err := tr.UpdatePerson(ctx, &kin.Person{ID: "nobody"}); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("UpdatePerson(missing) error = %v, want not found", err)
	}
}

// testRecordAdditions checks that Records hands export what an article
// added to imported records beside their stored text, and ExportXrefs
// gives the records kin made identifiers no other record has.
func testRecordAdditions(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	clock.Advance(time.Hour)
	cite := []kin.Citation{{Source: "art-1", Quote: "his new wife"}}
	frag := &kin.Tree{
		Sources: []*kin.Source{{ID: "art-1", Xref: "I5", Type: kin.SourceNewsArticle, Text: "Daniel Baldwin married Joanne Smith."}},
		People: []*kin.Person{
			{ID: "I6", Events: []kin.Event{{Type: kin.EventOccupation, Value: "Actor", Citations: cite}}},
			{ID: "new-wife", Names: []kin.Name{{Given: "Joanne", Surname: "Smith", Citations: cite}}},
		},
		Families: []*kin.Family{{ID: "new-fam", Partners: []kin.ID{"I6", "new-wife"}, Events: []kin.Event{{Type: kin.EventMarriage, Citations: cite}}}},
	}
	// Trees caches its counts; a write must make them current again.
	before, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.AddTree(ctx, frag, sqlstore.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		after, err := s.Trees(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, a := before[0], after[0]
		if a.People != b.People+1 || a.Families != b.Families+1 || a.Sources != b.Sources+1 || a.Facts != b.Facts+5 {
			t.Errorf("Trees (call %d) after adding a person, a family, a source and 5 facts = %+v, want one more of each than %+v and 5 more facts", i+1, a, b)
		}
	}
	got := map[kin.ID]*sqlstore.StoredRecord{}
	err = tr.Records(ctx, func(r *sqlstore.StoredRecord) error {
		c := *r
		got[r.ID] = &c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	i6 := got["I6"]
	switch {
	case i6 == nil || i6.GEDCOM == "" || i6.Added == nil || i6.Added.Person == nil:
		t.Fatalf("Records entry of I6 = %+v, want its text with additions", i6)
	case len(i6.Added.Person.Events) != 1 || i6.Added.Person.Events[0].Value != "Actor" || len(i6.Added.Person.Names) != 0:
		t.Errorf("additions of I6 = %s, want only the occupation", asJSON(i6.Added.Person))
	case len(i6.Added.Families) != 1 || i6.Added.Families[0].ID != "new-fam" || len(i6.Added.Families[0].Partners) != 1:
		t.Errorf("families I6 joined = %s, want new-fam with I6 as partner", asJSON(i6.Added.Families))
	}
	for _, id := range []kin.ID{"I1", "I2", "F1", "S1"} {
		if got[id] == nil || got[id].Added != nil {
			t.Errorf("Records entry of untouched %s = %+v, want no additions", id, got[id])
		}
	}
	if got["new-fam"] == nil || got["new-fam"].Family == nil || got["new-fam"].GEDCOM != "" {
		t.Errorf("Records entry of new-fam = %+v, want the family from its facts", got["new-fam"])
	}
	xrefs, err := tr.ExportXrefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[kin.Xref]bool{"I1": true, "I2": true, "I3": true, "I4": true, "I5": true, "I6": true, "F1": true, "F2": true, "S1": true, "U1": true}
	for _, id := range []kin.ID{"art-1", "new-wife", "new-fam"} {
		x := xrefs[id]
		if x == "" || seen[x] {
			t.Errorf("ExportXrefs()[%s] = %q, want an unused xref", id, x)
		}
		seen[x] = true
	}
}

func testTreesAreSeparate(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	a, b := s.Tree("a"), s.Tree("b")
	mustImport(t, a, clone(t, Fixture()))
	recs := clone(t, Fixture())[:2]
	recs[0].Person.Names[0].Given = "Someone Else"
	mustImport(t, b, recs)
	if got := mustPerson(t, a, "I1").Names[0].Given; got != "Alexander Rae" {
		t.Errorf("I1 in tree a = %q, want %q", got, "Alexander Rae")
	}
	if got := mustPerson(t, b, "I1").Names[0].Given; got != "Someone Else" {
		t.Errorf("I1 in tree b = %q, want %q", got, "Someone Else")
	}
	if _, err := b.Person(ctx, "I3"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("I3 in tree b: error %v, want not found", err)
	}
	m, err := b.Find(ctx, "baldwin", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(m) != 2 {
		t.Errorf("Find(baldwin) in tree b = %d matches, want 2 (I1 and I2's married name)", len(m))
	}
	if err := s.DeleteTree(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	trees, err := s.Trees(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(trees) != 1 || trees[0].Name != "a" || trees[0].People != 6 {
		t.Errorf("Trees after deleting b = %+v, want only a with 6 people", trees)
	}
}

func testFind(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	tests := []struct {
		query string
		want  []kin.ID
		exact bool
	}{
		{"Baldwin", []kin.ID{"I1", "I2", "I3", "I5", "I6"}, true},
		{"aldwi", []kin.ID{"I1", "I2", "I3", "I5", "I6"}, true},
		{"alec baldwin", []kin.ID{"I3"}, true},
		{"billy", []kin.ID{"I3"}, true}, // the nickname
		{"BASINGER", []kin.ID{"I4"}, true},
		{"Bassinger", []kin.ID{"I4"}, false}, // Soundex B252
		{"Martino", []kin.ID{"I2"}, false},   // Soundex M635
		{"nobody", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			m, err := tr.Find(ctx, tt.query, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []kin.ID
			for _, x := range m {
				got = append(got, x.Person.ID)
				if x.Exact != tt.exact {
					t.Errorf("Find(%q) match %s exact = %v, want %v", tt.query, x.Person.ID, x.Exact, tt.exact)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Find(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	if _, err := tr.Find(ctx, " -- ", 0); kin.ErrorCode(err) != kin.EINVALID {
		t.Errorf("Find(punctuation) error = %v, want invalid", err)
	}
}

// testFindHistory checks that name search follows the names' history
// whichever form their postings take: packed by the bulk import that
// loaded the tree, or rows written by the edits and re-imports after it.
func testFindHistory(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	imported := clock.Now()
	clock.Advance(time.Hour)
	p := mustPerson(t, tr, "I4")
	p.Names[0] = kin.Name{Given: "Grace", Surname: "Kelly"}
	if err := tr.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	edited := clock.Now()
	clock.Advance(time.Hour)
	find := func(tr *sqlstore.Tree, query string) []kin.ID {
		t.Helper()
		m, err := tr.Find(ctx, query, 0)
		if err != nil {
			t.Fatal(err)
		}
		sm, err := tr.FindSounds(ctx, query, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids, sids []kin.ID
		for _, x := range m {
			if x.Exact {
				ids = append(ids, x.Person.ID)
			}
		}
		for _, x := range sm {
			if x.Exact {
				sids = append(sids, x.Person.ID)
			}
		}
		if !reflect.DeepEqual(ids, sids) {
			t.Errorf("%q: Find gives %v, FindSounds %v", query, ids, sids)
		}
		return ids
	}
	baldwins := []kin.ID{"I1", "I2", "I3", "I5", "I6"}
	for _, tt := range []struct {
		at    string
		tree  *sqlstore.Tree
		query string
		want  []kin.ID
	}{
		{"after the edit", tr, "basinger", nil}, // the imported name is superseded
		{"after the edit", tr, "kelly", []kin.ID{"I4"}},
		{"after the edit", tr, "baldwin", baldwins},
		{"before the edit", tr.AsOf(imported), "basinger", []kin.ID{"I4"}},
		{"before the edit", tr.AsOf(imported), "kelly", nil},
		{"before the import", tr.AsOf(imported.Add(-time.Second)), "baldwin", nil},
	} {
		if got := find(tt.tree, tt.query); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Find(%q) = %v, want %v", tt.at, tt.query, got, tt.want)
		}
	}
	// Importing the file again brings the imported name back and
	// supersedes the edited one.
	mustImport(t, tr, clone(t, Fixture()))
	reimported := clock.Now()
	clock.Advance(time.Hour)
	if got := find(tr, "basinger"); !reflect.DeepEqual(got, []kin.ID{"I4"}) {
		t.Errorf("after the re-import: Find(basinger) = %v, want [I4]", got)
	}
	if got := find(tr, "kelly"); got != nil {
		t.Errorf("after the re-import: Find(kelly) = %v, want nobody", got)
	}
	if got := find(tr.AsOf(edited), "kelly"); !reflect.DeepEqual(got, []kin.ID{"I4"}) {
		t.Errorf("as recorded after the edit: Find(kelly) = %v, want [I4]", got)
	}
	// A file without the people removes them all; a later import loads
	// the tree anew beside the packed postings of the first.
	mustImport(t, tr, nil)
	if got := find(tr, "baldwin"); got != nil {
		t.Errorf("after importing an empty file: Find(baldwin) = %v, want nobody", got)
	}
	if got := find(tr.AsOf(reimported), "baldwin"); !reflect.DeepEqual(got, baldwins) {
		t.Errorf("as recorded before the empty import: Find(baldwin) = %v, want %v", got, baldwins)
	}
	mustImport(t, tr, clone(t, Fixture()))
	if got := find(tr, "baldwin"); !reflect.DeepEqual(got, baldwins) {
		t.Errorf("after importing the file once more: Find(baldwin) = %v, want %v", got, baldwins)
	}
	if got := find(tr, "kelly"); got != nil {
		t.Errorf("after importing the file once more: Find(kelly) = %v, want nobody", got)
	}
}

func testSources(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	if _, err := tr.AddTree(ctx, article(kin.ConfidenceNormal, "2024", "11 JUN 1928"), sqlstore.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	srcs, err := tr.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 2 || srcs[0].ID != "S1" || srcs[0].Citations != 1 || srcs[1].ID != "A1" || srcs[1].Citations != 1 || srcs[1].Type != kin.SourceNewsArticle {
		t.Errorf("Sources = %s, want S1 and A1 with one citation each", asJSON(srcs))
	}
}

func testRecords(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	recs := Fixture()
	mustImport(t, tr, clone(t, recs))
	var got []string
	err := tr.Records(ctx, func(r *sqlstore.StoredRecord) error { got = append(got, r.GEDCOM); return nil })
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, r := range recs {
		want = append(want, r.GEDCOM)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Records = %q, want %q", got, want)
	}
	version, header, err := tr.Header(ctx)
	if err != nil || version != "7.0" || !strings.HasPrefix(header, "0 HEAD") {
		t.Errorf("Header = %q, %q, %v; want 7.0 and the HEAD record", version, header, err)
	}
}

func testPending(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	id, err := tr.AddPending(ctx, "https://example.com/a1", article(kin.ConfidenceNormal, "2024", "1928"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := tr.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != id || len(list[0].Tree.People) != 1 || list[0].Origin != "https://example.com/a1" {
		t.Errorf("Pending = %s, want the queued fragment", asJSON(list))
	}
}

func testNotFound(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	if _, err := s.Tree("missing").Person(ctx, "I1"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Person in a missing tree: error %v, want not found", err)
	}
	if _, err := s.LoadTree(ctx, "missing"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("LoadTree(missing): error %v, want not found", err)
	}
	tr := s.Tree("")
	mustImport(t, tr, clone(t, Fixture()))
	if _, err := tr.Person(ctx, "F1"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Person(F1), a family: error %v, want not found", err)
	}
	if _, err := tr.Person(ctx, "nobody"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Person(nobody): error %v, want not found", err)
	}
	p, err := tr.Lookup(ctx, "@I3@")
	if err != nil || p.ID != "I3" {
		t.Errorf("Lookup(@I3@) = %v, %v; want I3", p, err)
	}
}

func testDuplicateRecord(t *testing.T, s Store, clock *Clock) {
	n := len(Fixture())
	for _, tt := range []struct {
		name  string
		extra []*sqlstore.Record
	}{
		{"a person twice", clone(t, Fixture())[:1]},
		// A record without an ID gets one made from its place in the
		// tree; another record must not have it already.
		{"a made ID taken", []*sqlstore.Record{{Tag: "SUBM"}, {Tag: "_LOC", Xref: kin.Xref(fmt.Sprintf("R%d", n+1))}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			recs := append(clone(t, Fixture()), tt.extra...)
			_, err := s.Tree(strings.ReplaceAll(tt.name, " ", "-")).Import(context.Background(), sqlstore.ImportInfo{}, Source(recs))
			if kin.ErrorCode(err) != kin.EINVALID {
				t.Errorf("Import with a duplicate record: error %v, want invalid", err)
			}
		})
	}
}

// fullName returns n with its prefix, nickname, surname prefix and suffix,
// which kin.Name sets with methods.
func fullName(n kin.Name, prefix, nickname, surnamePrefix, suffix string) kin.Name {
	n.SetPrefix(prefix)
	n.SetNickname(nickname)
	n.SetSurnamePrefix(surnamePrefix)
	n.SetSuffix(suffix)
	return n
}

// typed returns n with its name type.
func typed(n kin.Name, t kin.NameType) kin.Name {
	n.SetType(t)
	return n
}
