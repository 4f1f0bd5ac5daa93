package kin

import (
	"encoding/json"

	"kin/date"
)

// SourceType says what kind of thing a source is.
type SourceType string

// Source types kin itself creates; GEDCOM sources carry no type.
const (
	SourceGEDCOM      SourceType = ""
	SourceNewsArticle SourceType = "news article"
	SourceInterview   SourceType = "interview"
	SourceObituary    SourceType = "obituary"
)

// Source is a document that makes claims: a book, a register, a census, a
// GEDCOM file's SOUR record, a news article (GEDCOM SOUR).
type Source struct {
	ID   ID
	Xref Xref

	Type        SourceType
	Title       string
	Author      string
	Publication string    // GEDCOM PUBL
	Abbrev      string    // GEDCOM ABBR
	Date        date.Date // when the source was written or published
	URL         string
	// Text is the source's text when kin holds it, verbatim (an ingested
	// article; GEDCOM SOUR.TEXT).
	Text         string
	Repositories []RepositoryRef
	Notes        []Note
	Media        []MediaRef
	ExternalIDs  []ExternalID
}

// Name is what lists and explanations call the source: its title, or its
// abbreviation when it has no title ("" when it has neither).
func (s *Source) Name() string {
	if s.Title != "" {
		return s.Title
	}
	return s.Abbrev
}

// RepositoryRef says that a source is held by a repository, and under which
// call number.
type RepositoryRef struct {
	Repository ID
	CallNumber string
}

// Confidence is how much a citation is to be believed, from 0 (very low) to
// 4 (very high), as Gramps grades it. GEDCOM's QUAY runs 0–3; see QUAY and
// ConfidenceFromQUAY.
type Confidence int

// Confidence levels.
const (
	ConfidenceVeryLow  Confidence = 0
	ConfidenceLow      Confidence = 1
	ConfidenceNormal   Confidence = 2
	ConfidenceHigh     Confidence = 3
	ConfidenceVeryHigh Confidence = 4
)

// QUAY returns the GEDCOM QUAY value (0–3) for c: unreliable (0),
// questionable (1), secondary (2), primary (3).
func (c Confidence) QUAY() int {
	switch {
	case c <= ConfidenceVeryLow:
		return 0
	case c == ConfidenceLow:
		return 1
	case c == ConfidenceNormal:
		return 2
	default:
		return 3
	}
}

// ConfidenceFromQUAY returns the Confidence for a GEDCOM QUAY value. QUAY 3,
// direct and primary evidence, maps to High: VeryHigh is kept for a
// researcher's own explicit judgement.
func ConfidenceFromQUAY(q int) Confidence {
	switch {
	case q <= 0:
		return ConfidenceVeryLow
	case q == 1:
		return ConfidenceLow
	case q == 2:
		return ConfidenceNormal
	default:
		return ConfidenceHigh
	}
}

// Span is a range of bytes in a source's Text, [Start, End).
type Span struct {
	Start, End int
}

// Citation is the evidence for one fact: which source claims it, where in
// the source (Page), the quoted text, and how confident the claim is.
//
// The parts few citations have (Date, Notes) are read and set with
// methods and share one pointer, nil when both are empty; setters copy what
// it holds, so a copied Citation never changes with the original. The JSON
// form is the flat struct it always was (see JSONForm).
type Citation struct {
	Source     ID
	Page       string // GEDCOM PAGE: "p. 12", "line 3"
	Quote      string // GEDCOM DATA.TEXT: the words of the source
	Span       *Span  // where Quote stands in the source's Text, when known
	Confidence Confidence
	// ConfidenceKnown reports whether Confidence was stated; a GEDCOM
	// citation without QUAY has no confidence.
	ConfidenceKnown bool
	rare            *citationRare
}

// citationRare holds a Citation's rarely set parts.
type citationRare struct {
	date  date.Date
	notes []Note
}

// Date returns GEDCOM DATA.DATE: when the source recorded the fact.
func (c Citation) Date() date.Date {
	if c.rare == nil {
		return date.Date{}
	}
	return c.rare.date
}

// Notes returns the notes on the citation.
func (c Citation) Notes() []Note {
	if c.rare == nil {
		return nil
	}
	return c.rare.notes
}

// SetDate sets GEDCOM DATA.DATE.
func (c *Citation) SetDate(d date.Date) {
	if d.IsZero() && c.rare == nil {
		return
	}
	r := cloneRare(c.rare)
	r.date = d
	c.setRare(r)
}

// SetNotes sets the notes on the citation.
func (c *Citation) SetNotes(ns []Note) {
	if ns == nil && c.rare == nil {
		return
	}
	r := cloneRare(c.rare)
	r.notes = ns
	c.setRare(r)
}

func (c *Citation) setRare(r *citationRare) {
	if r.date.IsZero() && r.notes == nil {
		r = nil
	}
	c.rare = r
}

// citationJSON is the JSON form of a Citation: its fields in the order
// they have always been written.
type citationJSON struct {
	Source          ID
	Page            string
	Quote           string
	Span            *Span
	Confidence      Confidence
	ConfidenceKnown bool
	Date            date.Date
	Notes           []Note
}

// JSONForm returns the struct c's JSON encodes: all of Citation's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of c.
func (c Citation) JSONForm() any { return c.toJSON() }

func (c Citation) toJSON() citationJSON {
	return citationJSON{Source: c.Source, Page: c.Page, Quote: c.Quote, Span: c.Span, Confidence: c.Confidence,
		ConfidenceKnown: c.ConfidenceKnown, Date: c.Date(), Notes: c.Notes()}
}

// MarshalJSON writes c as the flat object it has always been.
func (c Citation) MarshalJSON() ([]byte, error) { return json.Marshal(c.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (c *Citation) UnmarshalJSON(b []byte) error {
	j := c.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*c = Citation{Source: j.Source, Page: j.Page, Quote: j.Quote, Span: j.Span, Confidence: j.Confidence, ConfidenceKnown: j.ConfidenceKnown}
	c.setRare(&citationRare{date: j.Date, notes: j.Notes})
	return nil
}

// Repository is an archive, library or website that holds sources (GEDCOM REPO).
type Repository struct {
	ID      ID
	Xref    Xref
	Name    string
	Address string
	URL     string
	Notes   []Note
}

// Note is free text attached to a record or a fact. A GEDCOM 7 shared note
// (SNOTE record) has an ID; an inline note does not.
type Note struct {
	ID   ID
	Xref Xref
	Text string
	// MIME is "text/plain" (the default when empty) or "text/html".
	MIME string
	Lang string
}

// MediaRef points a record at a media object (GEDCOM OBJE).
type MediaRef struct {
	Media ID
	Title string // OBJE.TITL on the reference, overriding the object's
}

// Media is a media object: one or more files (GEDCOM OBJE record).
type Media struct {
	ID    ID
	Xref  Xref
	Files []MediaFile
	Notes []Note
}

// MediaFile is one file of a media object.
type MediaFile struct {
	Path   string // a URL or a path, as GEDCOM FILE holds it
	Format string // a media type: "image/jpeg"
	Title  string
}
