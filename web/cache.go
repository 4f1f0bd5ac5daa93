package web

import (
	"context"
	"net/http"
	"sync"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// What the server remembers between requests, and when it forgets it.
//
// Every page and API request first reads the database's write version
// (sqlstore.Store.WriteVersion), which every write transaction raises,
// whoever makes it: this server, another kin serve on the same database,
// or kin import. While it stays the same, the served tree and what was
// read of it are still current, so the server keeps them in a served
// value: the tree with its row ID resolved, the people, families,
// associations and source titles it has read and the relationship
// finder's answers (each a bounded cache), and the privacy verdicts.
// When the version moves, the next request starts a new served value
// with empty caches, and the relationship index is rebuilt. So a page
// never shows what an edit has replaced, and nothing is
// kept that the privacy rule has not judged again: the caches hold the
// store's records as they are, and the rule is applied to them on every
// request, as before.
//
// The cached records are shared between requests: code that reads them
// must not change them. Edits load their own copies from the store.

// defaultCacheSize is how many people (and as many families and family
// lists) the server keeps at least when Server.CacheSize is 0, and half
// the most: 100–200 MB on a generated tree.
const defaultCacheSize = 50_000

// served is the served tree at one write version, with what the server
// has read of it since.
type served struct {
	version int64
	tree    *sqlstore.Tree

	people      *bounded[kin.ID, *kin.Person]
	families    *bounded[kin.ID, *kin.Family]
	childFams   *bounded[kin.ID, []*kin.Family] // by person
	partnerFams *bounded[kin.ID, []*kin.Family] // by person
	assocs      *bounded[kin.ID, []*kin.Association]
	sources     *bounded[kin.ID, string]
	relations   *bounded[relationKey, relationAnswer]
	verdicts    verdicts
}

func newServed(version int64, t *sqlstore.Tree, size int) *served {
	return &served{
		version:     version,
		tree:        t,
		people:      newBounded[kin.ID, *kin.Person](size),
		families:    newBounded[kin.ID, *kin.Family](size),
		childFams:   newBounded[kin.ID, []*kin.Family](size),
		partnerFams: newBounded[kin.ID, []*kin.Family](size),
		assocs:      newBounded[kin.ID, []*kin.Association](size),
		sources:     newBounded[kin.ID, string](size / 10),
		relations:   newBounded[relationKey, relationAnswer](size / 10),
	}
}

func (s *Server) cacheSize() int {
	switch {
	case s.CacheSize > 0:
		return s.CacheSize
	case s.CacheSize < 0:
		return 0
	}
	return defaultCacheSize
}

// current returns the served tree at the database's write version now,
// starting a new one, with empty caches, when the version has moved.
func (s *Server) current(ctx context.Context) (*served, error) {
	v, err := s.Store.WriteVersion(ctx)
	if err != nil {
		return nil, err
	}
	return s.servedAt(ctx, v)
}

// servedAt returns the served tree at write version v, read from the
// database before anything the request reads from it.
func (s *Server) servedAt(ctx context.Context, v int64) (*served, error) {
	s.mu.Lock()
	cur := s.cur
	s.mu.Unlock()
	if cur != nil && cur.version == v {
		return cur, nil
	}
	// The version was read first: what is read from here on is at least
	// as new as v, so nothing older is ever kept under it.
	t := s.Store.Tree(s.TreeName)
	if rt, err := t.Resolved(ctx); err == nil {
		t = rt
	} else if kin.ErrorCode(err) != kin.ENOTFOUND {
		return nil, err
	}
	sv := newServed(v, t, s.cacheSize())
	s.mu.Lock()
	switch {
	case s.cur == nil || s.cur.version < v:
		s.cur = sv
	case s.cur.version == v:
		sv = s.cur
	}
	s.mu.Unlock()
	if cur != nil {
		s.index.changed()
	}
	return sv, nil
}

type servedKey struct{}

// withCurrent puts the served tree of the request's moment in its
// context, for the page and API handlers: at the write version read with
// the session's user when the request has a session (authenticate), else
// at the version now.
func (s *Server) withCurrent(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var sv *served
		var err error
		if sess := sessionOf(r.Context()); sess.hasVersion {
			sv, err = s.servedAt(r.Context(), sess.version)
		} else {
			sv, err = s.current(r.Context())
		}
		if err != nil {
			s.Error(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), servedKey{}, sv)))
	}
}

// view returns the served tree of the request (see withCurrent), or the
// current one when ctx has none.
func (s *Server) view(ctx context.Context) (*served, error) {
	if sv, ok := ctx.Value(servedKey{}).(*served); ok {
		return sv, nil
	}
	return s.current(ctx)
}

var _ relate.DetailGraph = (*graph)(nil)
var _ relate.LinkGraph = (*graph)(nil)
var _ relate.IndexedGraph = (*graph)(nil)

// graph is the served tree as relate.Graph (and DetailGraph, LinkGraph,
// IndexedGraph):
// people, families and associations come from the caches, and from the
// store when they are not there yet.
//
// With a snapshot current at the served version (Server.KeepTree), people,
// families and associations come from it; what it does not hold (an ID
// that is no person, say) is asked of the store as before, so errors read
// the same.
type graph struct {
	sv   *served
	ix   *relate.Index
	snap *snapshot
}

func (s *Server) graph(sv *served) *graph {
	g := &graph{sv: sv}
	g.ix, g.snap = s.index.at(sv.version)
	return g
}

func (g *graph) Person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	if g.snap != nil {
		if p, ok := g.snap.person(id); ok {
			return p, nil
		}
	}
	if p, ok := g.sv.people.get(id); ok {
		return p, nil
	}
	p, err := g.sv.tree.Person(ctx, id)
	if err != nil {
		return nil, err
	}
	g.sv.people.put(id, p)
	return p, nil
}

// People returns those of ids that are people, in that order, loading
// the ones not cached with one call.
func (g *graph) People(ctx context.Context, ids []kin.ID) ([]*kin.Person, error) {
	if g.snap != nil {
		// Most often the snapshot holds them all: no map.
		out := make([]*kin.Person, 0, len(ids))
		for _, id := range ids {
			p, ok := g.snap.person(id)
			if !ok {
				break
			}
			out = append(out, p)
		}
		if len(out) == len(ids) {
			return out, nil
		}
	}
	got := make(map[kin.ID]*kin.Person, len(ids))
	var need []kin.ID
	for _, id := range ids {
		if _, ok := got[id]; ok {
			continue
		}
		if g.snap != nil {
			if p, ok := g.snap.person(id); ok {
				got[id] = p
				continue
			}
		}
		if p, ok := g.sv.people.get(id); ok {
			got[id] = p
		} else {
			got[id] = nil
			need = append(need, id)
		}
	}
	if len(need) > 0 {
		ps, err := g.sv.tree.People(ctx, need)
		if err != nil {
			return nil, err
		}
		for _, p := range ps {
			g.sv.people.put(p.ID, p)
			got[p.ID] = p
		}
	}
	out := make([]*kin.Person, 0, len(ids))
	for _, id := range ids {
		if p := got[id]; p != nil {
			out = append(out, p)
		}
	}
	return out, nil
}

func (g *graph) ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	if g.snap != nil {
		if _, ok := g.snap.person(id); ok {
			return g.snap.childFamilies(id), nil
		}
	}
	if fs, ok := g.sv.childFams.get(id); ok {
		return fs, nil
	}
	fs, _, err := g.familiesOf(ctx, id)
	return fs, err
}

func (g *graph) PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	if g.snap != nil {
		if _, ok := g.snap.person(id); ok {
			return g.snap.partnerFamilies(id), nil
		}
	}
	if fs, ok := g.sv.partnerFams.get(id); ok {
		return fs, nil
	}
	_, fs, err := g.familiesOf(ctx, id)
	return fs, err
}

// familiesOf loads the families in which person id is a child and those
// in which they are a partner together: one query for their IDs, one
// Families call for those not cached.
func (g *graph) familiesOf(ctx context.Context, id kin.ID) (asChild, asPartner []*kin.Family, err error) {
	cids, pids, err := g.sv.tree.FamilyIDs(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	fs, err := g.Families(ctx, append(cids, pids...))
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[kin.ID]*kin.Family, len(fs))
	for _, f := range fs {
		byID[f.ID] = f
	}
	pick := func(ids []kin.ID) []*kin.Family {
		var out []*kin.Family
		for _, fid := range ids {
			if f := byID[fid]; f != nil { // nil: a link to a family record that is gone
				out = append(out, f)
			}
		}
		return out
	}
	asChild, asPartner = pick(cids), pick(pids)
	g.sv.childFams.put(id, asChild)
	g.sv.partnerFams.put(id, asPartner)
	return asChild, asPartner, nil
}

// Families returns those of ids that are families, in any order, loading
// the ones not cached together.
func (g *graph) Families(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	out := make([]*kin.Family, 0, len(ids))
	var need []kin.ID
	for _, id := range ids {
		if g.snap != nil {
			if f, ok := g.snap.family(id); ok {
				out = append(out, f)
				continue
			}
		}
		if f, ok := g.sv.families.get(id); ok {
			out = append(out, f)
		} else {
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return out, nil
	}
	fs, err := g.sv.tree.Families(ctx, need)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		g.sv.families.put(f.ID, f)
	}
	return append(out, fs...), nil
}

func (g *graph) Associations(ctx context.Context, id kin.ID) ([]*kin.Association, error) {
	if g.snap != nil {
		return g.snap.associations(id), nil
	}
	return cached(ctx, g.sv.assocs, id, g.sv.tree.Associations)
}

func (g *graph) FamilyLinks(ctx context.Context, ids []kin.ID) ([]*kin.Family, error) {
	if g.snap != nil {
		return g.snap.familyLinks(ids), nil
	}
	return g.sv.tree.FamilyLinks(ctx, ids)
}

// Index returns the relationship index built at the served version, or
// nil while there is none.
func (g *graph) Index() *relate.Index { return g.ix }

func cached[V any](ctx context.Context, c *bounded[kin.ID, V], id kin.ID, load func(context.Context, kin.ID) (V, error)) (V, error) {
	if v, ok := c.get(id); ok {
		return v, nil
	}
	v, err := load(ctx, id)
	if err != nil {
		return v, err
	}
	c.put(id, v)
	return v, nil
}

// sourceTitle returns the title of source id (its abbreviation, or its
// ID, when it has none).
func (sv *served) sourceTitle(ctx context.Context, id kin.ID) string {
	if t, ok := sv.sources.get(id); ok {
		return t
	}
	title := ""
	if src, err := sv.tree.Source(ctx, id); err == nil {
		title = src.Name()
	} else if kin.ErrorCode(err) != kin.ENOTFOUND {
		return string(id) // not kept: the store may answer next time
	}
	if title == "" {
		title = string(id)
	}
	sv.sources.put(id, title)
	return title
}

// bounded is a map that keeps what was used recently: entries go
// into the current generation; when it is full it becomes the old one
// and the oldest is dropped; an entry found in the old generation moves
// back into the current one. Its size is at most twice max.
type bounded[K comparable, V any] struct {
	mu       sync.Mutex
	max      int
	cur, old map[K]V
}

func newBounded[K comparable, V any](max int) *bounded[K, V] {
	return &bounded[K, V]{max: max, cur: make(map[K]V)}
}

func (c *bounded[K, V]) get(k K) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[k]; ok {
		return v, true
	}
	v, ok := c.old[k]
	if ok {
		delete(c.old, k)
		c.putLocked(k, v)
	}
	return v, ok
}

func (c *bounded[K, V]) put(k K, v V) {
	c.mu.Lock()
	c.putLocked(k, v)
	c.mu.Unlock()
}

func (c *bounded[K, V]) putLocked(k K, v V) {
	if c.max <= 0 {
		return
	}
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[K]V, c.max/4)
	}
	c.cur[k] = v
}

func (c *bounded[K, V]) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
