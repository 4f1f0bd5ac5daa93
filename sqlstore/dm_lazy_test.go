package sqlstore

import (
	"slices"
	"sync"
	"testing"
)

// TestDaitchMokotoffConcurrent codes names from several goroutines at once,
// as the web server's requests do: each must get the published codes from
// the table, which is built on first use (run with -race for the build).
func TestDaitchMokotoffConcurrent(t *testing.T) {
	words := []struct {
		word string
		want []string
	}{
		// Published examples (JewishGen), as in TestDaitchMokotoff.
		{"Moskowitz", []string{"645740"}},
		{"Peters", []string{"739400", "734000"}},
		{"Auerbach", []string{"097500", "097400"}},
		{"Schwarz", []string{"479400", "474000"}},
		{"Jackson", []string{"154600", "454600", "145460", "445460"}},
		{"Woźniak", []string{"746500"}},
		{"Feinstein", []string{"764360"}},
	}
	got := make([][][]string, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, w := range words {
				got[g] = append(got[g], DaitchMokotoff(w.word))
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i, w := range words {
			// In any order, as TestDaitchMokotoff takes them.
			if !slices.Equal(slices.Sorted(slices.Values(got[g][i])), slices.Sorted(slices.Values(w.want))) {
				t.Errorf("goroutine %d: DaitchMokotoff(%q) = %v, want %v", g, w.word, got[g][i], w.want)
			}
		}
	}
}
