package gedcom

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"
	"unsafe"

	"kin"
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
	case !fam && (indiEventTags()[tag] || attributeTags()[tag]),
		fam && (famEventTags()[tag] || famAttributeTags()[tag]):
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

// countPlain counts a level-0 record of a kind that is only counted:
// sources, repositories, notes, media and submitters.
func (st *Statistics) countPlain(tag string) {
	switch tag {
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
	default:
		st.countPlain(n.Tag)
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
	f, l, _ := date.Day{Calendar: date.Gregorian, Year: int32(d.year), Month: uint8(d.month), Day: uint8(d.day)}.Span()
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
	return date.Date{Modifier: d.mod, Start: date.Day{Calendar: date.Gregorian, Year: int32(d.year), Month: uint8(d.month), Day: uint8(d.day)}}
}

// simpleDate reads the forms most dates are written in ("1850",
// "12 MAR 1850", "ABT 1850") with date.ParseCommon, without the general
// parser; ok is false for anything else.
func simpleDate(s string) (d simple, ok bool) {
	dd, ok := date.ParseCommon(s)
	if !ok {
		return d, false
	}
	return simple{mod: dd.Modifier, year: int(dd.Start.Year), month: int(dd.Start.Month), day: int(dd.Start.Day)}, true
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

// ScanStats reads every line from s and returns the file's statistics:
// the same Statistics that Stats computes from the records of a Decoder
// with the same options (TestScanStats compares them over every shared
// file), several times faster, since no record is built and only the
// values statistics need are looked at: SEX, the first DATE of each
// event, HEAD.GEDC.VERS and HEAD.CHAR. A level stack of tags gives each
// line its context. Values are read as the Decoder reads them: CONT and
// CONC joined, @ signs un-escaped, bytes that are not UTF-8 replaced. It
// stops with ctx's error when ctx is done, and returns s's error, wrapped,
// when the file is not well formed.
func ScanStats(ctx context.Context, s *Scanner) (*Statistics, error) {
	c, err := scanCount(ctx, s)
	if err != nil {
		return nil, wrapScanErr(err)
	}
	return c.result(s), nil
}

// wrapScanErr wraps an error of the Scanner as ScanStats returns it; a
// context's error is returned as it is.
func wrapScanErr(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("read record: %w", err)
}

// scanCount counts every line s reads. It returns the Scanner's error
// unwrapped, or ctx's.
func scanCount(ctx context.Context, s *Scanner) (*scanCounter, error) {
	c := &scanCounter{StatsCounter: NewStatsCounter(), capLevel: -1, months: new([1 << 13]monthEntry), yearLo: math.MaxInt, yearHi: math.MinInt}
	for n := 0; ; n++ {
		if n&0xFF == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c.run(s) {
			continue
		}
		if !s.Scan() {
			break
		}
		c.add(s)
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	c.endStruct(s)
	c.endRecord(s)
	for i, name := range c.recNames {
		c.st.Records[name] += c.recCounts[i]
	}
	return c, nil
}

// result returns the Statistics counted, with the version and character
// set s read the file in.
func (c *scanCounter) result(s *Scanner) *Statistics {
	st := c.Statistics()
	if v := s.Version(); v != "" {
		st.Version = v
	}
	if e := s.Encoding(); e != "" {
		st.Encoding = e
	}
	return st
}

// The tag keys (rawLine.tagKey) of the tags ScanStats looks for below
// level 0.
const (
	keySEX  = ('S'<<16|'E'<<8|'X')<<8 | 3
	keyDATE = ('D'<<24|'A'<<16|'T'<<8|'E')<<8 | 4
	keyPLAC = ('P'<<24|'L'<<16|'A'<<8|'C')<<8 | 4
	keyGEDC = ('G'<<24|'E'<<16|'D'<<8|'C')<<8 | 4
	keyVERS = ('V'<<24|'E'<<16|'R'<<8|'S')<<8 | 4
	keyCHAR = ('C'<<24|'H'<<16|'A'<<8|'R')<<8 | 4
)

// Kinds of level-0 records ScanStats looks inside.
const (
	recOther uint8 = iota
	recHEAD
	recINDI
	recFAM
)

// What a value being captured is for.
const (
	capSEX uint8 = iota
	capDATE
	capVERS
	capCHAR
)

// scanCounter is the state of ScanStats: the record and level-1
// structure being read, and the value being captured.
type scanCounter struct {
	*StatsCounter

	rec  uint8  // the record's kind
	xref []byte // the INDI or FAM record's identifier, copied

	// Record tags are counted in slices, searched by key; few files
	// have more than ten kinds of record.
	recKeys   []uint64
	recNames  []string
	recCounts []int

	indiCache, famCache keyCache

	// INDI.
	sexSeen bool
	sex     []byte
	// FAM.
	children, husb, wife int
	// An open event or attribute at level 1.
	evOpen, evExt, hasPlac, hasDate bool
	ev                              int32
	date                            []byte
	dateLine                        int
	// undo is the counter a pointer at level 1 added to, which a CONT
	// or CONC under it takes back: the Decoder then makes the pointer
	// text.
	undo *int
	// HEAD.
	gedcSeen, inGEDC, versSeen, charSeen bool
	vers, char                           []byte

	// The value being captured: the structure's level (-1 for none),
	// its buffer and whether it is still a pointer.
	capLevel int
	capWhat  uint8
	capPtr   bool
	capPtrID []byte
	tmp      []byte

	months *[1 << 13]monthEntry // simplePlace's cache

	// Simple dates of the years from yearLo to yearHi cannot move the
	// earliest or latest date (yearBounds).
	yearLo, yearHi int
}

// monthEntry holds the first and last day numbers of a Gregorian month,
// or of a year for month 0.
type monthEntry struct {
	key         uint32 // year<<4 | month
	first, last date.JDN
	ok, days    bool // days: the month's days are consecutive day numbers
}

// keyCache is a small direct-mapped cache from a tag key to its class and
// event counter.
type keyCache [256]struct {
	key   uint64
	tag   string // for tags longer than 7 bytes, whose keys are not exact
	class uint8
	event int32
}

// classifyKey is classify for the current line's tag, through a cache
// keyed by the scanner's tag key.
func (c *scanCounter) classifyKey(key uint64, tag []byte, fam bool) (uint8, int32) {
	kc := &c.indiCache
	if fam {
		kc = &c.famCache
	}
	e := &kc[(key*0x9E3779B97F4A7C15)>>56]
	if e.key == key && key != 0 && (len(tag) <= 7 || e.tag == string(tag)) {
		return e.class, e.event
	}
	t := string(tag)
	class, event := c.classify(t, fam)
	e.key, e.tag, e.class, e.event = key, t, class, event
	return class, event
}

// run reads the lines the Scanner's hot path reads from its buffer, as
// Scan and add would, up to the first line it cannot read that way or the
// end of the buffer, and reports whether it read any. It is one loop that
// keeps the Scanner's state (position, line number, the deepest level
// allowed next) in local variables, checks each line's shape as
// fastPrefix does, and does the statistics' work for the common lines
// itself: lines below level 2, level-2 lines other than VERS, CONT and
// CONC, the lines of a person or family at level 1 (SEX, events, ASSO,
// CHIL, HUSB, WIFE) and of other records. Only the rest (level 0, VERS,
// CONT, CONC, a DATE or SEX value with @ signs or bytes that are not
// ASCII, a tag not in the key cache yet) are made into a Line and handed
// to add. A line it cannot read that way (a CR,
// a line crossing the buffer's end, anything split or level would warn
// about or reject, TRLR, a 5.5.1 line over 255 bytes) ends the run, and
// Scan reads it by the general path. TestScanStats, FuzzScanStats and
// FuzzScanStatsFile compare the statistics with the Decoder's.
func (c *scanCounter) run(s *Scanner) bool {
	lr := s.lr
	if !s.hot || !lr.crOK || lr.crPos >= 0 || s.cs.kind != csUTF8 {
		return false
	}
	full := lr.buf[:cap(lr.buf)]
	buf := lr.buf[:lr.end]
	start, num := lr.start, lr.line
	maxLevel := s.maxLevel
	level, cont := s.splitLevel, s.splitCont
	v7 := s.v7
	const ones, high = 0x0101010101010101, 0x8080808080808080
	for {
		// The line's end.
		i := bytes.IndexByte(buf[start:], '\n')
		if i < 0 {
			break
		}
		b := buf[start : start+i]
		// The prefix, as fastPrefix reads it.
		if len(b) < 3 || (len(b) > 255 && !v7) {
			break
		}
		lv := int(b[0]) - '0'
		if lv < 0 || lv > maxLevel || b[1] != ' ' {
			break
		}
		t := 2
		var xref []byte
		if b[2] == '@' {
			j := bytes.IndexByte(b[3:], '@')
			if j <= 0 {
				break
			}
			xref = b[3 : 3+j]
			t = 4 + j
			if t >= len(b) || b[t] != ' ' || badXrefChar(xref, v7) >= 0 || (v7 && string(xref) == "VOID") {
				break
			}
			t++
		}
		// The tag, through the tag cache (lineCheck.tagKey).
		var key uint64
		var n int
		if p := start + t; p+8 <= len(full) {
			x := binary.LittleEndian.Uint64(full[p : p+8])
			y := x ^ (ones * ' ')
			n = len(b) - t
			if sp := (y - ones) &^ y & high; sp != 0 {
				n = min(n, bits.TrailingZeros64(sp)>>3)
			}
			if n > 0 && n < 8 {
				x = x&(uint64(1)<<(8*n)-1) | uint64(n)<<56
				h := (x * 0x9E3779B97F4A7C15) >> (64 - tagCacheBits)
				if e := &s.tags[h]; e.word == x {
					key = e.key
				} else if e := &s.tags[h^1]; e.word == x {
					key = e.key
				} else {
					key, n = s.tagKey(b, t)
				}
			} else {
				key, n = s.tagKey(b, t)
			}
		} else {
			key, n = s.tagKey(b, t)
		}
		if n <= 0 || key == keyTRLR {
			break
		}
		isCont := key == keyCONT || key == keyCONC
		if isCont && (lv == 0 || xref != nil) {
			break
		}
		cont = isCont
		start += i + 1
		num++
		// The level state, as advance keeps it.
		level = lv
		switch {
		case lv == 0:
			s.records++
			maxLevel = 1
		case cont:
			maxLevel = lv
		default:
			maxLevel = lv + 1
		}
		// The statistics, as add counts them.
		switch {
		case cont || lv == 0:
		case lv > 2:
			continue
		case lv == 2:
			switch key {
			case keyDATE:
				// An event's first DATE, captured as capture would
				// capture it when it is plain ASCII.
				if c.capLevel >= 0 {
					if c.capLevel < 2 {
						continue
					}
					c.capLevel = -1
				}
				if !c.evOpen || c.hasDate {
					continue
				}
				var v []byte
				if j := t + n; j < len(b) {
					v = b[j+1:]
				}
				if !plainASCII(v) {
					break // add reads it
				}
				c.hasDate, c.dateLine = true, num
				c.capLevel, c.capWhat, c.capPtr = 2, capDATE, false
				c.date = append(c.date[:0], v...)
				continue
			case keyVERS:
			case keyPLAC:
				if c.capLevel >= 0 {
					if c.capLevel < 2 {
						continue
					}
					c.capLevel = -1
				}
				if c.evOpen {
					c.hasPlac = true
				}
				continue
			default:
				if c.capLevel >= 2 {
					c.capLevel = -1
				}
				continue
			}
		case c.capLevel != 0 && (c.rec == recINDI || c.rec == recFAM):
			// A level-1 line of a person or family, as indi1 and fam1
			// count it: SEX, an event, ASSO, CHIL, HUSB, WIFE.
			var v []byte
			if j := t + n; j < len(b) {
				v = b[j+1:]
			}
			if c.rec == recINDI && key == keySEX && !c.sexSeen {
				if !plainASCII(v) {
					break // add captures it
				}
				c.capLevel = -1
				c.undo = nil
				if c.evOpen {
					c.endStruct(s)
				}
				c.sexSeen = true
				c.capLevel, c.capWhat, c.capPtr = 1, capSEX, false
				c.sex = append(c.sex[:0], v...)
				continue
			}
			kc := &c.indiCache
			if c.rec == recFAM {
				kc = &c.famCache
			}
			e := &kc[(key*0x9E3779B97F4A7C15)>>56]
			if e.key != key || key == 0 || (n > 7 && e.tag != string(b[t:t+n])) {
				break // add classifies it
			}
			c.capLevel = -1
			c.undo = nil
			if c.evOpen {
				c.endStruct(s)
			}
			switch e.class {
			case tagEvent, tagExtension:
				c.openEvent(e.class, e.event)
			case tagASSO, tagCHIL, tagHUSB, tagWIFE:
				// A pointer to a record, not @VOID@ (pointsTo).
				if len(v) < 3 || v[0] != '@' || !isShortPointer(v) || string(v[1:len(v)-1]) == string(kin.VoidXref) {
					break
				}
				var p *int
				switch e.class {
				case tagASSO:
					p = &c.st.Associations
				case tagCHIL:
					p = &c.children
				case tagHUSB:
					p = &c.husb
				default:
					p = &c.wife
				}
				*p++
				c.undo = p
			}
			continue
		case c.capLevel != 0 && c.rec == recOther:
			// A level-1 line of another record: it only ends the
			// structure before.
			c.capLevel = -1
			c.undo = nil
			if c.evOpen {
				c.endStruct(s)
			}
			continue
		}
		l := &s.line
		j := t + n
		l.Level, l.Xref, l.Tag, l.Num = lv, xref, b[t:j], num
		l.Value, l.Pointer = nil, false
		if j < len(b) {
			v := b[j+1:]
			l.Value = v
			l.Pointer = len(v) >= 3 && v[0] == '@' && isShortPointer(v)
		}
		s.key, s.cont = key, cont
		c.add(s)
	}
	read := num - lr.line
	if read == 0 {
		return false
	}
	lr.lf += read
	lr.start, lr.line = start, num
	s.splitLevel, s.splitCont = level, cont
	// As advance leaves them: no TRLR was read, so depth is maxLevel.
	s.maxLevel, s.depth, s.prevLevel = maxLevel, maxLevel, level
	s.trailer = false
	return true
}

// add counts one line.
func (c *scanCounter) add(s *Scanner) {
	l := &s.line
	lv := l.Level
	if lv > 2 {
		// Only a captured value (at level 1 or 2) can go on down here.
		if lv == c.capLevel+1 && s.cont {
			c.continueValue(s)
		}
		return
	}
	if c.capLevel >= 0 {
		if lv > c.capLevel {
			if s.cont {
				c.continueValue(s)
			}
			return
		}
		c.capLevel = -1
	}
	switch lv {
	case 0:
		c.endStruct(s)
		c.endRecord(s)
		c.startRecord(s)
	case 1:
		c.endStruct(s)
		switch c.rec {
		case recINDI:
			c.indi1(s)
		case recFAM:
			c.fam1(s)
		case recHEAD:
			c.head1(s)
		}
	case 2:
		if c.undo != nil && s.cont {
			*c.undo--
			c.undo = nil
		}
		switch {
		case c.evOpen:
			switch s.key {
			case keyDATE:
				if !c.hasDate {
					c.hasDate = true
					c.dateLine = l.Num
					c.capture(s, capDATE)
				}
			case keyPLAC:
				c.hasPlac = true
			}
		case c.inGEDC && s.key == keyVERS && !c.versSeen:
			c.versSeen = true
			c.capture(s, capVERS)
		}
	}
}

func (c *scanCounter) startRecord(s *Scanner) {
	l := &s.line
	c.countRecord(s.key, l.Tag)
	st := &c.st
	c.rec = recOther
	switch string(l.Tag) {
	case "HEAD":
		c.rec = recHEAD
		c.gedcSeen, c.inGEDC, c.versSeen, c.charSeen = false, false, false, false
		c.vers, c.char = c.vers[:0], c.char[:0]
	case "INDI":
		c.rec = recINDI
		st.People++
		c.sexSeen = false
		c.xref = append(c.xref[:0], l.Xref...)
	case "FAM":
		c.rec = recFAM
		st.Families++
		c.children, c.husb, c.wife = 0, 0, 0
		c.xref = append(c.xref[:0], l.Xref...)
	default:
		st.countPlain(string(l.Tag))
	}
}

// countRecord counts a level-0 tag.
func (c *scanCounter) countRecord(key uint64, tag []byte) {
	for i, k := range c.recKeys {
		if k == key && c.recNames[i] == string(tag) {
			c.recCounts[i]++
			return
		}
	}
	c.recKeys = append(c.recKeys, key)
	c.recNames = append(c.recNames, string(tag))
	c.recCounts = append(c.recCounts, 1)
}

// endRecord finishes the record read so far.
func (c *scanCounter) endRecord(s *Scanner) {
	st := &c.st
	switch c.rec {
	case recINDI:
		if !c.sexSeen {
			st.PeopleBySex.None++
			break
		}
		sex := string(c.sex)
		if len(c.sex) != 1 {
			sex = strings.ToUpper(strings.TrimSpace(sex))
		} else if ch := c.sex[0]; ch >= 'a' && ch <= 'z' {
			// One byte, as nearly every SEX is: ToUpper of ASCII.
			sex = string(rune(ch - 'a' + 'A'))
		}
		switch sex {
		case "M":
			st.PeopleBySex.Male++
		case "F":
			st.PeopleBySex.Female++
		case "X":
			st.PeopleBySex.Intersex++
		default:
			st.PeopleBySex.Unknown++
		}
	case recFAM:
		if c.children > 0 {
			st.FamilyCounts.WithChildren++
			st.FamilyCounts.Children += c.children
		}
		if c.husb > 0 && c.wife > 0 {
			st.FamilyCounts.Couples++
		}
	case recHEAD:
		st.Version = string(c.vers)
		st.Encoding = string(c.char)
		if st.Encoding == "" && strings.HasPrefix(st.Version, "7") {
			st.Encoding = "UTF-8"
		}
	}
	c.rec = recOther
}

func (c *scanCounter) indi1(s *Scanner) {
	l := &s.line
	if s.key == keySEX && !c.sexSeen {
		c.sexSeen = true
		c.capture(s, capSEX)
		return
	}
	switch class, ev := c.classifyKey(s.key, l.Tag, false); class {
	case tagEvent, tagExtension:
		c.openEvent(class, ev)
	case tagASSO:
		if pointsTo(l) {
			c.st.Associations++
			c.undo = &c.st.Associations
		}
	}
}

func (c *scanCounter) fam1(s *Scanner) {
	l := &s.line
	switch class, ev := c.classifyKey(s.key, l.Tag, true); class {
	case tagEvent, tagExtension:
		c.openEvent(class, ev)
	case tagCHIL:
		if pointsTo(l) {
			c.children++
			c.undo = &c.children
		}
	case tagHUSB:
		if pointsTo(l) {
			c.husb++
			c.undo = &c.husb
		}
	case tagWIFE:
		if pointsTo(l) {
			c.wife++
			c.undo = &c.wife
		}
	}
}

func (c *scanCounter) head1(s *Scanner) {
	c.inGEDC = false
	switch s.key {
	case keyGEDC:
		if !c.gedcSeen && string(s.line.Tag) == "GEDC" {
			c.gedcSeen, c.inGEDC = true, true
		}
	case keyCHAR:
		if !c.charSeen {
			c.charSeen = true
			c.capture(s, capCHAR)
		}
	}
}

// pointsTo reports whether l is a pointer to a record, not @VOID@.
func pointsTo(l *Line) bool {
	return l.Pointer && string(l.PointerXref()) != string(kin.VoidXref)
}

func (c *scanCounter) openEvent(class uint8, ev int32) {
	c.evOpen, c.evExt, c.ev = true, class == tagExtension, ev
	c.hasDate, c.hasPlac = false, false
}

// endStruct finishes the level-1 structure read so far: an event is
// counted once its substructures are known.
func (c *scanCounter) endStruct(s *Scanner) {
	c.undo = nil
	if !c.evOpen {
		return
	}
	c.evOpen = false
	if c.evExt && !c.hasDate && !c.hasPlac {
		return
	}
	st := &c.st
	st.Events++
	c.eventCounts[c.ev]++
	// Blank: nothing but white space, which is ASCII of at most ' ' or
	// not ASCII (unicode.IsSpace).
	if !c.hasDate || len(c.date) == 0 || (c.date[0] <= ' ' || c.date[0] >= 0x80) && len(bytes.TrimSpace(c.date)) == 0 {
		return
	}
	st.Dates++
	var p datePlace
	if d, ok := quickDate(c.date); ok {
		if d.year >= c.yearLo && d.year <= c.yearHi {
			// Dated, and too late to be the earliest date and too
			// early to be the latest: no day numbers needed.
			return
		}
		p = c.simplePlace(d)
	} else {
		p = c.place(unsafe.String(unsafe.SliceData(c.date), len(c.date)))
	}
	if !p.hasFirst && !p.hasLast {
		st.UndatedDates++
		return
	}
	dated := func() *DatedEvent {
		return &DatedEvent{Date: string(c.date), Event: c.eventTags[c.ev], Record: fixUTF8(c.xref, s), Line: c.dateLine}
	}
	moved := false
	if p.hasFirst && (!c.hasFirst || p.first < c.earliest) {
		c.earliest, c.hasFirst = p.first, true
		st.Earliest = dated()
		moved = true
	}
	if p.hasLast && (!c.hasLast || p.last > c.latest) {
		c.latest, c.hasLast = p.last, true
		st.Latest = dated()
		moved = true
	}
	if moved {
		c.yearLo, c.yearHi = yearBounds(c.earliest, c.hasFirst, c.latest, c.hasLast)
	}
}

// yearBounds returns the years of the simple dates (quickDate) that
// cannot move the earliest or the latest date: those from lo to hi. A
// simple date's first day is in its year and its last day at most
// date.ApproxDays after its year (TestYearBounds checks it), so one of a
// year after the earliest date's cannot be earlier, and one of a year
// more than ApproxDays before the latest date's cannot be later. With no
// earliest or latest date yet, no year is such (lo > hi).
func yearBounds(earliest date.JDN, hasFirst bool, latest date.JDN, hasLast bool) (lo, hi int) {
	if !hasFirst || !hasLast {
		return math.MaxInt, math.MinInt
	}
	lo, hi = 0, math.MinInt
	if d := date.FromJDN(date.Gregorian, earliest); !d.BCE {
		lo = int(d.Year) + 1
	}
	if d := date.FromJDN(date.Gregorian, latest-date.ApproxDays); !d.BCE {
		hi = int(d.Year) - 1
	}
	return lo, hi
}

// simplePlace is simplePlace(d) through the month cache
// (TestScanSimplePlace compares them).
func (c *scanCounter) simplePlace(d simple) datePlace {
	key := uint32(d.year)<<4 | uint32(d.month)
	e := &c.months[(key*2654435761)>>(32-13)]
	if !e.ok || e.key != key {
		f, l, _ := date.Day{Calendar: date.Gregorian, Year: int32(d.year), Month: uint8(d.month)}.Span()
		e.key, e.first, e.last, e.ok = key, f, l, true
		// A month whose days are not consecutive day numbers (the
		// Gregorian reform's October 1582, if the calendar has one)
		// is not cached by day.
		e.days = d.month > 0 && int(l-f)+1 == date.DaysInMonth(date.Gregorian, d.year, d.month, false)
	}
	p := datePlace{first: e.first, hasFirst: true, last: e.last, hasLast: true}
	if d.day > 0 {
		if !e.days {
			return simplePlace(d)
		}
		p.first += date.JDN(d.day - 1)
		p.last = p.first
	}
	switch d.mod {
	case date.About, date.Estimated:
		p.last += date.ApproxDays
	case date.After:
		p.last, p.hasLast = date.MaxJDN, false
	}
	return p
}

// fixUTF8 returns b as a string, with the bytes of a UTF-8 file that are
// not valid UTF-8 replaced as the Decoder replaces them (the Scanner has
// transcoded the other character sets already).
func fixUTF8(b []byte, s *Scanner) string {
	if s.cs.kind != csUTF8 || utf8.Valid(b) {
		return string(b)
	}
	out, _ := appendFixUTF8(nil, b)
	return string(out)
}

// buffer returns the buffer of a captured value.
func (c *scanCounter) buffer(what uint8) *[]byte {
	switch what {
	case capSEX:
		return &c.sex
	case capDATE:
		return &c.date
	case capVERS:
		return &c.vers
	}
	return &c.char
}

// capture starts capturing the current line's value, as the Decoder
// would make it the Node's Value.
func (c *scanCounter) capture(s *Scanner, what uint8) {
	l := &s.line
	c.capLevel, c.capWhat, c.capPtr = l.Level, what, l.Pointer
	buf := c.buffer(what)
	*buf = (*buf)[:0]
	if l.Pointer {
		c.capPtrID = append(c.capPtrID[:0], l.PointerXref()...)
		return
	}
	if plainASCII(l.Value) {
		*buf = append(*buf, l.Value...)
		return
	}
	*buf = c.appendText(*buf, l.Value, s)
}

// plainASCII reports whether b is ASCII without @ signs, so that the
// Decoder would read it as it is.
func plainASCII(b []byte) bool {
	for _, ch := range b {
		if ch >= 0x80 || ch == '@' {
			return false
		}
	}
	return true
}

// continueValue adds a CONT or CONC line to the captured value.
func (c *scanCounter) continueValue(s *Scanner) {
	buf := c.buffer(c.capWhat)
	if c.capPtr {
		// A pointer continued becomes text, "@I1@…".
		c.capPtr = false
		*buf = append(*buf, '@')
		*buf = append(*buf, fixUTF8(c.capPtrID, s)...)
		*buf = append(*buf, '@')
	}
	if string(s.line.Tag) == "CONT" {
		*buf = append(*buf, '\n')
	}
	*buf = c.appendText(*buf, s.line.Value, s)
}

// appendText appends a text payload to dst as the Decoder reads it: @
// signs un-escaped (GEDCOM 7 doubles only a leading @; GEDCOM 5.5.1
// doubles every @ and keeps escapes like @#DJULIAN@), and in a UTF-8
// file each byte that is not UTF-8 replaced by U+FFFD.
func (c *scanCounter) appendText(dst, p []byte, s *Scanner) []byte {
	if bytes.IndexByte(p, '@') >= 0 {
		if s.v7 {
			if len(p) > 1 && p[0] == '@' && p[1] == '@' {
				p = p[1:]
			}
		} else {
			out := c.tmp[:0]
			for i := 0; i < len(p); i++ {
				ch := p[i]
				if ch != '@' {
					out = append(out, ch)
					continue
				}
				switch {
				case i+1 < len(p) && p[i+1] == '@':
					out = append(out, '@')
					i++
				case i+1 < len(p) && p[i+1] == '#':
					j := bytes.IndexByte(p[i+2:], '@')
					if j < 0 {
						out = append(out, '@')
						continue
					}
					out = append(out, p[i:i+3+j]...)
					i += 2 + j
				default:
					out = append(out, '@')
				}
			}
			c.tmp = out
			p = out
		}
	}
	if s.cs.kind == csUTF8 && !utf8.Valid(p) {
		dst, _ = appendFixUTF8(dst, p)
		return dst
	}
	return append(dst, p...)
}

// quickDate is simpleDate for a DATE payload as bytes, written for speed:
// the modifier and month are read as 32-bit words. It gives what
// simpleDate gives (TestQuickDate and FuzzQuickDate compare them).
func quickDate(b []byte) (d simple, ok bool) {
	if len(b) > 4 && b[3] == ' ' {
		switch uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 {
		case 'A' | 'B'<<8 | 'T'<<16:
			d.mod = date.About
		case 'C' | 'A'<<8 | 'L'<<16:
			d.mod = date.Calculated
		case 'E' | 'S'<<8 | 'T'<<16:
			d.mod = date.Estimated
		case 'B' | 'E'<<8 | 'F'<<16:
			d.mod = date.Before
		case 'A' | 'F'<<8 | 'T'<<16:
			d.mod = date.After
		}
		if d.mod != date.None {
			b = b[4:]
		}
	}
	// An optional day of one or two digits, not 0 first.
	if len(b) > 2 && b[0] >= '1' && b[0] <= '9' {
		switch {
		case b[1] == ' ':
			d.day, b = int(b[0]-'0'), b[2:]
		case b[1] >= '0' && b[1] <= '9' && b[2] == ' ':
			d.day, b = int(b[0]-'0')*10+int(b[1]-'0'), b[3:]
		}
	}
	// An optional month, then a year of 3 or 4 digits, not 0 first.
	if len(b) > 4 && b[3] == ' ' {
		d.month = monthOf(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16)
		if d.month == 0 {
			return simple{}, false
		}
		b = b[4:]
	} else if d.day > 0 {
		return simple{}, false
	}
	if len(b) < 3 || len(b) > 4 || b[0] < '1' || b[0] > '9' {
		return simple{}, false
	}
	y := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return simple{}, false
		}
		y = y*10 + int(c-'0')
	}
	d.year = y
	if d.day > 28 && d.day > date.DaysInMonth(date.Gregorian, y, d.month, false) {
		return simple{}, false
	}
	return d, true
}

// monthOf returns the number of a Gregorian month written as its three
// upper-case letters packed little-endian, or 0.
func monthOf(m uint32) int {
	switch m {
	case 'J' | 'A'<<8 | 'N'<<16:
		return 1
	case 'F' | 'E'<<8 | 'B'<<16:
		return 2
	case 'M' | 'A'<<8 | 'R'<<16:
		return 3
	case 'A' | 'P'<<8 | 'R'<<16:
		return 4
	case 'M' | 'A'<<8 | 'Y'<<16:
		return 5
	case 'J' | 'U'<<8 | 'N'<<16:
		return 6
	case 'J' | 'U'<<8 | 'L'<<16:
		return 7
	case 'A' | 'U'<<8 | 'G'<<16:
		return 8
	case 'S' | 'E'<<8 | 'P'<<16:
		return 9
	case 'O' | 'C'<<8 | 'T'<<16:
		return 10
	case 'N' | 'O'<<8 | 'V'<<16:
		return 11
	case 'D' | 'E'<<8 | 'C'<<16:
		return 12
	}
	return 0
}
