package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"

	"kin"
	"kin/date"
)

func TestSoundex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Robert", "R163"},
		{"Rupert", "R163"},
		{"Rubin", "R150"},
		{"Ashcraft", "A261"},
		{"Tymczak", "T522"},
		{"Pfister", "P236"},
		{"Honeyman", "H555"},
		{"Woźniak", "W252"},
		{"Basinger", "B252"},
		{"Bassinger", "B252"},
		{"", ""},
		{"Москва", ""},
	}
	for _, tt := range tests {
		if got := Soundex(tt.in); got != tt.want {
			t.Errorf("Soundex(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Carmen Gabriela", []string{"carmen", "gabriela"}},
		{"Woźniak-Smith", []string{"wozniak", "smith"}},
		{"O'Brien", []string{"obrien"}},
		{`"Edu"`, []string{"edu"}},
		{" -- ", nil},
	}
	for _, tt := range tests {
		if got := Words(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// roundTrip encodes v compactly and decodes it into a new value of its type.
func roundTrip[T any](t *testing.T, v T) T {
	t.Helper()
	b, err := compactJSON(v)
	if err != nil {
		t.Fatalf("compactJSON(%+v): %v", v, err)
	}
	var got T
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("json.Unmarshal(%s): %v", b, err)
	}
	return got
}

func TestCompactJSON(t *testing.T) {
	e := kin.Event{
		Type: kin.EventBirth, Date: date.Date{Modifier: date.Between, Start: date.Day{Year: 1900, Month: 1, Day: 1}, End: date.Day{Year: 1901}},
		Place:     kin.Place{Name: "Amityville \"NY\"\n\t\x01"},
		Citations: []kin.Citation{{Source: "S1", Span: &kin.Span{Start: 0, End: 4}, Confidence: 0, ConfidenceKnown: true}},
	}
	e.Place.SetCoordinates(40.67, -73.41)
	e.SetParticipants([]kin.Participant{{Person: "I2", Role: kin.RoleWitness}})
	if got := roundTrip(t, e); !reflect.DeepEqual(got, e) {
		t.Errorf("round trip of %+v = %+v", e, got)
	}
	b, _ := compactJSON(kin.Name{Given: "Alec"})
	if string(b) != `{"Given":"Alec"}` {
		t.Errorf("compactJSON(Name{Given: Alec}) = %s, want only the set field", b)
	}
	var nan kin.Place
	nan.SetCoordinates(nanValue(), 0)
	if _, err := compactJSON(nan); err == nil {
		t.Errorf("compactJSON of a NaN coordinate: no error")
	}
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}

// FuzzCompactJSON checks that any name and event text survives the
// compact encoding exactly as encoding/json would keep it.
func FuzzCompactJSON(f *testing.F) {
	f.Add("Alec", "Baldwin", "Amityville, NY", "born \"here\"\n", 1958)
	f.Add("", "\xff\xfe", "\u2028", "\x00", -1)
	f.Fuzz(func(t *testing.T, given, surname, place, detail string, year int) {
		e := kin.Event{Type: "BIRT", Detail: detail, Date: date.Date{Start: date.Day{Year: int32(year)}}, Place: kin.Place{Name: place}}
		n := kin.Name{Given: given, Surname: surname}
		for _, v := range []any{e, n} {
			b, err := compactJSON(v)
			if err != nil {
				t.Fatalf("compactJSON(%+v): %v", v, err)
			}
			std, _ := json.Marshal(v)
			got := reflect.New(reflect.TypeOf(v))
			want := reflect.New(reflect.TypeOf(v))
			if err := json.Unmarshal(b, got.Interface()); err != nil {
				t.Fatalf("decode %s: %v", b, err)
			}
			if err := json.Unmarshal(std, want.Interface()); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Elem().Interface(), want.Elem().Interface()) {
				t.Errorf("compact %s decodes to %+v, encoding/json's %s to %+v", b, got.Elem(), std, want.Elem())
			}
		}
	})
}

// TestCompactJSONUnchanged checks that kin types whose rare fields sit
// behind a pointer are stored byte for byte as before: the structs below
// are their old shapes.
func TestCompactJSONUnchanged(t *testing.T) {
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
	type oldChildLink struct {
		Child          kin.ID
		Lineage        kin.Lineage
		PartnerLineage []kin.Lineage
		Citations      []oldCitation
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
	type oldName struct {
		Prefix, Given, Nickname, SurnamePrefix, Surname, Suffix string
		Type                                                    kin.NameType
		Citations                                               []oldCitation
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
	oe := oldEvent{ID: "E1", Type: kin.EventDeath, Value: "Y", Date: date.Date{Modifier: date.PhraseOnly, Phrase: "later <&>"},
		Place: oldPlace{Name: "Utrecht", Lat: 52.09, Long: -0.00001, Known: true}, Cause: "fever",
		Participants: []kin.Participant{{Person: "I1", Role: kin.RoleWitness}}, Notes: []kin.Note{{Text: "n"}, {}}}
	e := kin.Event{Type: oe.Type, Value: oe.Value, Date: oe.Date, Place: kin.Place{Name: "Utrecht"}}
	e.Place.SetCoordinates(52.09, -0.00001)
	e.SetID("E1")
	e.SetCause("fever")
	e.SetParticipants(oe.Participants)
	e.SetNotes(oe.Notes)
	on := oldName{Prefix: "Dr.", Given: "John", Surname: "Berg", Suffix: "Jr."}
	n := kin.Name{Given: "John", Surname: "Berg"}
	n.SetPrefix("Dr.")
	n.SetSuffix("Jr.")
	op := oldPerson{ID: "I1", Names: []oldName{on}, Events: []oldEvent{oe, {Type: kin.EventBirth, Notes: []kin.Note{}}},
		Notes: []kin.Note{{ID: "N1"}}, Media: []kin.MediaRef{{Media: "O1"}}, ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "u"}}, Private: true}
	p := kin.Person{ID: "I1", Names: []kin.Name{n}, ExternalIDs: op.ExternalIDs}
	p.SetPrivate(true)
	birth := kin.Event{Type: kin.EventBirth}
	birth.SetNotes([]kin.Note{})
	p.Events = []kin.Event{e, birth}
	p.SetNotes(op.Notes)
	p.SetMedia(op.Media)
	oc := oldCitation{Source: "S1", Page: "p. 2", Quote: "q", Span: &kin.Span{End: 1}, ConfidenceKnown: true, Date: date.Year(1900), Notes: []kin.Note{{Text: "n"}}}
	c := kin.Citation{Source: "S1", Page: "p. 2", Quote: "q", Span: &kin.Span{End: 1}, ConfidenceKnown: true}
	c.SetDate(date.Year(1900))
	c.SetNotes([]kin.Note{{Text: "n"}})
	oe.Citations = []oldCitation{oc, {Source: "S2"}}
	e.Citations = []kin.Citation{c, {Source: "S2"}}
	of := oldFamily{ID: "F1", Partners: []kin.ID{"I1"}, Children: []oldChildLink{{Child: "I2", PartnerLineage: []kin.Lineage{"", kin.LineageStep}, Citations: []oldCitation{oc}}, {Child: "I3"}},
		Events: []oldEvent{oe}, Notes: []kin.Note{{Text: "n"}}, Media: []kin.MediaRef{}, ExternalIDs: []kin.ExternalID{{Kind: "UID"}}}
	cl := kin.ChildLink{Child: "I2"}
	cl.SetPartnerLineage([]kin.Lineage{"", kin.LineageStep})
	cl.SetCitations([]kin.Citation{c})
	f := kin.Family{ID: "F1", Partners: []kin.ID{"I1"}, Children: []kin.ChildLink{cl, {Child: "I3"}}, Events: []kin.Event{e}, ExternalIDs: of.ExternalIDs}
	f.SetNotes([]kin.Note{{Text: "n"}})
	f.SetMedia([]kin.MediaRef{})
	for _, tt := range []struct {
		name     string
		old, new any
	}{
		{"event", oe, e},
		{"citation", oc, c},
		{"family", of, f},
		{"child link", of.Children[0], f.Children[0]},
		{"zero event", oldEvent{}, kin.Event{}},
		{"place", oe.Place, e.Place},
		{"name", on, n},
		{"person", op, p},
		{"person pointer", &op, &p},
		{"tree", struct{ People []*oldPerson }{[]*oldPerson{&op}}, kin.Tree{People: []*kin.Person{&p}}},
	} {
		want, err := compactJSON(tt.old)
		if err != nil {
			t.Fatal(err)
		}
		got, err := compactJSON(tt.new)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: compactJSON = %s, want %s", tt.name, got, want)
		}
	}
}
