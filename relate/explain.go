package relate

import (
	"fmt"
	"strconv"
	"strings"

	"kin"
)

// Explain returns r in words: the phrase, then for each relationship a
// sentence saying how it comes about, then the links it rests on, each
// with its citations:
//
//	Ireland is Carmen Gabriela's half-sister.
//	Ireland is Carmen Gabriela's half-sister: both are children of Alec Baldwin; Ireland's mother is Kim Basinger, Carmen Gabriela's is Hilaria.
//	Evidence:
//	  Ireland's father is Alec Baldwin (family F1): source S1, "…"
func (e English) Explain(r *Result) string {
	var b strings.Builder
	b.WriteString(e.Phrase(r))
	b.WriteString(".\n")
	for i := range r.Relationships {
		rel := &r.Relationships[i]
		if s := e.sentence(r, rel); s != "" {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	// The evidence: each link once, each of its citations once, and the
	// sources they cite numbered in a list of their own, so a long article
	// title is written once rather than with every sentence.
	var ev []string
	seen := map[string]bool{}
	var sources []kin.ID
	sourceNum := map[kin.ID]int{}
	for i := range r.Relationships {
		for _, l := range r.Relationships[i].Path {
			line := "  " + e.linkClause(r, l)
			if l.Family != "" {
				line += " (family " + string(l.Family)
				if l.Lineage != "" && l.Lineage != kin.LineageBirth {
					line += ", " + strings.ToLower(string(l.Lineage))
				}
				line += ")"
			}
			if seen[line] {
				continue
			}
			seen[line] = true
			if len(l.Citations) == 0 {
				ev = append(ev, line+": no citation")
				continue
			}
			ev = append(ev, line+":")
			cited := map[string]bool{}
			for _, c := range l.Citations {
				key := string(c.Source) + "\x00" + c.Page + "\x00" + c.Quote
				if cited[key] {
					continue
				}
				cited[key] = true
				n, ok := sourceNum[c.Source]
				if !ok {
					sources = append(sources, c.Source)
					n = len(sources)
					sourceNum[c.Source] = n
				}
				ev = append(ev, fmt.Sprintf("    [%d] %s", n, e.citationText(c)))
			}
		}
	}
	if len(ev) > 0 {
		b.WriteString("Evidence:\n")
		for _, l := range ev {
			b.WriteString(l)
			b.WriteString("\n")
		}
		b.WriteString("Sources:\n")
		for i, id := range sources {
			fmt.Fprintf(&b, "  [%d] %s\n", i+1, e.sourceLabel(id))
		}
	}
	return b.String()
}

// sourceLabel names a source: its ID, and its title when known.
func (e English) sourceLabel(id kin.ID) string {
	if e.SourceTitle != nil {
		if t := e.SourceTitle(id); t != "" {
			return string(id) + ": " + t
		}
	}
	return string(id)
}

// citationText is one citation without its source, which Explain numbers:
// `paragraph 4: "Alec Baldwin and Kim Basinger were married …" (confidence 3 of 4)`.
func (e English) citationText(c kin.Citation) string {
	var s string
	if c.Page != "" {
		s = c.Page
	}
	if c.Quote != "" {
		if s != "" {
			s += ": "
		}
		s += strconv.Quote(c.Quote)
	}
	if s == "" {
		s = "cited without page or quote"
	}
	if c.ConfidenceKnown {
		s += fmt.Sprintf(" (confidence %d of 4)", c.Confidence)
	}
	return s
}

func (e English) name(r *Result, id kin.ID) string {
	if n, ok := r.Names[id]; ok {
		return n
	}
	return string(id)
}

// role names To's role to From on a link: "father", "adopted son", "wife".
func (e English) role(r *Result, l Link) string {
	sx := e.sex(r.Sexes[l.To])
	switch l.Kind {
	case ToParent:
		t := gendered(sx, "father", "mother", "parent")
		switch l.Lineage {
		case kin.LineageAdopted:
			t = "adoptive " + t
		case kin.LineageFoster:
			t = "foster " + t
		case kin.LineageStep:
			t = "step-" + t
		}
		return t
	case ToChild:
		t := gendered(sx, "son", "daughter", "child")
		switch l.Lineage {
		case kin.LineageAdopted:
			t = "adopted " + t
		case kin.LineageFoster:
			t = "foster " + t
		case kin.LineageStep:
			t = "step-" + t
		}
		return t
	case ToPartner:
		return "partner"
	}
	return "relative"
}

func (e English) linkClause(r *Result, l Link) string {
	role := e.role(r, l)
	if l.Kind == ToPartner {
		sx := e.sex(r.Sexes[l.To])
		role = gendered(sx, "husband", "wife", "spouse")
		if !l.Start.IsZero() || !l.End.IsZero() {
			role += " (" + strings.TrimSpace(formatSpan(l.Start, l.End)) + ")"
		}
	}
	return e.name(r, l.From) + "'s " + role + " is " + e.name(r, l.To)
}

func (e English) chain(r *Result, p []Link) string {
	var cs []string
	for _, l := range p {
		cs = append(cs, e.linkClause(r, l))
	}
	return strings.Join(cs, "; ")
}

// sentence says how one relationship comes about.
func (e English) sentence(r *Result, rel *Relationship) string {
	an, bn := e.name(r, r.A.ID), e.name(r, r.B.ID)
	t := e.Term(rel)
	if t == "" {
		t = e.statusTerm(rel, StatusCurrent)
		if t == "" {
			t = "relative"
		}
		t = "(not yet) " + t
	}
	head := an + " is " + bn + "'s " + t
	switch rel.Kind {
	case KindSelf:
		return ""
	case KindPartner:
		var hs []string
		for _, p := range rel.History {
			if h := strings.TrimSpace(p.Why + " " + strings.TrimSpace(formatDate(p.From))); h != "" {
				hs = append(hs, h)
			}
		}
		s := head + ": they are partners in family " + string(rel.Path[0].Family)
		if len(hs) > 0 {
			s += " (" + strings.Join(hs, ", ") + ")"
		}
		return s + "."
	case KindBlood:
		if rel.Ga == 1 && rel.Gb == 1 && len(rel.Path) == 2 {
			up, down := rel.Path[0], rel.Path[1]
			if rel.Flags&Half != 0 {
				s := head + ": both are children of " + e.name(r, up.To)
				oa, ob := e.otherParent(r, up), e.otherParent(r, reverse(down))
				if oa != "" || ob != "" {
					s += fmt.Sprintf("; %s's %s is %s, %s's is %s", an, e.otherRole(r, up), orUnknown(oa), bn, orUnknown(ob))
				}
				return s + "."
			}
			var ps []string
			for _, id := range rel.Via {
				ps = append(ps, e.name(r, id))
			}
			return head + ": both are children of " + joinAnd(ps) + "."
		}
		s := head + ": " + e.chain(r, rel.Path)
		if rel.Ga > 0 && rel.Gb > 0 && len(rel.Via) > 0 {
			var ps []string
			for _, id := range rel.Via {
				ps = append(ps, e.name(r, id))
			}
			s += fmt.Sprintf(" (nearest common ancestors: %s; %s from %s, %d from %s)", joinAnd(ps), generations(rel.Ga), an, rel.Gb, bn)
		}
		if rel.PathCount > 1 {
			s += fmt.Sprintf("; %s shortest paths", countText(rel.PathCount))
		}
		return s + "."
	case KindAssociation:
		a := rel.Association
		s := head
		if a.Detail != "" {
			s += " (" + a.Detail
			if !a.Date.IsZero() {
				s += ", " + formatDate(a.Date)
			}
			s += ")"
		} else if !a.Date.IsZero() {
			s += " (" + formatDate(a.Date) + ")"
		}
		return s + "."
	}
	return head + ": " + e.chain(r, rel.Path) + "."
}

func generations(n int) string {
	if n == 1 {
		return "1 generation"
	}
	return fmt.Sprintf("%d generations", n)
}

func countText(n uint64) string {
	if n == ^uint64(0) {
		return "more than 18446744073709551614"
	}
	return fmt.Sprint(n)
}

func orUnknown(s string) string {
	if s == "" {
		return "not recorded"
	}
	return s
}

func reverse(l Link) Link {
	k := ToParent
	if l.Kind == ToParent {
		k = ToChild
	}
	return Link{From: l.To, To: l.From, Kind: k, Family: l.Family, Lineage: l.Lineage}
}

// otherParent names the other partner of the family of a child→parent link.
func (e English) otherParent(r *Result, up Link) string {
	if o, ok := r.otherParents[up.Family]; ok {
		return e.name(r, o)
	}
	return ""
}

func (e English) otherRole(r *Result, up Link) string {
	if o, ok := r.otherParents[up.Family]; ok {
		return gendered(e.sex(r.Sexes[o]), "father", "mother", "other parent")
	}
	return "other parent"
}
