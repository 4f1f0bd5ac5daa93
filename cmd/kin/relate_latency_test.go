package main

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/relate"
	"kin/sqlite"
)

// TestRelateLatencyStore measures relate.Find over the store's Graph (the
// lazy view, a generation of links per query) on a large imported tree:
// p50 and p99 over the pairs of gengedcom -pairs, each asked twice, the
// second round measured. It runs only when KIN_RELATE_DB names the
// database and KIN_RELATE_PAIRS the pairs; see docs/performance.md. Each
// graph and set of pairs is a subtest: -run 'RelateLatencyStore/Index'
// measures only the Index + store runs (the Index, built from the store,
// is what kin serve would hold; the store Graph is kin relate's).
func TestRelateLatencyStore(t *testing.T) {
	path, pf := os.Getenv("KIN_RELATE_DB"), os.Getenv("KIN_RELATE_PAIRS")
	if path == "" || pf == "" {
		t.Skip("KIN_RELATE_DB and KIN_RELATE_PAIRS not set")
	}
	data, err := os.ReadFile(pf)
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]kin.ID
	for _, l := range strings.Split(string(data), "\n") {
		fs := strings.Fields(l)
		if len(fs) >= 3 && fs[0] == "pair" {
			pairs = append(pairs, [2]kin.ID{kin.ID(strings.Trim(fs[1], "@")), kin.ID(strings.Trim(fs[2], "@"))})
		}
	}
	if n := 200; len(pairs) > n {
		pairs = pairs[:n]
	}
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tree := db.Tree("")
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	// Near pairs: A and a second cousin or so, through a great-grandparent.
	var near [][2]kin.ID
	for _, p := range pairs[:min(100, len(pairs))] {
		as, err := relate.Ancestors(ctx, tree, p[0], 3)
		if err != nil || len(as) == 0 {
			continue
		}
		ds, err := relate.Descendants(ctx, tree, as[len(as)-1].Person, 3)
		if err != nil || len(ds) == 0 {
			continue
		}
		near = append(near, [2]kin.ID{p[0], ds[len(ds)-1].Person})
	}
	// The index a long-running process (kin serve) would build once, built
	// when a subtest first needs it.
	var indexed relate.Graph
	index := func(t *testing.T) relate.Graph {
		if indexed != nil {
			return indexed
		}
		// The heap the index adds, the IDs' text included, without the
		// list of IDs it was built from.
		h0 := heapAlloc()
		start := time.Now()
		ids, err := tree.PersonIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := relate.BuildIndex(ctx, tree, ids)
		if err != nil {
			t.Fatal(err)
		}
		built := time.Since(start)
		ids = nil
		t.Logf("Index from the store: %d people in %v, %.1f bytes per person", ix.Len(), built,
			float64(heapAlloc()-h0)/float64(ix.Len()))
		indexed = indexedTree{tree, ix}
		return indexed
	}
	type run struct {
		name  string
		index bool
		pairs [][2]kin.ID
		gens  int
	}
	// Subtests by name: -run 'RelateLatencyStore/Index' measures only the
	// Index + store runs.
	for _, r := range []run{
		{"StoreGraph/gengedcom", false, pairs, 0},
		{"StoreGraph/gengedcom/gens10", false, pairs, 10},
		{"StoreGraph/near", false, near, 0},
		{"Index/gengedcom", true, pairs, 0},
		{"Index/near", true, near, 0},
	} {
		t.Run(r.name, func(t *testing.T) {
			var g relate.Graph = tree
			if r.index {
				g = index(t)
			}
			pairs, gens := r.pairs, r.gens
			lat, cpu, related, err := findTwice(ctx, g, pairs, relate.Options{Now: now, MaxGenerations: gens})
			if err != nil {
				t.Fatal(err)
			}
			// The CPU time (the process's, so the collector's share too)
			// is what the wall clock would show on an idle machine, up to
			// the part Find does on two cores at once.
			t.Logf("%s, MaxGenerations %d: %d pairs (%d related): p50 %v, p99 %v, max %v; CPU p50 %v, p99 %v", r.name, gens, len(lat), related,
				lat[len(lat)/2], lat[len(lat)*99/100], lat[len(lat)-1], cpu[len(cpu)/2], cpu[len(cpu)*99/100])
		})
	}
}
