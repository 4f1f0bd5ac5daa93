package sqlstore_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"kin"
	"kin/sqlstore"
	"kin/storetest"
)

// TestFamilyIDs checks that FamilyIDs names the families ChildFamilies and
// PartnerFamilies return, in the same order, and that WriteVersion moves
// with every write.
func TestFamilyIDs(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	v0, err := db.WriteVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	recs := storetest.Fixture()
	next := storetest.Source(recs)
	tr := db.Tree("")
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "fixture.ged", Version: "7.0", Header: "0 HEAD\n"}, next); err != nil {
		t.Fatal(err)
	}
	if v1, err := db.WriteVersion(ctx); err != nil || v1 <= v0 {
		t.Errorf("WriteVersion after an import = %d, %v; want more than %d", v1, err, v0)
	}
	rt, err := tr.Resolved(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ids := func(fs []*kin.Family) []kin.ID {
		var out []kin.ID
		for _, f := range fs {
			out = append(out, f.ID)
		}
		return out
	}
	for _, id := range []kin.ID{"I1", "I2", "I3", "I4", "I5", "I6", "I99"} {
		child, partner, err := rt.FamilyIDs(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		cf, err := tr.ChildFamilies(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		pf, err := tr.PartnerFamilies(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(child, ids(cf)) || !slices.Equal(partner, ids(pf)) {
			t.Errorf("FamilyIDs(%s) = %v, %v; want %v, %v", id, child, partner, ids(cf), ids(pf))
		}
	}
	if _, err := db.Tree("nosuch").Resolved(ctx); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Resolved of a missing tree: %v, want not_found", err)
	}
}

// TestPersonFacts checks that PersonFacts gives what Person and Facts
// give, and Facts (one query) what the facts and their citations read
// apart give.
func TestPersonFacts(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	recs := storetest.Fixture()
	next := storetest.Source(recs)
	tr := db.Tree("")
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "fixture.ged", Version: "7.0", Header: "0 HEAD\n"}, next); err != nil {
		t.Fatal(err)
	}
	for _, id := range []kin.ID{"I1", "I2", "I3", "I4", "I5", "I6"} {
		p, facts, err := tr.PersonFacts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wantP, err := tr.Person(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		wantF, err := tr.Facts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(p, wantP) {
			t.Errorf("PersonFacts(%s) person = %+v, want %+v", id, p, wantP)
		}
		if !reflect.DeepEqual(facts, wantF) {
			t.Errorf("PersonFacts(%s) facts differ from Facts:\n%s\nwant\n%s", id, asJSON(facts), asJSON(wantF))
		}
	}
	for _, id := range []kin.ID{"I1", "I2", "I3", "I4", "I5", "I6", "F1", "I99"} {
		got, err := tr.Facts(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := tr.FactsSeparately(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Facts(%s) differs from the facts and citations read apart:\n%s\nwant\n%s", id, asJSON(got), asJSON(want))
		}
	}
	for _, id := range []kin.ID{"F1", "I99"} {
		if _, _, err := tr.PersonFacts(ctx, id); kin.ErrorCode(err) != kin.ENOTFOUND {
			t.Errorf("PersonFacts(%s): %v, want not_found", id, err)
		}
	}
}
