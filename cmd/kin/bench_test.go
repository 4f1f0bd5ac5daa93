package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchRelate(t *testing.T) {
	db := relateDB(t)
	dir := t.TempDir()
	pairs := filepath.Join(dir, "pairs.txt")
	if err := os.WriteFile(pairs, []byte("people 12 (a summary line)\npair @I3@ @I4@ ancestor @I1@ up 1 down 1\n# a comment\n\nI5 I6\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "bench", "relate", "--db", db, "--pairs", pairs)
	for _, want := range []string{"index: ", " people in ", "bytes per person", "relate: 2 pairs (2 related), after a warm-up round: p50 "} {
		if !strings.Contains(out, want) {
			t.Errorf("kin bench relate --pairs:\n%s\nwant it to contain %q", out, want)
		}
	}
	var got benchRelateJSON
	if err := json.Unmarshal([]byte(mustRun(t, "bench", "relate", "--db", db, "-n", "5", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if got.Pairs != 5 || got.People == 0 || got.P50 <= 0 || got.P50 > got.P99 || got.P99 > got.Max {
		t.Errorf("kin bench relate -n 5 --json = %+v, want 5 pairs with p50 <= p99 <= max", got)
	}

	// From the tree in memory: the same pairs, both related.
	out = mustRun(t, "bench", "relate", "--memory", "--db", db, "--pairs", pairs)
	for _, want := range []string{"tree: ", " people loaded in ", "lookups ", "index: built in ", "relate: 2 pairs (2 related), after a warm-up round: p50 "} {
		if !strings.Contains(out, want) {
			t.Errorf("kin bench relate --memory --pairs:\n%s\nwant it to contain %q", out, want)
		}
	}
	var mem benchRelateJSON
	if err := json.Unmarshal([]byte(mustRun(t, "bench", "relate", "--memory", "--db", db, "-n", "5", "--json")), &mem); err != nil {
		t.Fatal(err)
	}
	if !mem.Memory || mem.Pairs != 5 || mem.People != got.People || mem.TreeBytesPerPerson <= 0 || mem.P50 > mem.P99 || mem.P99 > mem.Max {
		t.Errorf("kin bench relate --memory -n 5 --json = %+v, want 5 pairs over %d people, the tree's memory, p50 <= p99 <= max", mem, got.People)
	}

	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("pair @I1@\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte("# nothing\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"bench"}, 2, "bench needs a benchmark"},
		{[]string{"bench", "index"}, 2, `unknown benchmark "index"`},
		{[]string{"bench", "relate", "--db", db, "-n", "0"}, 2, "want at least 1 pair"},
		{[]string{"bench", "relate", "--db", db, "extra"}, 2, "takes no arguments"},
		{[]string{"bench", "relate", "--db", db, "--pairs", bad}, 1, "bad.txt:1: want two people"},
		{[]string{"bench", "relate", "--db", db, "--pairs", empty}, 2, "no pairs in the file"},
		{[]string{"bench", "relate", "--db", db, "--pairs", filepath.Join(dir, "missing.txt")}, 1, "read pairs"},
		{[]string{"bench", "relate", "--db", db, "--pairs", pairs, "--tree", "nope"}, 1, "nope"},
		{[]string{"bench", "relate", "--memory", "--db", db, "--pairs", pairs, "--tree", "nope"}, 1, "nope"},
		{[]string{"bench", "relate", "--memory", "--db", db, "--pairs", bad}, 1, "bad.txt:1: want two people"},
	} {
		code, _, errOut := run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("kin %q: exit %d, stderr %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.wantErr)
		}
	}
}
