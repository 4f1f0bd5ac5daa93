// Package gedcom reads and writes GEDCOM files, versions 7.0 (with GEDZIP)
// and 5.5.1 (and the 5.5 files real programs write), losslessly.
//
// A Decoder streams a file record by record as Node trees; an Encoder writes
// Node trees back. Every structure survives the round trip, including
// extension tags and structures kin does not understand.
package gedcom
