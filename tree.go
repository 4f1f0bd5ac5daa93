package kin

// Tree is a whole family tree in memory: what a GEDCOM file holds or what a
// store returns for one tree. The slices hold records in file order.
type Tree struct {
	Name         string
	People       []*Person
	Families     []*Family
	Sources      []*Source
	Repositories []*Repository
	Notes        []*Note // shared notes (GEDCOM SNOTE / 5.5.1 NOTE records)
	Media        []*Media
	Associations []*Association
}

// Index gives O(1) access to a tree's records by ID. Build it with NewIndex
// once the tree is complete; it does not follow later changes.
type Index struct {
	people   map[ID]*Person
	families map[ID]*Family
	sources  map[ID]*Source
	// partnerIn and childIn list the families a person is a partner or a
	// child in, in tree order.
	partnerIn map[ID][]*Family
	childIn   map[ID][]*Family
}

// NewIndex indexes t.
func NewIndex(t *Tree) *Index {
	ix := &Index{
		people:    make(map[ID]*Person, len(t.People)),
		families:  make(map[ID]*Family, len(t.Families)),
		sources:   make(map[ID]*Source, len(t.Sources)),
		partnerIn: make(map[ID][]*Family),
		childIn:   make(map[ID][]*Family),
	}
	for _, p := range t.People {
		ix.people[p.ID] = p
	}
	for _, s := range t.Sources {
		ix.sources[s.ID] = s
	}
	for _, f := range t.Families {
		ix.families[f.ID] = f
		for _, p := range f.Partners {
			ix.partnerIn[p] = append(ix.partnerIn[p], f)
		}
		for _, c := range f.Children {
			ix.childIn[c.Child] = append(ix.childIn[c.Child], f)
		}
	}
	return ix
}

// Person returns the person with id, or nil.
func (ix *Index) Person(id ID) *Person { return ix.people[id] }

// Family returns the family with id, or nil.
func (ix *Index) Family(id ID) *Family { return ix.families[id] }

// Source returns the source with id, or nil.
func (ix *Index) Source(id ID) *Source { return ix.sources[id] }

// PartnerFamilies returns the families in which id is a partner.
func (ix *Index) PartnerFamilies(id ID) []*Family { return ix.partnerIn[id] }

// ChildFamilies returns the families in which id is a child.
func (ix *Index) ChildFamilies(id ID) []*Family { return ix.childIn[id] }
