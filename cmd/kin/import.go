package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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

	in, size, err := openGEDCOM(path)
	if err != nil {
		return err
	}
	defer in.Close()

	s, err := m.openStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()

	rd, err := readRecords(ctx, m, in, size, path, !strict)
	if err != nil {
		return err
	}
	defer rd.close()

	p := m.newProgress("storing", rd.spoolSize)
	stats, err := s.Tree(f.tree).Import(ctx, sqlstore.ImportInfo{Filename: filepath.Base(path), Version: rd.version, Header: rd.header}, rd.next(p))
	p.Done()
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
		}{path, f.tree, rd.version, len(warnings), stats}
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
		path, rd.version, f.tree, stats.Records, stats.People, stats.Families, stats.Sources)
	if stats.Merged {
		fmt.Fprintf(m.Stdout, "Merged with the tree: %d facts added, %d kept, %d superseded; %d records no longer in the file.\n",
			stats.Added, stats.Kept, stats.Superseded, stats.Removed)
	} else {
		fmt.Fprintf(m.Stdout, "%d facts stored.\n", stats.Added)
	}
	if len(warnings) > 0 {
		fmt.Fprintf(m.Stdout, "%d warnings.\n", len(warnings))
	}
	return nil
}

// spooled is one record read from the file: where its GEDCOM text is in
// the spool file.
type spooled struct {
	tag, xref string
	off       int64
	n         int
}

// recordReader holds a file read into kin's terms: each record re-encoded
// as GEDCOM text in a spool file (so memory holds only the kin tree), and
// the tree the mapping built.
type recordReader struct {
	version, header string
	spool           *os.File
	spoolSize       int64
	recs            []spooled
	tree            *kin.Tree
	decodeWarnings  []error
	mapWarnings     []error

	people   map[kin.ID]*kin.Person
	families map[kin.ID]*kin.Family
	sources  map[kin.ID]*kin.Source
	repos    map[kin.ID]*kin.Repository
	notes    map[kin.ID]*kin.Note
	media    map[kin.ID]*kin.Media
	assocs   map[kin.ID][]*kin.Association
	// embedded are the sources and media the mapping made of structures
	// inside other records (a 5.5.1 inline SOUR, an inline OBJE); their
	// IDs start with "~". They are stored without GEDCOM text, and export
	// skips them: their text is part of the record they are in.
	embedded []*sqlstore.Record
}

func (rd *recordReader) close() {
	if rd.spool != nil {
		rd.spool.Close()
		os.Remove(rd.spool.Name())
	}
}

func (rd *recordReader) warnings() []error {
	return append(append([]error(nil), rd.decodeWarnings...), rd.mapWarnings...)
}

// readRecords decodes the whole file once, streaming: each record is
// spooled as GEDCOM text and mapped to kin's domain.
func readRecords(ctx context.Context, m *Main, in io.Reader, size int64, path string, lenient bool) (*recordReader, error) {
	spool, err := os.CreateTemp("", "kin-import-*.ged")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	rd := &recordReader{spool: spool}
	ok := false
	defer func() {
		if !ok {
			rd.close()
		}
	}()
	p := m.newProgress("reading", size)
	defer p.Done()
	dec := gedcom.NewDecoder(&countingReader{r: in, p: p})
	dec.Filename = path
	dec.Lenient = lenient
	b := gedcom.NewTreeBuilder()
	b.Filename = path
	var buf bytes.Buffer
	var enc *gedcom.Encoder
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
		if enc == nil {
			rd.version = dec.Version()
			enc = gedcom.NewEncoder(&buf)
			enc.Version = rd.version
		}
		if n.Tag == "TRLR" {
			continue
		}
		buf.Reset()
		if err := enc.Encode(n); err != nil {
			return nil, fmt.Errorf("%s:%d: re-encode %s record: %w", path, n.Line, n.Tag, err)
		}
		if err := enc.Flush(); err != nil {
			return nil, err
		}
		if n.Tag == "HEAD" {
			rd.header = buf.String()
		} else {
			if _, err := spool.Write(buf.Bytes()); err != nil {
				return nil, fmt.Errorf("spool: %w", err)
			}
			rd.recs = append(rd.recs, spooled{tag: n.Tag, xref: n.Xref, off: rd.spoolSize, n: buf.Len()})
			rd.spoolSize += int64(buf.Len())
		}
		if err := b.Add(n); err != nil {
			return nil, err
		}
	}
	if rd.version == "" {
		rd.version = dec.Version()
	}
	rd.decodeWarnings = dec.Warnings
	rd.tree = b.Tree()
	rd.mapWarnings = b.Warnings()
	rd.index()
	ok = true
	return rd, nil
}

func (rd *recordReader) index() {
	t := rd.tree
	rd.people = make(map[kin.ID]*kin.Person, len(t.People))
	rd.families = make(map[kin.ID]*kin.Family, len(t.Families))
	rd.sources = make(map[kin.ID]*kin.Source, len(t.Sources))
	rd.repos = make(map[kin.ID]*kin.Repository)
	rd.notes = make(map[kin.ID]*kin.Note)
	rd.media = make(map[kin.ID]*kin.Media)
	rd.assocs = make(map[kin.ID][]*kin.Association)
	for _, p := range t.People {
		rd.people[p.ID] = p
	}
	for _, f := range t.Families {
		rd.families[f.ID] = f
	}
	for _, s := range t.Sources {
		rd.sources[s.ID] = s
		if isEmbedded(s.ID) {
			rd.embedded = append(rd.embedded, &sqlstore.Record{Tag: "SOUR", ID: s.ID, Source: s})
		}
	}
	for _, r := range t.Repositories {
		rd.repos[r.ID] = r
	}
	for _, n := range t.Notes {
		rd.notes[n.ID] = n
	}
	for _, m := range t.Media {
		rd.media[m.ID] = m
		if isEmbedded(m.ID) {
			rd.embedded = append(rd.embedded, &sqlstore.Record{Tag: "OBJE", ID: m.ID, Media: m})
		}
	}
	for _, a := range t.Associations {
		rd.assocs[a.Person] = append(rd.assocs[a.Person], a)
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

// next returns the function Import reads records from, in file order.
func (rd *recordReader) next(p *progress) func() (*sqlstore.Record, error) {
	i := 0
	var buf []byte
	return func() (*sqlstore.Record, error) {
		if i >= len(rd.recs) {
			if k := i - len(rd.recs); k < len(rd.embedded) {
				i++
				return rd.embedded[k], nil
			}
			return nil, io.EOF
		}
		sp := rd.recs[i]
		i++
		p.Set(sp.off)
		if cap(buf) < sp.n {
			buf = make([]byte, sp.n)
		}
		buf = buf[:sp.n]
		if _, err := rd.spool.ReadAt(buf, sp.off); err != nil {
			return nil, fmt.Errorf("spool: %w", err)
		}
		r := &sqlstore.Record{Tag: sp.tag, Xref: kin.Xref(sp.xref), GEDCOM: string(buf)}
		// A record without xref (invalid for the records kin maps) is
		// kept as text only, under an ID the store makes.
		id := kin.ID(sp.xref)
		r.ID = id
		switch sp.tag {
		case "INDI":
			if p := rd.people[id]; p != nil {
				r.Person, r.Associations, r.UID = p, rd.assocs[id], uid(p.ExternalIDs)
			}
		case "FAM":
			if f := rd.families[id]; f != nil {
				r.Family, r.UID = f, uid(f.ExternalIDs)
			}
		case "SOUR":
			if s := rd.sources[id]; s != nil {
				r.Source, r.UID = s, uid(s.ExternalIDs)
			}
		case "REPO":
			r.Repository = rd.repos[id]
		case "NOTE", "SNOTE":
			r.Note = rd.notes[id]
		case "OBJE":
			r.Media = rd.media[id]
		}
		return r, nil
	}
}

// isEmbedded reports whether id is one the mapping made for a structure
// inside another record.
func isEmbedded(id kin.ID) bool { return strings.HasPrefix(string(id), "~") }
