package validate

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"kin/gedcom"
)

// BenchmarkValidate validates the records of maximal70.ged and date.ged
// (decoded once) per iteration. For whole-file numbers on a 1M-person file
// see docs/performance.md.
func BenchmarkValidate(b *testing.B) {
	base := filepath.Join(sharedDir(b), "data", "gedcom", "gedcom70")
	var recs []*gedcom.Node
	var size int64
	for _, name := range []string{"maximal70.ged", "date.ged"} {
		f, err := os.Open(filepath.Join(base, name))
		if err != nil {
			b.Fatal(err)
		}
		fi, _ := f.Stat()
		size += fi.Size()
		d := gedcom.NewDecoder(f)
		for {
			n, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if n.Tag != "HEAD" && n.Tag != "TRLR" || len(recs) == 0 {
				recs = append(recs, n)
			}
		}
		f.Close()
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		v := New(Options{})
		for _, r := range recs {
			v.Record(r)
		}
		v.Finish()
	}
}
