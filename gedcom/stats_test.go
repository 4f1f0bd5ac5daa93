package gedcom

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"kin/date"
)

// records is a RecordReader over Nodes built in memory.
type records []*Node

func (r *records) Next() (*Node, error) {
	if len(*r) == 0 {
		return nil, io.EOF
	}
	n := (*r)[0]
	*r = (*r)[1:]
	return n, nil
}

func TestStats(t *testing.T) {
	rs := records{
		rec(t, "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8"),
		rec(t, "0 @I1@ INDI\n1 SEX M\n1 BIRT\n2 DATE ABT 1850\n1 OCCU Smith\n1 DEAT\n2 DATE BEF 1901\n1 ASSO @I2@\n1 ASSO @VOID@"),
		rec(t, "0 @I2@ INDI\n1 SEX F\n1 BIRT\n2 DATE 3 MAR 1852"),
		rec(t, "0 @I3@ INDI\n1 SEX x\n1 BURI\n2 DATE (winter)"),
		rec(t, "0 @I4@ INDI\n1 CHR\n2 DATE BET 1870 AND 1875\n1 SEX U"),
		rec(t, "0 @I5@ INDI"),
		rec(t, "0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@\n1 CHIL @I4@\n1 MARR\n2 DATE 1869"),
		rec(t, "0 @F2@ FAM\n1 HUSB @I1@\n1 CHIL @VOID@\n1 DIV"),
		rec(t, "0 @S1@ SOUR"),
		rec(t, "0 @R1@ REPO"),
		rec(t, "0 @N1@ NOTE shared"),
		rec(t, "0 @O1@ OBJE"),
		rec(t, "0 @U1@ SUBM"),
		rec(t, "0 TRLR"),
	}
	got, err := Stats(context.Background(), &rs)
	if err != nil {
		t.Fatal(err)
	}
	want := &Statistics{
		Version:      "5.5.1",
		Encoding:     "UTF-8",
		Records:      map[string]int{"HEAD": 1, "INDI": 5, "FAM": 2, "SOUR": 1, "REPO": 1, "NOTE": 1, "OBJE": 1, "SUBM": 1, "TRLR": 1},
		People:       5,
		PeopleBySex:  SexCounts{Male: 1, Female: 1, Intersex: 1, Unknown: 1, None: 1},
		Families:     2,
		Sources:      1,
		Repositories: 1,
		Notes:        1,
		Media:        1,
		Submitters:   1,
		Associations: 1,
		FamilyCounts: FamilyStats{WithChildren: 1, Children: 2, Couples: 1},
		Events:       8,
		EventsByType: map[string]int{"BIRT": 2, "OCCU": 1, "DEAT": 1, "BURI": 1, "CHR": 1, "MARR": 1, "DIV": 1},
		Dates:        6,
		UndatedDates: 1,
		Earliest:     &DatedEvent{Date: "ABT 1850", Event: "BIRT", Record: "I1"},
		Latest:       &DatedEvent{Date: "BEF 1901", Event: "DEAT", Record: "I1"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Stats:\ngot  %+v\nwant %+v", *got, *want)
		if !reflect.DeepEqual(got.Earliest, want.Earliest) || !reflect.DeepEqual(got.Latest, want.Latest) {
			t.Errorf("dates: got %+v and %+v, want %+v and %+v", got.Earliest, got.Latest, want.Earliest, want.Latest)
		}
	}
}

func TestStatsCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rs := records{rec(t, "0 HEAD")}
	if _, err := Stats(ctx, &rs); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestStatsDecoder streams a real file through a Decoder and checks the
// counts against the tree the same file maps to.
func TestStatsDecoder(t *testing.T) {
	path := filepath.Join(sharedDir(t), "data", "relationships", "gramps-example", "example.ged")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := NewDecoder(f)
	dec.Lenient = true
	dec.Warn = func(error) {}
	st, err := Stats(context.Background(), dec)
	if err != nil {
		t.Fatal(err)
	}
	tree, _ := buildTree(t, path)
	var events int
	for _, p := range tree.People {
		events += len(p.Events)
	}
	for _, f := range tree.Families {
		events += len(f.Events)
	}
	tests := []struct {
		name      string
		got, want any
	}{
		{"version", st.Version, "5.5.1"},
		{"encoding", st.Encoding, "UTF-8"},
		{"people", st.People, len(tree.People)},
		{"families", st.Families, len(tree.Families)},
		{"events", st.Events, events},
		{"sources", st.Sources, len(tree.Sources)},
		{"notes", st.Notes, len(tree.Notes)},
		{"sexes add up", st.PeopleBySex.Male + st.PeopleBySex.Female + st.PeopleBySex.Intersex + st.PeopleBySex.Unknown + st.PeopleBySex.None, st.People},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestSimpleDate checks that Stats' fast path for common dates agrees with
// date.Parse, and leaves every other form to it.
func TestSimpleDate(t *testing.T) {
	inputs := dateInputs()
	fast := 0
	for _, in := range inputs {
		got, ok := simpleDate(in)
		if !ok {
			continue
		}
		fast++
		want, err := date.Parse(in)
		if err != nil {
			t.Errorf("simpleDate(%q) accepted what date.Parse rejects: %v", in, err)
			continue
		}
		if placeOf(got.date()) != placeOf(want) {
			t.Errorf("simpleDate(%q) places it at %+v, want %+v (date.Parse)", in, placeOf(got.date()), placeOf(want))
		}
		if simplePlace(got) != placeOf(want) {
			t.Errorf("simplePlace(simpleDate(%q)) = %+v, want %+v (date.Parse)", in, simplePlace(got), placeOf(want))
		}
	}
	if fast < len(inputs)/2 {
		t.Errorf("simpleDate read %d of %d inputs, want most", fast, len(inputs))
	}
	for _, in := range []string{"01 JAN 1850", "32 JAN 1850", "1 jan 1850", "BET 1850 AND 1860", "1850/51", "1 JAN 1850 BCE", "30 FEB 1850", "1 JAN 1850 ", "AFT  1850"} {
		if _, ok := simpleDate(in); ok {
			t.Errorf("simpleDate(%q) = ok, want it left to date.Parse", in)
		}
	}
}

// TestStatsReuseText checks that Stats copies what it keeps: it gives the
// same statistics whether or not the decoder reuses each record's Nodes
// and text.
func TestStatsReuseText(t *testing.T) {
	inputs := map[string][]byte{"generated": reuseInput()}
	if dir, err := sharedGEDCOM(); err == nil {
		files, _ := filepath.Glob(filepath.Join(dir, "*", "*.ged"))
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			inputs[path] = data
		}
	}
	for name, data := range inputs {
		var got [2]*Statistics
		var errs [2]error
		for i, reuse := range []bool{false, true} {
			d := NewDecoder(bytes.NewReader(data))
			d.Lenient = true
			d.ReuseRecord = reuse
			d.ReuseText = reuse
			d.Warn = func(error) {}
			got[i], errs[i] = Stats(context.Background(), d)
		}
		if (errs[0] == nil) != (errs[1] == nil) {
			t.Errorf("%s: error %v with reuse, %v without", name, errs[1], errs[0])
			continue
		}
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("%s: with reuse\n%+v\nwithout\n%+v", name, got[1], got[0])
		}
	}
}

// dateInputs returns DATE payloads of the common forms and others.
func dateInputs() []string {
	var inputs []string
	for _, mod := range []string{"", "ABT ", "CAL ", "EST ", "BEF ", "AFT "} {
		for _, y := range []string{"1850", "1600", "1582", "999", "100", "2024", "1900"} {
			inputs = append(inputs, mod+y)
			for _, m := range []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"} {
				inputs = append(inputs, mod+m+" "+y)
				for _, d := range []string{"1", "9", "10", "28", "29", "30", "31"} {
					inputs = append(inputs, mod+d+" "+m+" "+y)
				}
			}
		}
	}
	inputs = append(inputs, "", "0", "01 JAN 1850", "1 JAN 01850", "32 JAN 1850", "1 jan 1850", "ABT", "ABT ",
		"BET 1850 AND 1860", "FROM 1850", "1850/51", "1 JAN 1850 BCE", "JULIAN 1 JAN 1850", "@#DJULIAN@ 1 JAN 1850",
		"1 JANUARY 1850", "12345", "1  JAN 1850", "AFT  1850", "INT 1850 (about)", "(phrase)", "1 JAN 1850 ", " 1850", "1 FEB 1900", "29 FEB 1900", "29 FEB 2000")
	return inputs
}

// TestQuickDate checks that quickDate reads what simpleDate reads.
func TestQuickDate(t *testing.T) {
	for _, in := range dateInputs() {
		sameQuickDate(t, in)
	}
}

func sameQuickDate(t *testing.T, in string) {
	t.Helper()
	got, gotOK := quickDate([]byte(in))
	want, wantOK := simpleDate(in)
	if got != want || gotOK != wantOK {
		t.Errorf("quickDate(%q) = %+v, %v; simpleDate: %+v, %v", in, got, gotOK, want, wantOK)
	}
}

// FuzzQuickDate compares quickDate with simpleDate.
func FuzzQuickDate(f *testing.F) {
	for _, in := range dateInputs() {
		f.Add(in)
	}
	f.Fuzz(sameQuickDate)
}
