package ingest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin"
)

func (c nameClass) String() string {
	switch c {
	case nameMale:
		return "male"
	case nameFemale:
		return "female"
	case nameUnisex:
		return "unisex"
	}
	return "unknown"
}

func TestClassifyName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want nameClass
	}{
		// The lexicon.
		{"English male", "John", nameMale},
		{"English female", "Mary", nameFemale},
		{"lower case", "margaret", nameFemale},
		{"upper case", "WILLIAM", nameMale},
		{"Spanish with acute accent", "José", nameMale},
		{"Spanish accent upper case", "JOSÉ", nameMale},
		{"French diaeresis", "Zoë", nameFemale},
		{"Polish letters", "Małgorzata", nameFemale},
		{"German umlaut", "Jürgen", nameMale},
		{"Portuguese tilde", "João", nameMale},
		{"Irish fada", "Siobhán", nameFemale},
		{"Dutch", "Pieter", nameMale},
		{"Scandinavian", "Solveig", nameFemale},
		{"Greek", "Dimitrios", nameMale},
		{"Hebrew", "Shoshana", nameFemale},
		{"Arabic", "Khadija", nameFemale},
		{"Indian", "Suresh", nameMale},
		{"Yoruba", "Babatunde", nameMale},
		{"Igbo", "Ngozi", nameFemale},
		{"Japanese", "Hiroshi", nameMale},
		{"Italian Luca is male", "Luca", nameMale},
		{"Hebrew Ezra is male", "Ezra", nameMale},
		{"trailing full stop", "Thomas.", nameMale},
		{"compound in the lexicon", "Jean-Marie", nameMale},
		{"compound, first part decides", "Anna-Lena", nameFemale},
		{"compound, unisex first part", "Jean-Pierre", nameMale},
		{"compound, unisex first part, female", "Jean-Claudine", nameFemale},
		{"compound of unknown parts", "Xq-Zr", nameUnknown},
		// Unisex names are never guessed.
		{"Alex", "Alex", nameUnisex},
		{"Jordan", "Jordan", nameUnisex},
		{"Taylor", "Taylor", nameUnisex},
		{"Casey", "Casey", nameUnisex},
		{"Robin", "Robin", nameUnisex},
		{"Andrea, male in Italian", "Andrea", nameUnisex},
		{"Jean, male in French", "Jean", nameUnisex},
		{"Kim", "Kim", nameUnisex},
		{"Nicola, male in Italian", "Nicola", nameUnisex},
		{"Sasha", "Sasha", nameUnisex},
		{"Nikita", "Nikita", nameUnisex},
		{"Dana", "Dana", nameUnisex},
		{"Simone", "Simone", nameUnisex},
		{"Chinese syllable", "Wei", nameUnisex},
		// Unknown.
		{"empty", "", nameUnknown},
		{"blank", "  ", nameUnknown},
		{"initial", "J.", nameUnknown},
		{"not a name", "Xyzzy", nameUnknown},
		{"short unknown ending in a", "Oba", nameUnknown},
		{"non-Latin script", "Анна", nameUnknown},
		// Suffix rules for names not in the lexicon.
		{"suffix -a female", "Rosalba", nameFemale},
		{"suffix -a female with accent", "Ottávia", nameFemale},
		{"suffix -o male", "Anselmo", nameMale},
		{"suffix -o male upper case", "ERMENEGILDO", nameMale},
		// Their exceptions.
		{"exception Gianluca", "Gianluca", nameUnknown},
		{"exception Mattia", "Mattia", nameUnknown},
		{"exception Elisha", "Elisha", nameUnknown},
		{"exception Zacharia", "Zacharia", nameUnknown},
		{"exception Yahya", "Yahya", nameUnknown},
		{"exception Kuzma", "Kuzma", nameUnknown},
		{"ending -ya", "Kolya", nameUnknown},
		{"ending -sha", "Grisha", nameUnknown},
		{"ending -ta (Japanese male)", "Ryuta", nameUnknown},
		{"ending -ko (Japanese female)", "Sakiko", nameUnknown},
		{"ending -ua", "Jehoshua", nameUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := classifyName(tt.in); got != tt.want {
				t.Errorf("classifyName(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSexFromGivenName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want kin.Sex
	}{
		{"one name", "Alec", kin.SexMale},
		{"first of two decides", "José María", kin.SexMale},
		{"female first", "Mary Ann", kin.SexFemale},
		{"unisex first is not guessed", "Jordan Michael", kin.SexUnknown},
		{"unknown", "Qwerty", kin.SexUnknown},
		{"initials", "J. R.", kin.SexUnknown},
		{"empty", "", kin.SexUnknown},
		{"extra spaces", "  Zoë  ", kin.SexFemale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SexFromGivenName(tt.in); got != tt.want {
				t.Errorf("SexFromGivenName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestLexiconEntries checks that every entry is a folded lower-case name
// and that no name is listed twice under one sex by a typing slip that
// would hide a unisex conflict.
func TestLexiconEntries(t *testing.T) {
	for _, list := range []struct{ name, text string }{
		{"female", femaleNames}, {"male", maleNames}, {"unisex", unisexNames}, {"exceptions", suffixExceptions},
	} {
		for _, w := range strings.Fields(list.text) {
			for _, r := range w {
				if (r < 'a' || r > 'z') && r != '-' {
					t.Errorf("%s name %q: got %q, want only a-z and hyphens", list.name, w, r)
				}
			}
			if fold(w) != w {
				t.Errorf("%s name %q: got unfolded, want %q", list.name, w, fold(w))
			}
		}
	}
	names, _ := lexicon()
	if len(names) < 1500 {
		t.Errorf("lexicon has %d names, want at least 1500", len(names))
	}
	for _, w := range strings.Fields(unisexNames) {
		if i := strings.LastIndexByte(w, '-'); i > 0 && len(w)-i == 2 {
			w = w[:i]
		}
		if got := SexFromGivenName(w); got != kin.SexUnknown {
			t.Errorf("unisex name %q: got %q, want no guess", w, got)
		}
	}
}

func TestSexGuessFromName(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		person     string
		want       kin.Sex
		wantGuess  bool
		wantConf   kin.Confidence
		wantQuoted string // the start of the evidence sentence
	}{
		{
			name:       "no textual evidence: guessed, low, first mention",
			text:       "Rosalind Pike was married to Gerald Pike from 1990 to 2001. The couple divorced in 2001. Rosalind Pike later moved to Leeds.",
			person:     "Rosalind Pike",
			want:       kin.SexFemale,
			wantGuess:  true,
			wantConf:   kin.ConfidenceLow,
			wantQuoted: "Rosalind Pike was married",
		},
		{
			name:       "pronoun wins over a female-looking name",
			text:       "Evelyn Hart was married to Susan Hart from 1980 to 1999. He said the divorce was amicable. The couple have a son, Tom Hart.",
			person:     "Evelyn Hart",
			want:       kin.SexMale,
			wantConf:   kin.ConfidenceNormal,
			wantQuoted: "He said",
		},
		{
			name:       "kinship noun wins over a male-looking name",
			text:       "Peter Lang and his daughter Kim Lang opened the shop in 1999. His son Robin Lang joined later.",
			person:     "Kim Lang",
			want:       kin.SexFemale,
			wantConf:   kin.ConfidenceNormal,
			wantQuoted: "Peter Lang and his daughter",
		},
		{
			name:   "unisex name stays unknown",
			text:   "Jordan Vance was married to Taylor Vance from 2001 to 2010.",
			person: "Jordan Vance",
			want:   kin.SexUnknown,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := extractText(t, "2024-01-01", tt.text)
			var p *Person
			for i := range x.Persons {
				if x.Persons[i].Name.Full() == tt.person {
					p = &x.Persons[i]
				}
			}
			if p == nil {
				t.Fatalf("no person %q in %v", tt.person, facts(x))
			}
			if p.Sex != tt.want || p.SexGuessed != tt.wantGuess {
				t.Fatalf("%s: got sex %q guessed %v, want %q guessed %v", tt.person, p.Sex, p.SexGuessed, tt.want, tt.wantGuess)
			}
			if tt.want == kin.SexUnknown {
				if p.SexEvidence != nil {
					t.Errorf("%s: got evidence %q, want none", tt.person, p.SexEvidence.Sentence)
				}
				return
			}
			if p.SexEvidence == nil {
				t.Fatalf("%s: got no sex evidence", tt.person)
			}
			if p.SexEvidence.Confidence != tt.wantConf {
				t.Errorf("%s: got confidence %d, want %d", tt.person, p.SexEvidence.Confidence, tt.wantConf)
			}
			if !strings.HasPrefix(p.SexEvidence.Sentence, tt.wantQuoted) {
				t.Errorf("%s: got evidence %q, want it to start %q", tt.person, p.SexEvidence.Sentence, tt.wantQuoted)
			}
			if p.SexGuessed && p.SexEvidence.Sentence != p.Evidence.Sentence {
				t.Errorf("%s: got guess evidence %q, want the first mention %q", tt.person, p.SexEvidence.Sentence, p.Evidence.Sentence)
			}
		})
	}
}

// TestBaldwinHilariaGuessed checks the canonical case: Hilaria is only
// "married to" Alec, so her sex is a low-confidence guess from her name,
// and the tree's sex citation says so.
func TestBaldwinHilariaGuessed(t *testing.T) {
	shared := sharedDir(t)
	f, err := os.Open(filepath.Join(shared, "data", "articles", "baldwin-2025-03-04.txt"))
	if err != nil {
		t.Skipf("../shared not found: %v", err)
	}
	defer f.Close()
	a, err := ParseArticle("baldwin-2025-03-04.txt", f, "")
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewExtractor().Extract(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	var p *Person
	for i := range x.Persons {
		if strings.HasPrefix(x.Persons[i].Name.Given, "Hilaria") {
			p = &x.Persons[i]
		}
	}
	if p == nil {
		t.Fatalf("no Hilaria in %v", facts(x))
	}
	if p.Sex != kin.SexFemale || !p.SexGuessed {
		t.Fatalf("Hilaria: got sex %q guessed %v, want F guessed", p.Sex, p.SexGuessed)
	}
	if p.SexEvidence == nil || p.SexEvidence.Confidence != kin.ConfidenceLow {
		t.Fatalf("Hilaria: got sex evidence %+v, want confidence Low", p.SexEvidence)
	}
	tr := x.Tree("baldwin")
	for _, kp := range tr.People {
		if kp.ID != kin.ID("baldwin/"+p.ID) {
			continue
		}
		if kp.Sex != kin.SexFemale || len(kp.SexCitations()) != 1 {
			t.Fatalf("tree Hilaria: got sex %q with %d citations, want F with 1", kp.Sex, len(kp.SexCitations()))
		}
		c := kp.SexCitations()[0]
		if c.Confidence != kin.ConfidenceLow || len(c.Notes()) != 1 || !strings.Contains(c.Notes()[0].Text, "guessed from the given name Hilaria") {
			t.Errorf("tree Hilaria: got citation confidence %d notes %+v, want Low with a note on the guess", c.Confidence, c.Notes())
		}
		return
	}
	t.Fatalf("tree has no person baldwin/%s", p.ID)
}

// TestOwnArticleSexAccuracy compares the sex of every person of the gold
// files in testdata/articles with the extraction, matching persons by
// name, and fails below the floor (0.99 reached with the name guess, 0.73
// without it).
func TestOwnArticleSexAccuracy(t *testing.T) {
	golds, err := filepath.Glob(filepath.Join("testdata", "articles", "*.gold.json"))
	if err != nil || len(golds) == 0 {
		t.Fatalf("no gold files in testdata/articles: %v", err)
	}
	g := NewExtractor()
	ok, total := 0, 0
	for _, gf := range golds {
		b, err := os.ReadFile(gf)
		if err != nil {
			t.Fatal(err)
		}
		var gold struct {
			Persons []struct {
				Name       string `json:"name"`
				Sex        string `json:"sex"`
				Peripheral bool   `json:"peripheral"`
			} `json:"persons"`
		}
		if err := json.Unmarshal(b, &gold); err != nil {
			t.Fatalf("%s: %v", gf, err)
		}
		txt := strings.TrimSuffix(gf, ".gold.json") + ".txt"
		f, err := os.Open(txt)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ParseArticle(filepath.Base(txt), f, "")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		x, err := g.Extract(t.Context(), a)
		if err != nil {
			t.Fatal(err)
		}
		sex := map[string]kin.Sex{}
		for _, p := range x.Persons {
			sex[fold(p.Name.Full())] = p.Sex
		}
		for _, gp := range gold.Persons {
			s, found := sex[fold(gp.Name)]
			if gp.Peripheral || !found || (gp.Sex != "M" && gp.Sex != "F") {
				continue
			}
			total++
			if string(s) == gp.Sex {
				ok++
			}
		}
	}
	if total == 0 {
		t.Fatal("no gold person matched by name")
	}
	acc := float64(ok) / float64(total)
	t.Logf("sex accuracy %d/%d = %.2f", ok, total, acc)
	if acc < 0.95 {
		t.Errorf("sex accuracy = %.2f (%d/%d), want >= 0.95", acc, ok, total)
	}
}

// FuzzSexFromGivenName checks that any text gives M, F or U without
// panicking, and that ASCII case does not change the answer.
func FuzzSexFromGivenName(f *testing.F) {
	for _, s := range []string{"Hilaria", "José María", "Jean-Pierre", "Zoë", "-", "a--b", "J.", "", "Анна"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SexFromGivenName(s)
		switch got {
		case kin.SexMale, kin.SexFemale, kin.SexUnknown:
		default:
			t.Fatalf("SexFromGivenName(%q) = %q, want M, F or U", s, got)
		}
		ascii := true
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				ascii = false
			}
		}
		if ascii {
			if up := SexFromGivenName(strings.ToUpper(s)); up != got {
				t.Errorf("SexFromGivenName(%q) = %q, but upper case gives %q", s, got, up)
			}
		}
	})
}
