package gedcom

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// conformanceDirs are the sets of ../shared/data/gedcom the conformance
// test reads.
var conformanceDirs = []string{"gedcom70", "gedcom71", "conversion-551-to-70", "torture55", "gedcom555", "encodings", "samples", "edge-cases"}

// TestConformance reads every shared GEDCOM file: GEDCOM 7 files strictly,
// the others leniently, and checks that decode → encode → decode gives the
// same structures. It logs which files need which lenient option.
func TestConformance(t *testing.T) {
	root := codecSharedDir(t)
	var files []string
	for _, dir := range conformanceDirs {
		filepath.WalkDir(filepath.Join(root, dir), func(path string, de fs.DirEntry, err error) error {
			if err == nil && !de.IsDir() && strings.EqualFold(filepath.Ext(path), ".ged") {
				files = append(files, path)
			}
			return nil
		})
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Fatal("no .ged files found")
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			strictDoc, strictErr := decodeData(t, data, false)
			is7 := strings.HasPrefix(rel, "gedcom7")
			if is7 && strictErr != nil {
				t.Fatalf("strict decode of a GEDCOM 7 file: %v", strictErr)
			}
			var se *SyntaxError
			if strictErr != nil && !errors.As(strictErr, &se) {
				t.Errorf("strict decode error %v is not a *SyntaxError", strictErr)
			}
			doc := strictDoc
			if strictErr != nil {
				d := NewDecoder(bytes.NewReader(data))
				d.Filename = rel
				d.Lenient = true
				if doc, err = d.Decode(); err != nil {
					t.Fatalf("lenient decode: %v", err)
				}
				t.Logf("needs lenient: %v; warnings: %v", strictErr, d.Warnings)
			}
			version := "5.5.1"
			if strings.HasPrefix(doc.Version, "7") {
				version = "7.0"
			}
			out := encodeData(t, doc, version)
			doc2, err := decodeData(t, out, false)
			if err != nil {
				t.Fatalf("strict decode of the re-encoded file: %v", err)
			}
			want := doc.Records
			if h := doc.Header(); version != "7.0" && h != nil && h.First("CHAR") != nil && h.ValueOf("CHAR") != "UTF-8" {
				want = withUTF8Char(want)
			}
			if ok, diff := nodesEqual(doc2.Records, want); !ok {
				t.Errorf("decode → encode → decode: %s", diff)
			}
		})
	}
}

// withUTF8Char returns records whose HEAD.CHAR says UTF-8, as the encoder
// writes it.
func withUTF8Char(records []*Node) []*Node {
	out := make([]*Node, len(records))
	copy(out, records)
	for i, r := range out {
		if r.Tag == "HEAD" {
			h := r.Clone()
			if c := h.First("CHAR"); c != nil {
				c.Value = "UTF-8"
			}
			out[i] = h
		}
	}
	return out
}
