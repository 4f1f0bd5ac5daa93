package gedcom

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"kin/date"
)

// scanTrace scans data and prints every line, the warnings and the error,
// for comparisons.
func scanTrace(data []byte, lenient, slow bool) string {
	s := NewScanner(bytes.NewReader(data))
	s.Filename = "t.ged"
	s.Lenient = lenient
	s.slow = slow
	var b strings.Builder
	for s.Scan() {
		l := s.Line()
		fmt.Fprintf(&b, "%d: %d", l.Num, l.Level)
		if l.Xref != nil {
			fmt.Fprintf(&b, " @%s@", l.Xref)
		}
		fmt.Fprintf(&b, " %s", l.Tag)
		if l.Value != nil {
			fmt.Fprintf(&b, " %q", l.Value)
		}
		if l.Pointer {
			b.WriteString(" (pointer)")
		}
		b.WriteByte('\n')
	}
	for _, w := range s.Warnings {
		fmt.Fprintf(&b, "warning: %v\n", w)
	}
	if err := s.Err(); err != nil {
		fmt.Fprintf(&b, "error: %v\n", err)
	}
	fmt.Fprintf(&b, "version %q, encoding %q\n", s.Version(), s.Encoding())
	return b.String()
}

const (
	scanHead7   = "0 HEAD\n1 GEDC\n2 VERS 7.0\n"
	scanHead551 = "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n"
)

func TestScan(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		lenient bool
		want    string // lines after the header's, then warnings and error
	}{
		{"records", scanHead7 + "0 @I1@ INDI\n1 NAME John /Smith/\n2 CONT more\n1 FAMC @F1@\n1 NOTE @@x\n0 TRLR\n", false,
			"4: 0 @I1@ INDI\n5: 1 NAME \"John /Smith/\"\n6: 2 CONT \"more\"\n7: 1 FAMC \"@F1@\" (pointer)\n8: 1 NOTE \"@@x\"\n9: 0 TRLR\n"},
		{"CR LF and CR", "0 HEAD\r\n1 GEDC\r2 VERS 7.0\r\n0 TRLR\r", false, "4: 0 TRLR\n"},
		{"BOM", "\xEF\xBB\xBF" + scanHead7 + "0 TRLR\n", false, "4: 0 TRLR\n"},
		{"empty payload", scanHead7 + "0 @S1@ SOUR \n0 TRLR\n", false, "4: 0 @S1@ SOUR \"\"\n5: 0 TRLR\n"},
		{"escape kept raw", scanHead551 + "0 @N1@ NOTE a@@b @#DJULIAN@\n0 TRLR\n", false, "5: 0 @N1@ NOTE \"a@@b @#DJULIAN@\"\n6: 0 TRLR\n"},
		{"level jump", scanHead7 + "0 @I1@ INDI\n3 NAME x\n0 TRLR\n", false, "4: 0 @I1@ INDI\nerror: t.ged:5:1: level 3 follows level 0\n"},
		{"level jump lenient", scanHead7 + "0 @I1@ INDI\n3 NAME x\n0 TRLR\n", true,
			"4: 0 @I1@ INDI\n5: 1 NAME \"x\"\n6: 0 TRLR\nwarning: t.ged:5:1: level 3 follows level 0; read as level 1 (accepted by AllowLevelJumps; later cases are not reported)\n"},
		{"under CONT", scanHead7 + "0 @N1@ SNOTE a\n1 CONT b\n2 CONT c\n0 TRLR\n", false, "4: 0 @N1@ SNOTE \"a\"\n5: 1 CONT \"b\"\nerror: t.ged:6:1: CONT or CONC cannot have substructures\n"},
		{"CONT at level 0", scanHead7 + "0 CONT a\n0 TRLR\n", true, "error: t.ged:4:3: CONT at level 0 has nothing to continue\n"},
		{"no tag", scanHead7 + "0 @I1@\n", true, "error: t.ged:4:7: missing tag after cross-reference identifier\n"},
		{"blank line", scanHead7 + "\n0 TRLR\n", false, "error: t.ged:4:1: blank line\n"},
		{"blank line lenient", scanHead7 + "\n0 TRLR\n", true, "5: 0 TRLR\nwarning: t.ged:4:1: blank line (accepted by AllowBlankLines; later cases are not reported)\n"},
		{"unnumbered", scanHead551 + "0 @N1@ NOTE a\nfree text\n0 TRLR\n", true,
			"5: 0 @N1@ NOTE \"a\"\n6: 1 CONT \"free text\"\n7: 0 TRLR\nwarning: t.ged:6:1: line does not start with a level number; read as CONT (accepted by AllowUnnumberedLines; later cases are not reported)\n"},
		{"leading white space", scanHead551 + "  0 TRLR\n", false, "error: t.ged:5:1: line starts with white space\n"},
		{"no trailer", scanHead7 + "0 @I1@ INDI\n", false, "4: 0 @I1@ INDI\nerror: t.ged:5: file ends without TRLR\n"},
		{"empty", "", true, "error: t.ged:1: empty file: no HEAD record\n"},
		{"not HEAD", "0 @I1@ INDI\n0 TRLR\n", false, "error: t.ged:1:8: file starts with INDI, not HEAD\n"},
		{"long 5.5.1 line", scanHead551 + "0 @N1@ NOTE " + strings.Repeat("x", 250) + "\n0 TRLR\n", false, "error: t.ged:5:256: line has 262 characters, more than 255\n"},
		{"lower-case 7.0 tag", scanHead7 + "0 @I1@ indi\n0 TRLR\n", false, "error: t.ged:4:8: bad character 'i' in tag \"indi\"\n"},
		{"VOID record", scanHead7 + "0 @VOID@ INDI\n0 TRLR\n", false, "error: t.ged:4:3: @VOID@ cannot identify a record\n"},
		{"ANSI", "0 HEAD\n1 CHAR ANSI\n0 @I\xe9@ INDI\n1 NAME Andr\xe9\n0 TRLR\n", false, "3: 0 @I\u00e9@ INDI\n4: 1 NAME \"Andr\u00e9\"\n5: 0 TRLR\n"},
		{"ASCII high byte", "0 HEAD\n1 CHAR ASCII\n0 @I1@ INDI\n1 NAME Andr\xe9\n0 TRLR\n", false, "3: 0 @I1@ INDI\nerror: t.ged:4:12: byte 0xe9 is not valid ASCII\n"},
		{"UTF-16LE", "\xFF\xFE" + utf16le(scanHead551+"0 @I1@ INDI\n0 TRLR\n"), false, "5: 0 @I1@ INDI\n6: 0 TRLR\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanTrace([]byte(tt.in), tt.lenient, false)
			// Leave out the header's lines and the version line.
			var kept []string
			inHead := true
			for _, l := range strings.SplitAfter(got, "\n") {
				if strings.HasPrefix(l, "version ") || l == "" {
					continue
				}
				numbered := !strings.HasPrefix(l, "warning") && !strings.HasPrefix(l, "error")
				if numbered && strings.Contains(l, ": 0 ") && !strings.HasSuffix(l, " HEAD\n") {
					inHead = false
				}
				if numbered && inHead {
					continue
				}
				kept = append(kept, l)
			}
			if g := strings.Join(kept, ""); g != tt.want {
				t.Errorf("Scan(%q):\ngot\n%s\nwant\n%s", tt.in, g, tt.want)
			}
		})
	}
}

func utf16le(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		b.WriteByte(c)
		b.WriteByte(0)
	}
	return b.String()
}

func TestScanVersion(t *testing.T) {
	tests := []struct {
		name, in             string
		wantVersion, wantEnc string
	}{
		{"7.0", scanHead7 + "0 TRLR\n", "7.0", "UTF-8"},
		{"5.5.1 ANSEL", "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR ANSEL\n0 TRLR\n", "5.5.1", "ANSEL"},
		{"UTF-16BE", "\xFE\xFF" + "\x000\x00 \x00H\x00E\x00A\x00D\x00\n\x000\x00 \x00T\x00R\x00L\x00R\x00\n", "", "UTF-16BE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewScanner(strings.NewReader(tt.in))
			for s.Scan() {
			}
			if err := s.Err(); err != nil {
				t.Fatal(err)
			}
			if s.Version() != tt.wantVersion || s.Encoding() != tt.wantEnc {
				t.Errorf("got version %q, encoding %q; want %q, %q", s.Version(), s.Encoding(), tt.wantVersion, tt.wantEnc)
			}
		})
	}
}

// TestScanErrorsPositioned checks that errors are SyntaxErrors with a
// sentinel, so errors.Is works.
func TestScanErrorsPositioned(t *testing.T) {
	s := NewScanner(strings.NewReader(scanHead7 + "0 @I1@ INDI\n3 NAME x\n"))
	s.Filename = "f.ged"
	for s.Scan() {
	}
	var se *SyntaxError
	if !errors.As(s.Err(), &se) || !errors.Is(s.Err(), ErrLevel) {
		t.Fatalf("got %v, want a *SyntaxError wrapping ErrLevel", s.Err())
	}
	if se.Pos != (Position{Filename: "f.ged", Line: 5, Column: 1}) {
		t.Errorf("got position %v, want f.ged:5:1", se.Pos)
	}
	if s.Scan() {
		t.Error("Scan after an error returned true, want false")
	}
}

// scanInputs returns the shared GEDCOM files (all of them, in every
// folder) and the package's test files, by name.
func scanInputs(t *testing.T) map[string][]byte {
	t.Helper()
	inputs := map[string][]byte{}
	add := func(root string) {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(path), ".ged") {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			inputs[path] = data
			return nil
		})
	}
	add("testdata")
	if dir, err := sharedGEDCOM(); err == nil {
		add(dir)
		add(filepath.Join(dir, "..", "relationships"))
	}
	for i, s := range fastCases {
		inputs[fmt.Sprintf("fastCases[%d]", i)] = []byte(s)
	}
	for i, s := range scanCases {
		inputs[fmt.Sprintf("scanCases[%d]", i)] = []byte(s)
	}
	return inputs
}

// scanCases are inputs at the edges of what ScanStats must read as Stats
// does.
var scanCases = []string{
	scanHead551 + "0 @I1@ INDI\n1 SEX M\n2 CONC ale\n1 BIRT\n2 DATE 1850\n3 CONC 1\n0 TRLR\n",
	scanHead551 + "0 @I1@ INDI\n1 SEX F\n1 SEX M\n1 DEAT\n2 DATE @D1@\n0 @I2@ INDI\n1 BIRT\n2 DATE @D1@\n3 CONT x\n0 TRLR\n",
	scanHead551 + "0 @F1@ FAM\n1 CHIL @I1@\n2 CONT x\n1 HUSB @I2@\n1 WIFE @I3@\n2 CONC y\n1 CHIL @VOID@\n0 TRLR\n",
	scanHead551 + "0 @I1@ INDI\n1 _MILT\n2 PLAC x\n1 _SOUR\n2 DATE 1900\n1 _X\n2 DATE ABT 1899\n3 TIME 1\n3 CONC 0\n1 ASSO @I2@\n2 CONC z\n0 TRLR\n",
	scanHead551 + "0 @I1@ INDI\n1 BIRT\n2 DATE 1 JAN 1850 @@ x\n2 DATE 1700\n1 DEAT\n2 DATE @#DJULIAN@ 1 JAN 1700\n1 BURI\n2 DATE   \n0 TRLR\n",
	scanHead7 + "0 @I1@ INDI\n1 BIRT\n2 DATE @@ 1850\n1 DEAT\n2 DATE 1 JAN 1850\n2 TIME x\n3 CONT y\n0 TRLR\n",
	"0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 GEDC\n2 VERS 7.0\n1 CHAR ANSEL\n2 CONC X\n0 @I\xe1e@ INDI\n1 BIRT\n2 DATE 1800\n0 TRLR\n",
	"0 @I1@ INDI\n1 BIRT\n2 DATE 1800\n0 HEAD\n1 GEDC\n2 VERS 5.5\n0 TRLR\n",
	scanHead551 + "0 @I\xff@ INDI\n1 SEX \xff\n1 BIRT\n2 DATE 1850 \xff\n0 TRLR\n",
	scanHead551 + "0 @I1@ INDI\n1 BIRT\n2 DATE 1850\n1 CONT x\n2 DATE 1700\n0 TRLR\n",
	scanHead551 + "0 @I1@ INDI\n1 BIRT\n4 DATE 1850\n1 NOTE x\n2 CONT y\n3 CONT z\n0 @S1@ SOUR\n0 @R1@ REPO\n0 @O1@ OBJE\n0 @U1@ SUBM\n0 @N1@ SNOTE x\n0 @X@ _LONGRECORDTAG\n0 @Y@ _LONGRECORDTAX\n0 TRLR\n",
}

// TestScanStats checks that ScanStats gives the statistics Stats gives
// from a Decoder with the same options, and the same errors, for every
// shared and test file.
func TestScanStats(t *testing.T) {
	for name, data := range scanInputs(t) {
		sameScanStats(t, name, data)
	}
}

// sameScanStats checks that ScanStats, with the Scanner's hot path and
// without it, gives what Stats gives from a Decoder with the same options.
func sameScanStats(t *testing.T, name string, data []byte) {
	t.Helper()
	for _, lenient := range []bool{true, false} {
		d := NewDecoder(bytes.NewReader(data))
		d.Filename = "f.ged"
		d.Lenient = lenient
		d.ReuseRecord, d.ReuseText = true, true
		d.Warn = func(error) {}
		want, wantErr := Stats(context.Background(), d)
		for _, slow := range []bool{false, true} {
			s := NewScanner(bytes.NewReader(data))
			s.Filename = "f.ged"
			s.Lenient = lenient
			s.Warn = func(error) {}
			s.slow = slow
			got, err := ScanStats(context.Background(), s)
			if !lenient {
				// The Scanner checks less than the Decoder (payloads), so
				// strictly it may accept what the Decoder rejects.
				if err != nil && wantErr == nil {
					t.Errorf("%s (strict, slow %v): ScanStats failed with %v; Stats did not", name, slow, err)
				}
				if err != nil || wantErr != nil {
					continue
				}
			}
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("%s (lenient %v, slow %v): ScanStats error %v, want %v", name, lenient, slow, err, wantErr)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (lenient %v, slow %v): ScanStats\n%+v\nwant (Stats)\n%+v", name, lenient, slow, got, want)
				if !reflect.DeepEqual(got.Earliest, want.Earliest) || !reflect.DeepEqual(got.Latest, want.Latest) {
					t.Errorf("dates: got %+v and %+v, want %+v and %+v", got.Earliest, got.Latest, want.Earliest, want.Latest)
				}
			}
		}
	}
}

// FuzzScanStats compares ScanStats with Stats on any input.
func FuzzScanStats(f *testing.F) {
	for _, in := range scanCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sameScanStats(t, "input", data)
	})
}

func TestScanStatsCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ScanStats(ctx, NewScanner(strings.NewReader(scanHead7+"0 TRLR\n"))); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestScanFastPath checks that the fast path and split give the same
// lines, warnings and errors.
func TestScanFastPath(t *testing.T) {
	for name, data := range scanInputs(t) {
		for _, lenient := range []bool{false, true} {
			if got, want := scanTrace(data, lenient, false), scanTrace(data, lenient, true); got != want {
				t.Errorf("%s (lenient %v): fast path gives\n%s\nwant (split)\n%s", name, lenient, got, want)
			}
		}
	}
}

// TestScanLikeDecoder checks that the Scanner yields the Decoder's
// structures, less CONT and CONC, for every file the Decoder reads.
func TestScanLikeDecoder(t *testing.T) {
	for name, data := range scanInputs(t) {
		for _, lenient := range []bool{false, true} {
			if msg := scanVsDecode(data, lenient); msg != "" {
				t.Errorf("%s (lenient %v): %s", name, lenient, msg)
			}
		}
	}
}

// scanVsDecode compares the Scanner's lines with the Decoder's
// structures when the Decoder reads data; it returns what differs.
func scanVsDecode(data []byte, lenient bool) string {
	d := NewDecoder(bytes.NewReader(data))
	d.Lenient = lenient
	d.Warn = func(error) {}
	doc, err := d.Decode()
	if err != nil {
		return ""
	}
	var want []string
	var walk func(level int, n *Node)
	walk = func(level int, n *Node) {
		want = append(want, fmt.Sprintf("%d: %d @%s@ %s", n.Line, level, n.Xref, n.Tag))
		for _, c := range n.Nodes {
			walk(level+1, c)
		}
	}
	for _, n := range doc.Records {
		walk(0, n)
	}
	s := NewScanner(bytes.NewReader(data))
	s.Lenient = lenient
	s.Warn = func(error) {}
	var got []string
	for s.Scan() {
		l := s.Line()
		if string(l.Tag) == "CONT" || string(l.Tag) == "CONC" {
			continue
		}
		xref := string(l.Xref)
		if s.Encoding() == "UTF-8" && !utf8.Valid(l.Xref) {
			xref = fixUTF8(l.Xref, s)
		}
		got = append(got, fmt.Sprintf("%d: %d @%s@ %s", l.Num, l.Level, xref, l.Tag))
	}
	if err := s.Err(); err != nil {
		return fmt.Sprintf("Scanner: %v; the Decoder read the file", err)
	}
	if s.Version() != doc.Version || s.Encoding() != doc.Encoding {
		return fmt.Sprintf("Scanner read version %q in %q, want %q in %q", s.Version(), s.Encoding(), doc.Version, doc.Encoding)
	}
	for i := 0; i < len(got) || i < len(want); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("structure %d: got %q, want %q", i+1, g, w)
		}
	}
	return ""
}

// FuzzScan checks that the Scanner never panics, that its errors are
// positioned SyntaxErrors, that its fast path and split agree, and that
// it yields the Decoder's structures for the inputs the Decoder reads.
func FuzzScan(f *testing.F) {
	fuzzSeeds(f)
	for _, s := range fastCases {
		f.Add([]byte(s))
	}
	for _, s := range scanCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			s := NewScanner(bytes.NewReader(data))
			s.Lenient = lenient
			for s.Scan() {
				if l := s.Line(); l.Num <= 0 || l.Level < 0 || len(l.Tag) == 0 {
					t.Fatalf("line %+v: want a number, a level and a tag", l)
				}
			}
			var se *SyntaxError
			if err := s.Err(); err != nil && (!errors.As(err, &se) || se.Pos.Line <= 0) {
				t.Fatalf("error %v (%T) has no line", err, err)
			}
			if got, want := scanTrace(data, lenient, false), scanTrace(data, lenient, true); got != want {
				t.Fatalf("lenient %v: fast path gives\n%s\nwant (split)\n%s", lenient, got, want)
			}
			if msg := scanVsDecode(data, lenient); msg != "" {
				t.Fatalf("lenient %v: %s", lenient, msg)
			}
			st, err := ScanStats(context.Background(), func() *Scanner {
				s := NewScanner(bytes.NewReader(data))
				s.Lenient = lenient
				return s
			}())
			if lenient {
				d := NewDecoder(bytes.NewReader(data))
				d.Lenient = true
				want, wantErr := Stats(context.Background(), d)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(st, want) {
					t.Fatalf("ScanStats = %+v, %v; want (Stats) %+v, %v", st, err, want, wantErr)
				}
			}
		}
	})
}

// BenchmarkScanFile scans the file named by $KIN_BENCH_GED, leniently,
// and does nothing with the lines.
func BenchmarkScanFile(b *testing.B) {
	benchScanFile(b, func(s *Scanner) error {
		for s.Scan() {
		}
		return s.Err()
	})
}

// BenchmarkScanStatsFile runs ScanStats over the file named by
// $KIN_BENCH_GED, as `kin stats` does.
func BenchmarkScanStatsFile(b *testing.B) {
	benchScanFile(b, func(s *Scanner) error {
		_, err := ScanStats(context.Background(), s)
		return err
	})
}

func benchScanFile(b *testing.B, run func(*Scanner) error) {
	benchEachGED(b, func(f *os.File, _ int64) error {
		s := NewScanner(f)
		s.Lenient = true
		s.Warn = func(error) {}
		return run(s)
	})
}

// BenchmarkLinesFile counts the lines of the file named by $KIN_BENCH_GED
// with bufio.Scanner, as the floor tool does: the reference the Scanner
// is measured against.
func BenchmarkLinesFile(b *testing.B) {
	path, size := benchGED(b)
	b.SetBytes(size)
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		s := bufio.NewScanner(f)
		s.Buffer(make([]byte, 1<<20), 1<<24)
		lines := 0
		for s.Scan() {
			lines++
		}
		if err := s.Err(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// TestTagKey compares tagKey, which reads short tags 8 bytes at a time,
// with a byte loop, for every tag of one and two bytes and for longer
// ones, at each offset in a buffer.
func TestTagKey(t *testing.T) {
	loop := func(b []byte) (uint64, int) {
		var k uint64
		i := 0
		for ; i < len(b) && b[i] != ' '; i++ {
			c := b[i]
			if !(c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9' && i > 0) {
				return 0, 0
			}
			k = k<<8 | uint64(c)
		}
		if i == 0 || (i == 1 && b[0] == '_') {
			return 0, 0
		}
		return k<<8 | uint64(i), i
	}
	var tags []string
	for a := 0; a < 256; a++ {
		tags = append(tags, string([]byte{byte(a)}))
		for b := 0; b < 256; b++ {
			tags = append(tags, string([]byte{byte(a), byte(b)}))
		}
	}
	tags = append(tags, "BIRT", "CONT", "_MILT", "_^", "^_", "A_^B", "ABCDEFG", "ABCDEFGH", "ABCDEFGHI", "ABC\x80", "1ABC", "A1", "_", "__")
	for _, tag := range tags {
		for _, rest := range []string{"", " x", "  ", "\n0 X"} {
			line := tag + rest
			buf := make([]byte, 0, len(line)+16)
			buf = append(buf, line...)
			b := buf[:len(tag)+len(rest)]
			if rest == "\n0 X" {
				b = buf[:len(tag)]
			}
			gk, gn := tagKey(b, 0)
			wk, wn := loop(b)
			if gk != wk || gn != wn {
				t.Errorf("tagKey(%q) = %#x, %d; want %#x, %d", b, gk, gn, wk, wn)
			}
		}
	}
}

// TestTagCache checks that lineCheck.tagKey, through its cache, gives
// what tagKey gives, for tags read before (hits), after others of the
// same bytes but another length (a NUL in the tag), and new.
func TestTagCache(t *testing.T) {
	var c lineCheck
	tags := []string{"BIRT", "A", "A\x00", "A", "AB", "AB\x00\x00", "_X", "1A", "DATE", "PLAC", "ABCDEFG", "ABCDEFGH", "a", "A B", "CONT", "CONC", "_", "__"}
	for i := 0; i < 300; i++ {
		tags = append(tags, string([]byte{byte('A' + i%26), byte(i)}), string([]byte{byte(i)}))
	}
	for round := range 3 {
		for _, tag := range tags {
			for _, rest := range []string{"", " x"} {
				buf := make([]byte, 0, len(tag)+len(rest)+16)
				buf = append(buf, "0 "+tag+rest...)
				gk, gn := c.tagKey(buf, 2)
				wk, wn := tagKey(buf, 2)
				if gk != wk || gn != wn {
					t.Errorf("round %d: lineCheck.tagKey(%q) = %#x, %d; want %#x, %d (tagKey)", round, buf, gk, gn, wk, wn)
				}
			}
		}
	}
}

// TestScanSimplePlace checks that ScanStats' month cache places simple
// dates where simplePlace does.
func TestScanSimplePlace(t *testing.T) {
	c := scanCounter{StatsCounter: NewStatsCounter(), months: new([1 << 13]monthEntry)}
	for _, year := range []int{100, 999, 1581, 1582, 1583, 1600, 1700, 1752, 1850, 1900, 2000, 2024, 9999} {
		for month := 0; month <= 12; month++ {
			for day := 0; day <= 31; day++ {
				if (month == 0 && day > 0) || day > date.DaysInMonth(date.Gregorian, year, max(month, 1), false) {
					continue
				}
				for _, mod := range []date.Modifier{date.None, date.About, date.Estimated, date.Before, date.After, date.Calculated} {
					d := simple{mod: mod, year: year, month: month, day: day}
					// Twice: once to fill the cache, once from it.
					for range 2 {
						if got, want := c.simplePlace(d), simplePlace(d); got != want {
							t.Fatalf("simplePlace(%+v) = %+v through the cache, want %+v", d, got, want)
						}
					}
				}
			}
		}
	}
}

// TestYearBounds checks yearBounds against the day numbers of simple
// dates: a date of a year within the bounds is neither earlier than the
// earliest nor later than the latest.
func TestYearBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	mods := []date.Modifier{date.None, date.About, date.Calculated, date.Estimated, date.Before, date.After}
	for range 20000 {
		y := 100 + rng.IntN(2000)
		d := simple{mod: mods[rng.IntN(len(mods))], year: y}
		if rng.IntN(3) > 0 {
			d.month = 1 + rng.IntN(12)
			if rng.IntN(2) > 0 {
				d.day = 1 + rng.IntN(28)
			}
		}
		p := simplePlace(d)
		// Extremes near the date's year, some of them before Christ.
		base := p.first + date.JDN(rng.IntN(4*date.ApproxDays)-2*date.ApproxDays)
		earliest := base - date.JDN(rng.IntN(3*365))
		latest := base + date.JDN(rng.IntN(6*365))
		if rng.IntN(50) == 0 {
			earliest -= 800000
		}
		lo, hi := yearBounds(earliest, true, latest, true)
		if y < lo || y > hi {
			continue
		}
		if p.hasFirst && p.first < earliest {
			t.Fatalf("%+v: first day %d before the earliest %d, yet year %d is within [%d, %d]", d, p.first, earliest, y, lo, hi)
		}
		if p.hasLast && p.last > latest {
			t.Fatalf("%+v: last day %d after the latest %d, yet year %d is within [%d, %d]", d, p.last, latest, y, lo, hi)
		}
	}
	if lo, hi := yearBounds(0, false, 0, true); lo <= hi {
		t.Errorf("yearBounds with no earliest date = %d, %d; want no year", lo, hi)
	}
}

// TestScanStatsDates checks ScanStats against Stats on files of many
// dates in random order, where the earliest and latest dates move often.
func TestScanStatsDates(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	forms := []string{"%d", "ABT %d", "EST %d", "CAL %d", "BEF %d", "AFT %d", "%[2]d DEC %[1]d", "%[2]d JAN %[1]d", "1 JAN %d", "31 DEC %d", "JUN %d", "BET %d AND 1810", "FROM 1790 TO %d", "%d/01", "(phrase)", "INT %d (x)", "1 JAN %d BCE"}
	months := []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	for n := range 600 {
		var b strings.Builder
		b.WriteString("0 HEAD\n1 GEDC\n2 VERS 7.0\n")
		for i := range 40 {
			y := 1800 + rng.IntN(6)
			var v string
			switch {
			case n < 200:
				v = fmt.Sprintf(forms[rng.IntN(len(forms))], y, 1+rng.IntN(31))
			case n < 400:
				// Exact days: the earliest and latest are days inside
				// their years, which later dates of those years beat.
				v = fmt.Sprintf("%d %s %d", 1+rng.IntN(28), months[rng.IntN(12)], y)
			default:
				v = fmt.Sprintf("%s %d", months[rng.IntN(12)], y)
				if rng.IntN(2) == 0 {
					v = "ABT " + v
				}
			}
			fmt.Fprintf(&b, "0 @I%d@ INDI\n1 BIRT\n2 DATE %s\n", i, v)
		}
		b.WriteString("0 TRLR\n")
		data := b.String()
		d := NewDecoder(strings.NewReader(data))
		d.Lenient = true
		want, err := Stats(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		s := NewScanner(strings.NewReader(data))
		s.Lenient = true
		got, err := ScanStats(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("ScanStats\n%+v %+v %+v\nwant (Stats)\n%+v %+v %+v", got, got.Earliest, got.Latest, want, want.Earliest, want.Latest)
		}
	}
}
