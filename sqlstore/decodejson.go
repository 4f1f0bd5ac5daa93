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

// key reads a field's name and colon. The caller marks a name it does
// not know as bad, and one seen before (once): encoding/json merges or
// replaces a repeated field, which this decoder does not try to copy.
func (in *jsonIn) key() []byte {
	k := in.raw()
	if !in.take(':') {
		in.bad = true
	}
	return k
}

// once records the field of bit in seen, and marks it bad when seen
// already.
func (in *jsonIn) once(seen *uint16, bit uint16) {
	if *seen&bit != 0 {
		in.bad = true
	}
	*seen |= bit
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
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Given":
			in.once(&seen, 1)
			n.Given = in.str()
		case "Surname":
			in.once(&seen, 2)
			n.Surname = in.str()
		case "Prefix":
			in.once(&seen, 4)
			prefix = in.str()
		case "Nickname":
			in.once(&seen, 8)
			nick = in.str()
		case "SurnamePrefix":
			in.once(&seen, 16)
			spfx = in.str()
		case "Suffix":
			in.once(&seen, 32)
			suffix = in.str()
		case "Type":
			in.once(&seen, 64)
			typ = in.str()
		default:
			in.bad = true
		}
	}
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
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Type":
			in.once(&seen, 1)
			e.Type = kin.EventType(common(in.raw()))
		case "Detail":
			in.once(&seen, 2)
			e.Detail = in.str()
		case "Value":
			in.once(&seen, 4)
			e.Value = in.str()
		case "Date":
			in.once(&seen, 8)
			in.date(&e.Date)
		case "Place":
			in.once(&seen, 16)
			in.place(&e.Place)
		case "ID":
			in.once(&seen, 32)
			id = in.str()
		case "Cause":
			in.once(&seen, 64)
			cause = in.str()
		default:
			in.bad = true
		}
	}
	if !in.end() {
		return kin.Event{}, false
	}
	e.SetID(kin.ID(id))
	e.SetCause(cause)
	return e, true
}

// date reads a date.Date: Start, End, Phrase, Modifier, Interpreted.
func (in *jsonIn) date(d *date.Date) {
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Start":
			in.once(&seen, 1)
			in.day(&d.Start)
		case "End":
			in.once(&seen, 2)
			in.day(&d.End)
		case "Modifier":
			in.once(&seen, 4)
			d.Modifier = date.Modifier(in.uint8())
		case "Phrase":
			in.once(&seen, 8)
			d.Phrase = in.str()
		case "Interpreted":
			in.once(&seen, 16)
			d.Interpreted = in.bool()
		default:
			in.bad = true
		}
	}
}

// day reads a date.Day without extension parts: Calendar, Year, Month,
// Day, BCE, DualYear.
func (in *jsonIn) day(d *date.Day) {
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Year":
			in.once(&seen, 1)
			d.Year = in.int32()
		case "Month":
			in.once(&seen, 2)
			d.Month = in.uint8()
		case "Day":
			in.once(&seen, 4)
			d.Day = in.uint8()
		case "Calendar":
			in.once(&seen, 8)
			d.Calendar = date.Calendar(in.uint8())
		case "BCE":
			in.once(&seen, 16)
			d.BCE = in.bool()
		case "DualYear":
			in.once(&seen, 32)
			d.DualYear = in.int32()
		default:
			in.bad = true
		}
	}
}

// place reads a kin.Place that has only a name.
func (in *jsonIn) place(p *kin.Place) {
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Name":
			in.once(&seen, 1)
			p.Name = in.str()
		default:
			in.bad = true
		}
	}
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
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "Kind":
			in.once(&seen, 1)
			x.Kind = in.str()
		case "Value":
			in.once(&seen, 2)
			x.Value = in.str()
		case "Type":
			in.once(&seen, 4)
			x.Type = in.str()
		default:
			in.bad = true
		}
	}
}

// note reads a kin.Note.
func (in *jsonIn) note(n *kin.Note) {
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "ID":
			in.once(&seen, 1)
			n.ID = kin.ID(in.str())
		case "Xref":
			in.once(&seen, 2)
			n.Xref = kin.Xref(in.str())
		case "Text":
			in.once(&seen, 4)
			n.Text = in.str()
		case "MIME":
			in.once(&seen, 8)
			n.MIME = in.str()
		case "Lang":
			in.once(&seen, 16)
			n.Lang = in.str()
		default:
			in.bad = true
		}
	}
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
	var seen uint16
	for more := in.open(); more && !in.bad; more = in.more() {
		switch k := in.key(); string(k) {
		case "ID":
			in.once(&seen, 1)
			d.id = kin.ID(in.str())
		case "Xref":
			in.once(&seen, 2)
			d.xref = kin.Xref(in.str())
		case "ExternalIDs":
			in.once(&seen, 4)
			d.externalIDs = jsonArray(&in, (*jsonIn).externalID)
		case "Notes":
			in.once(&seen, 8)
			d.notes = jsonArray(&in, (*jsonIn).note)
		default:
			in.bad = true
		}
	}
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
