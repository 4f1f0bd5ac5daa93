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
	needs := make(map[string][]string) // lenient option → files needing it
	defer func() {
		opts := make([]string, 0, len(needs))
		for o := range needs {
			opts = append(opts, o)
		}
		sort.Strings(opts)
		for _, o := range opts {
			t.Logf("%s is needed by %d files: %s", o, len(needs[o]), strings.Join(needs[o], ", "))
		}
	}()
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
				for _, w := range d.Warnings {
					if _, opt, ok := strings.Cut(w.Error(), "(accepted by "); ok {
						opt, _, _ = strings.Cut(opt, ";")
						needs[opt] = append(needs[opt], rel)
					}
				}
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

// withUTF8Char returns records whose HEAD.CHAR lines say UTF-8, as the
// 5.5.1 encoder writes them.
func withUTF8Char(records []*Node) []*Node {
	out := make([]*Node, len(records))
	copy(out, records)
	for i, r := range out {
		if r.Tag == "HEAD" {
			h := r.Clone()
			for _, c := range h.All("CHAR") {
				c.Value = "UTF-8"
			}
			out[i] = h
		}
	}
	return out
}

// TestCanonicalByteIdentity checks that files already in canonical form
// (UTF-8, LF, no trailing spaces, lines split as the encoder splits them)
// are written back byte for byte, with the same byte order mark and line
// ending: every GEDCOM 7 file of the shared set,
// and the 5.5.x files listed. The other 5.5.x files are not canonical:
// they declare a character set other than UTF-8 (the encoder writes
// UTF-8 and says so in CHAR), use CR or CRLF or mixed line endings, have
// trailing spaces after a tag ("1 SEX "), lone @ signs that 5.5.1 wants
// doubled, no final newline, or CONC splits at other places than the
// encoder's (mid-word, or shorter than 255 characters).
func TestCanonicalByteIdentity(t *testing.T) {
	root := codecSharedDir(t)
	var files []string
	for _, g := range []string{"gedcom70/*.ged", "gedcom71/*.ged", "conversion-551-to-70/7/*.ged"} {
		m, _ := filepath.Glob(filepath.Join(root, g))
		files = append(files, m...)
	}
	if len(files) < 40 {
		t.Fatalf("found %d GEDCOM 7 files, want at least 40", len(files))
	}
	for _, f := range []string{
		"conversion-551-to-70/5/age-invalid.ged", "conversion-551-to-70/5/age-valid.ged",
		"conversion-551-to-70/5/char_utf8-1.ged", "conversion-551-to-70/5/char_utf8-3.ged",
		"conversion-551-to-70/5/date-all.ged", "conversion-551-to-70/5/date-dual-invalid.ged",
		"conversion-551-to-70/5/date-dual-valid.ged", "conversion-551-to-70/5/lang-all.ged",
		"conversion-551-to-70/5/notes-1.ged", "conversion-551-to-70/5/obje-1.ged",
		"conversion-551-to-70/5/pedi-1.ged", "conversion-551-to-70/5/sour-1.ged",
		"conversion-551-to-70/5/tiny-1.ged", "gedcom555/MINIMAL555.GED", "gedcom555/REMARR.GED",
		"gedcom555/SSMARR.GED", "encodings/utf8_lf_nobom.ged", "edge-cases/ftmcustomtags.ged",
		"samples/djeffrey/IvarKingOfDublin.ged", "samples/djeffrey/kennedy.ged",
		"samples/findmypast/GoT.ged", "samples/findmypast/The_Kennedy_Family.ged",
		"samples/gedcom4j/Harry_Potter.ged",
	} {
		files = append(files, filepath.Join(root, f))
	}
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		t.Run(rel, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := decodeData(t, data, !strings.HasPrefix(rel, "gedcom7") && !strings.Contains(rel, "/7/"))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			version := "5.5.1"
			if strings.HasPrefix(doc.Version, "7") {
				version = "7.0"
			}
			var buf bytes.Buffer
			e := NewEncoder(&buf)
			e.Version, e.BOM, e.LineEnding = version, doc.BOM, doc.LineEnding
			if err := e.EncodeDocument(doc); err != nil {
				t.Fatal(err)
			}
			if out := buf.Bytes(); !bytes.Equal(out, data) {
				i := 0
				for i < len(out) && i < len(data) && out[i] == data[i] {
					i++
				}
				t.Errorf("re-encoded file differs at byte %d: got %q, want %q", i, out[i:min(i+40, len(out))], data[i:min(i+40, len(data))])
			}
		})
	}
}
