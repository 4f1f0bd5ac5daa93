package relate

import (
	"context"

	"kin"
)

// Graph is what relate needs from a family tree: people, the families they
// are children and partners in, and their associations. The stores
// implement it; TreeGraph implements it over a kin.Tree in memory.
//
// Person returns an error with code kin.ENOTFOUND for an unknown ID. The
// slice methods return an empty slice, not an error, for a person with no
// such families or associations.
type Graph interface {
	Person(ctx context.Context, id kin.ID) (*kin.Person, error)
	// ChildFamilies returns the families in which id is a child.
	ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error)
	// PartnerFamilies returns the families in which id is a partner.
	PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error)
	// Associations returns the associations recorded on id and those that
	// point at id.
	Associations(ctx context.Context, id kin.ID) ([]*kin.Association, error)
}

// LinkGraph is a Graph that can also list at once the families in which
// any of several people is a child or a partner, with their partners and
// children (and the children's lineage) but not necessarily their events
// or citations. Over a Graph without an Index, Find, Ancestors and
// Descendants use it to load a whole generation of a search with one call
// instead of two per person; the stores implement it with one query
// (sqlstore.Tree.FamilyLinks).
type LinkGraph interface {
	Graph
	FamilyLinks(ctx context.Context, ids []kin.ID) ([]*kin.Family, error)
}

// DetailGraph is a Graph that can also load many people and families at
// once, each as Person and ChildFamilies give them. Find uses it to read
// the details of everyone and every family on the paths it reports with
// two calls, instead of two or three per link; the stores implement it
// with a few queries (sqlstore.Tree.People and Families).
//
// Both return those of ids that exist, in any order, and leave out the
// others. Find may call them at the same time, from two goroutines.
type DetailGraph interface {
	Graph
	People(ctx context.Context, ids []kin.ID) ([]*kin.Person, error)
	Families(ctx context.Context, ids []kin.ID) ([]*kin.Family, error)
}

// BriefGraph is a DetailGraph that can also load people in brief:
// PeopleBrief returns at least each person's names, sex, birth and death,
// as Person gives them, with their citations, and may leave out the rest.
// That is all Find reads of anyone but A and B (whom it reads with
// Person), so it uses PeopleBrief instead of People when it can; the
// stores implement it reading about half the rows
// (sqlstore.Tree.PeopleBrief).
type BriefGraph interface {
	DetailGraph
	PeopleBrief(ctx context.Context, ids []kin.ID) ([]*kin.Person, error)
}

// IndexedGraph is a Graph that also offers a compact Index of itself. Find,
// Ancestors and Descendants search the Index when the graph has one, and
// ask the Graph only for the details of the people and families on the
// paths they report.
type IndexedGraph interface {
	Graph
	Index() *Index
}

// TreeGraph is a Graph over a kin.Tree held in memory. It does not follow
// changes made to the tree after NewTreeGraph.
type TreeGraph struct {
	tree  *kin.Tree
	ix    *kin.Index
	assoc map[kin.ID][]*kin.Association
	fast  *Index
}

// Compile-time check that TreeGraph offers an index.
var _ IndexedGraph = (*TreeGraph)(nil)

// NewTreeGraph indexes t and returns a Graph over it, with its compact
// Index built.
func NewTreeGraph(t *kin.Tree) *TreeGraph {
	g := &TreeGraph{
		tree:  t,
		ix:    kin.NewIndex(t),
		assoc: make(map[kin.ID][]*kin.Association),
	}
	for _, a := range t.Associations {
		g.assoc[a.Person] = append(g.assoc[a.Person], a)
		if a.Other != a.Person {
			g.assoc[a.Other] = append(g.assoc[a.Other], a)
		}
	}
	g.fast = NewIndex(t)
	return g
}

// Tree returns the tree g was built from.
func (g *TreeGraph) Tree() *kin.Tree { return g.tree }

// Index returns g's compact index.
func (g *TreeGraph) Index() *Index { return g.fast }

// Person returns the person with id, or an error with code kin.ENOTFOUND.
func (g *TreeGraph) Person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	if p := g.ix.Person(id); p != nil {
		return p, nil
	}
	return nil, kin.Errorf(kin.ENOTFOUND, "person %s not found", id)
}

// ChildFamilies returns the families in which id is a child.
func (g *TreeGraph) ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	return g.ix.ChildFamilies(id), nil
}

// PartnerFamilies returns the families in which id is a partner.
func (g *TreeGraph) PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	return g.ix.PartnerFamilies(id), nil
}

// Associations returns the associations recorded on id or pointing at id.
func (g *TreeGraph) Associations(ctx context.Context, id kin.ID) ([]*kin.Association, error) {
	return g.assoc[id], nil
}

// Family returns the family with id, or nil.
func (g *TreeGraph) Family(id kin.ID) *kin.Family { return g.ix.Family(id) }
