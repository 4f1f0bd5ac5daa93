package sqlstore

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"kin"
	"kin/date"
)

// This file reads back, without reflection, the JSON that factjson.go
// writes for the values nearly every fact and record holds: names, sexes,
// lineages, events with their dates and places, and the data of a person's
// or a family's record (ID, xref, external IDs, notes). encoding/json took
// about a third of reading a batch of people (Find's matches, a page's
// relatives).
//
// It takes only the compact form kin writes: no spaces, strings in valid
// UTF-8 without control characters or \u escapes, only the fields listed
// for each type, each at most once and spelled as written, integers in
// range without fraction or exponent. Anything else, valid JSON or not,
// goes to encoding/json, so a value and an error are always those
// encoding/json gives (TestDecodeJSONMatches, FuzzDecodeJSON). A field
// added to one of these kin types needs nothing here: this decoder does
// not know it, so values that hold it go to encoding/json.

// jsonIn reads compact JSON from b at i. bad is set at the first thing it
// does not take; the caller then gives the whole value to encoding/json.
type jsonIn struct {
	b   []byte
	i   int
	bad bool
}

// take reports whether the next byte is c, and takes it if so.
func (in *jsonIn) take(c byte) bool {
	if in.i < len(in.b) && in.b[in.i] == c {
		in.i++
		return true
	}
	return false
}

// open reads the '{' of an object and reports whether a field follows.
func (in *jsonIn) open() bool {
	if !in.take('{') {
		in.bad = true
		return false
	}
	return !in.take('}')
}

// more reads what follows a field's value: a comma (another field
// follows) or the object's '}'.
func (in *jsonIn) more() bool {
	if in.take(',') {
		return true
	}
	if !in.take('}') {
		in.bad = true
	}
	return false
}

// object reads an object: for each field, its name and colon, then field
// with the name, which reads the value and reports whether it knows the
// name. A name field does not know is bad, and so is one seen before:
// encoding/json merges or replaces a repeated field, which this decoder
// does not try to copy. No type it reads has more than eight fields.
func (in *jsonIn) object(field func(name []byte) bool) {
	var seen [8][]byte
	n := 0
	for more := in.open(); more && !in.bad; more = in.more() {
		k := in.raw()
		if in.bad || !in.take(':') || n == len(seen) {
			in.bad = true
			return
		}
		for _, s := range seen[:n] {
			if bytes.Equal(s, k) {
				in.bad = true
				return
			}
		}
		seen[n] = k
		n++
		if !field(k) {
			in.bad = true
		}
	}
}

// raw reads a string and returns its bytes, b's own when the string has
// no escape. It takes only strings in valid UTF-8 without control
// characters, whose escapes are those of one ASCII character (\n, \",
// …; not \u): what encoding/json returns for them is then plain.
func (in *jsonIn) raw() []byte {
	if !in.take('"') {
		in.bad = true
		return nil
	}
	start, ascii := in.i, true
	for ; in.i < len(in.b); in.i++ {
		switch c := in.b[in.i]; {
		case c == '"':
			v := in.b[start:in.i]
			in.i++
			if !ascii && !utf8.Valid(v) {
				in.bad = true
				return nil
			}
			return v
		case c == '\\':
			return in.unescape(start)
		case c < ' ':
			in.bad = true
			return nil
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	in.bad = true
	return nil
}

// unescape is raw for a string, begun at start, that has an escape at i:
// it returns a copy with the escapes replaced.
func (in *jsonIn) unescape(start int) []byte {
	v := make([]byte, in.i-start, in.i-start+16)
	copy(v, in.b[start:in.i])
	for ; in.i < len(in.b); in.i++ {
		c := in.b[in.i]
		switch {
		case c == '"':
			in.i++
			if !utf8.Valid(v) {
				in.bad = true
				return nil
			}
			return v
		case c == '\\':
			in.i++
			if in.i == len(in.b) {
				in.bad = true
				return nil
			}
			switch in.b[in.i] {
			case '"', '\\', '/':
				c = in.b[in.i]
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			default: // \u and anything invalid
				in.bad = true
				return nil
			}
		case c < ' ':
			in.bad = true
			return nil
		}
		v = append(v, c)
	}
	in.bad = true
	return nil
}

// str reads a string.
func (in *jsonIn) str() string {
	v := in.raw()
	if in.bad || len(v) == 0 {
		return ""
	}
	return string(v)
}

// uint reads an integer from 0 to max.
func (in *jsonIn) uint(max uint64) uint64 {
	start := in.i
	var n uint64
	for in.i < len(in.b) && '0' <= in.b[in.i] && in.b[in.i] <= '9' && in.i-start < 19 {
		n = n*10 + uint64(in.b[in.i]-'0')
		in.i++
	}
	// A fraction, an exponent or more digits end up in more's check: the
	// number must be followed by ',' or '}'.
	if in.i == start || in.b[start] == '0' && in.i-start > 1 || n > max {
		in.bad = true
		return 0
	}
	return n
}

// uint8 reads an integer that fits a uint8.
func (in *jsonIn) uint8() uint8 { return uint8(in.uint(255)) }

// int32 reads an integer that fits an int32.
func (in *jsonIn) int32() int32 {
	if in.take('-') {
		return int32(-int64(in.uint(1 << 31)))
	}
	return int32(in.uint(1<<31 - 1))
}

// bool reads true or false.
func (in *jsonIn) bool() bool {
	rest := in.b[in.i:]
	switch {
	case bytes.HasPrefix(rest, []byte("true")):
		in.i += 4
		return true
	case bytes.HasPrefix(rest, []byte("false")):
		in.i += 5
	default:
		in.bad = true
	}
	return false
}

// end reports whether all of b was read, without anything bad.
func (in *jsonIn) end() bool { return !in.bad && in.i == len(in.b) }

// decodeName returns the kin.Name b holds, as json.Unmarshal into a new
// kin.Name gives it.
func decodeName(b []byte) (kin.Name, error) {
	if n, ok := nameFast(b); ok {
		return n, nil
	}
	var n kin.Name
	err := json.Unmarshal(b, &n)
	return n, err
}

// nameFast is decodeName for the JSON it takes, and reports whether it
// took b.
func nameFast(b []byte) (kin.Name, bool) {
	in := jsonIn{b: b}
	var n kin.Name
	var prefix, nick, spfx, suffix, typ string
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Given":
			n.Given = in.str()
		case "Surname":
			n.Surname = in.str()
		case "Prefix":
			prefix = in.str()
		case "Nickname":
			nick = in.str()
		case "SurnamePrefix":
			spfx = in.str()
		case "Suffix":
			suffix = in.str()
		case "Type":
			typ = in.str()
		default:
			return false
		}
		return true
	})
	if !in.end() {
		return kin.Name{}, false
	}
	n.SetPrefix(prefix)
	n.SetNickname(nick)
	n.SetSurnamePrefix(spfx)
	n.SetSuffix(suffix)
	n.SetType(kin.NameType(typ))
	return n, true
}

// decodeString sets *v to the string b holds, as json.Unmarshal into v
// does: a sex or a lineage.
func decodeString[T ~string](b []byte, v *T) error {
	if s, ok := stringFast(b); ok {
		*v = T(s)
		return nil
	}
	return json.Unmarshal(b, v)
}

// stringFast returns the string b holds when this decoder takes it, and
// reports whether it did.
func stringFast(b []byte) (string, bool) {
	in := jsonIn{b: b}
	s := in.raw()
	if !in.end() {
		return "", false
	}
	return common(s), true
}

// common returns s as a string, without a new copy for the values most
// facts hold: sexes, lineages and event types.
func common(s []byte) string {
	switch string(s) {
	case "":
		return ""
	case "M":
		return "M"
	case "F":
		return "F"
	case "U":
		return "U"
	case "X":
		return "X"
	case "BIRT":
		return "BIRT"
	case "DEAT":
		return "DEAT"
	case "BURI":
		return "BURI"
	case "CHR":
		return "CHR"
	case "BAPM":
		return "BAPM"
	case "MARR":
		return "MARR"
	case "OCCU":
		return "OCCU"
	case "RESI":
		return "RESI"
	case "BIRTH":
		return "BIRTH"
	}
	return string(s)
}

// decodeEventValue returns the kin.Event b holds, as json.Unmarshal into
// a new kin.Event gives it.
func decodeEventValue(b []byte) (kin.Event, error) {
	if e, ok := eventFast(b); ok {
		return e, nil
	}
	var e kin.Event
	err := json.Unmarshal(b, &e)
	return e, err
}

// eventFast is decodeEventValue for the JSON it takes, and reports
// whether it took b.
func eventFast(b []byte) (kin.Event, bool) {
	in := jsonIn{b: b}
	var e kin.Event
	var id, cause string
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Type":
			e.Type = kin.EventType(common(in.raw()))
		case "Detail":
			e.Detail = in.str()
		case "Value":
			e.Value = in.str()
		case "Date":
			in.date(&e.Date)
		case "Place":
			in.place(&e.Place)
		case "ID":
			id = in.str()
		case "Cause":
			cause = in.str()
		default:
			return false
		}
		return true
	})
	if !in.end() {
		return kin.Event{}, false
	}
	e.SetID(kin.ID(id))
	e.SetCause(cause)
	return e, true
}

// date reads a date.Date: Start, End, Phrase, Modifier, Interpreted.
func (in *jsonIn) date(d *date.Date) {
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Start":
			in.day(&d.Start)
		case "End":
			in.day(&d.End)
		case "Modifier":
			d.Modifier = date.Modifier(in.uint8())
		case "Phrase":
			d.Phrase = in.str()
		case "Interpreted":
			d.Interpreted = in.bool()
		default:
			return false
		}
		return true
	})
}

// day reads a date.Day without extension parts: Calendar, Year, Month,
// Day, BCE, DualYear.
func (in *jsonIn) day(d *date.Day) {
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Year":
			d.Year = in.int32()
		case "Month":
			d.Month = in.uint8()
		case "Day":
			d.Day = in.uint8()
		case "Calendar":
			d.Calendar = date.Calendar(in.uint8())
		case "BCE":
			d.BCE = in.bool()
		case "DualYear":
			d.DualYear = in.int32()
		default:
			return false
		}
		return true
	})
}

// place reads a kin.Place that has only a name.
func (in *jsonIn) place(p *kin.Place) {
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Name":
			p.Name = in.str()
		default:
			return false
		}
		return true
	})
}

// jsonArray reads an array whose elements elem reads.
func jsonArray[T any](in *jsonIn, elem func(*jsonIn, *T)) []T {
	if !in.take('[') {
		in.bad = true
		return nil
	}
	out := []T{}
	if in.take(']') {
		return out
	}
	for !in.bad {
		var x T
		elem(in, &x)
		out = append(out, x)
		if in.take(']') {
			break
		}
		if !in.take(',') {
			in.bad = true
		}
	}
	return out
}

// externalID reads a kin.ExternalID.
func (in *jsonIn) externalID(x *kin.ExternalID) {
	in.object(func(k []byte) bool {
		switch string(k) {
		case "Kind":
			x.Kind = in.str()
		case "Value":
			x.Value = in.str()
		case "Type":
			x.Type = in.str()
		default:
			return false
		}
		return true
	})
}

// note reads a kin.Note.
func (in *jsonIn) note(n *kin.Note) {
	in.object(func(k []byte) bool {
		switch string(k) {
		case "ID":
			n.ID = kin.ID(in.str())
		case "Xref":
			n.Xref = kin.Xref(in.str())
		case "Text":
			n.Text = in.str()
		case "MIME":
			n.MIME = in.str()
		case "Lang":
			n.Lang = in.str()
		default:
			return false
		}
		return true
	})
}

// recordData is what recordDataFast reads of a person's or a family's
// record data.
type recordData struct {
	id          kin.ID
	xref        kin.Xref
	externalIDs []kin.ExternalID
	notes       []kin.Note
}

// recordDataFast reads the record data of a person or a family when it
// holds only an ID, an xref, external IDs and notes, and reports whether
// it did.
func recordDataFast(b []byte) (recordData, bool) {
	in := jsonIn{b: b}
	var d recordData
	in.object(func(k []byte) bool {
		switch string(k) {
		case "ID":
			d.id = kin.ID(in.str())
		case "Xref":
			d.xref = kin.Xref(in.str())
		case "ExternalIDs":
			d.externalIDs = jsonArray(&in, (*jsonIn).externalID)
		case "Notes":
			d.notes = jsonArray(&in, (*jsonIn).note)
		default:
			return false
		}
		return true
	})
	return d, in.end()
}

// decodePerson sets p from a person record's data b, as json.Unmarshal
// into p does when p is new.
func decodePerson(b []byte, p *kin.Person) error {
	d, ok := recordDataFast(b)
	if !ok {
		return json.Unmarshal(b, p)
	}
	*p = kin.Person{ID: d.id, Xref: d.xref, ExternalIDs: d.externalIDs}
	p.SetNotes(d.notes)
	return nil
}

// decodeFamily sets f from a family record's data b, as json.Unmarshal
// into f does when f is new.
func decodeFamily(b []byte, f *kin.Family) error {
	d, ok := recordDataFast(b)
	if !ok {
		return json.Unmarshal(b, f)
	}
	*f = kin.Family{ID: d.id, Xref: d.xref, ExternalIDs: d.externalIDs}
	f.SetNotes(d.notes)
	return nil
}
