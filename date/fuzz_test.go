package date

import (
	"errors"
	"testing"
)

// FuzzParse checks that Parse never panics, that every error is a
// positioned *SyntaxError, and that a date without phrase or dual year
// survives String and Parse unchanged; it also runs the strict parsers and
// the conversions on the same input.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"BET 1 JAN 1900 AND 1901", "ABT 1850", "FROM JULIAN 1670 TO 1800",
		"@#DJULIAN@ 11 FEB 1731/32", "INT 1900 (about 1900)", "(Stillborn)",
		"_UNKNOWN 13 _MONTH 17", "HEBREW 30 ADR 5783", "FRENCH_R 6 COMP 3",
		"15 MAR 44 B.C.", "1903/4", "@#DFRENCH R@ 1 VEND 1", "32 JAN 1900",
		"BEF 1850 _AUC", "GREGORIAN _SPRING 1850", "", "  abt  jan 1850 ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %v is not a *SyntaxError", s, err)
			}
			if se.Column < 1 || se.Column > len(s)+1 {
				t.Fatalf("Parse(%q) error column %d outside 1…%d", s, se.Column, len(s)+1)
			}
		}
		ParseV7(s)
		ParseV551(s)
		ParseV7Period(s)
		ParseV7Exact(s)
		ToV7(s)
		ToV551(s, "phrase")
		d.Range()
		d.Year()
		_ = d.V551()
		if err != nil || d.Phrase != "" || d.Interpreted || d.Start.DualYear != 0 || d.End.DualYear != 0 {
			return
		}
		out := d.String()
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, which does not parse: %v", s, out, err)
		}
		if back != d {
			t.Fatalf("Parse(%q) = %#v\nString() = %q\nParse again = %#v", s, d, out, back)
		}
		if _, err := ParseV7(out); err != nil {
			t.Fatalf("Parse(%q).String() = %q, which ParseV7 rejects: %v", s, out, err)
		}
	})
}

// FuzzParseAge checks that ParseAge and ParseAgeV7 never panic and that
// String gives a payload ParseAgeV7 accepts and reads back the same.
func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"> 1y 2m 3w 4d", "< 8y", "0y", "CHILD", "11m99y", "<0 D", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseAgeV7(s)
		AgeToV7(s)
		a, err := ParseAge(s)
		if err != nil {
			return
		}
		out := a.String()
		b, err := ParseAgeV7(out)
		if err != nil {
			t.Fatalf("ParseAge(%q).String() = %q, which ParseAgeV7 rejects: %v", s, out, err)
		}
		a.Word = ""
		if b != a {
			t.Fatalf("ParseAge(%q) = %+v, String %q reads back as %+v", s, a, out, b)
		}
	})
}

// FuzzParseTime checks that ParseTime never panics and round-trips.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2:50", "23:59:59.250Z", "24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseTime(s)
		if err != nil {
			return
		}
		back, err := ParseTime(tm.String())
		if err != nil || back != tm {
			t.Fatalf("ParseTime(%q) = %+v; String %q reads back as %+v, %v", s, tm, tm.String(), back, err)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{"12 AUG 1401", "BET 1 JAN 1900 AND 1901", "ABT @#DJULIAN@ 11 FEB 1731/32", "FROM HEBREW 1 TSH 5760 TO 2000"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := Parse(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRange(b *testing.B) {
	d, _ := Parse("BET HEBREW 1 TSH 5760 AND JULIAN 1 JAN 2000")
	for b.Loop() {
		d.Range()
	}
}
