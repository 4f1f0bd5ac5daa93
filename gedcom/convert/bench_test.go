package convert

import (
	"io"
	"os"
	"testing"

	"kin/gedcom"
)

// BenchmarkTo70 converts the 5.5.1 golden fixture in memory.
func BenchmarkTo70(b *testing.B) {
	doc := decodeFile(b, "testdata/to70/records.ged")
	b.ReportAllocs()
	for b.Loop() {
		To70(doc)
	}
}

// BenchmarkStreamFile converts the 5.5.1 file named by KIN_CONVERT_BENCH
// (a gengedcom file, say) to 7.0 the way kin convert does: a decoding pass
// for Learn, then decode, convert and encode record by record.
func BenchmarkStreamFile(b *testing.B) {
	path := os.Getenv("KIN_CONVERT_BENCH")
	if path == "" {
		b.Skip("KIN_CONVERT_BENCH names no file")
	}
	for b.Loop() {
		s, _ := NewStream(V70)
		pass := func(fn func(*gedcom.Node) error) {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			d := gedcom.NewDecoder(f)
			d.Lenient = true
			for {
				n, err := d.Next()
				if err == io.EOF {
					return
				}
				if err != nil {
					b.Fatal(err)
				}
				if err := fn(n); err != nil {
					b.Fatal(err)
				}
			}
		}
		pass(func(n *gedcom.Node) error { s.Learn(n); return nil })
		enc := gedcom.NewEncoder(io.Discard)
		enc.Version = V70
		pass(func(n *gedcom.Node) error {
			for _, o := range s.Convert(n) {
				if err := enc.Encode(o); err != nil {
					return err
				}
			}
			return nil
		})
		if err := enc.Flush(); err != nil {
			b.Fatal(err)
		}
	}
}
