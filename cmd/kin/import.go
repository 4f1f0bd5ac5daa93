package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"time"

	"kin"
	"kin/gedcom"
	"kin/sqlstore"
)

func runImport(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var strict bool
	fs := m.newFlagSet("import", "import FILE.ged|FILE.gdz [--tree NAME] [--db PATH]", `
Import a GEDCOM file (7.0 or 5.5.1; a .gdz GEDZIP archive too) into a tree
of the database, all or nothing: if anything goes wrong, or kin is
interrupted, the database stays as it was.

Importing into a tree that already has records matches each record by its
UID, then its xref: facts that did not change are kept, new ones are added
and the ones that changed or went away are superseded, so the tree's
history (--as-recorded) shows the change and nobody is duplicated.

A SQLite database that does not exist yet is built beside its path, in a
file named PATH.importing-PID written without a journal (faster), and
appears at PATH only when the import is done; an import that fails or is
killed leaves no database behind (on Unix the next import removes a killed
one's file). If another command creates PATH meanwhile (a kin serve started
on it, say), the import is copied into that database in one transaction
when it has no trees yet, and otherwise stops with an error, leaving it
alone: of two imports into one new path, the second to finish stops so.

Files are read leniently (as real programs write them) unless --strict is
given; what was repaired or dropped is counted in the summary.`)
	fs.StringVar(&f.tree, "tree", sqlstore.DefaultTree, "the tree to import into")
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.BoolVar(&f.json, "json", false, "print the summary as JSON")
	fs.BoolVar(&strict, "strict", false, "refuse files that break the GEDCOM grammar instead of repairing them")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("import takes one file, got %d arguments", len(pos))
	}
	path := pos[0]

	s, publish, err := m.openImportStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()

	defer tuneGC(m.Getenv)()
	if path := m.Getenv("KIN_CPUPROFILE"); path != "" {
		// A CPU profile of the import, for measuring it
		// (docs/performance.md).
		stop, err := startCPUProfile(path)
		if err != nil {
			return err
		}
		defer stop()
	}
	if path := m.Getenv("KIN_MEMPROFILE"); path != "" {
		// An allocation profile of the import, written when it ends
		// (go tool pprof -sample_index=alloc_space).
		defer func() {
			if err := writeMemProfile(path); err != nil {
				fmt.Fprintf(m.Stderr, "kin import: %v\n", err)
			}
		}()
	}
	start := time.Now()
	ix, err := indexFile(ctx, m, path, !strict)
	if err != nil {
		return err
	}
	indexed := time.Since(start)
	in, size, err := openGEDCOM(path)
	if err != nil {
		return err
	}
	defer in.Close()
	p := m.newProgress("importing", size)
	rd := newRecordReader(ix, in, p, path, !strict)
	start = time.Now()
	next, stop := pipeline(ctx, rd.next)
	stats, err := s.Tree(f.tree).Import(ctx, sqlstore.ImportInfo{Filename: filepath.Base(path), Version: ix.version, Header: ix.header}, next)
	stop()
	if err == nil {
		err = publish()
	}
	p.Done()
	stored := time.Since(start)
	if err != nil {
		return userError(fmt.Errorf("import %s: %w", path, err))
	}
	warnings := rd.warnings()
	if f.json {
		out := struct {
			File     string `json:"file"`
			Tree     string `json:"tree"`
			Version  string `json:"version"`
			Warnings int    `json:"warnings"`
			sqlstore.ImportStats
		}{path, f.tree, ix.version, len(warnings), stats}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	for i, w := range warnings {
		if i == 5 {
			fmt.Fprintf(m.Stderr, "kin import: … and %d more warnings\n", len(warnings)-5)
			break
		}
		fmt.Fprintf(m.Stderr, "kin import: warning: %v\n", w)
	}
	fmt.Fprintf(m.Stdout, "Imported %s (GEDCOM %s) into tree %q: %d records, %d people, %d families, %d sources.\n",
		path, ix.version, f.tree, stats.Records, stats.People, stats.Families, stats.Sources)
	if stats.Merged {
		fmt.Fprintf(m.Stdout, "Merged with the tree: %d facts added, %d kept, %d superseded; %d records no longer in the file.\n",
			stats.Added, stats.Kept, stats.Superseded, stats.Removed)
	} else {
		fmt.Fprintf(m.Stdout, "%d facts stored.\n", stats.Added)
	}
	if len(warnings) > 0 {
		fmt.Fprintf(m.Stdout, "%d warnings.\n", len(warnings))
	}
	fmt.Fprintf(m.Stdout, "Indexed in %.1fs, imported in %.1fs.\n", indexed.Seconds(), stored.Seconds())
	return nil
}

// fileIndex is what the first pass over a file learns, so that the second
// can map each record on its own: which records exist (and what they are),
// the family links people record on their side (FAMC with its PEDI, FAMS),
// and the shared notes whose text references take. It is small next to the
// file: a large tree never has to be in memory whole.
type fileIndex struct {
	version, header string
	xrefs           *xrefIndex // the records and the people's FAMC/FAMS links
	notes           map[string]*gedcom.Node
	warnings        []error
}

// indexFile reads path once, streaming, and indexes it.
func indexFile(ctx context.Context, m *Main, path string, lenient bool) (*fileIndex, error) {
	in, size, err := openGEDCOM(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	p := m.newProgress("indexing", size)
	defer p.Done()
	dec := gedcom.NewDecoder(&countingReader{r: in, p: p})
	dec.Filename = path
	dec.Lenient = lenient
	// Nothing of a record is kept past the next one without a copy (the
	// xref table copies the xrefs, notes and PEDI values are cloned), so
	// reading allocates nothing per record.
	dec.ReuseRecord = true
	dec.ReuseText = true
	ix := &fileIndex{xrefs: newXrefIndex(), notes: map[string]*gedcom.Node{}}
	var buf bytes.Buffer
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := dec.Next()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		switch n.Tag {
		case "HEAD":
			ix.version = dec.Version()
			buf.Reset()
			enc := gedcom.NewEncoder(&buf)
			enc.Version = ix.version
			if err := enc.Encode(n); err != nil {
				return nil, fmt.Errorf("%s:%d: re-encode HEAD: %w", path, n.Line, err)
			}
			if err := enc.Flush(); err != nil {
				return nil, err
			}
			ix.header = buf.String()
			continue
		case "NOTE", "SNOTE":
			if n.Xref != "" {
				// Only what references take from a shared note: its
				// text, MIME and language.
				note := &gedcom.Node{Xref: strings.Clone(n.Xref), Tag: n.Tag, Value: strings.Clone(n.Value)}
				for _, c := range n.Nodes {
					if c.Tag == "MIME" || c.Tag == "LANG" {
						note.Nodes = append(note.Nodes, &gedcom.Node{Tag: c.Tag, Value: strings.Clone(c.Value)})
					}
				}
				ix.notes[note.Xref] = note
			}
		}
		if n.Xref == "" {
			continue
		}
		person, err := ix.xrefs.addRecord(n.Xref, n.Tag)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n.Line, err)
		}
		if n.Tag == "INDI" {
			for _, c := range n.Nodes {
				if (c.Tag == "FAMC" || c.Tag == "FAMS") && c.Pointer != "" {
					if err := ix.xrefs.addLink(person, c, c.Tag == "FAMC"); err != nil {
						return nil, fmt.Errorf("%s:%d: %w", path, c.Line, err)
					}
				}
			}
		}
	}
	ix.xrefs.finish()
	if ix.version == "" {
		ix.version = dec.Version()
	}
	ix.warnings = dec.Warnings
	return ix, nil
}

// recordReader is the second pass: it decodes the file record by record,
// keeps each record's GEDCOM text and maps it to kin's domain with a
// TreeBuilder of its own, given stand-ins for the records it points to.
type recordReader struct {
	ix      *fileIndex
	dec     *gedcom.Decoder
	buf     bytes.Buffer
	enc     *gedcom.Encoder
	path    string
	pending []*sqlstore.Record // embedded records to hand out next
	mapWarn []error

	// The mapping's state, reused from record to record: one
	// TreeBuilder, Reset for each record, and the stand-ins.
	b     *gedcom.TreeBuilder
	stubs map[string]*gedcom.Node
	order []string
	nodes []gedcom.Node // stand-ins made for the record being mapped
}

func newRecordReader(ix *fileIndex, in io.Reader, p *progress, path string, lenient bool) *recordReader {
	dec := gedcom.NewDecoder(&countingReader{r: in, p: p})
	dec.Filename = path
	dec.Lenient = lenient
	// A record's Nodes are done with once it is encoded and mapped: the
	// mapping copies the strings it keeps, and the record's own text
	// (which the xref shares) is not reused.
	dec.ReuseRecord = true
	rd := &recordReader{ix: ix, dec: dec, path: path, stubs: map[string]*gedcom.Node{}}
	rd.enc = gedcom.NewEncoder(&rd.buf)
	rd.enc.Version = ix.version
	rd.b = gedcom.NewTreeBuilder()
	rd.b.Filename = path
	rd.b.Version = ix.version
	return rd
}

func (rd *recordReader) warnings() []error {
	return append(append([]error(nil), rd.ix.warnings...), rd.mapWarn...)
}

// next returns the next record for Import, io.EOF at the end.
func (rd *recordReader) next() (*sqlstore.Record, error) {
	for {
		if len(rd.pending) > 0 {
			r := rd.pending[0]
			rd.pending = rd.pending[1:]
			return r, nil
		}
		n, err := rd.dec.Next()
		if err != nil {
			return nil, err
		}
		if n.Tag == "HEAD" || n.Tag == "TRLR" {
			continue
		}
		rd.buf.Reset()
		if err := rd.enc.Encode(n); err != nil {
			return nil, fmt.Errorf("%s:%d: re-encode %s record: %w", rd.path, n.Line, n.Tag, err)
		}
		if err := rd.enc.Flush(); err != nil {
			return nil, err
		}
		// The xref is copied: the store keeps the IDs it has seen (and a
		// name's postings keep their subject) to the end of the import, and
		// n.Xref shares a 64 KB block of the decoder's text, which would
		// keep the whole file's text in memory.
		xref := strings.Clone(n.Xref)
		r := &sqlstore.Record{Tag: n.Tag, Xref: kin.Xref(xref), ID: kin.ID(xref), GEDCOM: rd.buf.String()}
		// A record without xref (invalid for the records kin maps) is
		// kept as text only, under an ID the store makes.
		// (A second record with the same xref is refused by the store.)
		if n.Xref == "" {
			return r, nil
		}
		if err := rd.mapRecord(n, r); err != nil {
			return nil, err
		}
		return r, nil
	}
}

// mapRecord maps record n into r, with stand-ins for the records it points
// to so that the mapping keeps its pointers, and with the FAMC and FAMS
// links people make to a family so that the family learns them.
func (rd *recordReader) mapRecord(n *gedcom.Node, r *sqlstore.Record) error {
	switch n.Tag {
	case "INDI", "FAM", "SOUR", "REPO", "NOTE", "SNOTE", "OBJE":
	default:
		return nil
	}
	b := rd.b
	b.Reset()
	if err := b.Add(n); err != nil {
		return err
	}
	clear(rd.stubs)
	rd.order = rd.order[:0]
	rd.nodes = rd.nodes[:0]
	rd.stubPointers(n, n.Xref)
	if n.Tag == "FAM" {
		for _, l := range rd.ix.xrefs.linksOf(n.Xref) {
			if s := rd.stub(rd.ix.xrefs.name(l.person), n.Xref); s != nil && s.Tag == "INDI" {
				s.Nodes = append(s.Nodes, rd.ix.xrefs.node(l))
			}
		}
	}
	for _, x := range rd.order {
		if err := b.Add(rd.stubs[x]); err != nil {
			return err
		}
	}
	t := b.Tree()
	rd.mapWarn = append(rd.mapWarn, b.Warnings()...)
	id := kin.ID(n.Xref)
	// Structures the mapping made records of (an inline 5.5.1 SOUR, an
	// inline OBJE) get IDs unique in the file: ~XREF~SOUR1.
	rename := map[kin.ID]kin.ID{}
	for _, s := range t.Sources {
		if isEmbedded(s.ID) {
			rename[s.ID] = kin.ID("~" + n.Xref + string(s.ID))
		}
	}
	for _, m := range t.Media {
		if isEmbedded(m.ID) {
			rename[m.ID] = kin.ID("~" + n.Xref + string(m.ID))
		}
	}
	ren := func(old kin.ID) kin.ID {
		if nu, ok := rename[old]; ok {
			return nu
		}
		return old
	}
	switch n.Tag {
	case "INDI":
		for _, p := range t.People {
			if p.ID == id {
				r.Person, r.UID = p, uid(p.ExternalIDs)
			}
		}
		for _, a := range t.Associations {
			if a.Person == id {
				r.Associations = append(r.Associations, a)
			}
		}
	case "FAM":
		for _, f := range t.Families {
			if f.ID == id {
				r.Family, r.UID = f, uid(f.ExternalIDs)
			}
		}
	case "SOUR":
		for _, s := range t.Sources {
			if s.ID == id {
				r.Source, r.UID = s, uid(s.ExternalIDs)
			}
		}
	case "REPO":
		for _, x := range t.Repositories {
			if x.ID == id {
				r.Repository = x
			}
		}
	case "NOTE", "SNOTE":
		for _, x := range t.Notes {
			if x.ID == id {
				r.Note = x
			}
		}
	case "OBJE":
		for _, x := range t.Media {
			if x.ID == id {
				r.Media = x
			}
		}
	}
	if len(rename) == 0 {
		return nil
	}
	renameRefs(r, ren)
	for _, s := range t.Sources {
		if nu, ok := rename[s.ID]; ok {
			s.ID = nu
			rd.pending = append(rd.pending, &sqlstore.Record{Tag: "SOUR", ID: nu, Source: s})
		}
	}
	for _, m := range t.Media {
		if nu, ok := rename[m.ID]; ok {
			m.ID = nu
			rd.pending = append(rd.pending, &sqlstore.Record{Tag: "OBJE", ID: nu, Media: m})
		}
	}
	return nil
}

// stubPointers makes stand-ins for the records n and its substructures
// point to; self is the xref of the record being mapped.
func (rd *recordReader) stubPointers(n *gedcom.Node, self string) {
	if n.Pointer != "" && n.Pointer != string(kin.VoidXref) {
		rd.stub(n.Pointer, self)
	}
	for _, c := range n.Nodes {
		rd.stubPointers(c, self)
	}
}

// stub returns the stand-in for record x, made on first use: an empty
// record of x's kind, or for a shared note the note's text. It returns nil
// for a record the file does not have and for the record being mapped.
func (rd *recordReader) stub(x, self string) *gedcom.Node {
	if s := rd.stubs[x]; s != nil {
		return s
	}
	tag := rd.ix.xrefs.kind(x)
	if tag == "" || x == self {
		return nil
	}
	s := rd.ix.notes[x]
	if s == nil {
		if len(rd.nodes) == cap(rd.nodes) {
			// A new block; the stand-ins made before stay where they are.
			rd.nodes = make([]gedcom.Node, 0, max(16, 2*cap(rd.nodes)))
		}
		rd.nodes = append(rd.nodes, gedcom.Node{Xref: x, Tag: tag})
		s = &rd.nodes[len(rd.nodes)-1]
	}
	rd.stubs[x] = s
	rd.order = append(rd.order, x)
	return s
}

// renameRefs points the citations and media references of r's record at
// renamed IDs.
func renameRefs(r *sqlstore.Record, ren func(kin.ID) kin.ID) {
	cites := func(cs []kin.Citation) {
		for i := range cs {
			cs[i].Source = ren(cs[i].Source)
		}
	}
	media := func(ms []kin.MediaRef) {
		for i := range ms {
			ms[i].Media = ren(ms[i].Media)
		}
	}
	events := func(es []kin.Event) {
		for i := range es {
			cites(es[i].Citations)
		}
	}
	if p := r.Person; p != nil {
		for i := range p.Names {
			cites(p.Names[i].Citations)
		}
		cites(p.SexCitations())
		cites(p.Citations)
		events(p.Events)
		media(p.Media())
	}
	for _, a := range r.Associations {
		cites(a.Citations)
	}
	if f := r.Family; f != nil {
		cites(f.Citations)
		events(f.Events)
		media(f.Media())
		for i := range f.Children {
			cites(f.Children[i].Citations())
		}
	}
	if s := r.Source; s != nil {
		media(s.Media)
	}
}

// uid returns the most stable external identifier among ids.
func uid(ids []kin.ExternalID) string {
	for _, kind := range []string{"UID", "EXID", "AFN", "RFN"} {
		for _, x := range ids {
			if x.Kind == kind && x.Value != "" {
				if x.Type != "" {
					return kind + ":" + x.Type + ":" + x.Value
				}
				return kind + ":" + x.Value
			}
		}
	}
	return ""
}

// isEmbedded reports whether id is one the mapping made for a structure
// inside another record.
func isEmbedded(id kin.ID) bool { return strings.HasPrefix(string(id), "~") }

// importGCPercent and importMemoryLimit are the garbage collector's
// settings for an import. An import allocates at a high rate while its live
// heap (the file's index, the IDs seen) stays a few hundred megabytes, so
// the default GOGC of 100 had the collector take a sixth of the CPU on a
// 200,000-person file; 400 collects a quarter as often, and the soft limit
// makes it collect as often as needed to stay near 1.6 GB of Go heap, so a
// large file still fits the 2 GB budget with SQLite's page cache beside it.
// With the live heap near 1 GB on 1M people, the limit set the pace: at
// 1.25 GB the collector took 13 % of the import's CPU, at 1.6 GB 11 %, with
// a peak RSS of 1.64 GB (docs/performance.md, Store, fourth round). Since
// the live heap shrank (the first pass's index holds no pointers, the
// file's text is not kept, fewer allocations) the collector takes ~3 %
// on 1M people under the same settings (fifth round).
const (
	importGCPercent   = 400
	importMemoryLimit = 1600 << 20
)

// tuneGC sets the garbage collector for an import unless the environment
// (GOGC, GOMEMLIMIT) already says how, and returns what restores the
// previous settings.
func tuneGC(getenv func(string) string) (restore func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	pct := debug.SetGCPercent(importGCPercent)
	limit := debug.SetMemoryLimit(importMemoryLimit)
	return func() {
		debug.SetGCPercent(pct)
		debug.SetMemoryLimit(limit)
	}
}

// pipeline runs next in a goroutine of its own, up to 128 records
// ahead of the caller, so decoding and mapping overlap with the database's
// work. stop ends the goroutine when the caller is done early.
func pipeline(ctx context.Context, next func() (*sqlstore.Record, error)) (get func() (*sqlstore.Record, error), stop func()) {
	type item struct {
		r   *sqlstore.Record
		err error
	}
	ch := make(chan item, 128)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			r, err := next()
			select {
			case ch <- item{r, err}:
			case <-quit:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	var last error
	get = func() (*sqlstore.Record, error) {
		if last != nil {
			return nil, last
		}
		select {
		case it := <-ch:
			last = it.err
			return it.r, it.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	stop = func() {
		close(quit)
		<-done
	}
	return get, stop
}

// writeMemProfile writes the allocation profile (every allocation so far,
// sampled, and what is still live) to path.
func writeMemProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("memory profile: %w", err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("memory profile: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("memory profile: %w", err)
	}
	return nil
}

// startCPUProfile writes a CPU profile to path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
