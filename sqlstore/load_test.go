package sqlstore_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"kin"
	"kin/sqlstore"
	"kin/storetest"
)

// TestLoadStreams checks that the streaming Load gives exactly what
// reading every fact at once gave (LoadAtOnce), whatever the size of its
// batches: one record at a time, a few, a batch boundary on every kind of
// record, and all at once; with associations, a merged fragment and a
// superseded fact in the tree.
func TestLoadStreams(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	tr := db.Tree("")
	recs := storetest.Fixture()
	i := 0
	next := func() (*sqlstore.Record, error) {
		if i == len(recs) {
			return nil, io.EOF
		}
		i++
		return recs[i-1], nil
	}
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "fixture.ged", Version: "7.0", Header: "0 HEAD\n"}, next); err != nil {
		t.Fatal(err)
	}
	f := frag{src: "c1", people: []fragPerson{{"p1", "Ada", "Lovelace", kin.SexFemale, "1815"}, {"p2", "William", "King", kin.SexMale, "1805"}},
		families: []fragFamily{{"f1", []string{"p1", "p2"}, nil, "1835"}}}
	if _, err := tr.Merge(ctx, f.tree(t), sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	// A second fragment changes what the first said, so some facts are
	// superseded or compete.
	f2 := frag{src: "c2", people: []fragPerson{{"p1", "Ada", "Lovelace", kin.SexFemale, "1816"}}}
	if _, err := tr.Merge(ctx, f2.tree(t), sqlstore.MergeOptions{}); err != nil {
		t.Fatal(err)
	}
	want, err := tr.LoadAtOnce(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.People) < 6 || len(want.Associations) == 0 {
		t.Fatalf("fixture: %d people, %d associations; want at least 6 and 1", len(want.People), len(want.Associations))
	}
	for _, n := range []int{1, 2, 3, 5, 7, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			defer sqlstore.SetLoadBatch(n)()
			got, err := tr.Load(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if asJSON(got) != asJSON(want) {
				t.Errorf("Load in batches of %d:\n%s\nwant:\n%s", n, asJSON(got), asJSON(want))
			}
		})
	}
	if _, err := db.Tree("nosuch").Load(ctx); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Load of a missing tree: %v, want not_found", err)
	}
}
