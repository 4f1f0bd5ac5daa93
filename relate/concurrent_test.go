package relate

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// TestFindConcurrent asks every pair of the smith fixture from many
// goroutines at once, over one TreeGraph (its Index and pooled scratches
// shared, as kin serve shares them), with collections in between, and
// requires every answer to read as it does when asked alone. Run with
// -race it also checks the pooled scratches.
func TestFindConcurrent(t *testing.T) {
	ctx := context.Background()
	g := fixtureGraphs(t)["smith"]
	people := g.Tree().People
	want := map[[2]string]string{}
	for _, a := range people {
		for _, b := range people {
			res, err := Find(ctx, g, a.ID, b.ID, Options{Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			want[[2]string{string(a.ID), string(b.ID)}] = res.Phrase()
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for w := range 48 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, a := range people {
				if (i+w)%7 == 0 {
					runtime.GC()
				}
				for _, b := range people {
					res, err := Find(ctx, g, a.ID, b.ID, Options{Now: fixedNow})
					if err != nil {
						errs <- err.Error()
						return
					}
					if got, exp := res.Phrase(), want[[2]string{string(a.ID), string(b.ID)}]; got != exp {
						errs <- string(a.ID) + "–" + string(b.ID) + ": " + got + ", want " + exp
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
