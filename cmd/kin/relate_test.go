package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kin"
	"kin/relate"
	"kin/sqlite"
)

// relateDB imports testdata/relate/baldwin.ged into a temporary database
// through the CLI and returns its path.
func relateDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "import", "--db", db, "testdata/relate/baldwin.ged")
	return db
}

func TestRelateCommand(t *testing.T) {
	db := relateDB(t)
	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantFirst string   // the first line of stdout
		wantOut   []string // more lines stdout must contain
		wantErr   []string // lines stderr must contain
	}{
		{"ex-wife as of today", []string{"Kim Basinger", "Alec Baldwin"}, 0,
			"Kim Basinger is Alec Baldwin's ex-wife (wife 19 August 1993–2002, then ex-wife)",
			[]string{"Evidence:", `    [1] para. 2: "Baldwin and Basinger married in 1993"`,
				`    [1] para. 3: "they divorced in 2002"`, "Sources:", "  [1] S1: The Daily Example, 4 March 2025"}, nil},
		{"wife at 2000", []string{"Kim Basinger", "Alec Baldwin", "--at", "2000"}, 0,
			"Kim Basinger is Alec Baldwin's wife (as of 2000)", nil, nil},
		{"flags before the arguments", []string{"--at", "12 MAR 1990", "Kim Basinger", "Alec Baldwin"}, 0,
			"Kim Basinger is not yet Alec Baldwin's wife (from 19 August 1993) (as of 12 March 1990)", nil, nil},
		{"a range of dates", []string{"Kim Basinger", "Alec Baldwin", "--at", "BET 2001 AND 2003"}, 0,
			"Kim Basinger is Alec Baldwin's wife (or ex-wife: divorce date uncertain) (as of between 2001 and 2003)", nil, nil},
		{"husband by ID", []string{"I1", "I2", "--at", "2000"}, 0, "Alec Baldwin is Kim Basinger's husband (as of 2000)", nil, nil},
		{"half-sister by unique word", []string{"Ireland", "Carmen Gabriela"}, 0, "Ireland Baldwin is Carmen Gabriela Baldwin's half-sister",
			[]string{"both are children of Alec Baldwin; Ireland Baldwin's mother is Kim Basinger, Carmen Gabriela Baldwin's is Hilaria Thomas.",
				`"their daughter Ireland was born in 1995"`}, nil},
		{"step-mother", []string{"Hilaria", "Ireland"}, 0, "Hilaria Thomas is Ireland Baldwin's step-mother (since 30 June 2012)", nil, nil},
		{"not yet step-mother", []string{"Hilaria", "Ireland", "--at", "2000"}, 0,
			"Hilaria Thomas is not yet Ireland Baldwin's step-mother (from 30 June 2012) (as of 2000)", nil, nil},
		{"uncle", []string{"William", "Ireland"}, 0, "William Baldwin is Ireland Baldwin's uncle", nil, nil},
		{"adopted first cousin", []string{"Adam", "Ireland"}, 0, "Adam Baldwin is Ireland Baldwin's adoptive first cousin", nil, nil},
		{"xref", []string{"@I6@", "Ireland"}, 0, "Alexander Baldwin is Ireland Baldwin's grandfather", nil, nil},
		{"not related", []string{"I10", "Ireland"}, 0,
			"John Smith and Ireland Baldwin are not related (no common ancestor, and no link through partnerships at either end)", nil, nil},
		{"ambiguous name", []string{"John Smith", "Ireland"}, 2, "", nil,
			[]string{`"John Smith" names more than one person (2); give an ID:`, "I10        John Smith (1850–1920)", "I11        John Smith (ABT 1880–)"}},
		{"ambiguous word", []string{"Baldwin", "Ireland"}, 2, "", nil, []string{"names more than one person", "Alec Baldwin"}},
		{"unknown name", []string{"Nobody", "Ireland"}, 1, "", nil, []string{`kin relate: "Nobody" names nobody`}},
		{"sounds alike", []string{"Basinjer", "Alec"}, 1, "", nil, []string{"names that sound alike", "I2         Kim Basinger"}},
		{"one person", []string{"Ireland"}, 2, "", nil, []string{"relate needs two people"}},
		{"bad date", []string{"Ireland", "Alec", "--at", "sometime soon-ish 12"}, 2, "", nil, []string{"--at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"relate", "--db", db}, tt.args...)...)
			if code != tt.wantCode {
				t.Fatalf("kin relate %q: exit %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.wantCode, out, errOut)
			}
			first, _, _ := strings.Cut(out, "\n")
			if first != tt.wantFirst {
				t.Errorf("kin relate %q: first line %q, want %q", tt.args, first, tt.wantFirst)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("kin relate %q: stdout\n%s\nwant it to contain %q", tt.args, out, w)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("kin relate %q: stderr\n%s\nwant it to contain %q", tt.args, errOut, w)
				}
			}
		})
	}
}

func TestRelateJSON(t *testing.T) {
	db := relateDB(t)
	out := mustRun(t, "relate", "--db", db, "--json", "Kim Basinger", "Alec Baldwin", "--at", "2000")
	var got struct {
		A, B          struct{ ID, Name string }
		At            string `json:"at"`
		Phrase        string `json:"phrase"`
		Related       bool   `json:"related"`
		Relationships []struct {
			Kind, Term, Status, Since, Until string
			Flags                            []string
			History                          []struct{ Status, Term, From, To, Why string }
			Path                             []struct {
				From, To, Kind, Family, Start, End string
				Citations                          []struct{ Source, Title, Page, Quote string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("kin relate --json: %v\n%s", err, out)
	}
	if got.A.ID != "I2" || got.B.Name != "Alec Baldwin" || got.At != "2000" || !got.Related {
		t.Errorf("a, b, at, related = %+v %+v %q %v, want I2, Alec Baldwin, 2000, true", got.A, got.B, got.At, got.Related)
	}
	if want := "Kim Basinger is Alec Baldwin's wife (as of 2000)"; got.Phrase != want {
		t.Errorf("phrase = %q, want %q", got.Phrase, want)
	}
	if len(got.Relationships) != 1 {
		t.Fatalf("got %d relationships, want 1:\n%s", len(got.Relationships), out)
	}
	r := got.Relationships[0]
	if r.Kind != "partner" || r.Term != "wife" || r.Status != "current" || r.Since != "19 AUG 1993" || r.Until != "2002" {
		t.Errorf("relationship = %s %q %s since %q until %q, want partner \"wife\" current since 19 AUG 1993 until 2002", r.Kind, r.Term, r.Status, r.Since, r.Until)
	}
	if len(r.History) != 2 || r.History[1].Term != "ex-wife" || r.History[1].Why != "divorce" {
		t.Errorf("history = %+v, want wife then ex-wife after the divorce", r.History)
	}
	if len(r.Path) != 1 || r.Path[0].Kind != "partner" || r.Path[0].Family != "F1" || len(r.Path[0].Citations) != 2 {
		t.Fatalf("path = %+v, want one partner link through F1 with two citations", r.Path)
	}
	if c := r.Path[0].Citations[0]; c.Title != "The Daily Example, 4 March 2025" || c.Quote != "Baldwin and Basinger married in 1993" || c.Page != "para. 2" {
		t.Errorf("citation = %+v, want the marriage's with title, page and quote", c)
	}
	if r.Flags == nil {
		t.Errorf("flags = null, want []")
	}
}

func TestLineCommands(t *testing.T) {
	db := relateDB(t)
	tests := []struct {
		name string
		args []string
		want []string // in this order
	}{
		{"ancestors", []string{"ancestors", "Ireland"}, []string{
			"1 Ireland Baldwin (23 OCT 1995–) [I3]",
			"  2 Alec Baldwin (3 APR 1958–) [I1]",
			"  3 Kim Basinger (8 DEC 1953–) [I2]",
			"    4 Alexander Baldwin (26 NOV 1927–15 APR 1983) [I6]",
			"    5 Carol Newcomb (15 DEC 1929–21 JUL 2019) [I7]"}},
		{"ancestors one generation", []string{"ancestors", "Ireland", "--generations", "1"}, []string{"  3 Kim Basinger"}},
		{"descendants", []string{"descendants", "Alexander Baldwin"}, []string{
			"Alexander Baldwin (26 NOV 1927–15 APR 1983) [I6]",
			"  Alec Baldwin (3 APR 1958–) [I1]",
			"    Ireland Baldwin (23 OCT 1995–) [I3]",
			"    Carmen Gabriela Baldwin (17 MAY 2013–) [I5]",
			"  Daniel Baldwin (5 OCT 1960–) [I8]",
			"    Adam Baldwin (1990–) [I12] (adopted)",
			"  William Baldwin (21 FEB 1963–) [I9]"}},
		{"timeline", []string{"timeline", "Alec Baldwin"}, []string{
			"3 APR 1958        birth",
			"19 AUG 1993       marriage with Kim Basinger",
			`"Baldwin and Basinger married in 1993" — The Daily Example, 4 March 2025, para. 2 [S1]`,
			"23 OCT 1995       birth of daughter Ireland Baldwin",
			"2002              divorce with Kim Basinger",
			`"they divorced in 2002" — The Daily Example, 4 March 2025, para. 3 [S1]`,
			"30 JUN 2012       marriage with Hilaria Thomas",
			"17 MAY 2013       birth of daughter Carmen Gabriela Baldwin"}},
		{"family", []string{"family", "Alec Baldwin"}, []string{
			"Parents:", "father             Alexander Baldwin", "mother             Carol Newcomb",
			"Partners:", "ex-wife            Kim Basinger (8 DEC 1953–) [I2], married 19 AUG 1993, divorced 2002",
			"wife               Hilaria Thomas (14 JAN 1984–) [I4], married 30 JUN 2012",
			"Children:", "daughter           Ireland Baldwin (23 OCT 1995–) [I3], with Kim Basinger",
			"daughter           Carmen Gabriela Baldwin (17 MAY 2013–) [I5], with Hilaria Thomas",
			"Siblings:", "brother            Daniel Baldwin", "brother            William Baldwin"}},
		{"family half-siblings", []string{"family", "Ireland"}, []string{
			"Parents:", "father             Alec Baldwin", "mother             Kim Basinger",
			"Half-siblings:", "half-sister        Carmen Gabriela Baldwin (17 MAY 2013–) [I5], through Alec Baldwin"}},
		{"family adopted", []string{"family", "Adam"}, []string{"adoptive father    Daniel Baldwin", "adoptive mother    Jane Doe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRun(t, append(tt.args, "--db", db)...)
			rest := out
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("kin %q: stdout\n%s\nwant %q (after the lines before it)", tt.args, out, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
	// --generations 1 stops at the parents.
	if out := mustRun(t, "ancestors", "Ireland", "--generations", "1", "--db", db); strings.Contains(out, "Alexander") {
		t.Errorf("kin ancestors --generations 1:\n%s\nwant no grandparents", out)
	}
	// JSON forms parse and hold the people.
	for _, args := range [][]string{{"ancestors", "I3"}, {"descendants", "I6"}, {"timeline", "I1"}} {
		out := mustRun(t, append(args, "--json", "--db", db)...)
		var list []map[string]any
		if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) < 3 {
			t.Errorf("kin %q --json = %d entries, %v; want a list of at least 3", args, len(list), err)
		}
	}
	var fam struct {
		Partners     []struct{ ID, Role, Married, Divorced string }
		HalfSiblings []struct{ ID, Role, With string } `json:"half_siblings"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "family", "I1", "--json", "--db", db)), &fam); err != nil {
		t.Fatal(err)
	}
	if len(fam.Partners) != 2 || fam.Partners[0].Role != "ex-wife" || fam.Partners[0].Divorced != "2002" || fam.Partners[1].Role != "wife" {
		t.Errorf("kin family --json partners = %+v, want ex-wife (divorced 2002) and wife", fam.Partners)
	}
}

// TestBaldwinEndToEnd ingests the Baldwin article into an empty database
// and asks the relationship commands about its people.
func TestBaldwinEndToEnd(t *testing.T) {
	shared := sharedDirOrEmpty()
	if shared == "" {
		t.Skip("../shared not found: no articles to ingest")
	}
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "ingest", "--db", db, filepath.Join(shared, "data", "articles", "baldwin-2025-03-04.txt"))
	tests := []struct {
		args []string
		want string // the first line starts with it
	}{
		{[]string{"relate", "Kim Basinger", "Alec Baldwin", "--at", "2000"}, "Kim Basinger is Alec Baldwin's wife"},
		{[]string{"relate", "Kim Basinger", "Alec Baldwin"}, "Kim Basinger is Alec Baldwin's ex-wife (wife 1993–2002, then ex-wife)"},
		{[]string{"relate", "Ireland", "Carmen Gabriela"}, "Ireland is Carmen Gabriela's half-sister"},
		// The article does not say Hilaria's sex; ingest guesses it from her given name.
		{[]string{"relate", "Hilaria", "Ireland"}, "Hilaria is Ireland's step-mother"},
	}
	for _, tt := range tests {
		out := mustRun(t, append(tt.args, "--db", db)...)
		if first, _, _ := strings.Cut(out, "\n"); !strings.HasPrefix(first, tt.want) {
			t.Errorf("kin %q: first line %q, want it to start with %q", tt.args, first, tt.want)
		}
	}
	out := mustRun(t, "timeline", "Alec Baldwin", "--db", db)
	for _, want := range []string{
		"1993              marriage with Kim Basinger",
		`"Alec Baldwin and Kim Basinger were married for nearly a decade, from 1993 to 2002."`,
		"1994              co-star: The Getaway (Kim Basinger)",
		"2002              divorce with Kim Basinger",
		"2012              marriage with Hilaria",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kin timeline \"Alec Baldwin\":\n%s\nwant it to contain %q", out, want)
		}
	}
}

// TestFamilyLinks checks that the store's FamilyLinks, asked about several
// people at once, gives the partners and children (with lineage) of the
// families ChildFamilies and PartnerFamilies give one by one.
func TestFamilyLinks(t *testing.T) {
	db := relateDB(t)
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	tree := s.Tree("")
	var _ relate.LinkGraph = tree
	ids := []kin.ID{"I1", "I3", "I8", "I12", "I10"}
	got, err := tree.FamilyLinks(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	want := map[kin.ID]*kin.Family{}
	for _, id := range ids {
		cf, err := tree.ChildFamilies(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := tree.PartnerFamilies(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range append(cf, pf...) {
			sk := &kin.Family{ID: f.ID, Partners: f.Partners}
			for _, c := range f.Children {
				sk.Children = append(sk.Children, kin.ChildLink{Child: c.Child, Lineage: c.Lineage})
			}
			want[f.ID] = sk
		}
	}
	if len(got) != len(want) {
		t.Fatalf("FamilyLinks(%v) = %d families, want %d", ids, len(got), len(want))
	}
	for _, f := range got {
		if !reflect.DeepEqual(f, want[f.ID]) {
			t.Errorf("FamilyLinks family %s = %+v, want %+v", f.ID, f, want[f.ID])
		}
	}
}

// TestStoreClosedReads checks that the store's reads, which run through
// statements prepared once, report an error after Close, not a panic, and
// that they agree with themselves before it.
func TestStoreClosedReads(t *testing.T) {
	s, err := sqlite.Open(relateDB(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tree := s.Tree("")
	p1, err := tree.Person(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	p2, err := tree.Person(ctx, "I1")
	if err != nil || !reflect.DeepEqual(p1, p2) {
		t.Fatalf("Person(I1) twice: %+v, %v; want %+v", p2, err, p1)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := tree.Person(ctx, "I1"); err == nil {
		t.Error("Person(I1) after Close: no error")
	}
	if _, err := tree.PeopleBrief(ctx, []kin.ID{"I1"}); err == nil {
		t.Error("PeopleBrief(I1) after Close: no error")
	}
	if _, err := tree.FamilyLinks(ctx, []kin.ID{"I1"}); err == nil {
		t.Error("FamilyLinks(I1) after Close: no error")
	}
}
