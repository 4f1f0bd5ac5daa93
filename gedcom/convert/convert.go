// Package convert converts GEDCOM documents between versions 5.5.1 and 7.0.
//
// Conversion works on gedcom.Node trees: a Document read by package gedcom
// goes in, a new Document comes out, and the input is never modified.
// Characters sets, CONC/CONT and "@@" escapes are the reader's and the
// writer's business; this package changes structures and payloads.
//
// # 5.5.1 to 7.0
//
// To70 follows the migration rules of the GEDCOM 7 specification and the
// FamilySearch conversion test files (gedcom7code/test-files):
//
//   - HEAD: GEDC.VERS becomes 7.0; CHAR, FILE and GEDC.FORM are dropped (they
//     describe the 5.5.1 container, not the data); LANG becomes a BCP 47 tag;
//     a SCHMA is added declaring the documented extension tags the output uses.
//   - Cross-reference identifiers that 7.0 does not allow (lower case, spaces,
//     punctuation, @VOID@) are renamed, consistently; pointers to records that
//     do not exist become @VOID@.
//   - NOTE records become SNOTE records and pointer NOTEs become SNOTE
//     pointers; inline NOTEs stay NOTE.
//   - Text payloads lose 5.5.1 escapes: "@#DJULIAN@ x" becomes "JULIAN x",
//     other "@#...@" escapes are removed.
//   - DATE payloads go through date.ToV7 (dual years, B.C., INT and date
//     phrases become PHRASE substructures); AGE payloads through date.AgeToV7.
//   - OBJE FILE paths become URIs (Windows and POSIX paths become file: URIs,
//     reserved characters are percent-encoded, URLs are left alone); FORM
//     becomes a media type; FORM.TYPE and FORM.MEDI become MEDI.
//   - Inline OBJE (a link with no pointer) becomes a new OBJE record and a
//     pointer to it; a SOUR citation with a text payload becomes a new SOUR
//     record holding the text in a NOTE, and its TEXT moves under DATA.
//   - LANG names ("English") become BCP 47 tags ("en"); names with no tag
//     become "und" with an _PHRASE extension holding the name. FONE and ROMN
//     become TRAN with a LANG made from their TYPE.
//   - ASSO.RELA becomes ASSO.ROLE (OTHER and a PHRASE when the text is not an
//     enumeration value); enumerations (PEDI, NAME.TYPE, MEDI, ADOP, STAT,
//     SEX, RESN, ROLE) are upper-cased, and user text becomes OTHER with a
//     PHRASE, or an extension tag where 7.0 allows no PHRASE.
//   - RIN, RFN and AFN become EXID with the TYPE URIs of the GEDCOM
//     registries (https://gedcom.io/terms/v7/RIN#<HEAD.SOUR> and so on);
//     _FSFTID becomes an EXID of FamilySearch; _UID becomes UID; EMAI and
//     _EMAIL become EMAIL; _ASSO becomes ASSO; a text ALIA becomes a NAME of
//     TYPE AKA.
//   - Whatever has no 7.0 home is kept as an extension structure rather than
//     dropped, with a Warning: the SUBN record becomes an _SUBN record (and
//     HEAD.SUBN an _SUBN pointer), 5.5 BLOB becomes _BLOB, and standard tags
//     used where they are not defined, or unknown tags without an underscore,
//     get an underscore (see Valid output).
//
// Extension structures (tags beginning with "_") are copied as they are:
// their substructures mean what the extension says, so only their pointers
// are updated.
//
// # Valid output
//
// After the migration rules, a repair pass makes every record valid in the
// target version. What is allowed where comes from package validate's
// specification tables (validate.SchemaOf, Type.Sub, validate.Checker), so
// the converter and the validator agree; a converted 5.5.1 file is
// therefore valid 7.0 whatever program wrote it. Nothing is dropped: each
// repair gives one Warning per path and kind of repair, counted.
//
//   - A structure 7.0 does not allow where it stands (QUAY or RIN under an
//     event, SOUR under SEX, ADDR under INDI, a second DATE), and one whose
//     payload cannot be repaired, becomes an extension structure: "_" before
//     its tag, its substructures kept (an extension's substructures are
//     free). A structure a migration rule renamed goes back to its input
//     form ("_RIN 17", not "_EXID"). A record type 7.0 does not have ("0
//     @R1@ TITL") becomes an extension record.
//   - Text on an event that takes Y or nothing ("1 DEAT Killed in France")
//     moves into a NOTE and the payload becomes Y: the line says the event
//     happened and the text is a note about it. (EVEN takes text in 7.0.)
//     A blank payload becomes none. "1 DIV N", an event that did not
//     happen, becomes "1 NO DIV". A Y where no payload is allowed ("1 CONL
//     Y") is left out: the structure's presence says it; other text there
//     moves into a NOTE.
//   - A pointer where text belongs ("1 TITL @R1@") becomes the text
//     "@R1@" as the input wrote it. Text where a pointer belongs becomes
//     @VOID@ with the text as PHRASE where the structure takes one ("1 WIFE
//     Jane Doe"), an empty one @VOID@ ("1 REPO" holding a CALN), else the
//     structure becomes an extension. A pointer to a record of the wrong
//     type becomes an extension structure, one to no record @VOID@.
//   - An enumeration value outside its set: the right case of a value if
//     that is all; else OTHER, or in a set without OTHER an extension value
//     made from the text ("_EVENT_TYPE_CITED_IN_SOURCE"), with the text as
//     PHRASE where the structure takes one; else an extension structure.
//   - A personal name with one slash gets the missing one ("John Smith/" →
//     "John /Smith/"); of three or more slashes one pair is kept.
//   - A coordinate in another notation ("-76.58", "+50° 3' 1.49\"") is
//     written as GEDCOM's "W76.58"; a web address without a scheme gets
//     http://; a date or age no rule could read becomes the PHRASE of an
//     empty payload where the type allows that.
//   - A required substructure that is missing: SUBM.NAME and REPO.NAME are
//     added with an empty payload (valid Text, and unlike a made-up name it
//     claims nothing); FILE.FORM is guessed from the file name, or
//     application/octet-stream; a STAT or CHAN without its DATE and an OBJE
//     without a file (5.5 embedded media in a BLOB) become extension
//     structures, since no true date or file can be made up. Whether an
//     OBJE record keeps its type is decided in the first pass, so pointers
//     to it agree.
//   - A second record with an identifier already used gets a new one
//     (pointers go to the first); a substructure's identifier is left out;
//     extension tags are written in 7.0's tag grammar (upper case).
//
// The 5.5.1 output is repaired only for what the validator's default 5.5.1
// mode reports as an error (dates, ages, numbers and other typed payloads,
// which become extension structures); the deviations it tolerates, such as
// 7.0 structures kept in a place 5.5.1 does not list, are left as they are
// so that 7.0 → 5.5.1 → 7.0 gives them back.
//
// # 7.0 to 5.5.1
//
// To551 is the reverse, lossless where 5.5.1 has a home for the data: HEAD
// gets GEDC.FORM LINEAGE-LINKED and CHAR UTF-8; SNOTE becomes NOTE; EXID of
// the RIN, RFN and AFN types become RIN, RFN and AFN, and other EXIDs become
// _EXID (with their TYPE; _FSFTID for FamilySearch); media types become
// 5.5.1 FORM words and MEDI becomes FORM.TYPE; file: URIs become paths;
// dates go through date.ToV551; ages drop weeks and their spaces; ROLE
// becomes RELA; enumerations return to their 5.5.1 spelling, OTHER with a
// PHRASE becomes the PHRASE text, and another value's PHRASE becomes
// _PHRASE where 5.5.1 allows only its own values (PEDI, MEDI, ADOP, STAT);
// extension enumeration values ("_ENUMVAL") are kept as they are; TRAN with
// a phonetic or romanised LANG becomes FONE or ROMN.
//
// 7.0 structures with no 5.5.1 equivalent are written as the same structure
// with an underscore before its tag, the convention 5.5.1 programs already
// use for such data (_UID, _ASSO, _CREA, _SDATE, _EXID, _MIME, _TRAN, _NO,
// _CROP, _PHRASE, _LANG, _SCHMA, _TITL on an OBJE pointer, and _HUSB,
// _WIFE, _CHIL, … for pointers to @VOID@). To70 turns these back into the
// standard structures where 7.0 allows them, so 7.0 → 5.5.1 → 7.0 keeps
// them. Structures that the 5.5.1 → 7.0 direction creates (OBJE and SOUR
// records made from inline links, percent-encoded file paths) are not
// turned back inline: the 5.5.1 result is valid and holds the same
// information in the shape 7.0 gave it.
package convert

import (
	"fmt"
	"strings"

	"kin/gedcom"
)

// Warning is something a conversion could not carry over exactly: data
// moved into an extension structure, a pointer to a missing record, a value
// outside an enumeration. The output is still a valid document.
type Warning struct {
	// Line is the line of the input structure, or 0 if not known.
	Line int
	// Path is the tags from the record down to the structure ("INDI.SEX").
	Path string
	Msg  string
	// Count is how many times the same message was given for the same
	// path; Line is the first of them.
	Count int
}

// String formats w as "12: INDI.SEX: message (3 times)", without the line
// when it is not known and the count when it is one.
func (w Warning) String() string {
	var b strings.Builder
	if w.Line > 0 {
		fmt.Fprintf(&b, "%d: ", w.Line)
	}
	if w.Path != "" {
		b.WriteString(w.Path)
		b.WriteString(": ")
	}
	b.WriteString(w.Msg)
	if w.Count > 1 {
		fmt.Fprintf(&b, " (%d times)", w.Count)
	}
	return b.String()
}

// Versions of GEDCOM the package converts between.
const (
	V70  = "7.0"
	V551 = "5.5.1"
)

// Stream converts a document record by record, so a large file need not be
// held in memory. Feed every record to Learn first (a first pass over the
// file), then every record to Convert in order (a second pass). Convert of
// the HEAD record needs what Learn saw: the cross-reference identifiers, the
// extension tags and the header's source system.
type Stream struct {
	to  string
	c70 *to70
	c55 *to551
}

// NewStream returns a Stream converting to version, V70 or V551 ("7", "7.0",
// "7.0.x", "5.5.1" and "5" are accepted too).
func NewStream(version string) (*Stream, error) {
	switch normVersion(version) {
	case V70:
		return &Stream{to: V70, c70: newTo70()}, nil
	case V551:
		return &Stream{to: V551, c55: newTo551()}, nil
	}
	return nil, fmt.Errorf("convert: unknown GEDCOM version %q (want 7.0 or 5.5.1)", version)
}

func normVersion(v string) string {
	v = strings.TrimSpace(v)
	switch {
	case v == "7" || v == "7.0" || strings.HasPrefix(v, "7.0."):
		return V70
	case v == "5" || v == "5.5.1" || v == "5.5":
		return V551
	}
	return ""
}

// Version returns the version s converts to.
func (s *Stream) Version() string { return s.to }

// Learn records what the conversion of the whole document needs to know
// about rec. It must be called for every record before the first Convert.
func (s *Stream) Learn(rec *gedcom.Node) {
	if s.c70 != nil {
		s.c70.learn(rec)
	} else {
		s.c55.learn(rec)
	}
}

// Convert converts one record. It returns the converted record followed by
// any records the conversion made (a 7.0 OBJE record from an inline 5.5.1
// OBJE link), or nothing when the record has no place in the output. rec is
// not modified.
func (s *Stream) Convert(rec *gedcom.Node) []*gedcom.Node {
	if s.c70 != nil {
		return s.c70.record(rec)
	}
	return s.c55.record(rec)
}

// Warnings returns the warnings of the records converted so far.
func (s *Stream) Warnings() []Warning {
	if s.c70 != nil {
		return s.c70.warns
	}
	return s.c55.warns
}

// To70 converts a GEDCOM 5.5.1 (or 5.5) document to GEDCOM 7.0. d is not
// modified.
func To70(d *gedcom.Document) (*gedcom.Document, []Warning) {
	s, _ := NewStream(V70)
	return s.document(d), s.Warnings()
}

// To551 converts a GEDCOM 7.0 document to GEDCOM 5.5.1. d is not modified.
func To551(d *gedcom.Document) (*gedcom.Document, []Warning) {
	s, _ := NewStream(V551)
	return s.document(d), s.Warnings()
}

// Convert converts d to version (V70 or V551). A document that already
// declares that version (5.5 counts as 5.5.1) is returned as a copy: the
// rules of one direction applied to a document of the other would change
// its data (percent-encoding a URI twice, for one).
func Convert(d *gedcom.Document, version string) (*gedcom.Document, []Warning, error) {
	s, err := NewStream(version)
	if err != nil {
		return nil, nil, err
	}
	if normVersion(d.Version) == s.to {
		c := *d
		c.Records = make([]*gedcom.Node, len(d.Records))
		for i, r := range d.Records {
			c.Records[i] = r.Clone()
		}
		return &c, nil, nil
	}
	return s.document(d), s.Warnings(), nil
}

// SameVersion reports whether a document that declares version (as
// gedcom.Document.Version or Decoder.Version give it) is already in the
// version to, so that Convert would only copy it.
func SameVersion(version, to string) bool {
	return version != "" && normVersion(version) == normVersion(to)
}

func (s *Stream) document(d *gedcom.Document) *gedcom.Document {
	for _, r := range d.Records {
		s.Learn(r)
	}
	out := &gedcom.Document{
		Version:    s.to,
		Encoding:   "UTF-8",
		BOM:        d.BOM,
		LineEnding: d.LineEnding,
	}
	hasHead := false
	for _, r := range d.Records {
		if r.Tag == "HEAD" {
			hasHead = true
		}
	}
	if !hasHead {
		out.Records = append(out.Records, s.Convert(&gedcom.Node{Tag: "HEAD"})...)
	}
	for _, r := range d.Records {
		out.Records = append(out.Records, s.Convert(r)...)
	}
	if n := len(out.Records); n == 0 || out.Records[n-1].Tag != "TRLR" {
		out.Records = append(out.Records, &gedcom.Node{Tag: "TRLR"})
	}
	return out
}

// pathString joins a tag path for a Warning.
func pathString(path []string, tag string) string {
	if len(path) == 0 {
		return tag
	}
	return strings.Join(path, ".") + "." + tag
}

// isExt reports whether tag is an extension tag.
func isExt(tag string) bool { return strings.HasPrefix(tag, "_") }

// parent returns the last tag of path, or "".
func parent(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

// grand returns the tag before the last of path, or "".
func grand(path []string) string {
	if len(path) < 2 {
		return ""
	}
	return path[len(path)-2]
}
