package ingest

import (
	"maps"
	"reflect"
	"sync"
	"testing"
)

// TestLazyWordSet checks that a lazily built word list holds the same words
// as one built at once, and that callers racing on the first call all get
// the one set (run with -race).
func TestLazyWordSet(t *testing.T) {
	tests := []struct {
		name  string
		words string
		want  map[string]bool
	}{
		{"empty", "", map[string]bool{}},
		{"one", "married", map[string]bool{"married": true}},
		{"spaces and lines", "  is was\n\tare  were ", map[string]bool{"is": true, "was": true, "are": true, "were": true}},
		{"repeated", "wed wed weds", map[string]bool{"wed": true, "weds": true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := lazyWordSet(tt.words)
			got := make([]map[string]bool, 8)
			var wg sync.WaitGroup
			for i := range got {
				wg.Go(func() { got[i] = set() })
			}
			wg.Wait()
			if !maps.Equal(got[0], tt.want) {
				t.Errorf("lazyWordSet(%q)() = %v, want %v", tt.words, got[0], tt.want)
			}
			for i, m := range got {
				if reflect.ValueOf(m).UnsafePointer() != reflect.ValueOf(got[0]).UnsafePointer() {
					t.Errorf("call %d built a second set", i)
				}
			}
		})
	}
}

// TestLexiconBuiltLazily spot-checks tables that became accessors: they
// hold what the literals they replaced held.
func TestLexiconBuiltLazily(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"titles", titles()["mrs."], byte('F')},
		{"suffixes", suffixes()["jr"], "Jr."},
		{"kinTerms", kinTerms()["stepmum"], kinTerm{rel: kStepParent, sex: 'F', step: true}},
		{"occupations", occupations()["actress"], byte('F')},
		{"monthNum", monthNum()["sept."], 9},
		{"numberWords", numberWords()["a couple"], 2},
		{"foldMap", foldMap()['ß'], "ss"},
		{"plainRunes", plainRunes()['…'], "..."},
		{"lowReplacer", lowReplacer().Replace("“it’s”—"), `"it's"-`},
		{"particles", particles()["von"], true},
		{"copulas", copulas()["were"], true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
