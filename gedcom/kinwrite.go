package gedcom

// This file maps kin's domain back to GEDCOM records: FromTree.

import (
	"regexp"
	"strconv"
	"strings"
	"sync"

	"kin"
	"kin/date"
)

// FromTree writes t as a GEDCOM document of the given version: "7.0", or
// any version starting with "5" for 5.5.1. It is how kin exports facts it
// made itself (an ingested news article becomes a SOUR record with its
// title, date and text, and every claim a citation with PAGE, DATA.TEXT and
// QUAY), so everything the domain models that GEDCOM can say comes out as
// the standard structure: names with their parts, sex, events with DATE,
// PLAC and MAP, CAUS, event participants (7.0 ASSO with ROLE), FAMC with
// PEDI, FAMS, ASSO with ROLE and PHRASE (5.5.1 RELA), RESN, identifiers,
// notes, media and citations.
//
// Where GEDCOM has no structure for something kin holds, FromTree writes an
// extension tag that ToTree reads back: _SOUR for citations on a child link
// (FAM.CHIL) or on SEX, _DATE for an association's date and a source's
// date, _URL and _TYPE on a source, _SPAN for where a quote stands in the
// source text, _CONF for confidence 4 (QUAY stops at 3), _DETAIL for an
// association's detail in 5.5.1 and _EXID for an EXID in 5.5.1. A step-child
// is PEDI OTHER with PHRASE step in 7.0 and PEDI step in 5.5.1.
//
// Records keep their Xref when it is a valid GEDCOM 7 identifier ([A-Z0-9_],
// at most 20 characters, starting with a letter or digit); otherwise their
// ID when it is one; otherwise they get a new one ("I1", "F2", "S3").
// Pointers to records not in t are left out, never written dangling.
// Dropped: a family's partners beyond two, event participants in 5.5.1 (it
// has no event ASSO), sex X in 5.5.1 (written U), note MIME and LANG in
// 5.5.1, and Tree.Name.
//
// ToTree(FromTree(t, v)) gives t back for a tree whose records have Xref
// equal to ID and valid, whose associations are in person order with IDs
// as TreeBuilder makes them, and whose events carry an attribute's payload
// in Value.
func FromTree(t *kin.Tree, version string) *Document {
	w := &treeWriter{v7: !strings.HasPrefix(version, "5"), xrefs: make(map[kin.ID]string), used: make(map[string]bool)}
	w.assignXrefs(t)
	d := &Document{Version: "7.0", Encoding: "UTF-8", LineEnding: "\n"}
	if !w.v7 {
		d.Version = "5.5.1"
	}
	d.Records = append(d.Records, w.header())
	ix := kin.NewIndex(t)
	assocs := make(map[kin.ID][]*kin.Association)
	for _, a := range t.Associations {
		assocs[a.Person] = append(assocs[a.Person], a)
	}
	sex := make(map[kin.ID]kin.Sex, len(t.People))
	for _, p := range t.People {
		sex[p.ID] = p.Sex
	}
	for _, p := range t.People {
		d.Records = append(d.Records, w.person(p, ix, assocs[p.ID]))
	}
	for _, f := range t.Families {
		d.Records = append(d.Records, w.family(f, sex))
	}
	for _, s := range t.Sources {
		d.Records = append(d.Records, w.source(s))
	}
	for _, r := range t.Repositories {
		d.Records = append(d.Records, w.repository(r))
	}
	for _, n := range t.Notes {
		d.Records = append(d.Records, w.sharedNote(n))
	}
	for _, m := range t.Media {
		d.Records = append(d.Records, w.media(m))
	}
	if !w.v7 {
		d.Records = append(d.Records, &Node{Xref: w.subm, Tag: "SUBM", Nodes: []*Node{{Tag: "NAME", Value: "kin"}}})
	}
	d.Records = append(d.Records, &Node{Tag: "TRLR"})
	return d
}

type treeWriter struct {
	v7    bool
	xrefs map[kin.ID]string
	used  map[string]bool
	subm  string // the 5.5.1 submitter's xref
}

var validXref = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[A-Z0-9][A-Z0-9_]{0,19}$`)
})

// assignXrefs gives every record of t a unique xref.
func (w *treeWriter) assignXrefs(t *kin.Tree) {
	type rec struct {
		id     kin.ID
		xref   kin.Xref
		prefix string
	}
	var recs []rec
	for _, p := range t.People {
		recs = append(recs, rec{p.ID, p.Xref, "I"})
	}
	for _, f := range t.Families {
		recs = append(recs, rec{f.ID, f.Xref, "F"})
	}
	for _, s := range t.Sources {
		recs = append(recs, rec{s.ID, s.Xref, "S"})
	}
	for _, r := range t.Repositories {
		recs = append(recs, rec{r.ID, r.Xref, "R"})
	}
	for _, n := range t.Notes {
		recs = append(recs, rec{n.ID, n.Xref, "N"})
	}
	for _, m := range t.Media {
		recs = append(recs, rec{m.ID, m.Xref, "O"})
	}
	// First the records whose own identifiers can be kept, so that a
	// generated one never takes an identifier a later record has.
	var rest []rec
	for _, r := range recs {
		x := string(r.xref)
		if !validXref().MatchString(x) || x == "VOID" || w.used[x] {
			x = string(r.id)
		}
		if !validXref().MatchString(x) || x == "VOID" || w.used[x] || w.xrefs[r.id] != "" {
			rest = append(rest, r)
			continue
		}
		w.xrefs[r.id], w.used[x] = x, true
	}
	seq := make(map[string]int)
	next := func(prefix string) string {
		for {
			seq[prefix]++
			x := prefix + strconv.Itoa(seq[prefix])
			if !w.used[x] {
				w.used[x] = true
				return x
			}
		}
	}
	for _, r := range rest {
		x := next(r.prefix)
		if _, ok := w.xrefs[r.id]; !ok {
			w.xrefs[r.id] = x
		}
	}
	if !w.v7 {
		w.subm = next("U")
	}
}

func (w *treeWriter) header() *Node {
	h := &Node{Tag: "HEAD"}
	if w.v7 {
		h.Add("GEDC", "").Add("VERS", "7.0")
		h.Add("SOUR", "kin").Add("NAME", "kin")
		return h
	}
	h.Add("SOUR", "kin").Add("NAME", "kin")
	h.AddPointer("SUBM", w.subm)
	g := h.Add("GEDC", "")
	g.Add("VERS", "5.5.1")
	g.Add("FORM", "LINEAGE-LINKED")
	h.Add("CHAR", "UTF-8")
	return h
}

// ptr adds a pointer substructure to the record with id, and reports
// whether it did: it does not when the record is not in the tree.
func (w *treeWriter) ptr(n *Node, tag string, id kin.ID) *Node {
	x, ok := w.xrefs[id]
	if !ok {
		return nil
	}
	return n.AddPointer(tag, x)
}

func (w *treeWriter) person(p *kin.Person, ix *kin.Index, assocs []*kin.Association) *Node {
	n := &Node{Xref: w.xrefs[p.ID], Tag: "INDI"}
	if p.Private() {
		n.Add("RESN", w.enum("PRIVACY"))
	}
	for _, nm := range p.Names {
		w.name(n, nm)
	}
	if p.Sex != "" {
		s := p.Sex
		if !w.v7 && s == kin.SexIntersex {
			s = kin.SexUnknown
		}
		sn := n.Add("SEX", string(s))
		w.citations(sn, "_SOUR", p.SexCitations())
	} else if len(p.SexCitations()) > 0 {
		w.citations(n.Add("SEX", ""), "_SOUR", p.SexCitations())
	}
	for _, e := range p.Events {
		w.event(n, e)
	}
	for _, f := range ix.ChildFamilies(p.ID) {
		c := w.ptr(n, "FAMC", f.ID)
		if c == nil {
			continue
		}
		link, _ := f.Child(p.ID)
		w.pedi(c, link.Lineage)
	}
	for _, f := range ix.PartnerFamilies(p.ID) {
		w.ptr(n, "FAMS", f.ID)
	}
	for _, a := range assocs {
		w.association(n, a)
	}
	w.externalIDs(n, p.ExternalIDs)
	w.notes(n, p.Notes())
	w.citations(n, "SOUR", p.Citations)
	w.mediaRefs(n, p.Media())
	return n
}

// enum writes a GEDCOM 7 enumeration value, lower-cased for 5.5.1.
func (w *treeWriter) enum(v string) string {
	if w.v7 {
		return v
	}
	return strings.ToLower(v)
}

func (w *treeWriter) pedi(famc *Node, l kin.Lineage) {
	switch l {
	case kin.LineageUnknown:
	case kin.LineageStep:
		if w.v7 {
			famc.Add("PEDI", "OTHER").Add("PHRASE", "step")
		} else {
			famc.Add("PEDI", "step")
		}
	default:
		famc.Add("PEDI", w.enum(string(l)))
	}
}

func (w *treeWriter) name(parent *Node, nm kin.Name) {
	n := parent.Add("NAME", nm.GEDCOM())
	switch nm.Type() {
	case "":
	case kin.NameAKA, kin.NameBirth, kin.NameImmigrant, kin.NameMaiden, kin.NameMarried, kin.NameProfessional, kin.NameOther:
		n.Add("TYPE", w.enum(string(nm.Type())))
	default:
		if w.v7 {
			n.Add("TYPE", "OTHER").Add("PHRASE", string(nm.Type()))
		} else {
			n.Add("TYPE", string(nm.Type()))
		}
	}
	for _, part := range []struct{ tag, v string }{
		{"NPFX", nm.Prefix()}, {"GIVN", nm.Given}, {"NICK", nm.Nickname()},
		{"SPFX", nm.SurnamePrefix()}, {"SURN", nm.Surname}, {"NSFX", nm.Suffix()},
	} {
		if part.v != "" {
			n.Add(part.tag, part.v)
		}
	}
	w.citations(n, "SOUR", nm.Citations)
}

// The GEDCOM 7 ROLE enumeration.
var roles = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"CHIL": true, "CLERGY": true, "FATH": true, "FRIEND": true, "GODP": true, "HUSB": true,
		"MOTH": true, "MULTIPLE": true, "NGHBR": true, "OFFICIATOR": true, "PARENT": true,
		"SPOU": true, "WIFE": true, "WITN": true, "OTHER": true,
	}
})

func (w *treeWriter) event(parent *Node, e kin.Event) {
	payload := e.Value
	attr := attributeTags()[string(e.Type)]
	if attr && payload == "" {
		payload = e.Detail
	}
	n := parent.Add(string(e.Type), payload)
	if e.Detail != "" && !(attr && e.Detail == payload) {
		n.Add("TYPE", e.Detail)
	}
	w.date(n, "DATE", e.Date)
	if !e.Place.IsZero() {
		pl := n.Add("PLAC", e.Place.Name)
		if lat, long, known := e.Place.Coordinates(); known {
			m := pl.Add("MAP", "")
			m.Add("LATI", formatCoordinate(lat, "N", "S"))
			m.Add("LONG", formatCoordinate(long, "E", "W"))
		}
	}
	if e.Cause() != "" {
		n.Add("CAUS", e.Cause())
	}
	if w.v7 {
		for _, p := range e.Participants() {
			a := w.ptr(n, "ASSO", p.Person)
			if a == nil {
				continue
			}
			role, phrase := string(p.Role), p.Phrase
			if !roles()[role] {
				role = "OTHER"
				if phrase == "" {
					phrase = string(p.Role)
				}
			}
			r := a.Add("ROLE", role)
			if phrase != "" {
				r.Add("PHRASE", phrase)
			}
		}
	}
	w.notes(n, e.Notes())
	w.citations(n, "SOUR", e.Citations)
}

func formatCoordinate(f float64, pos, neg string) string {
	h := pos
	if f < 0 {
		h, f = neg, -f
	}
	return h + strconv.FormatFloat(f, 'f', -1, 64)
}

// date adds a date structure. In 7.0 a Date's Phrase is the PHRASE
// substructure; 5.5.1 gets date.V551's payload: "(phrase)" for a phrase
// alone, "INT date (phrase)" for an exact date with one, and no phrase on
// ranges and periods.
func (w *treeWriter) date(parent *Node, tag string, d date.Date) {
	if d.IsZero() {
		return
	}
	if !w.v7 {
		parent.Add(tag, d.V551())
		return
	}
	n := parent.Add(tag, d.String())
	if d.Phrase != "" {
		n.Add("PHRASE", d.Phrase)
	}
}

func (w *treeWriter) association(parent *Node, a *kin.Association) {
	n := w.ptr(parent, "ASSO", a.Other)
	if n == nil {
		return
	}
	rel := a.Relation
	if w.v7 {
		if a.Detail != "" {
			n.Add("PHRASE", a.Detail)
		}
		if roles()[rel] {
			n.Add("ROLE", rel)
		} else {
			r := n.Add("ROLE", "OTHER")
			if rel != "" {
				r.Add("PHRASE", rel)
			}
		}
	} else {
		n.Add("RELA", rel)
		if a.Detail != "" {
			n.Add("_DETAIL", a.Detail)
		}
	}
	w.date(n, "_DATE", a.Date)
	w.notes(n, a.Notes)
	w.citations(n, "SOUR", a.Citations)
}

func (w *treeWriter) externalIDs(n *Node, xs []kin.ExternalID) {
	for _, x := range xs {
		switch x.Kind {
		case "UID":
			if w.v7 {
				n.Add("UID", x.Value)
			} else {
				n.Add("_UID", x.Value)
			}
		case "REFN":
			r := n.Add("REFN", x.Value)
			if x.Type != "" {
				r.Add("TYPE", x.Type)
			}
		case "AFN", "RFN", "RIN":
			if w.v7 {
				n.Add("EXID", x.Value).Add("TYPE", exidTypes()[x.Kind])
			} else {
				n.Add(x.Kind, x.Value)
			}
		default: // EXID and kinds kin does not know
			tag := "EXID"
			if !w.v7 {
				tag = "_EXID"
			}
			e := n.Add(tag, x.Value)
			if x.Type != "" {
				e.Add("TYPE", x.Type)
			}
		}
	}
}

// notes adds inline notes, and pointers to shared notes that are in the tree.
func (w *treeWriter) notes(parent *Node, ns []kin.Note) {
	for _, note := range ns {
		if note.ID != "" {
			tag := "SNOTE"
			if !w.v7 {
				tag = "NOTE"
			}
			if w.ptr(parent, tag, note.ID) != nil {
				continue
			}
		}
		n := parent.Add("NOTE", note.Text)
		if w.v7 {
			if note.MIME != "" {
				n.Add("MIME", note.MIME)
			}
			if note.Lang != "" {
				n.Add("LANG", note.Lang)
			}
		}
	}
}

// citations adds a citation structure with tag for each citation whose
// source is in the tree.
func (w *treeWriter) citations(parent *Node, tag string, cs []kin.Citation) {
	for _, c := range cs {
		n := w.ptr(parent, tag, c.Source)
		if n == nil {
			continue
		}
		if c.Page != "" {
			n.Add("PAGE", c.Page)
		}
		if !c.Date().IsZero() || c.Quote != "" {
			data := n.Add("DATA", "")
			w.date(data, "DATE", c.Date())
			if c.Quote != "" {
				data.Add("TEXT", c.Quote)
			}
		}
		if c.ConfidenceKnown {
			q := c.Confidence.QUAY()
			n.Add("QUAY", strconv.Itoa(q))
			if kin.ConfidenceFromQUAY(q) != c.Confidence {
				n.Add("_CONF", strconv.Itoa(int(c.Confidence)))
			}
		}
		if c.Span != nil {
			n.Add("_SPAN", strconv.Itoa(c.Span.Start)+" "+strconv.Itoa(c.Span.End))
		}
		w.notes(n, c.Notes())
	}
}

func (w *treeWriter) mediaRefs(parent *Node, ms []kin.MediaRef) {
	for _, m := range ms {
		if n := w.ptr(parent, "OBJE", m.Media); n != nil && m.Title != "" {
			n.Add("TITL", m.Title)
		}
	}
}

func (w *treeWriter) family(f *kin.Family, sex map[kin.ID]kin.Sex) *Node {
	n := &Node{Xref: w.xrefs[f.ID], Tag: "FAM"}
	switch len(f.Partners) {
	case 0:
	case 1:
		if sex[f.Partners[0]] == kin.SexFemale {
			w.ptr(n, "WIFE", f.Partners[0])
		} else {
			w.ptr(n, "HUSB", f.Partners[0])
		}
	default:
		w.ptr(n, "HUSB", f.Partners[0])
		w.ptr(n, "WIFE", f.Partners[1])
	}
	for _, c := range f.Children {
		if ch := w.ptr(n, "CHIL", c.Child); ch != nil {
			w.citations(ch, "_SOUR", c.Citations())
		}
	}
	for _, e := range f.Events {
		w.event(n, e)
	}
	w.externalIDs(n, f.ExternalIDs)
	w.notes(n, f.Notes())
	w.citations(n, "SOUR", f.Citations)
	w.mediaRefs(n, f.Media())
	return n
}

func (w *treeWriter) source(s *kin.Source) *Node {
	n := &Node{Xref: w.xrefs[s.ID], Tag: "SOUR"}
	for _, f := range []struct{ tag, v string }{
		{"AUTH", s.Author}, {"TITL", s.Title}, {"ABBR", s.Abbrev}, {"PUBL", s.Publication}, {"TEXT", s.Text},
		{"_TYPE", string(s.Type)}, {"_URL", s.URL},
	} {
		if f.v != "" {
			n.Add(f.tag, f.v)
		}
	}
	w.date(n, "_DATE", s.Date)
	for _, r := range s.Repositories {
		if rn := w.ptr(n, "REPO", r.Repository); rn != nil && r.CallNumber != "" {
			rn.Add("CALN", r.CallNumber)
		}
	}
	w.externalIDs(n, s.ExternalIDs)
	w.notes(n, s.Notes)
	w.mediaRefs(n, s.Media)
	return n
}

func (w *treeWriter) repository(r *kin.Repository) *Node {
	n := &Node{Xref: w.xrefs[r.ID], Tag: "REPO"}
	n.Add("NAME", r.Name)
	if r.Address != "" {
		n.Add("ADDR", r.Address)
	}
	if r.URL != "" {
		n.Add("WWW", r.URL)
	}
	w.notes(n, r.Notes)
	return n
}

func (w *treeWriter) sharedNote(note *kin.Note) *Node {
	if !w.v7 {
		return &Node{Xref: w.xrefs[note.ID], Tag: "NOTE", Value: note.Text}
	}
	n := &Node{Xref: w.xrefs[note.ID], Tag: "SNOTE", Value: note.Text}
	if note.MIME != "" {
		n.Add("MIME", note.MIME)
	}
	if note.Lang != "" {
		n.Add("LANG", note.Lang)
	}
	return n
}

// forms551 maps media types back to the 5.5.1 FORM values mediaType reads.
var forms551 = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"image/bmp": "bmp", "image/gif": "gif", "image/jpeg": "jpg", "image/png": "png",
		"image/tiff": "tif", "application/pdf": "pdf", "audio/wav": "wav", "audio/mpeg": "mp3",
		"text/html": "htm", "text/plain": "txt", "application/x-oleobject": "ole", "image/x-pcx": "pcx",
	}
})

func (w *treeWriter) media(m *kin.Media) *Node {
	n := &Node{Xref: w.xrefs[m.ID], Tag: "OBJE"}
	for _, f := range m.Files {
		fn := n.Add("FILE", f.Path)
		if f.Format != "" {
			form := f.Format
			if !w.v7 {
				if v, ok := forms551()[form]; ok {
					form = v
				}
			}
			fn.Add("FORM", form)
		}
		if f.Title != "" {
			fn.Add("TITL", f.Title)
		}
	}
	w.notes(n, m.Notes)
	return n
}
