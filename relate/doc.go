// Package relate computes how two people are related, at a date, and with
// the evidence for it; and lists a person's ancestors, descendants and
// timeline.
//
// Find searches breadth-first upward from both people, visiting each
// ancestor once, and finds the lowest common ancestors: the nearest people
// from whom both descend, with the number of generations from each side to
// them (Ga for A, Gb for B). From Ga and Gb and the lineage of the links on
// the way (birth, adopted, foster, step) English names follow: Ga=0, Gb=1 is
// a parent, Ga=1, Gb=1 a sibling, Ga=3, Gb=2 a first cousin once removed.
// Relations through one partnership are found too: a partner of one's
// ancestor (step-parent), a child of one's partner (step-child), a partner's
// relative or a relative's partner (in-laws), the other parent of one's child
// (co-parent). Associations (co-stars, godparents) come from the graph as
// recorded.
//
// Every relationship holds its path: links person → parent, child or
// partner → person, each with its family, lineage, the dates that bound it
// and its citations. Because families carry dated MARR, ENGA, DIV, ANUL and
// _SEPR events and people carry DEAT events, a relationship has a history:
// Kim Basinger is Alec Baldwin's wife in 2000 and his ex-wife in 2025. Find
// answers at Options.At, or as of today, and says when the answer changed.
//
// Computation and wording are kept apart: Find returns a Result of numbers,
// flags, links and periods; english.go turns a Result into words ("Ireland
// is Carmen Gabriela's half-sister").
//
// The graph is the small interface Graph, which the stores implement and
// TreeGraph implements over an in-memory kin.Tree. For large trees, Index is
// a compact adjacency index (int32 person numbers, flat slices) that Find
// uses when the graph offers one.
package relate
