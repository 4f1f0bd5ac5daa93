package main

import (
	"fmt"
	"hash/maphash"
	"math"
	"strings"
	"unsafe"

	"kin/gedcom"
)

// xrefIndex is what the first pass of an import learns of a file's xrefs:
// which records exist, with their tags, and the FAMC and FAMS links people
// make to families, with their pedigrees. It holds no pointers — the
// xrefs' bytes in one slice, numbers in an open-addressing hash table and
// the links as numbers — so the garbage collector, which runs many times
// during a large import, never scans it. As Go maps of strings it was a
// few hundred megabytes of a 1M-person import's live heap, every string a
// separate object (docs/performance.md, Store, fifth round).
type xrefIndex struct {
	seed  maphash.Seed
	text  []byte   // the xrefs, one after the other
	ends  []uint32 // where xref i ends in text; it starts at ends[i-1]
	tags  []uint32 // xref i's record tag, an index in tagNames; 0 when no record has it
	slots []uint32 // the hash table: 1 + an xref's number, 0 when free

	tagNames []string // tagNames[0] is ""
	tagNums  map[string]uint32

	links   []famLink // in file order while indexing, then by family
	linkEnd []uint32  // after finish: family i's links end at linkEnd[i]
	pedis   []pedi    // pedis[0] is no PEDI
	pediNum map[pedi]uint32
}

// famLink is a person's FAMC or FAMS structure as the mapping needs it:
// the person, the family and the pedigree (PEDI and its PHRASE).
type famLink struct {
	family, person uint32
	pedi           uint32 // index in pedis
	famc           bool
}

// pedi is a FAMC's PEDI payload and its PHRASE.
type pedi struct{ value, phrase string }

func newXrefIndex() *xrefIndex {
	return &xrefIndex{
		seed:     maphash.MakeSeed(),
		slots:    make([]uint32, 1<<12),
		tagNames: []string{""},
		tagNums:  map[string]uint32{},
		pedis:    []pedi{{}},
		pediNum:  map[pedi]uint32{},
	}
}

// name returns xref i. The string shares the index's bytes, which are
// never written again.
func (x *xrefIndex) name(i uint32) string {
	start := uint32(0)
	if i > 0 {
		start = x.ends[i-1]
	}
	if start == x.ends[i] {
		return ""
	}
	return unsafe.String(&x.text[start], int(x.ends[i]-start))
}

// find returns the number of xref s and whether the index has it.
func (x *xrefIndex) find(s string) (uint32, bool) {
	mask := uint64(len(x.slots) - 1)
	for h := maphash.String(x.seed, s) & mask; ; h = (h + 1) & mask {
		n := x.slots[h]
		if n == 0 {
			return 0, false
		}
		if x.name(n-1) == s {
			return n - 1, true
		}
	}
}

// number returns the number of xref s, adding it when new.
func (x *xrefIndex) number(s string) (uint32, error) {
	if i, ok := x.find(s); ok {
		return i, nil
	}
	if len(x.text)+len(s) > math.MaxUint32 || len(x.ends) >= math.MaxUint32/2-1 {
		return 0, fmt.Errorf("index xrefs: too many in one file")
	}
	x.text = append(x.text, s...)
	x.ends = append(x.ends, uint32(len(x.text)))
	x.tags = append(x.tags, 0)
	i := uint32(len(x.ends) - 1)
	if 2*len(x.ends) > len(x.slots) {
		x.slots = make([]uint32, 2*len(x.slots))
		for j := range x.ends {
			x.put(uint32(j))
		}
	} else {
		x.put(i)
	}
	return i, nil
}

// put puts xref i in the hash table.
func (x *xrefIndex) put(i uint32) {
	mask := uint64(len(x.slots) - 1)
	h := maphash.String(x.seed, x.name(i)) & mask
	for x.slots[h] != 0 {
		h = (h + 1) & mask
	}
	x.slots[h] = i + 1
}

// addRecord notes that a record with tag has xref s; the first record
// with an xref keeps it.
func (x *xrefIndex) addRecord(s, tag string) (uint32, error) {
	i, err := x.number(s)
	if err != nil {
		return 0, err
	}
	if x.tags[i] == 0 {
		t, ok := x.tagNums[tag]
		if !ok {
			t = uint32(len(x.tagNames))
			x.tagNames = append(x.tagNames, tag)
			x.tagNums[tag] = t
		}
		x.tags[i] = t
	}
	return i, nil
}

// kind returns the tag of the record with xref s, "" when there is none.
func (x *xrefIndex) kind(s string) string {
	i, ok := x.find(s)
	if !ok {
		return ""
	}
	return x.tagNames[x.tags[i]]
}

// addLink notes a person's FAMC (famc) or FAMS structure c pointing at a
// family.
func (x *xrefIndex) addLink(person uint32, c *gedcom.Node, famc bool) error {
	f, err := x.number(c.Pointer)
	if err != nil {
		return err
	}
	l := famLink{family: f, person: person, famc: famc}
	if p := c.First("PEDI"); p != nil && p.Value != "" {
		key := pedi{p.Value, p.ValueOf("PHRASE")}
		n, ok := x.pediNum[key]
		if !ok {
			key = pedi{strings.Clone(key.value), strings.Clone(key.phrase)}
			n = uint32(len(x.pedis))
			x.pedis = append(x.pedis, key)
			x.pediNum[key] = n
		}
		l.pedi = n
	}
	x.links = append(x.links, l)
	return nil
}

// finish orders the links by family, keeping file order within each, so
// that linksOf can find them.
func (x *xrefIndex) finish() {
	x.pediNum = nil
	if len(x.ends) == 0 {
		return
	}
	x.linkEnd = make([]uint32, len(x.ends))
	for _, l := range x.links {
		x.linkEnd[l.family]++
	}
	var sum uint32
	for i, n := range x.linkEnd {
		sum += n
		x.linkEnd[i] = sum
	}
	sorted := make([]famLink, len(x.links))
	for i := len(x.links) - 1; i >= 0; i-- {
		l := x.links[i]
		x.linkEnd[l.family]--
		sorted[x.linkEnd[l.family]] = l
	}
	// linkEnd now holds where each family's links start; shift it to
	// where they end.
	copy(x.linkEnd, x.linkEnd[1:])
	x.linkEnd[len(x.linkEnd)-1] = uint32(len(sorted))
	x.links = sorted
}

// linksOf returns the FAMC and FAMS links people make to family s, in
// file order.
func (x *xrefIndex) linksOf(s string) []famLink {
	i, ok := x.find(s)
	if !ok || len(x.linkEnd) == 0 {
		return nil
	}
	start := uint32(0)
	if i > 0 {
		start = x.linkEnd[i-1]
	}
	return x.links[start:x.linkEnd[i]]
}

// node rebuilds the structure l was, as its person's record had it.
func (x *xrefIndex) node(l famLink) *gedcom.Node {
	n := &gedcom.Node{Tag: "FAMS", Pointer: x.name(l.family)}
	if l.famc {
		n.Tag = "FAMC"
		if p := x.pedis[l.pedi]; p.value != "" {
			c := n.Add("PEDI", p.value)
			if p.phrase != "" {
				c.Add("PHRASE", p.phrase)
			}
		}
	}
	return n
}
