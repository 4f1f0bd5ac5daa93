package sqlstore_test

import (
	"os"
	"testing"
	"time"

	"kin"
	"kin/internal/cputime"
	"kin/sqlite"
)

// BenchmarkPeople measures reading people in batches (Tree.People, the
// path Find and the web pages take) and one person (Tree.Person) on a
// large database given by KIN_PEOPLE_BENCH_DB, e.g. a 1M-person import
// (docs/performance.md); it is skipped without it. The people are those
// Find gives for a few names. The database is opened, so migrated, in
// place. It reports the process's CPU time per operation beside the wall
// clock's, which other work on the machine changes more.
//
//	KIN_PEOPLE_BENCH_DB=/tmp/end1m.db go test -run '^$' -bench People ./sqlstore
func BenchmarkPeople(b *testing.B) {
	path := os.Getenv("KIN_PEOPLE_BENCH_DB")
	if path == "" {
		b.Skip("KIN_PEOPLE_BENCH_DB not set")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t := db.Tree("")
	for _, q := range []string{"wozniak", "mancini"} {
		ms, err := t.Find(b.Context(), q, 50)
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]kin.ID, len(ms))
		for i, m := range ms {
			ids[i] = m.Person.ID
		}
		b.Run(q, func(b *testing.B) {
			cpu := cputime.Process()
			for b.Loop() {
				ps, err := t.People(b.Context(), ids)
				if err != nil || len(ps) != len(ids) {
					b.Fatal(len(ps), err)
				}
			}
			reportCPU(b, cpu)
		})
	}
	b.Run("person", func(b *testing.B) {
		cpu := cputime.Process()
		for b.Loop() {
			if _, err := t.Person(b.Context(), "I500000"); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu)
	})
}

// reportCPU reports the process's CPU time per operation since start,
// the time read before the operations (the collector's work included),
// when it can be read.
func reportCPU(b *testing.B, start time.Duration) {
	if cpu := cputime.Process(); cpu > 0 {
		b.ReportMetric(float64(cpu-start)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkLoad measures reading a whole tree (Tree.Load, kin serve's
// start), which reads the facts as Find's matches are read, on the
// database given by KIN_LOAD_BENCH_DB; it is skipped without it. A
// million people take seconds and gigabytes: use a smaller tree.
//
//	KIN_LOAD_BENCH_DB=/tmp/k200k.db go test -run '^$' -bench Load -benchtime 3x ./sqlstore
func BenchmarkLoad(b *testing.B) {
	path := os.Getenv("KIN_LOAD_BENCH_DB")
	if path == "" {
		b.Skip("KIN_LOAD_BENCH_DB not set")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t := db.Tree("")
	cpu := cputime.Process()
	var n int
	for b.Loop() {
		tr, err := t.Load(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		n = len(tr.People)
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(n), "people")
}
