package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin"
	"kin/date"
)

// TestTree converts a small article to kin records and checks the
// families, events, child links, associations and citations.
func TestTree(t *testing.T) {
	text := "Alec Baldwin regrets how his divorce with former partner Kim Basinger affected their daughter, Ireland. " +
		"Alec Baldwin and Kim Basinger were married from 1993 to 2002. " +
		"Alec is now married to Hilaria. They got married in 2012, and the pair share a daughter, Carmen Gabriela. " +
		"Kim Basinger and Alec Baldwin co-starred in 1994's The Getaway. " +
		"Tiana has a daughter, Amaya, from a previous relationship. Amaya's brother, Jalen, plays basketball."
	x := extractText(t, "2025-03-04", text)
	x.Article.Title = "Alec Baldwin regrets divorce"
	x.Article.URL = "https://example.com/baldwin"
	tr := x.Tree("src1")

	if len(tr.Sources) != 1 {
		t.Fatalf("got %d sources, want 1", len(tr.Sources))
	}
	src := tr.Sources[0]
	if src.ID != "src1" || src.Type != kin.SourceNewsArticle || src.Text != text || src.URL != "https://example.com/baldwin" || src.Title != "Alec Baldwin regrets divorce" {
		t.Errorf("source = %+v, want the article as a news-article source", src)
	}
	if src.Date != (date.Date{Start: date.Day{Year: 2025, Month: 3, Day: 4}}) {
		t.Errorf("source date = %+v, want 4 Mar 2025", src.Date)
	}

	ix := kin.NewIndex(tr)
	byName := map[string]*kin.Person{}
	for _, p := range tr.People {
		byName[p.Name().Full()] = p
	}
	person := func(name string) *kin.Person {
		t.Helper()
		p := byName[name]
		if p == nil {
			t.Fatalf("no person %q among %v", name, keys(byName))
		}
		return p
	}
	alec, kim, hilaria := person("Alec Baldwin"), person("Kim Basinger"), person("Hilaria")
	ireland, carmen := person("Ireland"), person("Carmen Gabriela")
	family := func(a, b *kin.Person) *kin.Family {
		t.Helper()
		for _, f := range ix.PartnerFamilies(a.ID) {
			if f.HasPartner(b.ID) {
				return f
			}
		}
		t.Fatalf("no family of %s and %s", a.Name().Full(), b.Name().Full())
		return nil
	}
	event := func(f *kin.Family, typ kin.EventType) *kin.Event {
		for i := range f.Events {
			if f.Events[i].Type == typ {
				return &f.Events[i]
			}
		}
		return nil
	}

	fk := family(alec, kim)
	if e := event(fk, kin.EventMarriage); e == nil || e.Date.Start.Year != 1993 {
		t.Errorf("Alec and Kim MARR = %+v, want 1993", e)
	}
	if e := event(fk, kin.EventDivorce); e == nil || e.Date.Start.Year != 2002 {
		t.Errorf("Alec and Kim DIV = %+v, want 2002", e)
	}
	if _, ok := fk.Child(ireland.ID); !ok {
		t.Errorf("Ireland is not a child of Alec and Kim's family")
	}
	fh := family(alec, hilaria)
	if e := event(fh, kin.EventMarriage); e == nil || e.Date.Start.Year != 2012 {
		t.Errorf("Alec and Hilaria MARR = %+v, want 2012", e)
	}
	if event(fh, kin.EventDivorce) != nil {
		t.Errorf("Alec and Hilaria have a DIV event")
	}
	if c, ok := fh.Child(carmen.ID); !ok || c.Lineage != kin.LineageBirth {
		t.Errorf("Carmen Gabriela in Alec and Hilaria's family = %+v, %v; want a birth child", c, ok)
	}

	// a half-sibling's family with one known parent
	tiana, amaya := person("Tiana"), person("Amaya")
	var single *kin.Family
	for _, f := range ix.ChildFamilies(amaya.ID) {
		if len(f.Partners) == 1 && f.Partners[0] == tiana.ID {
			single = f
		}
	}
	if single == nil {
		t.Errorf("Amaya is not in a one-parent family of Tiana")
	}
	// siblings with no named parent share a family without partners
	jalen := person("Jalen")
	shared := false
	for _, f := range ix.ChildFamilies(jalen.ID) {
		if _, ok := f.Child(amaya.ID); ok && len(f.Partners) == 0 {
			shared = true
		}
	}
	if !shared {
		t.Errorf("Amaya and Jalen do not share a family without partners")
	}

	var costar *kin.Association
	for _, a := range tr.Associations {
		if a.Relation == "co-star" && a.Detail == "The Getaway" {
			costar = a
		}
	}
	if costar == nil || costar.Date.Start.Year != 1994 {
		t.Fatalf("co-star association = %+v, want The Getaway 1994", costar)
	}

	// every citation quotes the article at its span
	check := func(what string, cs []kin.Citation) {
		t.Helper()
		if len(cs) == 0 {
			t.Errorf("%s has no citation", what)
		}
		for _, c := range cs {
			if c.Source != "src1" || c.Span == nil || text[c.Span.Start:c.Span.End] != c.Quote || !c.ConfidenceKnown {
				t.Errorf("%s citation %+v does not quote the article at its span", what, c)
			}
		}
	}
	for _, p := range tr.People {
		check(p.Name().Full(), p.Citations)
	}
	for _, f := range tr.Families {
		check("family "+string(f.ID), f.Citations)
		for _, e := range f.Events {
			check("event "+string(e.Type), e.Citations)
		}
		for _, c := range f.Children {
			check("child link "+string(c.Child), c.Citations())
		}
	}
	check("co-star", costar.Citations)
	if q := fk.Events[0].Citations[0].Quote; !strings.Contains(q, "1993") {
		t.Errorf("marriage cites %q, want the sentence with 1993", q)
	}
}

// TestTreeBaldwin checks the end-to-end goal on the shared Baldwin article:
// both marriages with dates and divorce, all eight children with both
// parents, the co-starring films, each cited.
func TestTreeBaldwin(t *testing.T) {
	shared := sharedDir(t)
	f, err := os.Open(filepath.Join(shared, "data", "articles", "baldwin-2025-03-04.txt"))
	if err != nil {
		t.Skipf("../shared not found: %v", err)
	}
	defer f.Close()
	a, err := ParseArticle("baldwin-2025-03-04.txt", f, "")
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewExtractor().Extract(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	tr := x.Tree("baldwin")
	ix := kin.NewIndex(tr)
	var alec *kin.Person
	for _, p := range tr.People {
		if p.Name().Full() == "Alec Baldwin" {
			alec = p
		}
	}
	if alec == nil {
		t.Fatal("no Alec Baldwin")
	}
	kids := 0
	var marriages []string
	for _, fam := range ix.PartnerFamilies(alec.ID) {
		other := ix.Person(fam.OtherPartner(alec.ID))
		for _, e := range fam.Events {
			marriages = append(marriages, other.Name().Full()+" "+string(e.Type)+" "+yearString(e.Date))
		}
		if len(fam.Partners) == 2 {
			kids += len(fam.Children)
		}
	}
	want := []string{"Kim Basinger MARR 1993", "Kim Basinger DIV 2002", "Hilaria MARR 2012"}
	for _, w := range want {
		found := false
		for _, m := range marriages {
			found = found || m == w
		}
		if !found {
			t.Errorf("missing %q in %q", w, marriages)
		}
	}
	if kids != 8 {
		t.Errorf("Alec has %d children in two-parent families, want 8", kids)
	}
	films := 0
	for _, as := range tr.Associations {
		if as.Relation == "co-star" {
			films++
		}
	}
	if films != 2 {
		t.Errorf("got %d co-star associations, want 2", films)
	}
}

func keys(m map[string]*kin.Person) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestParagraph(t *testing.T) {
	text := "First line.\nStill first.\n\nSecond para.\n\n\nThird."
	starts := paragraphs(text)
	tests := []struct {
		at   int
		want string
	}{
		{0, "paragraph 1"},
		{12, "paragraph 1"},
		{strings.Index(text, "Second"), "paragraph 2"},
		{strings.Index(text, "para."), "paragraph 2"},
		{strings.Index(text, "Third") - 1, "paragraph 2"},
		{strings.Index(text, "Third"), "paragraph 3"},
	}
	for _, tt := range tests {
		if got := paragraph(starts, tt.at); got != tt.want {
			t.Errorf("paragraph at %d = %q, want %q", tt.at, got, tt.want)
		}
	}
	if got := paragraphs("\n\nOnly one."); len(got) != 0 {
		t.Errorf("paragraphs of leading blank lines = %v, want none", got)
	}
}
