package main

import (
	"fmt"
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
