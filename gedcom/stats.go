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
// record at a time, so its memory does not grow with the file. It stops
// with ctx's error when ctx is done.
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
}

// NewStatsCounter returns an empty StatsCounter.
func NewStatsCounter() *StatsCounter {
	return &StatsCounter{st: Statistics{Records: map[string]int{}, EventsByType: map[string]int{}}}
}

// Statistics returns the counts so far.
func (s *StatsCounter) Statistics() *Statistics {
	st := s.st
	return &st
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
		st.Version = n.First("GEDC").ValueOf("VERS")
		st.Encoding = n.ValueOf("CHAR")
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
		switch {
		case isIndiEvent(c):
			s.event(n, c)
		case c.Tag == "ASSO" && pointerID(c) != "":
			st.Associations++
		}
	}
}

func (s *StatsCounter) family(n *Node) {
	st := &s.st
	children := 0
	var husb, wife bool
	for _, c := range n.Nodes {
		switch {
		case c.Tag == "CHIL" && pointerID(c) != "":
			children++
		case c.Tag == "HUSB" && pointerID(c) != "":
			husb = true
		case c.Tag == "WIFE" && pointerID(c) != "":
			wife = true
		case isFamEvent(c):
			s.event(n, c)
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

func (s *StatsCounter) event(rec, e *Node) {
	st := &s.st
	st.Events++
	st.EventsByType[e.Tag]++
	dn := e.First("DATE")
	if dn == nil || strings.TrimSpace(dn.Value) == "" {
		return
	}
	st.Dates++
	d, err := date.Parse(dn.Value)
	if err != nil && !errors.Is(err, date.ErrRange) {
		st.UndatedDates++
		return
	}
	first, hasFirst := d.Key(), true
	_, last := d.Range()
	hasLast := last != date.MaxJDN
	if first == date.MinJDN {
		first, hasFirst = 0, false
	}
	if !hasFirst && !hasLast {
		st.UndatedDates++
		return
	}
	ev := func() *DatedEvent {
		return &DatedEvent{Date: dn.Value, Event: e.Tag, Record: rec.Xref, Line: dn.Line}
	}
	if hasFirst && (!s.hasFirst || first < s.earliest) {
		s.earliest, s.hasFirst = first, true
		st.Earliest = ev()
	}
	if hasLast && (!s.hasLast || last > s.latest) {
		s.latest, s.hasLast = last, true
		st.Latest = ev()
	}
}
