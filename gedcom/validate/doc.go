// Package validate checks GEDCOM files against the FamilySearch GEDCOM
// specification: 7.0, the 7.1 draft, and 5.5.1 (5.5 and 5.5.5 files are
// checked as 5.5.1).
//
// The rules come from the specification's machine-readable registries, not
// from hand-written tag lists: internal/gen reads g7validation.json,
// g71validation.json and the registry's 5.5.1 tables from ../shared and
// writes spec_gen.go, which is committed (run go generate to refresh it).
//
// A Validator streams: pass it each level-0 record as a gedcom.Decoder
// returns it, then call Finish. It keeps only a few tens of bytes per
// cross-reference identifier, so files of millions of records validate in
// bounded memory:
//
//	v := validate.New(validate.Options{})
//	v.Filename = "family.ged"
//	for {
//		rec, err := dec.Next()
//		if err == io.EOF {
//			break
//		}
//		...
//		for _, d := range v.Record(rec) {
//			fmt.Println(d) // family.ged:12: INDI.BIRT.DATE: "1900-01-01" is not a valid date: …
//		}
//	}
//	diags := v.Finish()
//
// # What is checked
//
// For GEDCOM 7.0 and 7.1: HEAD first (with GEDC.VERS) and TRLR last; every
// structure's tag allowed in its superstructure's context, so the same tag
// is checked as different structure types in different places (INDI.ADOP
// and INDI.FAMC.ADOP); the cardinality of every substructure, including
// required ones; payloads by data type: none, Y or empty, Text, Integer,
// personal Name, Enum and List of Enum values of the right set (extension
// values such as _OTHER are allowed), DateValue, DatePeriod, DateExact,
// Time and Age (with package date), BCP 47 language tags, media types,
// file paths, URIs, latitudes and longitudes, SCHMA tag definitions, and
// pointers to the right record type (@VOID@ allowed); cross-reference
// identifiers well-formed, unique, and not on substructures; and every
// pointer resolving to a record. Extension tags (_TAG) are allowed
// anywhere, with any substructures. An extension tag declared in
// HEAD.SCHMA.TAG with the URI of a registered extension or of a standard
// structure type is checked as that type. A pointer inside an undocumented
// extension that points to no record is a warning, as the official
// extensions.ged test file has one.
//
// A day out of range for its month ("32 JAN 1900", "30 FEB 1900", "13
// COMP 25") satisfies the date grammar, which is all the specification
// constrains, and the official test files contain such dates: it is a
// Warning, not an Error. An hour out of range in a Time breaks its grammar
// and is an Error.
//
// For GEDCOM 5.5.1 the same checks run against the 5.5.1 structure tables
// of the registry: tags in context, cardinalities, pointers and their
// record types (a 5.5.1 NOTE or SOUR is a pointer or text, chosen by the
// payload), the enumerated 5.5.1 types (PEDI, ADOP, QUAY, RESN, MEDI, …,
// compared ignoring case) and DATE_VALUE, DATE_EXACT, DATE_PERIOD,
// TIME_VALUE and AGE_AT_EVENT payloads. Cross-reference identifiers are
// matched ignoring case, as 5.5.1 readers do. Unless Options.Strict is set,
// every deviation listed under Options is a Warning in a 5.5.1 file; an
// invalid date or age, a dangling pointer or a duplicate identifier stays
// an Error.
//
// Line lengths, character sets and the line grammar are the decoder's
// business (package gedcom), not this package's.
//
// # Tolerated deviations
//
// Each Allow option in Options turns one kind of error into a warning:
//
//   - AllowUnknownTags: standard-looking tags where the specification has
//     none, such as Family Tree Maker's "1 NAMR", PAF's "_UID" written as
//     "UID" under 5.5.1, Legacy's "1 ADDR" under events of records that do
//     not take one, or 5.5.1 structures placed in 7.0 files.
//   - AllowMissingSubmitter: a 5.5.1 header without HEAD.SUBM, as exported
//     by Ancestry, MyHeritage and many web tools.
//   - AllowSloppyDates: dates in lower or mixed case ("7 Sep 2000", written
//     by the Eichmann torture files and Gramps exports of hand-typed dates),
//     with extra spaces, with 5.5.1 forms in 7.0 files or 7.0 forms in 5.5.1
//     files ("JULIAN 1401"), one-digit dual years ("1751/9"), "B.C.".
//   - AllowNonStandardEnums: enumeration values outside their set or in the
//     wrong case: "PEDI Birth" (RootsMagic), "MEDI Photo", "FORM jpeg"
//     (most 5.5.1 programs write lower-case or unlisted media formats).
//   - AllowStructureErrors: wrong substructure counts and payload forms,
//     such as "1 ADOP Y" in a 5.5.1 individual (Gramps), two SEX lines,
//     events with a payload other than Y.
package validate
