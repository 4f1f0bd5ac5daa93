package sqlstore_test

import (
	"context"
	"testing"

	"kin"
	"kin/sqlstore"
)

// TestUnsortedListOverridden checks that a posting of a list of version 1
// (from before lists were sorted) is overridden by the name_words row that
// superseding its fact wrote, as a sorted list's is: a renamed person is
// not found by the old name.
func TestUnsortedListOverridden(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	person := func(id kin.ID, given string) *kin.Person {
		return &kin.Person{ID: id, Xref: kin.Xref(id), Names: []kin.Name{{Given: given, Surname: "Smith"}}}
	}
	tr := db.Tree("t")
	importPeople(t, tr, []*kin.Person{person("I1", "Ann"), person("I2", "Ann")})
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
