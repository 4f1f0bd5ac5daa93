package sqlstore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"kin"
	"kin/date"
	"kin/sqlstore"
	"kin/storetest"
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
			db := tempDB(t)
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
			next := storetest.Source(recs)
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
			// A bulk load packs every name word's postings in one
			// row, and search finds by them.
			var rows, lists, vocabulary int
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM name_words`).Scan(&rows); err != nil {
				t.Fatal(err)
			}
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM name_postings`).Scan(&lists); err != nil {
				t.Fatal(err)
			}
			if err := db.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM words`).Scan(&vocabulary); err != nil {
				t.Fatal(err)
			}
			if rows != 0 || lists != tt.people+1 || vocabulary != tt.people+1 {
				t.Errorf("name search: got %d posting rows, %d posting lists, %d words; want 0, %d, %d", rows, lists, vocabulary, tt.people+1, tt.people+1)
			}
			if ms, err := db.Tree("t").Find(ctx, "ada", tt.people); err != nil || len(ms) != tt.people {
				t.Errorf("Find(ada) = %d matches, %v; want %d", len(ms), err, tt.people)
			}
			last := kin.ID(fmt.Sprintf("I%d", tt.people))
			ms, err := db.Tree("t").Find(ctx, fmt.Sprintf("ada name%d", tt.people-1), 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(ms) != 1 || ms[0].Person.ID != last || !ms[0].Exact {
				t.Errorf("Find(ada name%d) = %+v, want %s", tt.people-1, ms, last)
			}
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

// TestImportSourceDates checks that a fact is graded by the date of the
// sources it cites whether the file lists a source before the fact or
// after it (gengedcom and many programs list sources last).
func TestImportSourceDates(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	dated := func(id kin.ID, d string) *sqlstore.Record {
		dt, err := date.Parse(d)
		if err != nil {
			t.Fatal(err)
		}
		return &sqlstore.Record{Tag: "SOUR", Source: &kin.Source{ID: id, Title: string(id), Date: dt}}
	}
	person := func(id kin.ID, src kin.ID) *sqlstore.Record {
		return &sqlstore.Record{Tag: "INDI", Person: &kin.Person{
			ID:    id,
			Names: []kin.Name{{Given: "Ada", Surname: "Lovelace", Citations: []kin.Citation{{Source: src}}}},
		}}
	}
	recs := []*sqlstore.Record{dated("S1", "1850"), person("I1", "S1"), person("I2", "S2"), person("I3", "S3"), dated("S2", "1900")}
	// S3 has no record: its citations stay undated.
	next := storetest.Source(recs)
	if _, err := db.Tree("t").Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, next); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		person kin.ID
		want   string
	}{
		{"I1", "1850"},
		{"I2", "1900"},
		{"I3", ""},
	} {
		facts, err := db.Tree("t").Facts(ctx, tt.person)
		if err != nil {
			t.Fatal(err)
		}
		var want date.JDN
		if tt.want != "" {
			d, _ := date.Parse(tt.want)
			_, want, _ = d.Start.Span()
		}
		if len(facts) != 1 || facts[0].SourceDate != want {
			t.Errorf("%s: got %+v, want one fact with source date %d (%s)", tt.person, facts, want, tt.want)
		}
	}
}

// TestBatchSetFixed changes a fixed column's value while rows are queued:
// the rows queued before keep the value they were added with.
func TestBatchSetFixed(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	if _, err := db.DB.ExecContext(ctx, `CREATE TABLE t (tree INTEGER, origin TEXT, n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	b := db.NewBatch(db.DB, "t", []string{"tree", "origin"}, []any{int64(1), "gedcom"}, "n")
	want := map[string]int{}
	origin := "gedcom"
	for i := range 1700 {
		switch i {
		case 700, 1300:
			origin = fmt.Sprintf("source:%d", i)
		case 1000:
			origin = "gedcom"
		}
		if err := b.SetFixed(ctx, 1, origin); err != nil {
			t.Fatal(err)
		}
		if err := b.Add(ctx, int64(i)); err != nil {
			t.Fatal(err)
		}
		want[origin] += i
	}
	if err := b.Close(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DB.QueryContext(ctx, `SELECT origin, SUM(n) FROM t WHERE tree = 1 GROUP BY origin`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var o string
		var sum int
		if err := rows.Scan(&o, &sum); err != nil {
			t.Fatal(err)
		}
		got[o] = sum
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sums of n by origin = %v, want %v", got, want)
	}
}
