package relate

import (
	"context"
	"math"
	"slices"
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
	idx   map[int32]int32 // person → position in nodes
	order []int32         // persons in visiting order (by distance)
	nodes []node
}

func (s *side) get(v int32) (*node, bool) {
	i, ok := s.idx[v]
	if !ok {
		return nil, false
	}
	return &s.nodes[i], true
}

func (s *side) has(v int32) bool { _, ok := s.idx[v]; return ok }

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
	s := &side{start: start, idx: make(map[int32]int32, 64)}
	s.idx[start] = 0
	s.order = append(s.order, start)
	s.nodes = append(s.nodes, node{dist: 0, from: -1, pure: true, cnt: 1})
	for i := 0; i < len(s.order); i++ {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		u := s.order[i]
		un := s.nodes[i]
		if maxGen > 0 && int(un.dist) >= maxGen {
			continue
		}
		ps, err := v.parents(ctx, u)
		if err != nil {
			return nil, err
		}
		for _, e := range ps {
			pure := un.pure && e.lin == linBirth
			if j, ok := s.idx[e.to]; ok {
				n := &s.nodes[j]
				if n.dist == un.dist+1 {
					n.cnt = satAdd(n.cnt, un.cnt)
					if pure && !n.pure {
						n.from, n.e, n.pure = u, e, true
					}
				}
				continue
			}
			s.idx[e.to] = int32(len(s.nodes))
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
	isCommon := make(map[int32]bool, len(common))
	for _, c := range common {
		isCommon[c] = true
	}
	notLowest := make(map[int32]bool)
	for _, c := range common {
		ps, err := v.parents(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, e := range ps {
			if isCommon[e.to] {
				notLowest[e.to] = true
			}
		}
	}
	type key struct{ ga, gb int32 }
	byKey := make(map[key]*bloodTie)
	var keys []key
	grouped := make(map[int32]bool)
	for _, x := range common {
		if notLowest[x] || grouped[x] {
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
		pts, err := v.partners(ctx, x)
		if err != nil {
			return nil, err
		}
		for _, e := range pts {
			y := e.to
			if grouped[y] || notLowest[y] || !isCommon[y] {
				continue
			}
			ya, _ := sa.get(y)
			yb, _ := sb.get(y)
			if ya.dist == na.dist && yb.dist == nb.dist {
				group = append(group, y)
				grouped[y] = true
				break
			}
		}
		t.groups = append(t.groups, group)
		t.count = satAdd(t.count, satMul(na.cnt, nb.cnt))
		// Half: one ancestor, reached from the two sides through different
		// families of theirs.
		if len(group) == 1 && na.dist > 0 && nb.dist > 0 && na.e.fam != nb.e.fam {
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

// meet is a common ancestor reached from one side along a path whose other
// people are not common ancestors.
type meet struct {
	dist int32
	e    edge // the link into the common ancestor
}

// frontier climbs from s's start through people who are not ancestors of
// other's start, and returns the common ancestors where it stops: those
// reached along a path that passes through no other common ancestor, with
// the length of the shortest such path, and a function giving that path
// from s's start up to one of them. The lowest common ancestors are among
// them; the others are the further lines of a pedigree collapse (a father
// who is also a cousin through the mother's side, a wife who is a fifth
// cousin twice over).
func frontier(ctx context.Context, v view, s, other *side, maxGen int) (map[int32]meet, func(x int32) []hop, error) {
	met := map[int32]meet{}
	if other.has(s.start) {
		return met, nil, nil
	}
	type step struct {
		dist int32
		from int32
		e    edge
	}
	seen := map[int32]step{s.start: {from: -1}}
	queue := []int32{s.start}
	for i := 0; i < len(queue); i++ {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		u := queue[i]
		d := seen[u].dist
		if maxGen > 0 && int(d) >= maxGen {
			continue
		}
		ps, err := v.parents(ctx, u)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range ps {
			if other.has(e.to) {
				if _, ok := met[e.to]; !ok {
					met[e.to] = meet{dist: d + 1, e: e}
					seen[e.to] = step{dist: d + 1, from: u, e: e}
				}
				continue
			}
			if _, ok := seen[e.to]; ok {
				continue
			}
			seen[e.to] = step{dist: d + 1, from: u, e: e}
			queue = append(queue, e.to)
		}
	}
	up := func(x int32) []hop {
		var rev []hop
		for cur := x; ; {
			st := seen[cur]
			if st.from < 0 {
				break
			}
			rev = append(rev, hop{from: st.from, to: cur, kind: ToParent, fam: st.e.fam, lin: st.e.lin})
			cur = st.from
		}
		slices.Reverse(rev)
		return rev
	}
	return met, up, nil
}

// further returns the blood ties through common ancestors that are not
// lowest but are reached from one side along a path through no other
// common ancestor (see frontier), at (Ga, Gb) distances that no tie in
// ties has, nearest first; paths gives each tie's path.
func further(ctx context.Context, v view, sa, sb *side, ties []bloodTie, maxGen int) ([]bloodTie, map[int][]hop, error) {
	ma, upA, err := frontier(ctx, v, sa, sb, maxGen)
	if err != nil {
		return nil, nil, err
	}
	mb, upB, err := frontier(ctx, v, sb, sa, maxGen)
	if err != nil {
		return nil, nil, err
	}
	type key struct{ ga, gb int }
	have := map[key]bool{}
	lowestSet := map[int32]bool{}
	for _, t := range ties {
		have[key{t.ga, t.gb}] = true
		for _, g := range t.groups {
			for _, x := range g {
				lowestSet[x] = true
			}
		}
	}
	type cand struct {
		x      int32
		ga, gb int
		path   []hop
		half   bool
	}
	var cands []cand
	for x, m := range ma {
		if lowestSet[x] {
			continue
		}
		nb, _ := sb.get(x)
		cands = append(cands, cand{x: x, ga: int(m.dist), gb: int(nb.dist), half: m.e.fam != nb.e.fam && nb.dist > 0,
			path: append(upA(x), sb.down(x)...)})
	}
	for x, m := range mb {
		if lowestSet[x] {
			continue
		}
		na, _ := sa.get(x)
		cands = append(cands, cand{x: x, ga: int(na.dist), gb: int(m.dist), half: m.e.fam != na.e.fam && na.dist > 0,
			path: append(sa.up(x), reverseHops(upB(x))...)})
	}
	slices.SortFunc(cands, func(p, q cand) int {
		if d := (p.ga + p.gb) - (q.ga + q.gb); d != 0 {
			return d
		}
		if p.ga != q.ga {
			return p.ga - q.ga
		}
		return int(p.x - q.x)
	})
	var out []bloodTie
	paths := map[int][]hop{}
	byKey := map[key]int{}
	for _, c := range cands {
		k := key{c.ga, c.gb}
		if have[k] {
			continue
		}
		if i, ok := byKey[k]; ok {
			// a second ancestor at the same distances: the other of a
			// couple, or another line
			t := &out[i]
			t.groups[0] = append(t.groups[0], c.x)
			t.count++
			t.half = false
			continue
		}
		byKey[k] = len(out)
		paths[len(out)] = c.path
		out = append(out, bloodTie{ga: c.ga, gb: c.gb, groups: [][]int32{{c.x}}, half: c.half, count: 1})
	}
	return out, paths, nil
}
