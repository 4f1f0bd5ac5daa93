package storetest

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"kin"
	"kin/sqlstore"
)

// Migrating is a store whose migrations the tests can run again.
type Migrating interface {
	Store
	PackNamePostings(ctx context.Context, q sqlstore.Querier) error
}

// PackNamePostings opens a database whose name postings are rows, as
// every database before migration 10 had them, and checks that the
// migration packs the current ones into lists, keeps the superseded ones,
// and that search and its history read the same before and after; and that
// packing rows into a word that has a list keeps both. open opens the same
// database each time, migrated, with its database/sql handle.
func PackNamePostings(t *testing.T, open func(testing.TB) (Migrating, *sql.DB)) {
	ctx := context.Background()
	db, raw := open(t)
	clock := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetNow(func() time.Time { return clock })
	tr := db.Tree("t")
	// Facts added to a tree, not imported into an empty one, post their
	// name words as rows.
	add := &kin.Tree{People: []*kin.Person{
		{ID: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}},
		{ID: "I2", Names: []kin.Name{{Given: "Bob", Surname: "Lee"}}},
	}}
	if _, err := tr.AddTree(ctx, add, sqlstore.AddOptions{Origin: "edit"}); err != nil {
		t.Fatal(err)
	}
	added := clock
	clock = clock.Add(time.Hour)
	bob, err := tr.Person(ctx, "I2")
	if err != nil {
		t.Fatal(err)
	}
	bob.Names[0].Surname = "Smith"
	if err := tr.UpdatePerson(ctx, bob); err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(time.Hour)
	count := func(query string) int {
		t.Helper()
		var n int
		if err := raw.QueryRowContext(ctx, query).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM name_postings`); n != 0 {
		t.Fatalf("%d posting lists before the migration, want none", n)
	}
	type search struct {
		tree  *sqlstore.Tree
		query string
		want  []kin.ID
	}
	searches := func() []search {
		return []search{
			{tr, "lee", []kin.ID{"I1"}},
			{tr, "smith", []kin.ID{"I2"}},
			{tr, "bob", []kin.ID{"I2"}},
			{tr.AsOf(added), "lee", []kin.ID{"I1", "I2"}},
			{tr.AsOf(added), "smith", nil},
			{tr.AsOf(added.Add(-time.Second)), "ann", nil},
		}
	}
	check := func(when string) {
		t.Helper()
		for _, s := range searches() {
			ms, err := s.tree.Find(ctx, s.query, 0)
			if err != nil {
				t.Fatal(err)
			}
			var got []kin.ID
			for _, m := range ms {
				if m.Exact {
					got = append(got, m.Person.ID)
				}
			}
			if !reflect.DeepEqual(got, s.want) {
				t.Errorf("%s: Find(%q) = %v, want %v", when, s.query, got, s.want)
			}
		}
	}
	check("before the migration")
	// Back to the schema before migration 10.
	if _, err := raw.ExecContext(ctx, `DROP TABLE name_postings; DELETE FROM migrations WHERE name = 'migration/0010_name_postings.sql'`); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, raw = open(t)
	defer db.Close()
	db.SetNow(func() time.Time { return clock })
	tr = db.Tree("t")
	// Ann, Lee, Bob and Smith are packed; Bob Lee's superseded "bob" and
	// "lee" stay rows.
	if lists, rows := count(`SELECT COUNT(*) FROM name_postings`), count(`SELECT COUNT(*) FROM name_words`); lists != 4 || rows != 2 {
		t.Errorf("after the migration: %d posting lists, %d rows; want 4, 2", lists, rows)
	}
	check("after the migration")
	// A packed posting is superseded like a row.
	ann, err := tr.Person(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	ann.Names[0].Surname = "Jones"
	if err := tr.UpdatePerson(ctx, ann); err != nil {
		t.Fatal(err)
	}
	if ms, err := tr.Find(ctx, "lee", 0); err != nil || len(ms) != 0 {
		t.Errorf("after Ann Lee became Ann Jones: Find(lee) = %d matches, %v; want none", len(ms), err)
	}
	// Rows packed into a word that has a list: both are kept.
	u := db.Tree("u")
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", Person: &kin.Person{ID: "I1", Names: []kin.Name{{Given: "Cy", Surname: "Lee"}}}}}
	if _, err := u.Import(ctx, sqlstore.ImportInfo{Filename: "u.ged", Version: "7.0"}, Source(recs)); err != nil {
		t.Fatal(err)
	}
	if _, err := u.AddTree(ctx, &kin.Tree{People: []*kin.Person{{ID: "I9", Names: []kin.Name{{Given: "Di", Surname: "Lee"}}}}}, sqlstore.AddOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := db.PackNamePostings(ctx, raw); err != nil {
		t.Fatal(err)
	}
	ms, err := u.Find(ctx, "lee", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Person.ID != "I1" || ms[1].Person.ID != "I9" {
		t.Errorf("after packing into a word with a list: Find(lee) = %d matches, want I1 and I9", len(ms))
	}
	if n := count(`SELECT COUNT(*) FROM name_words WHERE superseded_at IS NULL`); n != 0 {
		t.Errorf("%d current posting rows after packing, want none", n)
	}
}
