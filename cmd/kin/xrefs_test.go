package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"kin/gedcom"
)

// TestXrefIndex checks the first pass's xref table against what Go maps
// of strings (as it used to be) give: kinds, the first record keeping a
// duplicated xref, pointers to families not read yet, links in file order
// with their pedigrees, and enough xrefs to grow the table several times.
func TestXrefIndex(t *testing.T) {
	x := newXrefIndex()
	kinds := map[string]string{}
	type link struct {
		person string
		node   string
	}
	links := map[string][]link{}
	addRecord := func(xref, tag string) uint32 {
		t.Helper()
		i, err := x.addRecord(xref, tag)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := kinds[xref]; !dup {
			kinds[xref] = tag
		}
		return i
	}
	addLink := func(person string, c *gedcom.Node) {
		t.Helper()
		i := addRecord(person, "INDI")
		if err := x.addLink(i, c, c.Tag == "FAMC"); err != nil {
			t.Fatal(err)
		}
		links[c.Pointer] = append(links[c.Pointer], link{person, dumpNode(c)})
	}
	famc := func(f, pedi, phrase string) *gedcom.Node {
		n := &gedcom.Node{Tag: "FAMC", Pointer: f}
		if pedi != "" {
			p := n.Add("PEDI", pedi)
			if phrase != "" {
				p.Add("PHRASE", phrase)
			}
		}
		return n
	}
	for i := range 20000 {
		p, f := fmt.Sprintf("I%d", i), fmt.Sprintf("F%d", i/3)
		switch i % 4 {
		case 0:
			addLink(p, famc(f, "", ""))
		case 1:
			addLink(p, famc(f, "adopted", ""))
		case 2:
			addLink(p, famc(f, "OTHER", fmt.Sprintf("step %d", i%5)))
		case 3:
			addLink(p, &gedcom.Node{Tag: "FAMS", Pointer: f})
			addLink(p, &gedcom.Node{Tag: "FAMS", Pointer: "F-missing"})
		}
	}
	for i := range 20000 / 3 {
		addRecord(fmt.Sprintf("F%d", i), "FAM")
	}
	addRecord("F1", "INDI") // a duplicate: the family keeps it
	addRecord("S1", "SOUR")
	addRecord("_X1", "_LOC")
	x.finish()

	for _, s := range []string{"I0", "I19999", "F0", "F1", "F6666", "S1", "_X1", "F-missing", "nobody", ""} {
		if got, want := x.kind(s), kinds[s]; got != want {
			t.Errorf("kind(%q) = %q, want %q", s, got, want)
		}
	}
	for f, want := range links {
		var got []link
		for _, l := range x.linksOf(f) {
			got = append(got, link{x.name(l.person), dumpNode(x.node(l))})
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("linksOf(%q) = %v, want %v", f, got, want)
		}
	}
	if got := x.linksOf("S1"); len(got) != 0 {
		t.Errorf("linksOf(S1) = %v, want none", got)
	}
	if got := x.linksOf("nobody"); got != nil {
		t.Errorf("linksOf(nobody) = %v, want none", got)
	}

	empty := newXrefIndex()
	empty.finish()
	if k, l := empty.kind("I1"), empty.linksOf("F1"); k != "" || l != nil {
		t.Errorf("empty index: kind %q, links %v", k, l)
	}
}

// dumpNode writes n and its substructures on one line.
func dumpNode(n *gedcom.Node) string {
	s := n.Tag + " " + n.Pointer + " " + n.Value
	for _, c := range n.Nodes {
		s += " {" + dumpNode(c) + "}"
	}
	return s
}

// FuzzImportRead runs an import's two passes over a file, without a
// store: the first builds the xref table, the second maps each record
// with stand-ins from it. Whatever the file, neither panics, and the
// table knows each record's tag as a map of the first record with each
// xref would.
func FuzzImportRead(f *testing.F) {
	for _, path := range []string{"testdata/store/family.ged", "../../gedcom/testdata/kin/v551.ged", "../../gedcom/testdata/kin/v70.ged"} {
		if b, err := os.ReadFile(path); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n0 @I1@ INDI\n1 FAMC @F1@\n2 PEDI adopted\n1 FAMS @F1@\n0 @F1@ FAM\n1 CHIL @I1@\n0 @F1@ INDI\n0 TRLR\n"))
	f.Add([]byte("0 HEAD\n0 @I1@ INDI\n1 FAMC @@\n1 FAMS @VOID@\n1 SOUR @S9@\n0 @N1@ NOTE text\n0 TRLR\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.ged")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		m := &Main{Stderr: io.Discard}
		ix, err := indexFile(context.Background(), m, path, true)
		if err != nil {
			return
		}
		// The reference: the first record with each xref gives its tag.
		dec := gedcom.NewDecoder(bytes.NewReader(data))
		dec.Lenient = true
		kinds := map[string]string{}
		for {
			n, err := dec.Next()
			if err != nil {
				break
			}
			if _, dup := kinds[n.Xref]; n.Xref != "" && !dup {
				kinds[n.Xref] = n.Tag
			}
		}
		for x, tag := range kinds {
			if got := ix.xrefs.kind(x); got != tag {
				t.Errorf("kind(%q) = %q, want %q", x, got, tag)
			}
		}
		in, _, err := openGEDCOM(path)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		rd := newRecordReader(ix, in, m.newProgress("", 0), path, true)
		for range 10000 {
			if _, err := rd.next(); err != nil {
				return
			}
		}
	})
}
