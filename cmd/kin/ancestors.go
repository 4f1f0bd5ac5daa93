package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// lineageNote is " (adopted)" for a link that is not by birth, else "".
func lineageNote(l kin.Lineage) string {
	if l == kin.LineageUnknown || l == kin.LineageBirth {
		return ""
	}
	return " (" + strings.ToLower(string(l)) + ")"
}

// lineFlags are the flags of kin ancestors and kin descendants.
type lineFlags struct {
	storeFlags
	generations int
}

func (m *Main) lineCommand(ctx context.Context, name, description string, args []string) (*lineFlags, *sqlstore.Tree, *kin.Person, func(), error) {
	var f lineFlags
	fs := m.newFlagSet(name, name+" ID|NAME [--generations N] [--json] [--tree NAME] [--db PATH] [--as-recorded T]", description)
	f.readFlags(fs, "read the tree as recorded at this date or time", "print JSON")
	fs.IntVar(&f.generations, "generations", 4, "list `N` generations (0: all)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if len(pos) != 1 {
		return nil, nil, nil, nil, usageError("%s needs one person: an ID or a name", name)
	}
	if f.generations < 0 {
		return nil, nil, nil, nil, usageError("--generations %d: want 0 (all) or more", f.generations)
	}
	s, t, p, err := m.openPerson(ctx, &f.storeFlags, pos[0])
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return &f, t, p, func() { s.Close() }, nil
}

// linePersonJSON is one person of kin ancestors or kin descendants.
type linePersonJSON struct {
	ID         kin.ID `json:"id"`
	Name       string `json:"name"`
	Birth      string `json:"birth,omitempty"`
	Death      string `json:"death,omitempty"`
	Generation int    `json:"generation"`
	// Number is the Ahnentafel number (ancestors; 0 when unknown).
	Number uint64 `json:"number,omitempty"`
	// Via is the child (ancestors) or parent (descendants) through whom
	// the person was reached.
	Via     kin.ID `json:"via,omitempty"`
	Family  kin.ID `json:"family,omitempty"`
	Lineage string `json:"lineage,omitempty"`
}

func personJSON(p *kin.Person, gen int) linePersonJSON {
	pj := linePersonJSON{ID: p.ID, Name: displayName(p), Generation: gen}
	if e, ok := p.Event(kin.EventBirth); ok {
		pj.Birth = dateText(e.Date)
	}
	if e, ok := p.Event(kin.EventDeath); ok {
		pj.Death = dateText(e.Date)
	}
	return pj
}

// briefPeople loads the people with ids in brief (what personJSON shows:
// names, birth, death) with one PeopleBrief call, and returns a lookup
// that reads anyone it did not find one by one, so that they are reported
// as Person reports them.
func briefPeople(ctx context.Context, t *sqlstore.Tree, ids []kin.ID) (func(kin.ID) (*kin.Person, error), error) {
	ps, err := t.PeopleBrief(ctx, ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[kin.ID]*kin.Person, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	return func(id kin.ID) (*kin.Person, error) {
		if p := byID[id]; p != nil {
			return p, nil
		}
		return t.Person(ctx, id)
	}, nil
}

func runAncestors(ctx context.Context, m *Main, args []string) error {
	f, t, p, closeStore, err := m.lineCommand(ctx, "ancestors", `
List a person's ancestors, generation by generation, with Ahnentafel
numbers: 1 is the person, 2 the father, 3 the mother, 2n and 2n+1 the
parents of n. Each ancestor is listed once, at the nearest generation,
even where cousins married (pedigree collapse); a link that is not by
birth says so (adopted, foster, step). With --json, a list of
{id, name, birth, death, generation, number, via, family, lineage}.`, args)
	if err != nil {
		return err
	}
	defer closeStore()
	as, err := relate.Ancestors(ctx, t, p.ID, f.generations)
	if err != nil {
		return userError(err)
	}
	// Ancestors read the numbered ones already; read the rest.
	var ids []kin.ID
	for _, a := range as {
		if a.Read == nil {
			ids = append(ids, a.Person)
		}
	}
	people, err := briefPeople(ctx, t, ids)
	if err != nil {
		return userError(err)
	}
	out := []linePersonJSON{personJSON(p, 0)}
	out[0].Number = 1
	for _, a := range as {
		q := a.Read
		if q == nil {
			if q, err = people(a.Person); err != nil {
				return userError(err)
			}
		}
		pj := personJSON(q, a.Generation)
		pj.Number, pj.Via, pj.Family, pj.Lineage = a.Number, a.Child, a.Family, strings.ToLower(string(a.Lineage))
		out = append(out, pj)
	}
	// By generation, then by number (unnumbered last), as found.
	slices.SortStableFunc(out, func(x, y linePersonJSON) int {
		if x.Generation != y.Generation {
			return x.Generation - y.Generation
		}
		switch {
		case x.Number == y.Number:
			return 0
		case x.Number == 0:
			return 1
		case y.Number == 0 || x.Number < y.Number:
			return -1
		}
		return 1
	})
	if f.json {
		return writeJSON(m, out)
	}
	for _, a := range out {
		num := "-"
		if a.Number != 0 {
			num = fmt.Sprint(a.Number)
		}
		fmt.Fprintf(m.Stdout, "%s%s %s%s [%s]%s\n", strings.Repeat("  ", a.Generation), num, a.Name, years(a), a.ID, lineageNote(kin.Lineage(strings.ToUpper(a.Lineage))))
	}
	return nil
}

func years(p linePersonJSON) string {
	if p.Birth == "" && p.Death == "" {
		return ""
	}
	return " (" + p.Birth + "–" + p.Death + ")"
}

func runDescendants(ctx context.Context, m *Main, args []string) error {
	f, t, p, closeStore, err := m.lineCommand(ctx, "descendants", `
List a person's descendants as an indented tree: each child under the
parent through whom they were first reached, each descendant once. A link
that is not by birth says so (adopted, foster, step). With --json, a list
of {id, name, birth, death, generation, via (the parent), family, lineage}
in breadth-first order.`, args)
	if err != nil {
		return err
	}
	defer closeStore()
	ds, err := relate.Descendants(ctx, t, p.ID, f.generations)
	if err != nil {
		return userError(err)
	}
	ids := make([]kin.ID, len(ds))
	for i, d := range ds {
		ids[i] = d.Person
	}
	people, err := briefPeople(ctx, t, ids)
	if err != nil {
		return userError(err)
	}
	out := []linePersonJSON{personJSON(p, 0)}
	kids := map[kin.ID][]int{}
	for _, d := range ds {
		q, err := people(d.Person)
		if err != nil {
			return userError(err)
		}
		pj := personJSON(q, d.Generation)
		pj.Via, pj.Family, pj.Lineage = d.Parent, d.Family, strings.ToLower(string(d.Lineage))
		kids[d.Parent] = append(kids[d.Parent], len(out))
		out = append(out, pj)
	}
	if f.json {
		return writeJSON(m, out)
	}
	var walk func(i int)
	walk = func(i int) {
		d := out[i]
		fmt.Fprintf(m.Stdout, "%s%s%s [%s]%s\n", strings.Repeat("  ", d.Generation), d.Name, years(d), d.ID, lineageNote(kin.Lineage(strings.ToUpper(d.Lineage))))
		for _, c := range kids[d.ID] {
			walk(c)
		}
	}
	walk(0)
	return nil
}
