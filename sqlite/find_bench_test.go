package sqlite_test

import (
	"os"
	"testing"

	"kin/sqlite"
)

// BenchmarkFind measures name search on a large database given by
// KIN_FIND_BENCH_DB (e.g. a 1M-person import, docs/performance.md); it is
// skipped without it. The database is opened, so migrated, in place: use a
// copy.
//
//	KIN_FIND_BENCH_DB=/tmp/k1m.db go test -run '^$' -bench Find ./sqlite
func BenchmarkFind(b *testing.B) {
	path := os.Getenv("KIN_FIND_BENCH_DB")
	if path == "" {
		b.Skip("KIN_FIND_BENCH_DB not set")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	t := db.Tree("")
	for _, q := range []string{"wozniak", "ragnhild larsson", "mancini", "jon smyth"} {
		b.Run(q, func(b *testing.B) {
			var n int
			for b.Loop() {
				ms, err := t.Find(b.Context(), q, 50)
				if err != nil {
					b.Fatal(err)
				}
				n = len(ms)
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
}
