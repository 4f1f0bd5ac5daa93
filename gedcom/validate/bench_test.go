package validate

import (
	"context"
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

// BenchmarkValidateFile validates the file named by $KIN_BENCH_GED as
// `kin validate` does: streaming, with a lenient decoder that reuses its
// records and their text. It is skipped when the variable is unset.
func BenchmarkValidateFile(b *testing.B) { benchValidateFile(b, false, 0) }

// BenchmarkValidateFilePredefine is BenchmarkValidateFile with Predefine
// after the header, as `kin validate` calls it for a plain file.
func BenchmarkValidateFilePredefine(b *testing.B) { benchValidateFile(b, true, 0) }

// BenchmarkValidateFilePredefineDisk is BenchmarkValidateFilePredefine
// with the table in a temporary file, as for a file too large for
// DefaultPredefineMemory.
func BenchmarkValidateFilePredefineDisk(b *testing.B) { benchValidateFile(b, true, -1) }

func benchValidateFile(b *testing.B, predefine bool, memory int64) {
	path := os.Getenv("KIN_BENCH_GED")
	if path == "" {
		b.Skip("KIN_BENCH_GED not set")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		d := gedcom.NewDecoder(f)
		d.Lenient = true
		d.ReuseRecord = true
		d.ReuseText = true
		d.Warn = func(error) {}
		v := New(Options{PredefineMemory: memory})
		diags := 0
		for {
			n, err := d.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			diags += len(v.Record(n))
			if predefine && n.Tag == "HEAD" {
				if err := v.Predefine(context.Background(), f, fi.Size()); err != nil {
					b.Fatal(err)
				}
			}
		}
		diags += len(v.Finish())
		f.Close()
		b.ReportMetric(float64(diags), "diagnostics")
	}
}
