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
