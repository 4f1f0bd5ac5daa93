package relate

import (
	"context"
	"math"
	"slices"
	"sync"
)

// node is what a breadth-first climb knows about one ancestor.
type node struct {
	dist int32
	// from is the person (one generation nearer the start) through whom
	// the node was first reached at its shortest distance, by birth links
	// only when possible; e is the edge from there. -1 for the start.
	from int32
	e    edge
	pure bool   // reached by birth links only
	cnt  uint64 // number of shortest paths from the start, saturating
}

// side is the set of ancestors of one person (the person included, at
// distance 0), found breadth-first, each visited once.
type side struct {
	start int32
	idx   map[int32]int32 // person → position in nodes, without a scratch
	sc    *scratch        // person → position in nodes, over an Index
	order []int32         // persons in visiting order (by distance)
	nodes []node
}

func (s *side) pos(v int32) (int32, bool) {
	if s.sc != nil {
		return s.sc.get(v)
	}
	i, ok := s.idx[v]
	return i, ok
}

func (s *side) set(v, i int32) {
	if s.sc != nil {
		s.sc.set(v, i)
		return
	}
	s.idx[v] = i
}

func (s *side) get(v int32) (*node, bool) {
	i, ok := s.pos(v)
	if !ok {
		return nil, false
	}
	return &s.nodes[i], true
}

func (s *side) has(v int32) bool { _, ok := s.pos(v); return ok }

// release returns s's scratch space to its pool.
func (s *side) release() {
	if s != nil && s.sc != nil {
		// keep the slices' room for the next search
		s.sc.order, s.sc.nodes = s.order[:0], s.nodes[:0]
		s.order, s.nodes = nil, nil
		s.sc.pool.Put(s.sc)
		s.sc = nil
	}
}

// scratch maps person numbers to int32 values for one search without a
// Go map: an entry holds when its stamp is the scratch's current
// generation, so starting a new search is one increment, not a clear.
// Scratches are pooled in the Index; each costs 8 bytes per person.
type scratch struct {
	gen   uint32
	stamp []uint32
	val   []int32
	pool  *sync.Pool
	// order and nodes are a released side's slices, reused.
	order []int32
	nodes []node
}

func (s *scratch) get(v int32) (int32, bool) {
	if s.stamp[v] != s.gen {
		return 0, false
	}
	return s.val[v], true
}

func (s *scratch) set(v, x int32) {
	s.stamp[v] = s.gen
	s.val[v] = x
}

// newSide returns an empty side for a climb from start over v, with a
// pooled scratch when v is an Index.
func newSide(v view, start int32) *side {
	s := &side{start: start}
	if ix, ok := v.(*Index); ok {
		s.sc = ix.scratch()
		s.order, s.nodes = s.sc.order, s.sc.nodes
		s.sc.order, s.sc.nodes = nil, nil
	} else {
		s.idx = make(map[int32]int32, 64)
	}
	return s
}

func satAdd(a, b uint64) uint64 {
	if a > math.MaxUint64-b {
		return math.MaxUint64
	}
	return a + b
}

func satMul(a, b uint64) uint64 {
	if a != 0 && b > math.MaxUint64/a {
		return math.MaxUint64
	}
	return a * b
}

// climb finds the ancestors of start breadth-first, up to maxGen
// generations (0: all). Each ancestor is visited once, so the time is
// linear in the number of ancestors and parent links.
func climb(ctx context.Context, v view, start int32, maxGen int) (*side, error) {
	s := newSide(v, start)
	s.set(start, 0)
	s.order = append(s.order, start)
	s.nodes = append(s.nodes, node{dist: 0, from: -1, pure: true, cnt: 1})
	level := int32(-1)
	for i := 0; i < len(s.order); i++ {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				s.release()
				return nil, err
			}
		}
		u := s.order[i]
		un := s.nodes[i]
		if maxGen > 0 && int(un.dist) >= maxGen {
			continue
		}
		if un.dist != level {
			// The rest of s.order is this generation: load it at once.
			level = un.dist
			if err := v.prefetch(ctx, s.order[i:]); err != nil {
				s.release()
				return nil, err
			}
		}
		ps, err := v.parents(ctx, u)
		if err != nil {
			s.release()
			return nil, err
		}
		for _, e := range ps {
			pure := un.pure && e.lin == linBirth
			if j, ok := s.pos(e.to); ok {
				n := &s.nodes[j]
				if n.dist == un.dist+1 {
					n.cnt = satAdd(n.cnt, un.cnt)
					if pure && !n.pure {
						n.from, n.e, n.pure = u, e, true
					}
				}
				continue
			}
			s.set(e.to, int32(len(s.nodes)))
			s.order = append(s.order, e.to)
			s.nodes = append(s.nodes, node{dist: un.dist + 1, from: u, e: e, pure: pure, cnt: un.cnt})
		}
	}
	return s, nil
}

// hop is one step of a path in person numbers.
type hop struct {
	from, to int32
	kind     LinkKind
	fam      int32
	lin      uint8
}

// up returns the path from s's start up to x along first-reached links.
func (s *side) up(x int32) []hop {
	var rev []hop
	for cur := x; ; {
		n, _ := s.get(cur)
		if n.from < 0 {
			break
		}
		rev = append(rev, hop{from: n.from, to: cur, kind: ToParent, fam: n.e.fam, lin: n.e.lin})
		cur = n.from
	}
	slices.Reverse(rev)
	return rev
}

// down returns the path from x down to s's start: up(x) reversed.
func (s *side) down(x int32) []hop {
	u := s.up(x)
	out := make([]hop, len(u))
	for i, h := range u {
		out[len(u)-1-i] = hop{from: h.to, to: h.from, kind: ToChild, fam: h.fam, lin: h.lin}
	}
	return out
}

// downAll lists up to limit shortest paths from x down to s's start,
// following children who are on s's shortest paths.
func (s *side) downAll(ctx context.Context, v view, x int32, limit int) ([][]hop, error) {
	var out [][]hop
	var cur []hop
	var walk func(u int32) error
	walk = func(u int32) error {
		if len(out) >= limit {
			return nil
		}
		un, _ := s.get(u)
		if un.dist == 0 {
			out = append(out, slices.Clone(cur))
			return nil
		}
		cs, err := v.children(ctx, u)
		if err != nil {
			return err
		}
		for _, e := range cs {
			cn, ok := s.get(e.to)
			if !ok || cn.dist != un.dist-1 {
				continue
			}
			cur = append(cur, hop{from: u, to: e.to, kind: ToChild, fam: e.fam, lin: e.lin})
			if err := walk(e.to); err != nil {
				return err
			}
			cur = cur[:len(cur)-1]
			if len(out) >= limit {
				break
			}
		}
		return nil
	}
	err := walk(x)
	return out, err
}

func reverseHops(p []hop) []hop {
	out := make([]hop, len(p))
	for i, h := range p {
		k := ToParent
		if h.kind == ToParent {
			k = ToChild
		} else if h.kind == ToPartner {
			k = ToPartner
		}
		out[len(p)-1-i] = hop{from: h.to, to: h.from, kind: k, fam: h.fam, lin: h.lin}
	}
	return out
}

// bloodTie is a set of lowest common ancestors of two people at the same
// distances: one person, a couple, or (double) several.
type bloodTie struct {
	ga, gb int
	groups [][]int32 // each a lowest common ancestor, or a couple of them
	half   bool
	count  uint64
}

// lowest returns the lowest common ancestors of sa's and sb's starts,
// grouped into ties by distance, nearest first. A common ancestor is lowest
// when none of its children is a common ancestor too.
func lowest(ctx context.Context, v view, sa, sb *side) ([]bloodTie, error) {
	small, big := sa, sb
	if len(sb.order) < len(sa.order) {
		small, big = sb, sa
	}
	var common []int32
	for _, u := range small.order {
		if big.has(u) {
			common = append(common, u)
		}
	}
	if len(common) == 0 {
		return nil, nil
	}
	isCommon := func(x int32) bool { return sa.has(x) && sb.has(x) }
	if err := v.prefetch(ctx, common); err != nil {
		return nil, err
	}
	// A common ancestor is lowest when none of its children is one too.
	lowestOnes := common[:0:0]
	for _, x := range common {
		cs, err := v.children(ctx, x)
		if err != nil {
			return nil, err
		}
		low := true
		for _, e := range cs {
			if isCommon(e.to) {
				low = false
				break
			}
		}
		if low {
			lowestOnes = append(lowestOnes, x)
		}
	}
	notLowest := func(x int32) bool { return !slices.Contains(lowestOnes, x) }
	type key struct{ ga, gb int32 }
	byKey := make(map[key]*bloodTie)
	var keys []key
	grouped := make(map[int32]bool)
	for _, x := range lowestOnes {
		if grouped[x] {
			continue
		}
		na, _ := sa.get(x)
		nb, _ := sb.get(x)
		k := key{na.dist, nb.dist}
		t := byKey[k]
		if t == nil {
			t = &bloodTie{ga: int(na.dist), gb: int(nb.dist)}
			byKey[k] = t
			keys = append(keys, k)
		}
		group := []int32{x}
		grouped[x] = true
		halfByBirth := false
		pts, err := v.partners(ctx, x)
		if err != nil {
			return nil, err
		}
		for _, e := range pts {
			y := e.to
			if grouped[y] || !isCommon(y) || notLowest(y) {
				continue
			}
			ya, _ := sa.get(y)
			yb, _ := sb.get(y)
			if ya.dist == na.dist && yb.dist == nb.dist {
				group = append(group, y)
				grouped[y] = true
				// A couple of whom only one is an ancestor of both by
				// birth (the other adopted one of the lines, as Gramps
				// _FREL/_MREL say): by birth the relation is half, and
				// the path goes through the birth ancestor.
				xp, yp := na.pure && nb.pure, ya.pure && yb.pure
				if xp != yp && na.dist > 0 && nb.dist > 0 {
					halfByBirth = true
					if yp {
						group[0], group[1] = y, x
					}
				}
				break
			}
		}
		t.groups = append(t.groups, group)
		t.count = satAdd(t.count, satMul(na.cnt, nb.cnt))
		// Half: one ancestor, reached from the two sides through different
		// families of theirs.
		if (len(group) == 1 && na.dist > 0 && nb.dist > 0 && na.e.fam != nb.e.fam) || halfByBirth {
			t.half = true
		}
	}
	slices.SortFunc(keys, func(x, y key) int {
		if d := (x.ga + x.gb) - (y.ga + y.gb); d != 0 {
			return int(d)
		}
		return int(x.ga - y.ga)
	})
	out := make([]bloodTie, 0, len(keys))
	for _, k := range keys {
		t := byKey[k]
		if len(t.groups) > 1 {
			t.half = false
		}
		out = append(out, *t)
	}
	return out, nil
}

// further returns the blood ties of a pedigree collapse that the lowest
// common ancestors hide: a common ancestor X is reached from a along one
// line and from b along another that meet only at X (a father who is also
// a cousin through the mother's side, siblings whose parents are cousins),
// at (Ga, Gb) distances that no tie in ties has, nearest first. For each
// child c of X on a's side and child d ≠ c on b's side, the shortest lines
// a…c and b…d are taken, and X counts when they share nobody. paths gives
// each tie's path. limit bounds the common ancestors looked at, so a
// deeply collapsed pedigree cannot make a query slow.
func further(ctx context.Context, v view, sa, sb *side, ties []bloodTie, limit int) ([]bloodTie, map[int][]hop, error) {
	type key struct{ ga, gb int }
	have := map[key]bool{}
	for _, t := range ties {
		have[key{t.ga, t.gb}] = true
	}
	type cand struct {
		x      int32
		ga, gb int
		path   []hop
		half   bool
	}
	var cands []cand
	small, big := sa, sb
	if len(sb.order) < len(sa.order) {
		small, big = sb, sa
	}
	looked := 0
	onA := map[int32]bool{}
	for _, x := range small.order {
		if !big.has(x) {
			continue
		}
		if looked++; looked > limit {
			break
		}
		if looked&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		cs, err := v.children(ctx, x)
		if err != nil {
			return nil, nil, err
		}
		for _, ce := range cs {
			na, ok := sa.get(ce.to)
			if !ok {
				continue
			}
			pa := sa.up(ce.to)
			clear(onA)
			onA[ce.to] = true
			for _, h := range pa {
				onA[h.from] = true
			}
			for _, de := range cs {
				if de.to == ce.to {
					continue
				}
				nb, ok := sb.get(de.to)
				if !ok || onA[de.to] {
					continue
				}
				k := key{int(na.dist) + 1, int(nb.dist) + 1}
				if have[k] {
					continue
				}
				pb := sb.up(de.to)
				disjoint := true
				for _, h := range pb {
					if onA[h.from] {
						disjoint = false
						break
					}
				}
				if !disjoint {
					continue
				}
				path := append(pa, hop{from: ce.to, to: x, kind: ToParent, fam: ce.fam, lin: ce.lin})
				path = append(path, hop{from: x, to: de.to, kind: ToChild, fam: de.fam, lin: de.lin})
				path = append(path, reverseHops(pb)...)
				cands = append(cands, cand{x: x, ga: k.ga, gb: k.gb, half: ce.fam != de.fam, path: path})
			}
		}
	}
	slices.SortStableFunc(cands, func(p, q cand) int {
		if d := (p.ga + p.gb) - (q.ga + q.gb); d != 0 {
			return d
		}
		return p.ga - q.ga
	})
	var out []bloodTie
	paths := map[int][]hop{}
	byKey := map[key]int{}
	for _, c := range cands {
		k := key{c.ga, c.gb}
		if i, ok := byKey[k]; ok {
			t := &out[i]
			if !slices.Contains(t.groups[0], c.x) {
				// the other of a couple, or another line
				t.groups[0] = append(t.groups[0], c.x)
				t.half = false
			}
			t.count++
			continue
		}
		byKey[k] = len(out)
		paths[len(out)] = c.path
		out = append(out, bloodTie{ga: c.ga, gb: c.gb, groups: [][]int32{{c.x}}, half: c.half, count: 1})
	}
	return out, paths, nil
}
