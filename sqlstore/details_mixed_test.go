package sqlstore_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"kin"
	"kin/date"
	"kin/sqlstore"
	"kin/storetest"
)

// TestPeopleOfMixedOrigins checks the batch reads (People, PeopleBrief,
// Families) against Person and Family for records whose facts come from
// more than one origin: those the batch reads read again with the facts'
// grading, since the conclusion of a contested slot depends on it. The
// facts come from the fixture, from articles that disagree with it, agree
// with it or add to it, and a choice; each is checked as of every step.
func TestPeopleOfMixedOrigins(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	db.SetNow(func() time.Time { now = now.Add(time.Second); return now })
	tr := db.Tree("")
	recs := storetest.Fixture()
	next := storetest.Source(recs)
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{}, next); err != nil {
		t.Fatal(err)
	}
	var steps []time.Time
	steps = append(steps, now)
	add := func(src kin.ID, conf kin.Confidence, person kin.ID, e kin.Event) {
		t.Helper()
		d, _ := date.Parse("2024")
		e.Citations = []kin.Citation{{Source: src, Quote: "q", Confidence: conf, ConfidenceKnown: true}}
		art := &kin.Tree{
			Sources: []*kin.Source{{ID: src, Type: kin.SourceNewsArticle, Title: "Obituary " + string(src), Date: d}},
			People:  []*kin.Person{{ID: person, Events: []kin.Event{e}}},
		}
		if _, err := tr.AddTree(ctx, art, sqlstore.AddOptions{}); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, now)
	}
	birth := func(s string) kin.Event {
		d, err := date.Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		return kin.Event{Type: kin.EventBirth, Date: d}
	}
	add("A1", kin.ConfidenceVeryHigh, "I1", birth("11 JUN 1928"))             // disagrees, wins
	add("A2", kin.ConfidenceLow, "I1", birth("1 JUN 1928"))                   // agrees with the fixture
	add("A3", kin.ConfidenceLow, "I3", birth("4 APR 1958"))                   // disagrees, loses
	add("A4", kin.ConfidenceHigh, "I2", kin.Event{Type: kin.EventOccupation}) // no slot
	add("A5", kin.ConfidenceHigh, "I2", kin.Event{Type: kin.EventDeath, Date: date.Year(2001)})
	facts, err := tr.Facts(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facts {
		if f.Origin == sqlstore.OriginGEDCOM && f.Slot == "event:BIRT" {
			if err := tr.Choose(ctx, f.ID); err != nil {
				t.Fatal(err)
			}
			steps = append(steps, now)
		}
	}
	ids := []kin.ID{"I1", "I2", "I3", "I4", "I5", "I6", "F1", "F2"}
	for i, at := range steps {
		view := tr.AsOf(at)
		people, err := view.People(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		brief, err := view.PeopleBrief(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(people) == 0 || len(brief) != len(people) {
			t.Fatalf("step %d: %d people, %d brief", i, len(people), len(brief))
		}
		for k, p := range people {
			want, err := view.Person(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p, want) {
				t.Errorf("step %d: People gives %s = %s, Person %s", i, p.ID, asJSON(p), asJSON(want))
			}
			b := brief[k]
			if !reflect.DeepEqual(b.Names, want.Names) || b.Sex != want.Sex || !reflect.DeepEqual(b.SexCitations(), want.SexCitations()) {
				t.Errorf("step %d: PeopleBrief gives %s = %s, Person %s", i, p.ID, asJSON(b), asJSON(want))
			}
			for _, e := range b.Events {
				if we, _ := want.Event(e.Type); !reflect.DeepEqual(e, we) {
					t.Errorf("step %d: PeopleBrief gives %s's %s as %s, Person %s", i, p.ID, e.Type, asJSON(e), asJSON(we))
				}
			}
		}
		fams, err := view.Families(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fams {
			want, err := view.Family(ctx, f.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(f, want) {
				t.Errorf("step %d: Families gives %s = %s, Family %s", i, f.ID, asJSON(f), asJSON(want))
			}
		}
	}
	// The steps changed what the batch reads give: I1's birth is the
	// article's, then the fixture's again once chosen.
	first, _ := tr.AsOf(steps[1]).People(ctx, []kin.ID{"I1"})
	last, _ := tr.People(ctx, []kin.ID{"I1"})
	b1, _ := first[0].Event(kin.EventBirth)
	b2, _ := last[0].Event(kin.EventBirth)
	if b1.Date.String() != "11 JUN 1928" || b2.Date.String() != "1 JUN 1928" {
		t.Errorf("I1's birth after the first article %q, after the choice %q; want 11 JUN 1928, 1 JUN 1928", b1.Date, b2.Date)
	}
}
