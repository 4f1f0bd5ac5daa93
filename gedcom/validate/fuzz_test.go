package validate

import (
	"context"
	"strings"
	"testing"

	"kin/gedcom"
)

// FuzzValidate checks that no input makes the validator panic, whatever
// the decoder makes of it, in 7.0 and 5.5.1 modes.
func FuzzValidate(f *testing.F) {
	f.Add(doc("0 @I1@ INDI\n1 BIRT\n2 DATE 32 JAN 1900\n1 FAMC @F1@\n2 PEDI _X\n"))
	f.Add(doc551("0 @I1@ INDI\n1 NOTE @N1@\n1 SOUR text\n2 PAGE 3\n0 @N1@ NOTE x\n"))
	f.Add("0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _U https://gedcom.io/terms/v7/record-SUBM\n0 @U@ _U\n1 LANG en-x-1\n0 TRLR\n")
	f.Fuzz(func(t *testing.T, src string) {
		d := gedcom.NewDecoder(strings.NewReader(src))
		d.Lenient = true
		for _, opts := range []Options{{}, {Version: "5.5.1"}} {
			v := New(opts)
			for {
				n, err := d.Next()
				if err != nil {
					break
				}
				for _, diag := range v.Record(n) {
					_ = diag.String()
				}
			}
			v.Finish()
		}
	})
}

// validateStream validates src record by record as kin validate does and
// returns the diagnostics; reuse lets the decoder reuse records and text,
// predefine calls Predefine after the first record, as kin validate does
// for a file.
func validateStream(src string, opts Options, reuse, predefine bool) []string {
	d := gedcom.NewDecoder(strings.NewReader(src))
	d.Lenient = true
	d.ReuseRecord = reuse
	d.ReuseText = reuse
	v := New(opts)
	var out []string
	for first := true; ; first = false {
		n, err := d.Next()
		if err != nil {
			break
		}
		for _, diag := range v.Record(n) {
			out = append(out, diag.String())
		}
		if first && predefine {
			if err := v.Predefine(context.Background(), strings.NewReader(src), int64(len(src))); err != nil {
				out = append(out, err.Error())
			}
		}
	}
	for _, diag := range v.Finish() {
		out = append(out, diag.String())
	}
	return out
}

// FuzzValidateReuse checks that the validator copies what it keeps: it
// reports the same diagnostics whether or not the decoder reuses each
// record's Nodes and text for the next.
func FuzzValidateReuse(f *testing.F) {
	f.Add(doc("0 @I1@ INDI\n1 BIRT\n2 DATE 32 JAN 1900\n1 FAMC @F1@\n2 PEDI _X\n0 @F1@ FAM\n1 HUSB @I1@\n0 @F2@ INDI\n1 FAMS @F1@\n"))
	f.Add(doc551("0 @I1@ INDI\n1 NOTE @N1@\n1 SOUR text\n2 PAGE 3\n0 @N1@ NOTE x\n1 FAMC @f9@\n0 @F9@ FAM\n"))
	f.Add("0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _U https://gedcom.io/terms/v7/record-SUBM\n0 @U@ _U\n1 LANG en-x-1\n0 @I1@ INDI\n1 _U @U@\n1 ASSO @X@\n0 TRLR\n")
	// The third record overwrites the header's text, where SCHMA said
	// what _U means.
	f.Add("0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _U https://gedcom.io/terms/v7/record-SUBM\n0 @U1@ SUBM\n1 NAME x\n0 @U2@ _U\n1 LANG en\n0 TRLR\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, opts := range []Options{{}, {Version: "5.5.1"}} {
			got, want := validateStream(src, opts, true, false), validateStream(src, opts, false, false)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Fatalf("with reuse:\n%s\nwithout:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		}
	})
}
