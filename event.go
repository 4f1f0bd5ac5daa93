package kin

import (
	"encoding/json"

	"kin/date"
)

// EventType is the kind of an event or attribute, named by its GEDCOM 7 tag
// ("BIRT", "DEAT", "MARR", "DIV", "OCCU", …). Events GEDCOM has no tag for
// use EventOther with the kind in Event.Detail, as GEDCOM's EVEN with TYPE.
type EventType string

// Common event types. Any other GEDCOM event or attribute tag is a valid
// EventType too.
const (
	EventBirth       EventType = "BIRT"
	EventChristening EventType = "CHR"
	EventBaptism     EventType = "BAPM"
	EventDeath       EventType = "DEAT"
	EventBurial      EventType = "BURI"
	EventCremation   EventType = "CREM"
	EventAdoption    EventType = "ADOP"
	EventMarriage    EventType = "MARR"
	EventEngagement  EventType = "ENGA"
	EventDivorce     EventType = "DIV"
	EventAnnulment   EventType = "ANUL"
	EventSeparation  EventType = "_SEPR" // not in GEDCOM 7; kept as an extension
	EventResidence   EventType = "RESI"
	EventOccupation  EventType = "OCCU"
	EventOther       EventType = "EVEN" // a generic event; Detail names it
	FactOther        EventType = "FACT" // a generic attribute; Detail names it
)

// Role is a participant's part in an event (GEDCOM ROLE).
type Role string

// Roles from GEDCOM 7's ROLE enumeration, plus Principal for the person or
// family the event is about.
const (
	RolePrincipal Role = "PRINCIPAL"
	RoleChild     Role = "CHIL"
	RoleFather    Role = "FATH"
	RoleMother    Role = "MOTH"
	RoleHusband   Role = "HUSB"
	RoleWife      Role = "WIFE"
	RoleParent    Role = "PARENT"
	RoleFriend    Role = "FRIEND"
	RoleGodparent Role = "GODP"
	RoleWitness   Role = "WITN"
	RoleClergy    Role = "CLERGY"
	RoleOfficer   Role = "OFFICIATOR"
	RoleOther     Role = "OTHER"
)

// Participant is a person who took part in an event, and in what role.
type Participant struct {
	Person ID
	Role   Role
	// Phrase is free text for the role (GEDCOM ROLE.PHRASE).
	Phrase string
}

// Event is something that happened (a birth, a marriage, a film release) or
// an attribute that held for a time (an occupation, a residence): its type,
// its genealogical date, its place and who took part. The person or family
// that owns an Event is its principal; Participants lists anyone else.
//
// The fields most events leave empty (ID, Cause, Participants, Notes) are
// read and set with methods and share one pointer, which is nil when all
// of them are empty: a tree holds millions of events. Setters copy what
// the pointer holds, so a copied Event never changes with the original.
// The JSON form is the flat struct it always was (see JSONForm).
type Event struct {
	Type      EventType
	Detail    string // EVEN/FACT TYPE, or an attribute's value ("Actor" for OCCU)
	Value     string // the GEDCOM payload of the event line ("Y" for "1 MARR Y")
	Date      date.Date
	Place     Place
	Citations []Citation
	rare      *eventRare
}

// eventRare holds an Event's rarely set fields.
type eventRare struct {
	id           ID
	cause        string
	participants []Participant
	notes        []Note
}

// ID returns the event's ID, or "" when it has none.
func (e Event) ID() ID {
	if e.rare == nil {
		return ""
	}
	return e.rare.id
}

// Cause returns GEDCOM CAUS ("heart failure"), or "".
func (e Event) Cause() string {
	if e.rare == nil {
		return ""
	}
	return e.rare.cause
}

// Participants returns the people other than the principal who took part.
func (e Event) Participants() []Participant {
	if e.rare == nil {
		return nil
	}
	return e.rare.participants
}

// Notes returns the notes on the event.
func (e Event) Notes() []Note {
	if e.rare == nil {
		return nil
	}
	return e.rare.notes
}

// SetID sets the event's ID.
func (e *Event) SetID(id ID) {
	if id == "" && e.rare == nil {
		return
	}
	r := cloneRare(e.rare)
	r.id = id
	e.setRare(r)
}

// SetCause sets GEDCOM CAUS.
func (e *Event) SetCause(s string) {
	if s == "" && e.rare == nil {
		return
	}
	r := cloneRare(e.rare)
	r.cause = s
	e.setRare(r)
}

// SetParticipants sets the people other than the principal who took part.
func (e *Event) SetParticipants(ps []Participant) {
	if ps == nil && e.rare == nil {
		return
	}
	r := cloneRare(e.rare)
	r.participants = ps
	e.setRare(r)
}

// SetNotes sets the notes on the event.
func (e *Event) SetNotes(ns []Note) {
	if ns == nil && e.rare == nil {
		return
	}
	r := cloneRare(e.rare)
	r.notes = ns
	e.setRare(r)
}

// cloneRare returns a copy of a value's rare fields (the zero fields when
// cur is nil) to change: the setters of Event, Person, Name, ChildLink,
// Family and Citation never change what another copy of the value shares.
func cloneRare[R any](cur *R) *R {
	r := new(R)
	if cur != nil {
		*r = *cur
	}
	return r
}

func (e *Event) setRare(r *eventRare) {
	if r.id == "" && r.cause == "" && r.participants == nil && r.notes == nil {
		r = nil
	}
	e.rare = r
}

// eventJSON is the JSON form of an Event: its fields in the order they
// have always been written.
type eventJSON struct {
	ID           ID
	Type         EventType
	Detail       string
	Value        string
	Date         date.Date
	Place        placeJSON
	Cause        string
	Participants []Participant
	Citations    []Citation
	Notes        []Note
}

// JSONForm returns the struct e's JSON encodes: all of Event's fields,
// exported, in JSON order. Encoders that walk structs by reflection (the
// stores' compact form) encode it instead of e.
func (e Event) JSONForm() any { return e.toJSON() }

func (e Event) toJSON() eventJSON {
	return eventJSON{
		ID: e.ID(), Type: e.Type, Detail: e.Detail, Value: e.Value, Date: e.Date,
		Place: e.Place.toJSON(), Cause: e.Cause(), Participants: e.Participants(),
		Citations: e.Citations, Notes: e.Notes(),
	}
}

func (j *eventJSON) event() Event {
	e := Event{Type: j.Type, Detail: j.Detail, Value: j.Value, Date: j.Date, Place: j.Place.place(), Citations: j.Citations}
	e.setRare(&eventRare{id: j.ID, cause: j.Cause, participants: j.Participants, notes: j.Notes})
	return e
}

// MarshalJSON writes e as the flat object it has always been.
func (e Event) MarshalJSON() ([]byte, error) { return json.Marshal(e.toJSON()) }

// UnmarshalJSON reads the flat object MarshalJSON writes. Fields absent
// from the object keep their values, as for any struct.
func (e *Event) UnmarshalJSON(b []byte) error {
	j := e.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*e = j.event()
	return nil
}

// Place is where an event happened: the name as written and its
// coordinates when known. The coordinates are read and set with methods and
// take no room when unknown.
type Place struct {
	Name  string // "Amityville, Suffolk, New York, USA"
	coord *coord
}

// coord is a place's latitude and longitude.
type coord struct {
	lat, long float64
	known     bool
}

// Coordinates returns the place's latitude and longitude in decimal
// degrees and whether they are known.
func (p Place) Coordinates() (lat, long float64, known bool) {
	if p.coord == nil {
		return 0, 0, false
	}
	return p.coord.lat, p.coord.long, p.coord.known
}

// SetCoordinates sets the place's latitude and longitude in decimal degrees
// and marks them known.
func (p *Place) SetCoordinates(lat, long float64) { p.setCoord(lat, long, true) }

// ClearCoordinates forgets the place's coordinates.
func (p *Place) ClearCoordinates() { p.coord = nil }

func (p *Place) setCoord(lat, long float64, known bool) {
	if lat == 0 && long == 0 && !known {
		p.coord = nil
		return
	}
	p.coord = &coord{lat: lat, long: long, known: known}
}

// IsZero reports whether p holds nothing.
func (p Place) IsZero() bool { return p.Name == "" && p.coord == nil }

// placeJSON is the JSON form of a Place.
type placeJSON struct {
	Name      string
	Lat, Long float64
	Known     bool
}

func (p Place) toJSON() placeJSON {
	lat, long, known := p.Coordinates()
	return placeJSON{Name: p.Name, Lat: lat, Long: long, Known: known}
}

func (j placeJSON) place() Place {
	p := Place{Name: j.Name}
	p.setCoord(j.Lat, j.Long, j.Known)
	return p
}

// JSONForm returns the struct p's JSON encodes: Name, Lat, Long, Known.
func (p Place) JSONForm() any { return p.toJSON() }

// MarshalJSON writes p as {"Name", "Lat", "Long", "Known"}.
func (p Place) MarshalJSON() ([]byte, error) { return json.Marshal(p.toJSON()) }

// UnmarshalJSON reads the object MarshalJSON writes.
func (p *Place) UnmarshalJSON(b []byte) error {
	j := p.toJSON()
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*p = j.place()
	return nil
}

// Association is a tie between two people that is not family: co-stars,
// godparents, business partners, friends, an engagement recorded outside a
// family, a custody dispute. GEDCOM writes it as ASSO with a ROLE.
type Association struct {
	ID     ID
	Person ID // the person the association is recorded on (ASSO's superstructure)
	Other  ID // the associated person (ASSO's pointer)
	// Relation names the tie from Other's side as GEDCOM ROLE does
	// ("GODP", "FRIEND") or in words ("co-star", "business partner").
	Relation  string
	Detail    string    // "The Getaway"
	Date      date.Date // when the tie held or the shared event happened
	Citations []Citation
	Notes     []Note
}
