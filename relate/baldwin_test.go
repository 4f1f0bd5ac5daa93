package relate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/date"
)

// sharedDir returns ../shared next to the module root, or skips the test.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("../shared not found: no go.mod above the test")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		tb.Skipf("../shared not found: %v", err)
	}
	return shared
}

// goldArticle is the part of an article's gold JSON the tests read.
type goldArticle struct {
	DocumentDate string `json:"document_date"`
	Persons      []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Sex  string `json:"sex"`
	} `json:"persons"`
	Relations []struct {
		Type      string  `json:"type"`
		A         string  `json:"a"`
		B         string  `json:"b"`
		Parent    string  `json:"parent"`
		Child     string  `json:"child"`
		Start     *string `json:"start"`
		End       *string `json:"end"`
		EndReason *string `json:"end_reason"`
		Label     string  `json:"label"`
		Year      *string `json:"year"`
	} `json:"relations"`
	Derived []struct {
		Answer string   `json:"answer"`
		A      string   `json:"a"`
		B      string   `json:"b"`
		Accept []string `json:"accept"`
	} `json:"derived"`
}

func yearDate(tb testing.TB, s *string) date.Date {
	tb.Helper()
	if s == nil || *s == "" {
		return date.Date{}
	}
	y, err := strconv.Atoi(*s)
	if err != nil {
		tb.Fatalf("year %q: %v", *s, err)
	}
	return date.Year(y)
}

// goldTree builds a kin.Tree from an article's gold persons and relations:
// spouses become families with MARR and DIV, children join the family of
// their two parents, "other" relations become associations.
func goldTree(tb testing.TB, g *goldArticle) *kin.Tree {
	tb.Helper()
	t := &kin.Tree{}
	for _, p := range g.Persons {
		n := kin.Name{Given: p.Name}
		if i := strings.LastIndexByte(p.Name, ' '); i > 0 && strings.Count(p.Name, " ") == 1 {
			n = kin.Name{Given: p.Name[:i], Surname: p.Name[i+1:]}
		}
		t.People = append(t.People, &kin.Person{ID: kin.ID(p.ID), Sex: kin.Sex(p.Sex), Names: []kin.Name{n}})
	}
	cite := []kin.Citation{{Source: "baldwin-2025-03-04", Confidence: kin.ConfidenceHigh, ConfidenceKnown: true}}
	famOf := map[[2]kin.ID]*kin.Family{}
	newFam := func(a, b kin.ID) *kin.Family {
		f := &kin.Family{ID: kin.ID("F" + strconv.Itoa(len(t.Families)+1)), Partners: []kin.ID{a, b}, Citations: cite}
		t.Families = append(t.Families, f)
		famOf[[2]kin.ID{a, b}], famOf[[2]kin.ID{b, a}] = f, f
		return f
	}
	parents := map[kin.ID][]kin.ID{}
	var children []kin.ID
	for _, r := range g.Relations {
		switch r.Type {
		case "spouse":
			f := newFam(kin.ID(r.A), kin.ID(r.B))
			f.Events = append(f.Events, kin.Event{Type: kin.EventMarriage, Date: yearDate(tb, r.Start), Citations: cite})
			if r.End != nil {
				typ := kin.EventDivorce
				if r.EndReason == nil || *r.EndReason != "divorce" {
					continue
				}
				f.Events = append(f.Events, kin.Event{Type: typ, Date: yearDate(tb, r.End), Citations: cite})
			}
		case "parent":
			c := kin.ID(r.Child)
			if parents[c] == nil {
				children = append(children, c)
			}
			parents[c] = append(parents[c], kin.ID(r.Parent))
		case "other":
			rel, detail := "associate", r.Label
			if d, ok := strings.CutPrefix(r.Label, "co-starred in "); ok {
				rel, detail = "co-star", d
			}
			t.Associations = append(t.Associations, &kin.Association{ID: kin.ID("A" + strconv.Itoa(len(t.Associations)+1)),
				Person: kin.ID(r.A), Other: kin.ID(r.B), Relation: rel, Detail: detail, Date: yearDate(tb, r.Year), Citations: cite})
		}
	}
	for _, c := range children {
		ps := parents[c]
		var f *kin.Family
		if len(ps) == 2 {
			if f = famOf[[2]kin.ID{ps[0], ps[1]}]; f == nil {
				f = newFam(ps[0], ps[1])
			}
		} else {
			f = &kin.Family{ID: kin.ID("F" + strconv.Itoa(len(t.Families)+1)), Partners: ps}
			t.Families = append(t.Families, f)
		}
		link := kin.ChildLink{Child: c, Lineage: kin.LineageBirth}
		link.SetCitations(cite)
		f.Children = append(f.Children, link)
	}
	return t
}

func loadGold(tb testing.TB, name string) *goldArticle {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(sharedDir(tb), "data", "articles", name))
	if err != nil {
		tb.Fatal(err)
	}
	var g goldArticle
	if err := json.Unmarshal(data, &g); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return &g
}

func TestBaldwin(t *testing.T) {
	gold := loadGold(t, "baldwin-2025-03-04.gold.json")
	g := NewTreeGraph(goldTree(t, gold))
	ctx := context.Background()
	find := func(a, b string, at date.Date) *Result {
		t.Helper()
		r, err := Find(ctx, g, kin.ID(a), kin.ID(b), Options{At: at, Now: fixedNow})
		if err != nil {
			t.Fatalf("Find(%s, %s): %v", a, b, err)
		}
		return r
	}
	// term returns the term of the first relationship of kind k, "" if none.
	term := func(r *Result, k Kind) string {
		for i := range r.Relationships {
			if r.Relationships[i].Kind == k {
				return English{}.Term(&r.Relationships[i])
			}
		}
		return ""
	}
	tests := []struct {
		name string
		a, b string
		at   date.Date
		kind Kind
		want string
	}{
		{"Kim is Alec's wife in 2000", "p2", "p1", date.Year(2000), KindPartner, "wife"},
		{"Kim is Alec's ex-wife in 2025", "p2", "p1", date.Year(2025), KindPartner, "ex-wife"},
		{"Kim is Alec's ex-wife today", "p2", "p1", date.Date{}, KindPartner, "ex-wife"},
		{"Alec is Kim's ex-husband in 2025", "p1", "p2", date.Year(2025), KindPartner, "ex-husband"},
		{"Hilaria is Alec's wife in 2025", "p4", "p1", date.Year(2025), KindPartner, "wife"},
		{"Hilaria is Ireland's step-mother in 2013", "p4", "p3", date.Year(2013), KindStep, "step-mother"},
		{"Hilaria is Ireland's step-mother in 2025", "p4", "p3", date.Year(2025), KindStep, "step-mother"},
		{"Hilaria is not Ireland's step-mother in 2010", "p4", "p3", date.Year(2010), KindStep, ""},
		{"Ireland is Hilaria's step-daughter in 2025", "p3", "p4", date.Year(2025), KindStep, "step-daughter"},
		{"Carmen Gabriela and Rafael Thomas are full siblings", "p5", "p8", date.Date{}, KindBlood, "sister"},
		{"Rafael Thomas and Carmen Gabriela are full siblings", "p8", "p5", date.Date{}, KindBlood, "brother"},
		{"Kim is Alec's co-star", "p2", "p1", date.Date{}, KindAssociation, "co-star"},
		{"Alec is Kim's co-star", "p1", "p2", date.Date{}, KindAssociation, "co-star"},
		{"Kim is Ireland's mother", "p2", "p3", date.Date{}, KindBlood, "mother"},
		{"Kim and Carmen Gabriela are not related", "p2", "p5", date.Date{}, KindBlood, ""},
	}
	for _, k := range []string{"p5", "p6", "p7", "p8", "p9", "p10", "p11"} {
		tests = append(tests, struct {
			name string
			a, b string
			at   date.Date
			kind Kind
			want string
		}{"Ireland is " + k + "'s half-sister", "p3", k, date.Date{}, KindBlood, "half-sister"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := find(tt.a, tt.b, tt.at)
			if got := term(r, tt.kind); got != tt.want {
				t.Errorf("Find(%s, %s) %s term = %q, want %q (phrase %q)", tt.a, tt.b, tt.kind, got, tt.want, r.Phrase())
			}
		})
	}
	t.Run("step-mother from 2012", func(t *testing.T) {
		r := find("p4", "p3", date.Date{})
		for _, rel := range r.Relationships {
			if rel.Kind != KindStep {
				continue
			}
			if len(rel.History) == 0 || rel.History[0].From.Start.Year != 2012 {
				t.Errorf("step-mother history = %+v, want it to start in 2012", rel.History)
			}
			return
		}
		t.Errorf("no step relationship: %q", r.Phrase())
	})
	t.Run("phrase", func(t *testing.T) {
		want := "Kim Basinger is Alec Baldwin's ex-wife (wife 1993–2002, then ex-wife), co-star and associate"
		if got := find("p2", "p1", date.Date{}).Phrase(); got != want {
			t.Errorf("Phrase() = %q, want %q", got, want)
		}
		want = "Ireland is Carmen Gabriela's half-sister: both are children of Alec Baldwin; Ireland's mother is Kim Basinger, Carmen Gabriela's is Hilaria."
		if got := find("p3", "p5", date.Date{}).Explain(); !strings.Contains(got, want) {
			t.Errorf("Explain() = %q, want it to contain %q", got, want)
		}
	})
	t.Run("derived", func(t *testing.T) {
		at := date.FromTime(must(t, gold.DocumentDate))
		for _, d := range gold.Derived {
			r := find(d.A, d.B, at)
			accept := append([]string{d.Answer}, d.Accept...)
			ok := false
			for i := range r.Relationships {
				got := English{}.Term(&r.Relationships[i])
				for _, a := range accept {
					if got == a {
						ok = true
					}
				}
			}
			if !ok {
				t.Errorf("Find(%s, %s) = %q, want %q", d.A, d.B, r.Phrase(), d.Answer)
			}
		}
	})
}

// must parses an ISO date.
func must(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// TestBaldwinExplain checks that every answer on the Baldwin gold fixture
// (what kin relate prints: English.Explain) comes with a sentence per
// relationship that names the people in between: the common parent of
// half-siblings and both mothers, the father through whom Hilaria is a
// step-mother.
func TestBaldwinExplain(t *testing.T) {
	gold := loadGold(t, "baldwin-2025-03-04.gold.json")
	g := NewTreeGraph(goldTree(t, gold))
	ctx := context.Background()
	at := date.FromTime(must(t, gold.DocumentDate))
	var pairs [][2]string
	for _, d := range gold.Derived {
		pairs = append(pairs, [2]string{d.A, d.B}, [2]string{d.B, d.A})
	}
	for _, p := range gold.Persons {
		pairs = append(pairs, [2]string{"p3", p.ID}, [2]string{p.ID, "p1"})
	}
	for _, p := range pairs {
		r, err := Find(ctx, g, kin.ID(p[0]), kin.ID(p[1]), Options{At: at, Now: fixedNow})
		if err != nil {
			t.Fatalf("Find(%s, %s): %v", p[0], p[1], err)
		}
		out := r.Explain()
		lines := strings.Split(out, "\n")
		for i := range r.Relationships {
			rel := &r.Relationships[i]
			if rel.Kind == KindSelf || rel.Kind == KindAssociation {
				continue
			}
			s := English{}.sentence(r, rel)
			if !slices.Contains(lines, s) {
				t.Errorf("Find(%s, %s).Explain() = %q, want the line %q", p[0], p[1], out, s)
			}
			for _, l := range rel.Path {
				for _, id := range []kin.ID{l.From, l.To} {
					if id == r.A.ID || id == r.B.ID {
						continue
					}
					if name := r.Names[id]; !strings.Contains(s, name) {
						t.Errorf("Find(%s, %s): sentence %q does not name %s, who is on the path", p[0], p[1], s, name)
					}
				}
			}
		}
	}
	tests := []struct{ a, b, want string }{
		{"p3", "p5", "Ireland is Carmen Gabriela's half-sister: both are children of Alec Baldwin; Ireland's mother is Kim Basinger, Carmen Gabriela's is Hilaria."},
		{"p5", "p3", "Carmen Gabriela is Ireland's half-sister: both are children of Alec Baldwin; Carmen Gabriela's mother is Hilaria, Ireland's is Kim Basinger."},
		{"p4", "p3", "Hilaria is Ireland's step-mother: Hilaria's husband (from 2012) is Alec Baldwin; Alec Baldwin's daughter is Ireland."},
	}
	for _, tt := range tests {
		r, err := Find(ctx, g, kin.ID(tt.a), kin.ID(tt.b), Options{At: at, Now: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Explain(); !strings.Contains(got, tt.want) {
			t.Errorf("Find(%s, %s).Explain() = %q, want it to contain %q", tt.a, tt.b, got, tt.want)
		}
	}
}
