package kin

import "kin/date"

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
type Event struct {
	ID     ID
	Type   EventType
	Detail string // EVEN/FACT TYPE, or an attribute's value ("Actor" for OCCU)
	Value  string // the GEDCOM payload of the event line ("Y" for "1 MARR Y")
	Date   date.Date
	Place  Place
	// Cause is GEDCOM CAUS ("heart failure").
	Cause        string
	Participants []Participant
	Citations    []Citation
	Notes        []Note
}

// Place is where an event happened: the name as written, its jurisdictions
// from smallest to largest, and coordinates when known.
type Place struct {
	Name string // "Amityville, Suffolk, New York, USA"
	// Lat and Long are decimal degrees; Known reports whether they are set.
	Lat, Long float64
	Known     bool
}

// IsZero reports whether p holds nothing.
func (p Place) IsZero() bool { return p == Place{} }

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
