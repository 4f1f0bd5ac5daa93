package gedcom

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
)

// parCompare reads data with ScanStats and with scanStatsParts split
// into up to workers parts of at least one byte, and returns a
// description of the first difference in statistics, error or warnings,
// or "". split reports whether the parallel path read the file (rather
// than falling back to one Scanner).
func parCompare(data []byte, lenient bool, workers int) (diff string, split bool) {
	seq := NewScanner(bytes.NewReader(data))
	seq.Filename = "f.ged"
	seq.Lenient = lenient
	want, wantErr := ScanStats(context.Background(), seq)

	par := NewScanner(bytes.NewReader(data))
	par.Filename = "f.ged"
	par.Lenient = lenient
	got, err := scanStatsParts(context.Background(), par, bytes.NewReader(data), int64(len(data)), workers, 1)
	split = par.lr == nil
	switch {
	case fmt.Sprint(err) != fmt.Sprint(wantErr):
		return fmt.Sprintf("error %v, want %v", err, wantErr), split
	case !reflect.DeepEqual(got, want):
		if got != nil && want != nil && (!reflect.DeepEqual(got.Earliest, want.Earliest) || !reflect.DeepEqual(got.Latest, want.Latest)) {
			return fmt.Sprintf("dates %+v and %+v, want %+v and %+v", got.Earliest, got.Latest, want.Earliest, want.Latest), split
		}
		return fmt.Sprintf("statistics\n%+v\nwant\n%+v", got, want), split
	case fmt.Sprint(par.Warnings) != fmt.Sprint(seq.Warnings):
		return fmt.Sprintf("warnings %v, want %v", par.Warnings, seq.Warnings), split
	case par.Version() != seq.Version() || par.Encoding() != seq.Encoding():
		return fmt.Sprintf("version %q, encoding %q; want %q, %q", par.Version(), par.Encoding(), seq.Version(), seq.Encoding()), split
	}
	return "", split
}

// TestScanStatsFile checks that the file read in 2, 3 and 7 parts gives
// what one Scanner gives, for every shared and test file.
func TestScanStatsFile(t *testing.T) {
	splits := 0
	for name, data := range scanInputs(t) {
		for _, workers := range []int{2, 3, 7} {
			for _, lenient := range []bool{true, false} {
				diff, split := parCompare(data, lenient, workers)
				if diff != "" {
					t.Errorf("%s (%d parts, lenient %v): %s", name, workers, lenient, diff)
				}
				if split {
					splits++
				}
			}
		}
	}
	if splits == 0 {
		t.Errorf("no input was read in parts")
	}
}

// parFixture returns a GEDCOM 5.5.1 file of n people, in lines.
func parFixture(n int) []string {
	lines := strings.Split(strings.TrimSuffix(scanHead551, "\n"), "\n")
	for i := 1; i <= n; i++ {
		lines = append(lines,
			fmt.Sprintf("0 @I%d@ INDI", i),
			"1 NAME A /B/",
			"1 SEX "+[]string{"M", "F", "U"}[i%3],
			"1 BIRT",
			fmt.Sprintf("2 DATE %d JAN %d", 1+i%28, 1900-i%50),
			"1 NOTE x",
			"2 CONT y",
		)
		if i%7 == 0 {
			lines = append(lines, fmt.Sprintf("0 @F%d@ FAM", i), fmt.Sprintf("1 HUSB @I%d@", i), fmt.Sprintf("1 CHIL @I%d@", i-1), "1 MARR", "2 DATE ABT 1800")
		}
	}
	return append(lines, "0 TRLR")
}

// TestScanStatsFileErrors places errors and things the lenient Scanner
// warns about in different parts of a file, with each line ending, and
// checks that the parts give the error and warnings one Scanner gives.
func TestScanStatsFileErrors(t *testing.T) {
	base := parFixture(60)
	n := len(base)
	type edit struct {
		at   float64 // where, as a share of the lines
		line string  // the line put there, replacing the one there
	}
	cases := []struct {
		name  string
		edits []edit
	}{
		{"none", nil},
		{"level jump early", []edit{{0.1, "3 DATE 1850"}}},
		{"level jump middle", []edit{{0.5, "3 DATE 1850"}}},
		{"level jump late", []edit{{0.95, "3 DATE 1850"}}},
		{"two errors", []edit{{0.3, "1 b@d"}, {0.8, "3 DATE 1850"}}},
		{"two errors reversed", []edit{{0.3, "3 DATE 1850"}, {0.8, "1 b@d"}}},
		{"blank lines", []edit{{0.2, ""}, {0.6, ""}, {0.7, " 1 NOTE z"}}},
		{"bad tag", []edit{{0.45, "1 N@TE x"}}},
		{"CONT at level 0", []edit{{0.66, "0 CONT x"}}},
		{"TRLR in the middle", []edit{{0.5, "0 TRLR"}}},
		{"no TRLR", []edit{{1, "1 NOTE end"}}},
		{"second HEAD", []edit{{0.5, "0 HEAD"}, {0.52, "1 GEDC"}}},
		{"earliest and latest dates", []edit{{0.2, "2 DATE 1 JAN 1500"}, {0.7, "2 DATE 1 JAN 1500"}, {0.4, "2 DATE 2020"}, {0.9, "2 DATE 2020"}}},
		{"unnumbered line", []edit{{0.55, "no level"}}},
		{"long line", []edit{{0.35, "1 NOTE " + strings.Repeat("x", 300)}}},
	}
	for _, tc := range cases {
		lines := append([]string(nil), base...)
		for _, e := range tc.edits {
			i := min(int(e.at*float64(n)), n-1)
			if strings.HasPrefix(e.line, "2 DATE") {
				for !strings.HasPrefix(lines[i], "2 DATE") {
					i++
				}
			}
			lines[i] = e.line
		}
		for _, eol := range []string{"\n", "\r\n", "\r"} {
			data := []byte(strings.Join(lines, eol) + eol)
			for _, workers := range []int{2, 3, 7} {
				for _, lenient := range []bool{true, false} {
					diff, split := parCompare(data, lenient, workers)
					if diff != "" {
						t.Errorf("%s (eol %q, %d parts, lenient %v): %s", tc.name, eol, workers, lenient, diff)
					}
					if !split && tc.name != "TRLR in the middle" {
						t.Errorf("%s (eol %q, %d parts, lenient %v): not read in parts", tc.name, eol, workers, lenient)
					}
				}
			}
		}
	}
}

// TestSplitPoints checks that the parts start at level-0 lines after the
// header, in order.
func TestSplitPoints(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		data := []byte(strings.Join(parFixture(30), eol) + eol)
		for workers := 2; workers <= 9; workers++ {
			bounds, ok, err := splitPoints(bytes.NewReader(data), int64(len(data)), workers, 1)
			if err != nil || !ok {
				t.Fatalf("eol %q, %d parts: got ok %v, error %v, want ok", eol, workers, ok, err)
			}
			if len(bounds) != workers+1 {
				t.Errorf("eol %q: got %d parts, want %d", eol, len(bounds)-1, workers)
			}
			for i, b := range bounds[1 : len(bounds)-1] {
				if b <= bounds[i] || data[b-1] != eol[len(eol)-1] || string(data[b:b+2]) != "0 " {
					t.Errorf("eol %q, %d parts: part %d starts at %d, %q", eol, workers, i+1, b, data[b-1:min(len(data), int(b)+8)])
				}
				if b < int64(len(scanHead551)) {
					t.Errorf("eol %q, %d parts: part %d starts at %d, inside the header", eol, workers, i+1, b)
				}
			}
			if bounds[len(bounds)-1] != int64(len(data)) {
				t.Errorf("eol %q: last bound %d, want %d", eol, bounds[len(bounds)-1], len(data))
			}
		}
	}
	for _, data := range []string{"", "0 HEAD", "0 HEAD\n1 CHAR UTF-8\n", "0 HEAD\r\n0 ", "0 HEAD\n1 X\n0"} {
		if _, ok, err := splitPoints(strings.NewReader(data), int64(len(data)), 2, 1); ok || err != nil {
			t.Errorf("%q: got ok %v, error %v, want no split", data, ok, err)
		}
	}
}

// FuzzScanStatsFile checks that any input read in parts gives what one
// Scanner gives.
func FuzzScanStatsFile(f *testing.F) {
	for _, s := range scanCases {
		f.Add([]byte(s), uint8(2), true)
	}
	f.Add([]byte(strings.Join(parFixture(3), "\r")), uint8(3), false)
	f.Fuzz(func(t *testing.T, data []byte, workers uint8, lenient bool) {
		w := 2 + int(workers%6)
		if diff, _ := parCompare(data, lenient, w); diff != "" {
			t.Errorf("%d parts, lenient %v: %s", w, lenient, diff)
		}
	})
}

// TestScanStatsFileLarge compares ScanStatsFile with ScanStats on the
// file named by $KIN_BENCH_GED (one made by gengedcom, say); it is
// skipped when the variable is unset.
func TestScanStatsFileLarge(t *testing.T) {
	path, size := benchGED(t)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := NewScanner(f)
	s.Lenient = true
	want, err := ScanStats(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{2, 3, 7} {
		par := NewScanner(nil)
		par.Lenient = true
		got, err := ScanStatsFile(context.Background(), par, f, size, workers)
		if err != nil {
			t.Fatal(err)
		}
		if par.lr != nil {
			t.Errorf("%d workers: the file was not read in parts", workers)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: got\n%+v\nwant (ScanStats)\n%+v", workers, got, want)
		}
	}
}

// BenchmarkScanStatsFileParallel runs ScanStatsFile on GOMAXPROCS
// goroutines over the file named by $KIN_BENCH_GED, as `kin stats` does.
func BenchmarkScanStatsFileParallel(b *testing.B) {
	benchEachGED(b, func(f *os.File, size int64) error {
		s := NewScanner(f)
		s.Lenient = true
		s.Warn = func(error) {}
		_, err := ScanStatsFile(context.Background(), s, f, size, 0)
		return err
	})
}
