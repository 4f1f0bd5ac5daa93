package convert

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden converts each testdata/to70/*.ged (5.5.1) and
// testdata/to551/*.ged (7.0) and compares the written result and the
// warnings with the .golden file next to it. Run with -update to rewrite
// the golden files after checking the difference.
func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		dir, version string
	}{
		{"to70", V70},
		{"to551", V551},
	} {
		inputs, err := filepath.Glob(filepath.Join("testdata", tc.dir, "*.ged"))
		if err != nil {
			t.Fatal(err)
		}
		if len(inputs) == 0 {
			t.Fatalf("no inputs in testdata/%s", tc.dir)
		}
		for _, in := range inputs {
			t.Run(tc.dir+"/"+filepath.Base(in), func(t *testing.T) {
				doc := decodeFile(t, in)
				out, warns, err := Convert(doc, tc.version)
				if err != nil {
					t.Fatal(err)
				}
				var got bytes.Buffer
				got.Write(encode(t, out, tc.version))
				got.WriteString("--- warnings\n")
				for _, w := range warns {
					got.WriteString(w.String() + "\n")
				}
				golden := strings.TrimSuffix(in, ".ged") + ".golden"
				if *update {
					if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("Convert(%s, %s) = \n%s\nwant (%s)\n%s", in, tc.version, got.Bytes(), golden, want)
				}
			})
		}
	}
}
