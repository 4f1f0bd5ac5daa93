package gedcom

import (
	"fmt"
	"slices"

	"kin"
)

// Tree finishes the mapping and returns the tree: it merges each FAMC's
// PEDI into the family's ChildLink, adds children and partners that only
// their own FAMC or FAMS names, drops pointers to records missing from the
// file (keeping a warning for each) and fills in the text of references to
// shared notes. Call it once, after the last Add, and Reset the builder
// to map other records.
func (b *TreeBuilder) Tree() *kin.Tree {
	b.cur = nil
	b.linkFamilies()
	b.dropDangling()
	if b.noteRefs {
		b.fillNotes()
	}
	t := b.tree
	// The record slices grew by append; give them back their slack.
	t.People, t.Families, t.Associations = exact(t.People), exact(t.Families), exact(t.Associations)
	b.earlierPeople += len(t.People)
	b.earlierFamilies += len(t.Families)
	b.tree = kin.Tree{}
	b.famc, b.fams, b.adop, b.wifeFirst = nil, nil, nil, nil
	return &t
}

// exact returns s in an array of its own length when append left more
// than a sixteenth of it unused.
func exact[S ~[]E, E any](s S) S {
	if cap(s)-len(s) <= len(s)/16 {
		return s
	}
	return slices.Clone(s)
}

func (b *TreeBuilder) dangling(rec kin.ID, line int, format string, args ...any) {
	b.warnings = append(b.warnings, &MappingError{
		Filename: b.Filename, Line: line, Record: string(rec),
		Err: fmt.Errorf("%w: "+format, append([]any{ErrMissingRecord}, args...)...),
	})
}

// linkFamilies reconciles the person side of family links (FAMC, FAMS)
// with the family side (CHIL, HUSB, WIFE).
func (b *TreeBuilder) linkFamilies() {
	for _, l := range b.famc {
		f := b.families[l.family]
		if f == nil {
			b.dangling(l.person, l.line, "FAMC @%s@", l.family)
			continue
		}
		found := false
		for i := range f.Children {
			if f.Children[i].Child == l.person {
				if l.pedi {
					f.Children[i].Lineage = l.lineage
				}
				if l.frel != "" || l.mrel != "" {
					b.setPartnerLineage(f, &f.Children[i], l.frel, l.mrel)
				}
				found = true
				break
			}
		}
		if !found {
			f.Children = append(f.Children, kin.ChildLink{Child: l.person, Lineage: l.lineage})
			if l.frel != "" || l.mrel != "" {
				b.setPartnerLineage(f, &f.Children[len(f.Children)-1], l.frel, l.mrel)
			}
		}
	}
	// An ADOP event that names one adoptive parent applies where _FREL
	// and _MREL said nothing of that parent.
	for _, l := range b.adop {
		f := b.families[l.family]
		if f == nil {
			continue
		}
		for i := range f.Children {
			c := &f.Children[i]
			if c.Child != l.person {
				continue
			}
			frel, mrel := l.frel, l.mrel
			husb, wife := 0, 1
			if b.wifeFirst[f.ID] {
				husb, wife = 1, 0
			}
			if husb < len(c.PartnerLineage()) && c.PartnerLineage()[husb] != "" {
				frel = ""
			}
			if wife < len(c.PartnerLineage()) && c.PartnerLineage()[wife] != "" {
				mrel = ""
			}
			if c.Lineage == kin.LineageAdopted || (frel == "" && mrel == "") {
				break
			}
			b.setPartnerLineage(f, c, frel, mrel)
			break
		}
	}
	for _, l := range b.fams {
		f := b.families[l.family]
		if f == nil {
			b.dangling(l.person, l.line, "FAMS @%s@", l.family)
			continue
		}
		if !f.HasPartner(l.person) {
			f.Partners = append(f.Partners, l.person)
		}
	}
}

// dropDangling removes every pointer that names no record of the right
// kind, so the tree holds no dangling IDs.
func (b *TreeBuilder) dropDangling() {
	is := func(id kin.ID, k recordKind) bool { return b.ids[id] == k }
	for _, p := range b.tree.People {
		b.checkNames(p.ID, p.Names)
		p.SetSexCitations(b.checkCitations(p.ID, p.SexCitations()))
		b.checkEvents(p.ID, p.Events)
		p.Citations = b.checkCitations(p.ID, p.Citations)
		p.SetNotes(b.checkNotes(p.ID, p.Notes()))
		p.SetMedia(b.checkMedia(p.ID, p.Media()))
	}
	for _, f := range b.tree.Families {
		partners := f.Partners[:0]
		for _, id := range f.Partners {
			if is(id, kindPerson) {
				partners = append(partners, id)
			} else {
				b.dangling(f.ID, 0, "partner @%s@", id)
			}
		}
		f.Partners = partners
		children := f.Children[:0]
		for _, c := range f.Children {
			if is(c.Child, kindPerson) {
				c.SetCitations(b.checkCitations(f.ID, c.Citations()))
				children = append(children, c)
			} else {
				b.dangling(f.ID, 0, "CHIL @%s@", c.Child)
			}
		}
		f.Children = children
		b.checkEvents(f.ID, f.Events)
		f.Citations = b.checkCitations(f.ID, f.Citations)
		f.SetNotes(b.checkNotes(f.ID, f.Notes()))
		f.SetMedia(b.checkMedia(f.ID, f.Media()))
	}
	for _, s := range b.tree.Sources {
		repos := s.Repositories[:0]
		for _, r := range s.Repositories {
			if is(r.Repository, kindRepository) {
				repos = append(repos, r)
			} else {
				b.dangling(s.ID, 0, "REPO @%s@", r.Repository)
			}
		}
		s.Repositories = repos
		s.Notes = b.checkNotes(s.ID, s.Notes)
		s.Media = b.checkMedia(s.ID, s.Media)
	}
	for _, r := range b.tree.Repositories {
		r.Notes = b.checkNotes(r.ID, r.Notes)
	}
	for _, m := range b.tree.Media {
		m.Notes = b.checkNotes(m.ID, m.Notes)
	}
	assocs := b.tree.Associations[:0]
	for _, a := range b.tree.Associations {
		if !is(a.Other, kindPerson) {
			b.dangling(a.Person, 0, "ASSO @%s@", a.Other)
			continue
		}
		a.Citations = b.checkCitations(a.Person, a.Citations)
		a.Notes = b.checkNotes(a.Person, a.Notes)
		assocs = append(assocs, a)
	}
	b.tree.Associations = assocs
}

func (b *TreeBuilder) checkNames(rec kin.ID, names []kin.Name) {
	for i := range names {
		names[i].Citations = b.checkCitations(rec, names[i].Citations)
	}
}

func (b *TreeBuilder) checkEvents(rec kin.ID, events []kin.Event) {
	for i := range events {
		e := &events[i]
		if len(e.Participants()) > 0 {
			ps := e.Participants()[:0]
			for _, p := range e.Participants() {
				if b.ids[p.Person] == kindPerson {
					ps = append(ps, p)
				} else {
					b.dangling(rec, 0, "%s ASSO @%s@", e.Type, p.Person)
				}
			}
			e.SetParticipants(ps)
		}
		e.Citations = b.checkCitations(rec, e.Citations)
		e.SetNotes(b.checkNotes(rec, e.Notes()))
	}
}

func (b *TreeBuilder) checkCitations(rec kin.ID, cs []kin.Citation) []kin.Citation {
	if len(cs) == 0 {
		return cs
	}
	out := cs[:0]
	for _, c := range cs {
		if b.ids[c.Source] != kindSource {
			b.dangling(rec, 0, "SOUR @%s@", c.Source)
			continue
		}
		c.SetNotes(b.checkNotes(rec, c.Notes()))
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (b *TreeBuilder) checkNotes(rec kin.ID, ns []kin.Note) []kin.Note {
	if len(ns) == 0 {
		return ns
	}
	out := ns[:0]
	for _, n := range ns {
		if n.ID != "" && b.ids[n.ID] != kindNote {
			b.dangling(rec, 0, "note @%s@", n.ID)
			continue
		}
		out = append(out, n)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (b *TreeBuilder) checkMedia(rec kin.ID, ms []kin.MediaRef) []kin.MediaRef {
	if len(ms) == 0 {
		return ms
	}
	out := ms[:0]
	for _, m := range ms {
		if b.ids[m.Media] != kindMedia {
			b.dangling(rec, 0, "OBJE @%s@", m.Media)
			continue
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// fillNotes copies the text, MIME and LANG of each shared note into the
// references to it, so a reader of a Person's Notes sees the text.
func (b *TreeBuilder) fillNotes() {
	shared := make(map[kin.ID]*kin.Note, len(b.tree.Notes))
	for _, n := range b.tree.Notes {
		shared[n.ID] = n
	}
	fill := func(ns []kin.Note) {
		for i := range ns {
			if s := shared[ns[i].ID]; ns[i].ID != "" && s != nil {
				ns[i].Text, ns[i].MIME, ns[i].Lang = s.Text, s.MIME, s.Lang
			}
		}
	}
	fillCitations := func(cs []kin.Citation) {
		for i := range cs {
			fill(cs[i].Notes())
		}
	}
	fillEvents := func(es []kin.Event) {
		for i := range es {
			fill(es[i].Notes())
			fillCitations(es[i].Citations)
		}
	}
	for _, p := range b.tree.People {
		fill(p.Notes())
		fillEvents(p.Events)
		fillCitations(p.Citations)
		fillCitations(p.SexCitations())
		for i := range p.Names {
			fillCitations(p.Names[i].Citations)
		}
	}
	for _, f := range b.tree.Families {
		fill(f.Notes())
		fillEvents(f.Events)
		fillCitations(f.Citations)
		for i := range f.Children {
			fillCitations(f.Children[i].Citations())
		}
	}
	for _, s := range b.tree.Sources {
		fill(s.Notes)
	}
	for _, r := range b.tree.Repositories {
		fill(r.Notes)
	}
	for _, m := range b.tree.Media {
		fill(m.Notes)
	}
	for _, a := range b.tree.Associations {
		fill(a.Notes)
		fillCitations(a.Citations)
	}
}
