package sqlstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"kin"
	"kin/date"
)

// Fact kinds.
const (
	KindName        = "name"        // subject person; value kin.Name
	KindSex         = "sex"         // subject person; value kin.Sex
	KindEvent       = "event"       // subject person or family; value kin.Event
	KindPartner     = "partner"     // subject family; object the partner
	KindChild       = "child"       // subject family; object the child; value kin.Lineage
	KindAssociation = "association" // subject the person it is recorded on; object the other; value kin.Association
	KindCitation    = "cite"        // subject any record; the record's own citations
)

// Origins of facts. A tree's own facts come from GEDCOM imports and from
// edits; re-importing a file or editing a record supersedes them. Facts
// from anything else (a news article …) have the origin "source:" plus the
// source's ID and are kept beside the tree's own.
const (
	OriginGEDCOM = "gedcom"
	OriginEdit   = "edit"
)

// onceEvents are the event types a person has at most once: two different
// values are a conflict.
var onceEvents = map[kin.EventType]bool{
	kin.EventBirth: true, kin.EventChristening: true, kin.EventBaptism: true,
	kin.EventDeath: true, kin.EventBurial: true, kin.EventCremation: true,
}

// Fact is one stored fact with its bookkeeping.
type Fact struct {
	ID      int64  `json:"id"`
	Subject kin.ID `json:"subject"`
	Kind    string `json:"kind"`
	// Slot is non-empty for facts that hold one value per subject ("sex",
	// "event:BIRT"); facts of one slot with different values conflict.
	Slot    string          `json:"slot,omitempty"`
	Object  kin.ID          `json:"object,omitempty"`
	Value   json.RawMessage `json:"value"`
	Summary string          `json:"summary"`
	// DateText and Earliest/Latest are the fact's valid time: its date as
	// written and the Julian day numbers it spans (0 when undated).
	DateText         string         `json:"date,omitempty"`
	Earliest         date.JDN       `json:"earliest,omitempty"`
	Latest           date.JDN       `json:"latest,omitempty"`
	Citations        []kin.Citation `json:"citations,omitempty"`
	Confidence       kin.Confidence `json:"confidence"`
	SourceDate       date.JDN       `json:"source_date,omitempty"`
	Origin           string         `json:"origin"`
	Seq              int            `json:"-"`
	RecordedAt       time.Time      `json:"recorded_at"`
	SupersededAt     *time.Time     `json:"superseded_at,omitempty"`
	SupersededBy     int64          `json:"superseded_by,omitempty"`
	Chosen           bool           `json:"chosen,omitempty"`
	Conclusion       bool           `json:"conclusion,omitempty"`
	importID         int64
	dateMin, dateMax *int64
	// words are a name fact's search words when the fact was made from a
	// kin.Name here, so storing it need not decode Value again.
	words    []string
	hasWords bool
	// late lists the sources the fact cites whose records an import had
	// not read when it made the fact: their dates grade it at the end.
	late []kin.ID
	// row and citeRows are the fact's row and its citations' rows for
	// storing it (see writer.factRows).
	row      []any
	citeRows [][]any
}

// key identifies a fact's content for deduplication: two facts with the
// same key say the same thing on the same evidence.
func (f *Fact) key() string {
	c, _ := json.Marshal(f.Citations)
	return f.Kind + "\x00" + string(f.Object) + "\x00" + string(f.Value) + "\x00" + string(c)
}

// setDate fills the fact's valid time from d.
func (f *Fact) setDate(d date.Date) {
	if d.IsZero() {
		return
	}
	f.setDateText(d, d.String())
}

// setDateText is setDate with d.String() already made.
func (f *Fact) setDateText(d date.Date, text string) {
	f.DateText = text
	lo, hi := dateRange(d)
	f.Earliest, f.Latest = lo, hi
	if lo != 0 {
		a := int64(lo)
		f.dateMin = &a
	}
	if hi != 0 {
		b := int64(hi)
		f.dateMax = &b
	}
}

// dateRange returns the earliest and latest Julian day numbers d allows;
// 0 is an open bound (BEF has no earliest, AFT no latest) or no date.
func dateRange(d date.Date) (earliest, latest date.JDN) {
	first, last, ok := d.Start.Span()
	if !ok || d.Modifier == date.PhraseOnly {
		return 0, 0
	}
	switch d.Modifier {
	case date.Between, date.FromTo:
		if _, l, ok := d.End.Span(); ok {
			last = l
		}
	case date.Before, date.To:
		first = 0
	case date.After, date.From:
		last = 0
	}
	return first, last
}

// grade fills Confidence and SourceDate from the citations; sourceDate
// returns a source's date, when known.
func (f *Fact) grade(sourceDate func(kin.ID) date.JDN) {
	f.Confidence = kin.ConfidenceNormal
	best := kin.Confidence(-1)
	for _, c := range f.Citations {
		if c.ConfidenceKnown && c.Confidence > best {
			best = c.Confidence
		}
		if !c.Date().IsZero() {
			if _, hi := dateRange(c.Date()); hi > f.SourceDate {
				f.SourceDate = hi
			}
		}
		if sourceDate != nil {
			if d := sourceDate(c.Source); d > f.SourceDate {
				f.SourceDate = d
			}
		}
	}
	if best >= 0 {
		f.Confidence = best
	}
}

// encoder marshals values to JSON and remembers the first error, so the
// fact builders stay readable; a value kin cannot store (a NaN coordinate)
// is reported, never a panic. The values it returns share blocks of
// memory, a few per record instead of one allocation each.
type encoder struct {
	err error
	buf []byte
}

// Sizes of the blocks an encoder writes values into: a person's facts and
// record data take ~600 bytes, so the first block is small and the next
// ones double, up to encoderBlock.
const (
	encoderFirst = 512
	encoderBlock = 4096
)

func (e *encoder) json(v any) json.RawMessage {
	if cap(e.buf)-len(e.buf) < 128 {
		e.buf = make([]byte, 0, min(encoderBlock, max(encoderFirst, 2*cap(e.buf))))
	}
	start := len(e.buf)
	b, err := appendJSON(e.buf, v)
	if err != nil {
		if e.err == nil {
			e.err = kin.Errorf(kin.EINVALID, "Cannot store %T: %v.", v, err)
		}
		return json.RawMessage("null")
	}
	e.buf = b
	// The value's own slice, capped so that appending to it copies.
	return json.RawMessage(b[start:len(b):len(b)])
}

// personFacts splits p into its facts and the record data that is not a
// fact (notes, media, external IDs, privacy).
func personFacts(p *kin.Person) (facts []*Fact, data json.RawMessage, err error) {
	var enc encoder
	seq := 0
	add := func(f *Fact) {
		f.Subject = p.ID
		f.Seq = seq
		seq++
		facts = append(facts, f)
	}
	for _, n := range p.Names {
		cites := n.Citations
		n.Citations = nil
		add(&Fact{Kind: KindName, Value: enc.json(n), Summary: n.String(), Citations: cites, words: nameWords(n), hasWords: true})
	}
	if p.Sex != "" || len(p.SexCitations()) > 0 {
		add(&Fact{Kind: KindSex, Slot: "sex", Value: enc.json(p.Sex), Summary: string(p.Sex), Citations: p.SexCitations()})
	}
	for _, e := range p.Events {
		add(eventFact(&enc, e))
	}
	if len(p.Citations) > 0 {
		add(&Fact{Kind: KindCitation, Value: json.RawMessage("null"), Citations: p.Citations})
	}
	rest := *p
	rest.Names, rest.Sex, rest.Events, rest.Citations = nil, "", nil, nil
	rest.SetSexCitations(nil)
	data = enc.json(rest)
	return facts, data, enc.err
}

func eventFact(enc *encoder, e kin.Event) *Fact {
	cites := e.Citations
	e.Citations = nil
	f := &Fact{Kind: KindEvent, Value: enc.json(e), Citations: cites}
	if onceEvents[e.Type] {
		f.Slot = eventSlot(e.Type)
	}
	// The summary: type, detail, date and place, joined by spaces.
	var ds string
	n := len(e.Type)
	if e.Detail != "" {
		n += 1 + len(e.Detail)
	}
	if !e.Date.IsZero() {
		ds = e.Date.String()
		n += 1 + len(ds)
	}
	if e.Place.Name != "" {
		n += 1 + len(e.Place.Name)
	}
	var b strings.Builder
	b.Grow(n)
	b.WriteString(string(e.Type))
	for i, part := range [...]string{e.Detail, ds, e.Place.Name} {
		if part != "" || i == 1 && !e.Date.IsZero() {
			b.WriteByte(' ')
			b.WriteString(part)
		}
	}
	f.Summary = b.String()
	if !e.Date.IsZero() {
		f.setDateText(e.Date, ds)
	}
	return f
}

// eventSlot returns "event:" and t, the slot of an event a person has at
// most once, without making the string anew for the common ones.
func eventSlot(t kin.EventType) string {
	switch t {
	case kin.EventBirth:
		return "event:BIRT"
	case kin.EventChristening:
		return "event:CHR"
	case kin.EventBaptism:
		return "event:BAPM"
	case kin.EventDeath:
		return "event:DEAT"
	case kin.EventBurial:
		return "event:BURI"
	case kin.EventCremation:
		return "event:CREM"
	}
	return "event:" + string(t)
}

// familyFacts splits fam into its facts and its record data.
func familyFacts(fam *kin.Family) (facts []*Fact, data json.RawMessage, err error) {
	var enc encoder
	seq := 0
	add := func(f *Fact) {
		f.Subject = fam.ID
		f.Seq = seq
		seq++
		facts = append(facts, f)
	}
	for _, p := range fam.Partners {
		add(&Fact{Kind: KindPartner, Object: p, Value: json.RawMessage("null"), Summary: "partner " + string(p)})
	}
	for _, c := range fam.Children {
		add(&Fact{Kind: KindChild, Object: c.Child, Value: enc.json(c.Lineage), Summary: strings.TrimSpace("child " + string(c.Child) + " " + strings.ToLower(string(c.Lineage))), Citations: c.Citations()})
	}
	for _, e := range fam.Events {
		add(eventFact(&enc, e))
	}
	if len(fam.Citations) > 0 {
		add(&Fact{Kind: KindCitation, Value: json.RawMessage("null"), Citations: fam.Citations})
	}
	rest := *fam
	rest.Partners, rest.Children, rest.Events, rest.Citations = nil, nil, nil, nil
	data = enc.json(rest)
	return facts, data, enc.err
}

// associationFact returns the fact for a.
func associationFact(enc *encoder, a *kin.Association, seq int) *Fact {
	cites := a.Citations
	v := *a
	v.Citations = nil
	f := &Fact{
		Subject: a.Person, Kind: KindAssociation, Object: a.Other, Value: enc.json(v),
		Summary: strings.TrimSpace(a.Relation + " " + string(a.Other) + " " + a.Detail), Citations: cites, Seq: seq,
	}
	f.setDate(a.Date)
	return f
}

// applyFact adds f's content to a person.
func applyPersonFact(p *kin.Person, f *Fact) error {
	switch f.Kind {
	case KindName:
		n, err := decodeName(f.Value)
		if err != nil {
			return fmt.Errorf("fact %d: %w", f.ID, err)
		}
		n.Citations = f.Citations
		p.Names = append(p.Names, n)
	case KindSex:
		if err := decodeString(f.Value, &p.Sex); err != nil {
			return fmt.Errorf("fact %d: %w", f.ID, err)
		}
		p.SetSexCitations(f.Citations)
	case KindEvent:
		e, err := decodeEvent(f)
		if err != nil {
			return err
		}
		p.Events = append(p.Events, e)
	case KindCitation:
		p.Citations = append(p.Citations, f.Citations...)
	}
	return nil
}

func decodeEvent(f *Fact) (kin.Event, error) {
	e, err := decodeEventValue(f.Value)
	if err != nil {
		return e, fmt.Errorf("fact %d: %w", f.ID, err)
	}
	e.Citations = f.Citations
	return e, nil
}

func applyFamilyFact(fam *kin.Family, f *Fact) error {
	switch f.Kind {
	case KindPartner:
		fam.Partners = append(fam.Partners, f.Object)
	case KindChild:
		var l kin.Lineage
		if err := decodeString(f.Value, &l); err != nil {
			return fmt.Errorf("fact %d: %w", f.ID, err)
		}
		c := kin.ChildLink{Child: f.Object, Lineage: l}
		c.SetCitations(f.Citations)
		fam.Children = append(fam.Children, c)
	case KindEvent:
		e, err := decodeEvent(f)
		if err != nil {
			return err
		}
		fam.Events = append(fam.Events, e)
	case KindCitation:
		fam.Citations = append(fam.Citations, f.Citations...)
	}
	return nil
}

func decodeAssociation(f *Fact) (*kin.Association, error) {
	var a kin.Association
	if err := json.Unmarshal(f.Value, &a); err != nil {
		return nil, fmt.Errorf("fact %d: %w", f.ID, err)
	}
	a.Citations = f.Citations
	return &a, nil
}

// better reports whether fact a beats fact b as the conclusion of a slot,
// by the rule in the package comment (the explicit choice is handled by the
// caller).
func better(a, b *Fact) bool {
	if a.Chosen != b.Chosen {
		return a.Chosen
	}
	if a.Confidence != b.Confidence {
		return a.Confidence > b.Confidence
	}
	if a.SourceDate != b.SourceDate {
		return a.SourceDate > b.SourceDate
	}
	if !a.RecordedAt.Equal(b.RecordedAt) {
		return a.RecordedAt.After(b.RecordedAt)
	}
	return a.ID > b.ID
}

// conclude marks the conclusion of every contested slot in facts and
// returns the facts a record shows. A slot is contested when facts of more
// than one origin fill it (a GEDCOM file and an article); then the best
// fact by the conclusion rule wins, with any other facts of its origin
// (a file may record two baptisms), and facts of other origins that agree
// with it add their citations to it, so agreeing sources all show. Facts
// without a slot, and slots filled from one origin, are shown as stored.
// The slice returned may be facts itself.
func conclude(facts []*Fact) []*Fact {
	if oneOrigin(facts) {
		// No slot is contested: nearly every record of a tree that only
		// GEDCOM imports made, read without making a map per slot.
		return facts
	}
	type slot struct {
		best    *Fact
		origins map[string]bool
	}
	slots := map[string]*slot{}
	for _, f := range facts {
		if f.Slot == "" {
			continue
		}
		k := string(f.Subject) + "\x00" + f.Slot
		sl := slots[k]
		if sl == nil {
			sl = &slot{origins: map[string]bool{}}
			slots[k] = sl
		}
		sl.origins[f.Origin] = true
		if sl.best == nil || better(f, sl.best) {
			sl.best = f
		}
	}
	shown := map[*Fact]*Fact{}
	for _, sl := range slots {
		if len(sl.origins) < 2 {
			continue
		}
		c := *sl.best
		c.Conclusion = true
		c.Citations = append([]kin.Citation(nil), sl.best.Citations...)
		shown[sl.best] = &c
	}
	for _, f := range facts {
		if f.Slot == "" {
			continue
		}
		sl := slots[string(f.Subject)+"\x00"+f.Slot]
		if len(sl.origins) < 2 || f == sl.best || f.Origin == sl.best.Origin || !agrees(sl.best, f) {
			continue
		}
		c := shown[sl.best]
		for _, cit := range f.Citations {
			if !hasCitation(c.Citations, cit) {
				c.Citations = append(c.Citations, cit)
			}
		}
	}
	out := make([]*Fact, 0, len(facts))
	for _, f := range facts {
		if f.Slot == "" {
			out = append(out, f)
			continue
		}
		sl := slots[string(f.Subject)+"\x00"+f.Slot]
		switch {
		case len(sl.origins) < 2:
			out = append(out, f)
		case shown[f] != nil:
			out = append(out, shown[f])
		case f.Origin == sl.best.Origin:
			out = append(out, f)
		}
	}
	return out
}

// oneOrigin reports whether every fact among facts has the same origin.
func oneOrigin(facts []*Fact) bool {
	for _, f := range facts {
		if f.Origin != facts[0].Origin {
			return false
		}
	}
	return true
}

func hasCitation(list []kin.Citation, c kin.Citation) bool {
	k := string(mustKey(c))
	for _, x := range list {
		if string(mustKey(x)) == k {
			return true
		}
	}
	return false
}

func mustKey(c kin.Citation) []byte {
	b, _ := json.Marshal(c)
	return b
}

// agrees reports whether two facts of one slot say the same thing: equal
// values, or for events the same date and, when both name one, the same
// place (a source that gives no place does not contradict one that does).
func agrees(a, b *Fact) bool {
	if string(a.Value) == string(b.Value) {
		return true
	}
	if a.Kind != KindEvent || b.Kind != KindEvent {
		return false
	}
	var ea, eb kin.Event
	if json.Unmarshal(a.Value, &ea) != nil || json.Unmarshal(b.Value, &eb) != nil {
		return false
	}
	if ea.Type != eb.Type || ea.Date != eb.Date {
		return false
	}
	return ea.Place.Name == "" || eb.Place.Name == "" || ea.Place.Name == eb.Place.Name
}

// disagree reports whether facts of one slot from different origins
// make different claims.
func disagree(facts []*Fact) bool {
	for i, f := range facts {
		for _, g := range facts[i+1:] {
			if f.Origin != g.Origin && !agrees(f, g) {
				return true
			}
		}
	}
	return false
}

// describe fills a fact's Summary and DateText, which are not stored,
// from its value.
func describe(f *Fact) {
	switch f.Kind {
	case KindName:
		if n, err := decodeName(f.Value); err == nil {
			f.Summary = n.String()
		}
	case KindSex:
		var s kin.Sex
		if decodeString(f.Value, &s) == nil {
			f.Summary = string(s)
		}
	case KindEvent:
		var enc encoder
		if e, err := decodeEventValue(f.Value); err == nil {
			g := eventFact(&enc, e)
			f.Summary, f.DateText = g.Summary, g.DateText
		}
	case KindPartner:
		f.Summary = "partner " + string(f.Object)
	case KindChild:
		var l kin.Lineage
		_ = decodeString(f.Value, &l)
		f.Summary = strings.TrimSpace("child " + string(f.Object) + " " + strings.ToLower(string(l)))
	case KindAssociation:
		var enc encoder
		if a, err := decodeAssociation(f); err == nil {
			g := associationFact(&enc, a, 0)
			f.Summary, f.DateText = g.Summary, g.DateText
		}
	case KindCitation:
		f.Summary = "citations of the record"
	}
}
