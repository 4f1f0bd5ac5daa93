package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"kin/gedcom"
)

const statsDescription = `
Stats reads a GEDCOM file (.ged, or .gdz GEDZIP) record by record and
prints what it holds: records by tag, people by sex, families, events by
type, sources, repositories, notes, media and submitters, and the earliest
and latest event dates. Memory stays small however large the file is.

The file is read leniently: deviations real 5.5.1 programs write are
accepted. With --json the statistics are printed as one JSON object.`

func runStats(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet("stats", "stats [--json] FILE", statsDescription)
	asJSON := fs.Bool("json", false, "print the statistics as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageError("stats takes one file, got %d arguments", len(pos))
	}
	name := pos[0]
	st, err := m.fileStats(ctx, name)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(st)
	}
	printStats(m.Stdout, name, st)
	return nil
}

// fileStats reads one file through gedcom.ScanStats, with a progress bar:
// a line scanner, not the Decoder, since statistics need no records. A
// plain file is read in parts on every core (gedcom.ScanStatsFile); a
// GEDZIP entry is read as a stream.
func (m *Main) fileStats(ctx context.Context, name string) (*gedcom.Statistics, error) {
	rc, size, err := openGEDCOM(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	p := m.newProgress("reading "+filepath.Base(name), size)
	defer p.Done()
	var fi os.FileInfo
	f, ok := rc.(*os.File)
	if ok {
		fi, err = f.Stat()
	}
	if !ok || err != nil || !fi.Mode().IsRegular() {
		s := gedcom.NewScanner(&countingReader{r: rc, p: p})
		s.Filename = name
		s.Lenient = true
		s.Warn = func(error) {} // stats describes; kin validate judges
		return gedcom.ScanStats(ctx, s)
	}
	// The parts are read at once, so their bytes are counted atomically
	// and the bar drawn from one goroutine. s reads the file only when it
	// cannot be read in parts: then the bar starts again.
	ra := &countingReaderAt{r: f}
	seq := &atomicCountingReader{r: f}
	s := gedcom.NewScanner(seq)
	s.Filename = name
	s.Lenient = true
	s.Warn = func(error) {}
	stop := make(chan struct{})
	ticked := make(chan struct{})
	go func() {
		defer close(ticked)
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if n := seq.n.Load(); n > 0 {
					p.Set(n)
				} else {
					p.Set(ra.n.Load())
				}
			}
		}
	}()
	st, err := gedcom.ScanStatsFile(ctx, s, ra, size, 0)
	close(stop)
	<-ticked
	return st, err
}

// atomicCountingReader counts the bytes read through it, for a reader on
// another goroutine.
type atomicCountingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *atomicCountingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// countingReaderAt counts the bytes read through it, from any goroutine.
type countingReaderAt struct {
	r io.ReaderAt
	n atomic.Int64
}

func (c *countingReaderAt) ReadAt(b []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(b, off)
	c.n.Add(int64(n))
	return n, err
}

// printStats writes st as a readable summary.
func printStats(w io.Writer, name string, st *gedcom.Statistics) {
	version := st.Version
	if version == "" {
		version = "unknown version"
	} else {
		version = "GEDCOM " + version
	}
	fmt.Fprintf(w, "%s: %s, %s\n\n", name, version, orUnknown(st.Encoding))
	row := func(label string, n int, detail string) {
		if detail != "" {
			detail = "  (" + detail + ")"
		}
		fmt.Fprintf(w, "  %-14s %9s%s\n", label, thousands(n), detail)
	}
	var sex []string
	for _, s := range []struct {
		n    int
		what string
	}{
		{st.PeopleBySex.Male, "male"}, {st.PeopleBySex.Female, "female"}, {st.PeopleBySex.Intersex, "intersex"},
		{st.PeopleBySex.Unknown, "unknown"}, {st.PeopleBySex.None, "not recorded"},
	} {
		if s.n > 0 {
			sex = append(sex, thousands(s.n)+" "+s.what)
		}
	}
	row("people", st.People, strings.Join(sex, ", "))
	fam := ""
	if st.Families > 0 {
		fam = fmt.Sprintf("%s with children, %s with two partners, %s child links",
			thousands(st.FamilyCounts.WithChildren), thousands(st.FamilyCounts.Couples), thousands(st.FamilyCounts.Children))
	}
	row("families", st.Families, fam)
	row("events", st.Events, topEvents(st.EventsByType, 6))
	row("associations", st.Associations, "")
	row("sources", st.Sources, "")
	row("repositories", st.Repositories, "")
	row("notes", st.Notes, "")
	row("media", st.Media, "")
	row("submitters", st.Submitters, "")
	fmt.Fprintln(w)
	if st.Earliest != nil {
		fmt.Fprintf(w, "  earliest date  %s (%s of %s)\n", st.Earliest.Date, st.Earliest.Event, st.Earliest.Record)
	}
	if st.Latest != nil {
		fmt.Fprintf(w, "  latest date    %s (%s of %s)\n", st.Latest.Date, st.Latest.Event, st.Latest.Record)
	}
	fmt.Fprintf(w, "  dates          %s, %s not placeable in time\n", thousands(st.Dates), thousands(st.UndatedDates))
	fmt.Fprintf(w, "\n  records        %s\n", tagCounts(st.Records))
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown encoding"
	}
	return s
}

// topEvents lists the n most common event types: "BIRT 812, DEAT 640, …".
func topEvents(by map[string]int, n int) string {
	tags := sortedByCount(by)
	var parts []string
	for i, t := range tags {
		if i == n {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, t+" "+thousands(by[t]))
	}
	return strings.Join(parts, ", ")
}

// tagCounts lists every record tag with its count, most common first.
func tagCounts(by map[string]int) string {
	var parts []string
	for _, t := range sortedByCount(by) {
		parts = append(parts, t+" "+thousands(by[t]))
	}
	return strings.Join(parts, ", ")
}

func sortedByCount(by map[string]int) []string {
	tags := make([]string, 0, len(by))
	for t := range by {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool {
		if by[tags[i]] != by[tags[j]] {
			return by[tags[i]] > by[tags[j]]
		}
		return tags[i] < tags[j]
	})
	return tags
}

// thousands formats n with commas: 2157 is "2,157".
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
