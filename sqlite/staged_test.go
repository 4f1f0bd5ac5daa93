package sqlite_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// loadStaged starts a staged database for path, closed when t ends, and
// imports one person into its default tree.
func loadStaged(t *testing.T, path string) *sqlite.Staged {
	t.Helper()
	db, err := sqlite.CreateStaged(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", GEDCOM: "0 @I1@ INDI\n1 NAME Ann /Lee/\n",
		Person: &kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}}}
	if _, err := db.Tree("").Import(context.Background(), sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0", Header: "0 HEAD\n"}, storetest.Source(recs)); err != nil {
		t.Fatalf("Import: %v", err)
	}
	return db
}

// files lists the names in dir.
func files(t *testing.T, dir string) []string {
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

// noStagingFiles fails t if a staging file is left in dir after what when
// names.
func noStagingFiles(t *testing.T, dir, when string) {
	t.Helper()
	for _, f := range files(t, dir) {
		if strings.Contains(f, ".importing-") {
			t.Errorf("%s left after %s", f, when)
		}
	}
}

func TestStagedPublish(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kin.db")
	db := loadStaged(t, path)
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("before Publish, %s: %v; want it not to exist", path, err)
	}
	if err := db.Publish(context.Background()); err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("Close after Publish: %v", err)
	}
	if got := files(t, dir); len(got) != 1 || got[0] != "kin.db" {
		t.Errorf("files after Publish: %q, want only kin.db", got)
	}
	// The published file is an ordinary kin database in WAL mode, with
	// the import in it.
	head := make([]byte, 20)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.Read(head)
	f.Close()
	if err != nil || head[18] != 2 || head[19] != 2 {
		t.Errorf("file format bytes %v (%v), want 2 2 (WAL)", head[18:20], err)
	}
	back, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Close()
	if err := back.IntegrityCheck(context.Background()); err != nil {
		t.Error(err)
	}
	p, err := back.Tree("").Person(context.Background(), "I1")
	if err != nil || len(p.Names) != 1 || p.Names[0].Given != "Ann" {
		t.Errorf("Person I1 = %+v, %v; want Ann Lee", p, err)
	}
}

func TestStagedCloseDiscards(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kin.db")
	db := loadStaged(t, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("files after Close without Publish: %q, want none", got)
	}
	if err := db.Publish(context.Background()); err == nil {
		t.Error("Publish after Close succeeded")
	}
}

// TestStagedPublishVanished checks that Publish fails, publishing nothing,
// when the staging file was removed during the load (by hand, or by the
// stale-file clean-up of an import on another host or in another PID
// namespace): reopening it must not create an empty database that then
// takes the path as if the import were in it.
func TestStagedPublishVanished(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kin.db")
	db := loadStaged(t, path)
	if err := os.Remove(db.DB.Path); err != nil {
		t.Fatal(err)
	}
	if err := db.Publish(context.Background()); err == nil || !strings.Contains(err.Error(), "removed") {
		t.Errorf("Publish of a staging file that was removed: %v, want an error that says so", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("files after the failed Publish: %q, want none", got)
	}
}

func TestStagedRefusesExisting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kin.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if db, err := sqlite.CreateStaged(path); err == nil {
		db.Close()
		t.Fatal("CreateStaged of an existing path succeeded")
	}
}

// TestStagedPathTaken checks Publish when another process created a
// database at the path during the load: an empty one gets the import, in
// one transaction its open connections see; one with a tree is left alone.
func TestStagedPathTaken(t *testing.T) {
	ctx := context.Background()
	t.Run("empty", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "kin.db")
		db := loadStaged(t, path)
		other, err := sqlite.Open(path) // like a kin serve started meanwhile
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if trees, err := other.Trees(ctx); err != nil || len(trees) != 0 {
			t.Fatalf("the other database before: %v, %v", trees, err)
		}
		version, err := other.WriteVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Publish(context.Background()); err != nil {
			t.Fatalf("Publish into an empty database created meanwhile: %v", err)
		}
		// A kin serve on the other database keeps what it read while
		// the write version stays the same.
		if v, err := other.WriteVersion(ctx); err != nil || v <= version {
			t.Errorf("write version %d (%v) after the copy, was %d; want it raised", v, err, version)
		}
		trees, err := other.Trees(ctx)
		if err != nil || len(trees) != 1 || trees[0].People != 1 {
			t.Fatalf("the other connection sees %+v, %v; want the imported tree", trees, err)
		}
		p, err := other.Tree("").Person(ctx, "I1")
		if err != nil || p.Names[0].Given != "Ann" {
			t.Errorf("Person I1 = %+v, %v", p, err)
		}
		if ids, err := other.Tree("").Find(ctx, "lee", 10); err != nil || len(ids) != 1 {
			t.Errorf("Find lee = %v, %v; want I1 (the name postings copied)", ids, err)
		}
		if err := other.IntegrityCheck(ctx); err != nil {
			t.Error(err)
		}
		// The copy dropped the indexes a bulk load drops: they are all
		// back, and the planner has statistics.
		fresh, err := sqlite.Open(filepath.Join(t.TempDir(), "fresh.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer fresh.Close()
		if got, want := indexes(t, other), indexes(t, fresh); !slices.Equal(got, want) {
			t.Errorf("indexes after the copy: %q, want %q", got, want)
		}
		var stats int
		if err := other.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1`).Scan(&stats); err != nil || stats == 0 {
			t.Errorf("%d rows of statistics (%v) after the copy; want ANALYZE's", stats, err)
		}
		if got := files(t, dir); len(got) != 3 || got[0] != "kin.db" {
			t.Errorf("files after Publish: %q, want kin.db and its WAL files only", got)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		// Ctrl-C during the copy discards the import, as during the
		// load, and leaves the other database as it was.
		dir := t.TempDir()
		path := filepath.Join(dir, "kin.db")
		db := loadStaged(t, path)
		other, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := db.Publish(cancelled); !errors.Is(err, context.Canceled) {
			t.Errorf("Publish with its context cancelled: %v, want context.Canceled", err)
		}
		if trees, err := other.Trees(ctx); err != nil || len(trees) != 0 {
			t.Errorf("the other database after a cancelled copy: %+v, %v; want no trees", trees, err)
		}
		noStagingFiles(t, dir, "the cancelled Publish")
	})
	t.Run("with a tree", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, "kin.db")
		db := loadStaged(t, path)
		other, err := sqlite.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I9", GEDCOM: "0 @I9@ INDI\n1 NAME Bo /Ek/\n",
			Person: &kin.Person{ID: "I9", Xref: "I9", Names: []kin.Name{{Given: "Bo", Surname: "Ek"}}}}}
		if _, err := other.Tree("other").Import(ctx, sqlstore.ImportInfo{Filename: "o.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
			t.Fatal(err)
		}
		other.Close()
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Publish(context.Background())
		if kin.ErrorCode(err) != kin.ECONFLICT || !strings.Contains(kin.ErrorMessage(err), path) {
			t.Fatalf("Publish over a database with a tree: %v, want a conflict that names %s", err, path)
		}
		after, err := os.ReadFile(path)
		if err != nil || string(after) != string(before) {
			t.Errorf("the other database changed (%v)", err)
		}
		noStagingFiles(t, dir, "the refused Publish")
	})
}

// TestStagedPathTakenOddName is TestStagedPathTaken's empty case for a
// relative path that SQLite would read as a URI ("file:…") and one with
// URI syntax in it: the import must be copied from its own file.
func TestStagedPathTakenOddName(t *testing.T) {
	ctx := context.Background()
	for _, name := range []string{"file:kin.db", "a?b#c%20.db"} {
		t.Run(name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			db := loadStaged(t, name)
			other, err := sqlite.Open(name)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			if err := db.Publish(context.Background()); err != nil {
				t.Fatalf("Publish: %v", err)
			}
			if trees, err := other.Trees(ctx); err != nil || len(trees) != 1 || trees[0].People != 1 {
				t.Errorf("the other connection sees %+v, %v; want the imported tree", trees, err)
			}
			for _, f := range files(t, ".") {
				if !strings.HasPrefix(f, name) || strings.Contains(f, ".importing-") {
					t.Errorf("%s left after Publish", f)
				}
			}
		})
	}
}

// TestStagedRemovesStale checks that the staging file of a process that is
// gone is removed, and that of a running process is kept.
func TestStagedRemovesStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "kin.db")
	// A PID that was in use and is not now: a child that exited.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	dead := path + ".importing-" + strconv.Itoa(cmd.Process.Pid)
	live := path + ".importing-" + strconv.Itoa(os.Getppid())
	for _, f := range []string{dead, dead + "-journal", live} {
		if err := os.WriteFile(f, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := sqlite.CreateStaged(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got := files(t, dir); len(got) != 1 || got[0] != filepath.Base(live) {
		t.Errorf("files: %q, want only the running process's %s", got, filepath.Base(live))
	}
}

// TestMissingDirectory checks that a database path in a directory that
// does not exist gets an error naming both, from Open and CreateStaged.
func TestMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nodir", "kin.db")
	_, err := sqlite.Open(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open: %v; want it to name %s and say the directory does not exist", err, path)
	}
	_, err = sqlite.CreateStaged(path)
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("CreateStaged: %v; want it to name %s and say the directory does not exist", err, path)
	}
}
