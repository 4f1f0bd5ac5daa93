package gedcom

import (
	"bytes"
	"context"
	"io"
	"os"
	"testing"
)

// benchGED returns the name and size of the file named by $KIN_BENCH_GED
// (one made by gengedcom, say), skipping tb when the variable is unset.
func benchGED(tb testing.TB) (string, int64) {
	tb.Helper()
	path := os.Getenv("KIN_BENCH_GED")
	if path == "" {
		tb.Skip("KIN_BENCH_GED not set")
	}
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return path, fi.Size()
}

// benchEachGED runs run on the file named by $KIN_BENCH_GED, opened afresh
// for each iteration of b, reporting its bytes and allocations.
func benchEachGED(b *testing.B, run func(f *os.File, size int64) error) {
	path, size := benchGED(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := run(f, size); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// benchData returns a GEDCOM 5.5.1 file of people records built in
// memory, for benchmarks that must run without gengedcom output.
func benchData(b *testing.B, people int) []byte {
	b.Helper()
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	e.Version = "5.5.1"
	head := &Node{Tag: "HEAD"}
	head.Add("GEDC", "").Add("VERS", "5.5.1")
	head.Add("CHAR", "UTF-8")
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(e.Encode(head))
	for i := range people {
		id := "I" + itoa(i)
		p := &Node{Xref: id, Tag: "INDI"}
		name := p.Add("NAME", "Given"+itoa(i%97)+" /Surname"+itoa(i%31)+"/")
		name.Add("GIVN", "Given"+itoa(i%97))
		name.Add("SURN", "Surname"+itoa(i%31))
		p.Add("SEX", "M")
		birt := p.Add("BIRT", "")
		birt.Add("DATE", "12 MAR 18"+itoa(10+i%90))
		birt.Add("PLAC", "Springfield, Some County, Some State, USA")
		p.Add("NOTE", "A note about this person @ that runs long enough to need splitting over several lines so that the CONC logic is exercised by the benchmark, and then some more text.\nSecond line.")
		p.AddPointer("FAMC", "F"+itoa(i/2))
		must(e.Encode(p))
	}
	must(e.Encode(&Node{Tag: "TRLR"}))
	must(e.Flush())
	return buf.Bytes()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for ; i > 0; i /= 10 {
		n--
		b[n] = byte('0' + i%10)
	}
	return string(b[n:])
}

// What the decode benchmarks let the decoder reuse.
const (
	reuseNothing = iota
	reuseRecord
	reuseText
)

func benchDecode(b *testing.B, r func() io.Reader, size int64, reuse int) {
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		d := NewDecoder(r())
		d.ReuseRecord = reuse >= reuseRecord
		d.ReuseText = reuse == reuseText
		for {
			_, err := d.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkDecode streams a generated file of 20,000 people.
func BenchmarkDecode(b *testing.B) {
	data := benchData(b, 20000)
	benchDecode(b, func() io.Reader { return bytes.NewReader(data) }, int64(len(data)), reuseNothing)
}

// BenchmarkDecodeFile streams the file named by $KIN_BENCH_GED, for
// example one made by gengedcom; it is skipped when the variable is unset.
func BenchmarkDecodeFile(b *testing.B) { benchDecodeFile(b, reuseNothing) }

// BenchmarkDecodeFileReuse is BenchmarkDecodeFile with ReuseRecord.
func BenchmarkDecodeFileReuse(b *testing.B) { benchDecodeFile(b, reuseRecord) }

// BenchmarkDecodeFileReuseText is BenchmarkDecodeFile with ReuseRecord and
// ReuseText.
func BenchmarkDecodeFileReuseText(b *testing.B) { benchDecodeFile(b, reuseText) }

func benchDecodeFile(b *testing.B, reuse int) {
	path, size := benchGED(b)
	benchDecode(b, func() io.Reader {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { f.Close() })
		return f
	}, size, reuse)
}

// BenchmarkEncode writes the records of a generated file of 20,000 people.
func BenchmarkEncode(b *testing.B) {
	data := benchData(b, 20000)
	doc, err := NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		e := NewEncoder(io.Discard)
		e.Version = "5.5.1"
		if err := e.EncodeDocument(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatsFile runs Stats over the file named by $KIN_BENCH_GED with
// a lenient decoder that reuses its records and their text, as `kin stats`
// does.
func BenchmarkStatsFile(b *testing.B) {
	benchEachGED(b, func(f *os.File, _ int64) error {
		d := NewDecoder(f)
		d.Lenient = true
		d.ReuseRecord = true
		d.ReuseText = true
		d.Warn = func(error) {}
		_, err := Stats(context.Background(), d)
		return err
	})
}
