package relate

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"kin"
	"kin/date"
)

// Ancestor is one ancestor of a person: who, how many generations up, the
// Ahnentafel number of the first path to them (1 is the person, 2 the
// father, 3 the mother; 0 beyond 62 generations), and through which child
// link they were reached.
type Ancestor struct {
	Person     kin.ID
	Generation int
	Number     uint64
	Child      kin.ID // the child through whom this ancestor was reached
	Family     kin.ID
	Lineage    kin.Lineage
	// Read is the ancestor as Ancestors read it to number them (in brief
	// when the graph is a BriefGraph), so a caller listing them need not
	// read them again; nil when it was not read (no batch reader, or more
	// than 62 generations up).
	Read *kin.Person
}

// Ancestors lists id's ancestors up to generations back (0: all),
// breadth-first, each once even when pedigree collapse makes them an
// ancestor many times over.
func Ancestors(ctx context.Context, g Graph, id kin.ID, generations int) ([]Ancestor, error) {
	v := viewOf(g)
	start, err := v.lookup(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("ancestors of %s: %w", id, err)
	}
	s, err := climb(ctx, v, start, generations)
	if err != nil {
		return nil, fmt.Errorf("ancestors of %s: %w", id, err)
	}
	defer s.release()
	// The sex of each numbered ancestor decides their number: read them all
	// at once when the graph can.
	var ids []kin.ID
	for i, u := range s.order[1:] {
		if s.nodes[i+1].dist < 63 {
			ids = append(ids, v.personID(u))
		}
	}
	people, err := detailsOf(ctx, g, ids)
	if err != nil {
		return nil, fmt.Errorf("ancestors of %s: %w", id, err)
	}
	num := map[int32]uint64{start: 1}
	out := make([]Ancestor, 0, len(s.order)-1)
	for i, u := range s.order[1:] {
		n := s.nodes[i+1]
		a := Ancestor{Person: v.personID(u), Generation: int(n.dist), Child: v.personID(n.from),
			Family: v.familyID(n.e.fam), Lineage: lineageOf(n.e.lin)}
		if cn := num[n.from]; cn != 0 && n.dist < 63 {
			a.Number = 2 * cn
			// the mother (or second parent) gets the odd number
			p := people[a.Person]
			if p == nil {
				if p, err = g.Person(ctx, a.Person); err != nil {
					return nil, fmt.Errorf("ancestors of %s: %w", id, err)
				}
			}
			if p.Sex == kin.SexFemale {
				a.Number++
			}
			a.Read = people[a.Person]
			num[u] = a.Number
		}
		out = append(out, a)
	}
	return out, nil
}

// detailsOf loads the people with ids in one call when g is a
// DetailGraph (in brief when it is a BriefGraph), by ID; nil otherwise, and
// the callers ask g.Person for whoever is missing.
func detailsOf(ctx context.Context, g Graph, ids []kin.ID) (map[kin.ID]*kin.Person, error) {
	dg, ok := g.(DetailGraph)
	if !ok || len(ids) == 0 {
		return nil, nil
	}
	ps, err := peopleBrief(ctx, dg, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[kin.ID]*kin.Person, len(ps))
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// peopleBrief loads the people with ids from dg, in brief when it is a
// BriefGraph.
func peopleBrief(ctx context.Context, dg DetailGraph, ids []kin.ID) ([]*kin.Person, error) {
	if bg, ok := dg.(BriefGraph); ok {
		return bg.PeopleBrief(ctx, ids)
	}
	return dg.People(ctx, ids)
}

// Descendant is one descendant of a person: who, how many generations
// down, through which parent and family, and with what lineage.
type Descendant struct {
	Person     kin.ID
	Generation int
	Parent     kin.ID
	Family     kin.ID
	Lineage    kin.Lineage
}

// Descendants lists id's descendants down to generations (0: all),
// breadth-first, each once.
func Descendants(ctx context.Context, g Graph, id kin.ID, generations int) ([]Descendant, error) {
	v := viewOf(g)
	start, err := v.lookup(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("descendants of %s: %w", id, err)
	}
	dist := map[int32]int{start: 0}
	queue := []int32{start}
	level := -1
	var out []Descendant
	for i := 0; i < len(queue); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		u := queue[i]
		if generations > 0 && dist[u] >= generations {
			continue
		}
		if dist[u] != level {
			// The rest of the queue is this generation: load it at once.
			level = dist[u]
			if err := v.prefetch(ctx, queue[i:]); err != nil {
				return nil, fmt.Errorf("descendants of %s: %w", id, err)
			}
		}
		cs, err := v.children(ctx, u)
		if err != nil {
			return nil, fmt.Errorf("descendants of %s: %w", id, err)
		}
		for _, e := range cs {
			if _, ok := dist[e.to]; ok {
				continue
			}
			dist[e.to] = dist[u] + 1
			queue = append(queue, e.to)
			out = append(out, Descendant{Person: v.personID(e.to), Generation: dist[u] + 1,
				Parent: v.personID(u), Family: v.familyID(e.fam), Lineage: lineageOf(e.lin)})
		}
	}
	return out, nil
}

// Entry is one line of a person's timeline.
type Entry struct {
	Date date.Date
	// Type is the event's type: the person's own (BIRT, OCCU, DEAT), a
	// family's (MARR, DIV), a child's BIRT, a partner's DEAT, or "ASSO".
	Type    kin.EventType
	Event   *kin.Event       // nil for an association
	Family  kin.ID           // the family, for family events and children's births
	Other   kin.ID           // the partner, child or associated person
	Assoc   *kin.Association // for associations
	Summary string           // "marriage to Kim Basinger", "birth of daughter Ireland"
	// Citations are the evidence: the event's, or the association's.
	Citations []kin.Citation
}

// Timeline lists a person's events and relationship changes in date order:
// their own events, their families' events (engagement, marriage,
// separation, divorce), their children's births, their partners' deaths
// and their associations, each with its citations. Undated entries come
// last, in the order found.
func Timeline(ctx context.Context, g Graph, id kin.ID) ([]Entry, error) {
	p, err := g.Person(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("timeline of %s: %w", id, err)
	}
	name := func(id kin.ID) string {
		q, err := g.Person(ctx, id)
		if err != nil {
			return string(id)
		}
		return displayName(q)
	}
	var out []Entry
	for i := range p.Events {
		e := &p.Events[i]
		out = append(out, Entry{Date: e.Date, Type: e.Type, Event: e, Summary: eventWord(e.Type, e.Detail), Citations: e.Citations})
	}
	fams, err := g.PartnerFamilies(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("timeline of %s: %w", id, err)
	}
	for _, f := range fams {
		other := f.OtherPartner(id)
		for i := range f.Events {
			e := &f.Events[i]
			s := eventWord(e.Type, e.Detail)
			if other != "" {
				s += " with " + name(other)
			}
			out = append(out, Entry{Date: e.Date, Type: e.Type, Event: e, Family: f.ID, Other: other, Summary: s, Citations: e.Citations})
		}
		if other != "" {
			q, err := g.Person(ctx, other)
			if err != nil {
				return nil, fmt.Errorf("timeline of %s: %w", id, err)
			}
			if e, ok := q.Event(kin.EventDeath); ok {
				out = append(out, Entry{Date: e.Date, Type: kin.EventDeath, Event: &e, Family: f.ID, Other: other,
					Summary: "death of partner " + displayName(q), Citations: e.Citations})
			}
		}
		for _, cl := range f.Children {
			q, err := g.Person(ctx, cl.Child)
			if err != nil {
				return nil, fmt.Errorf("timeline of %s: %w", id, err)
			}
			e, _ := q.Event(kin.EventBirth)
			word := gendered(q.Sex, "son", "daughter", "child")
			if cl.Lineage == kin.LineageAdopted {
				word = "adopted " + word
			}
			out = append(out, Entry{Date: e.Date, Type: kin.EventBirth, Event: &e, Family: f.ID, Other: cl.Child,
				Summary: "birth of " + word + " " + displayName(q), Citations: append(slices.Clone(cl.Citations()), e.Citations...)})
		}
	}
	as, err := g.Associations(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("timeline of %s: %w", id, err)
	}
	for _, a := range as {
		other := a.Other
		if other == id {
			other = a.Person
		}
		s := a.Relation
		if a.Detail != "" {
			s += ": " + a.Detail
		}
		out = append(out, Entry{Date: a.Date, Type: "ASSO", Other: other, Assoc: a, Summary: s + " (" + name(other) + ")", Citations: a.Citations})
	}
	slices.SortStableFunc(out, func(x, y Entry) int {
		sx, sy := spanOf(x.Date), spanOf(y.Date)
		switch {
		case !sx.known && !sy.known:
			return 0
		case !sx.known:
			return 1
		case !sy.known:
			return -1
		}
		return cmp.Compare(sx.lo, sy.lo)
	})
	return out, nil
}

var eventWords = map[kin.EventType]string{
	kin.EventBirth: "birth", kin.EventChristening: "christening", kin.EventBaptism: "baptism",
	kin.EventDeath: "death", kin.EventBurial: "burial", kin.EventCremation: "cremation",
	kin.EventAdoption: "adoption", kin.EventMarriage: "marriage", kin.EventEngagement: "engagement",
	kin.EventDivorce: "divorce", kin.EventAnnulment: "annulment", kin.EventSeparation: "separation",
	kin.EventResidence: "residence", kin.EventOccupation: "occupation",
}

func eventWord(t kin.EventType, detail string) string {
	w, ok := eventWords[t]
	if !ok {
		w = string(t)
	}
	if detail != "" {
		w += " (" + detail + ")"
	}
	return w
}
