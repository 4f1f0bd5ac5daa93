package gedcom

import "kin"

// The helpers below build kin values whose rarely set parts are behind
// setters, so test literals stay one expression.

// fullName returns n with its prefix, nickname, surname prefix and suffix.
func fullName(n kin.Name, prefix, nickname, surnamePrefix, suffix string) kin.Name {
	n.SetPrefix(prefix)
	n.SetNickname(nickname)
	n.SetSurnamePrefix(surnamePrefix)
	n.SetSuffix(suffix)
	return n
}

// at returns a place named name at lat, long.
func at(name string, lat, long float64) kin.Place {
	p := kin.Place{Name: name}
	p.SetCoordinates(lat, long)
	return p
}

// eventWith returns e with its cause, participants and notes.
func eventWith(e kin.Event, cause string, ps []kin.Participant, notes []kin.Note) kin.Event {
	e.SetCause(cause)
	e.SetParticipants(ps)
	e.SetNotes(notes)
	return e
}

// partnerLineage returns c with its lineage to each partner.
func partnerLineage(c kin.ChildLink, ls ...kin.Lineage) kin.ChildLink {
	c.SetPartnerLineage(ls)
	return c
}

// childCited returns c with its citations.
func childCited(c kin.ChildLink, cs []kin.Citation) kin.ChildLink {
	c.SetCitations(cs)
	return c
}

// typed returns n with its name type.
func typed(n kin.Name, t kin.NameType) kin.Name {
	n.SetType(t)
	return n
}
