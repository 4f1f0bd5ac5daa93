package gedcom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"kin/date"
)

// Statistics describes what a GEDCOM file holds. Stats computes it from a
// stream of records; `kin stats` prints it.
type Statistics struct {
	// Version is the GEDCOM version the header declares ("7.0", "5.5.1").
	Version string `json:"version"`
	// Encoding is the character set the file was read in.
	Encoding string `json:"encoding"`
	// Records counts the level-0 records by tag (HEAD and TRLR included).
	Records map[string]int `json:"records"`

	People       int         `json:"people"`
	PeopleBySex  SexCounts   `json:"people_by_sex"`
	Families     int         `json:"families"`
	Sources      int         `json:"sources"`
	Repositories int         `json:"repositories"`
	Notes        int         `json:"notes"` // shared notes: SNOTE and 5.5.1 NOTE records
	Media        int         `json:"media"` // OBJE records
	Submitters   int         `json:"submitters"`
	Associations int         `json:"associations"` // ASSO on people, not @VOID@
	FamilyCounts FamilyStats `json:"family_stats"`

	// Events counts individual and family events and attributes, and
	// EventsByType counts them by tag ("BIRT": 812).
	Events       int            `json:"events"`
	EventsByType map[string]int `json:"events_by_type"`

	// Dates counts event dates; UndatedDates the ones with no calendar
	// date kin can place in time (phrases, malformed payloads, extension
	// calendars).
	Dates        int `json:"dates"`
	UndatedDates int `json:"undated_dates"`
	// Earliest is the event date that sorts first (date.Date.Key) and
	// Latest the one whose range ends last (date.Date.Range); nil when no
	// event has a date kin can place.
	Earliest *DatedEvent `json:"earliest,omitempty"`
	Latest   *DatedEvent `json:"latest,omitempty"`
}

// SexCounts counts people by their SEX.
type SexCounts struct {
	Male     int `json:"male"`
	Female   int `json:"female"`
	Intersex int `json:"intersex"`
	Unknown  int `json:"unknown"` // SEX U, or a value GEDCOM does not define
	None     int `json:"none"`    // no SEX structure
}

// FamilyStats counts families by their make-up.
type FamilyStats struct {
	WithChildren int `json:"with_children"` // at least one CHIL
	Children     int `json:"children"`      // CHIL links in all
	Couples      int `json:"couples"`       // both HUSB and WIFE
}

// DatedEvent names an event by its date, tag and record.
type DatedEvent struct {
	Date   string `json:"date"`   // the DATE payload as written
	Event  string `json:"event"`  // the event's tag: "BIRT"
	Record string `json:"record"` // the xref of the INDI or FAM
	Line   int    `json:"line,omitempty"`
}

// A RecordReader yields a file's level-0 records one at a time and io.EOF
// after the last; *Decoder is one. If it also has Version and Encoding
// methods, as *Decoder has, Stats reports what they say.
type RecordReader interface {
	Next() (*Node, error)
}

// Stats reads every record from r and returns its statistics. It holds one
// record at a time, so its memory does not grow with the file, and copies
// the few strings it keeps, so r may be a Decoder with ReuseRecord and
// ReuseText. It stops with ctx's error when ctx is done.
func Stats(ctx context.Context, r RecordReader) (*Statistics, error) {
	s := NewStatsCounter()
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		n, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read record: %w", err)
		}
		s.Add(n)
	}
	st := s.Statistics()
	if v, ok := r.(interface{ Version() string }); ok && v.Version() != "" {
		st.Version = v.Version()
	}
	if e, ok := r.(interface{ Encoding() string }); ok && e.Encoding() != "" {
		st.Encoding = e.Encoding()
	}
	return st, nil
}

// StatsCounter accumulates Statistics record by record, for callers that
// read records themselves (an import that also counts).
type StatsCounter struct {
	st                Statistics
	earliest, latest  date.JDN
	hasFirst, hasLast bool

	// The hot paths avoid a map operation per structure: tags are
	// classified once per tag through small caches (the decoder interns
	// tags, so hits compare equal strings quickly), events are counted in
	// a slice, and dates placed in time are remembered by their payload.
	indiTags, famTags tagCache
	eventIndex        map[string]int // event tag → index in eventCounts
	eventTags         []string
	eventCounts       []int
	dates             map[string]datePlace
}

// NewStatsCounter returns an empty StatsCounter.
func NewStatsCounter() *StatsCounter {
	return &StatsCounter{st: Statistics{Records: map[string]int{}, EventsByType: map[string]int{}}}
}

// Statistics returns the counts so far.
func (s *StatsCounter) Statistics() *Statistics {
	st := s.st
	st.EventsByType = make(map[string]int, len(s.eventTags))
	for i, t := range s.eventTags {
		if s.eventCounts[i] > 0 {
			st.EventsByType[t] += s.eventCounts[i]
		}
	}
	return &st
}

// Classes of the substructures of INDI and FAM records that Stats counts.
const (
	tagOther     uint8 = iota
	tagEvent           // an event or attribute
	tagExtension       // an extension tag: an event if it has a DATE or PLAC
	tagASSO
	tagCHIL
	tagHUSB
	tagWIFE
)

// tagCache is a small direct-mapped cache from a tag to its class and the
// index of its event counter.
type tagCache [256]struct {
	tag   string
	class uint8
	event int32
}

func tagSlot(tag string) uint8 {
	if tag == "" {
		return 0
	}
	return uint8(len(tag)*31 + int(tag[0])*7 + int(tag[len(tag)-1])*3 + int(tag[len(tag)/2]))
}

// classify returns the class of tag in an INDI (fam false) or FAM record,
// and the index of its event counter.
func (s *StatsCounter) classify(tag string, fam bool) (uint8, int32) {
	c := &s.indiTags
	if fam {
		c = &s.famTags
	}
	e := &c[tagSlot(tag)]
	if e.tag == tag && tag != "" {
		return e.class, e.event
	}
	probe := &Node{Tag: tag}
	class := tagOther
	switch {
	case fam && tag == "CHIL":
		class = tagCHIL
	case fam && tag == "HUSB":
		class = tagHUSB
	case fam && tag == "WIFE":
		class = tagWIFE
	case !fam && tag == "ASSO":
		class = tagASSO
	case !fam && (indiEventTags[tag] || attributeTags[tag]),
		fam && (famEventTags[tag] || famAttributeTags[tag]):
		class = tagEvent
	case strings.HasPrefix(tag, "_"):
		// isExtensionEvent needs the node: ask it with a DATE, which
		// tells whether the tag can be an event at all.
		probe.Nodes = []*Node{{Tag: "DATE"}}
		if isExtensionEvent(probe) {
			class = tagExtension
		}
	}
	event := int32(-1)
	if class == tagEvent || class == tagExtension {
		if s.eventIndex == nil {
			s.eventIndex = map[string]int{}
		}
		i, ok := s.eventIndex[tag]
		if !ok {
			i = len(s.eventTags)
			s.eventIndex[tag] = i
			s.eventTags = append(s.eventTags, strings.Clone(tag))
			s.eventCounts = append(s.eventCounts, 0)
		}
		event = int32(i)
	}
	// The tag is kept as it is: the decoder's tags are strings of their
	// own, so the next look-up compares equal pointers.
	e.tag, e.class, e.event = tag, class, event
	return class, event
}

// Add counts one level-0 record.
func (s *StatsCounter) Add(n *Node) {
	if n == nil {
		return
	}
	st := &s.st
	st.Records[n.Tag]++
	switch n.Tag {
	case "HEAD":
		st.Version = strings.Clone(n.First("GEDC").ValueOf("VERS"))
		st.Encoding = strings.Clone(n.ValueOf("CHAR"))
		if st.Encoding == "" && strings.HasPrefix(st.Version, "7") {
			st.Encoding = "UTF-8"
		}
	case "INDI":
		st.People++
		s.person(n)
	case "FAM":
		st.Families++
		s.family(n)
	case "SOUR":
		st.Sources++
	case "REPO":
		st.Repositories++
	case "SNOTE", "NOTE":
		st.Notes++
	case "OBJE":
		st.Media++
	case "SUBM":
		st.Submitters++
	}
}

func (s *StatsCounter) person(n *Node) {
	st := &s.st
	sex := n.First("SEX")
	switch {
	case sex == nil:
		st.PeopleBySex.None++
	default:
		switch strings.ToUpper(strings.TrimSpace(sex.Value)) {
		case "M":
			st.PeopleBySex.Male++
		case "F":
			st.PeopleBySex.Female++
		case "X":
			st.PeopleBySex.Intersex++
		default:
			st.PeopleBySex.Unknown++
		}
	}
	for _, c := range n.Nodes {
		switch class, ev := s.classify(c.Tag, false); class {
		case tagEvent:
			s.event(n, c, ev)
		case tagExtension:
			if isExtensionEvent(c) {
				s.event(n, c, ev)
			}
		case tagASSO:
			if pointerID(c) != "" {
				st.Associations++
			}
		}
	}
}

func (s *StatsCounter) family(n *Node) {
	st := &s.st
	children := 0
	var husb, wife bool
	for _, c := range n.Nodes {
		switch class, ev := s.classify(c.Tag, true); class {
		case tagCHIL:
			if pointerID(c) != "" {
				children++
			}
		case tagHUSB:
			husb = husb || pointerID(c) != ""
		case tagWIFE:
			wife = wife || pointerID(c) != ""
		case tagEvent:
			s.event(n, c, ev)
		case tagExtension:
			if isExtensionEvent(c) {
				s.event(n, c, ev)
			}
		}
	}
	if children > 0 {
		st.FamilyCounts.WithChildren++
		st.FamilyCounts.Children += children
	}
	if husb && wife {
		st.FamilyCounts.Couples++
	}
}

// datePlace is where a date payload lies in time, for Stats.
type datePlace struct {
	first, last       date.JDN
	hasFirst, hasLast bool
}

// maxDateCache bounds the dates a StatsCounter remembers (about 64 bytes
// each); past it the cache starts again empty.
const maxDateCache = 1 << 16

// place parses a date payload, or finds it among the dates parsed before:
// most files repeat a few years and days many times.
func (s *StatsCounter) place(v string) datePlace {
	if d, ok := simpleDate(v); ok {
		return simplePlace(d)
	}
	if p, ok := s.dates[v]; ok {
		return p
	}
	var p datePlace
	if d, err := date.Parse(v); err == nil || errors.Is(err, date.ErrRange) {
		p = placeOf(d)
	}
	if s.dates == nil || len(s.dates) >= maxDateCache {
		s.dates = make(map[string]datePlace)
	}
	s.dates[strings.Clone(v)] = p
	return p
}

func placeOf(d date.Date) datePlace {
	p := datePlace{first: d.Key(), hasFirst: true}
	_, p.last = d.Range()
	p.hasLast = p.last != date.MaxJDN
	if p.first == date.MinJDN {
		p.first, p.hasFirst = 0, false
	}
	return p
}

// simplePlace is placeOf for a date simpleDate read: the same rules as
// date.Date.Key and Range (TestSimpleDate compares them) with the day
// numbers computed once.
func simplePlace(d simple) datePlace {
	f, l, _ := date.Day{Calendar: date.Gregorian, Year: d.year, Month: d.month, Day: d.day}.Span()
	p := datePlace{first: f, hasFirst: true, last: l, hasLast: true}
	switch d.mod {
	case date.About, date.Estimated:
		p.last += date.ApproxDays
	case date.After:
		p.last, p.hasLast = date.MaxJDN, false
	}
	return p
}

// simple is a date of one of the forms simpleDate reads: a Gregorian day,
// month or year and a modifier.
type simple struct {
	mod              date.Modifier
	year, month, day int
}

// date returns d as a date.Date.
func (d simple) date() date.Date {
	return date.Date{Modifier: d.mod, Start: date.Day{Calendar: date.Gregorian, Year: d.year, Month: d.month, Day: d.day}}
}

// simpleDate reads the forms most dates are written in, "1850",
// "MAR 1850", "12 MAR 1850", each optionally after ABT, CAL, EST, BEF or
// AFT, as date.Parse would (TestSimpleDate compares them), without its
// general parser. ok is false for anything else, and for a day that the
// month does not have.
func simpleDate(s string) (d simple, ok bool) {
	if len(s) > 4 && s[3] == ' ' {
		switch s[:3] {
		case "ABT":
			d.mod = date.About
		case "CAL":
			d.mod = date.Calculated
		case "EST":
			d.mod = date.Estimated
		case "BEF":
			d.mod = date.Before
		case "AFT":
			d.mod = date.After
		}
		if d.mod != date.None {
			s = s[4:]
		}
	}
	if n := digits(s); n > 0 && n <= 2 && n < len(s) && s[n] == ' ' && s[0] != '0' {
		d.day = atoiDigits(s[:n])
		s = s[n+1:]
	}
	if len(s) > 4 && s[3] == ' ' {
		d.month = monthNumber(s[:3])
		if d.month == 0 {
			return d, false
		}
		s = s[4:]
	} else if d.day > 0 {
		return d, false
	}
	if n := digits(s); n != len(s) || n < 3 || n > 4 || s[0] == '0' {
		return d, false
	}
	d.year = atoiDigits(s)
	if d.day > date.DaysInMonth(date.Gregorian, d.year, d.month, false) {
		return d, false
	}
	return d, true
}

// digits returns the number of ASCII digits s starts with.
func digits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// monthNumber returns the number of a Gregorian month tag, or 0.
func monthNumber(m string) int {
	switch m {
	case "JAN":
		return 1
	case "FEB":
		return 2
	case "MAR":
		return 3
	case "APR":
		return 4
	case "MAY":
		return 5
	case "JUN":
		return 6
	case "JUL":
		return 7
	case "AUG":
		return 8
	case "SEP":
		return 9
	case "OCT":
		return 10
	case "NOV":
		return 11
	case "DEC":
		return 12
	}
	return 0
}

func (s *StatsCounter) event(rec, e *Node, ev int32) {
	st := &s.st
	st.Events++
	s.eventCounts[ev]++
	dn := e.First("DATE")
	if dn == nil || strings.TrimSpace(dn.Value) == "" {
		return
	}
	st.Dates++
	p := s.place(dn.Value)
	first, hasFirst, last, hasLast := p.first, p.hasFirst, p.last, p.hasLast
	if !hasFirst && !hasLast {
		st.UndatedDates++
		return
	}
	dated := func() *DatedEvent {
		// Cloned: with Decoder.ReuseText the record's strings are
		// overwritten by the next record's.
		return &DatedEvent{Date: strings.Clone(dn.Value), Event: strings.Clone(e.Tag), Record: strings.Clone(rec.Xref), Line: dn.Line}
	}
	if hasFirst && (!s.hasFirst || first < s.earliest) {
		s.earliest, s.hasFirst = first, true
		st.Earliest = dated()
	}
	if hasLast && (!s.hasLast || last > s.latest) {
		s.latest, s.hasLast = last, true
		st.Latest = dated()
	}
}
