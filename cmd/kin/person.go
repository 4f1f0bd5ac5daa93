package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"kin"
	"kin/sqlstore"
)

func runPerson(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var all bool
	fs := m.newFlagSet("person", "person ID|NAME [--tree NAME] [--as-recorded DATE] [--all] [--json]", `
Show a person: names, sex, events with dates, places and the sources that
support them, families and associations. ID is the person's ID or GEDCOM
xref (I1 or @I1@); otherwise the argument is searched as a name and must
match one person.

Where sources disagree, the conclusion is shown and the competing facts
are listed (all of them with --all). With --as-recorded the person is shown
as the database held them at that time.`)
	f.readFlags(fs, "show the person as recorded at this date or time", "print JSON: the person, families, associations and every fact")
	fs.BoolVar(&all, "all", false, "list every fact with its origin and transaction time")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError("person needs an ID or a name")
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()
	ref := strings.Join(pos, " ")
	p, err := t.Lookup(ctx, ref)
	if kin.ErrorCode(err) == kin.ENOTFOUND && len(pos) > 0 {
		matches, ferr := t.Find(ctx, ref, 11)
		if ferr != nil && kin.ErrorCode(ferr) != kin.EINVALID {
			return userError(ferr)
		}
		var exact []sqlstore.Match
		for _, mt := range matches {
			if mt.Exact {
				exact = append(exact, mt)
			}
		}
		if len(exact) > 0 {
			matches = exact
		}
		switch {
		case len(matches) == 1:
			p, err = matches[0].Person, nil
		case len(matches) > 1:
			printMatches(m.Stderr, matches)
			return fmt.Errorf("%q names %d people; give an ID", ref, len(matches))
		}
	}
	if err != nil {
		return userError(err)
	}
	parents, err := t.ChildFamilies(ctx, p.ID)
	if err != nil {
		return userError(err)
	}
	partners, err := t.PartnerFamilies(ctx, p.ID)
	if err != nil {
		return userError(err)
	}
	assocs, err := t.Associations(ctx, p.ID)
	if err != nil {
		return userError(err)
	}
	facts, err := t.Facts(ctx, p.ID)
	if err != nil {
		return userError(err)
	}
	if f.json {
		return writeJSON(m, struct {
			Person       *kin.Person        `json:"person"`
			Parents      []*kin.Family      `json:"parent_families"`
			Partners     []*kin.Family      `json:"partner_families"`
			Associations []*kin.Association `json:"associations"`
			Facts        []*sqlstore.Fact   `json:"facts"`
		}{p, parents, partners, assocs, facts})
	}
	names := func(ids ...kin.ID) string {
		var out []string
		for _, id := range ids {
			if id == "" {
				continue
			}
			q, err := t.Person(ctx, id)
			if err != nil {
				out = append(out, string(id))
				continue
			}
			out = append(out, fmt.Sprintf("%s (%s)", q.Name().String(), id))
		}
		return strings.Join(out, ", ")
	}
	bw := bufio.NewWriter(m.Stdout) // one write at the end, as runFind does
	w := bw
	fmt.Fprintf(w, "%s  [%s]\n", p.Name().String(), p.ID)
	for _, n := range p.Names[min(1, len(p.Names)):] {
		kind := strings.ToLower(string(n.Type()))
		if kind == "" {
			kind = "also"
		}
		fmt.Fprintf(w, "  %-12s %s\n", kind+":", n.String())
	}
	if p.Sex != "" {
		fmt.Fprintf(w, "  %-12s %s%s\n", "sex:", p.Sex, sources(p.SexCitations()))
	}
	for _, e := range p.Events {
		fmt.Fprintf(w, "  %-12s %s%s\n", eventLabel(e)+":", eventText(e), sources(e.Citations))
	}
	for _, fam := range parents {
		link, _ := fam.Child(p.ID)
		l := ""
		if link.Lineage != "" && link.Lineage != kin.LineageBirth {
			l = " (" + strings.ToLower(string(link.Lineage)) + ")"
		}
		fmt.Fprintf(w, "  %-12s %s  [%s]%s\n", "parents:", names(fam.Partners...), fam.ID, l)
	}
	for _, fam := range partners {
		var kids []kin.ID
		for _, c := range fam.Children {
			kids = append(kids, c.Child)
		}
		fmt.Fprintf(w, "  %-12s %s  [%s]\n", "partner:", names(fam.OtherPartner(p.ID)), fam.ID)
		for _, e := range fam.Events {
			fmt.Fprintf(w, "  %-12s %s%s\n", "  "+eventLabel(e)+":", eventText(e), sources(e.Citations))
		}
		if len(kids) > 0 {
			fmt.Fprintf(w, "  %-12s %s\n", "  children:", names(kids...))
		}
	}
	for _, a := range assocs {
		other := a.Other
		if other == p.ID {
			other = a.Person
		}
		fmt.Fprintf(w, "  %-12s %s %s %s%s\n", "associated:", a.Relation, names(other), a.Detail, sources(a.Citations))
	}
	printFacts(w, facts, all)
	return bw.Flush()
}

// printFacts lists the facts that lost to a conclusion, or with all every fact.
func printFacts(w io.Writer, facts []*sqlstore.Fact, all bool) {
	header := false
	for _, f := range facts {
		if !all && (f.Slot == "" || f.Conclusion) {
			continue
		}
		competing := false
		for _, g := range facts {
			if g != f && g.Slot != "" && g.Slot == f.Slot {
				competing = true
			}
		}
		if !all && !competing {
			continue
		}
		if !header {
			if all {
				fmt.Fprintln(w, "Facts:")
			} else {
				fmt.Fprintln(w, "Also claimed (not the conclusion):")
			}
			header = true
		}
		mark := " "
		if f.Conclusion {
			mark = "*"
		}
		fmt.Fprintf(w, " %s #%d %s: %s — %s, confidence %d, recorded %s%s\n", mark, f.ID, f.Kind, f.Summary, f.Origin, f.Confidence,
			f.RecordedAt.Format("2006-01-02 15:04"), sources(f.Citations))
	}
}

func printMatches(w io.Writer, matches []sqlstore.Match) {
	for _, mt := range matches {
		p := mt.Person
		b, _ := p.Event(kin.EventBirth)
		d, _ := p.Event(kin.EventDeath)
		life := ""
		if !b.Date.IsZero() || !d.Date.IsZero() {
			life = fmt.Sprintf("  (%s – %s)", b.Date.String(), d.Date.String())
		}
		how := ""
		if !mt.Exact {
			how = "  ~sounds like"
		}
		fmt.Fprintf(w, "%-10s %s%s%s\n", p.ID, p.Name().String(), life, how)
	}
}

func eventLabel(e kin.Event) string {
	if label, ok := eventLabels[e.Type]; ok {
		return label
	}
	if e.Detail != "" && (e.Type == kin.EventOther || e.Type == kin.FactOther) {
		return strings.ToLower(e.Detail)
	}
	return strings.ToLower(string(e.Type))
}

var eventLabels = map[kin.EventType]string{
	kin.EventBirth: "born", kin.EventChristening: "christened", kin.EventBaptism: "baptised",
	kin.EventDeath: "died", kin.EventBurial: "buried", kin.EventCremation: "cremated",
	kin.EventAdoption: "adopted", kin.EventMarriage: "married", kin.EventEngagement: "engaged",
	kin.EventDivorce: "divorced", kin.EventAnnulment: "annulled", kin.EventResidence: "lived",
	kin.EventOccupation: "occupation",
}

func eventText(e kin.Event) string {
	var parts []string
	if e.Type == kin.EventOccupation || (e.Detail != "" && e.Type != kin.EventOther && e.Type != kin.FactOther) {
		parts = append(parts, e.Detail)
	}
	if !e.Date.IsZero() {
		parts = append(parts, e.Date.String())
	}
	if e.Place.Name != "" {
		parts = append(parts, "in "+e.Place.Name)
	}
	if e.Cause() != "" {
		parts = append(parts, "("+e.Cause()+")")
	}
	return strings.Join(parts, " ")
}

// sources formats the sources of citations: "  [S1 p. 12; A1]".
func sources(cs []kin.Citation) string {
	if len(cs) == 0 {
		return ""
	}
	var out []string
	for _, c := range cs {
		s := string(c.Source)
		if c.Page != "" {
			s += " " + c.Page
		}
		out = append(out, s)
	}
	return "  [" + strings.Join(out, "; ") + "]"
}
