package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// TestUnsortedListOverridden checks that a posting of a list of version 1
// (from before lists were sorted) is overridden by the name_words row that
// superseding its fact wrote, as a sorted list's is: a renamed person is
// not found by the old name.
func TestUnsortedListOverridden(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	person := func(id kin.ID, given string) *kin.Person {
		return &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{{Given: given, Surname: "Smith"}}}
	}
	var recs []*sqlstore.Record
	for _, p := range []*kin.Person{person("I1", "Ann"), person("I2", "Ann")} {
		recs = append(recs, &sqlstore.Record{Tag: "INDI", Xref: p.Xref, ID: p.ID, Person: p})
	}
	tr := db.Tree("t")
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
	if err := tr.UpdatePerson(ctx, person("I1", "Bo")); err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"sorted", "version 1"} {
		if version == "version 1" {
			if err := db.Store.UnsortPostingLists(ctx, db.DB); err != nil {
				t.Fatal(err)
			}
		}
		for _, find := range []func(context.Context, string, int) ([]sqlstore.Match, error){tr.Find, tr.FindSounds} {
			ms, err := find(ctx, "ann smith", 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []kin.ID
			for _, m := range ms {
				got = append(got, m.Person.ID)
			}
			if len(got) != 1 || got[0] != "I2" {
				t.Errorf("with lists %s, ann smith found %q, want [I2]", version, got)
			}
		}
	}
}
