package gedcom

// This file maps GEDCOM records (Node trees) to kin's domain (package kin):
// TreeBuilder and ToTree. kinwrite.go maps the other way.

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"kin"
	"kin/date"
)

// Errors a TreeBuilder reports. A MappingError wraps one of them, so callers
// can test with errors.Is.
var (
	// ErrDuplicateID means two records share a cross-reference
	// identifier, so their kin IDs would collide. Add returns it, or keeps
	// it as a warning when AllowDuplicateXrefs is set.
	ErrDuplicateID = errors.New("duplicate record identifier")
	// ErrMissingRecord means a pointer names no record of the right kind
	// in the file. The pointer is dropped and a warning kept.
	ErrMissingRecord = errors.New("pointer to a missing record")
	// ErrMalformedValue means a payload kin understands is malformed (a QUAY of
	// 7, a LATI of "north"). The value is dropped and a warning kept.
	ErrMalformedValue = errors.New("malformed value")
)

// A MappingError is a problem met while mapping a record to kin's domain:
// where it is (file, line, record) and what it is.
type MappingError struct {
	Filename string // "" when unknown
	Line     int    // the structure's line; 0 for Nodes built in memory
	Record   string // the record's xref ("I1"), or its tag when it has none
	Err      error  // one of the Err* sentinels, possibly wrapped
}

// Error returns "family.ged:12: I1: pointer to a missing record: ...".
func (e *MappingError) Error() string {
	var b strings.Builder
	if e.Filename != "" {
		b.WriteString(e.Filename)
		b.WriteByte(':')
	}
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
	}
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
	if e.Record != "" {
		b.WriteString(e.Record)
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *MappingError) Unwrap() error { return e.Err }

// ToTree maps a whole document to a kin.Tree with a TreeBuilder. The error
// is non-nil only when the document cannot be mapped faithfully (two
// records with one identifier, ErrDuplicateID); recoverable problems such
// as dangling pointers are dropped from the tree, and a caller who wants
// to see them, or to accept duplicate identifiers, uses a TreeBuilder.
func ToTree(d *Document) (*kin.Tree, error) {
	b := NewTreeBuilder()
	b.Version = d.Version
	for _, r := range d.Records {
		if err := b.Add(r); err != nil {
			return nil, err
		}
	}
	return b.Tree(), nil
}

// TreeBuilder maps GEDCOM records to a kin.Tree one record at a time, so a
// file can be streamed from a Decoder without holding its Node trees:
//
//	b := gedcom.NewTreeBuilder()
//	for {
//		n, err := dec.Next()
//		if err == io.EOF {
//			break
//		} …
//		if err := b.Add(n); err != nil { … }
//	}
//	t := b.Tree()
//
// # Identifiers
//
// A record's kin.ID is its xref verbatim: @I1@ becomes ID "I1", and Xref
// "I1" is kept too. A record with no xref (a 5.5.1 inline OBJE or SOUR, a
// NOTE record without one) gets the generated ID "~TAG" followed by a
// number in file order ("~SOUR1", "~OBJE2"); "~" never starts a GEDCOM 7
// xref. An association gets the ID of its person, ".ASSO" and its 1-based
// position among that person's associations ("I1.ASSO2"). Events get no ID.
//
// # What is mapped
//
// INDI, FAM, SOUR, REPO, OBJE, SNOTE and 5.5.1 NOTE records, with names
// and their parts, sex, events and attributes (DATE with PHRASE, PLAC with
// MAP, CAUS, event ASSO as participants), FAMC with PEDI (merged into the
// family's ChildLink), FAMS, ASSO with ROLE/PHRASE or 5.5.1 RELA, RESN
// PRIVACY/CONFIDENTIAL, UID/_UID/EXID/REFN/RIN/AFN/RFN, OBJE references,
// inline and shared notes, and citations (PAGE, DATA.TEXT, DATA.DATE, QUAY,
// NOTE; an inline 5.5.1 SOUR becomes an anonymous Source holding its text).
// Links are reconciled: a child named only by its own FAMC, or a partner
// named only by FAMS, is added to the family. @VOID@ pointers are skipped,
// and pointers to records missing from the file are dropped with a warning,
// so the tree has no dangling IDs. Extension tags kin writes itself
// (_SOUR, _DATE, _URL, _TYPE, _SPAN, _CONF; see FromTree) are read back.
//
// # What is not mapped
//
// HEAD (except its version), SUBM, CHAN/CREA, extension records, LDS
// ordinance status and temple, AGE, ADDR/PHON/EMAIL/WWW/AGNC/RELI/RESN on
// events, event media, ADOP.FAMC, NO, name translations (TRAN), family
// RESN, FAMC STAT, family-level ASSO and source DATA. The Node tree remains
// the lossless form of a file.
type TreeBuilder struct {
	// Filename names the file in warnings.
	Filename string
	// Version is the GEDCOM version ("7.0", "5.5.1"); the HEAD record sets
	// it when it is added.
	Version string
	// AllowDuplicateXrefs accepts a record whose xref an earlier record
	// already has, as some old exports write
	// (famous-family-trees/royalty/Japanese+Imperial+Family.ged has two
	// @I59@): the later record gets a generated ID, every pointer goes on
	// naming the first, and a warning wrapping ErrDuplicateID is kept. When
	// false, Add returns that error.
	AllowDuplicateXrefs bool

	tree     kin.Tree
	ids      map[kin.ID]recordKind
	families map[kin.ID]*kin.Family
	// wifeFirst lists the families whose first partner is the WIFE (no
	// HUSB, or WIFE written first), so that _FREL/_MREL find their partner.
	wifeFirst map[kin.ID]bool
	famc      []famLink
	adop      []famLink // ADOP events naming one adoptive parent
	fams      []famLink
	seq       map[string]int
	strs      map[string]string // repeated strings: places, names, types
	xrefs     map[string]string // xrefs and pointers, forgotten by Reset
	warnings  []error
	noteRefs  bool
	// earlierPeople and earlierFamilies count the people and families
	// mapped before the last Tree, so that a builder that is Reset for
	// every record still hands them out from blocks of a useful size.
	earlierPeople, earlierFamilies int

	cur *Node // the record being added, for warnings

	// Slabs: people, families, names and events are handed out from
	// blocks, which saves the allocator's per-object rounding and
	// overhead on large files (see docs/performance.md).
	personSlab []kin.Person
	familySlab []kin.Family
	nameSlab   []kin.Name
	eventSlab  []kin.Event
}

// slabSize returns the size of the next block for a slab that has handed
// out n items so far: small for small files, up to 1024 items.
func slabSize(n, want int) int {
	return max(want, min(1024, max(16, n/4)))
}

func (b *TreeBuilder) newPerson() *kin.Person {
	if len(b.personSlab) == 0 {
		b.personSlab = make([]kin.Person, slabSize(b.earlierPeople+len(b.tree.People), 1))
	}
	p := &b.personSlab[0]
	b.personSlab = b.personSlab[1:]
	return p
}

func (b *TreeBuilder) newFamily() *kin.Family {
	if len(b.familySlab) == 0 {
		b.familySlab = make([]kin.Family, slabSize(b.earlierFamilies+len(b.tree.Families), 1))
	}
	f := &b.familySlab[0]
	b.familySlab = b.familySlab[1:]
	return f
}

// names returns an empty slice with room for exactly n names.
func (b *TreeBuilder) names(n int) []kin.Name {
	if len(b.nameSlab) < n {
		b.nameSlab = make([]kin.Name, slabSize(b.earlierPeople+len(b.tree.People), n))
	}
	s := b.nameSlab[:0:n]
	b.nameSlab = b.nameSlab[n:]
	return s
}

// events returns an empty slice with room for exactly n events. Appending
// more than n copies the slice out of the slab, as append does.
func (b *TreeBuilder) events(n int) []kin.Event {
	if len(b.eventSlab) < n {
		b.eventSlab = make([]kin.Event, slabSize(2*(b.earlierPeople+len(b.tree.People)), n))
	}
	s := b.eventSlab[:0:n]
	b.eventSlab = b.eventSlab[n:]
	return s
}

// recordKind is what kind of record an ID names.
type recordKind uint8

const (
	kindPerson recordKind = iota + 1
	kindFamily
	kindSource
	kindRepository
	kindNote
	kindMedia
	kindOther // SUBM and extension records: they own their xref
)

// famLink is a person's FAMC or FAMS link, checked against the family once
// the whole file is read.
type famLink struct {
	person, family kin.ID
	lineage        kin.Lineage
	pedi           bool // lineage was stated
	line           int
	// frel and mrel are the lineage to the father (HUSB) and the mother
	// (WIFE) that Gramps writes as _FREL and _MREL under FAMC, or that an
	// ADOP event's FAMC.ADOP HUSB|WIFE implies; unknown when not stated.
	frel, mrel kin.Lineage
}

// NewTreeBuilder returns an empty TreeBuilder.
func NewTreeBuilder() *TreeBuilder {
	return &TreeBuilder{
		ids:      make(map[kin.ID]recordKind),
		families: make(map[kin.ID]*kin.Family),
		seq:      make(map[string]int),
		strs:     make(map[string]string),
		xrefs:    make(map[string]string),
	}
}

// maxStrings bounds the string copies a builder keeps across Reset: a
// file's repeated strings (places, names, event tags, citation pages) are
// few, but free text can be anything.
const maxStrings = 1 << 16

// Reset readies b to map another set of records after Tree, as a new
// TreeBuilder would: the records, IDs, links and warnings of the set
// before are forgotten, and Filename, Version and AllowDuplicateXrefs
// stay as they are. It keeps what makes mapping a large file a record at
// a time cheap (as kin import does, each record with stand-ins for the
// records it points to): the copies of repeated strings, up to maxStrings
// of them, and the unused rest of the blocks that people, families, names
// and events are handed out from.
func (b *TreeBuilder) Reset() {
	b.earlierPeople += len(b.tree.People)
	b.earlierFamilies += len(b.tree.Families)
	b.tree = kin.Tree{}
	b.ids = clearMap(b.ids)
	b.families = clearMap(b.families)
	b.seq = clearMap(b.seq)
	b.xrefs = clearMap(b.xrefs)
	if b.strs == nil || len(b.strs) > maxStrings {
		b.strs = make(map[string]string)
	}
	b.wifeFirst = nil
	b.famc, b.adop, b.fams = nil, nil, nil
	b.warnings = nil
	b.noteRefs = false
	b.cur = nil
}

// clearMap returns m emptied, or a new map when m is nil or large (a
// cleared map keeps its size, and clearing it again costs as much).
func clearMap[K comparable, V any](m map[K]V) map[K]V {
	if m == nil || len(m) > 1024 {
		return make(map[K]V)
	}
	clear(m)
	return m
}

// Warnings returns the recoverable problems met so far, each a
// *MappingError: dangling pointers and malformed values, which were dropped.
func (b *TreeBuilder) Warnings() []error { return b.warnings }

func (b *TreeBuilder) warn(line int, err error) {
	rec := ""
	if b.cur != nil {
		rec = b.cur.Xref
		if rec == "" {
			rec = b.cur.Tag
		}
		if line == 0 {
			line = b.cur.Line
		}
	}
	b.warnings = append(b.warnings, &MappingError{Filename: b.Filename, Line: line, Record: rec, Err: err})
}

// intern returns a copy of s shared with every equal string seen before, so
// that the many repeated places, surnames and given names of a large file
// are stored once and do not pin the decoder's buffers.
func (b *TreeBuilder) intern(s string) string { return internIn(b.strs, s) }

// internXref is intern for xrefs and pointers, which Reset forgets: the
// many unique ones of a large file would crowd out the repeated strings.
func (b *TreeBuilder) internXref(s string) string { return internIn(b.xrefs, s) }

// internIn returns the copy of s kept in m, making and keeping one the
// first time.
func internIn(m map[string]string, s string) string {
	if s == "" {
		return ""
	}
	if t, ok := m[s]; ok {
		return t
	}
	s = strings.Clone(s)
	m[s] = s
	return s
}

// Add maps one level-0 record. It returns an error only for a record whose
// identifier is already taken (unless AllowDuplicateXrefs); other problems
// become Warnings.
func (b *TreeBuilder) Add(n *Node) error {
	if n == nil {
		return nil
	}
	b.cur = n
	defer func() { b.cur = nil }()
	switch n.Tag {
	case "HEAD":
		if v := n.First("GEDC").ValueOf("VERS"); v != "" {
			b.Version = v
		}
		return nil
	case "TRLR":
		return nil
	case "INDI":
		id, err := b.claim(n, kindPerson)
		if err != nil {
			return err
		}
		b.tree.People = append(b.tree.People, b.person(n, id))
	case "FAM":
		id, err := b.claim(n, kindFamily)
		if err != nil {
			return err
		}
		f := b.family(n, id)
		b.families[id] = f
		b.tree.Families = append(b.tree.Families, f)
	case "SOUR":
		id, err := b.claim(n, kindSource)
		if err != nil {
			return err
		}
		b.tree.Sources = append(b.tree.Sources, b.source(n, id))
	case "REPO":
		id, err := b.claim(n, kindRepository)
		if err != nil {
			return err
		}
		b.tree.Repositories = append(b.tree.Repositories, b.repository(n, id))
	case "SNOTE", "NOTE":
		id, err := b.claim(n, kindNote)
		if err != nil {
			return err
		}
		note := b.note(n)
		note.ID, note.Xref = id, b.xref(n)
		b.tree.Notes = append(b.tree.Notes, &note)
	case "OBJE":
		id, err := b.claim(n, kindMedia)
		if err != nil {
			return err
		}
		b.tree.Media = append(b.tree.Media, b.media(n, id))
	default:
		if n.Xref != "" {
			_, err := b.claim(n, kindOther)
			return err
		}
	}
	return nil
}

// claim returns the ID for record n and reserves it.
func (b *TreeBuilder) claim(n *Node, k recordKind) (kin.ID, error) {
	if n.Xref == "" {
		return b.generate(n.Tag, k), nil
	}
	id := kin.ID(b.internXref(n.Xref))
	if _, ok := b.ids[id]; ok {
		err := &MappingError{Filename: b.Filename, Line: n.Line, Record: n.Xref,
			Err: fmt.Errorf("%w: @%s@ is used by an earlier record", ErrDuplicateID, n.Xref)}
		if !b.AllowDuplicateXrefs {
			return "", err
		}
		b.warnings = append(b.warnings, err)
		return b.generate(n.Tag, k), nil
	}
	b.ids[id] = k
	return id, nil
}

// generate returns a fresh ID for a record without xref.
func (b *TreeBuilder) generate(tag string, k recordKind) kin.ID {
	for {
		b.seq[tag]++
		id := kin.ID("~" + tag + strconv.Itoa(b.seq[tag]))
		if _, ok := b.ids[id]; !ok {
			b.ids[id] = k
			return id
		}
	}
}

// pointerID returns the ID a pointer payload names, or "" for @VOID@ and
// a missing pointer.
func pointerID(n *Node) kin.ID {
	if n == nil || n.Pointer == "" || n.Pointer == string(kin.VoidXref) {
		return ""
	}
	return kin.ID(n.Pointer)
}

// pointer returns the ID a pointer payload names, shared with every other
// use of it, or "" for @VOID@ and a missing pointer.
func (b *TreeBuilder) pointer(n *Node) kin.ID {
	return kin.ID(b.internXref(string(pointerID(n))))
}

// xref returns n's xref as the builder's shared copy.
func (b *TreeBuilder) xref(n *Node) kin.Xref {
	return kin.Xref(b.internXref(n.Xref))
}

// person maps an INDI record.
func (b *TreeBuilder) person(n *Node, id kin.ID) *kin.Person {
	p := b.newPerson()
	p.ID, p.Xref = id, b.xref(n)
	var nEvents, nNames int
	for _, c := range n.Nodes {
		if isIndiEvent(c) {
			nEvents++
		} else if c.Tag == "NAME" {
			nNames++
		}
	}
	if nEvents > 0 {
		p.Events = b.events(nEvents)
	}
	if nNames > 0 {
		p.Names = b.names(nNames)
	}
	for _, c := range n.Nodes {
		switch {
		case c.Tag == "NAME":
			p.Names = append(p.Names, b.name(c))
		case c.Tag == "SEX":
			p.Sex = b.sex(c)
			p.SetSexCitations(b.citations(c, p.SexCitations(), "SOUR", "_SOUR"))
		case isIndiEvent(c):
			p.Events = append(p.Events, b.event(c))
			if c.Tag == "ADOP" {
				b.adoption(id, c)
			}
		case c.Tag == "FAMC":
			if f := b.pointer(c); f != "" {
				l := famLink{person: id, family: f, line: c.Line}
				if pedi := c.First("PEDI"); pedi != nil {
					l.lineage, l.pedi = lineage(pedi), true
				}
				l.frel, l.mrel = parentLineage(c.First("_FREL")), parentLineage(c.First("_MREL"))
				b.famc = append(b.famc, l)
			}
		case c.Tag == "FAMS":
			if f := b.pointer(c); f != "" {
				b.fams = append(b.fams, famLink{person: id, family: f, line: c.Line})
			}
		case c.Tag == "ASSO":
			if a := b.association(c, id, len(b.personAssociations(id))+1); a != nil {
				b.tree.Associations = append(b.tree.Associations, a)
			}
		case c.Tag == "RESN":
			v := strings.ToUpper(c.Value)
			if strings.Contains(v, "PRIVACY") || strings.Contains(v, "CONFIDENTIAL") {
				p.SetPrivate(true)
			}
		case c.Tag == "SOUR":
			p.Citations = b.citation(c, p.Citations)
		case c.Tag == "NOTE" || c.Tag == "SNOTE":
			p.SetNotes(b.noteRef(c, p.Notes()))
		case c.Tag == "OBJE":
			p.SetMedia(b.mediaRef(c, p.Media()))
		default:
			if x, ok := b.externalID(c); ok {
				p.ExternalIDs = append(p.ExternalIDs, x)
			}
		}
	}
	return p
}

// personAssociations returns the associations recorded on person id so
// far; they are the last ones of the tree, since records are added in turn.
func (b *TreeBuilder) personAssociations(id kin.ID) []*kin.Association {
	as := b.tree.Associations
	i := len(as)
	for i > 0 && as[i-1].Person == id {
		i--
	}
	return as[i:]
}

// name maps a NAME structure: the payload split by kin.ParseName, then each
// part substructure (NPFX, GIVN, NICK, SPFX, SURN, NSFX) put in its place.
func (b *TreeBuilder) name(n *Node) kin.Name {
	nm := kin.ParseName(n.Value)
	var prefix, nickname, surnamePrefix, suffix string
	suffix = nm.Suffix()
	if v := n.First("NPFX"); v != nil {
		prefix = v.Value
		if n.First("GIVN") == nil {
			nm.Given = strings.TrimSpace(strings.TrimPrefix(nm.Given, v.Value))
		}
	}
	if v := n.First("GIVN"); v != nil {
		nm.Given = v.Value
	}
	if v := n.First("NICK"); v != nil {
		nickname = v.Value
		if n.First("GIVN") == nil {
			nm.Given = strings.Join(strings.Fields(strings.Replace(nm.Given, `"`+v.Value+`"`, "", 1)), " ")
		}
	}
	if v := n.First("SPFX"); v != nil {
		surnamePrefix = v.Value
		if n.First("SURN") == nil {
			nm.Surname = strings.TrimSpace(strings.TrimPrefix(nm.Surname, v.Value))
		}
	}
	if v := n.First("SURN"); v != nil {
		nm.Surname = v.Value
	}
	if v := n.First("NSFX"); v != nil {
		suffix = v.Value
	}
	if t := n.First("TYPE"); t != nil {
		nm.SetType(nameType(t))
	}
	nm.SetPrefix(b.intern(prefix))
	nm.Given = b.intern(nm.Given)
	nm.SetNickname(b.intern(nickname))
	nm.SetSurnamePrefix(b.intern(surnamePrefix))
	nm.Surname = b.intern(nm.Surname)
	nm.SetSuffix(b.intern(suffix))
	nm.Citations = b.citations(n, nil, "SOUR")
	return nm
}

// nameType maps NAME.TYPE: a GEDCOM 7 enumeration value, a 5.5.1 value in
// any case, or OTHER with a PHRASE, whose phrase becomes the type.
func nameType(t *Node) kin.NameType {
	v := strings.ToUpper(strings.TrimSpace(t.Value))
	switch kin.NameType(v) {
	case kin.NameAKA, kin.NameBirth, kin.NameImmigrant, kin.NameMaiden, kin.NameMarried, kin.NameProfessional:
		return kin.NameType(v)
	case kin.NameOther:
		if p := t.ValueOf("PHRASE"); p != "" {
			return kin.NameType(p)
		}
		return kin.NameOther
	}
	if v == "" {
		return ""
	}
	return kin.NameType(t.Value)
}

// sex maps a SEX payload. Only the first line counts: Family Tree Maker
// writes citations as CONT lines of SEX (encodings/willis-*.ged), which is
// kept as a warning.
func (b *TreeBuilder) sex(n *Node) kin.Sex {
	v, rest, _ := strings.Cut(n.Value, "\n")
	if strings.TrimSpace(rest) != "" {
		b.warn(n.Line, fmt.Errorf("%w: SEX has more than one line", ErrMalformedValue))
	}
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "M":
		return kin.SexMale
	case "F":
		return kin.SexFemale
	case "X":
		return kin.SexIntersex
	case "U":
		return kin.SexUnknown
	case "":
		return ""
	}
	b.warn(n.Line, fmt.Errorf("%w: SEX %q", ErrMalformedValue, n.Value))
	return kin.SexUnknown
}

// parentLineage maps a Gramps or Family Tree Maker _FREL or _MREL (the
// child's relation to the father or to the mother): "birth" and "Natural"
// are birth, "Adopted", "Step"/"Stepchild", "Foster" and "Sealing" their
// lineage; anything else ("Unknown", "Private", a custom text) is unknown,
// so the link keeps its PEDI lineage.
func parentLineage(n *Node) kin.Lineage {
	if n == nil {
		return kin.LineageUnknown
	}
	switch strings.ToLower(strings.TrimSpace(n.Value)) {
	case "birth", "natural", "biological":
		return kin.LineageBirth
	case "adopted", "adoptive":
		return kin.LineageAdopted
	case "step", "stepchild", "step child":
		return kin.LineageStep
	case "foster":
		return kin.LineageFoster
	case "sealing", "sealed":
		return kin.LineageSealing
	}
	return kin.LineageUnknown
}

// adoption records the parent an ADOP event's FAMC.ADOP names (HUSB or
// WIFE): the child is adopted by that partner of the family only. BOTH
// adds nothing a PEDI ADOPTED would not say, and is left to PEDI.
func (b *TreeBuilder) adoption(person kin.ID, n *Node) {
	famc := n.First("FAMC")
	if famc == nil {
		return
	}
	f := b.pointer(famc)
	if f == "" {
		return
	}
	var l famLink
	switch strings.ToUpper(strings.TrimSpace(famc.ValueOf("ADOP"))) {
	case "HUSB":
		l.frel = kin.LineageAdopted
	case "WIFE":
		l.mrel = kin.LineageAdopted
	default:
		return
	}
	l.person, l.family, l.line = person, f, famc.Line
	b.adop = append(b.adop, l)
}

// setPartnerLineage records the lineage of child link c to the father
// (frel, the HUSB) and the mother (mrel, the WIFE) of family f. When the
// two agree, and say more than birth, they become the link's Lineage if
// no PEDI stated one; when they differ, PartnerLineage holds them aligned
// with f.Partners (an unknown one stays empty: Lineage holds).
func (b *TreeBuilder) setPartnerLineage(f *kin.Family, c *kin.ChildLink, frel, mrel kin.Lineage) {
	birthish := func(l kin.Lineage) bool { return l == kin.LineageUnknown || l == kin.LineageBirth }
	if frel == mrel || (birthish(frel) && birthish(mrel)) {
		if !birthish(frel) && birthish(c.Lineage) {
			c.Lineage = frel
		}
		return
	}
	husb, wife := 0, 1
	if b.wifeFirst[f.ID] {
		husb, wife = 1, 0
	}
	pl := make([]kin.Lineage, len(f.Partners))
	set := false
	for i := range pl {
		if i < len(c.PartnerLineage()) {
			pl[i] = c.PartnerLineage()[i]
		}
		switch {
		case i == husb && frel != kin.LineageUnknown:
			pl[i], set = frel, true
		case i == wife && mrel != kin.LineageUnknown:
			pl[i], set = mrel, true
		}
	}
	if set {
		c.SetPartnerLineage(pl)
	}
}

// lineage maps a PEDI structure: its payload in 7.0 upper case or 5.5.1
// lower case, and 7.0 OTHER with the PHRASE "step", which is how FromTree
// writes a step-child (GEDCOM has no STEP value).
func lineage(n *Node) kin.Lineage {
	v := strings.ToUpper(strings.TrimSpace(n.Value))
	if v == "OTHER" {
		v = strings.ToUpper(strings.TrimSpace(n.ValueOf("PHRASE")))
	}
	switch v {
	case "BIRTH":
		return kin.LineageBirth
	case "ADOPTED":
		return kin.LineageAdopted
	case "STEP":
		return kin.LineageStep
	case "FOSTER":
		return kin.LineageFoster
	case "SEALING":
		return kin.LineageSealing
	}
	return kin.LineageUnknown
}

// Event and attribute tags of GEDCOM 7 and 5.5.1. Like the package's other
// tables, each is built on its first use, not when a process starts.
var (
	indiEventTags = sync.OnceValue(func() map[string]bool {
		return map[string]bool{
			"ADOP": true, "BAPM": true, "BARM": true, "BASM": true, "BIRT": true, "BLES": true,
			"BURI": true, "CENS": true, "CHR": true, "CHRA": true, "CONF": true, "CREM": true,
			"DEAT": true, "EMIG": true, "FCOM": true, "GRAD": true, "IMMI": true, "NATU": true,
			"ORDN": true, "PROB": true, "RETI": true, "WILL": true, "EVEN": true,
			// LDS ordinances are dated events too; their STAT and TEMP are not kept.
			"BAPL": true, "CONL": true, "ENDL": true, "INIL": true, "SLGC": true,
		}
	})
	famEventTags = sync.OnceValue(func() map[string]bool {
		return map[string]bool{
			"ANUL": true, "CENS": true, "DIV": true, "DIVF": true, "ENGA": true, "MARB": true,
			"MARC": true, "MARL": true, "MARR": true, "MARS": true, "EVEN": true, "SLGS": true,
		}
	})
	// attributeTags are the attributes: their payload is a value, not "Y".
	attributeTags = sync.OnceValue(func() map[string]bool {
		return map[string]bool{
			"CAST": true, "DSCR": true, "EDUC": true, "IDNO": true, "NATI": true, "NCHI": true,
			"NMR": true, "OCCU": true, "PROP": true, "RELI": true, "RESI": true, "SSN": true,
			"TITL": true, "FACT": true,
		}
	})
	famAttributeTags = sync.OnceValue(func() map[string]bool {
		return map[string]bool{"NCHI": true, "RESI": true, "FACT": true}
	})

	// eventTags is the four sets above in one map, so that telling a
	// structure's kind takes one lookup.
	eventTags = sync.OnceValue(eventTagKinds)
)

// Kinds of event tags, as bits.
const (
	tagIndiEvent = 1 << iota
	tagFamEvent
	tagAttribute
	tagFamAttribute
)

func eventTagKinds() map[string]uint8 {
	m := map[string]uint8{}
	for _, set := range []struct {
		tags map[string]bool
		kind uint8
	}{{indiEventTags(), tagIndiEvent}, {famEventTags(), tagFamEvent}, {attributeTags(), tagAttribute}, {famAttributeTags(), tagFamAttribute}} {
		for t := range set.tags {
			m[t] |= set.kind
		}
	}
	return m
}

// isExtensionEvent reports whether n is an extension structure that looks
// like an event: an underscore tag with a DATE or PLAC (_SEPR, _MILT).
func isExtensionEvent(n *Node) bool {
	if !strings.HasPrefix(n.Tag, "_") || n.Tag == "_SOUR" || n.Tag == "_DATE" {
		return false
	}
	return n.First("DATE") != nil || n.First("PLAC") != nil
}

func isIndiEvent(n *Node) bool {
	return eventTags()[n.Tag]&(tagIndiEvent|tagAttribute) != 0 || isExtensionEvent(n)
}

func isFamEvent(n *Node) bool {
	return eventTags()[n.Tag]&(tagFamEvent|tagFamAttribute) != 0 || isExtensionEvent(n)
}

// event maps an event or attribute structure. Value is the payload; Detail
// is the TYPE, or for an attribute without TYPE its payload ("Actor").
func (b *TreeBuilder) event(n *Node) kin.Event {
	e := kin.Event{Type: kin.EventType(b.intern(n.Tag)), Value: b.intern(n.Value)}
	if t := n.First("TYPE"); t != nil {
		e.Detail = b.intern(t.Value)
	} else if attributeTags()[n.Tag] {
		e.Detail = e.Value
	}
	for _, c := range n.Nodes {
		switch c.Tag {
		case "DATE":
			e.Date = b.date(c)
		case "PLAC":
			e.Place = b.place(c)
		case "CAUS":
			e.SetCause(b.intern(c.Value))
		case "ASSO":
			if id := b.pointer(c); id != "" {
				pt := kin.Participant{Person: id}
				if r := c.First("ROLE"); r != nil {
					pt.Role = kin.Role(strings.ToUpper(strings.TrimSpace(r.Value)))
					pt.Phrase = b.intern(r.ValueOf("PHRASE"))
				} else if r := c.First("RELA"); r != nil {
					pt.Role, pt.Phrase = kin.RoleOther, b.intern(r.Value)
				}
				e.SetParticipants(append(e.Participants(), pt))
			}
		case "SOUR":
			e.Citations = b.citation(c, e.Citations)
		case "NOTE", "SNOTE":
			e.SetNotes(b.noteRef(c, e.Notes()))
		}
	}
	return e
}

// date parses a DATE structure; its 7.0 PHRASE becomes the Date's Phrase.
// A payload date.Parse rejects is kept as a phrase-only date; a day out of
// range ("30 FEB 1900") is kept as written.
func (b *TreeBuilder) date(n *Node) date.Date {
	d := parseDate(n.Value, n.ValueOf("PHRASE"))
	if d.Phrase != "" || d.HasExtension() {
		d.Phrase = strings.Clone(d.Phrase)
	}
	return d
}

func parseDate(s, phrase string) date.Date {
	s = strings.TrimSpace(s)
	var d date.Date
	if s != "" {
		var err error
		d, err = date.Parse(s)
		if err != nil && !errors.Is(err, date.ErrRange) {
			d = date.Date{Modifier: date.PhraseOnly, Phrase: s}
		}
	}
	if phrase != "" {
		if d.IsZero() {
			d.Modifier = date.PhraseOnly
		}
		d.Phrase = phrase
	}
	return d
}

// place maps a PLAC structure with its MAP.LATI and MAP.LONG.
func (b *TreeBuilder) place(n *Node) kin.Place {
	pl := kin.Place{Name: b.intern(strings.TrimSpace(n.Value))}
	if m := n.First("MAP"); m != nil {
		lat, errLat := coordinate(m.ValueOf("LATI"), 'N', 'S', 90)
		long, errLong := coordinate(m.ValueOf("LONG"), 'E', 'W', 180)
		switch {
		case errLat != nil:
			b.warn(m.Line, errLat)
		case errLong != nil:
			b.warn(m.Line, errLong)
		default:
			pl.SetCoordinates(lat, long)
		}
	}
	return pl
}

// coordinate parses a GEDCOM LATI or LONG payload: "N50.9", "W1.5", and
// the signed decimal degrees ("-1.5") some programs write instead.
func coordinate(s string, pos, neg byte, limit float64) (float64, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%w: coordinate %q", ErrMalformedValue, s)
	if len(s) < 1 {
		return 0, bad
	}
	sign := 1.0
	switch s[0] {
	case pos, pos + 'a' - 'A':
		s = s[1:]
	case neg, neg + 'a' - 'A':
		sign, s = -1, s[1:]
	case '-':
		sign, s = -1, s[1:]
	case '+':
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' && s[0] != '.' {
		return 0, bad
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f > limit {
		return 0, bad
	}
	return sign * f, nil
}

// association maps an INDI-level ASSO: 7.0 ROLE (with PHRASE for OTHER or
// as detail) or 5.5.1 RELA, the pointer's PHRASE as detail, _DATE, SOUR and
// NOTE. It returns nil for @VOID@.
func (b *TreeBuilder) association(n *Node, person kin.ID, index int) *kin.Association {
	other := b.pointer(n)
	if other == "" {
		return nil
	}
	a := &kin.Association{
		ID:     kin.ID(string(person) + ".ASSO" + strconv.Itoa(index)),
		Person: person,
		Other:  other,
		Detail: b.intern(n.ValueOf("PHRASE")),
	}
	if a.Detail == "" {
		a.Detail = b.intern(n.ValueOf("_DETAIL"))
	}
	if r := n.First("ROLE"); r != nil {
		a.Relation = strings.TrimSpace(r.Value)
		if ph := r.ValueOf("PHRASE"); ph != "" && strings.EqualFold(a.Relation, string(kin.RoleOther)) {
			a.Relation = ph
		}
	} else if r := n.First("RELA"); r != nil {
		a.Relation = r.Value
	}
	if d := n.First("_DATE"); d != nil {
		a.Date = b.date(d)
	} else if d := n.First("DATE"); d != nil {
		a.Date = b.date(d)
	}
	for _, c := range n.Nodes {
		switch c.Tag {
		case "SOUR":
			a.Citations = b.citation(c, a.Citations)
		case "NOTE", "SNOTE":
			a.Notes = b.noteRef(c, a.Notes)
		}
	}
	return a
}

// family maps a FAM record.
func (b *TreeBuilder) family(n *Node, id kin.ID) *kin.Family {
	f := b.newFamily()
	f.ID, f.Xref = id, b.xref(n)
	var nEvents, nChildren int
	for _, c := range n.Nodes {
		if c.Tag == "CHIL" {
			nChildren++
		} else if isFamEvent(c) {
			nEvents++
		}
	}
	if nEvents > 0 {
		f.Events = b.events(nEvents)
	}
	if nChildren > 0 {
		f.Children = make([]kin.ChildLink, 0, nChildren)
	}
	type childRel struct {
		i          int
		frel, mrel kin.Lineage
	}
	var rels []childRel
	defer func() {
		for _, r := range rels {
			b.setPartnerLineage(f, &f.Children[r.i], r.frel, r.mrel)
		}
	}()
	for _, c := range n.Nodes {
		switch {
		case c.Tag == "HUSB" || c.Tag == "WIFE":
			if p := b.pointer(c); p != "" {
				if f.Partners == nil {
					f.Partners = make([]kin.ID, 0, 2)
					if c.Tag == "WIFE" {
						if b.wifeFirst == nil {
							b.wifeFirst = make(map[kin.ID]bool)
						}
						b.wifeFirst[id] = true
					}
				}
				f.Partners = append(f.Partners, p)
			}
		case c.Tag == "CHIL":
			if p := b.pointer(c); p != "" {
				link := kin.ChildLink{Child: p}
				link.SetCitations(b.citations(c, nil, "SOUR", "_SOUR"))
				if fr, mr := c.First("_FREL"), c.First("_MREL"); fr != nil || mr != nil {
					rels = append(rels, childRel{len(f.Children), parentLineage(fr), parentLineage(mr)})
				}
				f.Children = append(f.Children, link)
			}
		case isFamEvent(c):
			f.Events = append(f.Events, b.event(c))
		case c.Tag == "SOUR":
			f.Citations = b.citation(c, f.Citations)
		case c.Tag == "NOTE" || c.Tag == "SNOTE":
			f.SetNotes(b.noteRef(c, f.Notes()))
		case c.Tag == "OBJE":
			f.SetMedia(b.mediaRef(c, f.Media()))
		default:
			if x, ok := b.externalID(c); ok {
				f.ExternalIDs = append(f.ExternalIDs, x)
			}
		}
	}
	return f
}

// source maps a SOUR record.
func (b *TreeBuilder) source(n *Node, id kin.ID) *kin.Source {
	s := &kin.Source{ID: id, Xref: b.xref(n)}
	for _, c := range n.Nodes {
		switch c.Tag {
		case "TITL":
			s.Title = strings.Clone(c.Value)
		case "AUTH":
			s.Author = strings.Clone(c.Value)
		case "PUBL":
			s.Publication = strings.Clone(c.Value)
		case "ABBR":
			s.Abbrev = strings.Clone(c.Value)
		case "TEXT":
			s.Text = strings.Clone(c.Value)
		case "_TYPE":
			s.Type = kin.SourceType(b.intern(c.Value))
		case "_DATE":
			s.Date = b.date(c)
		case "_URL", "_WWW", "WWW", "_LINK":
			if s.URL == "" {
				s.URL = strings.Clone(c.Value)
			}
		case "REPO":
			if r := b.pointer(c); r != "" {
				s.Repositories = append(s.Repositories, kin.RepositoryRef{Repository: r, CallNumber: strings.Clone(c.ValueOf("CALN"))})
			}
		case "NOTE", "SNOTE":
			s.Notes = b.noteRef(c, s.Notes)
		case "OBJE":
			s.Media = b.mediaRef(c, s.Media)
		default:
			if x, ok := b.externalID(c); ok {
				s.ExternalIDs = append(s.ExternalIDs, x)
			}
		}
	}
	return s
}

// repository maps a REPO record. The address is ADDR's payload, or its
// 5.5.1 parts joined with ", " when the payload is empty.
func (b *TreeBuilder) repository(n *Node, id kin.ID) *kin.Repository {
	r := &kin.Repository{ID: id, Xref: b.xref(n), Name: strings.Clone(n.ValueOf("NAME"))}
	if a := n.First("ADDR"); a != nil {
		r.Address = strings.Clone(a.Value)
		if r.Address == "" {
			var parts []string
			for _, t := range []string{"ADR1", "ADR2", "ADR3", "CITY", "STAE", "POST", "CTRY"} {
				if v := a.ValueOf(t); v != "" {
					parts = append(parts, v)
				}
			}
			r.Address = strings.Join(parts, ", ")
		}
	}
	for _, t := range []string{"WWW", "_URL", "_WWW"} {
		if v := n.ValueOf(t); v != "" {
			r.URL = strings.Clone(v)
			break
		}
	}
	for _, c := range n.Nodes {
		if c.Tag == "NOTE" || c.Tag == "SNOTE" {
			r.Notes = b.noteRef(c, r.Notes)
		}
	}
	return r
}

// note maps a note's text with its MIME and LANG.
func (b *TreeBuilder) note(n *Node) kin.Note {
	return kin.Note{Text: strings.Clone(n.Value), MIME: b.intern(n.ValueOf("MIME")), Lang: b.intern(n.ValueOf("LANG"))}
}

// noteRef appends the note n stands for: an inline NOTE, or a reference to
// a shared note (7.0 SNOTE, 5.5.1 NOTE pointer) whose text Tree fills in.
func (b *TreeBuilder) noteRef(n *Node, notes []kin.Note) []kin.Note {
	if n.HasPointer() {
		id := b.pointer(n)
		if id == "" {
			return notes
		}
		b.noteRefs = true
		return append(notes, kin.Note{ID: id, Xref: kin.Xref(id)})
	}
	if n.Tag == "SNOTE" { // a 7.0 SNOTE must point; keep the text anyway
		b.warn(n.Line, fmt.Errorf("%w: SNOTE without pointer", ErrMalformedValue))
	}
	return append(notes, b.note(n))
}

// media maps an OBJE record, or an inline 5.5.1 OBJE.
func (b *TreeBuilder) media(n *Node, id kin.ID) *kin.Media {
	m := &kin.Media{ID: id, Xref: b.xref(n)}
	for _, c := range n.Nodes {
		switch c.Tag {
		case "FILE":
			f := kin.MediaFile{Path: strings.Clone(c.Value), Title: strings.Clone(c.ValueOf("TITL"))}
			if form := c.First("FORM"); form != nil {
				f.Format = b.intern(mediaType(form.Value))
			} else {
				f.Format = b.intern(mediaType(n.ValueOf("FORM"))) // 5.5
			}
			if f.Title == "" {
				f.Title = strings.Clone(n.ValueOf("TITL")) // 5.5 and inline 5.5.1
			}
			m.Files = append(m.Files, f)
		case "NOTE", "SNOTE":
			m.Notes = b.noteRef(c, m.Notes)
		}
	}
	return m
}

// mediaRef appends a media reference. An inline 5.5.1 OBJE (no pointer)
// becomes an anonymous Media record.
func (b *TreeBuilder) mediaRef(n *Node, refs []kin.MediaRef) []kin.MediaRef {
	if n.HasPointer() {
		id := b.pointer(n)
		if id == "" {
			return refs
		}
		return append(refs, kin.MediaRef{Media: id, Title: strings.Clone(n.ValueOf("TITL"))})
	}
	if n.First("FILE") == nil {
		return refs
	}
	id := b.generate("OBJE", kindMedia)
	b.tree.Media = append(b.tree.Media, b.media(n, id))
	return append(refs, kin.MediaRef{Media: id})
}

// mediaTypes maps 5.5.1 FORM values to media types.
var mediaTypes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"bmp": "image/bmp", "gif": "image/gif", "jpg": "image/jpeg", "jpeg": "image/jpeg",
		"png": "image/png", "tif": "image/tiff", "tiff": "image/tiff", "pdf": "application/pdf",
		"wav": "audio/wav", "mp3": "audio/mpeg", "htm": "text/html", "html": "text/html",
		"txt": "text/plain", "ole": "application/x-oleobject", "pcx": "image/x-pcx",
	}
})

// mediaType returns the media type for a FORM payload: 7.0 payloads are
// media types already; 5.5.1 ones ("jpg") are translated when known.
func mediaType(form string) string {
	if t, ok := mediaTypes()[strings.ToLower(strings.TrimSpace(form))]; ok {
		return t
	}
	return form
}

// citations appends the citations among n's substructures with the given tags.
func (b *TreeBuilder) citations(n *Node, cs []kin.Citation, tags ...string) []kin.Citation {
	for _, c := range n.Nodes {
		for _, t := range tags {
			if c.Tag == t {
				cs = b.citation(c, cs)
				break
			}
		}
	}
	return cs
}

// citation appends the citation a SOUR structure makes. A @VOID@ source is
// skipped; an inline 5.5.1 source (text, no pointer) becomes an anonymous
// Source whose Text is the payload, and its TEXT substructures the quote.
func (b *TreeBuilder) citation(n *Node, cs []kin.Citation) []kin.Citation {
	var c kin.Citation
	if n.HasPointer() {
		c.Source = b.pointer(n)
		if c.Source == "" {
			return cs
		}
	} else {
		id := b.generate("SOUR", kindSource)
		b.tree.Sources = append(b.tree.Sources, &kin.Source{ID: id, Text: strings.Clone(n.Value)})
		c.Source = id
	}
	c.Page = b.intern(n.ValueOf("PAGE"))
	var quotes []string
	for _, s := range n.Nodes {
		switch s.Tag {
		case "DATA":
			for _, t := range s.All("TEXT") {
				quotes = append(quotes, t.Value)
			}
			if d := s.First("DATE"); d != nil {
				c.SetDate(b.date(d))
			}
		case "TEXT": // 5.5.1 inline source
			quotes = append(quotes, s.Value)
		case "QUAY":
			q, err := strconv.Atoi(strings.TrimSpace(s.Value))
			if err != nil || q < 0 || q > 3 {
				b.warn(s.Line, fmt.Errorf("%w: QUAY %q", ErrMalformedValue, s.Value))
				continue
			}
			c.Confidence, c.ConfidenceKnown = kin.ConfidenceFromQUAY(q), true
		case "_CONF":
			q, err := strconv.Atoi(strings.TrimSpace(s.Value))
			if err != nil || q < int(kin.ConfidenceVeryLow) || q > int(kin.ConfidenceVeryHigh) {
				b.warn(s.Line, fmt.Errorf("%w: _CONF %q", ErrMalformedValue, s.Value))
				continue
			}
			c.Confidence, c.ConfidenceKnown = kin.Confidence(q), true
		case "_SPAN":
			var sp kin.Span
			if _, err := fmt.Sscanf(s.Value, "%d %d", &sp.Start, &sp.End); err != nil || sp.Start < 0 || sp.End < sp.Start {
				b.warn(s.Line, fmt.Errorf("%w: _SPAN %q", ErrMalformedValue, s.Value))
				continue
			}
			c.Span = &sp
		case "NOTE", "SNOTE":
			c.SetNotes(b.noteRef(s, c.Notes()))
		}
	}
	c.Quote = strings.Clone(strings.Join(quotes, "\n"))
	return append(cs, c)
}

// exidTypes are the GEDCOM 7 EXID.TYPE URIs that stand for 5.5.1's
// identifier structures.
var exidTypes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"AFN": "https://gedcom.io/terms/v7/AFN",
		"RFN": "https://gedcom.io/terms/v7/RFN",
		"RIN": "https://gedcom.io/terms/v7/RIN",
	}
})

// externalID maps UID, _UID, EXID, REFN, RIN, AFN and RFN. An EXID whose
// TYPE is the 7.0 URI for AFN, RFN or RIN maps back to that kind.
func (b *TreeBuilder) externalID(n *Node) (kin.ExternalID, bool) {
	switch n.Tag {
	case "UID", "_UID":
		return kin.ExternalID{Kind: "UID", Value: strings.Clone(n.Value)}, true
	case "EXID", "_EXID":
		t := b.intern(n.ValueOf("TYPE"))
		for k, uri := range exidTypes() {
			if t == uri {
				return kin.ExternalID{Kind: k, Value: strings.Clone(n.Value)}, true
			}
		}
		return kin.ExternalID{Kind: "EXID", Value: strings.Clone(n.Value), Type: t}, true
	case "REFN":
		return kin.ExternalID{Kind: "REFN", Value: strings.Clone(n.Value), Type: b.intern(n.ValueOf("TYPE"))}, true
	case "RIN", "AFN", "RFN":
		return kin.ExternalID{Kind: n.Tag, Value: strings.Clone(n.Value)}, true
	}
	return kin.ExternalID{}, false
}
