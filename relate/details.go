package relate

import (
	"context"
	"errors"
	"slices"
	"sync"

	"kin"
	"kin/date"
)

// finish turns the relationships' hops into Links with dates and
// citations, works out each relationship's status at the date asked about
// and its history, and records the names and sexes wording needs.
func (c *calc) finish(ctx context.Context) error {
	res := c.res
	c.note(res.A)
	c.note(res.B)
	if err := c.prefetch(ctx); err != nil {
		return err
	}
	for i := range res.Relationships {
		r := &res.Relationships[i]
		if i < len(c.hops) {
			for j, hs := range c.hops[i] {
				links, err := c.links(ctx, hs)
				if err != nil {
					return err
				}
				if j == 0 {
					r.Path = links
				}
				if c.opt.All {
					r.Paths = append(r.Paths, links)
				}
			}
		}
		for _, l := range r.Path {
			switch l.Lineage {
			case kin.LineageAdopted:
				r.Flags |= Adopted
			case kin.LineageFoster:
				r.Flags |= Foster
			case kin.LineageStep:
				r.Flags |= StepChild
			case kin.LineageSealing:
				r.Flags |= Sealed
			}
		}
		if err := c.status(ctx, r); err != nil {
			return err
		}
	}
	// Order by kind, keeping the search's order (nearest first) within one.
	slices.SortStableFunc(res.Relationships, func(x, y Relationship) int { return int(x.Kind) - int(y.Kind) })
	return nil
}

// prefetch loads, when the graph is a DetailGraph, the people and
// families on every path of the result, and the other parents in those
// families, so that links and status find them cached instead of asking
// the graph two or three times per link: one Families and one People
// call (PeopleBrief on a BriefGraph), made at the same time. The other parents are those the search's
// own links give (the child's other parent in the same family). A family
// that does not hold the person a path reaches it through (an Index older
// than the graph) is left to the per-link calls, which report it as they
// always have; so is anyone prefetch did not foresee.
func (c *calc) prefetch(ctx context.Context) error {
	dg, ok := c.g.(DetailGraph)
	if !ok {
		return nil
	}
	var famIDs, personIDs []kin.ID
	wantFam := make(map[kin.ID]bool)
	wantPerson := make(map[kin.ID]bool)
	person := func(id kin.ID) {
		if _, ok := c.people[id]; !ok && id != "" && !wantPerson[id] {
			wantPerson[id] = true
			personIDs = append(personIDs, id)
		}
	}
	for _, paths := range c.hops {
		for _, hs := range paths {
			for _, h := range hs {
				person(c.v.personID(h.from))
				person(c.v.personID(h.to))
				if id := c.v.familyID(h.fam); !wantFam[id] {
					if _, ok := c.fams[id]; !ok {
						wantFam[id] = true
						famIDs = append(famIDs, id)
					}
				}
				if h.kind != ToParent && h.kind != ToChild {
					continue
				}
				child, parent := h.from, h.to
				if h.kind == ToChild {
					child, parent = parent, child
				}
				es, err := c.v.parents(ctx, child)
				if err != nil {
					return err
				}
				for _, e := range es {
					if e.fam == h.fam && e.to != parent {
						person(c.v.personID(e.to))
						break
					}
				}
			}
		}
	}
	var fs []*kin.Family
	var ps []*kin.Person
	var ferr, perr error
	var wg sync.WaitGroup
	if len(famIDs) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fs, ferr = dg.Families(ctx, famIDs)
		}()
	}
	if len(personIDs) > 0 {
		ps, perr = peopleBrief(ctx, dg, personIDs)
	}
	wg.Wait()
	if err := errors.Join(ferr, perr); err != nil {
		return err
	}
	for _, p := range ps {
		if wantPerson[p.ID] {
			c.people[p.ID] = p
		}
	}
	got := make(map[kin.ID]*kin.Family, len(fs))
	for _, f := range fs {
		if wantFam[f.ID] {
			got[f.ID] = f
		}
	}
	// Keep only families that hold each person reached through them.
	for _, paths := range c.hops {
		for _, hs := range paths {
			for _, h := range hs {
				f := got[c.v.familyID(h.fam)]
				if f == nil {
					continue
				}
				from, to := c.v.personID(h.from), c.v.personID(h.to)
				switch h.kind {
				case ToParent, ToChild:
					child := from
					if h.kind == ToChild {
						child = to
					}
					if _, ok := f.Child(child); !ok {
						delete(got, f.ID)
					}
				case ToPartner:
					if !slices.Contains(f.Partners, from) {
						delete(got, f.ID)
					}
				}
			}
		}
	}
	for id, f := range got {
		c.fams[id] = f
	}
	return nil
}

func (c *calc) note(p *kin.Person) {
	if p == nil {
		return
	}
	if _, ok := c.res.Names[p.ID]; ok {
		return
	}
	c.res.Names[p.ID] = displayName(p)
	c.res.Sexes[p.ID] = p.Sex
}

func displayName(p *kin.Person) string {
	if n := p.Name().Full(); n != "" {
		return n
	}
	if n := p.Name().String(); n != "" {
		return n
	}
	return string(p.ID)
}

// family returns the family with id in which person is a child (asChild)
// or a partner.
func (c *calc) family(ctx context.Context, person, id kin.ID, asChild bool) (*kin.Family, error) {
	if f, ok := c.fams[id]; ok {
		return f, nil
	}
	var fs []*kin.Family
	var err error
	if asChild {
		fs, err = c.g.ChildFamilies(ctx, person)
	} else {
		fs, err = c.g.PartnerFamilies(ctx, person)
	}
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		c.fams[f.ID] = f
	}
	if f, ok := c.fams[id]; ok {
		return f, nil
	}
	return nil, kin.Errorf(kin.ENOTFOUND, "family %s of %s not found", id, person)
}

// links turns hops into Links with their families' dates and citations.
func (c *calc) links(ctx context.Context, hs []hop) ([]Link, error) {
	out := make([]Link, 0, len(hs))
	for _, h := range hs {
		l := Link{From: c.v.personID(h.from), To: c.v.personID(h.to), Kind: h.kind, Family: c.v.familyID(h.fam)}
		for _, id := range []kin.ID{l.From, l.To} {
			p, err := c.person(ctx, id)
			if err != nil {
				return nil, err
			}
			c.note(p)
		}
		switch h.kind {
		case ToParent, ToChild:
			child := l.From
			if h.kind == ToChild {
				child = l.To
			}
			f, err := c.family(ctx, child, l.Family, true)
			if err != nil {
				return nil, err
			}
			l.Lineage = lineageOf(h.lin)
			parent := l.To
			if h.kind == ToChild {
				parent = l.From
			}
			if o := f.OtherPartner(parent); o != "" && o != child {
				if c.res.otherParents == nil {
					c.res.otherParents = make(map[kin.ID]kin.ID)
				}
				c.res.otherParents[f.ID] = o
				if p, err := c.person(ctx, o); err == nil {
					c.note(p)
				}
			}
			if cl, ok := f.Child(child); ok {
				l.Citations = append(l.Citations, cl.Citations()...)
			}
			if p := c.people[child]; p != nil {
				if b, ok := p.Event(kin.EventBirth); ok {
					l.Start = b.Date
					l.Citations = append(l.Citations, b.Citations...)
				}
			}
		case ToPartner:
			f, err := c.family(ctx, l.From, l.Family, false)
			if err != nil {
				return nil, err
			}
			for _, e := range f.Events {
				switch e.Type {
				case kin.EventEngagement:
					if l.Start.IsZero() {
						l.Start = e.Date
					}
				case kin.EventMarriage:
					l.Start = e.Date
				case kin.EventDivorce, kin.EventAnnulment:
					if l.End.IsZero() {
						l.End = e.Date
					}
				default:
					continue
				}
				l.Citations = append(l.Citations, e.Citations...)
			}
			l.Citations = append(l.Citations, f.Citations...)
		}
		out = append(out, l)
	}
	return out, nil
}

// transition is an event that changes a partnership's status.
type transition struct {
	d     date.Date
	st    Status
	why   string
	cites []kin.Citation
}

// partnership works out the status of the partnership of a and b in
// family f at the date asked about, and its history. A family with no
// engagement or marriage event is a partnership from the start.
func (c *calc) partnership(f *kin.Family, a, b *kin.Person) (st Status, unc bool, alt Status, why string, hist []Period, married bool) {
	var ts []transition
	first := func(t kin.EventType) *kin.Event {
		for i := range f.Events {
			if f.Events[i].Type == t {
				return &f.Events[i]
			}
		}
		return nil
	}
	enga, marr := first(kin.EventEngagement), first(kin.EventMarriage)
	initial := StatusNone
	if enga == nil && marr == nil {
		initial = StatusCurrent
	}
	if enga != nil {
		ts = append(ts, transition{enga.Date, StatusEngaged, "engagement", enga.Citations})
	}
	if marr != nil {
		married = true
		ts = append(ts, transition{marr.Date, StatusCurrent, "marriage", marr.Citations})
	}
	if e := first(kin.EventSeparation); e != nil {
		ts = append(ts, transition{e.Date, StatusSeparated, "separation", e.Citations})
	}
	if e := first(kin.EventDivorce); e != nil {
		ts = append(ts, transition{e.Date, StatusFormer, "divorce", e.Citations})
	} else if e := first(kin.EventAnnulment); e != nil {
		ts = append(ts, transition{e.Date, StatusFormer, "annulment", e.Citations})
	}
	if b != nil {
		if e, ok := b.Event(kin.EventDeath); ok {
			ts = append(ts, transition{e.Date, StatusWidowed, "death of " + displayName(b), e.Citations})
		}
	}
	apply := func(cur, next Status) Status {
		if next == StatusWidowed && cur != StatusCurrent && cur != StatusSeparated {
			return cur
		}
		return next
	}
	// status at the date asked about
	st = initial
	for _, t := range ts {
		o := when(t.d, c.q, c.now)
		if o == orderBefore {
			break
		}
		next := apply(st, t.st)
		if o == orderUncertain {
			if next != st {
				unc, alt = true, next
				why = t.why + " date uncertain"
				if spanOf(t.d).known == false {
					why = t.why + " date unknown"
				}
			}
			break
		}
		st = next
	}
	// history, as the events tell it
	cur := Period{Status: initial}
	for _, t := range ts {
		next := apply(cur.Status, t.st)
		if next == cur.Status {
			continue
		}
		if cur.Status != StatusNone {
			cur.To = t.d
			hist = append(hist, cur)
		}
		cur = Period{Status: next, From: t.d, Why: t.why, Citations: t.cites}
	}
	if cur.Status != StatusNone {
		hist = append(hist, cur)
	}
	return st, unc, alt, why, hist, married
}

// dead reports whether p had died by the date asked about.
func (c *calc) dead(p *kin.Person) bool {
	if p == nil {
		return false
	}
	e, ok := p.Event(kin.EventDeath)
	return ok && when(e.Date, c.q, c.now) == orderAfter
}

// born checks that p was born by the date asked about; it returns
// StatusNotBorn, or an uncertainty, or StatusCurrent. An undated birth
// counts as born.
func (c *calc) born(p *kin.Person) (Status, bool, string) {
	if p == nil {
		return StatusCurrent, false, ""
	}
	e, ok := p.Event(kin.EventBirth)
	if !ok || !spanOf(e.Date).known {
		return StatusCurrent, false, ""
	}
	switch when(e.Date, c.q, c.now) {
	case orderBefore:
		return StatusNotBorn, false, ""
	case orderUncertain:
		return StatusCurrent, true, "birth of " + displayName(p) + " date uncertain"
	}
	return StatusCurrent, false, ""
}

// mapThrough maps a partnership's status to that of a step or in-law
// relationship that goes through it: it begins with the marriage (or the
// partnership), survives a death and separation, and becomes former after
// a divorce.
func mapThrough(s Status) Status {
	switch s {
	case StatusNone, StatusEngaged:
		return StatusNone
	case StatusFormer:
		return StatusFormer
	}
	return StatusCurrent
}

// status fills r's Status, History and the flags about deaths.
func (c *calc) status(ctx context.Context, r *Relationship) error {
	a, b := c.res.A, c.res.B
	r.Late, r.BDead = c.dead(a), c.dead(b)
	r.sexA = a.Sex
	r.Status = StatusCurrent
	var partnerLink *Link
	for i := range r.Path {
		if r.Path[i].Kind == ToPartner {
			partnerLink = &r.Path[i]
			break
		}
	}
	switch r.Kind {
	case KindSelf:
		return nil
	case KindPartner, KindStep, KindInLaw:
		if partnerLink == nil {
			return nil
		}
		f, err := c.family(ctx, partnerLink.From, partnerLink.Family, false)
		if err != nil {
			return err
		}
		pa, err := c.person(ctx, partnerLink.From)
		if err != nil {
			return err
		}
		pb, err := c.person(ctx, partnerLink.To)
		if err != nil {
			return err
		}
		st, unc, alt, why, hist, married := c.partnership(f, pa, pb)
		r.Married = married
		if r.Kind == KindPartner {
			r.Status, r.Uncertain, r.Alt, r.Why, r.History = st, unc, alt, why, hist
			return nil
		}
		r.Status, r.Uncertain, r.Alt, r.Why = mapThrough(st), unc, mapThrough(alt), why
		if r.Uncertain && r.Alt == r.Status {
			r.Uncertain, r.Why = false, ""
		}
		for _, p := range hist {
			p.Status = mapThrough(p.Status)
			if n := len(r.History); n > 0 && r.History[n-1].Status == p.Status {
				r.History[n-1].To = p.To
				continue
			}
			r.History = append(r.History, p)
		}
		// A second partner link (an in-law at both ends) must hold too: the
		// relationship has not begun if either partnership has not, and is
		// former if either has ended.
		for i := len(r.Path) - 1; i >= 0; i-- {
			l := &r.Path[i]
			if l.Kind != ToPartner || l == partnerLink {
				continue
			}
			f2, err := c.family(ctx, l.From, l.Family, false)
			if err != nil {
				return err
			}
			qa, err := c.person(ctx, l.From)
			if err != nil {
				return err
			}
			qb, err := c.person(ctx, l.To)
			if err != nil {
				return err
			}
			st2, _, _, _, hist2, _ := c.partnership(f2, qa, qb)
			r.History = mergeHistory(r.History, hist2)
			switch st2 = mapThrough(st2); {
			case st2 == StatusNone:
				r.Status, r.Uncertain = StatusNone, false
			case st2 == StatusFormer && r.Status == StatusCurrent:
				r.Status = StatusFormer
			}
			break
		}
	case KindCoParent:
		if len(r.Path) > 0 {
			child, err := c.person(ctx, r.Path[0].To)
			if err != nil {
				return err
			}
			if st, unc, why := c.born(child); st == StatusNotBorn {
				r.Status = StatusNone
			} else if unc {
				r.Uncertain, r.Alt, r.Why = true, StatusNone, why
			}
		}
		return nil
	case KindAssociation:
		if d := r.Association.Date; !d.IsZero() && spanOf(d).known && when(d, c.q, c.now) == orderBefore {
			r.Status = StatusNone
		}
		return nil
	}
	// Nobody is related before they are born.
	for _, p := range []*kin.Person{a, b} {
		st, unc, why := c.born(p)
		if st == StatusNotBorn {
			r.Status, r.Uncertain, r.Why = StatusNotBorn, false, ""
			return nil
		}
		if unc && !r.Uncertain {
			r.Uncertain, r.Alt, r.Why = true, StatusNotBorn, why
		}
	}
	return nil
}

// mergeHistory combines the history h of a relationship through one
// partnership with the periods h2 of a second partnership it also rests
// on: it holds from the later beginning and is former from the earlier
// end.
func mergeHistory(h []Period, h2 []Period) []Period {
	var begin, end *Period
	for i := range h2 {
		switch mapThrough(h2[i].Status) {
		case StatusCurrent:
			if begin == nil {
				begin = &h2[i]
			}
		case StatusFormer:
			if end == nil {
				end = &h2[i]
			}
		}
	}
	out := slices.Clone(h)
	if begin != nil && len(out) > 0 && out[0].Status == StatusCurrent {
		if s1, s2 := spanOf(out[0].From), spanOf(begin.From); s2.known && (!s1.known || s2.lo > s1.lo) {
			out[0].From, out[0].Why, out[0].Citations = begin.From, begin.Why, begin.Citations
		}
	}
	if end != nil {
		n := len(out)
		e2 := spanOf(end.From)
		for i := range out {
			if out[i].Status != StatusFormer {
				continue
			}
			if e1 := spanOf(out[i].From); e2.known && e1.known && e2.lo < e1.lo {
				out[i].From, out[i].Why, out[i].Citations = end.From, end.Why, end.Citations
				if i > 0 {
					out[i-1].To = end.From
				}
			}
			return out
		}
		if n > 0 {
			out[n-1].To = end.From
		}
		out = append(out, Period{Status: StatusFormer, From: end.From, Why: end.Why, Citations: end.Citations})
	}
	return out
}
