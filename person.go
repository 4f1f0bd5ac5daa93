package kin

import "strings"

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
type Person struct {
	ID   ID
	Xref Xref

	Names []Name // the first is the preferred name
	Sex   Sex
	// SexCitations are the evidence for Sex.
	SexCitations []Citation

	// Events are the person's own events and attributes (birth, death,
	// occupation, residence …). Events shared with a partner (marriage,
	// divorce) belong to the Family.
	Events []Event

	Citations   []Citation // evidence for the person as a whole
	Notes       []Note
	Media       []MediaRef
	ExternalIDs []ExternalID
	// Private is GEDCOM RESN PRIVACY/CONFIDENTIAL.
	Private bool
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
type Name struct {
	Prefix        string // NPFX: "Dr.", "Sir"
	Given         string // GIVN: "Alec", "Carmen Gabriela"
	Nickname      string // NICK: "Edu"
	SurnamePrefix string // SPFX: "van der", "de"
	Surname       string // SURN: "Baldwin"
	Suffix        string // NSFX: "Jr.", "III"
	Type          NameType
	Citations     []Citation
}

// String returns the name as a reader writes it: "Dr. Eduardo "Edu" Baldwin Jr.".
func (n Name) String() string {
	var parts []string
	for _, s := range []string{n.Prefix, n.Given} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	if n.Nickname != "" {
		parts = append(parts, `"`+n.Nickname+`"`)
	}
	for _, s := range []string{n.SurnamePrefix, n.Surname, n.Suffix} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Full returns the name without nickname or prefix: "Alec Baldwin".
func (n Name) Full() string {
	var parts []string
	for _, s := range []string{n.Given, n.SurnamePrefix, n.Surname, n.Suffix} {
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
	add(n.Prefix)
	add(n.Given)
	sur := strings.TrimSpace(strings.TrimSpace(n.SurnamePrefix + " " + n.Surname))
	if sur != "" || n.Suffix != "" {
		add("/" + sur + "/")
	}
	add(n.Suffix)
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
	return Name{
		Given:   strings.Join(strings.Fields(s[:i]), " "),
		Surname: strings.Join(strings.Fields(sur), " "),
		Suffix:  strings.Join(strings.Fields(after), " "),
	}
}
