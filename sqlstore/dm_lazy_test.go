package sqlstore

import (
	"slices"
	"sync"
	"testing"
)

// TestDaitchMokotoffConcurrent codes names from several goroutines at once,
// as the web server's requests do: the table, built on first use, must give
// each the codes one goroutine alone gets (run with -race).
func TestDaitchMokotoffConcurrent(t *testing.T) {
	words := []string{"Moskowitz", "Peters", "Auerbach", "Schwarz", "Jackson", "Woźniak", "Dąbrowski", "Feinstein"}
	want := make([][]string, len(words))
	for i, w := range words {
		want[i] = DaitchMokotoff(w)
	}
	got := make([][][]string, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for _, w := range words {
				got[g] = append(got[g], DaitchMokotoff(w))
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i, w := range words {
			if !slices.Equal(got[g][i], want[i]) {
				t.Errorf("goroutine %d: DaitchMokotoff(%q) = %v, want %v", g, w, got[g][i], want[i])
			}
		}
	}
	if n := len(dmTable()); n == 0 {
		t.Errorf("dmTable() has %d letters", n)
	}
}
