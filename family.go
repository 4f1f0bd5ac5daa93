package kin

// Lineage is how a child belongs to a family (GEDCOM PEDI; Gramps
// ChildRefType). Relationship computation follows Birth links by default and
// labels every other kind; an adopted child is never called a step-child.
type Lineage string

// Lineages. The zero value means the source does not say, which GEDCOM
// readers treat as birth.
const (
	LineageUnknown Lineage = ""
	LineageBirth   Lineage = "BIRTH"
	LineageAdopted Lineage = "ADOPTED"
	LineageStep    Lineage = "STEP"
	LineageFoster  Lineage = "FOSTER"
	LineageSealing Lineage = "SEALING"
)

// ChildLink ties a child to a family, with how the child belongs to it.
type ChildLink struct {
	Child   ID
	Lineage Lineage
	// PartnerLineage, when set, is how the child belongs to each partner
	// of the family, aligned with Family.Partners: a child adopted by the
	// mother only is Birth to the father (PartnerLineage[0]) and Adopted
	// to the mother (PartnerLineage[1]). Gramps writes these as _FREL and
	// _MREL under FAM.CHIL. It is empty when the lineage is the same for
	// both partners, which is then Lineage; an empty entry also means
	// Lineage. Use Family.ChildLineage to read it.
	PartnerLineage []Lineage
	Citations      []Citation
}

// Family is a couple, or a single parent, and their children (GEDCOM FAM).
// Whether and when the partners were married, engaged, divorced or widowed
// comes from the family's events (MARR, ENGA, DIV, …) and the partners'
// deaths, each with a date, so the relationship can be asked about at any
// date.
type Family struct {
	ID   ID
	Xref Xref

	// Partners are the one or two adults of the family, in GEDCOM order
	// (HUSB first, then WIFE). GEDCOM 7 roles are not gendered.
	Partners []ID
	Children []ChildLink
	Events   []Event

	Citations   []Citation
	Notes       []Note
	Media       []MediaRef
	ExternalIDs []ExternalID
}

// HasPartner reports whether id is one of f's partners.
func (f *Family) HasPartner(id ID) bool {
	for _, p := range f.Partners {
		if p == id {
			return true
		}
	}
	return false
}

// OtherPartner returns the partner of f who is not id, or "" if there is none.
func (f *Family) OtherPartner(id ID) ID {
	for _, p := range f.Partners {
		if p != id {
			return p
		}
	}
	return ""
}

// ChildLineage returns how child belongs to partner in f: the child
// link's PartnerLineage entry for that partner when it has one, else its
// Lineage. It returns LineageUnknown when child is not a child of f.
func (f *Family) ChildLineage(child, partner ID) Lineage {
	c, ok := f.Child(child)
	if !ok {
		return LineageUnknown
	}
	for i, p := range f.Partners {
		if p == partner && i < len(c.PartnerLineage) && c.PartnerLineage[i] != LineageUnknown {
			return c.PartnerLineage[i]
		}
	}
	return c.Lineage
}

// Child returns the link of child id in f and whether there is one.
func (f *Family) Child(id ID) (ChildLink, bool) {
	for _, c := range f.Children {
		if c.Child == id {
			return c, true
		}
	}
	return ChildLink{}, false
}
