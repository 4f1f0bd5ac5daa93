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

type oldEvent struct {
	ID           kin.ID
	Type         kin.EventType
	Detail       string
	Value        string
	Date         date.Date
	Place        oldPlace
	Cause        string
	Participants []kin.Participant
	Citations    []kin.Citation
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
	Citations     []kin.Citation
}

type oldPerson struct {
	ID           kin.ID
	Xref         kin.Xref
	Names        []oldName
	Sex          kin.Sex
	SexCitations []kin.Citation
	Events       []oldEvent
	Citations    []kin.Citation
	Notes        []kin.Note
	Media        []kin.MediaRef
	ExternalIDs  []kin.ExternalID
	Private      bool
}

func oldValues() []oldPerson {
	cite := []kin.Citation{{Source: "S1", Page: "p. 1 <&>", Quote: "born\u2028there", Span: &kin.Span{Start: 0, End: 4}, Confidence: 3, ConfidenceKnown: true, Date: date.Year(1900)}}
	return []oldPerson{
		{},
		{ID: "I1", Xref: "I1", Names: []oldName{{Given: "Alec", Surname: "Baldwin"}}, Sex: kin.SexMale,
			Events: []oldEvent{{Type: kin.EventBirth, Date: date.YMD(1958, 4, 3), Place: oldPlace{Name: "Amityville"}}}},
		{ID: "I2", Xref: "I2",
			Names: []oldName{{Prefix: "Dr.", Given: "John", Nickname: "Jack", SurnamePrefix: "van der", Surname: "Berg", Suffix: "Jr.", Type: kin.NameAKA, Citations: cite}},
			Sex:   kin.SexFemale, SexCitations: cite,
			Events: []oldEvent{
				{ID: "E1", Type: kin.EventDeath, Detail: "d", Value: "Y", Date: date.Date{Modifier: date.PhraseOnly, Phrase: "later"},
					Place: oldPlace{Name: "Utrecht", Lat: 52.09, Long: -0.00001, Known: true}, Cause: "fever",
					Participants: []kin.Participant{{Person: "I1", Role: kin.RoleWitness, Phrase: "x"}}, Citations: cite, Notes: []kin.Note{{Text: "n"}}},
				{Type: kin.EventOther, Place: oldPlace{Lat: 1}, Participants: []kin.Participant{}, Notes: []kin.Note{}},
			},
			Citations: cite, Notes: []kin.Note{{ID: "N1", Xref: "N1", Text: "shared"}}, Media: []kin.MediaRef{{Media: "O1", Title: "t"}},
			ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "u"}}, Private: true},
		{ID: "I3", Media: []kin.MediaRef{}},
	}
}

func TestJSONCompatible(t *testing.T) {
	for _, old := range oldValues() {
		b, err := json.Marshal(old)
		if err != nil {
			t.Fatal(err)
		}
		var p kin.Person
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(again) != string(b) {
			t.Errorf("re-encoded\n%s\nwant\n%s", again, b)
		}
		if got := fromPerson(&p); !reflect.DeepEqual(got, old) {
			t.Errorf("decoded %s as %+v, want %+v", b, got, old)
		}
		// A value built with the setters is equal to the decoded one
		// (setters cannot make coordinates that are set but not known).
		if built := toPerson(old); !reflect.DeepEqual(built, p) && !unknownCoordinates(old) {
			t.Errorf("built %+v, decoded %+v", built, p)
		}
		// Each type also stands alone.
		for i, oe := range old.Events {
			b, _ := json.Marshal(oe)
			var e kin.Event
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(e); string(again) != string(b) {
				t.Errorf("event %d re-encoded\n%s\nwant\n%s", i, again, b)
			}
			b, _ = json.Marshal(oe.Place)
			var pl kin.Place
			if err := json.Unmarshal(b, &pl); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(pl); string(again) != string(b) {
				t.Errorf("place %d re-encoded %s, want %s", i, again, b)
			}
		}
		for i, on := range old.Names {
			b, _ := json.Marshal(on)
			var n kin.Name
			if err := json.Unmarshal(b, &n); err != nil {
				t.Fatal(err)
			}
			if again, _ := json.Marshal(n); string(again) != string(b) {
				t.Errorf("name %d re-encoded\n%s\nwant\n%s", i, again, b)
			}
		}
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

func fromPerson(p *kin.Person) oldPerson {
	o := oldPerson{ID: p.ID, Xref: p.Xref, Sex: p.Sex, SexCitations: p.SexCitations(), Citations: p.Citations,
		Notes: p.Notes(), Media: p.Media(), ExternalIDs: p.ExternalIDs, Private: p.Private}
	for _, n := range p.Names {
		o.Names = append(o.Names, oldName{Prefix: n.Prefix(), Given: n.Given, Nickname: n.Nickname(), SurnamePrefix: n.SurnamePrefix(),
			Surname: n.Surname, Suffix: n.Suffix(), Type: n.Type, Citations: n.Citations})
	}
	for _, e := range p.Events {
		lat, long, known := e.Place.Coordinates()
		o.Events = append(o.Events, oldEvent{ID: e.ID(), Type: e.Type, Detail: e.Detail, Value: e.Value, Date: e.Date,
			Place: oldPlace{Name: e.Place.Name, Lat: lat, Long: long, Known: known}, Cause: e.Cause(),
			Participants: e.Participants(), Citations: e.Citations, Notes: e.Notes()})
	}
	return o
}

func toPerson(o oldPerson) kin.Person {
	p := kin.Person{ID: o.ID, Xref: o.Xref, Sex: o.Sex, Citations: o.Citations, ExternalIDs: o.ExternalIDs, Private: o.Private}
	p.SetSexCitations(o.SexCitations)
	p.SetNotes(o.Notes)
	p.SetMedia(o.Media)
	for _, on := range o.Names {
		n := kin.Name{Given: on.Given, Surname: on.Surname, Type: on.Type, Citations: on.Citations}
		n.SetPrefix(on.Prefix)
		n.SetNickname(on.Nickname)
		n.SetSurnamePrefix(on.SurnamePrefix)
		n.SetSuffix(on.Suffix)
		p.Names = append(p.Names, n)
	}
	for _, oe := range o.Events {
		e := kin.Event{Type: oe.Type, Detail: oe.Detail, Value: oe.Value, Date: oe.Date, Place: kin.Place{Name: oe.Place.Name}, Citations: oe.Citations}
		if oe.Place.Known {
			e.Place.SetCoordinates(oe.Place.Lat, oe.Place.Long)
		}
		e.SetID(oe.ID)
		e.SetCause(oe.Cause)
		e.SetParticipants(oe.Participants)
		e.SetNotes(oe.Notes)
		p.Events = append(p.Events, e)
	}
	return p
}

func unknownCoordinates(o oldPerson) bool {
	for _, e := range o.Events {
		if !e.Place.Known && (e.Place.Lat != 0 || e.Place.Long != 0) {
			return true
		}
	}
	return false
}
