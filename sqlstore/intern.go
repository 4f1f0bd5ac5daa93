package sqlstore

import (
	"strings"

	"kin"
)

// interner shares equal strings of a tree being loaded whole (Load): the
// places, given names, surnames, event types and values and citation
// pages repeat from person to person, and each decoded copy would
// otherwise be its own allocation (about 170 bytes a person on a
// generated tree). Its table lives only as long as the load.
type interner map[string]string

func (in interner) str(s string) string {
	if s == "" {
		return ""
	}
	if t, ok := in[s]; ok {
		return t
	}
	s = strings.Clone(s)
	in[s] = s
	return s
}

func (in interner) person(p *kin.Person) {
	for i := range p.Names {
		n := &p.Names[i]
		n.Given, n.Surname = in.str(n.Given), in.str(n.Surname)
		in.citations(n.Citations)
	}
	in.events(p.Events)
	in.citations(p.Citations)
}

func (in interner) family(f *kin.Family) {
	in.events(f.Events)
	in.citations(f.Citations)
}

func (in interner) events(es []kin.Event) {
	for i := range es {
		e := &es[i]
		e.Type = kin.EventType(in.str(string(e.Type)))
		e.Detail, e.Value, e.Place.Name = in.str(e.Detail), in.str(e.Value), in.str(e.Place.Name)
		in.citations(e.Citations)
	}
}

func (in interner) citations(cs []kin.Citation) {
	for i := range cs {
		c := &cs[i]
		c.Source, c.Page = kin.ID(in.str(string(c.Source))), in.str(c.Page)
	}
}
