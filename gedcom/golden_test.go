package gedcom

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGolden decodes each testdata/codec/*.ged leniently and compares a
// report with testdata/codec/*.golden: what the decoder detected, its
// warnings, the structures, and the file encoded again in its version.
// Run go test -run TestGolden -update to rewrite the golden files.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "codec", "*.ged"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/codec/*.ged files (%v)", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".ged")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d := NewDecoder(bytes.NewReader(data))
			d.Filename = filepath.Base(path)
			d.Lenient = true
			doc, err := d.Decode()
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "version %q, encoding %s, BOM %v, line ending %q\n", doc.Version, doc.Encoding, doc.BOM, doc.LineEnding)
			for _, w := range d.Warnings {
				fmt.Fprintf(&b, "warning: %v\n", w)
			}
			b.WriteString("-- structures\n")
			b.WriteString(nodeDump(doc.Records))
			version := "5.5.1"
			if strings.HasPrefix(doc.Version, "7") {
				version = "7.0"
			}
			fmt.Fprintf(&b, "-- encoded as %s\n", version)
			b.Write(encodeData(t, doc, version))
			got := b.String()

			golden := strings.TrimSuffix(path, ".ged") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("report for %s differs from %s; run go test -run TestGolden -update and review the diff\ngot:\n%s", path, golden, got)
			}
		})
	}
}
