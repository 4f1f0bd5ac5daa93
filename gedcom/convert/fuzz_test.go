package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"kin/gedcom"
	"kin/gedcom/validate"
)

// FuzzConvert checks that any input the decoder accepts converts in both
// directions without panicking, that the result runs from HEAD to TRLR,
// and that when the encoder writes it, the decoder reads it back. When
// the validator finds no error in the input (in its own version's mode),
// it must find none in the converted document either: that is what the
// repair pass guarantees. (Arbitrary invalid input is not held to it: a
// duplicate HEAD or a record after TRLR is not the converter's to mend.)
func FuzzConvert(f *testing.F) {
	for _, dir := range []string{"testdata/to70", "testdata/to551"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.ged"))
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("0 HEAD\n0 TRLR\n"))
	f.Add([]byte("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n0 @n 1@ NOTE @#DJULIAN@ x @#Y\n1 CONC z\n0 @I@ INDI\n1 NOTE @n 1@\n1 OBJE\n2 FORM\n1 SOUR\n2 TEXT t\n0 TRLR\n"))
	f.Add([]byte("0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I@ INDI\n1 ASSO @VOID@\n2 ROLE OTHER\n3 PHRASE x\n1 FAMC @F@\n2 PEDI OTHER\n0 TRLR\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		dec := gedcom.NewDecoder(bytes.NewReader(b))
		dec.Lenient = true
		doc, err := dec.Decode()
		if err != nil {
			return
		}
		for _, v := range []string{V70, V551} {
			out, _, err := Convert(doc, v)
			if err != nil {
				t.Fatalf("Convert(%s) = %v", v, err)
			}
			converted := !SameVersion(doc.Version, v) // else out is a copy
			if converted && (len(out.Records) < 2 || out.Records[0].Tag != "HEAD" || out.Records[len(out.Records)-1].Tag != "TRLR") {
				t.Fatalf("Convert(%s) gave %d records, not HEAD … TRLR", v, len(out.Records))
			}
			var buf bytes.Buffer
			enc := gedcom.NewEncoder(&buf)
			enc.Version = v
			// The encoder may refuse structures the input already had
			// (a tag it cannot write); converting must not panic.
			if enc.EncodeDocument(out) != nil {
				continue
			}
			back := gedcom.NewDecoder(&buf)
			back.Lenient = true
			if _, err := back.Decode(); err != nil {
				t.Fatalf("Convert(%s) wrote a file the decoder rejects: %v\n%s", v, err, buf.Bytes())
			}
			if !converted || !validInput(doc) {
				continue
			}
			if errs, _ := validationErrors(t, out, v); len(errs) > 0 {
				t.Fatalf("Convert(%s) of a valid %s document gave %d errors, the first %s\n%s", v, doc.Version, len(errs), errs[0], encode(t, out, v))
			}
		}
	})
}

// validInput reports whether the validator finds no error in d, checked
// in the version it declares, in the default mode.
func validInput(d *gedcom.Document) bool {
	version := V70
	if normVersion(d.Version) == V551 || d.Version == "5.5.5" {
		version = V551
	}
	for _, dg := range validate.Document(d, validate.Options{Version: version}) {
		if dg.Severity == validate.Error {
			return false
		}
	}
	return true
}
