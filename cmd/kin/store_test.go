package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"kin"
	"kin/gedcom"
	"kin/sqlite"
	"kin/sqlstore"
)

// engineRoundTrip returns path decoded and encoded again by package gedcom
// alone: what an import followed by an export must give back.
func engineRoundTrip(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := gedcom.NewDecoder(f)
	dec.Lenient = true
	doc, err := dec.Decode()
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	var buf bytes.Buffer
	enc := gedcom.NewEncoder(&buf)
	enc.Version = doc.Version
	if err := enc.EncodeDocument(doc); err != nil {
		t.Fatalf("encode %s: %v", path, err)
	}
	return buf.String()
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("kin %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestImportExportRoundTrip(t *testing.T) {
	files := []string{"testdata/store/family.ged"}
	if shared := sharedDirOrEmpty(); shared != "" {
		for _, f := range []string{
			"data/gedcom/samples/djeffrey/kennedy.ged",
			"data/gedcom/samples/gedcom4j/Harry_Potter.ged",
			"data/gedcom/gedcom70/maximal70.ged",
			"data/gedcom/gedcom70/remarriage2.ged",
			"data/gedcom/gedcom555/555SAMPLE.GED",
		} {
			if _, err := os.Stat(filepath.Join(shared, f)); err == nil {
				files = append(files, filepath.Join(shared, f))
			}
		}
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "kin.db")
			mustRun(t, "import", "--db", db, path)
			out := filepath.Join(t.TempDir(), "out.ged")
			mustRun(t, "export", "--db", db, "-o", out)
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if want := engineRoundTrip(t, path); string(got) != want {
				t.Errorf("export after import differs from the engine's round trip:\n%s", firstDiff(string(got), want))
			}
			// Importing the same file again changes nothing.
			again := mustRun(t, "import", "--db", db, "--json", path)
			var st struct {
				Added, Superseded, Removed int `json:"-"`
				FactsAdded                 int `json:"facts_added"`
				FactsSuperseded            int `json:"facts_superseded"`
				RecordsRemoved             int `json:"records_removed"`
			}
			if err := json.Unmarshal([]byte(again), &st); err != nil {
				t.Fatal(err)
			}
			if st.FactsAdded != 0 || st.FactsSuperseded != 0 || st.RecordsRemoved != 0 {
				t.Errorf("re-import of the same file = %s, want nothing added, superseded or removed", again)
			}
		})
	}
}

// sharedDirOrEmpty is sharedDir without skipping.
func sharedDirOrEmpty() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	shared := filepath.Join(filepath.Dir(dir), "shared")
	if _, err := os.Stat(shared); err != nil {
		return ""
	}
	return shared
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d: got %q, want %q", i+1, a, b)
		}
	}
	return "same lines"
}

func TestExportConvert(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	out := mustRun(t, "export", "--db", db, "--to", "5.5.1")
	for _, want := range []string{"2 VERS 5.5.1", "0 @I1@ INDI", "1 _FAVORITE_COLOR blue", "2 PEDI adopted", "0 TRLR"} {
		if !strings.Contains(out, want) {
			t.Errorf("export --to 5.5.1 lacks %q:\n%s", want, out)
		}
	}
}

func TestAsRecorded(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	time.Sleep(10 * time.Millisecond)
	between := time.Now().UTC().Format(time.RFC3339Nano)
	time.Sleep(10 * time.Millisecond)
	out := mustRun(t, "import", "--db", db, "testdata/store/family-v2.ged")
	if !strings.Contains(out, "1 records no longer in the file") {
		t.Errorf("second import summary = %q, want one record removed", out)
	}
	now := mustRun(t, "person", "--db", db, "I1")
	if !strings.Contains(now, "2 JUN 1928") {
		t.Errorf("person I1 now = %q, want the corrected birth 2 JUN 1928", now)
	}
	then := mustRun(t, "person", "--db", db, "I1", "--as-recorded", between)
	if !strings.Contains(then, "1 JUN 1928") {
		t.Errorf("person I1 as recorded at %s = %q, want the first birth date 1 JUN 1928", between, then)
	}
	if code, _, _ := run(t, "person", "--db", db, "I5"); code != 1 {
		t.Errorf("person I5 after it left the file: exit %d, want 1", code)
	}
	mustRun(t, "person", "--db", db, "--as-recorded", between, "I5")
	found := mustRun(t, "find", "--db", db, "--as-recorded", between, "ireland")
	if !strings.Contains(found, "I5") {
		t.Errorf("find ireland as recorded before = %q, want I5", found)
	}
	exported := mustRun(t, "export", "--db", db, "--as-recorded", between)
	if want := engineRoundTrip(t, "testdata/store/family.ged"); exported != want {
		t.Errorf("export --as-recorded %s differs from the first file:\n%s", between, firstDiff(exported, want))
	}
	if code, _, errOut := run(t, "person", "--db", db, "I1", "--as-recorded", "yesterday"); code != 2 || !strings.Contains(errOut, "as-recorded") {
		t.Errorf("--as-recorded yesterday: exit %d, %q; want a usage error", code, errOut)
	}
}

func TestStoreCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "import", "--db", db, "--tree", "baldwins", "testdata/store/family.ged")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"trees", []string{"trees"}, []string{"baldwins", "7.0", "6"}},
		{"person by id", []string{"person", "--tree", "baldwins", "I3"}, []string{"Alec \"Billy\" Baldwin", "born:", "3 APR 1958", "Actor", "co-star", "Kim Basinger (I4)"}},
		{"person by name", []string{"person", "--tree", "baldwins", "Kim", "Basinger"}, []string{"[I4]", "partner:"}},
		{"person adopted", []string{"person", "--tree", "baldwins", "@I6@"}, []string{"(adopted)"}},
		{"find substring", []string{"find", "--tree", "baldwins", "aldw"}, []string{"I1", "I3", "I5", "I6"}},
		{"find soundex", []string{"find", "--tree", "baldwins", "Bassinger"}, []string{"I4", "sounds like"}},
		{"sources", []string{"sources", "--tree", "baldwins"}, []string{"S1", "Town register of Amityville"}},
		{"conflicts", []string{"conflicts", "--tree", "baldwins"}, []string{"No conflicts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustRun(t, append(tt.args, "--db", db)...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("kin %s = %q, want it to contain %q", strings.Join(tt.args, " "), out, w)
				}
			}
		})
	}
	for _, args := range [][]string{{"trees"}, {"sources", "--tree", "baldwins"}, {"conflicts", "--tree", "baldwins"}, {"find", "--tree", "baldwins", "alec"}, {"person", "--tree", "baldwins", "I1"}} {
		out := mustRun(t, append(args, "--db", db, "--json")...)
		if !json.Valid([]byte(out)) {
			t.Errorf("kin %s --json printed invalid JSON: %q", args[0], out)
		}
	}
	if code, _, errOut := run(t, "person", "--db", db, "--tree", "nope", "I1"); code != 1 || !strings.Contains(errOut, `No tree named "nope"`) {
		t.Errorf("person in a missing tree: exit %d, %q", code, errOut)
	}
	if code, _, errOut := run(t, "person", "--db", db, "--tree", "baldwins", "Baldwin"); code != 1 || !strings.Contains(errOut, "give an ID") {
		t.Errorf("person with an ambiguous name: exit %d, %q", code, errOut)
	}
}

func TestKinDBEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &stdout, &stderr
	m.Getenv = func(k string) string {
		if k == "KIN_DB" {
			return db
		}
		return ""
	}
	m.IsTerminal = func() bool { return false }
	if code := m.Run(context.Background(), []string{"import", "testdata/store/family.ged"}); code != 0 {
		t.Fatalf("import with KIN_DB: exit %d: %s", code, stderr.String())
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("KIN_DB %s not created: %v", db, err)
	}
}

// TestForeignDatabase checks that kin refuses files that are not its
// databases, with a clear message, and leaves them as they were.
func TestForeignDatabase(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.sqlite")
	{
		db, err := sqlite.Open(filepath.Join(dir, "scratch.db")) // only to reach the driver
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.Exec(`ATTACH DATABASE ? AS o; CREATE TABLE o.notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO o.notes (body) VALUES ('hello'); DETACH DATABASE o`, other); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	tests := []struct {
		name, content, want string
	}{
		{"text file", "just some notes\n", "not a SQLite database"},
		{"gedcom file", "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 TRLR\n", "a GEDCOM file"},
		{"truncated sqlite", "SQLite format 3\x00\x10\x00", "damaged"},
		{"other application", "", "another application"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := other
			if tt.content != "" {
				path = filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "_"))
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"trees"}, {"import", "testdata/store/family.ged"}, {"find", "x"}} {
				code, _, errOut := run(t, append(args, "--db", path)...)
				if code != 1 || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "panic") {
					t.Errorf("kin %s on a %s: exit %d, stderr %q; want exit 1 and %q", args[0], tt.name, code, errOut, tt.want)
				}
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Errorf("kin changed the %s", tt.name)
			}
			if _, err := os.Stat(path + "-wal"); err == nil {
				t.Errorf("kin left a WAL file next to the %s", tt.name)
			}
		})
	}
}

// writeBigGEDCOM writes a GEDCOM file of n people in couples with children.
func writeBigGEDCOM(t testing.TB, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := &bytes.Buffer{}
	w.WriteString("0 HEAD\n1 GEDC\n2 VERS 7.0\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(w, "0 @I%d@ INDI\n1 NAME Person%d /Surname%d/\n1 SEX %s\n1 BIRT\n2 DATE %d JAN %d\n2 PLAC Town %d\n", i, i, i%500, "MF"[i%2:i%2+1], i%28+1, 1800+i%200, i%100)
		if w.Len() > 1<<20 {
			f.Write(w.Bytes())
			w.Reset()
		}
	}
	for i := 1; i+2 <= n; i += 3 {
		fmt.Fprintf(w, "0 @F%d@ FAM\n1 HUSB @I%d@\n1 WIFE @I%d@\n1 CHIL @I%d@\n1 MARR\n2 DATE %d\n", i, i, i+1, i+2, 1820+i%180)
		if w.Len() > 1<<20 {
			f.Write(w.Bytes())
			w.Reset()
		}
	}
	w.WriteString("0 TRLR\n")
	f.Write(w.Bytes())
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestHelperProcess runs kin when the test binary is started by
// TestKillImport; it is not a test of its own.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("KIN_HELPER_PROCESS") != "1" {
		t.Skip("helper process for TestKillImport")
	}
	args := strings.Split(os.Getenv("KIN_HELPER_ARGS"), "\x1f")
	m := NewMain()
	m.IsTerminal = func() bool { return false }
	os.Exit(m.Run(context.Background(), args))
}

type treeCounts struct{ people, families, facts int }

func countTree(t *testing.T, path string) treeCounts {
	t.Helper()
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Errorf("integrity check: %v", err)
	}
	trees, err := db.Trees(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var c treeCounts
	for _, tr := range trees {
		c.people += tr.People
		c.families += tr.Families
		c.facts += tr.Facts
	}
	return c
}

// TestKillImport kills kin with SIGKILL in the middle of a large import
// and checks that the database is as it was before.
func TestKillImport(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports a large file")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kin.db")
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	want := countTree(t, db)
	big := filepath.Join(dir, "big.ged")
	writeBigGEDCOM(t, big, 300000)
	for _, tree := range []string{"default", "big"} {
		t.Run(tree, func(t *testing.T) {
			// The import is writing when the WAL grows.
			killWhileWriting(t, func(int) string { return db + "-wal" }, "import", "--db", db, "--tree", tree, big)
			if got := countTree(t, db); got != want {
				t.Errorf("after kill -9: %+v, want %+v as before the import", got, want)
			}
		})
	}
}

// TestKillImportNewDatabase kills kin with SIGKILL in the middle of an
// import into a database that did not exist: the import is built in a
// staging file, so the path still does not exist, and the next import
// there works and removes the staging file the killed one left.
func TestKillImportNewDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and imports a large file")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "kin.db")
	big := filepath.Join(dir, "big.ged")
	writeBigGEDCOM(t, big, 300000)
	// The import is writing when its staging file grows.
	staging := func(pid int) string { return db + ".importing-" + strconv.Itoa(pid) }
	killWhileWriting(t, staging, "import", "--db", db, big)
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after kill -9, %s: %v; want no database", db, err)
	}
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	if got := countTree(t, db); got.people != 6 {
		t.Errorf("after importing again: %+v, want 6 people", got)
	}
	for _, name := range dirNames(t, dir) {
		if strings.Contains(name, ".importing-") {
			t.Errorf("%s left after the next import", name)
		}
	}
}

// TestFailedImportNewDatabase checks that an import that fails into a
// database that did not exist leaves no database and no staging file.
func TestFailedImportNewDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kin.db")
	bad := filepath.Join(dir, "bad.ged")
	if err := os.WriteFile(bad, []byte("0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n1 NAME Ann /Lee/\n0 @I1@ INDI\n1 NAME Bo /Lee/\n0 TRLR\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "import", "--db", db, bad)
	if code == 0 {
		t.Fatalf("importing a file with a record twice succeeded")
	}
	if !strings.Contains(errOut, "I1") {
		t.Errorf("error %q does not name the record", errOut)
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("files after the failed import: %q, want only bad.ged", names)
	}
}

// killWhileWriting runs kin with args in a helper process and kills it
// with SIGKILL once the file file(pid) is over 8 MiB, where pid is the
// process's: then it is writing.
func killWhileWriting(t *testing.T, file func(pid int) string, args ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), "KIN_HELPER_PROCESS=1", "KIN_HELPER_ARGS="+strings.Join(args, "\x1f"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	path := file(cmd.Process.Pid)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		fi, err := os.Stat(path)
		if err == nil && fi.Size() > 8<<20 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("kin never started writing %s; stderr: %s", path, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("kin ended with %v before it was killed; stderr: %s", err, stderr.String())
	}
}

// dirNames lists the names in dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// TestConcurrentReaders reads the database while an import runs: readers
// never fail and see the tree either as it was or as the import leaves it,
// never half-imported.
func TestConcurrentReaders(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "kin.db")
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	big := filepath.Join(dir, "big.ged")
	writeBigGEDCOM(t, big, 30000)

	var done atomic.Bool
	var wg sync.WaitGroup
	var reads, oldReads atomic.Int64
	errs := make(chan error, 4)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := sqlite.Open(db)
			if err != nil {
				errs <- err
				return
			}
			defer r.Close()
			ctx := context.Background()
			for !done.Load() {
				trees, err := r.Trees(ctx)
				if err != nil {
					errs <- fmt.Errorf("read during import: %w", err)
					return
				}
				if n := trees[0].People; n != 6 && n != 30000 {
					errs <- fmt.Errorf("read during import saw %d people, want 6 (before) or 30000 (after)", n)
					return
				}
				p, err := r.Tree("").Person(ctx, "I1")
				if err != nil {
					errs <- fmt.Errorf("read during import: %w", err)
					return
				}
				if len(p.Names) == 0 || (p.Names[0].Surname != "Baldwin" && p.Names[0].Surname != "Surname1") {
					errs <- fmt.Errorf("read during import saw I1 = %+v, want Baldwin or Surname1", p.Names)
					return
				}
				if p.Names[0].Surname == "Baldwin" {
					oldReads.Add(1)
				}
				reads.Add(1)
			}
		}()
	}
	code, _, errOut := run(t, "import", "--db", db, "--tree", "default", big)
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	if oldReads.Load() == 0 {
		t.Errorf("no read completed during the import (%d after it)", reads.Load())
	}
	out := mustRun(t, "person", "--db", db, "I1")
	if !strings.Contains(out, "Person1") {
		t.Errorf("after the import I1 = %q, want the new file's Person1", out)
	}
}

// TestImportMapsLikeToTree checks that mapping record by record, as import
// does to stay small, gives the tree the whole-file mapping gives.
func TestImportMapsLikeToTree(t *testing.T) {
	files := []string{"testdata/store/family.ged"}
	if shared := sharedDirOrEmpty(); shared != "" {
		for _, f := range []string{
			"data/gedcom/samples/djeffrey/kennedy.ged",
			"data/gedcom/samples/djeffrey/royal92.ged",
			"data/gedcom/samples/gedcom4j/Harry_Potter.ged",
			"data/gedcom/gedcom70/maximal70.ged",
			"data/gedcom/gedcom555/555SAMPLE.GED",
		} {
			if _, err := os.Stat(filepath.Join(shared, f)); err == nil {
				files = append(files, filepath.Join(shared, f))
			}
		}
	}
	embedded := regexp.MustCompile(`"~[^"]*"`)
	norm := func(v any) string {
		b, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return embedded.ReplaceAllString(string(b), `"~"`)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			dec := gedcom.NewDecoder(f)
			dec.Lenient = true
			doc, err := dec.Decode()
			if err != nil {
				t.Fatal(err)
			}
			want, err := gedcom.ToTree(doc)
			if err != nil {
				t.Fatal(err)
			}
			db := filepath.Join(t.TempDir(), "kin.db")
			mustRun(t, "import", "--db", db, path)
			s, err := sqlite.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			got, err := s.LoadTree(context.Background(), "default")
			if err != nil {
				t.Fatal(err)
			}
			for i, p := range want.People {
				if i >= len(got.People) {
					t.Fatalf("got %d people, want %d", len(got.People), len(want.People))
				}
				p.Xref = kin.Xref(p.ID)
				if g, w := norm(got.People[i]), norm(p); g != w {
					t.Fatalf("person %s:\n%s", p.ID, firstDiff(g, w))
				}
			}
			for i, fam := range want.Families {
				if i >= len(got.Families) {
					t.Fatalf("got %d families, want %d", len(got.Families), len(want.Families))
				}
				fam.Xref = kin.Xref(fam.ID)
				if g, w := norm(got.Families[i]), norm(fam); g != w {
					t.Fatalf("family %s:\n%s", fam.ID, firstDiff(g, w))
				}
			}
			if g, w := len(got.Associations), len(want.Associations); g != w {
				t.Errorf("got %d associations, want %d", g, w)
			}
		})
	}
}

// TestOpenTreeMapped checks that the commands that read one tree map a
// SQLite file into memory (sqlite.OpenMapped) and that the others, an
// import's among them, do not.
func TestOpenTreeMapped(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kin.db")
	m := NewMain()
	m.Stdout, m.Stderr = io.Discard, io.Discard
	m.IsTerminal = func() bool { return false }
	if code := m.Run(ctx, []string{"import", "--db", path, "testdata/store/family.ged"}); code != 0 {
		t.Fatalf("import: exit %d", code)
	}
	mapSize := func(s store) int64 {
		t.Helper()
		defer s.Close()
		var n int64
		if err := s.(*sqlite.DB).DB.QueryRowContext(ctx, `PRAGMA mmap_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	s, _, err := m.openTree(ctx, &storeFlags{db: path, tree: sqlstore.DefaultTree})
	if err != nil {
		t.Fatal(err)
	}
	if n := mapSize(s); n == 0 {
		t.Errorf("openTree: mmap_size 0, want the file mapped")
	}
	if s, err = m.openStore(ctx, path); err != nil {
		t.Fatal(err)
	}
	if n := mapSize(s); n != 0 {
		t.Errorf("openStore: mmap_size %d, want 0", n)
	}
}
