package kin

import (
	"encoding/json"
	"strings"
)

// Sex is a person's sex as GEDCOM records it.
type Sex string

// The GEDCOM 7 SEX values. The zero value means nothing is recorded.
const (
	SexUnknown  Sex = "U"
	SexMale     Sex = "M"
	SexFemale   Sex = "F"
	SexIntersex Sex = "X"
)

// Person is one individual (GEDCOM INDI).
//
// The parts most people lack (SexCitations, Notes, Media, Private) are
// read and set with methods and share one pointer, nil when all are empty;
// setters copy what it holds, so a copied Person never changes with the
// original. The JSON form is the flat struct it always was (see JSONForm).
type Person struct {
	ID   ID
	Xref Xref

	Names []Name // the first is the preferred name
	Sex   Sex

	// Events are the person's own events and attributes (birth, death,
	// occupation, residence …). Events shared with a partner (marriage,
	// divorce) belong to the Family.
	Events []Event

	Citations   []Citation // evidence for the person as a whole
	ExternalIDs []ExternalID
	rare        *personRare
}

// personRare holds a Person's rarely set parts.
type personRare struct {
	sexCitations []Citation
	notes        []Note
	media        []MediaRef
	private      bool
}

// SexCitations returns the evidence for Sex.
func (p *Person) SexCitations() []Citation {
	if p.rare == nil {
		return nil
	}
	return p.rare.sexCitations
}

// Notes returns the notes on the person.
func (p *Person) Notes() []Note {
	if p.rare == nil {
		return nil
	}
	return p.rare.notes
}

// Media returns the person's media references.
func (p *Person) Media() []MediaRef {
	if p.rare == nil {
		return nil
	}
	return p.rare.media
}

// Private reports whether the record is marked private: GEDCOM RESN
// PRIVACY or CONFIDENTIAL.
func (p *Person) Private() bool { return p.rare != nil && p.rare.private }

// SetPrivate marks the record private or not.
func (p *Person) SetPrivate(private bool) {
	if !private && p.rare == nil {
		return
	}
	r := cloneRare(p.rare)
	r.private = private
	p.setRare(r)
}

// SetSexCitations sets the evidence for Sex.
func (p *Person) SetSexCitations(cs []Citation) {
	if cs == nil && p.rare == nil {
		return
	}
	r := cloneRare(p.rare)
	r.sexCitations = cs
	p.setRare(r)
}

// SetNotes sets the notes on the person.
func (p *Person) SetNotes(ns []Note) {
	if ns == nil && p.rare == nil {
		return
	}
	r := cloneRare(p.rare)
	r.notes = ns
	p.setRare(r)
}

// SetMedia sets the person's media references.
func (p *Person) SetMedia(ms []MediaRef) {
	if ms == nil && p.rare == nil {
		return
	}
	r := cloneRare(p.rare)
	r.media = ms
	p.setRare(r)
}

func (p *Person) setRare(r *personRare) {
	if r.sexCitations == nil && r.notes == nil && r.media == nil && !r.private {
		r = nil
	}
	p.rare = r
}

// personJSON is the JSON form of a Person: its fields in the order they
// have always been written.
type personJSON struct {
	ID           ID
	Xref         Xref
	Names        []Name
	Sex          Sex
	SexCitations []Citation
	Events       []Event
	Citations    []Citation
	Notes        []Note
	Media        []MediaRef
	ExternalIDs  []ExternalID
	Private      bool
}

// JSONForm returns the struct p's JSON encodes: all of Person's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of p.
func (p Person) JSONForm() any { return p.toJSON() }

func (p *Person) toJSON() personJSON {
	return personJSON{
		ID: p.ID, Xref: p.Xref, Names: p.Names, Sex: p.Sex, SexCitations: p.SexCitations(),
		Events: p.Events, Citations: p.Citations, Notes: p.Notes(), Media: p.Media(),
		ExternalIDs: p.ExternalIDs, Private: p.Private(),
	}
}

// MarshalJSON writes p as the flat object it has always been.
func (p Person) MarshalJSON() ([]byte, error) { return json.Marshal(p.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (p *Person) UnmarshalJSON(b []byte) error {
	j := p.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = Person{ID: j.ID, Xref: j.Xref, Names: j.Names, Sex: j.Sex, Events: j.Events,
		Citations: j.Citations, ExternalIDs: j.ExternalIDs}
	p.setRare(&personRare{sexCitations: j.SexCitations, notes: j.Notes, media: j.Media, private: j.Private})
	return nil
}

// Name returns the person's preferred name, or the zero Name.
func (p *Person) Name() Name {
	if len(p.Names) == 0 {
		return Name{}
	}
	return p.Names[0]
}

// Event returns the first of p's events with type t and whether there is one.
func (p *Person) Event(t EventType) (Event, bool) {
	for _, e := range p.Events {
		if e.Type == t {
			return e, true
		}
	}
	return Event{}, false
}

// NameType is the kind of a name (GEDCOM NAME.TYPE).
type NameType string

// Name types from GEDCOM 7 (NAME-TYPE enumeration); the zero value is unstated.
const (
	NameAKA          NameType = "AKA"
	NameBirth        NameType = "BIRTH"
	NameImmigrant    NameType = "IMMIGRANT"
	NameMaiden       NameType = "MAIDEN"
	NameMarried      NameType = "MARRIED"
	NameProfessional NameType = "PROFESSIONAL"
	NameOther        NameType = "OTHER"
)

// Name is one personal name of a person, split into its parts. Given and
// Surname are what search and display use; the other parts are kept as
// GEDCOM stores them.
//
// The parts few names have (Prefix, Nickname, SurnamePrefix, Suffix,
// Type) are read and set with methods and share one pointer, nil when all
// are empty; setters copy what it holds, so a copied Name never changes
// with the original. The JSON form is the flat struct it always was (see
// JSONForm).
type Name struct {
	Given     string // GIVN: "Alec", "Carmen Gabriela"
	Surname   string // SURN: "Baldwin"
	Citations []Citation
	rare      *nameRare
}

// nameRare holds a Name's rarely set parts.
type nameRare struct {
	prefix, nickname, surnamePrefix, suffix string
	typ                                     NameType
}

// Prefix returns NPFX: "Dr.", "Sir".
func (n Name) Prefix() string {
	if n.rare == nil {
		return ""
	}
	return n.rare.prefix
}

// Nickname returns NICK: "Edu".
func (n Name) Nickname() string {
	if n.rare == nil {
		return ""
	}
	return n.rare.nickname
}

// SurnamePrefix returns SPFX: "van der", "de".
func (n Name) SurnamePrefix() string {
	if n.rare == nil {
		return ""
	}
	return n.rare.surnamePrefix
}

// Suffix returns NSFX: "Jr.", "III".
func (n Name) Suffix() string {
	if n.rare == nil {
		return ""
	}
	return n.rare.suffix
}

// Type returns the kind of name (GEDCOM NAME.TYPE), or "" when unstated.
func (n Name) Type() NameType {
	if n.rare == nil {
		return ""
	}
	return n.rare.typ
}

// SetType sets the kind of name.
func (n *Name) SetType(t NameType) {
	if t == "" && n.rare == nil {
		return
	}
	r := cloneRare(n.rare)
	r.typ = t
	n.setRare(r)
}

// SetPrefix sets NPFX.
func (n *Name) SetPrefix(s string) {
	if s == "" && n.rare == nil {
		return
	}
	r := cloneRare(n.rare)
	r.prefix = s
	n.setRare(r)
}

// SetNickname sets NICK.
func (n *Name) SetNickname(s string) {
	if s == "" && n.rare == nil {
		return
	}
	r := cloneRare(n.rare)
	r.nickname = s
	n.setRare(r)
}

// SetSurnamePrefix sets SPFX.
func (n *Name) SetSurnamePrefix(s string) {
	if s == "" && n.rare == nil {
		return
	}
	r := cloneRare(n.rare)
	r.surnamePrefix = s
	n.setRare(r)
}

// SetSuffix sets NSFX.
func (n *Name) SetSuffix(s string) {
	if s == "" && n.rare == nil {
		return
	}
	r := cloneRare(n.rare)
	r.suffix = s
	n.setRare(r)
}

func (n *Name) setRare(r *nameRare) {
	if *r == (nameRare{}) {
		r = nil
	}
	n.rare = r
}

// nameJSON is the JSON form of a Name: its fields in the order they have
// always been written.
type nameJSON struct {
	Prefix        string
	Given         string
	Nickname      string
	SurnamePrefix string
	Surname       string
	Suffix        string
	Type          NameType
	Citations     []Citation
}

// JSONForm returns the struct n's JSON encodes: all of Name's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of n.
func (n Name) JSONForm() any { return n.toJSON() }

func (n Name) toJSON() nameJSON {
	return nameJSON{
		Prefix: n.Prefix(), Given: n.Given, Nickname: n.Nickname(), SurnamePrefix: n.SurnamePrefix(),
		Surname: n.Surname, Suffix: n.Suffix(), Type: n.Type(), Citations: n.Citations,
	}
}

// MarshalJSON writes n as the flat object it has always been.
func (n Name) MarshalJSON() ([]byte, error) { return json.Marshal(n.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (n *Name) UnmarshalJSON(b []byte) error {
	j := n.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*n = Name{Given: j.Given, Surname: j.Surname, Citations: j.Citations}
	n.setRare(&nameRare{prefix: j.Prefix, nickname: j.Nickname, surnamePrefix: j.SurnamePrefix, suffix: j.Suffix, typ: j.Type})
	return nil
}

// String returns the name as a reader writes it: "Dr. Eduardo "Edu" Baldwin Jr.".
func (n Name) String() string {
	var parts []string
	for _, s := range []string{n.Prefix(), n.Given} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if n.Nickname() != "" {
		parts = append(parts, `"`+n.Nickname()+`"`)
	}
	for _, s := range []string{n.SurnamePrefix(), n.Surname, n.Suffix()} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Full returns the name without nickname or prefix: "Alec Baldwin".
func (n Name) Full() string {
	var parts []string
	for _, s := range []string{n.Given, n.SurnamePrefix(), n.Surname, n.Suffix()} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// GEDCOM returns the name in GEDCOM's NAME payload form, the surname between
// slashes: "Alec /Baldwin/", "Eduardo /Baldwin/ Jr.".
func (n Name) GEDCOM() string {
	var b strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	add(n.Prefix())
	add(n.Given)
	sur := strings.TrimSpace(strings.TrimSpace(n.SurnamePrefix() + " " + n.Surname))
	if sur != "" || n.Suffix() != "" {
		add("/" + sur + "/")
	}
	add(n.Suffix())
	return b.String()
}

// ParseName splits a GEDCOM NAME payload ("Dr. John /de Smith/ Jr.") into a
// Name. The text before the slashes is the given part (titles are not
// guessed: NPFX comes only from its own substructure), the text between is
// the surname and the text after is the suffix. A payload with no slashes
// is all given names.
func ParseName(s string) Name {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '/')
	if i < 0 {
		return Name{Given: strings.Join(strings.Fields(s), " ")}
	}
	rest := s[i+1:]
	j := strings.IndexByte(rest, '/')
	var sur, after string
	if j < 0 {
		sur = rest
	} else {
		sur, after = rest[:j], rest[j+1:]
	}
	n := Name{
		Given:   strings.Join(strings.Fields(s[:i]), " "),
		Surname: strings.Join(strings.Fields(sur), " "),
	}
	n.SetSuffix(strings.Join(strings.Fields(after), " "))
	return n
}
