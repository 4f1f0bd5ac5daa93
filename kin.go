// Package kin is the domain of the kin family-history engine: people, their
// names and sex, families with typed child links, events with dates, places
// and participants, sources and the citations that tie every fact to the
// evidence for it, repositories, notes, media and associations (ties that are
// not family, such as "co-starred in").
//
// Every fact kin knows can carry citations: which source claims it, where in
// the source, the quoted text, and how confident the claim is. Dates are
// genealogical dates from package date, so a fact says when it held.
//
// The package imports only the standard library and kin/date. Formats
// (gedcom), storage (sqlite, postgres), computation (relate) and presentation
// (web) live in packages of their own that import this one.
package kin

// ID identifies a record inside kin: a person, family, event, source and so on.
// IDs are opaque strings; a record imported from GEDCOM keeps its xref
// separately in an Xref field.
type ID string

// Xref is a GEDCOM cross-reference identifier without its surrounding @ signs
// ("I1" for @I1@). The GEDCOM 7 null pointer @VOID@ is Xref("VOID").
type Xref string

// VoidXref is the GEDCOM 7 null pointer, @VOID@.
const VoidXref Xref = "VOID"

// ExternalID is an identifier a record has outside kin: a GEDCOM UID, an
// EXID with its TYPE URI, or a 5.5.1 REFN/RIN/AFN.
type ExternalID struct {
	Kind  string // "UID", "EXID", "REFN", "RIN", "AFN", "RFN"
	Value string
	Type  string // EXID.TYPE or REFN.TYPE, when given
}
