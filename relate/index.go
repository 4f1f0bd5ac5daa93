package relate

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"kin"
)

// Index is a compact adjacency index of a family tree for fast searches on
// large trees. People and families are numbered with int32; each person's
// parents, partners and children are stored as runs of one flat slice
// (compressed sparse rows), each entry the neighbour's number, the family
// number and the child link's lineage. On a 64-bit machine it takes about
// 16 bytes per person for the ID header and 12 bytes of offsets, 12 bytes
// per parent, partner and child entry, and a map entry per person for
// lookups by ID (see docs/performance.md for a measurement).
//
// An Index is read-only once built and safe for concurrent use.
type Index struct {
	ids    []kin.ID
	num    map[kin.ID]int32
	famIDs []kin.ID

	parOff, ptOff, chOff []int32
	par, pt, ch          []edge

	// scratches pools the searches' scratch space (see scratch).
	scratches sync.Pool
}

// scratch returns a scratch from ix's pool, with a fresh generation.
func (ix *Index) scratch() *scratch {
	s, _ := ix.scratches.Get().(*scratch)
	if s == nil {
		s = &scratch{stamp: make([]uint32, len(ix.ids)), val: make([]int32, len(ix.ids)), pool: &ix.scratches}
	}
	s.gen++
	if s.gen == 0 { // wrapped: old stamps could match
		clear(s.stamp)
		s.gen = 1
	}
	return s
}

// edge is one adjacency entry: the neighbour, the family through which they
// are linked and the lineage of the child link (for parent and child
// entries).
type edge struct {
	to  int32
	fam int32
	lin uint8
}

// lineage codes, so an edge stays 12 bytes.
const (
	linBirth uint8 = iota // birth or unstated
	linAdopted
	linFoster
	linStep
	linSealing
)

func lineageCode(l kin.Lineage) uint8 {
	switch l {
	case kin.LineageAdopted:
		return linAdopted
	case kin.LineageFoster:
		return linFoster
	case kin.LineageStep:
		return linStep
	case kin.LineageSealing:
		return linSealing
	}
	return linBirth
}

func lineageOf(c uint8) kin.Lineage {
	switch c {
	case linAdopted:
		return kin.LineageAdopted
	case linFoster:
		return kin.LineageFoster
	case linStep:
		return kin.LineageStep
	case linSealing:
		return kin.LineageSealing
	}
	return kin.LineageBirth
}

// partnerLineage returns how the child of link c belongs to the partner at
// position i of the family's Partners.
func partnerLineage(c kin.ChildLink, i int) kin.Lineage {
	if i >= 0 && i < len(c.PartnerLineage()) && c.PartnerLineage()[i] != kin.LineageUnknown {
		return c.PartnerLineage()[i]
	}
	return c.Lineage
}

// NewIndex builds an Index of t's people and families. Links to people who
// are not in t are left out.
func NewIndex(t *kin.Tree) *Index {
	ix := &Index{
		ids:    make([]kin.ID, len(t.People)),
		num:    make(map[kin.ID]int32, len(t.People)),
		famIDs: make([]kin.ID, len(t.Families)),
	}
	for i, p := range t.People {
		ix.ids[i] = p.ID
		ix.num[p.ID] = int32(i)
	}
	b := newIndexBuilder(len(t.People))
	for fi, f := range t.Families {
		ix.famIDs[fi] = f.ID
		b.addFamily(ix.num, int32(fi), f)
	}
	b.finish(ix)
	return ix
}

// BuildIndex builds an Index of the given people from g: their child and
// partner families, and the links among them. People reached through those
// families but not listed are left out. It is how a store that can list its
// people gets an Index.
func BuildIndex(ctx context.Context, g Graph, people []kin.ID) (*Index, error) {
	ix := &Index{
		ids: make([]kin.ID, len(people)),
		num: make(map[kin.ID]int32, len(people)),
	}
	for i, id := range people {
		ix.ids[i] = id
		ix.num[id] = int32(i)
	}
	famNum := make(map[kin.ID]int32)
	b := newIndexBuilder(len(people))
	add := func(fs []*kin.Family) {
		for _, f := range fs {
			if _, ok := famNum[f.ID]; ok {
				continue
			}
			n := int32(len(ix.famIDs))
			famNum[f.ID] = n
			ix.famIDs = append(ix.famIDs, f.ID)
			b.addFamily(ix.num, n, f)
		}
	}
	if lg, ok := g.(LinkGraph); ok {
		// A generation's worth of people per call.
		const batch = 500
		for i := 0; i < len(people); i += batch {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			fs, err := lg.FamilyLinks(ctx, people[i:min(i+batch, len(people))])
			if err != nil {
				return nil, fmt.Errorf("index %s: %w", people[i], err)
			}
			add(fs)
		}
		b.finish(ix)
		return ix, nil
	}
	for _, id := range people {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cf, err := g.ChildFamilies(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", id, err)
		}
		add(cf)
		pf, err := g.PartnerFamilies(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("index %s: %w", id, err)
		}
		add(pf)
	}
	b.finish(ix)
	return ix, nil
}

// indexBuilder collects adjacency pairs and packs them into rows.
type indexBuilder struct {
	n               int
	parFrom, ptFrom []int32
	parE, ptE       []edge
}

func newIndexBuilder(n int) *indexBuilder { return &indexBuilder{n: n} }

func (b *indexBuilder) addFamily(num map[kin.ID]int32, fi int32, f *kin.Family) {
	var ps [2]int32
	var pi [2]int // the partners' positions in f.Partners
	np := 0
	for i, p := range f.Partners {
		if v, ok := num[p]; ok && np < 2 {
			ps[np], pi[np] = v, i
			np++
		}
	}
	if np == 2 && ps[0] != ps[1] {
		b.ptFrom = append(b.ptFrom, ps[0], ps[1])
		b.ptE = append(b.ptE, edge{to: ps[1], fam: fi}, edge{to: ps[0], fam: fi})
	}
	for _, c := range f.Children {
		cv, ok := num[c.Child]
		if !ok {
			continue
		}
		for k, p := range ps[:np] {
			if p == cv {
				continue
			}
			b.parFrom = append(b.parFrom, cv)
			b.parE = append(b.parE, edge{to: p, fam: fi, lin: lineageCode(partnerLineage(c, pi[k]))})
		}
	}
}

// pack sorts pairs into rows by their from-number (a counting sort, so
// order within a row is insertion order).
func pack(n int, from []int32, es []edge) ([]int32, []edge) {
	off := make([]int32, n+1)
	for _, f := range from {
		off[f+1]++
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	out := make([]edge, len(es))
	pos := make([]int32, n)
	copy(pos, off[:n])
	for i, f := range from {
		out[pos[f]] = es[i]
		pos[f]++
	}
	return off, out
}

func (b *indexBuilder) finish(ix *Index) {
	ix.parOff, ix.par = pack(b.n, b.parFrom, b.parE)
	ix.ptOff, ix.pt = pack(b.n, b.ptFrom, b.ptE)
	// children are the parent pairs reversed
	chFrom := make([]int32, len(b.parE))
	chE := make([]edge, len(b.parE))
	for i, e := range b.parE {
		chFrom[i] = e.to
		chE[i] = edge{to: b.parFrom[i], fam: e.fam, lin: e.lin}
	}
	ix.chOff, ix.ch = pack(b.n, chFrom, chE)
}

// Len returns the number of people in ix.
func (ix *Index) Len() int { return len(ix.ids) }

// Has reports whether ix holds the person id.
func (ix *Index) Has(id kin.ID) bool { _, ok := ix.num[id]; return ok }

// view methods: ix never fails.

func (ix *Index) lookup(ctx context.Context, id kin.ID) (int32, error) {
	if v, ok := ix.num[id]; ok {
		return v, nil
	}
	return 0, kin.Errorf(kin.ENOTFOUND, "person %s not found", id)
}

func (ix *Index) personID(v int32) kin.ID { return ix.ids[v] }
func (ix *Index) familyID(f int32) kin.ID { return ix.famIDs[f] }

func (ix *Index) parents(ctx context.Context, v int32) ([]edge, error) {
	return ix.par[ix.parOff[v]:ix.parOff[v+1]], nil
}

func (ix *Index) partners(ctx context.Context, v int32) ([]edge, error) {
	return ix.pt[ix.ptOff[v]:ix.ptOff[v+1]], nil
}

func (ix *Index) children(ctx context.Context, v int32) ([]edge, error) {
	return ix.ch[ix.chOff[v]:ix.chOff[v+1]], nil
}

func (ix *Index) prefetch(ctx context.Context, vs []int32) error { return nil }

// view is the numbered adjacency the searches run on: an Index, or a
// lazyView that numbers people as it meets them in a plain Graph.
type view interface {
	lookup(ctx context.Context, id kin.ID) (int32, error)
	personID(v int32) kin.ID
	familyID(f int32) kin.ID
	parents(ctx context.Context, v int32) ([]edge, error)
	partners(ctx context.Context, v int32) ([]edge, error)
	children(ctx context.Context, v int32) ([]edge, error)
	// prefetch tells the view that the adjacency of vs will be asked for
	// next, so a view over a LinkGraph can load them in one call.
	prefetch(ctx context.Context, vs []int32) error
}

// viewOf returns g's Index if it has one, or a lazy view over g.
func viewOf(g Graph) view {
	if ig, ok := g.(IndexedGraph); ok {
		if ix := ig.Index(); ix != nil {
			return ix
		}
	}
	return newLazyView(g)
}

// lazyView numbers people and families of a Graph as a search meets them,
// and caches their adjacency, so one search asks the graph about each
// person at most once.
type lazyView struct {
	g      Graph
	links  LinkGraph // g, when it can load many people's links at once
	ids    []kin.ID
	num    map[kin.ID]int32
	famIDs []kin.ID
	famNum map[kin.ID]int32
	adj    []*lazyAdj
}

type lazyAdj struct {
	par, pt, ch []edge
	loaded      bool
}

func newLazyView(g Graph) *lazyView {
	lv := &lazyView{g: g, num: make(map[kin.ID]int32), famNum: make(map[kin.ID]int32)}
	lv.links, _ = g.(LinkGraph)
	return lv
}

func (lv *lazyView) number(id kin.ID) int32 {
	if v, ok := lv.num[id]; ok {
		return v
	}
	v := int32(len(lv.ids))
	lv.ids = append(lv.ids, id)
	lv.num[id] = v
	lv.adj = append(lv.adj, &lazyAdj{})
	return v
}

func (lv *lazyView) famNumber(id kin.ID) int32 {
	if f, ok := lv.famNum[id]; ok {
		return f
	}
	f := int32(len(lv.famIDs))
	lv.famIDs = append(lv.famIDs, id)
	lv.famNum[id] = f
	return f
}

func (lv *lazyView) lookup(ctx context.Context, id kin.ID) (int32, error) {
	if v, ok := lv.num[id]; ok {
		return v, nil
	}
	if _, err := lv.g.Person(ctx, id); err != nil {
		return 0, err
	}
	return lv.number(id), nil
}

func (lv *lazyView) personID(v int32) kin.ID { return lv.ids[v] }
func (lv *lazyView) familyID(f int32) kin.ID { return lv.famIDs[f] }

func (lv *lazyView) load(ctx context.Context, v int32) (*lazyAdj, error) {
	a := lv.adj[v]
	if a.loaded {
		return a, nil
	}
	if lv.links != nil {
		if err := lv.prefetch(ctx, []int32{v}); err != nil {
			return nil, err
		}
		return a, nil
	}
	id := lv.ids[v]
	cf, err := lv.g.ChildFamilies(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("child families of %s: %w", id, err)
	}
	for _, f := range cf {
		lv.addChildIn(a, id, f)
	}
	pf, err := lv.g.PartnerFamilies(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("partner families of %s: %w", id, err)
	}
	for _, f := range pf {
		lv.addPartnerIn(a, id, f)
	}
	// lv.adj may have grown; a is still the same pointer.
	a.loaded = true
	return a, nil
}

// addChildIn adds to a the parents of id in f, a family id is a child in.
func (lv *lazyView) addChildIn(a *lazyAdj, id kin.ID, f *kin.Family) {
	fn := lv.famNumber(f.ID)
	c, _ := f.Child(id)
	for i, p := range f.Partners {
		if p != id && p != "" {
			a.par = append(a.par, edge{to: lv.number(p), fam: fn, lin: lineageCode(partnerLineage(c, i))})
		}
	}
}

// addPartnerIn adds to a the partner and children of id in f, a family id
// is a partner in.
func (lv *lazyView) addPartnerIn(a *lazyAdj, id kin.ID, f *kin.Family) {
	fn := lv.famNumber(f.ID)
	if o := f.OtherPartner(id); o != "" && len(f.Partners) > 1 {
		a.pt = append(a.pt, edge{to: lv.number(o), fam: fn})
	}
	pi := slices.Index(f.Partners, id)
	for _, c := range f.Children {
		if c.Child != id {
			a.ch = append(a.ch, edge{to: lv.number(c.Child), fam: fn, lin: lineageCode(partnerLineage(c, pi))})
		}
	}
}

// prefetch loads the adjacency of those of vs not loaded yet with one
// FamilyLinks call, when the graph offers it.
func (lv *lazyView) prefetch(ctx context.Context, vs []int32) error {
	if lv.links == nil {
		return nil
	}
	var ids []kin.ID
	want := make(map[kin.ID]*lazyAdj)
	for _, v := range vs {
		if a := lv.adj[v]; !a.loaded && want[lv.ids[v]] == nil {
			ids = append(ids, lv.ids[v])
			want[lv.ids[v]] = a
		}
	}
	if len(ids) == 0 {
		return nil
	}
	fams, err := lv.links.FamilyLinks(ctx, ids)
	if err != nil {
		return fmt.Errorf("families of %s: %w", ids[0], err)
	}
	// Child families first, then partner families, as load reads them.
	for _, f := range fams {
		for _, c := range f.Children {
			if a := want[c.Child]; a != nil {
				lv.addChildIn(a, c.Child, f)
			}
		}
	}
	for _, f := range fams {
		for i, p := range f.Partners {
			if a := want[p]; a != nil && slices.Index(f.Partners, p) == i {
				lv.addPartnerIn(a, p, f)
			}
		}
	}
	for _, a := range want {
		a.loaded = true
	}
	return nil
}

func (lv *lazyView) parents(ctx context.Context, v int32) ([]edge, error) {
	a, err := lv.load(ctx, v)
	if err != nil {
		return nil, err
	}
	return a.par, nil
}

func (lv *lazyView) partners(ctx context.Context, v int32) ([]edge, error) {
	a, err := lv.load(ctx, v)
	if err != nil {
		return nil, err
	}
	return a.pt, nil
}

func (lv *lazyView) children(ctx context.Context, v int32) ([]edge, error) {
	a, err := lv.load(ctx, v)
	if err != nil {
		return nil, err
	}
	return a.ch, nil
}
