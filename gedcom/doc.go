// Package gedcom reads and writes GEDCOM files, versions 7.0 (with GEDZIP)
// and 5.5.1 (and the 5.5 and 5.5.5 files real programs write), losslessly.
//
// A Decoder streams a file record by record as Node trees; an Encoder writes
// Node trees back. Every structure survives the round trip, including
// extension tags and structures kin does not understand; a GEDCOM 7 file
// in canonical form (UTF-8, LF line endings) is written back byte for
// byte.
//
// The reader follows the line grammar of FamilySearch GEDCOM 7.0
// (chapter 1, "Hierarchical container format") and of GEDCOM 5.5.1
// (chapter 1, "Data representation grammar"):
//
//   - levels of any number of digits, without leading zeros;
//   - cross-reference identifiers (@I1@), pointers and @VOID@;
//   - @ escapes: GEDCOM 7 doubles only the @ that starts a line's payload,
//     GEDCOM 5.5.1 doubles every @, and its escape sequences such as
//     @#DJULIAN@ are kept in the text;
//   - CONT and CONC lines, joined into Node.Value (a CONT adds "\n");
//   - LF, CR LF and CR line endings, mixed or not, and a byte order mark;
//   - the character sets of GEDCOM 5.5.1 producers: UTF-8, UTF-16 with or
//     without byte order mark, ANSEL (with the MARC-8 additions, its
//     combining diacritics moved after their letter and composed to NFC),
//     ASCII, Windows-1252 (ANSI, IBM WINDOWS), ISO 8859-1, code page 437
//     (IBMPC) and Mac Roman. Text is always returned as UTF-8.
//
// By default the Decoder is strict and returns a *SyntaxError, which
// prints its position like go/token ("family.ged:12:3: level 3 follows
// level 1") and wraps one of the sentinel errors (ErrLevel, ErrSyntax,
// ErrXref, ErrPointer, ErrAt, ErrCONT, ErrEncoding, ErrLineTooLong,
// ErrTrailer, ErrHeader). Its Allow options, whose zero value is strict as
// in encoding/csv, each accept one quirk of real 5.5.1 producers and
// report it as a warning; Lenient turns them all on.
//
// The Encoder writes UTF-8 in the version asked for: GEDCOM 7 with CONT
// lines only, GEDCOM 5.5.1 with lines of at most 255 characters split by
// CONC between two non-space characters.
//
// ReadFile and WriteFile read and write .ged files and GEDZIP archives
// (.gdz), whose media files are available through Document.Files.
//
// Reading a file record by record:
//
//	f, err := os.Open("family.ged")
//	if err != nil { … }
//	defer f.Close()
//	d := gedcom.NewDecoder(f)
//	d.Filename = "family.ged"
//	d.Lenient = true // accept what 5.5.1 producers write, with warnings
//	for {
//		rec, err := d.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			return err // family.ged:12:3: level 3 follows level 1
//		}
//		if rec.Tag == "INDI" {
//			fmt.Println(rec.Xref, rec.ValueOf("NAME"))
//		}
//	}
//
// Converting a whole file:
//
//	doc, err := gedcom.ReadFile("old.ged", gedcom.Lenient)
//	if err != nil { … }
//	err = gedcom.WriteFile("new.ged", doc, "7.0")
//
// The Node ↔ kin domain mapping lives in this package too (kin*.go); it
// turns Node trees into kin.Person, kin.Family and the rest.
package gedcom
