package relate

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/gedcom"
)

// TestLatency1M measures Find on the generated 1M-person file: p50 and
// p99 latency over pairs of relatives printed by gengedcom -pairs, and the
// Index's memory per person. It runs only when KIN_RELATE_1M names the
// file (and KIN_RELATE_PAIRS the pairs); see docs/performance.md.
func TestLatency1M(t *testing.T) {
	path := os.Getenv("KIN_RELATE_1M")
	if path == "" {
		t.Skip("KIN_RELATE_1M not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := time.Now()
	doc, err := gedcom.NewDecoder(bufio.NewReaderSize(f, 1<<20)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := gedcom.ToTree(doc)
	if err != nil {
		t.Fatal(err)
	}
	doc = nil
	t.Logf("loaded %d people, %d families in %v", len(tree.People), len(tree.Families), time.Since(start))
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	start = time.Now()
	ix := NewIndex(tree)
	built := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	t.Logf("Index: built in %v, %.1f bytes per person (heap %d → %d)", built,
		float64(m1.HeapAlloc-m0.HeapAlloc)/float64(ix.Len()), m0.HeapAlloc, m1.HeapAlloc)
	g := NewTreeGraph(tree)

	var pairs [][2]kin.ID
	if pf := os.Getenv("KIN_RELATE_PAIRS"); pf != "" {
		data, err := os.ReadFile(pf)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(data), "\n") {
			fs := strings.Fields(l)
			if len(fs) >= 3 && fs[0] == "pair" {
				pairs = append(pairs, [2]kin.ID{kin.ID(strings.Trim(fs[1], "@")), kin.ID(strings.Trim(fs[2], "@"))})
			}
		}
	}
	// and random pairs among the latest fifth of the people
	r := rand.New(rand.NewPCG(1, 2))
	n := len(tree.People)
	for range 1000 {
		a := tree.People[n-1-r.IntN(n/5)].ID
		b := tree.People[n-1-r.IntN(n/5)].ID
		pairs = append(pairs, [2]kin.ID{a, b})
	}
	ctx := context.Background()
	if prof := os.Getenv("KIN_RELATE_CPUPROFILE"); prof != "" {
		pf, err := os.Create(prof)
		if err != nil {
			t.Fatal(err)
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			t.Fatal(err)
		}
		defer pf.Close()
		defer pprof.StopCPUProfile()
	}
	measure := func(name string, ps [][2]kin.ID, opt Options) {
		var lat []time.Duration
		related := 0
		for round := range 2 {
			for _, p := range ps {
				s := time.Now()
				res, err := Find(ctx, g, p[0], p[1], opt)
				d := time.Since(s)
				if err != nil {
					t.Fatalf("Find(%s, %s): %v", p[0], p[1], err)
				}
				if round == 1 { // the first round warms up
					lat = append(lat, d)
					if res.Related() {
						related++
					}
				}
			}
		}
		slices.Sort(lat)
		t.Logf("%s: %d pairs (%d related): p50 %v, p99 %v, max %v", name, len(lat), related,
			lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1])
	}
	k := len(pairs) - 1000
	if k > 0 {
		measure("gengedcom distant pairs", pairs[:k], Options{Now: fixedNow})
	}
	measure("random recent pairs", pairs[k:], Options{Now: fixedNow})
	measure("random recent pairs, All", pairs[k:], Options{Now: fixedNow, All: true})
	fmt.Fprintln(os.Stderr)
}
