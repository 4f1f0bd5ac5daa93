package validate

import (
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
)

// samePredefined fails t unless src gives the same diagnostics with and
// without Predefine, with its usual buffer and with small ones (lines
// cross a buffer's end), with the table in memory and in a temporary
// file. A file the lenient Decoder cannot read to
// the end is not compared: Predefine needs all the records.
func samePredefined(t *testing.T, src string) {
	t.Helper()
	d := gedcom.NewDecoder(strings.NewReader(src))
	d.Lenient = true
	if _, err := d.Decode(); err != nil {
		return
	}
	// Buffers that end inside lines, at different places, but are
	// longer than any line.
	longest := 0
	for _, l := range strings.FieldsFunc(src, func(r rune) bool { return r == '\n' || r == '\r' }) {
		longest = max(longest, len(l))
	}
	for _, opts := range []Options{{}, {Version: "5.5.1"}, {PredefineMemory: -1}, {Version: "5.5.1", PredefineMemory: -1}} {
		want := strings.Join(validateStream(src, opts, true, false), "\n")
		for _, size := range []int{defBuffer, longest + 2, longest + 5} {
			old := defBuffer
			defBuffer = size
			// With small buffers, a table in a file is filled in
			// small batches and windows too, so probes run past
			// the windows.
			oldBatch, oldWindow, oldMargin := defBatch, defWindow, defMargin
			if size != old {
				defBatch, defWindow, defMargin = size%7+1, size%5+1, size%3
			}
			got := strings.Join(validateStream(src, opts, true, true), "\n")
			defBuffer = old
			defBatch, defWindow, defMargin = oldBatch, oldWindow, oldMargin
			if got != want {
				t.Fatalf("options %+v, buffer %d: with Predefine:\n%s\nwithout:\n%s", opts, size, got, want)
			}
		}
	}
}

func TestPredefine(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // what the file must report, with or without Predefine
	}{
		{"forward pointers", doc("0 @I1@ INDI\n1 FAMS @F1@\n0 @F1@ FAM\n1 HUSB @I1@\n"), nil},
		{"forward pointer to the wrong kind", doc("0 @I1@ INDI\n1 FAMS @I2@\n0 @I2@ INDI\n"),
			[]string{"5: INDI.FAMS: @I2@ points to an INDI record, want FAM"}},
		{"mismatch after a pointer that wanted nothing",
			doc("0 @I1@ INDI\n1 _X @S1@\n1 FAMS @S1@\n1 FAMC @S1@\n2 PEDI BIRTH\n0 @S1@ SOUR\n1 TITL t\n"),
			[]string{"6: INDI.FAMS: @S1@ points to a SOUR record, want FAM"}},
		{"two wrong kinds", doc("0 @I1@ INDI\n1 FAMS @X1@\n1 ALIA @X1@\n0 @X1@ SOUR\n1 TITL t\n"),
			[]string{"5: INDI.FAMS: @X1@ points to a SOUR record, want FAM", "6: INDI.ALIA: @X1@ points to a SOUR record, want INDI"}},
		{"backward pointer to the wrong kind", doc("0 @S1@ SOUR\n1 TITL t\n0 @I1@ INDI\n1 FAMS @S1@\n"),
			[]string{"7: INDI.FAMS: @S1@ points to a SOUR record, want FAM"}},
		{"duplicate", doc("0 @I1@ INDI\n0 @I1@ INDI\n0 @I1@ FAM\n"),
			[]string{"5: INDI: duplicate cross-reference identifier @I1@ (first defined on line 4)", "6: FAM: duplicate cross-reference identifier @I1@ (first defined on line 4)"}},
		{"undefined", doc("0 @I1@ INDI\n1 FAMS @F9@\n"), []string{"5: INDI.FAMS: @F9@ points to no record"}},
		{"header points ahead", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SUBM @U1@\n0 @U1@ INDI\n0 TRLR\n",
			[]string{"4: HEAD.SUBM: @U1@ points to an INDI record, want SUBM"}},
		{"header points ahead, and a record too", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SUBM @U1@\n0 @I1@ INDI\n1 FAMS @U1@\n0 @U1@ SUBM\n1 NAME n\n0 TRLR\n",
			[]string{"6: INDI.FAMS: @U1@ points to a SUBM record, want FAM"}},
		{"identifier on HEAD and TRLR", "0 @H@ HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n1 ALIA @H@\n1 ALIA @T@\n0 @T@ TRLR\n", nil},
		{"odd lines", doc("0 @I1@ INDI\n1 FAMS @F1@\n1 FAMS @F2@\n1 FAMS @F3@\n1 FAMS @F5@\n  0 @F1@ FAM\n00 @F2@ FAM\n0 @F3@\tFAM\n0\t@F4@ FAM\n1 HUSB @F4@\n0000000 @F5@ FAM\n"), nil},
		{"CR line ends", strings.ReplaceAll(doc("0 @I1@ INDI\n1 FAMS @F1@\n0 @F1@ FAM\n1 HUSB @I9@\n"), "\n", "\r"), nil},
		{"5.5.1 case", doc551("0 @I1@ INDI\n1 FAMS @f1@\n0 @F1@ FAM\n1 HUSB @i1@\n"), nil},
		{"extension record", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _U https://gedcom.io/terms/v7/record-SUBM\n0 @I1@ INDI\n1 FAMS @U@\n1 SUBM @U@\n0 @U@ _U\n1 NAME x\n0 TRLR\n", nil},
		{"not ASCII", doc("0 @I1@ INDI\n1 FAMS @Fé@\n0 @Fé@ FAM\n"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			samePredefined(t, tt.src)
			if tt.want == nil {
				return
			}
			got := validateStream(tt.src, Options{}, true, true)
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("diagnostics %q lack %q", got, w)
				}
			}
		})
	}
}

// TestPredefineFiles checks Predefine against every shared GEDCOM file.
func TestPredefineFiles(t *testing.T) {
	shared := sharedDir(t)
	n := 0
	err := filepath.WalkDir(filepath.Join(shared, "data"), func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.EqualFold(filepath.Ext(path), ".ged") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		t.Run(strings.TrimPrefix(path, shared), func(t *testing.T) { samePredefined(t, string(b)) })
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no .ged files under ../shared/data")
	}
}

// TestPredefineOrder checks that Predefine is refused after the second
// record.
func TestPredefineOrder(t *testing.T) {
	src := doc("0 @I1@ INDI\n")
	v := New(Options{})
	d := gedcom.NewDecoder(strings.NewReader(src))
	for range 2 {
		n, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		v.Record(n)
	}
	if err := v.Predefine(context.Background(), strings.NewReader(src), int64(len(src))); err == nil {
		t.Error("Predefine after the second record: no error")
	}
}

// FuzzPredefine checks that Predefine changes no diagnostic.
func FuzzPredefine(f *testing.F) {
	f.Add(doc("0 @I1@ INDI\n1 FAMS @I2@\n1 FAMC @F1@\n0 @I2@ INDI\n0 @F1@ FAM\n0 @F1@ SOUR\n1 CHIL @X@\n"))
	f.Add(doc551("0 @I1@ INDI\n1 NOTE @N1@\n1 FAMC @f9@\n0 @N1@ NOTE x\n 0 @F9@ FAM\n"))
	f.Add("0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SUBM @U@\n1 SCHMA\n2 TAG _U https://gedcom.io/terms/v7/record-SUBM\n0 @U@ _U\n1 LANG en-x-1\n0 TRLR\n")
	f.Fuzz(func(t *testing.T, src string) {
		samePredefined(t, src)
	})
}

// TestEachDefLongLines checks that eachDef finds the definitions at the
// start of lines longer than its buffer, and none inside them.
func TestEachDefLongLines(t *testing.T) {
	old := defBuffer
	defer func() { defBuffer = old }()
	long := strings.Repeat("x 0 @N9@ NOTE ", 40)
	src := "0 HEAD\n0 @N1@ NOTE " + long + "\n1 CONT " + long + "\r\n0 @I1@ INDI\n0 @N2@ NOTE " + long
	for _, size := range []int{16, 64, 100, 1 << 20} {
		defBuffer = size
		var got []string
		err := eachDef(context.Background(), strings.NewReader(src), int64(len(src)), func(id, tag []byte, _ bool) {
			got = append(got, string(id)+" "+string(tag))
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := "N1 NOTE,I1 INDI,N2 NOTE"; strings.Join(got, ",") != want {
			t.Errorf("buffer %d: definitions %q, want %s", size, got, want)
		}
	}
}

// TestPredefineOnDisk checks that a table over its budget goes to a
// temporary file that is gone once the Validator is finished or closed,
// that one within it stays in memory, and that an error of the file is
// reported.
func TestPredefineOnDisk(t *testing.T) {
	var b strings.Builder
	b.WriteString("0 HEAD\n1 GEDC\n2 VERS 7.0\n")
	for i := range 500 {
		fmt.Fprintf(&b, "0 @I%d@ INDI\n1 FAMS @F%d@\n0 @F%d@ FAM\n1 HUSB @I%d@\n", i, i, i, i)
	}
	b.WriteString("0 TRLR\n")
	src := b.String()
	start := func(t *testing.T, budget int64) (*Validator, *gedcom.Decoder) {
		t.Helper()
		t.Setenv("TMPDIR", t.TempDir())
		v := New(Options{PredefineMemory: budget})
		d := gedcom.NewDecoder(strings.NewReader(src))
		n, err := d.Next()
		if err != nil {
			t.Fatal(err)
		}
		v.Record(n)
		if err := v.Predefine(context.Background(), strings.NewReader(src), int64(len(src))); err != nil {
			t.Fatal(err)
		}
		return v, d
	}
	finish := func(t *testing.T, v *Validator, d *gedcom.Decoder) []string {
		t.Helper()
		var out []string
		for {
			n, err := d.Next()
			if err != nil {
				break
			}
			for _, diag := range v.Record(n) {
				out = append(out, diag.String())
			}
		}
		for _, diag := range v.Finish() {
			out = append(out, diag.String())
		}
		return out
	}
	temps := func(t *testing.T) []string {
		t.Helper()
		es, err := os.ReadDir(os.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}

	for _, tt := range []struct {
		budget int64
		disk   bool
	}{{0, false}, {1 << 20, false}, {8000, true}, {-1, true}} {
		t.Run(fmt.Sprint(tt.budget), func(t *testing.T) {
			v, d := start(t, tt.budget)
			if disk := v.xrefs.defs.file != nil; disk != tt.disk {
				t.Fatalf("table in a file: %v, want %v", disk, tt.disk)
			}
			if mem := v.PredefinedMemory(); (mem == 0) != tt.disk || mem > max(tt.budget, DefaultPredefineMemory) {
				t.Errorf("PredefinedMemory %d with budget %d", mem, tt.budget)
			}
			if got := finish(t, v, d); len(got) != 0 {
				t.Errorf("diagnostics %q, want none", got)
			}
			if v.xrefs.defs.file != nil {
				t.Error("Finish left the file open")
			}
			if names := temps(t); len(names) != 0 {
				t.Errorf("temporary files left: %q", names)
			}
			if err := v.Close(); err != nil {
				t.Errorf("Close after Finish: %v", err)
			}
		})
	}

	t.Run("close early", func(t *testing.T) {
		v, _ := start(t, -1)
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
		if names := temps(t); len(names) != 0 {
			t.Errorf("temporary files left: %q", names)
		}
	})

	t.Run("file error", func(t *testing.T) {
		v, d := start(t, -1)
		v.xrefs.defs.file.Close() // reads fail from here on
		v.xrefs.defs.blockAt = -1
		got := finish(t, v, d)
		found := false
		for _, g := range got {
			found = found || strings.Contains(g, "predefine: read the identifiers' temporary file")
		}
		if !found {
			t.Errorf("diagnostics %q lack the file's error", got)
		}
	})
}

// TestFillFile checks that a table filled in a file, in batches and
// windows of several sizes, holds what one filled in memory key by key
// holds: the same keys, with the same kinds and duplicate marks.
func TestFillFile(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	rng := rand.New(rand.NewPCG(1, 2))
	var keys []uint64
	for range 3000 {
		k := rng.Uint64()&defHash | uint64(rng.IntN(3))
		keys = append(keys, k)
		if rng.IntN(10) == 0 { // defined twice, perhaps as another kind
			keys = append(keys, k&defHash|uint64(rng.IntN(3)))
		}
	}
	// Hashes that crowd the table's last slots, so probes wrap.
	for i := range 40 {
		keys = append(keys, ^uint64(0)&defHash-uint64(i)<<6|1)
	}
	mem, err := newDefTable(len(keys), 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		mem.add(k)
	}
	defer func(b, w, m int) { defBatch, defWindow, defMargin = b, w, m }(defBatch, defWindow, defMargin)
	for _, sz := range [][3]int{{1 << 21, 1 << 16, 1 << 10}, {500, 64, 8}, {7, 3, 0}, {1000, 1, 1}} {
		defBatch, defWindow, defMargin = sz[0], sz[1], sz[2]
		disk, err := newDefTable(len(keys), -1)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			disk.fill(k)
		}
		disk.flush()
		if disk.err != nil {
			t.Fatal(disk.err)
		}
		for _, k := range keys {
			i, j := mem.find(k), disk.find(k)
			if i < 0 || j < 0 {
				t.Fatalf("sizes %v: key %x: at %d in memory, %d in the file", sz, k, i, j)
			}
			if a, b := mem.key(i), disk.key(j); a != b {
				t.Fatalf("sizes %v: key %x: %x in memory, %x in the file", sz, k, a, b)
			}
		}
		for range 1000 {
			k := rng.Uint64() & defHash
			if (mem.find(k) < 0) != (disk.find(k) < 0) {
				t.Fatalf("sizes %v: key %x found in one table only", sz, k)
			}
		}
		if mem.room != disk.room {
			t.Errorf("sizes %v: room %d in memory, %d in the file", sz, mem.room, disk.room)
		}
		if err := disk.close(); err != nil {
			t.Fatal(err)
		}
	}
}
