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
		Place:        kin.Place{Name: "Amityville \"NY\"\n\t\x01", Lat: 40.67, Long: -73.41, Known: true},
		Participants: []kin.Participant{{Person: "I2", Role: kin.RoleWitness}},
		Citations:    []kin.Citation{{Source: "S1", Span: &kin.Span{Start: 0, End: 4}, Confidence: 0, ConfidenceKnown: true}},
	}
	if got := roundTrip(t, e); !reflect.DeepEqual(got, e) {
		t.Errorf("round trip of %+v = %+v", e, got)
	}
	b, _ := compactJSON(kin.Name{Given: "Alec"})
	if string(b) != `{"Given":"Alec"}` {
		t.Errorf("compactJSON(Name{Given: Alec}) = %s, want only the set field", b)
	}
	if _, err := compactJSON(kin.Place{Lat: nanValue()}); err == nil {
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
