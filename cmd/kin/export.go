package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kin"
	"kin/gedcom"
	"kin/gedcom/convert"
	"kin/sqlstore"
)

func runExport(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var to, out string
	fs := m.newFlagSet("export", "export [--tree NAME] [--to 7.0|5.5.1] [-o FILE] [--as-recorded DATE]", `
Write a tree as a GEDCOM file. Records kept as they were imported are
written back exactly, extension structures included. What articles and
edits added to an imported record is merged into it: new structures with
citations of the article (itself a SOUR record with its TEXT), new
citations on structures the record already has, and edited facts in place
of the structures they replaced. Records kin made, and records whose notes,
media or identifiers were edited, are written from their facts. With --to the file is converted to
the other GEDCOM version; without it, it keeps the version it was imported
in (7.0 for trees kin made).

With --as-recorded the tree is written as the database held it at that
time (a date such as 2025-01-01 means the end of that day, UTC).`)
	fs.StringVar(&f.tree, "tree", sqlstore.DefaultTree, "the tree to export")
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.StringVar(&to, "to", "", "the GEDCOM version to write: 7.0 or 5.5.1 (default: the tree's)")
	fs.StringVar(&out, "o", "", "write to `FILE` instead of standard output")
	fs.StringVar(&f.asRecorded, "as-recorded", "", "write the tree as recorded at this date or time")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("export takes no arguments, got %q", pos)
	}
	switch to {
	case "", "7.0", "5.5.1":
	case "7":
		to = "7.0"
	default:
		return usageError("--to %q: want 7.0 or 5.5.1", to)
	}
	s, err := m.openStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()
	t, err := f.treeView(s)
	if err != nil {
		return err
	}

	w := m.Stdout
	var tmp *os.File
	if out != "" {
		tmp, err = os.CreateTemp(filepath.Dir(out), ".kin-export-*")
		if err != nil {
			return err
		}
		defer func() {
			if tmp != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
		w = tmp
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := exportTree(ctx, t, to, bw); err != nil {
		return userError(err)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if tmp != nil {
		if err := tmp.Close(); err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), out); err != nil {
			return err
		}
		tmp = nil
	}
	return nil
}

// sameVersion reports whether two GEDCOM versions need no conversion.
func sameVersion(a, b string) bool {
	return a == b || (strings.HasPrefix(a, "7") && strings.HasPrefix(b, "7"))
}

// exportTree writes tree t as GEDCOM version to (the tree's own when "").
func exportTree(ctx context.Context, t *sqlstore.Tree, to string, w io.Writer) error {
	version, header, err := t.Header(ctx)
	if err != nil {
		return err
	}
	if version == "" {
		version = "7.0"
		if to != "" {
			version = to
		}
	}
	if to == "" {
		to = version
	}
	if sameVersion(version, to) {
		return writeStored(ctx, t, version, header, w)
	}
	// Convert, streaming: the stored file is read twice, once for the
	// converter to learn the document, once to convert it record by record.
	conv, err := convert.NewStream(to)
	if err != nil {
		return err
	}
	learn := func(n *gedcom.Node) error { conv.Learn(n); return nil }
	if err := decodeStored(ctx, t, version, header, learn); err != nil {
		return err
	}
	enc := gedcom.NewEncoder(w)
	enc.Version = conv.Version()
	write := func(n *gedcom.Node) error {
		for _, out := range conv.Convert(n) {
			if err := enc.Encode(out); err != nil {
				return err
			}
		}
		return nil
	}
	if err := decodeStored(ctx, t, version, header, write); err != nil {
		return err
	}
	return enc.Flush()
}

// decodeStored calls fn with each record of the tree as stored, decoded
// from the text writeStored makes, without holding the file in memory.
func decodeStored(ctx context.Context, t *sqlstore.Tree, version, header string, fn func(*gedcom.Node) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		bw := bufio.NewWriterSize(pw, 1<<20)
		err := writeStored(ctx, t, version, header, bw)
		if err == nil {
			err = bw.Flush()
		}
		pw.CloseWithError(err)
		done <- err
	}()
	dec := gedcom.NewDecoder(pr)
	dec.Filename = "tree " + t.Name()
	dec.Lenient = true
	var err error
	for {
		var n *gedcom.Node
		n, err = dec.Next()
		if err == io.EOF {
			err = nil
			break
		} else if err != nil {
			err = fmt.Errorf("read stored tree: %w", err)
			break
		}
		if err = fn(n); err != nil {
			break
		}
	}
	pr.CloseWithError(io.ErrClosedPipe)
	if werr := <-done; werr != nil && werr != io.ErrClosedPipe && err == nil {
		err = werr
	}
	return err
}

// writeStored writes the tree in its stored version: the stored header and
// record texts, and records kin made, generated from their facts.
func writeStored(ctx context.Context, t *sqlstore.Tree, version, header string, w io.Writer) error {
	enc := gedcom.NewEncoder(w)
	enc.Version = version
	if header == "" {
		if err := enc.Encode(gedcom.FromTree(&kin.Tree{}, version).Header()); err != nil {
			return err
		}
		if err := enc.Flush(); err != nil {
			return err
		}
	} else if _, err := io.WriteString(w, header); err != nil {
		return err
	}
	xrefs, err := t.ExportXrefs(ctx)
	if err != nil {
		return err
	}
	g := &generator{t: t, version: version, xrefs: xrefs}
	err = t.Records(ctx, func(rec *sqlstore.StoredRecord) error {
		if rec.GEDCOM != "" && rec.Added == nil {
			_, err := io.WriteString(w, rec.GEDCOM)
			return err
		}
		if rec.GEDCOM != "" {
			n, err := g.merge(ctx, rec)
			if err != nil {
				return err
			}
			if err := enc.Encode(n); err != nil {
				return err
			}
			return enc.Flush()
		}
		if isEmbedded(rec.ID) {
			return nil
		}
		n, err := g.record(ctx, rec)
		if err != nil || n == nil {
			return err
		}
		if err := enc.Encode(n); err != nil {
			return err
		}
		return enc.Flush()
	})
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, "0 TRLR\n")
	return err
}

// generator writes records kin made or changed, with the mapping's
// FromTree, giving it the records they point to so pointers survive.
type generator struct {
	t       *sqlstore.Tree
	version string
	// xrefs are the identifiers records kin made get in this export when
	// their own cannot be written (see Tree.ExportXrefs).
	xrefs map[kin.ID]kin.Xref
}

// fixXrefs gives every record of mini the xref it has in the export.
func (g *generator) fixXrefs(mini *kin.Tree) {
	fix := func(id kin.ID, xref *kin.Xref) {
		if x, ok := g.xrefs[id]; ok {
			*xref = x
		}
	}
	for _, p := range mini.People {
		fix(p.ID, &p.Xref)
	}
	for _, f := range mini.Families {
		fix(f.ID, &f.Xref)
	}
	for _, s := range mini.Sources {
		fix(s.ID, &s.Xref)
	}
	for _, r := range mini.Repositories {
		fix(r.ID, &r.Xref)
	}
	for _, n := range mini.Notes {
		fix(n.ID, &n.Xref)
	}
	for _, m := range mini.Media {
		fix(m.ID, &m.Xref)
	}
}

func (g *generator) record(ctx context.Context, rec *sqlstore.StoredRecord) (*gedcom.Node, error) {
	mini := &kin.Tree{}
	var cites []kin.Citation
	tag := rec.Tag
	switch {
	case rec.Person != nil:
		p := rec.Person
		mini.People = append(mini.People, p)
		mini.Associations = rec.Associations
		for _, get := range []func(context.Context, kin.ID) ([]*kin.Family, error){g.t.PartnerFamilies, g.t.ChildFamilies} {
			fams, err := get(ctx, p.ID)
			if err != nil {
				return nil, err
			}
			mini.Families = append(mini.Families, fams...)
		}
		for _, a := range rec.Associations {
			if err := g.stubPerson(ctx, mini, a.Other); err != nil {
				return nil, err
			}
		}
		for _, n := range p.Names {
			cites = append(cites, n.Citations...)
		}
		cites = append(cites, p.SexCitations()...)
		cites = append(cites, p.Citations...)
		for _, e := range p.Events {
			cites = append(cites, e.Citations...)
		}
	case rec.Family != nil:
		f := rec.Family
		mini.Families = append(mini.Families, f)
		for _, id := range f.Partners {
			if err := g.stubPerson(ctx, mini, id); err != nil {
				return nil, err
			}
		}
		for _, c := range f.Children {
			if err := g.stubPerson(ctx, mini, c.Child); err != nil {
				return nil, err
			}
			cites = append(cites, c.Citations()...)
		}
		for _, e := range f.Events {
			cites = append(cites, e.Citations...)
		}
		cites = append(cites, f.Citations...)
	case rec.Source != nil:
		mini.Sources = append(mini.Sources, rec.Source)
	case rec.Repository != nil:
		mini.Repositories = append(mini.Repositories, rec.Repository)
	case rec.Note != nil:
		mini.Notes = append(mini.Notes, rec.Note)
		tag = "NOTE"
		if strings.HasPrefix(g.version, "7") {
			tag = "SNOTE"
		}
	case rec.Media != nil:
		mini.Media = append(mini.Media, rec.Media)
	default:
		return nil, nil
	}
	skip := kin.ID("")
	if rec.Source != nil {
		skip = rec.Source.ID
	}
	if err := g.addSources(ctx, mini, cites, skip); err != nil {
		return nil, err
	}
	g.fixXrefs(mini)
	doc := gedcom.FromTree(mini, g.version)
	for _, n := range doc.Records {
		if n.Tag == tag && (rec.Xref == "" || n.Xref == string(rec.Xref)) {
			return n, nil
		}
	}
	for _, n := range doc.Records {
		if n.Tag == tag {
			return n, nil
		}
	}
	return nil, fmt.Errorf("record %s: the mapping wrote no %s record", rec.ID, tag)
}

// stubPerson adds person id, with its xref only, to mini.
func (g *generator) stubPerson(ctx context.Context, mini *kin.Tree, id kin.ID) error {
	for _, p := range mini.People {
		if p.ID == id {
			return nil
		}
	}
	p, err := g.t.Person(ctx, id)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	mini.People = append(mini.People, &kin.Person{ID: p.ID, Xref: p.Xref, Sex: p.Sex})
	return nil
}

// addSources adds to mini the sources cites point to, except skip.
func (g *generator) addSources(ctx context.Context, mini *kin.Tree, cites []kin.Citation, skip kin.ID) error {
	seen := map[kin.ID]bool{skip: true}
	for _, s := range mini.Sources {
		seen[s.ID] = true
	}
	for _, c := range cites {
		if seen[c.Source] {
			continue
		}
		seen[c.Source] = true
		src, err := g.t.Source(ctx, c.Source)
		if kin.ErrorCode(err) == kin.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		mini.Sources = append(mini.Sources, src)
	}
	return nil
}

// merge returns the imported record rec, decoded from its stored text,
// with what the tree learned about it since (rec.Added) merged in: the
// structures of superseded facts are left out, structures the text already
// has gain the new citations, and new ones are appended.
func (g *generator) merge(ctx context.Context, rec *sqlstore.StoredRecord) (*gedcom.Node, error) {
	n, err := g.decodeText(rec)
	if err != nil {
		return nil, err
	}
	a := rec.Added
	added, err := g.structures(ctx, rec, a.Person, a.Family, a.Associations, a.Families)
	if err != nil {
		return nil, err
	}
	gone, err := g.structures(ctx, rec, a.Replaced, a.ReplacedFamily, nil, nil)
	if err != nil {
		return nil, err
	}
	for _, c := range gone {
		if i := findSame(n.Nodes, c); i >= 0 {
			n.Nodes = append(n.Nodes[:i], n.Nodes[i+1:]...)
		}
	}
	for _, c := range added {
		switch c.Tag {
		case "HUSB", "WIFE":
			// A family has one of each: a partner already there is
			// kept, a new one takes the free role.
			if hasPointer(n, "HUSB", c.Pointer) || hasPointer(n, "WIFE", c.Pointer) {
				continue
			}
			if n.First(c.Tag) != nil {
				other := map[string]string{"HUSB": "WIFE", "WIFE": "HUSB"}[c.Tag]
				if n.First(other) != nil {
					continue // GEDCOM has no place for a third partner
				}
				c.Tag = other
			}
		}
		if i := findSame(n.Nodes, c); i >= 0 {
			addCitations(n.Nodes[i], c)
			continue
		}
		n.Nodes = append(n.Nodes, c)
	}
	return n, nil
}

// decodeText decodes a stored record text, in the tree's version.
func (g *generator) decodeText(rec *sqlstore.StoredRecord) (*gedcom.Node, error) {
	head := "0 HEAD\n1 GEDC\n2 VERS 7.0\n"
	if !strings.HasPrefix(g.version, "7") {
		head = "0 HEAD\n1 GEDC\n2 VERS " + g.version + "\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n"
	}
	dec := gedcom.NewDecoder(io.MultiReader(strings.NewReader(head), strings.NewReader(rec.GEDCOM)))
	dec.Filename = "record " + string(rec.ID)
	dec.Lenient = true
	for {
		n, err := dec.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("record %s: stored text holds no record", rec.ID)
		} else if err != nil {
			return nil, fmt.Errorf("read stored record %s: %w", rec.ID, err)
		}
		if n.Tag != "HEAD" {
			return n, nil
		}
	}
}

// structures maps the facts of p or f (a person or family holding only some
// facts) to the GEDCOM substructures FromTree writes for them on the record
// rec, with pointers to the records they name.
func (g *generator) structures(ctx context.Context, rec *sqlstore.StoredRecord, p *kin.Person, f *kin.Family, assocs []*kin.Association, fams []*kin.Family) ([]*gedcom.Node, error) {
	mini := &kin.Tree{}
	var cites []kin.Citation
	switch {
	case p != nil:
		self := *p
		self.Xref = rec.Xref
		mini.People = append(mini.People, &self)
		mini.Associations = assocs
		for _, fam := range fams {
			c := *fam
			mini.Families = append(mini.Families, &c)
			for _, l := range c.Children {
				cites = append(cites, l.Citations()...)
			}
		}
		for _, as := range assocs {
			if err := g.stubPerson(ctx, mini, as.Other); err != nil {
				return nil, err
			}
			cites = append(cites, as.Citations...)
		}
		for _, nm := range p.Names {
			cites = append(cites, nm.Citations...)
		}
		cites = append(cites, p.SexCitations()...)
		cites = append(cites, p.Citations...)
		for _, e := range p.Events {
			cites = append(cites, e.Citations...)
		}
	case f != nil:
		self := *f
		self.Xref = rec.Xref
		mini.Families = append(mini.Families, &self)
		for _, id := range f.Partners {
			if err := g.stubPerson(ctx, mini, id); err != nil {
				return nil, err
			}
		}
		for _, c := range f.Children {
			if err := g.stubPerson(ctx, mini, c.Child); err != nil {
				return nil, err
			}
			cites = append(cites, c.Citations()...)
		}
		for _, e := range f.Events {
			cites = append(cites, e.Citations...)
		}
		cites = append(cites, f.Citations...)
	default:
		return nil, nil
	}
	if err := g.addSources(ctx, mini, cites, ""); err != nil {
		return nil, err
	}
	g.fixXrefs(mini)
	if p != nil {
		mini.People[0].Xref = rec.Xref
	} else {
		mini.Families[0].Xref = rec.Xref
	}
	doc := gedcom.FromTree(mini, g.version)
	for _, n := range doc.Records {
		if n.Tag == rec.Tag && n.Xref == string(rec.Xref) {
			return n.Nodes, nil
		}
	}
	return nil, fmt.Errorf("record %s: the mapping wrote no %s record", rec.ID, rec.Tag)
}

// identity are the substructures that tell two structures with the same
// tag and payload apart: an event's date, place and type.
var identity = []string{"DATE", "PLAC", "TYPE"}

// findSame returns the index of the structure in list that states what c
// states (same tag, payload and identity substructures; citations and
// other details aside), or -1.
func findSame(list []*gedcom.Node, c *gedcom.Node) int {
next:
	for i, n := range list {
		if n.Tag != c.Tag || n.Value != c.Value || n.Pointer != c.Pointer {
			continue
		}
		for _, tag := range identity {
			if n.ValueOf(tag) != c.ValueOf(tag) {
				continue next
			}
		}
		return i
	}
	return -1
}

// addCitations adds to n the citations of c it does not have.
func addCitations(n, c *gedcom.Node) {
	for _, s := range c.Nodes {
		if s.Tag != "SOUR" && s.Tag != "_SOUR" {
			continue
		}
		dup := false
		for _, have := range n.All(s.Tag) {
			if have.Pointer == s.Pointer && have.ValueOf("PAGE") == s.ValueOf("PAGE") {
				dup = true
				break
			}
		}
		if !dup {
			n.Nodes = append(n.Nodes, s)
		}
	}
}

// hasPointer reports whether n has a substructure tag pointing to xref.
func hasPointer(n *gedcom.Node, tag, xref string) bool {
	for _, c := range n.All(tag) {
		if c.Pointer == xref {
			return true
		}
	}
	return false
}
