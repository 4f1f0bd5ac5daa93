package sqlstore_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
)

// TestImportBatches imports more facts and citations than one INSERT
// statement holds, with a varying number of citations per fact, so the
// citations' batch fills at other moments than the facts' one, and checks
// that every row arrives and every citation finds its fact.
func TestImportBatches(t *testing.T) {
	for _, tt := range []struct {
		name   string
		people int
	}{
		{"less than one statement", 7},
		{"several statements", 1234},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var recs []*sqlstore.Record
			wantCites := 0
			for i := range tt.people {
				var cites []kin.Citation
				for j := range i % 4 {
					cites = append(cites, kin.Citation{Source: "S1", Page: fmt.Sprintf("p. %d", j)})
				}
				wantCites += len(cites)
				recs = append(recs, &sqlstore.Record{Tag: "INDI", Person: &kin.Person{
					ID:    kin.ID(fmt.Sprintf("I%d", i+1)),
					Names: []kin.Name{{Given: "Ada", Surname: fmt.Sprintf("Name%d", i), Citations: cites}},
				}})
			}
			recs = append(recs, &sqlstore.Record{Tag: "SOUR", Source: &kin.Source{ID: "S1", Title: "Register"}})
			next := func() (*sqlstore.Record, error) {
				if len(recs) == 0 {
					return nil, io.EOF
				}
				r := recs[0]
				recs = recs[1:]
				return r, nil
			}
			stats, err := db.Tree("t").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, next)
			if err != nil {
				t.Fatal(err)
			}
			if stats.Added != tt.people {
				t.Errorf("facts added: got %d, want %d", stats.Added, tt.people)
			}
			var facts, cites, orphans int
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM facts`).Scan(&facts); err != nil {
				t.Fatal(err)
			}
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM citations`).Scan(&cites); err != nil {
				t.Fatal(err)
			}
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM citations c LEFT JOIN facts f ON f.id = c.fact_id WHERE f.id IS NULL`).Scan(&orphans); err != nil {
				t.Fatal(err)
			}
			if facts != tt.people || cites != wantCites || orphans != 0 {
				t.Errorf("rows: got %d facts, %d citations, %d without their fact; want %d, %d, 0", facts, cites, orphans, tt.people, wantCites)
			}
			last := kin.ID(fmt.Sprintf("I%d", tt.people))
			p, err := db.Tree("t").Person(ctx, last)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(p.Names[0].Citations), (tt.people-1)%4; got != want {
				t.Errorf("%s: got %d citations, want %d", last, got, want)
			}
		})
	}
}
