package sqlstore

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"

	"kin"
	"kin/date"
)

// This file writes the compact JSON of the values an import stores for
// nearly every fact and record — names, sexes, events with their dates and
// places, lineages, and what a person's or family's record keeps besides
// its facts — by hand instead of by reflection, which took a tenth of a
// large import's CPU. The bytes are exactly those appendCompact writes
// (TestCompactJSONFast, FuzzFastJSON); parts few values have
// (participants, notes, citations, media) still go through appendCompact.
// A field added to one of these kin types must be added here too:
// TestCompactJSONFields fails until it is.

// appendFast appends the compact JSON of v when v is one of the types this
// file writes by hand, and reports whether it was.
func appendFast(b []byte, v any) ([]byte, bool, error) {
	var err error
	switch v := v.(type) {
	case kin.Name:
		b, err = appendName(b, &v)
	case kin.Event:
		b, err = appendEvent(b, &v)
	case kin.Sex:
		b = appendString(b, string(v))
	case kin.Lineage:
		b = appendString(b, string(v))
	case kin.Person:
		b, err = appendPerson(b, &v)
	case kin.Family:
		b, err = appendFamily(b, &v)
	default:
		return b, false, nil
	}
	return b, true, err
}

// key appends a field's name, after a comma unless it is the object's first.
func key(b []byte, name string) []byte {
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// stringField appends "name":"s" unless s is empty.
func stringField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendString(key(b, name), s)
}

// reflectField appends "name": and v by reflection unless v is a nil slice.
func reflectField[E any](b []byte, name string, v []E) ([]byte, error) {
	if v == nil {
		return b, nil
	}
	return appendCompact(key(b, name), reflect.ValueOf(v))
}

// appendName writes a kin.Name as its JSONForm: Prefix, Given, Nickname,
// SurnamePrefix, Surname, Suffix, Type, Citations.
func appendName(b []byte, n *kin.Name) ([]byte, error) {
	b = append(b, '{')
	b = stringField(b, "Prefix", n.Prefix())
	b = stringField(b, "Given", n.Given)
	b = stringField(b, "Nickname", n.Nickname())
	b = stringField(b, "SurnamePrefix", n.SurnamePrefix())
	b = stringField(b, "Surname", n.Surname)
	b = stringField(b, "Suffix", n.Suffix())
	b = stringField(b, "Type", string(n.Type()))
	b, err := reflectField(b, "Citations", n.Citations)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendEvent writes a kin.Event as its JSONForm: ID, Type, Detail, Value,
// Date, Place, Cause, Participants, Citations, Notes.
func appendEvent(b []byte, e *kin.Event) ([]byte, error) {
	b = append(b, '{')
	b = stringField(b, "ID", string(e.ID()))
	b = stringField(b, "Type", string(e.Type))
	b = stringField(b, "Detail", e.Detail)
	b = stringField(b, "Value", e.Value)
	var err error
	if !e.Date.IsZero() {
		if b, err = appendDate(key(b, "Date"), &e.Date); err != nil {
			return nil, err
		}
	}
	lat, long, known := e.Place.Coordinates()
	if e.Place.Name != "" || lat != 0 || long != 0 || known {
		b = key(b, "Place")
		b = append(b, '{')
		b = stringField(b, "Name", e.Place.Name)
		if b, err = floatField(b, "Lat", lat); err != nil {
			return nil, err
		}
		if b, err = floatField(b, "Long", long); err != nil {
			return nil, err
		}
		if known {
			b = append(key(b, "Known"), "true"...)
		}
		b = append(b, '}')
	}
	b = stringField(b, "Cause", e.Cause())
	if b, err = reflectField(b, "Participants", e.Participants()); err != nil {
		return nil, err
	}
	if b, err = reflectField(b, "Citations", e.Citations); err != nil {
		return nil, err
	}
	if b, err = reflectField(b, "Notes", e.Notes()); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// floatField appends "name":f unless f is zero (-0 too, as for
// reflect.Value.IsZero). NaN and infinities are an error, as in
// appendCompact.
func floatField(b []byte, name string, f float64) ([]byte, error) {
	if f == 0 {
		return b, nil
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, fmt.Errorf("unsupported value %v", f)
	}
	return strconv.AppendFloat(key(b, name), f, 'g', -1, 64), nil
}

// appendDate writes a date.Date as a struct: Start, End, Phrase, Modifier,
// Interpreted, each left out when zero.
func appendDate(b []byte, d *date.Date) ([]byte, error) {
	b = append(b, '{')
	var err error
	if !d.Start.IsZero() {
		if b, err = appendDay(key(b, "Start"), d.Start); err != nil {
			return nil, err
		}
	}
	if !d.End.IsZero() {
		if b, err = appendDay(key(b, "End"), d.End); err != nil {
			return nil, err
		}
	}
	b = stringField(b, "Phrase", d.Phrase)
	if d.Modifier != 0 {
		b = strconv.AppendUint(key(b, "Modifier"), uint64(d.Modifier), 10)
	}
	if d.Interpreted {
		b = append(key(b, "Interpreted"), "true"...)
	}
	return append(b, '}'), nil
}

// appendDay writes a date.Day as its MarshalJSON does: Calendar, Year,
// Month, Day, BCE, DualYear, each left out when zero. A day with extension
// parts (rare) is written by MarshalJSON itself, through encoding/json as
// appendCompact does, since encoding/json escapes their text its own way.
func appendDay(b []byte, d date.Day) ([]byte, error) {
	if d.Ext() != (date.Ext{}) {
		out, err := json.Marshal(d)
		return append(b, out...), err
	}
	b = append(b, '{')
	if d.Calendar != 0 {
		b = strconv.AppendUint(key(b, "Calendar"), uint64(d.Calendar), 10)
	}
	if d.Year != 0 {
		b = strconv.AppendInt(key(b, "Year"), int64(d.Year), 10)
	}
	if d.Month != 0 {
		b = strconv.AppendUint(key(b, "Month"), uint64(d.Month), 10)
	}
	if d.Day != 0 {
		b = strconv.AppendUint(key(b, "Day"), uint64(d.Day), 10)
	}
	if d.BCE {
		b = append(key(b, "BCE"), "true"...)
	}
	if d.DualYear != 0 {
		b = strconv.AppendInt(key(b, "DualYear"), int64(d.DualYear), 10)
	}
	return append(b, '}'), nil
}

// appendExternalIDs writes "ExternalIDs":[…] unless ids is nil.
func appendExternalIDs(b []byte, ids []kin.ExternalID) []byte {
	if ids == nil {
		return b
	}
	b = append(key(b, "ExternalIDs"), '[')
	for i := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		b = stringField(b, "Kind", ids[i].Kind)
		b = stringField(b, "Value", ids[i].Value)
		b = stringField(b, "Type", ids[i].Type)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendEvents writes "Events":[…] unless es is nil.
func appendEvents(b []byte, es []kin.Event) ([]byte, error) {
	if es == nil {
		return b, nil
	}
	b = append(key(b, "Events"), '[')
	for i := range es {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendEvent(b, &es[i]); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// appendPerson writes a kin.Person as its JSONForm: ID, Xref, Names, Sex,
// SexCitations, Events, Citations, Notes, Media, ExternalIDs, Private.
func appendPerson(b []byte, p *kin.Person) ([]byte, error) {
	b = append(b, '{')
	b = stringField(b, "ID", string(p.ID))
	b = stringField(b, "Xref", string(p.Xref))
	var err error
	if p.Names != nil {
		b = append(key(b, "Names"), '[')
		for i := range p.Names {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendName(b, &p.Names[i]); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = stringField(b, "Sex", string(p.Sex))
	if b, err = reflectField(b, "SexCitations", p.SexCitations()); err != nil {
		return nil, err
	}
	if b, err = appendEvents(b, p.Events); err != nil {
		return nil, err
	}
	if b, err = appendRecordTail(b, p.Citations, p.Notes(), p.Media(), p.ExternalIDs); err != nil {
		return nil, err
	}
	if p.Private() {
		b = append(key(b, "Private"), "true"...)
	}
	return append(b, '}'), nil
}

// appendRecordTail writes the fields a person's and a family's JSONForm
// end with: Citations, Notes, Media, ExternalIDs.
func appendRecordTail(b []byte, cites []kin.Citation, notes []kin.Note, media []kin.MediaRef, ids []kin.ExternalID) ([]byte, error) {
	var err error
	if b, err = reflectField(b, "Citations", cites); err != nil {
		return nil, err
	}
	if b, err = reflectField(b, "Notes", notes); err != nil {
		return nil, err
	}
	if b, err = reflectField(b, "Media", media); err != nil {
		return nil, err
	}
	return appendExternalIDs(b, ids), nil
}

// appendFamily writes a kin.Family as its JSONForm: ID, Xref, Partners,
// Children, Events, Citations, Notes, Media, ExternalIDs.
func appendFamily(b []byte, f *kin.Family) ([]byte, error) {
	b = append(b, '{')
	b = stringField(b, "ID", string(f.ID))
	b = stringField(b, "Xref", string(f.Xref))
	if f.Partners != nil {
		b = append(key(b, "Partners"), '[')
		for i, p := range f.Partners {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, string(p))
		}
		b = append(b, ']')
	}
	var err error
	if b, err = reflectField(b, "Children", f.Children); err != nil {
		return nil, err
	}
	if b, err = appendEvents(b, f.Events); err != nil {
		return nil, err
	}
	if b, err = appendRecordTail(b, f.Citations, f.Notes(), f.Media(), f.ExternalIDs); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}
