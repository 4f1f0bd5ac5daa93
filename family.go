package kin

import "encoding/json"

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
//
// PartnerLineage and Citations, which few links have, are read and set
// with methods and share one pointer, nil when both are empty; setters copy
// what it holds, so a copied ChildLink never changes with the original.
// The JSON form is the flat struct it always was (see JSONForm).
type ChildLink struct {
	Child   ID
	Lineage Lineage
	rare    *childRare
}

// childRare holds a ChildLink's rarely set parts.
type childRare struct {
	partnerLineage []Lineage
	citations      []Citation
}

// PartnerLineage returns, when set, how the child belongs to each partner
// of the family, aligned with Family.Partners: a child adopted by the
// mother only is Birth to the father (PartnerLineage()[0]) and Adopted to
// the mother (PartnerLineage()[1]). Gramps writes these as _FREL and _MREL
// under FAM.CHIL. It is empty when the lineage is the same for both
// partners, which is then Lineage; an empty entry also means Lineage. Use
// Family.ChildLineage to read it.
func (c ChildLink) PartnerLineage() []Lineage {
	if c.rare == nil {
		return nil
	}
	return c.rare.partnerLineage
}

// Citations returns the evidence for the link.
func (c ChildLink) Citations() []Citation {
	if c.rare == nil {
		return nil
	}
	return c.rare.citations
}

// SetPartnerLineage sets the lineage to each partner (see PartnerLineage).
func (c *ChildLink) SetPartnerLineage(ls []Lineage) {
	if ls == nil && c.rare == nil {
		return
	}
	r := cloneRare(c.rare)
	r.partnerLineage = ls
	c.setRare(r)
}

// SetCitations sets the evidence for the link.
func (c *ChildLink) SetCitations(cs []Citation) {
	if cs == nil && c.rare == nil {
		return
	}
	r := cloneRare(c.rare)
	r.citations = cs
	c.setRare(r)
}

func (c *ChildLink) setRare(r *childRare) {
	if r.partnerLineage == nil && r.citations == nil {
		r = nil
	}
	c.rare = r
}

// childLinkJSON is the JSON form of a ChildLink.
type childLinkJSON struct {
	Child          ID
	Lineage        Lineage
	PartnerLineage []Lineage
	Citations      []Citation
}

// JSONForm returns the struct c's JSON encodes: all of ChildLink's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of c.
func (c ChildLink) JSONForm() any { return c.toJSON() }

func (c ChildLink) toJSON() childLinkJSON {
	return childLinkJSON{Child: c.Child, Lineage: c.Lineage, PartnerLineage: c.PartnerLineage(), Citations: c.Citations()}
}

// MarshalJSON writes c as the flat object it has always been.
func (c ChildLink) MarshalJSON() ([]byte, error) { return json.Marshal(c.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (c *ChildLink) UnmarshalJSON(b []byte) error {
	j := c.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*c = ChildLink{Child: j.Child, Lineage: j.Lineage}
	c.setRare(&childRare{partnerLineage: j.PartnerLineage, citations: j.Citations})
	return nil
}

// Family is a couple, or a single parent, and their children (GEDCOM FAM).
// Whether and when the partners were married, engaged, divorced or widowed
// comes from the family's events (MARR, ENGA, DIV, …) and the partners'
// deaths, each with a date, so the relationship can be asked about at any
// date.
//
// The parts few families have (Notes, Media) are read and set
// with methods and share one pointer, nil when all are empty; setters copy
// what it holds, so a copied Family never changes with the original. The
// JSON form is the flat struct it always was (see JSONForm).
type Family struct {
	ID   ID
	Xref Xref

	// Partners are the one or two adults of the family, in GEDCOM order
	// (HUSB first, then WIFE). GEDCOM 7 roles are not gendered.
	Partners []ID
	Children []ChildLink
	Events   []Event

	Citations   []Citation
	ExternalIDs []ExternalID
	rare        *familyRare
}

// familyRare holds a Family's rarely set parts.
type familyRare struct {
	notes []Note
	media []MediaRef
}

// Notes returns the notes on the family.
func (f *Family) Notes() []Note {
	if f.rare == nil {
		return nil
	}
	return f.rare.notes
}

// Media returns the family's media references.
func (f *Family) Media() []MediaRef {
	if f.rare == nil {
		return nil
	}
	return f.rare.media
}

// SetNotes sets the notes on the family.
func (f *Family) SetNotes(ns []Note) {
	if ns == nil && f.rare == nil {
		return
	}
	r := cloneRare(f.rare)
	r.notes = ns
	f.setRare(r)
}

// SetMedia sets the family's media references.
func (f *Family) SetMedia(ms []MediaRef) {
	if ms == nil && f.rare == nil {
		return
	}
	r := cloneRare(f.rare)
	r.media = ms
	f.setRare(r)
}

func (f *Family) setRare(r *familyRare) {
	if r.notes == nil && r.media == nil {
		r = nil
	}
	f.rare = r
}

// familyJSON is the JSON form of a Family: its fields in the order they
// have always been written.
type familyJSON struct {
	ID          ID
	Xref        Xref
	Partners    []ID
	Children    []ChildLink
	Events      []Event
	Citations   []Citation
	Notes       []Note
	Media       []MediaRef
	ExternalIDs []ExternalID
}

// JSONForm returns the struct f's JSON encodes: all of Family's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of f.
func (f Family) JSONForm() any { return f.toJSON() }

func (f *Family) toJSON() familyJSON {
	return familyJSON{ID: f.ID, Xref: f.Xref, Partners: f.Partners, Children: f.Children, Events: f.Events,
		Citations: f.Citations, Notes: f.Notes(), Media: f.Media(), ExternalIDs: f.ExternalIDs}
}

// MarshalJSON writes f as the flat object it has always been.
func (f Family) MarshalJSON() ([]byte, error) { return json.Marshal(f.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (f *Family) UnmarshalJSON(b []byte) error {
	j := f.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Family{ID: j.ID, Xref: j.Xref, Partners: j.Partners, Children: j.Children, Events: j.Events,
		Citations: j.Citations, ExternalIDs: j.ExternalIDs}
	f.setRare(&familyRare{notes: j.Notes, media: j.Media})
	return nil
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
		if pl := c.PartnerLineage(); p == partner && i < len(pl) && pl[i] != LineageUnknown {
			return pl[i]
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
