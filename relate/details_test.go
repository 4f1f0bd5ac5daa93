package relate

import (
	"context"
	"reflect"
	"sync"
	"testing"

	"kin"
)

// detailGraph is a TreeGraph (with its Index) that also loads people and
// families in batches, as the stores do, and counts the calls of each
// kind (under mu: Find makes the batch calls at the same time). With drop set, Families returns each family without its children
// and partners, as an Index older than the graph might find them.
type detailGraph struct {
	*TreeGraph
	drop                     bool
	mu                       sync.Mutex
	person, families, batchP int
	batchF                   int
}

func (g *detailGraph) count(n *int) {
	g.mu.Lock()
	*n++
	g.mu.Unlock()
}

func (g *detailGraph) Person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	g.count(&g.person)
	return g.TreeGraph.Person(ctx, id)
}

func (g *detailGraph) ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	g.count(&g.families)
	return g.TreeGraph.ChildFamilies(ctx, id)
}

func (g *detailGraph) PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	g.count(&g.families)
	return g.TreeGraph.PartnerFamilies(ctx, id)
}

func (g *detailGraph) People(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	g.count(&g.batchP)
	var out []*kin.Person
	for _, id := range ids {
		if p, err := g.TreeGraph.Person(ctx, id); err == nil {
			out = append(out, p)
		}
	}
	return out, nil
}

// PeopleBrief gives each person with only their names, sex, birth and
// death, as the interface allows: Find must read nothing else of them.
func (g *detailGraph) PeopleBrief(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	g.count(&g.batchP)
	var out []*kin.Person
	for _, id := range ids {
		p, err := g.TreeGraph.Person(ctx, id)
		if err != nil {
			continue
		}
		b := &kin.Person{ID: p.ID, Xref: p.Xref, Names: p.Names, Sex: p.Sex}
		b.SetSexCitations(p.SexCitations())
		for _, e := range p.Events {
			if e.Type == kin.EventBirth || e.Type == kin.EventDeath {
				b.Events = append(b.Events, e)
			}
		}
		out = append(out, b)
	}
	return out, nil
}

func (g *detailGraph) Families(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	g.count(&g.batchF)
	want := make(map[kin.ID]bool)
	for _, id := range ids {
		want[id] = true
	}
	var out []*kin.Family
	for _, f := range g.tree.Families {
		if !want[f.ID] {
			continue
		}
		if g.drop {
			f = &kin.Family{ID: f.ID, Events: f.Events}
		}
		out = append(out, f)
	}
	return out, nil
}

// fullGraph is a detailGraph without PeopleBrief: a DetailGraph that is
// not a BriefGraph, so Find asks People.
type fullGraph struct{ *detailGraph }

func (fullGraph) PeopleBrief() {} // hides detailGraph's, with another signature

var (
	_ BriefGraph  = (*detailGraph)(nil)
	_ DetailGraph = fullGraph{}
)

// TestDetailGraphAgrees expects Find over a DetailGraph to give exactly
// the results it gives over the same graph without batches, and to read
// the paths' people and families in at most one People (or PeopleBrief)
// and one Families call: only A and B one at a time.
func TestDetailGraphAgrees(t *testing.T) {
	ctx := context.Background()
	ids := map[string][]kin.ID{
		"smith":  {"george", "dan", "liam", "pia", "alan", "zoe", "eve", "mary", "ted", "olga", "gina", "kim", "evan", "mia", "bob", "anne", "wes", "fay"},
		"double": nil,
	}
	for name, tg := range fixtureGraphs(t) {
		people := ids[name]
		if people == nil {
			for _, p := range tg.Tree().People {
				people = append(people, p.ID)
			}
		}
		for _, all := range []bool{false, true} {
			for _, a := range people {
				for _, b := range people {
					opt := Options{Now: fixedNow, All: all}
					want, err := Find(ctx, tg, a, b, opt)
					if err != nil {
						t.Fatalf("%s: Find(%s, %s): %v", name, a, b, err)
					}
					for _, brief := range []bool{true, false} {
						dg := &detailGraph{TreeGraph: tg}
						var g Graph = dg
						if !brief {
							g = fullGraph{dg}
						}
						got, err := Find(ctx, g, a, b, opt)
						if err != nil {
							t.Fatalf("%s: Find(%s, %s) with batches: %v", name, a, b, err)
						}
						if !reflect.DeepEqual(got, want) {
							t.Errorf("%s: Find(%s, %s, All %v, brief %v) with batches differs:\n%s\nwithout:\n%s", name, a, b, all, brief, got.Explain(), want.Explain())
						}
						if dg.person > 2 || dg.families > 0 || dg.batchP > 1 || dg.batchF > 1 {
							t.Errorf("%s: Find(%s, %s, All %v, brief %v): %d Person, %d family, %d People and %d Families calls; want at most 2, 0, 1 and 1",
								name, a, b, all, brief, dg.person, dg.families, dg.batchP, dg.batchF)
						}
					}
					// Families that do not hold the people reached through
					// them are not trusted: the per-link calls read them.
					stale := &detailGraph{TreeGraph: tg, drop: true}
					got, err := Find(ctx, stale, a, b, opt)
					if err != nil {
						t.Fatalf("%s: Find(%s, %s) with stale batches: %v", name, a, b, err)
					}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("%s: Find(%s, %s, All %v) with stale batches differs:\n%s\nwithout:\n%s", name, a, b, all, got.Explain(), want.Explain())
					}
				}
			}
		}
	}
}

// TestDetailGraphBaldwin checks the same on the Baldwin article's tree,
// whose families carry marriages, divorces and citations.
func TestDetailGraphBaldwin(t *testing.T) {
	tg := NewTreeGraph(goldTree(t, loadGold(t, "baldwin-2025-03-04.gold.json")))
	ctx := context.Background()
	var people []kin.ID
	for _, p := range tg.Tree().People {
		people = append(people, p.ID)
	}
	for _, a := range people {
		for _, b := range people {
			opt := Options{Now: fixedNow, All: true}
			want, err := Find(ctx, tg, a, b, opt)
			if err != nil {
				t.Fatalf("Find(%s, %s): %v", a, b, err)
			}
			got, err := Find(ctx, &detailGraph{TreeGraph: tg}, a, b, opt)
			if err != nil {
				t.Fatalf("Find(%s, %s) with batches: %v", a, b, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Find(%s, %s) with batches differs:\n%s\nwithout:\n%s", a, b, got.Explain(), want.Explain())
			}
		}
	}
}

// TestDetailGraphAncestors expects Ancestors over a DetailGraph to number
// the ancestors as over the plain graph, reading their sexes with one
// batch call instead of one Person call each.
func TestDetailGraphAncestors(t *testing.T) {
	ctx := context.Background()
	for name, tg := range fixtureGraphs(t) {
		for _, p := range tg.Tree().People {
			want, err := Ancestors(ctx, tg, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			dg := &detailGraph{TreeGraph: tg}
			got, err := Ancestors(ctx, dg, p.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			// The batch read hands each numbered ancestor over as read.
			for i, a := range got {
				if a.Number != 0 && (a.Read == nil || a.Read.ID != a.Person) {
					t.Errorf("%s: Ancestors(%s)[%d].Read = %v, want %s as read", name, p.ID, i, a.Read, a.Person)
				}
				got[i].Read = nil
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Ancestors(%s) with batches = %v, want %v", name, p.ID, got, want)
			}
			if dg.person > 0 || dg.batchP > 1 {
				t.Errorf("%s: Ancestors(%s): %d Person and %d batch calls; want 0 and at most 1", name, p.ID, dg.person, dg.batchP)
			}
		}
	}
}
