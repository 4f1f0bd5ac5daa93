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
written back exactly, extension structures included; records kin made or
changed are written from their facts. With --to the file is converted to
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
	g := &generator{t: t, version: version}
	err := t.Records(ctx, func(rec *sqlstore.StoredRecord) error {
		if rec.GEDCOM != "" {
			_, err := io.WriteString(w, rec.GEDCOM)
			return err
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
		cites = append(cites, p.SexCitations...)
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
			cites = append(cites, c.Citations...)
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
	seen := map[kin.ID]bool{}
	for _, c := range cites {
		if seen[c.Source] || (rec.Source != nil && c.Source == rec.Source.ID) {
			continue
		}
		seen[c.Source] = true
		src, err := g.t.Source(ctx, c.Source)
		if kin.ErrorCode(err) == kin.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, err
		}
		mini.Sources = append(mini.Sources, src)
	}
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
	mini.People = append(mini.People, &kin.Person{ID: p.ID, Xref: p.Xref})
	return nil
}
