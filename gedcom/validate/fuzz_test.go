package validate

import (
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
