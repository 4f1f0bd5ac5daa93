package date

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir returns ../shared next to the repository root (the directory
// holding go.mod), or skips the test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("../shared not found: no go.mod above the package")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("../shared not found: %v", err)
	}
	return shared
}

// gedLine is one GEDCOM line, split just enough for these tests.
type gedLine struct {
	num     int
	level   string
	tag     string
	payload string
}

// readGed reads the lines of a UTF-8 GEDCOM file with a bare scanner; the
// gedcom package is not used so that this package's tests stand alone.
func readGed(t *testing.T, path string) []gedLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []gedLine
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		text := strings.TrimPrefix(sc.Text(), "\ufeff")
		text = strings.TrimRight(text, "\r")
		level, rest, _ := strings.Cut(text, " ")
		if strings.HasPrefix(rest, "@") {
			if _, after, ok := strings.Cut(rest, " "); ok {
				rest = after
			}
		}
		tag, payload, _ := strings.Cut(rest, " ")
		lines = append(lines, gedLine{num: n, level: level, tag: tag, payload: payload})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestGEDCOM70DateFile parses every DATE of the official GEDCOM 7 date test
// file with ParseV7. Every payload follows the grammar; some use extension
// calendars (kept in Day.ExtCalendar), and some have days out of range for
// their month ("FRENCH_R 17 COMP 35"), which ParseV7 reports with ErrRange
// while still returning the date.
func TestGEDCOM70DateFile(t *testing.T) {
	path := filepath.Join(sharedDir(t), "data", "gedcom", "gedcom70", "date.ged")
	var total, ext, ranged int
	for _, l := range readGed(t, path) {
		if l.tag != "DATE" {
			continue
		}
		total++
		d, err := ParseV7(l.payload)
		if errors.Is(err, ErrRange) {
			ranged++
			t.Logf("date.ged:%d: %v", l.num, err)
		} else if err != nil {
			t.Errorf("date.ged:%d: ParseV7(%q): %v", l.num, l.payload, err)
			continue
		}
		if d.HasExtension() {
			ext++
		}
		if got := d.String(); err == nil && !d.HasExtension() && !sameV7(got, l.payload) {
			t.Errorf("date.ged:%d: ParseV7(%q).String() = %q", l.num, l.payload, got)
		}
	}
	t.Logf("date.ged: %d DATE payloads, %d with extensions, %d with days out of range", total, ext, ranged)
	if total < 1000 {
		t.Errorf("date.ged: found %d DATE lines, want over 1000", total)
	}
}

// sameV7 reports whether two GEDCOM 7 payloads are the same date: equal
// once the optional GREGORIAN keyword is dropped.
func sameV7(a, b string) bool {
	strip := func(s string) string {
		return strings.ReplaceAll(strings.TrimPrefix(s, "GREGORIAN "), " GREGORIAN ", " ")
	}
	return strip(a) == strip(b)
}

// TestConversionDatesV7 parses every DATE of the expected GEDCOM 7 files of
// the 5.5.1→7.0 conversion tests with ParseV7.
func TestConversionDatesV7(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "data", "gedcom", "conversion-551-to-70", "7", "*.ged"))
	var total, ranged int
	for _, path := range files {
		for _, l := range readGed(t, path) {
			if l.tag != "DATE" {
				continue
			}
			total++
			_, err := ParseV7(l.payload)
			if errors.Is(err, ErrRange) {
				ranged++
				t.Logf("%s:%d: %v", filepath.Base(path), l.num, err)
			} else if err != nil {
				t.Errorf("%s:%d: ParseV7(%q): %v", filepath.Base(path), l.num, l.payload, err)
			}
		}
	}
	t.Logf("conversion 7/*.ged: %d DATE payloads, %d with days out of range", total, ranged)
}

// TestConversionDates551 parses every DATE of the GEDCOM 5.5.1 inputs of
// the conversion tests with Parse: each parses or fails with a
// *SyntaxError whose column lies inside the payload.
func TestConversionDates551(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "data", "gedcom", "conversion-551-to-70", "5", "*.ged"))
	var total, failed int
	for _, path := range files {
		for _, l := range readGed(t, path) {
			if l.tag != "DATE" {
				continue
			}
			total++
			_, err := Parse(l.payload)
			if err == nil {
				continue
			}
			failed++
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("%s:%d: Parse(%q) error %v is not a *SyntaxError", filepath.Base(path), l.num, l.payload, err)
				continue
			}
			if se.Column < 1 || se.Column > len(l.payload)+1 {
				t.Errorf("%s:%d: Parse(%q) error column %d outside 1…%d", filepath.Base(path), l.num, l.payload, se.Column, len(l.payload)+1)
			}
			t.Logf("%s:%d: %v", filepath.Base(path), l.num, err)
		}
	}
	t.Logf("conversion 5/*.ged: %d DATE payloads, %d rejected with a positioned error", total, failed)
}

// convRecord is a level-1 structure of a conversion test file with the
// payloads of its level-2 DATE or AGE and their level-3 PHRASE.
type convRecord struct {
	line          int
	value, phrase string
	has           bool
}

func convRecords(t *testing.T, path, tag string) []convRecord {
	var recs []convRecord
	cur := -1
	for _, l := range readGed(t, path) {
		switch {
		case l.level == "0":
			cur = -1
		case l.level == "1":
			recs = append(recs, convRecord{line: l.num})
			cur = len(recs) - 1
		case cur >= 0 && l.level == "2" && l.tag == tag:
			recs[cur].value, recs[cur].has, recs[cur].line = l.payload, true, l.num
		case cur >= 0 && l.level == "3" && l.tag == "PHRASE" && recs[cur].has:
			recs[cur].phrase = l.payload
		}
	}
	var out []convRecord
	for _, r := range recs {
		if r.has {
			out = append(out, r)
		}
	}
	return out
}

// TestToV7Conversion walks each 5.5.1 conversion input and its expected
// GEDCOM 7 output in parallel and requires ToV7 to give every expected DATE
// payload and PHRASE. Payloads compare equal when they differ only by the
// optional GREGORIAN keyword, which README.upstream.md says does not count.
// The expected files build the phrase of a date in the 5.5.1 calendars
// ROMAN and UNKNOWN from the already converted text ("_ROMAN"), so for
// those the phrase is compared after the same renaming.
func TestToV7Conversion(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "data", "gedcom", "conversion-551-to-70")
	for _, name := range []string{"date-all.ged", "date-dual-invalid.ged"} {
		t.Run(name, func(t *testing.T) {
			in := convRecords(t, filepath.Join(dir, "5", name), "DATE")
			want := convRecords(t, filepath.Join(dir, "7", name), "DATE")
			if len(in) != len(want) {
				t.Fatalf("%d DATEs in 5/%s, %d in 7/%s", len(in), name, len(want), name)
			}
			var exact, equivalent int
			for i := range in {
				payload, phrase := ToV7(in[i].value)
				w := want[i]
				switch {
				case payload == w.value && phrase == w.phrase:
					exact++
				case sameV7(payload, w.value) && (phrase == w.phrase || renameExtCalendars(phrase) == w.phrase):
					equivalent++
				default:
					t.Errorf("5/%s:%d: ToV7(%q) = %q, %q; want %q, %q (7/%s:%d)", name, in[i].line, in[i].value, payload, phrase, w.value, w.phrase, name, w.line)
				}
			}
			t.Logf("%s: %d of %d DATEs match (%d exactly, %d up to GREGORIAN or the _ROMAN/_UNKNOWN phrase renaming)", name, exact+equivalent, len(in), exact, equivalent)
		})
	}
}

func renameExtCalendars(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if w == "ROMAN" || w == "UNKNOWN" {
			words[i] = "_" + w
		}
	}
	return strings.Join(words, " ")
}

// TestAgeToV7Conversion does for AGE what TestToV7Conversion does for
// DATE, pairing the structures by their "EVEN when …" payload because the
// expected valid-age file has one extra structure.
func TestAgeToV7Conversion(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "data", "gedcom", "conversion-551-to-70")
	for _, name := range []string{"age-valid.ged", "age-invalid.ged"} {
		t.Run(name, func(t *testing.T) {
			in := convRecords(t, filepath.Join(dir, "5", name), "AGE")
			want := convRecords(t, filepath.Join(dir, "7", name), "AGE")
			if len(want) < len(in) {
				t.Fatalf("%d AGEs in 5/%s, only %d in 7/%s", len(in), name, len(want), name)
			}
			for i := range in {
				payload, phrase := AgeToV7(in[i].value)
				if w := want[i]; payload != w.value || phrase != w.phrase {
					t.Errorf("5/%s:%d: AgeToV7(%q) = %q, %q; want %q, %q", name, in[i].line, in[i].value, payload, phrase, w.value, w.phrase)
				}
				if _, err := ParseAgeV7(want[i].value); err != nil {
					t.Errorf("7/%s:%d: ParseAgeV7(%q): %v", name, want[i].line, want[i].value, err)
				}
			}
			t.Logf("%s: %d AGEs compared", name, len(in))
		})
	}
}

// TestGEDCOM70AgeFile parses every AGE of the official GEDCOM 7 age test
// file with ParseAgeV7 and requires String to give it back.
func TestGEDCOM70AgeFile(t *testing.T) {
	path := filepath.Join(sharedDir(t), "data", "gedcom", "gedcom70", "age.ged")
	n := 0
	for _, l := range readGed(t, path) {
		if l.tag != "AGE" {
			continue
		}
		n++
		a, err := ParseAgeV7(l.payload)
		if err != nil {
			t.Errorf("age.ged:%d: ParseAgeV7(%q): %v", l.num, l.payload, err)
			continue
		}
		if got := a.String(); got != l.payload {
			t.Errorf("age.ged:%d: ParseAgeV7(%q).String() = %q", l.num, l.payload, got)
		}
	}
	if n < 50 {
		t.Errorf("age.ged: found %d AGE lines, want over 50", n)
	}
}
