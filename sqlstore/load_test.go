package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// TestLoadStreams checks that the streaming Load gives exactly what
// reading every fact at once gave (LoadAtOnce), whatever the size of its
// batches: one record at a time, a few, a batch boundary on every kind of
// record, and all at once; with associations, a merged fragment and a
// superseded fact in the tree.
func TestLoadStreams(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	recs := storetest.Fixture()
	next := storetest.Source(recs)
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "fixture.ged", Version: "7.0", Header: "0 HEAD\n"}, next); err != nil {
		t.Fatal(err)
	}
	f := frag{src: "c1", people: []fragPerson{{"p1", "Ada", "Lovelace", kin.SexFemale, "1815"}, {"p2", "William", "King", kin.SexMale, "1805"}},
		families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "1835"}}}
	if _, err := tr.Merge(ctx, f.tree(t), sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	// A second fragment changes what the first said, so some facts are
	// superseded or compete.
	f2 := frag{src: "c2", people: []fragPerson{{"p1", "Ada", "Lovelace", kin.SexFemale, "1816"}}}
	if _, err := tr.Merge(ctx, f2.tree(t), sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := tr.LoadAtOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.People) < 6 || len(want.Associations) == 0 {
		t.Fatalf("fixture: %d people, %d associations; want at least 6 and 1", len(want.People), len(want.Associations))
	}
	for _, n := range []int{1, 2, 3, 5, 7, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			defer sqlstore.SetLoadBatch(n)()
			got, err := tr.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if asJSON(got) != asJSON(want) {
				t.Errorf("Load in batches of %d:\n%s\nwant:\n%s", n, asJSON(got), asJSON(want))
			}
		})
	}
	if _, err := db.Tree("nosuch").Load(ctx); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Load of a missing tree: %v, want not_found", err)
	}
}

// TestLoadMemory measures Load on a real database: how long it takes and
// the heap the loaded tree holds per person, and the most the heap
// reached while loading (sampled every 50 ms). It runs only with
// KIN_LOAD_DB set:
//
//	KIN_LOAD_DB=/tmp/readpath-g200k.db go test ./sqlstore -run TestLoadMemory -v
func TestLoadMemory(t *testing.T) {
	path := os.Getenv("KIN_LOAD_DB")
	if path == "" {
		t.Skip("KIN_LOAD_DB not set")
	}
	ctx := context.Background()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	heap := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	h0 := heap()
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var most uint64
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				peak <- most
				return
			case <-tick.C:
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				most = max(most, ms.HeapAlloc)
			}
		}
	}()
	start := time.Now()
	tree, err := db.Tree("").Load(ctx)
	took := time.Since(start)
	close(stop)
	most := <-peak
	if err != nil {
		t.Fatal(err)
	}
	h1 := heap()
	n := len(tree.People)
	t.Logf("%d people, %d families, %d associations loaded in %v; tree %.0f bytes per person (%d MB); heap at most %d MB while loading",
		n, len(tree.Families), len(tree.Associations), took.Round(time.Millisecond), float64(h1-h0)/float64(n), (h1-h0)>>20, most>>20)
	runtime.KeepAlive(tree)
}
