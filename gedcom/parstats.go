package gedcom

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
)

// maxStatsWorkers caps the goroutines ScanStatsFile uses: beyond a few,
// reading the file is the limit.
const maxStatsWorkers = 8

// minStatsPart is the smallest part, in bytes, ScanStatsFile gives a
// goroutine: a smaller file is read by one Scanner.
const minStatsPart = 4 << 20

// maxHeader is how far into a file ScanStatsFile looks for the end of the
// header record before it gives up splitting the file.
const maxHeader = 1 << 20

// ScanStatsFile returns the statistics of the GEDCOM file r, size bytes
// long, exactly as ScanStats(ctx, s) would, reading it with up to workers
// goroutines at once (workers <= 0 means GOMAXPROCS, at most 8). s must
// be a new Scanner reading the same bytes as r from offset 0; its
// options, Filename and Warn apply.
//
// A file of several megabytes in UTF-8 or ASCII is split into parts at
// the starts of level-0 lines ("\n0 " or "\r0 "), after the header, which
// the first part reads as a Scanner does; each part is read by its own
// Scanner through an io.SectionReader with a bounded buffer, and the
// parts' statistics are added up, the earliest and latest dates chosen
// as one Scanner would choose them. Errors and warnings give the line
// numbers one Scanner would: the error nearest the start of the file is
// returned, and each kind of warning is reported once, at its first
// place, to s.Warn (or s.Warnings) from the calling goroutine once the
// parts are read. A file that cannot be split so (UTF-16, an 8-bit character set,
// a small file, content after a TRLR that is not at the end, a read
// error) is read by s alone.
func ScanStatsFile(ctx context.Context, s *Scanner, r io.ReaderAt, size int64, workers int) (*Statistics, error) {
	if workers <= 0 {
		workers = min(runtime.GOMAXPROCS(0), maxStatsWorkers)
	}
	return scanStatsParts(ctx, s, r, size, workers, minStatsPart)
}

// statsPart is one part of a file and what reading it gave.
type statsPart struct {
	start, end int64
	s          *Scanner
	c          *scanCounter
	err        error
	cancel     context.CancelFunc
}

// scanStatsParts is ScanStatsFile with the smallest part as a parameter,
// for tests.
func scanStatsParts(ctx context.Context, s *Scanner, r io.ReaderAt, size int64, workers int, minPart int64) (*Statistics, error) {
	if workers < 2 || size < 2*minPart || s.started || s.slow {
		return ScanStats(ctx, s)
	}
	if !plainHeaderStart(r) {
		return ScanStats(ctx, s)
	}
	bounds, ok, err := splitPoints(r, size, workers, minPart)
	if err != nil || !ok {
		return ScanStats(ctx, s)
	}
	parts := make([]*statsPart, len(bounds)-1)
	for i := range parts {
		parts[i] = &statsPart{start: bounds[i], end: bounds[i+1]}
	}
	// The first part reads the header, which tells the others the
	// version and character set.
	first := parts[0]
	first.s = partScanner(s, io.NewSectionReader(r, first.start, first.end-first.start), len(parts) > 1)
	if err := first.s.start(); err != nil {
		return ScanStats(ctx, s)
	}
	if k := first.s.cs.kind; (k != csUTF8 && k != csASCII) || strings.HasPrefix(first.s.encoding, "UTF-16") {
		return ScanStats(ctx, s)
	}
	for i, p := range parts[1:] {
		ps := partScanner(s, io.NewSectionReader(r, p.start, p.end-p.start), i+2 < len(parts))
		ps.init(ps.input, ps.Filename, ps.Options, ps.report)
		ps.started = true
		ps.cs, ps.encoding, ps.version, ps.v7 = first.s.cs, first.s.encoding, first.s.version, first.s.v7
		// At a level-0 line, after a record.
		ps.prevLevel, ps.depth, ps.maxLevel, ps.records, ps.splitLevel = 0, 1, 1, 1, -1
		ps.hot = true
		p.s = ps
	}
	ctxs := make([]context.Context, len(parts))
	for i, p := range parts {
		ctxs[i], p.cancel = context.WithCancel(ctx)
		defer p.cancel()
	}
	var wg sync.WaitGroup
	for i, p := range parts {
		pctx := ctxs[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.c, p.err = scanCount(pctx, p.s)
			if p.err != nil {
				// The parts after this one cannot matter.
				for _, q := range parts[i+1:] {
					q.cancel()
				}
			}
		}()
	}
	wg.Wait()
	return mergeParts(ctx, s, parts)
}

// partScanner returns a Scanner with the options of s reading r, one part
// of the file; part is false for the part that ends the file.
func partScanner(s *Scanner, r io.Reader, part bool) *Scanner {
	ps := &Scanner{Filename: s.Filename, Options: s.Options, part: part}
	ps.input = r
	return ps
}

// mergeParts adds up the parts' statistics in file order, with the line
// numbers of errors, warnings and dates made the file's.
func mergeParts(ctx context.Context, s *Scanner, parts []*statsPart) (*Statistics, error) {
	total := &Statistics{Records: map[string]int{}, EventsByType: map[string]int{}}
	var (
		earliest, latest  int64
		hasFirst, hasLast bool
		version, encoding string
		warned            uint32
		offset            int // lines before the part
	)
	warn := func(p *statsPart) {
		for i, w := range p.s.Warnings {
			kind := p.s.warnKinds[i]
			if warned&kind != 0 {
				continue
			}
			warned |= kind
			var se *SyntaxError
			if errors.As(w, &se) {
				se.Pos.Line += offset
			}
			s.warned |= kind
			if s.Warn != nil {
				s.Warn(w)
			} else {
				s.Warnings = append(s.Warnings, w)
				s.warnKinds = append(s.warnKinds, kind)
			}
		}
	}
	first := parts[0].s
	// done leaves s as if it had read the file.
	done := func() {
		s.started = true
		s.version, s.encoding, s.v7, s.cs = first.version, first.encoding, first.v7, first.cs
	}
	for i, p := range parts {
		if p.err != nil {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			var se *SyntaxError
			if !errors.As(p.err, &se) {
				// A read error: its position is in its text.
				return ScanStats(ctx, s)
			}
			warn(p)
			se.Pos.Line += offset
			done()
			s.err = p.err
			return nil, wrapScanErr(p.err)
		}
		if p.s.trailer && i < len(parts)-1 {
			// Content after TRLR: one Scanner reads it as it should.
			return ScanStats(ctx, s)
		}
		warn(p)
		st := p.c.Statistics()
		for t, n := range st.Records {
			total.Records[t] += n
		}
		for t, n := range st.EventsByType {
			total.EventsByType[t] += n
		}
		total.People += st.People
		total.PeopleBySex.Male += st.PeopleBySex.Male
		total.PeopleBySex.Female += st.PeopleBySex.Female
		total.PeopleBySex.Intersex += st.PeopleBySex.Intersex
		total.PeopleBySex.Unknown += st.PeopleBySex.Unknown
		total.PeopleBySex.None += st.PeopleBySex.None
		total.Families += st.Families
		total.Sources += st.Sources
		total.Repositories += st.Repositories
		total.Notes += st.Notes
		total.Media += st.Media
		total.Submitters += st.Submitters
		total.Associations += st.Associations
		total.FamilyCounts.WithChildren += st.FamilyCounts.WithChildren
		total.FamilyCounts.Children += st.FamilyCounts.Children
		total.FamilyCounts.Couples += st.FamilyCounts.Couples
		total.Events += st.Events
		total.Dates += st.Dates
		total.UndatedDates += st.UndatedDates
		// The first date strictly earlier (later) wins, as in one
		// pass over the file.
		if c := p.c; c.hasFirst && (!hasFirst || int64(c.earliest) < earliest) {
			earliest, hasFirst = int64(c.earliest), true
			total.Earliest = moved(st.Earliest, offset)
		}
		if c := p.c; c.hasLast && (!hasLast || int64(c.latest) > latest) {
			latest, hasLast = int64(c.latest), true
			total.Latest = moved(st.Latest, offset)
		}
		// The last HEAD record read sets the version, as in one pass.
		if st.Records["HEAD"] > 0 {
			version, encoding = st.Version, st.Encoding
		}
		offset += p.s.lr.line
	}
	total.Version, total.Encoding = version, encoding
	if v := first.Version(); v != "" {
		total.Version = v
	}
	if e := first.Encoding(); e != "" {
		total.Encoding = e
	}
	done()
	s.done = true
	return total, nil
}

// moved returns a copy of e with its line number offset lines later.
func moved(e *DatedEvent, offset int) *DatedEvent {
	if e == nil {
		return nil
	}
	c := *e
	c.Line += offset
	return &c
}

// splitPoints returns the offsets where the parts of a file start, and
// its size last: 0, then for each further part the first start of a
// level-0 line at or after an equal share of the file, after the header
// record. ok is false when the file has no such place to split.
func splitPoints(r io.ReaderAt, size int64, workers int, minPart int64) (bounds []int64, ok bool, err error) {
	n := int64(workers)
	if size/n < minPart {
		n = max(size/minPart, 1)
	}
	// The header record ends at the first level-0 line after the first
	// line. The first part reads past it, as a Scanner reads the header
	// and the line after it before its first line is returned.
	head, err := nextLevel0(r, 1, min(size, maxHeader))
	if err != nil || head < 0 {
		return nil, false, err
	}
	bounds = []int64{0}
	for i := int64(1); i < n; i++ {
		at := max(size*i/n, head+1, bounds[len(bounds)-1]+1)
		b, err := nextLevel0(r, at, size)
		if err != nil {
			return nil, false, err
		}
		if b < 0 {
			break
		}
		if b > bounds[len(bounds)-1] {
			bounds = append(bounds, b)
		}
	}
	if len(bounds) < 2 {
		return nil, false, nil
	}
	return append(bounds, size), true, nil
}

// nextLevel0 returns the first offset at or after from and before end
// where a line starting "0 " begins, after a LF or a CR, or -1.
func nextLevel0(r io.ReaderAt, from, end int64) (int64, error) {
	if from < 1 {
		from = 1
	}
	buf := make([]byte, 64<<10)
	for pos := from - 1; pos < end; {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), end+2-pos)], pos)
		if err != nil && err != io.EOF {
			return -1, err
		}
		b := buf[:n]
		for i := 0; i+2 < len(b); {
			j := bytes.IndexAny(b[i:len(b)-2], "\n\r")
			if j < 0 {
				break
			}
			i += j
			if b[i+1] == '0' && b[i+2] == ' ' && pos+int64(i)+1 < end {
				return pos + int64(i) + 1, nil
			}
			i++
		}
		if n < 3 || err == io.EOF {
			break
		}
		pos += int64(n - 2)
	}
	return -1, nil
}

// plainHeaderStart reports whether the file starts plainly with its header:
// "0 HEAD" and a line end at its first byte, or after a UTF-8 byte order
// mark. Only such files are read in parts; anything odd before the header
// (blank lines, indentation, another record) is left to the sequential
// path, whose warnings the parts would not give in the same way.
func plainHeaderStart(r io.ReaderAt) bool {
	var b [10]byte
	n, _ := r.ReadAt(b[:], 0)
	h := b[:n]
	h = bytes.TrimPrefix(h, []byte("\xef\xbb\xbf"))
	return len(h) >= 7 && string(h[:6]) == "0 HEAD" && (h[6] == '\n' || h[6] == '\r')
}
