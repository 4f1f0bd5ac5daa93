package sqlstore

import (
	"slices"
	"testing"
)

func TestDaitchMokotoff(t *testing.T) {
	tests := []struct {
		name, word string
		want       []string
	}{
		// Published examples (JewishGen), each checked against the table.
		{"W after a vowel, TZ", "Moskowitz", []string{"645740"}},
		{"same as Moskowitz", "Moskovitz", []string{"645740"}},
		{"RS two ways", "Peters", []string{"739400", "734000"}},
		{"AU at the start, CH two ways", "Auerbach", []string{"097500", "097400"}},
		{"sounds like Auerbach", "Ohrbach", []string{"097500", "097400"}},
		// Schwartz has no RZ or RS: R and TZ are coded apart, one code.
		{"SCH at the start, R then TZ", "Schwartz", []string{"479400"}},
		{"RZ two ways", "Schwarz", []string{"479400", "474000"}},
		{"J two ways, CK two ways", "Jackson", []string{"154600", "454600", "145460", "445460"}},
		{"LIPSHITZ", "Lipshitz", []string{"874400"}},
		{"SZ Polish", "Lippszyc", []string{"874400", "874500"}},
		{"KS before a vowel", "Kessler", []string{"548900"}},
		{"MN coded twice", "Mnich", []string{"665000", "664000"}},
		{"diacritics folded", "Woźniak", []string{"746500"}},
		{"ą codes 6 or nothing", "Dąbrowski", []string{"367974", "379745"}},
		{"ST at the start", "Stein", []string{"260000"}},
		{"ST before a vowel", "Feinstein", []string{"764360"}},
		{"vowel group at the start", "Eisenberg", []string{"046795"}},
		{"AI before a vowel is 1", "Kaiaa", []string{"510000"}},
		{"H silent before a consonant", "Ahlberg", []string{"087950"}},
		{"X", "Alexander", []string{"085463"}},
		{"Y at the start", "Yeager", []string{"159000"}},
		{"a long name is cut at six digits", "Szczepanowskiewicz", []string{"276745"}},
		{"no Latin letters", "李", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DaitchMokotoff(tt.word)
			a, b := slices.Clone(got), slices.Clone(tt.want)
			slices.Sort(a)
			slices.Sort(b)
			if !slices.Equal(a, b) {
				t.Errorf("DaitchMokotoff(%q) = %v, want %v", tt.word, got, tt.want)
			}
		})
	}
}

func FuzzDaitchMokotoff(f *testing.F) {
	for _, s := range []string{"Moskowitz", "Dąbrowski", "Schtschukin", "ţ", "mnmnmn", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range DaitchMokotoff(s) {
			if len(c) != 6 {
				t.Errorf("DaitchMokotoff(%q) gave %q, want six digits", s, c)
			}
			for _, d := range c {
				if d < '0' || d > '9' {
					t.Errorf("DaitchMokotoff(%q) gave %q, want digits", s, c)
				}
			}
		}
	})
}
