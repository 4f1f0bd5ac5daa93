package main

import (
	"context"
	"fmt"
	"slices"

	"kin"
)

// familyPersonJSON is one relative in kin family's output.
type familyPersonJSON struct {
	ID    kin.ID `json:"id"`
	Name  string `json:"name"`
	Birth string `json:"birth,omitempty"`
	Death string `json:"death,omitempty"`
	// Role is the relative's role to the person: "father", "ex-wife",
	// "adopted daughter", "half-brother".
	Role    string `json:"role"`
	Family  kin.ID `json:"family"`
	Lineage string `json:"lineage,omitempty"`
	// Married, Divorced: a partner's marriage and divorce (or annulment).
	Married  string `json:"married,omitempty"`
	Divorced string `json:"divorced,omitempty"`
	// With is the other parent of a child, or the parent a half-sibling
	// shares with the person.
	With kin.ID `json:"with,omitempty"`
}

// familyJSON is kin family's --json output.
type familyJSON struct {
	Person       familyPersonJSON   `json:"person"`
	Parents      []familyPersonJSON `json:"parents"`
	Partners     []familyPersonJSON `json:"partners"`
	Children     []familyPersonJSON `json:"children"`
	Siblings     []familyPersonJSON `json:"siblings"`
	HalfSiblings []familyPersonJSON `json:"half_siblings"`
}

func gendered(s kin.Sex, m, f, n string) string {
	switch s {
	case kin.SexMale:
		return m
	case kin.SexFemale:
		return f
	}
	return n
}

func lineagePrefix(l kin.Lineage, parent bool) string {
	switch l {
	case kin.LineageAdopted:
		if parent {
			return "adoptive "
		}
		return "adopted "
	case kin.LineageFoster:
		return "foster "
	case kin.LineageStep:
		return "step-"
	case kin.LineageSealing:
		return "sealed "
	}
	return ""
}

func firstEvent(f *kin.Family, types ...kin.EventType) (kin.Event, bool) {
	for _, e := range f.Events {
		if slices.Contains(types, e.Type) {
			return e, true
		}
	}
	return kin.Event{}, false
}

func runFamily(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	fs := m.newFlagSet("family", "family ID|NAME [--json] [--tree NAME] [--db PATH] [--as-recorded T]", `
Show a person's close family: parents, partners (husband, wife, partner,
with "ex-" after a divorce or annulment and "late" after a death, with the
dates of marriage and divorce), children (with the other parent), siblings
and half-siblings (with the parent they share). A link that is not by
birth says so: adoptive mother, adopted son, foster daughter.`)
	f.readFlags(fs, "read the tree as recorded at this date or time", "print JSON: person, parents, partners, children, siblings, half_siblings")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("family needs one person: an ID or a name")
	}
	s, t, p, err := m.openPerson(ctx, &f, pos[0])
	if err != nil {
		return err
	}
	defer s.Close()
	out, err := familyOf(ctx, t, p)
	if err != nil {
		return userError(err)
	}
	if f.json {
		return writeJSON(m, out)
	}
	w := m.Stdout
	fmt.Fprintf(w, "%s%s [%s]\n", out.Person.Name, years(linePersonJSON{Birth: out.Person.Birth, Death: out.Person.Death}), p.ID)
	names := map[kin.ID]string{}
	for _, group := range [][]familyPersonJSON{out.Parents, out.Partners, out.Children, out.Siblings, out.HalfSiblings} {
		for _, r := range group {
			names[r.ID] = r.Name
		}
	}
	section := func(title string, rs []familyPersonJSON, more func(r familyPersonJSON) string) {
		if len(rs) == 0 {
			return
		}
		fmt.Fprintf(w, "%s:\n", title)
		for _, r := range rs {
			fmt.Fprintf(w, "  %-18s %s%s [%s]%s\n", r.Role, r.Name, years(linePersonJSON{Birth: r.Birth, Death: r.Death}), r.ID, more(r))
		}
	}
	section("Parents", out.Parents, func(r familyPersonJSON) string { return "" })
	section("Partners", out.Partners, func(r familyPersonJSON) string {
		s := ""
		if r.Married != "" {
			s += ", married " + r.Married
		}
		if r.Divorced != "" {
			s += ", divorced " + r.Divorced
		}
		return s
	})
	with := func(word string) func(r familyPersonJSON) string {
		return func(r familyPersonJSON) string {
			if r.With == "" {
				return ""
			}
			n := names[r.With]
			if n == "" {
				if q, err := t.Person(ctx, r.With); err == nil {
					n = displayName(q)
				} else {
					n = string(r.With)
				}
			}
			return ", " + word + " " + n
		}
	}
	section("Children", out.Children, with("with"))
	section("Siblings", out.Siblings, func(r familyPersonJSON) string { return "" })
	section("Half-siblings", out.HalfSiblings, with("through"))
	return nil
}

// familyReader is what kin family reads from a tree.
type familyReader interface {
	Person(ctx context.Context, id kin.ID) (*kin.Person, error)
	ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error)
	PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error)
}

// familyOf gathers p's parents, partners, children, siblings and
// half-siblings.
func familyOf(ctx context.Context, t familyReader, p *kin.Person) (*familyJSON, error) {
	out := &familyJSON{Parents: []familyPersonJSON{}, Partners: []familyPersonJSON{}, Children: []familyPersonJSON{},
		Siblings: []familyPersonJSON{}, HalfSiblings: []familyPersonJSON{}}
	rel := func(id kin.ID, fam kin.ID) (familyPersonJSON, *kin.Person, error) {
		q, err := t.Person(ctx, id)
		if err != nil {
			return familyPersonJSON{}, nil, err
		}
		pj := personJSON(q, 0)
		return familyPersonJSON{ID: q.ID, Name: pj.Name, Birth: pj.Birth, Death: pj.Death, Family: fam}, q, nil
	}
	self, _, err := rel(p.ID, "")
	if err != nil {
		return nil, err
	}
	out.Person = self
	seen := map[kin.ID]bool{p.ID: true}
	cfs, err := t.ChildFamilies(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	var parents []kin.ID
	for _, fam := range cfs {
		for _, par := range fam.Partners {
			r, q, err := rel(par, fam.ID)
			if err != nil {
				return nil, err
			}
			l := fam.ChildLineage(p.ID, par)
			r.Role = lineagePrefix(l, true) + gendered(q.Sex, "father", "mother", "parent")
			r.Lineage = lowerLineage(l)
			out.Parents = append(out.Parents, r)
			parents = append(parents, par)
		}
		for _, c := range fam.Children {
			if seen[c.Child] {
				continue
			}
			seen[c.Child] = true
			r, q, err := rel(c.Child, fam.ID)
			if err != nil {
				return nil, err
			}
			l := c.Lineage
			if l == kin.LineageBirth {
				l = ""
			}
			r.Role = lineagePrefix(l, false) + gendered(q.Sex, "brother", "sister", "sibling")
			out.Siblings = append(out.Siblings, r)
		}
	}
	// Half-siblings: the children of a parent's other families.
	for _, par := range parents {
		pfs, err := t.PartnerFamilies(ctx, par)
		if err != nil {
			return nil, err
		}
		for _, fam := range pfs {
			if slices.ContainsFunc(cfs, func(f *kin.Family) bool { return f.ID == fam.ID }) {
				continue
			}
			for _, c := range fam.Children {
				if seen[c.Child] {
					continue
				}
				seen[c.Child] = true
				r, q, err := rel(c.Child, fam.ID)
				if err != nil {
					return nil, err
				}
				r.Role = "half-" + gendered(q.Sex, "brother", "sister", "sibling")
				r.With = par
				out.HalfSiblings = append(out.HalfSiblings, r)
			}
		}
	}
	pfs, err := t.PartnerFamilies(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	for _, fam := range pfs {
		other := fam.OtherPartner(p.ID)
		if other != "" {
			r, q, err := rel(other, fam.ID)
			if err != nil {
				return nil, err
			}
			word := "partner"
			if e, ok := firstEvent(fam, kin.EventMarriage); ok {
				word = gendered(q.Sex, "husband", "wife", "spouse")
				r.Married = dateText(e.Date)
				if r.Married == "" {
					r.Married = "(undated)"
				}
			}
			if e, ok := firstEvent(fam, kin.EventDivorce, kin.EventAnnulment); ok {
				word = "ex-" + word
				r.Divorced = dateText(e.Date)
				if r.Divorced == "" {
					r.Divorced = "(undated)"
				}
			} else if _, dead := q.Event(kin.EventDeath); dead {
				word = "late " + word
			}
			r.Role = word
			out.Partners = append(out.Partners, r)
		}
		for _, c := range fam.Children {
			r, q, err := rel(c.Child, fam.ID)
			if err != nil {
				return nil, err
			}
			l := fam.ChildLineage(c.Child, p.ID)
			r.Role = lineagePrefix(l, false) + gendered(q.Sex, "son", "daughter", "child")
			r.Lineage = lowerLineage(l)
			r.With = other
			out.Children = append(out.Children, r)
		}
	}
	return out, nil
}

func lowerLineage(l kin.Lineage) string {
	if l == kin.LineageBirth || l == kin.LineageUnknown {
		return ""
	}
	return string(lineagePrefix(l, false)[:len(lineagePrefix(l, false))-1])
}
