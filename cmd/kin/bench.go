package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"kin"
	"kin/internal/cputime"
	"kin/relate"
	"kin/sqlstore"
)

func runBench(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fs := m.newFlagSet("bench", "bench relate [flags]", `
Measure how fast kin answers, on your own database. One benchmark so far:

  relate   how fast relationship questions are answered from the store with
           the in-memory index kin serve keeps (see kin bench relate -h)`)
		fs.Usage()
		if len(args) == 0 {
			return usageError("bench needs a benchmark: relate")
		}
		return errHelp
	}
	if args[0] != "relate" {
		return usageError("bench: unknown benchmark %q (there is: relate)", args[0])
	}
	return runBenchRelate(ctx, m, args[1:])
}

// indexedTree is a store tree with an Index built from it, as kin serve
// holds one: Find searches the Index and reads the details of its answer
// from the store.
type indexedTree struct {
	*sqlstore.Tree
	ix *relate.Index
}

// Index returns the tree's index.
func (g indexedTree) Index() *relate.Index { return g.ix }

// benchRelateJSON is what kin bench relate --json prints; durations in
// milliseconds.
type benchRelateJSON struct {
	People         int     `json:"people"`
	IndexSeconds   float64 `json:"index_seconds"`
	BytesPerPerson float64 `json:"index_bytes_per_person"`
	Pairs          int     `json:"pairs"`
	Related        int     `json:"related"`
	P50            float64 `json:"p50_ms"`
	P95            float64 `json:"p95_ms"`
	P99            float64 `json:"p99_ms"`
	Max            float64 `json:"max_ms"`
	CPUP50         float64 `json:"cpu_p50_ms,omitempty"`
	CPUP99         float64 `json:"cpu_p99_ms,omitempty"`
	// With --memory: the tree held in memory (people, families and
	// their facts) and the lookups over it (relate.TreeGraph's maps of
	// people, families and associations), apart from the index.
	Memory               bool    `json:"memory,omitempty"`
	LoadSeconds          float64 `json:"load_seconds,omitempty"`
	TreeBytesPerPerson   float64 `json:"tree_bytes_per_person,omitempty"`
	LookupBytesPerPerson float64 `json:"lookup_bytes_per_person,omitempty"`
}

func runBenchRelate(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var pairsFile string
	var n int
	var seed uint64
	var memory bool
	fs := m.newFlagSet("bench relate", "bench relate [--memory] [--pairs FILE] [-n N] [--seed S] [--json] [--tree NAME] [--db PATH]", `
Measure kin relate's question on your database the way kin serve answers
it: build the in-memory relationship index from the store once (and say
how long that took and how much memory it holds per person), ask every
pair once to warm up, then ask every pair again and report the latency of
relate.Find at the 50th, 95th and 99th percentile and the slowest, with
the CPU time each answer took (what the wall clock would show on an idle
machine, less what runs on two cores at once).

The pairs are N pairs of people picked at random (--seed), or those of
--pairs FILE: one pair a line, two IDs or xrefs ("I1 I2", "@I1@ @I2@");
lines as gengedcom -pairs writes them ("pair @I1@ @I2@ ancestor …") are
read too; other lines (gengedcom's summary, comments) are skipped.

Building the index reads every family link of the tree: about a minute for
a million people.

With --memory the answers come from the whole tree held in memory, as kin
serve answers them when its snapshot of the tree is current: the tree is
loaded from the store (people, families and their facts), indexed, and
Find reads nothing from the store. It reports the memory of the tree, of
the lookups over it and of the index per person, apart. A million people
take a few minutes to load and 1–2 GB.`)
	f.readFlags(fs, "measure the tree as recorded at this date or time", "print one JSON object")
	fs.StringVar(&pairsFile, "pairs", "", "read the pairs from `FILE` instead of picking them at random")
	fs.IntVar(&n, "n", 200, "ask `N` pairs (with --pairs: at most N)")
	fs.Uint64Var(&seed, "seed", 1, "the random seed for picking pairs")
	fs.BoolVar(&memory, "memory", false, "answer from the whole tree held in memory (what kin serve does), not from the store")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("bench relate takes no arguments, only flags (got %q)", pos[0])
	}
	if n <= 0 {
		return usageError("-n %d: want at least 1 pair", n)
	}
	var pairs [][2]kin.ID
	if pairsFile != "" {
		if pairs, err = readPairs(pairsFile); err != nil {
			return err
		}
		if len(pairs) == 0 {
			return usageError("--pairs %s: no pairs in the file", pairsFile)
		}
		pairs = pairs[:min(n, len(pairs))]
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()

	if memory {
		return benchRelateMemory(ctx, m, t, pairs, n, seed, f.json)
	}
	// The index's memory is the heap it adds, the IDs' text included (it
	// keeps them), without the list of IDs it was built from.
	h0 := heapAlloc()
	start := time.Now()
	ids, err := t.PersonIDs(ctx)
	if err != nil {
		return userError(err)
	}
	if len(ids) == 0 {
		return fmt.Errorf("tree %q has nobody to relate", t.Name())
	}
	ix, err := relate.BuildIndex(ctx, t, ids)
	if err != nil {
		return userError(err)
	}
	built := time.Since(start)
	if pairs == nil {
		pairs = randomPairs(n, seed, len(ids), func(i int) kin.ID { return ids[i] })
	}
	ids = nil
	perPerson := float64(heapAlloc()-h0) / float64(ix.Len())
	if !f.json {
		fmt.Fprintf(m.Stdout, "index: %d people in %.1f s, %.1f bytes per person\n", ix.Len(), built.Seconds(), perPerson)
	}

	out := benchRelateJSON{People: ix.Len(), IndexSeconds: built.Seconds(), BytesPerPerson: perPerson}
	if err := benchFind(ctx, m, indexedTree{t, ix}, pairs, &out, f.json); err != nil {
		return err
	}
	return nil
}

// benchFind asks every pair twice and reports the second round's
// latencies in out, printing them unless asJSON (then out is printed).
func benchFind(ctx context.Context, m *Main, g relate.Graph, pairs [][2]kin.ID, out *benchRelateJSON, asJSON bool) error {
	lat, cpu, related, err := findTwice(ctx, g, pairs, relate.Options{})
	if err != nil {
		return userError(err)
	}
	at := func(ds []time.Duration, q float64) float64 {
		return float64(ds[min(len(ds)-1, int(float64(len(ds))*q))]) / float64(time.Millisecond)
	}
	out.Pairs, out.Related = len(lat), related
	out.P50, out.P95, out.P99, out.Max = at(lat, 0.5), at(lat, 0.95), at(lat, 0.99), at(lat, 1)
	if cpu[len(cpu)-1] > 0 {
		out.CPUP50, out.CPUP99 = at(cpu, 0.5), at(cpu, 0.99)
	}
	if asJSON {
		return writeJSON(m, out)
	}
	fmt.Fprintf(m.Stdout, "relate: %d pairs (%d related), after a warm-up round: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		out.Pairs, out.Related, out.P50, out.P95, out.P99, out.Max)
	if out.CPUP50 > 0 {
		fmt.Fprintf(m.Stdout, "CPU time per answer: p50 %.2f ms, p99 %.2f ms\n", out.CPUP50, out.CPUP99)
	}
	return nil
}

// findTwice asks relate.Find every pair twice, the first round a
// warm-up, and returns the second round's wall-clock and CPU times
// (processCPU), each sorted, and how many of the pairs are related.
func findTwice(ctx context.Context, g relate.Graph, pairs [][2]kin.ID, opts relate.Options) (lat, cpu []time.Duration, related int, err error) {
	for round := range 2 {
		for _, p := range pairs {
			s, c := time.Now(), cputime.Process()
			res, err := relate.Find(ctx, g, p[0], p[1], opts)
			d, dc := time.Since(s), cputime.Process()-c
			if err != nil {
				return nil, nil, 0, fmt.Errorf("relate %s %s: %w", p[0], p[1], err)
			}
			if round == 1 {
				lat, cpu = append(lat, d), append(cpu, dc)
				if res.Related() {
					related++
				}
			}
		}
	}
	slices.Sort(lat)
	slices.Sort(cpu)
	return lat, cpu, related, nil
}

// benchRelateMemory is kin bench relate --memory: the tree is loaded
// whole and answers come from a relate.TreeGraph over it, as kin serve's
// snapshot gives them (web/snapshot.go).
func benchRelateMemory(ctx context.Context, m *Main, t *sqlstore.Tree, pairs [][2]kin.ID, n int, seed uint64, asJSON bool) error {
	h0 := heapAlloc()
	start := time.Now()
	tree, err := t.Load(ctx)
	if err != nil {
		return userError(err)
	}
	loaded := time.Since(start)
	if len(tree.People) == 0 {
		return fmt.Errorf("tree %q has nobody to relate", t.Name())
	}
	// As kin serve keeps it: families in ID order, no sources or notes.
	sort.SliceStable(tree.Families, func(i, j int) bool { return tree.Families[i].ID < tree.Families[j].ID })
	tree.Sources, tree.Repositories, tree.Notes, tree.Media = nil, nil, nil, nil
	h1 := heapAlloc()
	// The index alone, to tell its memory from the lookups'.
	start = time.Now()
	ix := relate.NewIndex(tree)
	indexed := time.Since(start)
	h2 := heapAlloc()
	runtime.KeepAlive(ix) // dropped before the graph is built
	g := relate.NewTreeGraph(tree)
	h3 := heapAlloc()
	people := float64(len(tree.People))
	out := benchRelateJSON{People: len(tree.People), Memory: true, LoadSeconds: loaded.Seconds(), IndexSeconds: indexed.Seconds(),
		TreeBytesPerPerson: float64(h1-h0) / people, BytesPerPerson: float64(h2-h1) / people,
		LookupBytesPerPerson: float64(h3-h1-(h2-h1)) / people}
	if pairs == nil {
		pairs = randomPairs(n, seed, len(tree.People), func(i int) kin.ID { return tree.People[i].ID })
	}
	if !asJSON {
		fmt.Fprintf(m.Stdout, "tree: %d people loaded in %.1f s, %.0f bytes per person; lookups %.0f bytes per person\n",
			out.People, out.LoadSeconds, out.TreeBytesPerPerson, out.LookupBytesPerPerson)
		fmt.Fprintf(m.Stdout, "index: built in %.1f s, %.1f bytes per person\n", out.IndexSeconds, out.BytesPerPerson)
	}
	err = benchFind(ctx, m, g, pairs, &out, asJSON)
	runtime.KeepAlive(g)
	return err
}

// randomPairs picks n pairs of the people numbered 0 to count-1, whose
// IDs id gives, at random from seed.
func randomPairs(n int, seed uint64, count int, id func(int) kin.ID) [][2]kin.ID {
	r := rand.New(rand.NewPCG(seed, seed))
	var pairs [][2]kin.ID
	for range n {
		pairs = append(pairs, [2]kin.ID{id(r.IntN(count)), id(r.IntN(count))})
	}
	return pairs
}

// heapAlloc returns the bytes of live heap, after a garbage collection.
func heapAlloc() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

// readPairs reads pairs of people from path: lines of two IDs or xrefs,
// and gengedcom's "pair @A@ @B@ …" lines; it skips other lines.
func readPairs(path string) ([][2]kin.ID, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read pairs: %w", err)
	}
	defer fh.Close()
	var out [][2]kin.ID
	sc := bufio.NewScanner(fh)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		switch {
		case fs[0] == "pair" && len(fs) >= 3:
			fs = fs[1:]
		case fs[0] == "pair":
			return nil, fmt.Errorf("%s:%d: want two people after pair, got %q", path, line, sc.Text())
		case len(fs) != 2:
			continue // gengedcom's summary lines
		}
		out = append(out, [2]kin.ID{kin.ID(strings.Trim(fs[0], "@")), kin.ID(strings.Trim(fs[1], "@"))})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read pairs: %w", err)
	}
	return out, nil
}
