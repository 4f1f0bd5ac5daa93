package storetest

import (
	"context"
	"reflect"
	"testing"

	"kin"
)

// testDetails checks the batch reads a relationship's explanation uses:
// People and Families give what Person and Family give one at a time, in
// the order asked, leaving out IDs that are not live people or families,
// and give it again on a second call (the statements are prepared once).
func testDetails(t *testing.T, s Store, clock *Clock) {
	ctx := context.Background()
	tr := s.Tree("")
	mustImport(t, tr, Fixture())
	before := clock.t
	clock.Advance(1)
	for range 2 {
		fams, err := tr.Families(ctx, []kin.ID{"F2", "nope", "I1", "F1"})
		if err != nil {
			t.Fatal(err)
		}
		var got []kin.ID
		for _, f := range fams {
			got = append(got, f.ID)
			want, err := tr.Family(ctx, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f, want) {
				t.Errorf("Families: %s = %s, want %s as Family gives it", f.ID, asJSON(f), asJSON(want))
			}
		}
		if !reflect.DeepEqual(got, []kin.ID{"F2", "F1"}) {
			t.Errorf("Families(F2, nope, I1, F1) = %v, want [F2 F1]", got)
		}
		people, err := tr.People(ctx, []kin.ID{"I3", "F1", "I1", "I9"})
		if err != nil {
			t.Fatal(err)
		}
		got = got[:0]
		for _, p := range people {
			got = append(got, p.ID)
			want := mustPerson(t, tr, p.ID)
			if !reflect.DeepEqual(p, want) {
				t.Errorf("People: %s = %s, want %s as Person gives it", p.ID, asJSON(p), asJSON(want))
			}
		}
		if !reflect.DeepEqual(got, []kin.ID{"I3", "I1"}) {
			t.Errorf("People(I3, F1, I1, I9) = %v, want [I3 I1]", got)
		}
	}
	// PeopleBrief: names, sex, birth and death as Person gives them,
	// nothing else.
	brief, err := tr.PeopleBrief(ctx, []kin.ID{"I2", "F1", "I3", "I1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []kin.ID
	for _, b := range brief {
		got = append(got, b.ID)
		p := mustPerson(t, tr, b.ID)
		want := &kin.Person{ID: p.ID, Xref: p.Xref, Names: p.Names, Sex: p.Sex}
		want.SetSexCitations(p.SexCitations())
		for _, e := range p.Events {
			if e.Type == kin.EventBirth || e.Type == kin.EventDeath {
				want.Events = append(want.Events, e)
			}
		}
		if !reflect.DeepEqual(b, want) {
			t.Errorf("PeopleBrief: %s = %s, want %s", b.ID, asJSON(b), asJSON(want))
		}
	}
	if !reflect.DeepEqual(got, []kin.ID{"I2", "I3", "I1"}) {
		t.Errorf("PeopleBrief(I2, F1, I3, I1) = %v, want [I2 I3 I1]", got)
	}
	if b := brief[0]; len(b.Events) != 1 || b.Events[0].Type != kin.EventDeath {
		t.Errorf("PeopleBrief(I2) events = %s, want her death only", asJSON(b.Events))
	}
	// Many IDs, more than one padded list.
	var ids []kin.ID
	for range 50 {
		ids = append(ids, "F1", "x")
	}
	fams, err := tr.Families(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(fams) != 50 {
		t.Errorf("Families(F1, x ×50) = %d families, want 50", len(fams))
	}
	// As recorded before the import there was nothing.
	old := tr.AsOf(before.Add(-1))
	if fams, err := old.Families(ctx, []kin.ID{"F1"}); err != nil || len(fams) != 0 {
		t.Errorf("Families(F1) before the import = %d families, %v; want none", len(fams), err)
	}
	if ps, err := old.People(ctx, []kin.ID{"I1"}); err != nil || len(ps) != 0 {
		t.Errorf("People(I1) before the import = %d people, %v; want none", len(ps), err)
	}
}
