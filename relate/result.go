package relate

import (
	"kin"
	"kin/date"
)

// Kind is the kind of a relationship.
type Kind int

// Relationship kinds, in the order Find lists them.
const (
	KindSelf        Kind = iota // A and B are the same person
	KindPartner                 // A and B are partners in a family: spouse, fiancé(e), partner
	KindBlood                   // A and B share an ancestor, or one descends from the other (by birth, adoption, fostering …)
	KindStep                    // a partner link between one's ancestor and the other's: step-parent, step-child, step-sibling
	KindInLaw                   // A is a relative's partner, or a partner's relative
	KindCoParent                // A and B are parents of one child but not partners in a family
	KindAssociation             // a recorded association: co-star, godparent, business partner
)

var kindNames = [...]string{"self", "partner", "blood", "step", "in-law", "co-parent", "association"}

// String returns the kind's name: "blood", "in-law".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// Flags qualify a relationship's lineage.
type Flags uint16

// Lineage flags.
const (
	// Half: the two lines go down from one common ancestor through
	// different families (half-siblings, half-cousins).
	Half Flags = 1 << iota
	// Double: two or more distinct common ancestors or couples at the same
	// distance (double first cousins).
	Double
	// Adopted, Foster, StepChild and Sealed: a child link on the path has
	// that lineage (GEDCOM PEDI); the path is not by birth.
	Adopted
	Foster
	StepChild
	Sealed
	// EndA: for an in-law, the partner link is at A's end (A is the partner
	// of B's relative); otherwise at B's end (A is a relative of B's partner).
	EndA
	// EndBoth: for an in-law, there is a partner link at each end: A is
	// the partner of a relative of B's partner (a sister-in-law's
	// husband). EndA is set too.
	EndBoth
)

// Status is the state of a relationship at the date asked about.
type Status int

// Statuses. Blood relationships are Current once both people are born.
const (
	StatusNone      Status = iota // no relationship yet (before an engagement or marriage)
	StatusCurrent                 // married, partnered, related
	StatusEngaged                 // engaged, not yet married
	StatusSeparated               // married but separated (_SEPR)
	StatusFormer                  // ended by divorce or annulment: ex-
	StatusWidowed                 // B died while they were partners; A survives
	StatusNotBorn                 // A or B was not yet born
)

var statusNames = [...]string{"none", "current", "engaged", "separated", "former", "widowed", "not born"}

// String returns the status's name.
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusNames) {
		return "unknown"
	}
	return statusNames[s]
}

// LinkKind says which way a link goes.
type LinkKind int

// Link kinds.
const (
	ToParent  LinkKind = iota + 1 // To is From's parent
	ToChild                       // To is From's child
	ToPartner                     // To is From's partner in Family
)

// Link is one step of a path: From's parent, child or partner To, through
// Family, with how the child belongs to the family (for parent and child
// links), the dates that bound the link and the citations for it.
type Link struct {
	From, To kin.ID
	Kind     LinkKind
	Family   kin.ID
	Lineage  kin.Lineage
	// Start and End bound the link: a child link starts at the child's
	// birth; a partner link starts at the engagement or marriage and ends
	// at a divorce or annulment.
	Start, End date.Date
	// Citations are the evidence for the link: the child link's citations
	// and those of the child's birth, or the marriage's and the family's.
	Citations []kin.Citation
}

// Period is a span of time in which a relationship had one status, and
// what began it.
type Period struct {
	Status Status
	From   date.Date // zero: since the start of what is known
	To     date.Date // zero: still so
	// Why names the event that began the period: "marriage", "divorce",
	// "death of Alec Baldwin".
	Why       string
	Citations []kin.Citation
}

// Relationship is one way A is related to B.
type Relationship struct {
	Kind  Kind
	Flags Flags
	// Ga and Gb are the generations from A and from B up to the common
	// ancestors (blood), to the linked partners (step), or to the common
	// ancestors of the partner and the relative (in-law).
	Ga, Gb int
	// Via lists the common ancestors (blood, in-law), the two linked
	// partners (step), the partner through whom an in-law is related (A's
	// partner, then B's, when both ends have one), or the shared children
	// (co-parent).
	Via []kin.ID
	// Path is the path from A to B; Paths lists alternatives when
	// Options.All is set, up to Options.MaxPaths (Path is Paths[0]).
	Path  []Link
	Paths [][]Link
	// PathCount is how many shortest paths there are through Via, which
	// pedigree collapse can make astronomically many; it saturates at the
	// largest uint64.
	PathCount uint64

	// Status is the state at the date asked about. If the date of an
	// event straddles that date, Uncertain is set, Alt is the status the
	// event would have brought and Why says which event.
	Status    Status
	Uncertain bool
	Alt       Status
	Why       string
	// History is the relationship's periods in date order.
	History []Period

	// Late reports that A had died by the date asked about (a late
	// husband); BDead that B had.
	Late, BDead bool

	// Married reports that the partnership of a partner relationship, or
	// of the partner link of a step or in-law one, has a marriage event.
	Married bool

	// Association is the recorded association (KindAssociation); Inverse
	// reports that its Relation names B's role, not A's.
	Association *kin.Association
	Inverse     bool

	// sexA is A's sex, for wording.
	sexA kin.Sex
}

// Result is the answer to "how is A related to B": every relationship found,
// most telling first.
type Result struct {
	A, B *kin.Person
	// At is the date asked about; zero means today (Today holds it).
	At    date.Date
	Today date.Date
	// Relationships are listed self, partner, blood (nearest first), step,
	// in-law, co-parent, association.
	Relationships []Relationship
	// Truncated reports that more paths or relationships exist than
	// Options.MaxPaths allowed to list.
	Truncated bool
	// Names for wording: A's and B's display names, and the names of the
	// people on the paths, by ID.
	Names map[kin.ID]string
	// Sexes of the people on the paths, by ID.
	Sexes map[kin.ID]kin.Sex

	// otherParents maps a family on a child link of a path to its partner
	// who is not on the path, for explanations.
	otherParents map[kin.ID]kin.ID
}

// Related reports whether any relationship was found.
func (r *Result) Related() bool { return len(r.Relationships) > 0 }
