package sqlstore

import (
	"bytes"
	"encoding/json"
)

// factIndex finds stored facts by content (Fact.key). It compares the
// stored bytes first and, only for a fact that matches nothing byte for
// byte, the facts' values decoded and encoded again with their object
// keys sorted. A value written by an older kin whose types laid their
// fields out in another order (date.Date's Modifier moved after Start
// and End) then still matches the same fact made today, so a re-import
// keeps it instead of superseding it with an identical copy.
type factIndex struct {
	facts []*Fact
	raw   map[string][]*Fact
	canon map[string][]*Fact // made on first need
	taken map[*Fact]bool
}

func newFactIndex(facts []*Fact) *factIndex {
	x := &factIndex{facts: facts, raw: make(map[string][]*Fact, len(facts)), taken: map[*Fact]bool{}}
	for _, f := range facts {
		k := f.key()
		x.raw[k] = append(x.raw[k], f)
	}
	return x
}

// find returns a fact of the index with the same content as f, or nil.
// With take, the fact returned is not returned again.
func (x *factIndex) find(f *Fact, take bool) *Fact {
	if g := x.first(x.raw[f.key()], take); g != nil {
		return g
	}
	if len(x.facts) == 0 {
		return nil
	}
	if x.canon == nil {
		x.canon = make(map[string][]*Fact, len(x.facts))
		for _, g := range x.facts {
			k := g.canonicalKey()
			x.canon[k] = append(x.canon[k], g)
		}
	}
	return x.first(x.canon[f.canonicalKey()], take)
}

func (x *factIndex) first(list []*Fact, take bool) *Fact {
	for _, g := range list {
		if x.taken[g] {
			continue
		}
		if take {
			x.taken[g] = true
		}
		return g
	}
	return nil
}

// add puts f in the index, so that later facts with its content find it.
func (x *factIndex) add(f *Fact) {
	k := f.key()
	x.raw[k] = append(x.raw[k], f)
	x.facts = append(x.facts, f)
	if x.canon != nil {
		c := f.canonicalKey()
		x.canon[c] = append(x.canon[c], f)
	}
}

// canonicalKey is key with the value's JSON decoded and encoded again:
// object keys sorted, spacing removed. A value that is not valid JSON is
// used as it is.
func (f *Fact) canonicalKey() string {
	c, _ := json.Marshal(f.Citations)
	return f.Kind + "\x00" + string(f.Object) + "\x00" + string(canonicalJSON(f.Value)) + "\x00" + string(c)
}

// canonicalJSON returns v with its object keys sorted. Numbers keep
// their text (json.Number), so no precision is lost.
func canonicalJSON(v []byte) []byte {
	d := json.NewDecoder(bytes.NewReader(v))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return v
	}
	out, err := json.Marshal(x)
	if err != nil {
		return v
	}
	return out
}
