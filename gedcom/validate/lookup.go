package validate

import (
	"strings"

	"kin/gedcom"
)

// This file gives read-only access to the generated specification tables,
// so that other packages (the version converter) decide what is allowed
// where from the same source of truth as the Validator.

// Schema is the set of structure types of one GEDCOM version, as the
// Validator checks it. The zero Schema has no types.
type Schema struct{ s *schema }

// SchemaOf returns the schema of version: "7.0", "7.1" or "5.5.1" ("5.5"
// and "5.5.5" give 5.5.1, "7.0.x" 7.0). ok is false for other versions.
func SchemaOf(version string) (s Schema, ok bool) {
	switch {
	case version == "7.0" || strings.HasPrefix(version, "7.0."):
		return Schema{&schema70}, true
	case version == "7.1" || strings.HasPrefix(version, "7.1."):
		return Schema{&schema71}, true
	case version == "5.5" || version == "5.5.1" || version == "5.5.5":
		return Schema{&schema551}, true
	}
	return Schema{}, false
}

// Version returns the version of s's tables: "7.0", "7.1" or "5.5.1".
func (s Schema) Version() string {
	if s.s == nil {
		return ""
	}
	return s.s.version
}

// Document returns the pseudo-type of a whole document, whose
// substructures are the records.
func (s Schema) Document() Type {
	if s.s == nil {
		return Type{}
	}
	return Type{s.s, 0}
}

// Record returns the type of a record with tag, and whether s has one.
func (s Schema) Record(tag string) (Type, bool) {
	sub, ok := s.Document().Sub(tag, false)
	return sub.Type, ok
}

// Type is one structure type of a Schema. The zero Type is no type: it
// allows no substructures and its payload kind is PayloadAny.
type Type struct {
	s *schema
	i uint16
}

// IsZero reports whether t is the zero Type.
func (t Type) IsZero() bool { return t.s == nil }

func (t Type) st() *structType {
	if t.s == nil {
		return nil
	}
	return &t.s.structs[t.i]
}

// URI returns the URI that identifies t
// ("https://gedcom.io/terms/v7/record-INDI"); "" for the document.
func (t Type) URI() string {
	st := t.st()
	switch {
	case st == nil:
		return ""
	case st.uri == "" || isURI(st.uri):
		return st.uri
	}
	return uriPrefix + st.uri
}

// Tag returns the standard tag of t ("INDI"); "" for the document.
func (t Type) Tag() string {
	if st := t.st(); st != nil {
		return st.tag
	}
	return ""
}

// Payload returns the kind of payload t takes.
func (t Type) Payload() Payload {
	if st := t.st(); st != nil {
		return Payload(st.payload)
	}
	return PayloadAny
}

// Target returns the record type a pointer payload of t points to, or the
// zero Type when t takes no pointer.
func (t Type) Target() Type {
	st := t.st()
	if st == nil || st.payload != payloadPointer {
		return Type{}
	}
	return Type{t.s, st.target}
}

// Sub is a substructure allowed in a type's context.
type Sub struct {
	Type Type
	// Min and Max are the cardinality: Min is 0 or 1, Max 0 means any
	// number.
	Min, Max int
}

// Sub returns the substructure with tag that t allows, and whether t
// allows one. A tag may stand for two types in one context (5.5.1 NOTE
// @N1@ and NOTE text): pointer chooses between them, as the form of the
// payload does in the Validator. tag may also be the URI of an extension
// structure type that the registry knows.
func (t Type) Sub(tag string, pointer bool) (Sub, bool) {
	st := t.st()
	if st == nil {
		return Sub{}, false
	}
	lo, hi := st.lookup(tag)
	if lo == hi {
		return Sub{}, false
	}
	i := lo
	for j := lo; hi-lo > 1 && j < hi; j++ {
		if (t.s.structs[st.subs[j].typ].payload == payloadPointer) == pointer {
			i = j
			break
		}
	}
	e := st.subs[i]
	return Sub{Type: Type{t.s, e.typ}, Min: int(e.min), Max: int(e.max)}, true
}

// SubOfType returns the substructure of t whose type is sub, as an
// extension tag that HEAD.SCHMA declares with sub's URI is checked.
func (t Type) SubOfType(sub Type) (Sub, bool) {
	st := t.st()
	if st == nil || sub.s != t.s {
		return Sub{}, false
	}
	for _, e := range st.subs {
		if e.typ == sub.i {
			return Sub{Type: sub, Min: int(e.min), Max: int(e.max)}, true
		}
	}
	return Sub{}, false
}

// Required returns the tags of the substructures t requires, in tag
// order. The slice is new.
func (t Type) Required() []string {
	st := t.st()
	if st == nil {
		return nil
	}
	var out []string
	for _, e := range st.subs {
		if e.min > 0 && !isURI(e.key) {
			out = append(out, e.key)
		}
	}
	return out
}

// Enum returns the values of t's enumeration set (for Enum and List:Enum
// payloads), sorted; nil for other types. The slice is new.
func (t Type) Enum() []string {
	st := t.st()
	if st == nil || st.set == 0 {
		return nil
	}
	return append([]string(nil), t.s.sets[st.set]...)
}

// InEnum reports whether v is exactly one of the values of t's
// enumeration set. Extension values ("_OTHER"), which GEDCOM 7 allows in
// every set, are not counted.
func (t Type) InEnum(v string) bool {
	st := t.st()
	if st == nil || st.set == 0 {
		return false
	}
	return t.s.inSet(st.set, v)
}

// TypeOfURI returns the standard structure type of s with uri
// ("https://gedcom.io/terms/v7/PHRASE"), as an extension tag declared in
// HEAD.SCHMA with that URI stands for it.
func (s Schema) TypeOfURI(uri string) (Type, bool) {
	if s.s == nil {
		return Type{}, false
	}
	rest, ok := strings.CutPrefix(uri, uriPrefix)
	if !ok {
		return Type{}, false
	}
	for i := range s.s.structs {
		if s.s.structs[i].uri == rest {
			return Type{s.s, uint16(i)}, true
		}
	}
	return Type{}, false
}

// Payload is the kind of payload a structure type takes.
type Payload uint8

// The payload kinds. PayloadAny is a type whose payload the registry does
// not describe; it is not checked.
const (
	PayloadAny           = Payload(payloadAny)
	PayloadNone          = Payload(payloadNone)
	PayloadText          = Payload(payloadText)
	PayloadY             = Payload(payloadY)
	PayloadPointer       = Payload(payloadPointer)
	PayloadInteger       = Payload(payloadInteger)
	PayloadName          = Payload(payloadName)
	PayloadEnum          = Payload(payloadEnum)
	PayloadListEnum      = Payload(payloadListEnum)
	PayloadDate          = Payload(payloadDate)
	PayloadDatePeriod    = Payload(payloadDatePeriod)
	PayloadDateExact     = Payload(payloadDateExact)
	PayloadTime          = Payload(payloadTime)
	PayloadAge           = Payload(payloadAge)
	PayloadLanguage      = Payload(payloadLanguage)
	PayloadMediaType     = Payload(payloadMediaType)
	PayloadFilePath      = Payload(payloadFilePath)
	PayloadURI           = Payload(payloadURI)
	PayloadLatitude      = Payload(payloadLatitude)
	PayloadLongitude     = Payload(payloadLongitude)
	PayloadTagDef        = Payload(payloadTagDef)
	PayloadDate551       = Payload(payloadDate551)
	PayloadDateExact551  = Payload(payloadDateExact551)
	PayloadDatePeriod551 = Payload(payloadDatePeriod551)
	PayloadAge551        = Payload(payloadAge551)
)

// Checker checks payloads as a Validator with the same Options does, one
// structure at a time and without a document around it: pointers are not
// resolved. It remembers dates found valid, so reuse one Checker for many
// payloads. A Checker is not safe for concurrent use.
type Checker struct {
	v    *Validator
	node gedcom.Node
}

// NewChecker returns a Checker for s with opts (opts.Version is ignored).
func NewChecker(s Schema, opts Options) *Checker {
	opts.Version = s.Version()
	return &Checker{v: New(opts)}
}

// Payload checks value as the non-pointer payload of a structure of type
// t, and returns the Errors a Validator would report for it (Warnings are
// left out); nil means the payload is valid. A type that takes a pointer
// gets an Error for any value.
func (c *Checker) Payload(t Type, value string) []Diagnostic {
	st := t.st()
	if st == nil || st.payload == payloadAny {
		return nil
	}
	v := c.v
	if t.s != v.schema {
		v.schema, v.is551 = t.s, t.s == &schema551
	}
	c.node = gedcom.Node{Tag: st.tag, Value: value}
	v.out = v.out[:0]
	v.stack = append(v.stack[:0], st.tag)
	v.payload(&c.node, st)
	var out []Diagnostic
	for _, d := range v.out {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	v.out = v.out[:0]
	return out
}
