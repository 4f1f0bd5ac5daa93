package gedcom

import (
	"os"
	"runtime"
	"testing"
	"time"
)

// TestTreeMemory measures the heap a whole kin.Tree holds once mapped from
// the file named by KIN_BENCH_GED, after garbage collection, with the
// decoder and builder gone. Run it with:
//
//	KIN_BENCH_GED=/tmp/g1m551.ged go test ./gedcom -run TestTreeMemory -v
func TestTreeMemory(t *testing.T) {
	path := os.Getenv("KIN_BENCH_GED")
	if path == "" {
		t.Skip("set KIN_BENCH_GED to a GEDCOM file to measure")
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	before := heap()
	start := time.Now()
	tree, warnings := buildTree(t, path)
	elapsed := time.Since(start)
	after := heap()
	var events, fevents, children, names int
	for _, p := range tree.People {
		events += len(p.Events)
		names += len(p.Names)
	}
	for _, f := range tree.Families {
		fevents += len(f.Events)
		children += len(f.Children)
	}
	n := len(tree.People)
	if n == 0 {
		t.Fatal("no people")
	}
	bytes := after - before
	t.Logf("%s: %d people, %d families, %d person events, %d family events, %d child links, %d names, %d sources, %d warnings",
		path, n, len(tree.Families), events, fevents, children, names, len(tree.Sources), len(warnings))
	t.Logf("mapped in %v; tree holds %.1f MB = %d bytes per person", elapsed.Round(time.Millisecond), float64(bytes)/1e6, bytes/uint64(n))
	runtime.KeepAlive(tree)
}
