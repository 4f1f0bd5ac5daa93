package date

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mustParse(t testing.TB, s string) Date {
	t.Helper()
	d, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return d
}

func TestCalendarEquivalences(t *testing.T) {
	tests := []struct {
		name string
		a, b string // two spellings of the same day
		jdn  JDN
	}{
		{"french epoch", "FRENCH_R 1 VEND 1", "22 SEP 1792", 2375840},
		{"hebrew 5760", "HEBREW 1 TSH 5760", "11 SEP 1999", 2451433},
		{"hebrew 5761", "HEBREW 1 TSH 5761", "30 SEP 2000", 2451818},
		{"hebrew epoch", "HEBREW 1 TSH 1", "JULIAN 7 OCT 3761 BCE", 347998},
		{"gregorian reform julian side", "JULIAN 4 OCT 1582", "14 OCT 1582", 2299160},
		{"gregorian reform gregorian side", "15 OCT 1582", "JULIAN 5 OCT 1582", 2299161},
		{"j2000", "1 JAN 2000", "JULIAN 19 DEC 1999", 2451545},
		{"jdn zero", "JULIAN 1 JAN 4713 BCE", "24 NOV 4714 BCE", 0},
		{"no year zero", "31 DEC 1 BCE", "JULIAN 2 JAN 1", 1721425},
		{"french leap year", "FRENCH_R 6 COMP 3", "22 SEP 1795", 2376935},
		{"french republic ends", "FRENCH_R 10 NIVO 14", "31 DEC 1805", 2380687},
		{"hebrew leap adar", "HEBREW 14 ADS 5784", "24 MAR 2024", 2460394},
		{"hebrew common adar written ADR", "HEBREW 14 ADR 5783", "7 MAR 2023", 2460011},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := mustParse(t, tt.a), mustParse(t, tt.b)
			ja, _ := a.Range()
			jb, _ := b.Range()
			if ja != tt.jdn || jb != tt.jdn {
				t.Errorf("%q is JDN %d and %q is JDN %d, want %d", tt.a, ja, tt.b, jb, tt.jdn)
			}
			if a.Start.Calendar == Hebrew && a.Start.Month == 6 && !hebrewLeap(int64(a.Start.Year)) {
				return // FromJDN names the Adar of a common year ADS
			}
			if got := FromJDN(a.Start.Calendar, tt.jdn); got != a.Start {
				t.Errorf("FromJDN(%v, %d) = %+v, want %+v", a.Start.Calendar, tt.jdn, got, a.Start)
			}
		})
	}
}

// TestCalendarRoundTrip converts every 101st day over 6000 years to each
// calendar and back.
func TestCalendarRoundTrip(t *testing.T) {
	for _, c := range []Calendar{Gregorian, Julian, Hebrew, FrenchRepublican} {
		for j := JDN(348000); j < 2_600_000; j += 101 {
			d := FromJDN(c, j)
			if d.Day < 1 || int(d.Day) > DaysInMonth(c, int(d.Year), int(d.Month), d.BCE) {
				t.Fatalf("FromJDN(%v, %d) = %+v: day out of range", c, j, d)
			}
			if got := d.toJDN(); got != j {
				t.Fatalf("FromJDN(%v, %d) = %+v, which is JDN %d", c, j, d, got)
			}
		}
	}
}

func TestHebrewYearLengths(t *testing.T) {
	for y := int64(5700); y < 5800; y++ {
		n := hebrewNewYear(y+1) - hebrewNewYear(y)
		var sum int64
		for _, l := range hebrewMonthLengths(y) {
			sum += int64(l)
		}
		if sum != n || !slices.Contains([]int64{353, 354, 355, 383, 384, 385}, n) {
			t.Errorf("Hebrew year %d: %d days, months sum to %d", y, n, sum)
		}
		if leap := n > 355; leap != hebrewLeap(y) {
			t.Errorf("Hebrew year %d: %d days but leap = %v", y, n, hebrewLeap(y))
		}
	}
}

func TestRange(t *testing.T) {
	jdn := func(s string) JDN {
		f, _, ok := mustParse(t, s).Start.Span()
		if !ok {
			t.Fatalf("no span for %q", s)
		}
		return f
	}
	tests := []struct {
		in          string
		first, last JDN
	}{
		{"12 AUG 1901", jdn("12 AUG 1901"), jdn("12 AUG 1901")},
		{"1850", jdn("1 JAN 1850"), jdn("31 DEC 1850")},
		{"FEB 1900", jdn("1 FEB 1900"), jdn("28 FEB 1900")},
		{"ABT 1850", jdn("1 JAN 1850") - ApproxDays, jdn("31 DEC 1850") + ApproxDays},
		{"EST 1850", jdn("1 JAN 1850") - ApproxDays, jdn("31 DEC 1850") + ApproxDays},
		{"CAL 1850", jdn("1 JAN 1850"), jdn("31 DEC 1850")},
		{"BEF 1850", MinJDN, jdn("31 DEC 1850")},
		{"TO 1850", MinJDN, jdn("31 DEC 1850")},
		{"AFT 1850", jdn("1 JAN 1850"), MaxJDN},
		{"FROM 1850", jdn("1 JAN 1850"), MaxJDN},
		{"BET 1850 AND MAR 1860", jdn("1 JAN 1850"), jdn("31 MAR 1860")},
		{"BET 1860 AND 1850", jdn("1 JAN 1850"), jdn("31 DEC 1860")},
		{"FROM JULIAN 1700 TO 1701", jdn("JULIAN 1 JAN 1700"), jdn("31 DEC 1701")},
		{"HEBREW 5760", jdn("11 SEP 1999"), jdn("29 SEP 2000")},
		{"11 FEB 1750/51", jdn("11 FEB 1751"), jdn("11 FEB 1751")},
		{"_UNKNOWN 1850", MinJDN, MaxJDN},
		{"BET 1850 AND _UNKNOWN 4", jdn("1 JAN 1850"), MaxJDN},
		{"(unknown)", MinJDN, MaxJDN},
		{"", MinJDN, MaxJDN},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			f, l := mustParse(t, tt.in).Range()
			if f != tt.first || l != tt.last {
				t.Errorf("Parse(%q).Range() = %d, %d; want %d, %d", tt.in, f, l, tt.first, tt.last)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	in := []string{"1900", "", "BEF 1850", "JULIAN 1 JAN 1850", "1 JAN 1850", "1850", "ABT 1849", "HEBREW 5610", "12 AUG 1401 BCE", "BET 1850 AND 1860"}
	// HEBREW 5610 began in September 1849; 1 JAN 1850 ends before 1850
	// does; JULIAN 1 JAN 1850 is 13 JAN 1850.
	want := []string{"", "12 AUG 1401 BCE", "ABT 1849", "HEBREW 5610", "1 JAN 1850", "1850", "BEF 1850", "BET 1850 AND 1860", "JULIAN 1 JAN 1850", "1900"}
	var ds []Date
	for _, s := range in {
		ds = append(ds, mustParse(t, s))
	}
	slices.SortStableFunc(ds, Compare)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("sorted = %q, want %q", got, want)
	}
	if c := Compare(mustParse(t, "1850"), mustParse(t, "1850")); c != 0 {
		t.Errorf("Compare(1850, 1850) = %d, want 0", c)
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		name string
		d    Date
		want string
		year int
	}{
		{"Year", Year(1850), "1850", 1850},
		{"Year BCE", Year(-44), "44 BCE", -44},
		{"Year zero", Year(0), "", 0},
		{"YMD", YMD(1900, 1, 31), "31 JAN 1900", 1900},
		{"YMD month only", YMD(1900, 3, 0), "MAR 1900", 1900},
		{"BetweenYears", BetweenYears(1900, 1910), "BET 1900 AND 1910", 1905},
		{"BetweenYears same", BetweenYears(1900, 1900), "1900", 1900},
		{"FromTime", FromTime(time.Date(2024, time.February, 29, 23, 0, 0, 0, time.UTC)), "29 FEB 2024", 2024},
		{"julian year", mustParse(t, "JULIAN 31 DEC 1699"), "JULIAN 31 DEC 1699", 1700},
		{"hebrew year", mustParse(t, "HEBREW 5760"), "HEBREW 5760", 2000},
		{"extension calendar", mustParse(t, "_UNKNOWN 1850"), "_UNKNOWN 1850", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.d.Year(); got != tt.year {
				t.Errorf("%q.Year() = %d, want %d", tt.want, got, tt.year)
			}
		})
	}
}

// TestGolden writes String and V551 of every date in testdata/dates.txt to
// testdata/dates.golden; run with -update to rewrite it.
func TestGolden(t *testing.T) {
	in, err := os.ReadFile(filepath.Join("testdata", "dates.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(string(in), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		d, err := Parse(line)
		p7, ph := ToV7(line)
		f, l := d.Range()
		b.WriteString("in:     " + line + "\n")
		if err != nil {
			b.WriteString("error:  " + err.Error() + "\n")
		}
		b.WriteString("string: " + d.String() + "\nv551:   " + d.V551() + "\n")
		b.WriteString("tov7:   " + p7 + " | " + ph + "\n")
		b.WriteString("range:  " + itoa(int(f)) + " " + itoa(int(l)) + "\n\n")
	}
	golden := filepath.Join("testdata", "dates.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("output differs from %s; run go test -update and review the diff\n%s", golden, b.String())
	}
}
