package validate

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
)

// samePredefined fails t unless src gives the same diagnostics with and
// without Predefine, with its usual buffer and with small ones (lines
// cross a buffer's end). A file the lenient Decoder cannot read to
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
	for _, opts := range []Options{{}, {Version: "5.5.1"}} {
		want := strings.Join(validateStream(src, opts, true, false), "\n")
		for _, size := range []int{defBuffer, longest + 2, longest + 5} {
			old := defBuffer
			defBuffer = size
			got := strings.Join(validateStream(src, opts, true, true), "\n")
			defBuffer = old
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
