package kin_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"kin"
	"kin/date"
)

// The types below are Event, Place, Person and Name as they were before
// their rarely set fields moved behind a pointer: JSON written from them
// (stored facts, API responses) must read back the same and be written
// again byte for byte.
type oldPlace struct {
	Name      string
	Lat, Long float64
	Known     bool
}

type oldCitation struct {
	Source          kin.ID
	Page            string
	Quote           string
	Span            *kin.Span
	Confidence      kin.Confidence
	ConfidenceKnown bool
	Date            date.Date
	Notes           []kin.Note
}

type oldEvent struct {
	ID           kin.ID
	Type         kin.EventType
	Detail       string
	Value        string
	Date         date.Date
	Place        oldPlace
	Cause        string
	Participants []kin.Participant
	Citations    []oldCitation
	Notes        []kin.Note
}

type oldName struct {
	Prefix        string
	Given         string
	Nickname      string
	SurnamePrefix string
	Surname       string
	Suffix        string
	Type          kin.NameType
	Citations     []oldCitation
}

type oldPerson struct {
	ID           kin.ID
	Xref         kin.Xref
	Names        []oldName
	Sex          kin.Sex
	SexCitations []oldCitation
	Events       []oldEvent
	Citations    []oldCitation
	Notes        []kin.Note
	Media        []kin.MediaRef
	ExternalIDs  []kin.ExternalID
	Private      bool
}

type oldChildLink struct {
	Child          kin.ID
	Lineage        kin.Lineage
	PartnerLineage []kin.Lineage
	Citations      []oldCitation
}

type oldFamily struct {
	ID          kin.ID
	Xref        kin.Xref
	Partners    []kin.ID
	Children    []oldChildLink
	Events      []oldEvent
	Citations   []oldCitation
	Notes       []kin.Note
	Media       []kin.MediaRef
	ExternalIDs []kin.ExternalID
}

var (
	oldCite = []oldCitation{{Source: "S1", Page: "p. 1 <&>", Quote: "born\u2028there", Span: &kin.Span{Start: 0, End: 4},
		Confidence: 3, ConfidenceKnown: true, Date: date.Year(1900), Notes: []kin.Note{{Text: "n"}}}, {Source: "S2"}, {Span: &kin.Span{}}}
	oldEvents = []oldEvent{
		{ID: "E1", Type: kin.EventDeath, Detail: "d", Value: "Y", Date: date.Date{Modifier: date.PhraseOnly, Phrase: "later"},
			Place: oldPlace{Name: "Utrecht", Lat: 52.09, Long: -0.00001, Known: true}, Cause: "fever",
			Participants: []kin.Participant{{Person: "I1", Role: kin.RoleWitness, Phrase: "x"}}, Citations: oldCite, Notes: []kin.Note{{Text: "n"}}},
		{Type: kin.EventOther, Place: oldPlace{Lat: 1}, Participants: []kin.Participant{}, Notes: []kin.Note{}},
	}
	oldPeople = []oldPerson{
		{},
		{ID: "I1", Xref: "I1", Names: []oldName{{Given: "Alec", Surname: "Baldwin"}}, Sex: kin.SexMale,
			Events: []oldEvent{{Type: kin.EventBirth, Date: date.YMD(1958, 4, 3), Place: oldPlace{Name: "Amityville"}}}},
		{ID: "I2", Xref: "I2",
			Names: []oldName{{Prefix: "Dr.", Given: "John", Nickname: "Jack", SurnamePrefix: "van der", Surname: "Berg", Suffix: "Jr.", Type: kin.NameAKA, Citations: oldCite}},
			Sex:   kin.SexFemale, SexCitations: oldCite, Events: oldEvents,
			Citations: oldCite, Notes: []kin.Note{{ID: "N1", Xref: "N1", Text: "shared"}}, Media: []kin.MediaRef{{Media: "O1", Title: "t"}},
			ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "u"}}, Private: true},
		{ID: "I3", Media: []kin.MediaRef{}},
	}
	oldFamilies = []oldFamily{
		{},
		{ID: "F1", Xref: "F1", Partners: []kin.ID{"I1", "I2"},
			Children: []oldChildLink{{Child: "I3", Lineage: kin.LineageAdopted, PartnerLineage: []kin.Lineage{"", kin.LineageAdopted}, Citations: oldCite}, {Child: "I4"}},
			Events:   oldEvents, Citations: oldCite, Notes: []kin.Note{{Text: "n"}}, Media: []kin.MediaRef{{Media: "O1"}}, ExternalIDs: []kin.ExternalID{{Kind: "UID"}}},
		{ID: "F2", Children: []oldChildLink{{Child: "I5", PartnerLineage: []kin.Lineage{}}}, Notes: []kin.Note{}},
	}
)

// roundTrip encodes old, decodes it as a new kin type, encodes that again
// and checks the bytes are the same; then decodes them as the old type
// again and checks the value is too.
func roundTrip[Old, New any](t *testing.T, old Old) {
	t.Helper()
	b, err := json.Marshal(old)
	if err != nil {
		t.Fatal(err)
	}
	var v New
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("json.Unmarshal(%s) as %T: %v", b, v, err)
	}
	again, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(b) {
		t.Errorf("%T re-encoded\n%s\nwant\n%s", v, again, b)
	}
	var back Old
	if err := json.Unmarshal(again, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, old) {
		t.Errorf("%T round trip: got %+v, want %+v", v, back, old)
	}
}

func TestJSONCompatible(t *testing.T) {
	for _, p := range oldPeople {
		roundTrip[oldPerson, kin.Person](t, p)
		for _, n := range p.Names {
			roundTrip[oldName, kin.Name](t, n)
		}
	}
	for _, e := range oldEvents {
		roundTrip[oldEvent, kin.Event](t, e)
		roundTrip[oldPlace, kin.Place](t, e.Place)
	}
	for _, c := range oldCite {
		roundTrip[oldCitation, kin.Citation](t, c)
	}
	for _, f := range oldFamilies {
		roundTrip[oldFamily, kin.Family](t, f)
		for _, c := range f.Children {
			roundTrip[oldChildLink, kin.ChildLink](t, c)
		}
	}
}

// TestJSONAccessors checks that decoded JSON lands where the accessors
// read it.
func TestJSONAccessors(t *testing.T) {
	b, _ := json.Marshal(oldPeople[2])
	var p kin.Person
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	n, e, c := p.Names[0], p.Events[0], p.SexCitations()[0]
	lat, long, known := e.Place.Coordinates()
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"name parts", [4]string{n.Prefix(), n.Nickname(), n.SurnamePrefix(), n.Suffix()}, [4]string{"Dr.", "Jack", "van der", "Jr."}},
		{"event rare", [2]any{e.ID(), e.Cause()}, [2]any{kin.ID("E1"), "fever"}},
		{"participants", e.Participants(), oldEvents[0].Participants},
		{"event notes", e.Notes(), oldEvents[0].Notes},
		{"coordinates", [3]any{lat, long, known}, [3]any{52.09, -0.00001, true}},
		{"citation date", c.Date(), date.Year(1900)},
		{"citation notes", c.Notes(), []kin.Note{{Text: "n"}}},
		{"person notes", p.Notes(), oldPeople[2].Notes},
		{"person media", p.Media(), oldPeople[2].Media},
	} {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	b, _ = json.Marshal(oldFamilies[1])
	var f kin.Family
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if got := f.ChildLineage("I3", "I2"); got != kin.LineageAdopted {
		t.Errorf("ChildLineage(I3, I2) = %q, want ADOPTED", got)
	}
	if len(f.Children[0].Citations()) != 3 || len(f.Notes()) != 1 || len(f.Media()) != 1 {
		t.Errorf("family decoded as %+v", f)
	}
}

// TestUnmarshalMerges checks that, as for a plain struct, fields absent from
// the JSON keep the values they had.
func TestUnmarshalMerges(t *testing.T) {
	e := kin.Event{Type: kin.EventBirth}
	e.SetCause("fever")
	if err := json.Unmarshal([]byte(`{"Detail":"d"}`), &e); err != nil {
		t.Fatal(err)
	}
	if e.Type != kin.EventBirth || e.Cause() != "fever" || e.Detail != "d" {
		t.Errorf("got %+v %q, want the old type and cause kept", e, e.Cause())
	}
	if err := json.Unmarshal([]byte(`null`), &e); err != nil || e.Cause() != "fever" {
		t.Errorf("null: err %v, cause %q", err, e.Cause())
	}
	if err := json.Unmarshal([]byte(`{"Cause":1}`), &e); err == nil {
		t.Error("a number for Cause: no error")
	}
}

// TestSettersCopy checks that a copy of a value does not change when the
// original's rare fields are set, as with plain fields.
func TestSettersCopy(t *testing.T) {
	var e kin.Event
	e.SetCause("a")
	c := e
	e.SetCause("b")
	e.SetID("E1")
	if c.Cause() != "a" || c.ID() != "" {
		t.Errorf("copy changed: cause %q, ID %q", c.Cause(), c.ID())
	}
	e.SetCause("")
	e.SetID("")
	if !reflect.DeepEqual(e, kin.Event{}) {
		t.Errorf("clearing every rare field left %+v, want the zero Event", e)
	}
	var n kin.Name
	n.SetSuffix("Jr.")
	m := n
	n.SetSuffix("")
	if m.Suffix() != "Jr." || !reflect.DeepEqual(n, kin.Name{}) {
		t.Errorf("copy %q, cleared %+v", m.Suffix(), n)
	}
	var p kin.Person
	p.SetNotes([]kin.Note{{Text: "x"}})
	q := p
	p.SetNotes(nil)
	if len(q.Notes()) != 1 || !reflect.DeepEqual(p, kin.Person{}) {
		t.Errorf("copy %v, cleared %+v", q.Notes(), p)
	}
	var ct kin.Citation
	ct.SetDate(date.Year(1900))
	dt := ct
	ct.SetDate(date.Date{})
	if dt.Date() != date.Year(1900) || !reflect.DeepEqual(ct, kin.Citation{}) {
		t.Errorf("copy %v, cleared %+v", dt.Date(), ct)
	}
	var l kin.ChildLink
	l.SetPartnerLineage([]kin.Lineage{kin.LineageStep})
	l2 := l
	l.SetPartnerLineage(nil)
	if len(l2.PartnerLineage()) != 1 || !reflect.DeepEqual(l, kin.ChildLink{}) {
		t.Errorf("copy %v, cleared %+v", l2.PartnerLineage(), l)
	}
	var f kin.Family
	f.SetMedia([]kin.MediaRef{{Media: "O1"}})
	g := f
	f.SetMedia(nil)
	if len(g.Media()) != 1 || !reflect.DeepEqual(f, kin.Family{}) {
		t.Errorf("copy %v, cleared %+v", g.Media(), f)
	}
	var pl kin.Place
	pl.SetCoordinates(1, 2)
	if lat, long, ok := pl.Coordinates(); lat != 1 || long != 2 || !ok || pl.IsZero() {
		t.Errorf("Coordinates() = %v, %v, %v", lat, long, ok)
	}
	pl.ClearCoordinates()
	if !pl.IsZero() {
		t.Errorf("cleared place %+v is not zero", pl)
	}
}

// FuzzJSON checks that any JSON a Person or Family decodes from encodes to
// bytes that decode to the same value and encode to the same bytes again,
// and that no input panics.
func FuzzJSON(f *testing.F) {
	for _, p := range oldPeople {
		b, _ := json.Marshal(p)
		f.Add(b)
	}
	for _, fam := range oldFamilies {
		b, _ := json.Marshal(fam)
		f.Add(b)
	}
	f.Add([]byte(`{"Names":[{"Nickname":"x","Type":"AKA"}],"Private":true,"Events":[{"Place":{"Lat":1}}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		stable[kin.Person](t, in)
		stable[kin.Family](t, in)
	})
}

func stable[T any](t *testing.T, in []byte) {
	var v T
	if json.Unmarshal(in, &v) != nil {
		return
	}
	b1, err := json.Marshal(v)
	if err != nil {
		return // a NaN cannot come from JSON, but an error is not a failure here
	}
	var w T
	if err := json.Unmarshal(b1, &w); err != nil {
		t.Fatalf("%T: cannot decode its own encoding %s: %v", v, b1, err)
	}
	b2, _ := json.Marshal(w)
	if string(b1) != string(b2) {
		t.Fatalf("%T: encodes as %s, then as %s", v, b1, b2)
	}
	if !reflect.DeepEqual(v, w) {
		t.Fatalf("%T: %s decodes as %+v, its encoding as %+v", v, in, v, w)
	}
}
