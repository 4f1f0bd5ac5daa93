package relate

import (
	"context"
	"fmt"
	"testing"

	"kin"
)

// collapseTree builds gens generations of cousin marriages: each
// generation has four couples; every child marries a child of another
// couple, so every person of the last generation descends from every
// founder along a number of paths that doubles with each generation.
func collapseTree(gens int) *kin.Tree {
	t := &kin.Tree{}
	person := func(id string, sex kin.Sex) kin.ID {
		t.People = append(t.People, &kin.Person{ID: kin.ID(id), Sex: sex, Names: []kin.Name{{Given: id}}})
		return kin.ID(id)
	}
	const width = 4
	var men, women [width]kin.ID
	for i := range width {
		men[i] = person(fmt.Sprintf("g0m%d", i), kin.SexMale)
		women[i] = person(fmt.Sprintf("g0w%d", i), kin.SexFemale)
	}
	for g := 1; g <= gens; g++ {
		var sons, daughters [width]kin.ID
		for i := range width {
			f := &kin.Family{ID: kin.ID(fmt.Sprintf("f%d_%d", g, i)), Partners: []kin.ID{men[i], women[(i+g)%width]}}
			sons[i] = person(fmt.Sprintf("g%dm%d", g, i), kin.SexMale)
			daughters[i] = person(fmt.Sprintf("g%dw%d", g, i), kin.SexFemale)
			f.Children = []kin.ChildLink{{Child: sons[i]}, {Child: daughters[i]}}
			t.Families = append(t.Families, f)
		}
		men, women = sons, daughters
	}
	return t
}

func TestPedigreeCollapse(t *testing.T) {
	const gens = 30
	g := NewTreeGraph(collapseTree(gens))
	ctx := context.Background()
	a, b := kin.ID(fmt.Sprintf("g%dm0", gens)), kin.ID(fmt.Sprintf("g%dm1", gens))
	r, err := Find(ctx, g, a, b, Options{All: true, MaxPaths: 50, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Related() {
		t.Fatalf("Find(%s, %s) found no relation", a, b)
	}
	total := 0
	for _, rel := range r.Relationships {
		if len(rel.Paths) > 50 {
			t.Errorf("%s relationship lists %d paths, want at most 50", rel.Kind, len(rel.Paths))
		}
		total += len(rel.Paths)
	}
	if total > 50*len(r.Relationships) {
		t.Errorf("listed %d paths in all, want at most %d", total, 50*len(r.Relationships))
	}
	// a founder is an ancestor along astronomically many paths; Ancestors
	// still lists each ancestor once.
	anc, err := Ancestors(ctx, g, a, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := 2*4*gens + 0; len(anc) > want {
		t.Errorf("Ancestors(%s) = %d people, want at most %d", a, len(anc), want)
	}
	// the count of shortest paths to the founders saturates rather than
	// overflowing.
	r2, err := Find(ctx, g, a, "g0m0", Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(r2.Relationships) == 0 || r2.Relationships[0].PathCount < 1<<20 {
		t.Errorf("Find(%s, g0m0) = %+v, want a blood relation along more than 2^20 paths", a, r2.Relationships)
	}
	t.Logf("%s; %s", r.Phrase(), r2.Phrase())
}
