package gedcom

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reuseInput builds a 5.5.1 file whose records vary in size from one line
// to more than a text block, with CONT and CONC, pointers and escapes, so
// that reused buffers are outgrown and written again.
func reuseInput() []byte {
	var b strings.Builder
	b.WriteString("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n")
	long := strings.Repeat("Vingt-deux ans à Москва, ", 9) // about 240 bytes
	for i := range 60 {
		id := itoa(i)
		b.WriteString("0 @I" + id + "@ INDI\n1 NAME Given" + id + " /Surname/\n")
		if i%7 == 3 {
			// A note of ~100 KB: more than one text block.
			b.WriteString("1 NOTE " + long + "\n")
			for range 400 {
				b.WriteString("2 CONC " + long + "\n2 CONT line @@ " + id + "\n")
			}
		}
		if i%5 == 0 {
			b.WriteString("1 FAMS @F" + id + "@\n1 BIRT\n2 DATE 1 JAN 18" + itoa(10+i) + "\n")
		}
	}
	b.WriteString("0 TRLR\n")
	return []byte(b.String())
}

// TestReuseText checks that with ReuseRecord and ReuseText each record,
// looked at before the next call to Next, is the record Decode returns.
func TestReuseText(t *testing.T) {
	inputs := map[string][]byte{"generated": reuseInput()}
	files, _ := filepath.Glob(filepath.Join("testdata", "codec", "*.ged"))
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(path)] = data
	}
	for name, data := range inputs {
		t.Run(name, func(t *testing.T) {
			d := NewDecoder(bytes.NewReader(data))
			d.Lenient = true
			doc, err := d.Decode()
			if err != nil {
				t.Fatal(err)
			}
			for _, text := range []bool{false, true} {
				d := NewDecoder(bytes.NewReader(data))
				d.Lenient = true
				d.ReuseRecord = true
				d.ReuseText = text
				var kept []string
				for i := 0; ; i++ {
					n, err := d.Next()
					if err == io.EOF {
						if i != len(doc.Records) {
							t.Errorf("ReuseText=%v: %d records, want %d", text, i, len(doc.Records))
						}
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					if i >= len(doc.Records) {
						t.Fatalf("ReuseText=%v: more records than Decode returns", text)
					}
					got, want := nodeDump([]*Node{n}), nodeDump(doc.Records[i:i+1])
					if got != want {
						t.Fatalf("ReuseText=%v: record %d:\ngot  %s\nwant %s", text, i, got, want)
					}
					kept = append(kept, n.Xref)
				}
				if text {
					continue
				}
				// Without ReuseText the strings outlive their records.
				for i, x := range kept {
					if want := doc.Records[i].Xref; x != want {
						t.Errorf("kept Xref %d = %q, want %q", i, x, want)
					}
				}
			}
		})
	}
}

// decodeTrace decodes data record by record and describes everything the
// decoder reports: each record, the error that ends the input, and the
// warnings. slow turns off Decoder.fast.
func decodeTrace(data []byte, lenient, slow bool) string {
	d := NewDecoder(bytes.NewReader(data))
	d.Lenient = lenient
	d.ReuseRecord = true
	d.ReuseText = true
	d.slow = slow
	var b strings.Builder
	for {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.WriteString("error: " + err.Error() + "\n")
			break
		}
		b.WriteString(nodeDump([]*Node{n}))
	}
	for _, w := range d.Warnings {
		b.WriteString("warning: " + w.Error() + "\n")
	}
	b.WriteString("version " + d.Version() + ", " + d.Encoding() + "\n")
	return b.String()
}

// TestFastPath checks that the fast path for common lines reads every
// test file, strictly and leniently, exactly as split and handle do.
func TestFastPath(t *testing.T) {
	inputs := map[string][]byte{"generated": reuseInput()}
	var files []string
	for _, pat := range []string{filepath.Join("testdata", "codec", "*.ged"), filepath.Join("testdata", "fuzz", "*", "*")} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	if dir, err := sharedGEDCOM(); err == nil {
		filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.HasSuffix(strings.ToLower(path), ".ged") {
				files = append(files, path)
			}
			return nil
		})
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		inputs[path] = data
	}
	for _, s := range fastCases {
		inputs[s] = []byte(s)
	}
	for name, data := range inputs {
		for _, lenient := range []bool{false, true} {
			if got, want := decodeTrace(data, lenient, false), decodeTrace(data, lenient, true); got != want {
				t.Errorf("%s (lenient %v): fast path gives\n%s\nwant (split and handle)\n%s", name, lenient, got, want)
			}
		}
	}
}

// fastCases are lines at the edges of what Decoder.fast reads.
var fastCases = []string{
	head7 + "0 @I1@ INDI\n1 NAME A /B/\n2 GIVN A\n1 FAMC @F1@\n0 @F1@ FAM\n1 CHIL @I1@\n0 TRLR\n",
	head7 + "0 @I1@  INDI\n0 @I2@ \tINDI\n1  NAME x\n1 _ x\n1 1ABC\n1 A@B\n1 NOTE @@x\n1 NOTE @x@y@\n0 TRLR\n",
	head7 + "0 @VOID@ INDI\n1 FAMC @a b@\n1 FAMC @#DJULIAN@\n0 TRLR\n",
	// The line after the header is read with it; these come later.
	head7 + "0 @U1@ SUBM\n0 @VOID@ INDI\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @a@ INDI\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @I1@ INDI\n1 FAMC @a b@\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @I1@ INDI\n1 FAMC @#DJULIAN@\n1 NOTE @\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @I1@ INDI\n1 _ x\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @I1@ INDI\n1 1AB x\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 @I1@ INDI\n1 Ab x\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 CONT x\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n1 CONC x\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 TRLR\n0 TRLR\n",
	head7 + "0 @U1@ SUBM\n0 TRLR\n1 NOTE x\n",
	head551 + "0 @U1@ SUBM\n0 @I 1@ INDI\n1 1AB x\n1 Ab x\n1 NOTE a@b\n0 TRLR\n",
	head551 + "0 @U1@ SUBM\n0 @#I1@ INDI\n0 TRLR\n",
	head7 + "0 @I1@ INDI\n1 NOTE a\n2 CONT b\n3 SOUR @S1@\n0 TRLR\n0 @X@ INDI\n",
	head7 + "0 @I1@ INDI\n1 BIRT\n3 DATE 1900\n2 DATE 1901\n1 name x\n0 TRLR\n",
	head551 + "0 @i 1@ INDI\n1 name x\n1 1ABC x\n1 NOTE x@y\n1 NOTE " + strings.Repeat("x", 300) + "\n0 TRLR\n",
	head551 + "0 @I1@ INDI\n1 NOTE caf\xe9\n0 TRLR\n",
	head7 + "0 @I1@ INDI\r\n1 NAME x\r\n0 TRLR\r\n",
	head7 + "0 @I1@ INDI\n10 NAME x\n0 TRLR\n",
	head7 + "0 @I1@ INDI\n1 NAME x\n0 TRLR",
	"0 @I1@ INDI\n1 NAME x\n0 TRLR\n",
}

// sharedGEDCOM returns ../shared/data/gedcom, if it is there.
func sharedGEDCOM() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "data", "gedcom")
	_, err = os.Stat(shared)
	return shared, err
}

// FuzzFastPath checks that the fast path for common lines and split and
// handle read any input the same way.
func FuzzFastPath(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range fastCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			if got, want := decodeTrace(data, lenient, false), decodeTrace(data, lenient, true); got != want {
				t.Fatalf("lenient %v: fast path gives\n%s\nwant (split and handle)\n%s", lenient, got, want)
			}
		}
	})
}
