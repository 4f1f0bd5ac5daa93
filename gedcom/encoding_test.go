package gedcom

import (
	"golang.org/x/text/unicode/norm"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readShared(t *testing.T, root, rel string, lenient bool) *Document {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeData(t, data, lenient)
	if err != nil {
		t.Fatalf("decode %s: %v", rel, err)
	}
	return doc
}

// withoutHeadLines returns a dump of the records with the given HEAD
// substructures removed.
func withoutHeadLines(doc *Document, tags ...string) string {
	recs := slices.Clone(doc.Records)
	for i, r := range recs {
		if r.Tag != "HEAD" {
			continue
		}
		h := r.Clone()
		h.Nodes = slices.DeleteFunc(h.Nodes, func(n *Node) bool { return slices.Contains(tags, n.Tag) })
		if g := h.First("GEDC"); g != nil {
			g.Nodes = slices.DeleteFunc(g.Nodes, func(n *Node) bool { return n.Tag == "VERS" })
		}
		recs[i] = h
	}
	return nodeDump(recs)
}

// TestWillisEncodings checks that the encodings of the Willis family file
// (written by gedcom4j from one tree) decode to the same structures,
// except the header lines that name the file, version and character set.
// willis-ascii.ged is lossy: gedcom4j wrote "?" for each non-ASCII
// character, so it is compared with the others' text mapped the same way;
// and in willis-ansel.ged it wrote the em dash, which ANSEL lacks, as the
// control character 0x14.
func TestWillisEncodings(t *testing.T) {
	root := codecSharedDir(t)
	files := []struct{ path, encoding string }{
		{"encodings/willis-unicode-littleendian.ged", "UTF-16LE"},
		{"encodings/willis-unicode-bigendian.ged", "UTF-16BE"},
		{"encodings/willis-ansel.ged", "ANSEL"},
		{"encodings/willis-ascii.ged", "ASCII"},
	}
	var want string
	for _, f := range files {
		doc := readShared(t, root, f.path, true)
		if doc.Encoding != f.encoding {
			t.Errorf("%s: Encoding = %q, want %q", f.path, doc.Encoding, f.encoding)
		}
		got := withoutHeadLines(doc, "FILE", "CHAR")
		if want == "" {
			want = got
			continue
		}
		w := want
		switch f.encoding {
		case "ANSEL":
			if !strings.Contains(got, "Brøderbund") {
				t.Errorf("%s: no \"Brøderbund\" (ANSEL 0xB2 is ø)", f.path)
			}
			// ANSEL has no em dash; gedcom4j wrote its low byte, 0x14.
			w = strings.ReplaceAll(w, "\u2014", `\x14`) // as nodeDump quotes it
		case "ASCII":
			w = strings.Map(func(r rune) rune {
				if r >= 0x80 {
					return '?'
				}
				return r
			}, want)
		}
		if got != w {
			gl, wl := strings.Split(got, "\n"), strings.Split(w, "\n")
			for i := range min(len(gl), len(wl)) {
				if gl[i] != wl[i] {
					t.Errorf("%s differs from %s at structure %d: got %s, want %s", f.path, files[0].path, i+1, gl[i], wl[i])
					break
				}
			}
		}
	}
}

// TestWillisOriginal compares willis-ansel.ged with willis.ged, the
// Family Tree Maker export gedcom4j read to write it. gedcom4j changed a
// lot on the way: it reordered substructures, dropped the payloads of
// events (1 EVEN Company E…), empty REPO lines and FTM's _FREL/_MREL,
// replaced the SUBM record and added a SUBN record, copied INDI._MDCL and
// _DCAUSE under FAMC, and its writer put "N CONC" and
// "N SOUR @X@" lines into the text of CONT lines ("4 CONT 4 CONC Roll: …").
// What must agree is what the character set decides: every record, and
// in each the names, dates, places and pointers, as multisets.
func TestWillisOriginal(t *testing.T) {
	root := codecSharedDir(t)
	orig := readShared(t, root, "samples/gedcom4j/willis.ged", true)
	conv := readShared(t, root, "encodings/willis-ansel.ged", true)
	byKey := func(doc *Document) map[string]*Node {
		m := make(map[string]*Node)
		for _, r := range doc.Records {
			if r.Tag != "HEAD" {
				m[r.Tag+" "+r.Xref] = r
			}
		}
		return m
	}
	om, cm := byKey(orig), byKey(conv)
	for k := range cm {
		if _, ok := om[k]; !ok && k != "SUBN SUBMISSION" && k != "SUBM SUBM0000" {
			t.Errorf("willis-ansel.ged has record %s, which willis.ged has not", k)
		}
	}
	keep := func(path string, n *Node) (string, bool) {
		switch {
		case strings.HasSuffix(path, ".SEX.SOUR"), strings.Contains(path, ".FAMC._"):
			return "", false // lost, or copied from INDI._MDCL and _DCAUSE, by gedcom4j
		case strings.HasSuffix(path, "NAME"), strings.HasSuffix(path, "DATE"), strings.HasSuffix(path, "PLAC"):
			return n.Value, true
		case n.Pointer != "":
			return "->" + n.Pointer, true
		}
		return "", false
	}
	names := 0
	for k, o := range om {
		if k == "SUBM SUBM" {
			continue // renamed SUBM0000 and given a NAME by gedcom4j
		}
		c, ok := cm[k]
		if !ok {
			t.Errorf("willis-ansel.ged lacks record %s", k)
			continue
		}
		ol, cl := leaves(o, keep), leaves(c, keep)
		if !slices.Equal(ol, cl) {
			t.Errorf("record %s differs: only in willis-ansel.ged %q, only in willis.ged %q", k, minus(cl, ol), minus(ol, cl))
		}
		names += len(o.All("NAME"))
	}
	if names < 800 {
		t.Errorf("compared %d names, want the file's more than 800", names)
	}
}

// leaves lists a record's structures as sorted "path=value" lines, so two
// records with the same content in a different order compare equal. fix
// gives the value to compare, or false to leave a structure out.
func leaves(r *Node, fix func(path string, n *Node) (string, bool)) []string {
	var out []string
	r.Walk(func(path []string, n *Node) bool {
		p := strings.Join(path, ".")
		if v, keep := fix(p, n); keep {
			out = append(out, p+"="+v)
		}
		return true
	})
	slices.Sort(out)
	return out
}

// minus returns the elements of sorted a that are not in sorted b,
// counting repeats.
func minus(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for i < len(a) {
		switch {
		case j == len(b) || a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			j++
		default:
			i++
			j++
		}
	}
	return out
}

// TestANSELTorture checks the ANSEL decoding of the torture test files:
// the notes of "Charlie Accented ANSEL" (every combining diacritic over
// every letter, which ANSEL writes before the letter and Unicode after;
// composed to NFC where Unicode has a precomposed letter) and "Lucy
// Special ANSEL" (every spacing character).
func TestANSELTorture(t *testing.T) {
	root := codecSharedDir(t)
	want := map[string][]string{
		"N24": {
			"ÀB̀C̀D̀ÈF̀G̀H̀ÌJ̀K̀L̀M̀", // E1 grave
			"ńíṕq́ŕśt́úv́ẃx́ýź",       // E2 acute
			"ÄB̈C̈D̈ËF̈G̈ḦÏJ̈K̈L̈M̈",  // E8 diaeresis
			"ẢB̉C̉D̉ẺF̉G̉H̉ỈJ̉K̉L̉M̉", // E0 hook above
			"a\u0315b\u0315c\u0315",   // ED comma above right: no precomposed form
		},
		"N25": {
			"A1 slash l - uppercase (Ł)", "A2 slash o - uppercase (Ø)", "A5 ligature ae - uppercase (Æ)",
			"B5 ligature ae - lowercase (æ)", "B8 dotless i - lowercase (ı)", "B9 british pound (£)",
			"BA eth (ð)", "C3 copyright symbol (©)", "C5 inverted question mark (¿)", "CF es zet (ß)",
			"BE empty box - LDS extension (□)", "AE left half ring (ʼ)",
		},
	}
	for _, file := range []string{"torture55/TGC55C.ged", "torture55/TGC55CLF.ged", "torture55/TGC551.ged", "torture55/TGC551LF.ged"} {
		t.Run(file, func(t *testing.T) {
			doc := readShared(t, root, file, true)
			if doc.Encoding != "ANSEL" {
				t.Errorf("Encoding = %q, want ANSEL", doc.Encoding)
			}
			if got := doc.Header().ValueOf("COPR"); !strings.HasPrefix(got, "© 1997 by H. Eichmann") {
				t.Errorf("HEAD.COPR = %q, want it to start with \"© 1997 by H. Eichmann\"", got)
			}
			for _, r := range doc.Records {
				for _, w := range want[r.Xref] {
					if !strings.Contains(r.Value, w) {
						t.Errorf("NOTE @%s@ lacks %q", r.Xref, w)
					}
				}
				if r.Xref != "N24" {
					continue
				}
				// Every diacritic over the letters A to M, as the file's
				// first line of each code has them.
				for i, m := range anselCombining {
					if m == 0 {
						continue
					}
					var b strings.Builder
					for c := 'A'; c <= 'M'; c++ {
						b.WriteRune(c)
						b.WriteRune(m)
					}
					line := norm.NFC.String(b.String())
					if !strings.Contains(r.Value, "\n     "+line+"\n") {
						t.Errorf("NOTE @N24@ lacks the line for code %X: %q", 0xE0+i, line)
					}
				}
			}
		})
	}
}

// TestTwins checks that files that differ only in encoding or line
// endings decode to the same structures, apart from the header lines
// that say so.
func TestTwins(t *testing.T) {
	root := codecSharedDir(t)
	tests := []struct {
		name, a, b string
		ignore     []string // HEAD substructures that legitimately differ
	}{
		{"torture CR vs CRLF", "torture55/TGC55C.ged", "torture55/TGC55CLF.ged", nil},
		{"torture 551 CR vs CRLF", "torture55/TGC551.ged", "torture55/TGC551LF.ged", nil},
		{"UTF-16LE vs UTF-8", "encodings/utf16le.ged", "encodings/utf8.ged", []string{"CHAR", "FILE"}},
		{"UTF-16BE vs UTF-8", "encodings/utf16be.ged", "encodings/utf8.ged", []string{"CHAR", "FILE"}},
		{"UTF-16LE CRLF vs CR", "encodings/unicode-littleendian-crlf.ged", "encodings/unicode-littleendian-cronly.ged", []string{"FILE", "NOTE"}},
		{"5.5.5 UTF-16BE vs UTF-8", "gedcom555/555SAMPLE16BE.GED", "gedcom555/555SAMPLE.GED", []string{"CHAR", "FILE"}},
		{"5.5.5 UTF-16LE vs UTF-8", "gedcom555/555SAMPLE16LE.GED", "gedcom555/555SAMPLE.GED", []string{"CHAR", "FILE"}},
		{"conversion UTF-16BE no BOM", "conversion-551-to-70/5/char_utf16be-1.ged", "conversion-551-to-70/5/char_utf8-1.ged", []string{"CHAR", "NOTE"}},
		{"conversion UTF-16LE no BOM", "conversion-551-to-70/5/char_utf16le-1.ged", "conversion-551-to-70/5/char_utf8-1.ged", []string{"CHAR", "NOTE"}},
		{"conversion UTF-16BE BOM", "conversion-551-to-70/5/char_utf16be-2.ged", "conversion-551-to-70/5/char_utf8-1.ged", []string{"CHAR", "NOTE"}},
		{"conversion UTF-16LE BOM", "conversion-551-to-70/5/char_utf16le-2.ged", "conversion-551-to-70/5/char_utf8-1.ged", []string{"CHAR", "NOTE"}},
		{"UTF-8 CR vs LF", "encodings/utf8_cr_nobom.ged", "encodings/utf8_lf_nobom.ged", nil},
		{"UTF-8 CRLF vs LF", "encodings/utf8_crlf_nobom.ged", "encodings/utf8_lf_nobom.ged", nil},
		{"UTF-8 BOM vs none", "encodings/utf8_crlf_bom.ged", "encodings/utf8_crlf_nobom.ged", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := withoutHeadLines(readShared(t, root, tt.a, true), tt.ignore...)
			b := withoutHeadLines(readShared(t, root, tt.b, true), tt.ignore...)
			if a != b {
				al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
				for i := range min(len(al), len(bl)) {
					if al[i] != bl[i] {
						t.Errorf("structure %d: got %s, want %s", i+1, al[i], bl[i])
						return
					}
				}
				t.Errorf("got %d structures, want %d", len(al), len(bl))
			}
		})
	}
}
