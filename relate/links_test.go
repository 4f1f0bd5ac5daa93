package relate

import (
	"context"
	"slices"
	"testing"

	"kin"
)

// linkGraph is a plain Graph that offers FamilyLinks, as the stores do,
// and counts the calls.
type linkGraph struct {
	plainGraph
	calls, people int
}

func (g *linkGraph) FamilyLinks(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	g.calls++
	g.people += len(ids)
	var out []*kin.Family
	for _, id := range ids {
		cf, _ := g.g.ChildFamilies(ctx, id)
		pf, _ := g.g.PartnerFamilies(ctx, id)
		for _, f := range append(cf, pf...) {
			if !slices.Contains(out, f) {
				// only partners and children, as the stores give them
				sk := &kin.Family{ID: f.ID, Partners: f.Partners}
				for _, c := range f.Children {
					link := kin.ChildLink{Child: c.Child, Lineage: c.Lineage}
					link.SetPartnerLineage(c.PartnerLineage())
					sk.Children = append(sk.Children, link)
				}
				out = append(out, sk)
			}
		}
	}
	slices.SortFunc(out, func(a, b *kin.Family) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	return out, nil
}

// TestLinkGraphAgrees runs pairs through a Graph with FamilyLinks (loaded a
// generation at a time) and expects the index's answers, explanations
// included, and ancestors and descendants in the same order.
func TestLinkGraphAgrees(t *testing.T) {
	tg := fixtureGraphs(t)["smith"]
	lg := &linkGraph{plainGraph: plainGraph{tg}}
	ctx := context.Background()
	ids := []kin.ID{"george", "dan", "liam", "pia", "alan", "zoe", "eve", "mary", "ted", "olga", "gina", "kim", "evan", "mia", "bob", "anne", "wes", "fay"}
	for _, a := range ids {
		for _, b := range ids {
			r1, err1 := Find(ctx, tg, a, b, Options{Now: fixedNow, All: true})
			r2, err2 := Find(ctx, lg, a, b, Options{Now: fixedNow, All: true})
			if err1 != nil || err2 != nil {
				t.Fatalf("Find(%s, %s): %v, %v", a, b, err1, err2)
			}
			if p1, p2 := r1.Explain(), r2.Explain(); p1 != p2 {
				t.Errorf("Find(%s, %s): link graph says\n%s\nindex says\n%s", a, b, p2, p1)
			}
		}
		an1, _ := Ancestors(ctx, tg, a, 0)
		an2, err := Ancestors(ctx, lg, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(an1, an2) {
			t.Errorf("Ancestors(%s): link graph gives %v, index %v", a, an2, an1)
		}
		de1, _ := Descendants(ctx, tg, a, 0)
		de2, err := Descendants(ctx, lg, a, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(de1, de2) {
			t.Errorf("Descendants(%s): link graph gives %v, index %v", a, de2, de1)
		}
	}
	// One call per generation, not one per person.
	lg.calls, lg.people = 0, 0
	if _, err := Ancestors(ctx, lg, "liam", 0); err != nil {
		t.Fatal(err)
	}
	if lg.calls > 5 || lg.people < 8 {
		t.Errorf("Ancestors(liam) made %d FamilyLinks calls for %d people, want at most 5 (one per generation)", lg.calls, lg.people)
	}
}

// TestPartnerLineage checks a child whose lineage differs per parent
// (Gramps _FREL/_MREL): adopted by the mother only, born to the father.
func TestPartnerLineage(t *testing.T) {
	tree := &kin.Tree{
		People: []*kin.Person{
			{ID: "dad", Sex: kin.SexMale, Names: []kin.Name{{Given: "Dad", Surname: "Roe"}}},
			{ID: "mum", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Mum", Surname: "Roe"}}},
			{ID: "kid", Sex: kin.SexMale, Names: []kin.Name{{Given: "Kid", Surname: "Roe"}}},
			{ID: "sis", Sex: kin.SexFemale, Names: []kin.Name{{Given: "Sis", Surname: "Roe"}}},
		},
		Families: []*kin.Family{{ID: "f1", Partners: []kin.ID{"dad", "mum"}, Children: []kin.ChildLink{
			{Child: "kid", Lineage: kin.LineageBirth},
			{Child: "sis"},
		}}},
	}
	tree.Families[0].Children[0].SetPartnerLineage([]kin.Lineage{kin.LineageBirth, kin.LineageAdopted})
	tg := NewTreeGraph(tree)
	graphs := map[string]Graph{"index": tg, "lazy": plainGraph{tg}, "links": &linkGraph{plainGraph: plainGraph{tg}}}
	tests := []struct{ a, b, want string }{
		{"kid", "dad", "Kid Roe is Dad Roe's son"},
		{"kid", "mum", "Kid Roe is Mum Roe's adopted son"},
		{"mum", "kid", "Mum Roe is Kid Roe's adoptive mother"},
		{"dad", "kid", "Dad Roe is Kid Roe's father"},
		{"kid", "sis", "Kid Roe is Sis Roe's half-brother"}, // by birth they share only the father
	}
	for name, g := range graphs {
		for _, tt := range tests {
			r, err := Find(context.Background(), g, kin.ID(tt.a), kin.ID(tt.b), Options{Now: fixedNow})
			if err != nil {
				t.Fatalf("%s: Find(%s, %s): %v", name, tt.a, tt.b, err)
			}
			if got := r.Phrase(); got != tt.want {
				t.Errorf("%s: Find(%s, %s).Phrase() = %q, want %q", name, tt.a, tt.b, got, tt.want)
			}
		}
	}
	if got := tree.Families[0].ChildLineage("kid", "mum"); got != kin.LineageAdopted {
		t.Errorf("ChildLineage(kid, mum) = %q, want %q", got, kin.LineageAdopted)
	}
	if got := tree.Families[0].ChildLineage("kid", "dad"); got != kin.LineageBirth {
		t.Errorf("ChildLineage(kid, dad) = %q, want %q", got, kin.LineageBirth)
	}
}

// indexedLinks is a LinkGraph with an Index built from it by BuildIndex,
// as a long-running server over a store would hold.
type indexedLinks struct {
	*linkGraph
	ix *Index
}

func (g indexedLinks) Index() *Index { return g.ix }

// TestBuildIndexFromLinks builds an Index with FamilyLinks and expects the
// same answers as the tree's own Index.
func TestBuildIndexFromLinks(t *testing.T) {
	tg := fixtureGraphs(t)["smith"]
	lg := &linkGraph{plainGraph: plainGraph{tg}}
	ctx := context.Background()
	var ids []kin.ID
	for _, p := range tg.Tree().People {
		ids = append(ids, p.ID)
	}
	ix, err := BuildIndex(ctx, lg, ids)
	if err != nil {
		t.Fatal(err)
	}
	if lg.calls != 1 || ix.Len() != len(ids) {
		t.Errorf("BuildIndex made %d FamilyLinks calls for %d people (index of %d), want 1", lg.calls, len(ids), ix.Len())
	}
	g := indexedLinks{lg, ix}
	for _, a := range ids {
		for _, b := range ids[:12] {
			r1, err1 := Find(ctx, tg, a, b, Options{Now: fixedNow})
			r2, err2 := Find(ctx, g, a, b, Options{Now: fixedNow})
			if err1 != nil || err2 != nil {
				t.Fatalf("Find(%s, %s): %v, %v", a, b, err1, err2)
			}
			if p1, p2 := r1.Explain(), r2.Explain(); p1 != p2 {
				t.Errorf("Find(%s, %s): built index says\n%s\ntree index says\n%s", a, b, p2, p1)
			}
		}
	}
}
