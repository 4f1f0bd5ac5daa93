package sqlstore

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"kin"
	"kin/date"
	"kin/gedcom"
)

// reflectJSON is the compact JSON of v by reflection alone: what the
// hand-written appenders must write.
func reflectJSON(v any) ([]byte, error) {
	return appendCompact(nil, reflect.ValueOf(v))
}

// checkFast compares compactJSON with reflectJSON for v.
func checkFast(t *testing.T, what string, v any) {
	t.Helper()
	want, werr := reflectJSON(v)
	got, gerr := compactJSON(v)
	if (werr != nil) != (gerr != nil) {
		t.Fatalf("%s: compactJSON error %v, by reflection %v", what, gerr, werr)
	}
	if werr == nil && !bytes.Equal(got, want) {
		t.Fatalf("%s:\ncompactJSON  %s\nreflection   %s", what, got, want)
	}
}

// checkTree compares the two for every value an import stores from t: the
// fact values and record data personFacts and familyFacts make, and the
// whole people and families.
func checkTree(t *testing.T, name string, tr *kin.Tree) int {
	t.Helper()
	n := 0
	for _, p := range tr.People {
		checkFast(t, name+": person "+string(p.ID), *p)
		rest := *p
		rest.Names, rest.Sex, rest.Events, rest.Citations = nil, "", nil, nil
		rest.SetSexCitations(nil)
		checkFast(t, name+": person data "+string(p.ID), rest)
		checkFast(t, name+": sex of "+string(p.ID), p.Sex)
		for _, nm := range p.Names {
			checkFast(t, name+": name of "+string(p.ID), nm)
			nm.Citations = nil
			checkFast(t, name+": name value of "+string(p.ID), nm)
		}
		for _, e := range p.Events {
			checkFast(t, name+": event of "+string(p.ID), e)
			e.Citations = nil
			checkFast(t, name+": event value of "+string(p.ID), e)
		}
		n++
	}
	for _, f := range tr.Families {
		checkFast(t, name+": family "+string(f.ID), *f)
		rest := *f
		rest.Partners, rest.Children, rest.Events, rest.Citations = nil, nil, nil, nil
		checkFast(t, name+": family data "+string(f.ID), rest)
		for _, c := range f.Children {
			checkFast(t, name+": lineage in "+string(f.ID), c.Lineage)
		}
		for _, e := range f.Events {
			e.Citations = nil
			checkFast(t, name+": event value of "+string(f.ID), e)
		}
		n++
	}
	return n
}

// mapFile maps a GEDCOM file leniently, or returns nil when it cannot be
// read (the fixtures include files meant to fail).
func mapFile(t *testing.T, path string) *kin.Tree {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := gedcom.NewDecoder(bufio.NewReaderSize(f, 1<<16))
	dec.Lenient = true
	b := gedcom.NewTreeBuilder()
	b.AllowDuplicateXrefs = true
	for {
		n, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil
		}
		if b.Add(n) != nil {
			return nil
		}
	}
	return b.Tree()
}

// TestCompactJSONFast checks that the hand-written appenders write what
// reflection writes, for hand-made values with every field set and edge
// cases (negative zero, NaN, HTML and line-separator characters, invalid
// UTF-8, extension calendars) and for every person and family of the
// GEDCOM fixtures in ../gedcom/testdata and ../shared/data/gedcom. With
// KIN_JSON_GED set to a large file (gengedcom's), it checks that file too.
func TestCompactJSONFast(t *testing.T) {
	for _, tt := range fastCases() {
		t.Run(tt.name, func(t *testing.T) { checkFast(t, tt.name, tt.v) })
	}
	files, _ := filepath.Glob(filepath.Join("..", "gedcom", "testdata", "kin", "*.ged"))
	shared := filepath.Join("..", "..", "shared", "data", "gedcom")
	if _, err := os.Stat(shared); err == nil {
		filepath.WalkDir(shared, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".ged") {
				files = append(files, path)
			}
			return nil
		})
	} else {
		t.Logf("../shared not found; only the package's fixtures are checked")
	}
	if path := os.Getenv("KIN_JSON_GED"); path != "" {
		files = append(files, path)
	}
	total := 0
	for _, path := range files {
		if tr := mapFile(t, path); tr != nil {
			total += checkTree(t, path, tr)
		}
	}
	if total == 0 {
		t.Fatal("no people or families checked")
	}
	t.Logf("%d files, %d people and families checked", len(files), total)
}

func fastCases() []struct {
	name string
	v    any
} {
	cite := kin.Citation{Source: "S1", Page: "p. 1", Quote: "q", Span: &kin.Span{Start: 1, End: 2}, Confidence: 3, ConfidenceKnown: true}
	cite.SetDate(date.YMD(1900, 1, 2))
	cite.SetNotes([]kin.Note{{Text: "n"}})
	name := kin.Name{Given: "Eduardo", Surname: "Baldwin", Citations: []kin.Citation{cite}}
	name.SetPrefix("Dr.")
	name.SetNickname(`"Edu" <b>`)
	name.SetSurnamePrefix("van der")
	name.SetSuffix("Jr.")
	name.SetType(kin.NameAKA)
	ext := date.Day{Year: 12, Month: 0, Day: 3, DualYear: 13, Calendar: date.Julian, BCE: true}.WithExt(date.Ext{Calendar: "_X<&>", Month: "_M\u2028", Epoch: "_E"})
	full := date.Date{Start: date.Day{Year: 1750, DualYear: 1751, Month: 2, Day: 3, Calendar: date.Hebrew, BCE: true},
		End: date.Day{Year: 1760}, Phrase: "about\tthen", Modifier: date.FromTo, Interpreted: true}
	ev := kin.Event{Type: kin.EventBirth, Detail: "d", Value: "Y", Date: full, Citations: []kin.Citation{cite}}
	ev.Place = kin.Place{Name: "Amityville, \"NY\""}
	ev.Place.SetCoordinates(math.Copysign(0, -1), 1e21)
	ev.SetID("E1")
	ev.SetCause("heart\nfailure")
	ev.SetParticipants([]kin.Participant{{Person: "I2", Role: kin.RoleWitness, Phrase: "p"}})
	ev.SetNotes([]kin.Note{{ID: "N1", Text: "t", MIME: "text/plain", Lang: "en"}})
	extEv := kin.Event{Type: "_MILT", Date: date.Date{Start: ext, End: ext, Modifier: date.Between}}
	known := kin.Event{Type: kin.EventDeath}
	known.Place.SetCoordinates(0, 0)
	nan := kin.Event{Type: kin.EventDeath}
	nan.Place.SetCoordinates(math.NaN(), 1)
	inf := kin.Event{Type: kin.EventDeath}
	inf.Place.SetCoordinates(1, math.Inf(-1))
	p := kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{name, {}}, Sex: kin.SexMale, Events: []kin.Event{ev, extEv, {}},
		Citations: []kin.Citation{cite}, ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "u"}, {Kind: "EXID", Value: "x", Type: "t"}, {}}}
	p.SetSexCitations([]kin.Citation{cite})
	p.SetNotes([]kin.Note{{Text: "n"}})
	p.SetMedia([]kin.MediaRef{{Media: "M1", Title: "t"}})
	p.SetPrivate(true)
	child := kin.ChildLink{Child: "I3", Lineage: kin.LineageAdopted}
	child.SetPartnerLineage([]kin.Lineage{kin.LineageBirth, kin.LineageStep})
	child.SetCitations([]kin.Citation{cite})
	f := kin.Family{ID: "F1", Xref: "F1", Partners: []kin.ID{"I1", "I2"}, Children: []kin.ChildLink{child, {}},
		Events: []kin.Event{ev, {}}, Citations: []kin.Citation{cite}, ExternalIDs: []kin.ExternalID{{Kind: "RIN", Value: "1"}}}
	f.SetNotes([]kin.Note{{Text: "n"}})
	f.SetMedia([]kin.MediaRef{{Media: "M1"}})
	return []struct {
		name string
		v    any
	}{
		{"zero name", kin.Name{}},
		{"full name", name},
		{"empty citations", kin.Name{Given: "A", Citations: []kin.Citation{}}},
		{"invalid UTF-8", kin.Name{Given: "A\xffB\xe2\x80", Surname: "\u2028\u2029<>&\x00\x1f\x7f"}},
		{"zero sex", kin.Sex("")},
		{"sex", kin.SexFemale},
		{"odd sex", kin.Sex("\"\\")},
		{"zero lineage", kin.LineageUnknown},
		{"lineage", kin.LineageFoster},
		{"zero event", kin.Event{}},
		{"full event", ev},
		{"extension date", extEv},
		{"known place at 0,0", known},
		{"NaN latitude", nan},
		{"infinite longitude", inf},
		{"date only phrase", kin.Event{Date: date.Date{Phrase: "x", Modifier: date.PhraseOnly}}},
		{"zero person", kin.Person{}},
		{"full person", p},
		{"empty slices", kin.Person{Names: []kin.Name{}, Events: []kin.Event{}, Citations: []kin.Citation{}, ExternalIDs: []kin.ExternalID{}}},
		{"zero family", kin.Family{}},
		{"full family", f},
		{"empty family slices", kin.Family{Partners: []kin.ID{}, Children: []kin.ChildLink{}, Events: []kin.Event{}}},
	}
}

// TestCompactJSONFields fails when a field is added to a type the
// appenders of factjson.go write by hand, which must then write it too.
func TestCompactJSONFields(t *testing.T) {
	fields := func(v any) []string {
		var out []string
		ty := reflect.TypeOf(v)
		for i := range ty.NumField() {
			out = append(out, ty.Field(i).Name)
		}
		return out
	}
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"kin.Name", kin.Name{}.JSONForm(), "Prefix Given Nickname SurnamePrefix Surname Suffix Type Citations"},
		{"kin.Event", kin.Event{}.JSONForm(), "ID Type Detail Value Date Place Cause Participants Citations Notes"},
		{"kin.Place", kin.Place{}.JSONForm(), "Name Lat Long Known"},
		{"kin.Person", kin.Person{}.JSONForm(), "ID Xref Names Sex SexCitations Events Citations Notes Media ExternalIDs Private"},
		{"kin.Family", kin.Family{}.JSONForm(), "ID Xref Partners Children Events Citations Notes Media ExternalIDs"},
		{"kin.ExternalID", kin.ExternalID{}, "Kind Value Type"},
		{"date.Date", date.Date{}, "Start End Phrase Modifier Interpreted"},
		{"date.Day", date.Day{}, "Year DualYear Month Day Calendar BCE ext"},
	}
	for _, tt := range tests {
		if got := strings.Join(fields(tt.v), " "); got != tt.want {
			t.Errorf("%s has the fields %s, the appenders in factjson.go write %s: update them", tt.name, got, tt.want)
		}
	}
	// The event's Place is its JSON form, not kin.Place.
	if ty, ok := reflect.TypeOf(kin.Event{}.JSONForm()).FieldByName("Place"); !ok || ty.Type != reflect.TypeOf(kin.Place{}.JSONForm()) {
		t.Errorf("kin.Event's JSON form holds its Place as %v, want the place's JSON form", ty.Type)
	}
	for _, ty := range []reflect.Type{reflect.TypeOf(kin.Sex("")), reflect.TypeOf(kin.Lineage("")), reflect.TypeOf(date.Date{})} {
		if ty.Implements(jsonFormerType) || ty.Implements(marshalerType) {
			t.Errorf("%v has a JSON form of its own now; factjson.go writes it as a plain value", ty)
		}
	}
}

// FuzzFastJSON builds names, events, people and families from fuzzed
// parts and checks the hand-written JSON against reflection's.
func FuzzFastJSON(f *testing.F) {
	f.Add("Alec", "Baldwin", "Amityville, NY", "BIRT", int32(1958), uint8(4), uint8(3), uint8(0), uint8(0), 40.68, -73.41, true)
	f.Add("\xff<&>\u2028", "\"\\\n", "", "_X", int32(-1), uint8(13), uint8(31), uint8(3), uint8(10), math.Copysign(0, -1), 0.0, false)
	f.Add("", "", "x", "", int32(0), uint8(0), uint8(0), uint8(255), uint8(255), 1e-7, 1e300, false)
	f.Fuzz(func(t *testing.T, given, surname, place, typ string, year int32, month, day, cal, mod uint8, lat, long float64, known bool) {
		n := kin.Name{Given: given, Surname: surname}
		n.SetNickname(place)
		n.SetType(kin.NameType(typ))
		d := date.Date{Start: date.Day{Year: year, Month: month, Day: day, Calendar: date.Calendar(cal), BCE: year < 0, DualYear: year / 2},
			Modifier: date.Modifier(mod), Phrase: typ, Interpreted: mod%2 == 1}
		if cal%3 == 0 && utf8.ValidString(typ) {
			d.End = date.Day{Year: year}.WithExt(date.Ext{Calendar: typ, Month: given, Epoch: surname})
		}
		e := kin.Event{Type: kin.EventType(typ), Detail: given, Value: surname, Date: d, Place: kin.Place{Name: place}}
		if known {
			e.Place.SetCoordinates(lat, long)
		}
		e.SetCause(surname)
		p := kin.Person{ID: kin.ID(given), Xref: kin.Xref(surname), Names: []kin.Name{n}, Sex: kin.Sex(typ), Events: []kin.Event{e},
			ExternalIDs: []kin.ExternalID{{Kind: typ, Value: given, Type: place}}}
		p.SetPrivate(known)
		fam := kin.Family{ID: kin.ID(place), Partners: []kin.ID{kin.ID(given)}, Events: slices.Repeat([]kin.Event{e}, int(day%3))}
		for _, v := range []any{n, e, p, fam, kin.Sex(given), kin.Lineage(surname)} {
			checkFast(t, reflect.TypeOf(v).String(), v)
		}
	})
}

// TestEventFactSummary checks eventFact's summary and slot against the
// way they were first made (type, detail, date and place joined by
// spaces), including dates whose text is empty.
func TestEventFactSummary(t *testing.T) {
	old := func(e kin.Event) string {
		parts := []string{string(e.Type)}
		if e.Detail != "" {
			parts = append(parts, e.Detail)
		}
		if !e.Date.IsZero() {
			parts = append(parts, e.Date.String())
		}
		if e.Place.Name != "" {
			parts = append(parts, e.Place.Name)
		}
		return strings.Join(parts, " ")
	}
	tests := []kin.Event{
		{},
		{Type: kin.EventBirth}, {Type: kin.EventChristening}, {Type: kin.EventBaptism}, {Type: kin.EventCremation}, {Type: "_X"},
		{Type: kin.EventDeath, Detail: "d", Date: date.YMD(1900, 1, 2), Place: kin.Place{Name: "Oslo"}},
		{Detail: "only detail"},
		{Type: "_MILT", Date: date.Date{Interpreted: true}},
		{Type: kin.EventBurial, Date: date.Date{Modifier: date.Before}, Place: kin.Place{Name: "x"}},
		{Type: "EVEN", Date: date.Date{Phrase: "spring", Modifier: date.PhraseOnly}},
	}
	for _, e := range tests {
		var enc encoder
		f := eventFact(&enc, e)
		if want := old(e); f.Summary != want {
			t.Errorf("eventFact(%+v).Summary = %q, want %q", e, f.Summary, want)
		}
		wantSlot := ""
		if onceEvents[e.Type] {
			wantSlot = "event:" + string(e.Type)
		}
		if f.Slot != wantSlot {
			t.Errorf("eventFact(%+v).Slot = %q, want %q", e, f.Slot, wantSlot)
		}
		if !e.Date.IsZero() && f.DateText != e.Date.String() {
			t.Errorf("eventFact(%+v).DateText = %q, want %q", e, f.DateText, e.Date.String())
		}
	}
}
