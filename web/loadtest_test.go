package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kin/internal/cputime"
	"kin/sqlite"
	"kin/sqlstore"
)

// TestLoad is the load generator of docs/performance.md "## Web". It runs
// only when KIN_WEB_BENCH_DB names a database holding a large tree (made
// with gengedcom and kin import; the test adds a viewer account to it):
//
//	KIN_WEB_BENCH_DB=/tmp/web1m.db KIN_WEB_BENCH_PAIRS=/tmp/pairs.txt \
//	    go test ./web -run TestLoad -v -timeout 20m
//
// It serves the tree in-process on 127.0.0.1:0, warms up, then runs
// KIN_WEB_BENCH_CLIENTS (64) concurrent clients for KIN_WEB_BENCH_SECONDS
// (20) over random people (/person/{id}) and random relationship pairs
// (/relate?a=&b=; the pairs from gengedcom -pairs when given, else random
// people), half logged in as a viewer and half anonymous readers, and
// reports p50, p95, p99 and the maximum latency and the errors of each,
// the p99 of every 2 s of the window (all routes) and the collections in
// it. The warm-up sends 5 requests from each client. The measured window
// starts once the server is ready (WaitReady: with
// the tree in memory, when its first snapshot is built) and warmed up,
// and the test fails if the snapshot is not current then.
// KIN_WEB_BENCH_KEEP=0 serves without the tree in memory (the index
// only), KIN_WEB_BENCH_INDEX=0 without an index either, and
// KIN_WEB_BENCH_CPUPROFILE=FILE writes a CPU profile of the window.
func TestLoad(t *testing.T) {
	db, people, pairs := openBenchDB(t)
	clients := envInt(t, "KIN_WEB_BENCH_CLIENTS", 64)
	seconds := envInt(t, "KIN_WEB_BENCH_SECONDS", 20)
	ctx := context.Background()
	h, err := bcryptFast("viewer-password")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutUser(ctx, sqlstore.User{Name: "loadviewer", Role: "viewer", PasswordHash: h}); err != nil {
		t.Fatal(err)
	}
	db.KeepIdleConns(2 * clients) // as kin serve does, and its GC settings
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(DefaultMemoryLimit()))
	}
	start := time.Now()
	// KIN_WEB_BENCH_INDEX=0: no index (and no snapshot); KIN_WEB_BENCH_KEEP=0:
	// the index without the tree in memory (the second round's server).
	index := os.Getenv("KIN_WEB_BENCH_INDEX") != "0"
	keep := index && os.Getenv("KIN_WEB_BENCH_KEEP") != "0"
	srv := &Server{Store: db, AnonymousRead: true, IndexRelationships: index, KeepTree: keep}
	handler, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(handler) // 127.0.0.1:0
	defer ts.Close()
	defer srv.Close()
	// WaitReady returns when the first snapshot (or index) is built; the
	// measured window starts after that and the warm-up.
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	var ready runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ready)
	t.Logf("server ready in %v (%d people, %d pairs; keep tree %v), live heap %d MB", time.Since(start).Round(time.Millisecond), people, len(pairs), keep, ready.HeapAlloc>>20)
	snapCurrent := func() bool {
		v, err := db.WriteVersion(ctx)
		return err == nil && srv.index.currentSnap(v) != nil
	}
	if keep && !snapCurrent() {
		t.Fatal("no current snapshot after WaitReady")
	}

	tr := &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}
	defer tr.CloseIdleConnections()
	anon := &http.Client{Transport: tr, Timeout: time.Minute}
	viewer := loginClient(t, tr, ts.URL, "loadviewer", "viewer-password")

	// Person IDs are I1 … In, as gengedcom writes them.
	randPerson := func(r *rand.Rand) string { return "I" + strconv.Itoa(1+r.IntN(people)) }
	randPair := func(r *rand.Rand) (string, string) {
		if len(pairs) > 0 && r.IntN(2) == 0 {
			p := pairs[r.IntN(len(pairs))]
			return p[0], p[1]
		}
		return randPerson(r), randPerson(r)
	}
	type sample struct {
		kind string
		end  time.Time
		d    time.Duration
		err  error
	}
	do := func(c *http.Client, u string) error {
		resp, err := c.Get(u)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
		}
		return nil
	}
	run := func(n int, until time.Time, out chan<- sample, seed uint64) {
		r := rand.New(rand.NewPCG(seed, 1))
		for i := 0; (n == 0 || i < n) && (until.IsZero() || time.Now().Before(until)); i++ {
			c, role := anon, "anonymous"
			if r.IntN(2) == 0 {
				c, role = viewer, "viewer"
			}
			var u, kind string
			if r.IntN(2) == 0 {
				u, kind = ts.URL+"/person/"+randPerson(r), "person "+role
			} else {
				a, b := randPair(r)
				u, kind = ts.URL+"/relate?a="+a+"&b="+b, "relate "+role
			}
			t0 := time.Now()
			err := do(c, u)
			end := time.Now()
			out <- sample{kind, end, end.Sub(t0), err}
		}
	}
	collect := func(ch <-chan sample) map[string][]sample {
		m := map[string][]sample{}
		for s := range ch {
			m[s.kind] = append(m[s.kind], s)
		}
		return m
	}

	// Warm up: 5 requests from each of as many clients as the run has,
	// so that the connections to the server and to the database that the
	// run needs are open before it starts (with 8 warm-up clients, the
	// first 2 s of a run on 1M people had twice the p99 of the rest).
	warm := make(chan sample, 5*clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); run(5, time.Time{}, warm, uint64(1000+i)) }()
	}
	go func() { wg.Wait(); close(warm) }()
	for _, ss := range collect(warm) {
		for _, s := range ss {
			if s.err != nil {
				t.Logf("warm-up error: %v", s.err)
				break
			}
		}
	}

	if keep && !snapCurrent() {
		t.Fatal("the snapshot is not current after the warm-up")
	}
	ch := make(chan sample, 4096)
	if pf := os.Getenv("KIN_WEB_BENCH_CPUPROFILE"); pf != "" {
		// A CPU profile of the measured window only, not of the start.
		f, err := os.Create(pf)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	gc0 := ms0.NumGC
	cpu0, wall0 := cputime.Process(), time.Now()
	until := time.Now().Add(time.Duration(seconds) * time.Second)
	// When collections end, to tell whether the slow requests are theirs.
	gcEnds := make(chan []time.Time, 1)
	go func() {
		var ends []time.Time
		last := ms0.NumGC
		for time.Now().Before(until) {
			time.Sleep(50 * time.Millisecond)
			var st debug.GCStats
			debug.ReadGCStats(&st)
			if n := uint32(st.NumGC); n != last && !st.LastGC.IsZero() {
				last = n
				ends = append(ends, st.LastGC)
			}
		}
		gcEnds <- ends
	}()
	for i := range clients {
		wg.Add(1)
		go func() { defer wg.Done(); run(0, until, ch, uint64(i)) }()
	}
	go func() { wg.Wait(); close(ch) }()
	res := collect(ch)
	cpu, wall := cputime.Process()-cpu0, time.Since(wall0)
	var ms1 runtime.MemStats
	runtime.ReadMemStats(&ms1)
	gcs := ms1.NumGC - gc0 // before the collection below, which is not the run's
	if keep && !snapCurrent() {
		t.Error("the snapshot was not current at the end of the run")
	}

	var report bytes.Buffer
	fmt.Fprintf(&report, "%d clients, %d s, %d people\n", clients, seconds, people)
	fmt.Fprintf(&report, "%-20s %7s %9s %9s %9s %9s %6s\n", "route", "n", "p50", "p95", "p99", "max", "errors")
	kinds := make([]string, 0, len(res))
	for k := range res {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	total, errs := 0, 0
	for _, k := range kinds {
		ss := res[k]
		var ds []time.Duration
		ne := 0
		for _, s := range ss {
			ds = append(ds, s.d)
			if s.err != nil {
				if ne == 0 {
					t.Logf("%s: %v", k, s.err)
				}
				ne++
			}
		}
		slices.Sort(ds)
		q := func(p float64) time.Duration {
			return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(10 * time.Microsecond)
		}
		fmt.Fprintf(&report, "%-20s %7d %9v %9v %9v %9v %6d\n", k, len(ss), q(0.50), q(0.95), q(0.99), ds[len(ds)-1].Round(10*time.Microsecond), ne)
		total += len(ss)
		errs += ne
	}
	fmt.Fprintf(&report, "total %d requests (%.0f/s), %d errors\n", total, float64(total)/float64(seconds), errs)
	// The p99 of each 2 s of the window (all routes), and where
	// collections ended: a tail made by the collector shows as a slow
	// slice next to a "gc".
	const slice = 2 * time.Second
	bySlice := make([][]time.Duration, (time.Duration(seconds)*time.Second+slice-1)/slice+1)
	for _, ss := range res {
		for _, s := range ss {
			if i := int(s.end.Sub(wall0) / slice); i >= 0 && i < len(bySlice) {
				bySlice[i] = append(bySlice[i], s.d)
			}
		}
	}
	gcSlice := map[int]int{}
	for _, t := range <-gcEnds {
		gcSlice[int(t.Sub(wall0)/slice)]++
	}
	fmt.Fprintf(&report, "p99 by %v:", slice)
	for i, ds := range bySlice {
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		fmt.Fprintf(&report, " %v", ds[min(len(ds)-1, len(ds)*99/100)].Round(time.Millisecond))
		if n := gcSlice[i]; n > 0 {
			fmt.Fprintf(&report, "(gc×%d)", n)
		}
	}
	fmt.Fprintln(&report)
	if cpu > 0 && total > 0 {
		// The CPU time of the process (server and clients) per request
		// depends far less on what else the machine runs than the
		// latencies do: it says what the cores could answer.
		per := cpu / time.Duration(total)
		fmt.Fprintf(&report, "CPU %.1f s in %.1f s (%.2f cores), %.2f ms per request: at most %.0f requests/s per core\n",
			cpu.Seconds(), wall.Seconds(), cpu.Seconds()/wall.Seconds(), float64(per)/1e6, float64(time.Second)/float64(per))
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	cached := 0
	srv.mu.Lock()
	if srv.cur != nil {
		cached = srv.cur.people.len()
	}
	srv.mu.Unlock()
	fmt.Fprintf(&report, "live heap after the run %d MB (tree in memory %v, index and caches: %d people cached); heap in use %d MB, from the OS %d MB, %d GCs in the run\n",
		ms.HeapAlloc>>20, keep, cached, ms.HeapInuse>>20, ms.Sys>>20, gcs)
	t.Log("\n" + report.String())
	if errs > 0 {
		t.Errorf("%d of %d requests failed", errs, total)
	}
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

// readPairs reads gengedcom -pairs output: "pair @I1@ @I2@ ancestor …".
// openBenchDB opens the database KIN_WEB_BENCH_DB names (skipping
// without it), closed when tb ends, with the number of people in its
// default tree and the pairs KIN_WEB_BENCH_PAIRS lists, if it is set.
func openBenchDB(tb testing.TB) (db *sqlite.DB, people int, pairs [][2]string) {
	path := os.Getenv("KIN_WEB_BENCH_DB")
	if path == "" {
		tb.Skip("KIN_WEB_BENCH_DB not set")
	}
	db, err := sqlite.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	infos, err := db.Trees(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, ti := range infos {
		if ti.Name == sqlstore.DefaultTree {
			people = ti.People
		}
	}
	if people == 0 {
		tb.Fatalf("%s: the default tree is empty", path)
	}
	if pf := os.Getenv("KIN_WEB_BENCH_PAIRS"); pf != "" {
		pairs = readPairs(tb, pf)
	}
	return db, people, pairs
}

func readPairs(t testing.TB, path string) [][2]string {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 3 && fs[0] == "pair" {
			out = append(out, [2]string{strings.Trim(fs[1], "@"), strings.Trim(fs[2], "@")})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// loginClient logs in through the API and returns a client with the
// session cookie.
func loginClient(t *testing.T, tr http.RoundTripper, base, name, password string) *http.Client {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Transport: tr, Jar: jar, Timeout: time.Minute}
	resp, err := c.Get(base + "/api/v1/session")
	if err != nil {
		t.Fatal(err)
	}
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&sess)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"name": name, "password": password})
	req, _ := http.NewRequest("POST", base+"/api/v1/login", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", sess.CSRF)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login as %s: status %d", name, resp.StatusCode)
	}
	return c
}

// BenchmarkPages measures one request at a time, through the handler
// without a network, on the database KIN_WEB_BENCH_DB names (as TestLoad):
// the work one request costs the server, which bounds how many it can
// answer per second on each core.
//
//	KIN_WEB_BENCH_DB=/tmp/web1m.db KIN_WEB_BENCH_PAIRS=/tmp/pairs.txt \
//	    go test ./web -run '^$' -bench Pages -benchtime 2000x
func BenchmarkPages(b *testing.B) {
	db, people, pairs := openBenchDB(b)
	ctx := context.Background()
	db.KeepIdleConns(8)
	srv := &Server{Store: db, AnonymousRead: true, IndexRelationships: true, KeepTree: os.Getenv("KIN_WEB_BENCH_KEEP") != "0"}
	h, err := srv.Handler()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	if err := srv.WaitReady(ctx); err != nil {
		b.Fatal(err)
	}
	get := func(b *testing.B, u string) {
		req := httptest.NewRequest("GET", u, nil)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d", u, w.Code)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	randPerson := func() string { return "I" + strconv.Itoa(1+r.IntN(people)) }
	b.Run("person", func(b *testing.B) {
		for b.Loop() {
			get(b, "/person/"+randPerson())
		}
	})
	b.Run("relate-random", func(b *testing.B) {
		for b.Loop() {
			get(b, "/relate?a="+randPerson()+"&b="+randPerson())
		}
	})
	if len(pairs) > 0 {
		b.Run("relate-pairs", func(b *testing.B) {
			for b.Loop() {
				p := pairs[r.IntN(len(pairs))]
				get(b, "/relate?a="+p[0]+"&b="+p[1])
			}
		})
	}
}
