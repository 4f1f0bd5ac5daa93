package relate

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kin"
	"kin/date"
)

// Options tune Find.
type Options struct {
	// At is the date asked about. The zero Date means today, as Now
	// gives it.
	At date.Date
	// Now returns the current time; nil means time.Now. Tests set it.
	Now func() time.Time
	// All lists alternative paths (pedigree collapse, a couple who are
	// also cousins) and every step and in-law relationship, not only the
	// nearest of each kind.
	All bool
	// MaxPaths caps the paths listed per relationship and the
	// relationships listed per kind when All is set; 0 means 16.
	MaxPaths int
	// MaxGenerations bounds how far up the searches climb; 0 means no
	// bound.
	MaxGenerations int
}

func (o Options) maxPaths() int {
	if o.MaxPaths <= 0 {
		return 16
	}
	return o.MaxPaths
}

// Find computes how a is related to b ("a is b's …") at opt.At, with the
// paths and evidence for every relationship it finds. A Result with no
// Relationships means no relation was found within one partner link.
// Unknown people give an error with code kin.ENOTFOUND; a date Find cannot
// place in time gives kin.EINVALID.
func Find(ctx context.Context, g Graph, a, b kin.ID, opt Options) (*Result, error) {
	c := &calc{g: g, v: viewOf(g), opt: opt, fams: make(map[kin.ID]*kin.Family), people: make(map[kin.ID]*kin.Person)}
	defer c.release()
	if err := c.setDate(); err != nil {
		return nil, err
	}
	pa, err := c.person(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", a, err)
	}
	pb, err := c.person(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", b, err)
	}
	res := &Result{A: pa, B: pb, At: opt.At, Names: make(map[kin.ID]string), Sexes: make(map[kin.ID]kin.Sex)}
	if opt.At.IsZero() {
		res.Today = c.today
	}
	c.res = res
	if a == b {
		res.Relationships = append(res.Relationships, Relationship{Kind: KindSelf, Status: StatusCurrent, PathCount: 1})
		return res, c.finish(ctx)
	}
	va, err := c.v.lookup(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", a, err)
	}
	vb, err := c.v.lookup(ctx, b)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", b, err)
	}
	c.va, c.vb = va, vb
	steps := []func(context.Context) error{c.partners, c.blood, c.step, c.inLaws, c.coParents, c.associations}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return nil, fmt.Errorf("find %s to %s: %w", a, b, err)
		}
	}
	if err := c.finish(ctx); err != nil {
		return nil, fmt.Errorf("find %s to %s: %w", a, b, err)
	}
	return res, nil
}

// calc holds one Find's state.
type calc struct {
	g   Graph
	v   view
	opt Options
	res *Result

	q     span // the date asked about
	now   bool // q is today
	today date.Date

	va, vb int32
	sa, sb *side

	fams   map[kin.ID]*kin.Family
	people map[kin.ID]*kin.Person
	// hops holds the paths of the relationships in res, in parallel.
	hops [][][]hop
	// climbs are the searches to release when Find ends.
	climbs []*side
}

func (c *calc) setDate() error {
	now := time.Now
	if c.opt.Now != nil {
		now = c.opt.Now
	}
	c.today = dateOf(now())
	if c.opt.At.IsZero() {
		c.q = spanOf(c.today)
		c.now = true
		return nil
	}
	c.q = spanOf(c.opt.At)
	if !c.q.known {
		return kin.Errorf(kin.EINVALID, "cannot place date %q in time", formatDate(c.opt.At))
	}
	return nil
}

func (c *calc) person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	if p, ok := c.people[id]; ok {
		return p, nil
	}
	p, err := c.g.Person(ctx, id)
	if err != nil {
		return nil, err
	}
	c.people[id] = p
	return p, nil
}

func (c *calc) add(r Relationship, paths ...[]hop) {
	c.res.Relationships = append(c.res.Relationships, r)
	c.hops = append(c.hops, paths)
}

func (c *calc) sides(ctx context.Context) error {
	if c.sa != nil {
		return nil
	}
	var err error
	if c.sa, err = c.climb(ctx, c.va); err != nil {
		return err
	}
	c.sb, err = c.climb(ctx, c.vb)
	return err
}

// partners finds the families in which a and b are partners.
// climb climbs from v and keeps the side to be released when Find ends.
func (c *calc) climb(ctx context.Context, v int32) (*side, error) {
	s, err := climb(ctx, c.v, v, c.opt.MaxGenerations)
	if s != nil {
		c.climbs = append(c.climbs, s)
	}
	return s, err
}

// release returns the scratch space of Find's searches.
func (c *calc) release() {
	for _, s := range c.climbs {
		s.release()
	}
	c.climbs = nil
}

func (c *calc) partners(ctx context.Context) error {
	es, err := c.v.partners(ctx, c.va)
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.to == c.vb {
			c.add(Relationship{Kind: KindPartner, PathCount: 1},
				[]hop{{from: c.va, to: c.vb, kind: ToPartner, fam: e.fam}})
		}
	}
	return nil
}

// blood finds the lowest common ancestors of a and b.
func (c *calc) blood(ctx context.Context) error {
	if err := c.sides(ctx); err != nil {
		return err
	}
	ties, err := lowest(ctx, c.v, c.sa, c.sb)
	if err != nil {
		return err
	}
	for i, t := range ties {
		if i >= c.opt.maxPaths() {
			c.res.Truncated = true
			break
		}
		r := Relationship{Kind: KindBlood, Ga: t.ga, Gb: t.gb, PathCount: t.count}
		if t.half {
			r.Flags |= Half
		}
		if len(t.groups) > 1 && t.ga > 0 && t.gb > 0 {
			r.Flags |= Double
		}
		for _, gr := range t.groups {
			for _, x := range gr {
				r.Via = append(r.Via, c.v.personID(x))
			}
		}
		paths, err := c.bloodPaths(ctx, c.sa, c.sb, t)
		if err != nil {
			return err
		}
		if c.opt.All && uint64(len(paths)) < t.count {
			c.res.Truncated = true
		}
		c.add(r, paths...)
	}
	if !c.opt.All {
		return nil
	}
	// With All, the further lines of a pedigree collapse too: a father who
	// is also a cousin through the mother's side.
	more, paths, err := further(ctx, c.v, c.sa, c.sb, ties, furtherLimit)
	if err != nil {
		return err
	}
	for i, t := range more {
		if len(ties)+i >= c.opt.maxPaths() {
			c.res.Truncated = true
			break
		}
		r := Relationship{Kind: KindBlood, Ga: t.ga, Gb: t.gb, PathCount: t.count}
		if t.half {
			r.Flags |= Half
		}
		for _, x := range t.groups[0] {
			r.Via = append(r.Via, c.v.personID(x))
		}
		c.add(r, paths[i])
	}
	return nil
}

// furtherLimit bounds the common ancestors further looks at.
const furtherLimit = 1024

// bloodPaths returns the path of a tie through its first ancestor, or with
// All up to MaxPaths paths through each of its ancestor groups.
func (c *calc) bloodPaths(ctx context.Context, sa, sb *side, t bloodTie) ([][]hop, error) {
	if !c.opt.All {
		x := t.groups[0][0]
		return [][]hop{append(sa.up(x), sb.down(x)...)}, nil
	}
	limit := c.opt.maxPaths()
	var out [][]hop
	for _, gr := range t.groups {
		x := gr[0]
		as, err := sa.downAll(ctx, c.v, x, limit)
		if err != nil {
			return nil, err
		}
		bs, err := sb.downAll(ctx, c.v, x, limit)
		if err != nil {
			return nil, err
		}
		for _, pa := range as {
			for _, pb := range bs {
				if len(out) >= limit {
					return out, nil
				}
				out = append(out, append(reverseHops(pa), pb...))
			}
		}
	}
	return out, nil
}

// step finds a partner link between an ancestor of a (or a) and an
// ancestor of b (or b) who are not themselves related to the other side:
// step-parents, step-children, step-siblings and further.
func (c *calc) step(ctx context.Context) error {
	type cand struct {
		x, y int32
		e    edge
		ga   int32
		gb   int32
	}
	var cands []cand
	for i, x := range c.sa.order {
		if c.sb.has(x) {
			continue
		}
		es, err := c.v.partners(ctx, x)
		if err != nil {
			return err
		}
		for _, e := range es {
			if x == c.va && e.to == c.vb {
				continue // partners, found above
			}
			nb, ok := c.sb.get(e.to)
			if !ok || c.sa.has(e.to) {
				continue
			}
			cands = append(cands, cand{x: x, y: e.to, e: e, ga: c.sa.nodes[i].dist, gb: nb.dist})
		}
	}
	slices.SortStableFunc(cands, func(p, q cand) int { return int((p.ga + p.gb) - (q.ga + q.gb)) })
	limit := 1
	if c.opt.All {
		limit = c.opt.maxPaths()
	}
	for i, k := range cands {
		if i >= limit {
			c.res.Truncated = true
			break
		}
		r := Relationship{Kind: KindStep, Ga: int(k.ga), Gb: int(k.gb), PathCount: 1,
			Via: []kin.ID{c.v.personID(k.x), c.v.personID(k.y)}}
		p := c.sa.up(k.x)
		p = append(p, hop{from: k.x, to: k.y, kind: ToPartner, fam: k.e.fam})
		p = append(p, c.sb.down(k.y)...)
		c.add(r, p)
	}
	return nil
}

// inLaws finds a's partners' blood relatives among b's relatives (a is the
// partner of b's relative) and a's relatives among b's partners' (a is a
// relative of b's partner). Ancestors of b's relatives' partners are
// step relations and are left to step.
func (c *calc) inLaws(ctx context.Context) error {
	limit := 1
	if c.opt.All {
		limit = c.opt.maxPaths()
	}
	var found []Relationship
	var foundHops [][][]hop
	type partnerSide struct {
		e edge
		s *side
	}
	var aps, bqs []partnerSide
	// a is the partner of p, who is b's relative.
	pes, err := c.v.partners(ctx, c.va)
	if err != nil {
		return err
	}
	for _, e := range pes {
		if e.to == c.vb {
			continue
		}
		sp, err := c.climb(ctx, e.to)
		if err != nil {
			return err
		}
		aps = append(aps, partnerSide{e, sp})
		ties, err := lowest(ctx, c.v, sp, c.sb)
		if err != nil {
			return err
		}
		for _, t := range ties {
			if t.ga == 0 { // p is b's ancestor: a is a step-parent
				continue
			}
			r := Relationship{Kind: KindInLaw, Flags: EndA, Ga: t.ga, Gb: t.gb, PathCount: t.count,
				Via: []kin.ID{c.v.personID(e.to)}}
			if t.half {
				r.Flags |= Half
			}
			x := t.groups[0][0]
			p := append([]hop{{from: c.va, to: e.to, kind: ToPartner, fam: e.fam}}, sp.up(x)...)
			p = append(p, c.sb.down(x)...)
			found = append(found, r)
			foundHops = append(foundHops, [][]hop{p})
		}
	}
	// a is the relative of q, who is b's partner.
	qes, err := c.v.partners(ctx, c.vb)
	if err != nil {
		return err
	}
	for _, e := range qes {
		if e.to == c.va {
			continue
		}
		sq, err := c.climb(ctx, e.to)
		if err != nil {
			return err
		}
		bqs = append(bqs, partnerSide{e, sq})
		ties, err := lowest(ctx, c.v, c.sa, sq)
		if err != nil {
			return err
		}
		for _, t := range ties {
			if t.gb == 0 { // a descends from q: a is a step-child
				continue
			}
			r := Relationship{Kind: KindInLaw, Ga: t.ga, Gb: t.gb, PathCount: t.count,
				Via: []kin.ID{c.v.personID(e.to)}}
			if t.half {
				r.Flags |= Half
			}
			x := t.groups[0][0]
			p := append(c.sa.up(x), sq.down(x)...)
			p = append(p, hop{from: e.to, to: c.vb, kind: ToPartner, fam: e.fam})
			found = append(found, r)
			foundHops = append(foundHops, [][]hop{p})
		}
	}
	// a is the partner of p, who is a relative of q, b's partner: a
	// sister-in-law's husband, an aunt-in-law's husband. p and q are
	// neither the same person nor one the other's ancestor (that would be
	// a step relation of b's partner).
	for _, ap := range aps {
		for _, bq := range bqs {
			if ap.e.to == bq.e.to || ap.e.to == c.vb || bq.e.to == c.va {
				continue
			}
			ties, err := lowest(ctx, c.v, ap.s, bq.s)
			if err != nil {
				return err
			}
			for _, t := range ties {
				if t.ga == 0 || t.gb == 0 {
					continue
				}
				r := Relationship{Kind: KindInLaw, Flags: EndA | EndBoth, Ga: t.ga, Gb: t.gb, PathCount: t.count,
					Via: []kin.ID{c.v.personID(ap.e.to), c.v.personID(bq.e.to)}}
				if t.half {
					r.Flags |= Half
				}
				x := t.groups[0][0]
				p := append([]hop{{from: c.va, to: ap.e.to, kind: ToPartner, fam: ap.e.fam}}, ap.s.up(x)...)
				p = append(p, bq.s.down(x)...)
				p = append(p, hop{from: bq.e.to, to: c.vb, kind: ToPartner, fam: bq.e.fam})
				found = append(found, r)
				foundHops = append(foundHops, [][]hop{p})
			}
		}
	}
	idx := make([]int, len(found))
	for i := range idx {
		idx[i] = i
	}
	// nearest first, one partner link before two
	slices.SortStableFunc(idx, func(i, j int) int {
		bi, bj := found[i].Flags&EndBoth != 0, found[j].Flags&EndBoth != 0
		if bi != bj {
			if bi {
				return 1
			}
			return -1
		}
		return (found[i].Ga + found[i].Gb) - (found[j].Ga + found[j].Gb)
	})
	for n, i := range idx {
		if n >= limit {
			c.res.Truncated = true
			break
		}
		c.add(found[i], foundHops[i]...)
	}
	return nil
}

// coParents finds children a and b share without being partners in a
// family.
func (c *calc) coParents(ctx context.Context) error {
	for _, r := range c.res.Relationships {
		if r.Kind == KindPartner {
			return nil
		}
	}
	ces, err := c.v.children(ctx, c.va)
	if err != nil {
		return err
	}
	var r *Relationship
	var p []hop
	seen := make(map[int32]bool)
	for _, ce := range ces {
		if seen[ce.to] {
			continue
		}
		seen[ce.to] = true
		pes, err := c.v.parents(ctx, ce.to)
		if err != nil {
			return err
		}
		for _, pe := range pes {
			if pe.to != c.vb {
				continue
			}
			if r == nil {
				r = &Relationship{Kind: KindCoParent, Ga: 1, Gb: 1}
				p = []hop{{from: c.va, to: ce.to, kind: ToChild, fam: ce.fam, lin: ce.lin},
					{from: ce.to, to: c.vb, kind: ToParent, fam: pe.fam, lin: pe.lin}}
			}
			r.Via = append(r.Via, c.v.personID(ce.to))
			r.PathCount++
			break
		}
	}
	if r != nil {
		c.add(*r, p)
	}
	return nil
}

// associations lists the associations between a and b, whichever of
// them they are recorded on: both people's associations are asked for, so
// a Graph that returns only those recorded on a person still gives B's
// ASSO pointing at A.
func (c *calc) associations(ctx context.Context) error {
	a, b := c.res.A.ID, c.res.B.ID
	as, err := c.g.Associations(ctx, a)
	if err != nil {
		return err
	}
	bs, err := c.g.Associations(ctx, b)
	if err != nil {
		return err
	}
	seen := make(map[*kin.Association]bool)
	seenID := make(map[kin.ID]bool)
	for _, x := range append(as, bs...) {
		if x == nil || seen[x] || (x.ID != "" && seenID[x.ID]) {
			continue
		}
		seen[x] = true
		if x.ID != "" {
			seenID[x.ID] = true
		}
		switch {
		case x.Person == b && x.Other == a:
			// recorded on b, pointing at a: Relation is a's role.
			c.add(Relationship{Kind: KindAssociation, Association: x, PathCount: 1})
		case x.Person == a && x.Other == b:
			// recorded on a: Relation is b's role, to be inverted.
			c.add(Relationship{Kind: KindAssociation, Association: x, Inverse: true, PathCount: 1})
		}
	}
	return nil
}
