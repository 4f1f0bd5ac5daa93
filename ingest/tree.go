package ingest

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"kin"
	"kin/date"
)

// Tree converts x to kin domain records, every fact citing the article:
//
//   - one kin.Source of type news article (Title, Date, URL and the Text
//     verbatim), with ID sourceID;
//   - a kin.Person per person, with the name and aliases (maiden names as
//     MAIDEN, nicknames and other forms as AKA), sex, and birth and death
//     events with their dates;
//   - a kin.Family per couple, with a MARR event (its date when known) for
//     a marriage and a DIV event for a divorce; a couple who only have
//     children together (never said to be married) is a family without
//     events;
//   - children in the family of their parents: both parents when both are
//     known, else a family with the one known parent, so half-siblings
//     with one unknown parent sit in different families that share a
//     partner;
//   - siblings whose parents the article does not name share a family
//     without partners (the parents are unknown, not absent); a sibling
//     of someone whose parents are known joins that family only when they
//     are full siblings (twins), else the two share a partnerless family
//     beside it, which asserts the sibling tie and no parent;
//     half-siblings with no named parent get a note saying so;
//   - a step-child whose step-parent's spouse is not named is put in a
//     family with the step-parent, linked with LineageStep;
//   - a kin.Association for every other tie (engaged, co-starred, partner),
//     with its label and year;
//   - every citation quotes its sentence, with its byte span and, as its
//     Page, the paragraph it stands in ("paragraph 3").
//
// IDs are sourceID followed by "/p1", "/f1", "/a1" … so trees from several
// articles do not collide before a store merges them.
func (x *Extraction) Tree(sourceID kin.ID) *kin.Tree {
	t := &kin.Tree{}
	a := x.Article
	if a == nil {
		a = &Article{}
	}
	src := &kin.Source{ID: sourceID, Type: kin.SourceNewsArticle, Title: a.Title, URL: a.URL, Text: a.Text}
	if !a.Date.IsZero() {
		src.Date = date.Date{Start: date.Day{Year: int32(a.Date.Year()), Month: uint8(a.Date.Month()), Day: uint8(a.Date.Day())}}
	}
	if src.Title == "" {
		src.Title = firstSentence(a.Text)
	}
	t.Name = src.Title
	t.Sources = append(t.Sources, src)
	paras := paragraphs(a.Text)
	cite := func(ev Evidence) kin.Citation {
		sp := ev.Span
		c := kin.Citation{Source: sourceID, Page: paragraph(paras, sp.Start), Quote: ev.Sentence, Span: &sp, Confidence: ev.Confidence, ConfidenceKnown: true}
		c.SetDate(src.Date)
		return c
	}
	cites := func(evs []Evidence) []kin.Citation {
		var out []kin.Citation
		for _, ev := range evs {
			out = append(out, cite(ev))
		}
		return out
	}
	pid := func(id string) kin.ID { return kin.ID(string(sourceID) + "/" + id) }
	nEvents := 0
	eventID := func() kin.ID {
		nEvents++
		return kin.ID(string(sourceID) + "/e" + strconv.Itoa(nEvents))
	}

	for _, p := range x.Persons {
		kp := &kin.Person{ID: pid(p.ID), Sex: p.Sex}
		name := p.Name
		name.Citations = []kin.Citation{cite(p.Evidence)}
		kp.Names = append(kp.Names, name)
		for _, al := range p.Aliases {
			n := kin.Name{Given: al}
			n.SetType(kin.NameAKA)
			if p.Maiden != "" && strings.HasSuffix(al, " "+p.Maiden) {
				n = kin.Name{Given: strings.TrimSuffix(al, " "+p.Maiden), Surname: p.Maiden}
				n.SetType(kin.NameMaiden)
			}
			n.Citations = []kin.Citation{cite(p.Evidence)}
			kp.Names = append(kp.Names, n)
		}
		if p.SexEvidence != nil {
			c := cite(*p.SexEvidence)
			if p.SexGuessed {
				c.SetNotes([]kin.Note{{Text: "Sex guessed from the given name " + firstWord(p.Name.Given) + "; the article does not state it."}})
			}
			kp.SetSexCitations([]kin.Citation{c})
		}
		if !p.Birth.IsZero() {
			ev := kin.Event{Type: kin.EventBirth, Date: p.Birth}
			ev.SetID(eventID())
			if p.BirthEvidence != nil {
				ev.Citations = []kin.Citation{cite(*p.BirthEvidence)}
			}
			kp.Events = append(kp.Events, ev)
		}
		if p.Dead {
			ev := kin.Event{Type: kin.EventDeath, Date: p.Death}
			ev.SetID(eventID())
			if p.Death.IsZero() {
				ev.Value = "Y"
			}
			if p.DeathEvidence != nil {
				ev.Citations = []kin.Citation{cite(*p.DeathEvidence)}
			} else {
				ev.Citations = []kin.Citation{cite(p.Evidence)}
			}
			kp.Events = append(kp.Events, ev)
		}
		kp.Citations = []kin.Citation{cite(p.Evidence)}
		t.People = append(t.People, kp)
	}

	// Families: one per couple (married, or parents of a child together).
	fams := map[string]*kin.Family{}
	famKey := func(ids ...string) string {
		s := append([]string{}, ids...)
		sort.Strings(s)
		return strings.Join(s, "+")
	}
	family := func(partners ...string) *kin.Family {
		k := famKey(partners...)
		if f, ok := fams[k]; ok {
			return f
		}
		f := &kin.Family{ID: kin.ID(string(sourceID) + "/f" + strconv.Itoa(len(t.Families)+1))}
		for _, p := range partners {
			f.Partners = append(f.Partners, pid(p))
		}
		fams[k] = f
		t.Families = append(t.Families, f)
		return f
	}
	childIn := map[string][]*kin.Family{} // child → families, for siblings
	addChild := func(f *kin.Family, child string, lin kin.Lineage, evs []Evidence) {
		for _, g := range childIn[child] {
			if g == f {
				for i, c := range f.Children {
					if c.Child == pid(child) {
						f.Children[i].SetCitations(append(f.Children[i].Citations(), cites(evs)...))
					}
				}
				return
			}
		}
		childIn[child] = append(childIn[child], f)
		c := kin.ChildLink{Child: pid(child), Lineage: lin}
		c.SetCitations(cites(evs))
		f.Children = append(f.Children, c)
	}

	for _, r := range x.Relations {
		if r.Type != RelSpouse {
			continue
		}
		f := family(r.A, r.B)
		f.Citations = append(f.Citations, cites(r.Evidence)...)
		marr := kin.Event{Type: kin.EventMarriage, Date: r.Start, Citations: cites(r.Evidence)}
		marr.SetID(eventID())
		if r.Start.IsZero() {
			marr.Value = "Y"
		}
		f.Events = append(f.Events, marr)
		if r.EndReason == "divorce" {
			div := kin.Event{Type: kin.EventDivorce, Date: r.End, Citations: cites(r.Evidence)}
			div.SetID(eventID())
			if r.End.IsZero() {
				div.Value = "Y"
			}
			f.Events = append(f.Events, div)
		}
	}

	// Children, grouped by their set of parents.
	parents := map[string][]string{}
	parentEv := map[string][]Evidence{}
	lineage := map[string]kin.Lineage{}
	var order []string
	for _, r := range x.Relations {
		if r.Type != RelParent {
			continue
		}
		if _, ok := parents[r.B]; !ok {
			order = append(order, r.B)
		}
		parents[r.B] = append(parents[r.B], r.A)
		parentEv[r.B] = append(parentEv[r.B], r.Evidence...)
		if r.Lineage != "" && r.Lineage != kin.LineageBirth {
			lineage[r.B] = r.Lineage
		}
	}
	for _, child := range order {
		ps := parents[child]
		lin := kin.LineageBirth
		if l, ok := lineage[child]; ok {
			lin = l
		}
		if len(ps) > 2 {
			ps = ps[:2]
		}
		f := family(ps...)
		if len(f.Events) == 0 {
			f.Citations = append(f.Citations, cites(parentEv[child])...)
		}
		addChild(f, child, lin, parentEv[child])
	}

	// Step-children whose other parent is unknown.
	for _, r := range x.Relations {
		if r.Type == RelStep {
			addChild(family(r.A), r.B, kin.LineageStep, r.Evidence)
		}
	}

	// Siblings: a family without partners where no parent is known.
	childFams := func(id string) []*kin.Family { return childIn[id] }
	for _, r := range x.Relations {
		if r.Type != RelSibling {
			continue
		}
		fa, fb := childFams(r.A), childFams(r.B)
		shared := false
		for _, f := range fa {
			for _, g := range fb {
				shared = shared || f == g
			}
		}
		if shared {
			continue
		}
		var f *kin.Family
		switch {
		case len(fa) == 0 && len(fb) == 0:
			f = &kin.Family{ID: kin.ID(string(sourceID) + "/f" + strconv.Itoa(len(t.Families)+1))}
			t.Families = append(t.Families, f)
		case len(fb) == 0 && r.Half != nil && !*r.Half:
			f = fa[0] // full siblings: the same parents
		case len(fa) == 0 && r.Half != nil && !*r.Half:
			f = fb[0]
		default:
			f = &kin.Family{ID: kin.ID(string(sourceID) + "/f" + strconv.Itoa(len(t.Families)+1))}
			t.Families = append(t.Families, f)
		}
		if len(f.Partners) == 0 && r.Half != nil && *r.Half {
			f.SetNotes(append(f.Notes(), kin.Note{Text: "Half-siblings: they share one parent, whom the source does not name."}))
		}
		f.Citations = append(f.Citations, cites(r.Evidence)...)
		addChild(f, r.A, kin.LineageUnknown, r.Evidence)
		addChild(f, r.B, kin.LineageUnknown, r.Evidence)
	}

	for i, r := range x.Relations {
		if r.Type != RelOther {
			continue
		}
		as := &kin.Association{
			ID:        kin.ID(string(sourceID) + "/a" + strconv.Itoa(i+1)),
			Person:    pid(r.A),
			Other:     pid(r.B),
			Relation:  r.Label,
			Date:      r.Year,
			Citations: cites(r.Evidence),
		}
		if strings.HasPrefix(r.Label, "co-starred in ") {
			as.Relation, as.Detail = "co-star", strings.TrimPrefix(r.Label, "co-starred in ")
		}
		t.Associations = append(t.Associations, as)
	}
	return t
}

// paragraphs returns the byte offsets at which the paragraphs of text
// after the first begin: the first non-blank line after a blank one.
func paragraphs(text string) []int {
	var starts []int
	seenText, blank := false, false
	for at := 0; at < len(text); {
		end := strings.IndexByte(text[at:], '\n')
		if end < 0 {
			end = len(text) - at
		}
		line := text[at : at+end]
		switch {
		case strings.TrimSpace(line) == "":
			blank = true
		case blank && seenText:
			starts = append(starts, at)
			blank = false
		default:
			seenText, blank = true, false
		}
		at += end + 1
	}
	return starts
}

// paragraph returns where byte offset at stands as a GEDCOM PAGE says it,
// "paragraph 3", given the paragraph starts from paragraphs.
func paragraph(starts []int, at int) string {
	return "paragraph " + strconv.Itoa(sort.SearchInts(starts, at+1)+1)
}

// firstSentence returns the article's first sentence, for a title.
func firstSentence(text string) string {
	ss := splitSentences(text)
	if len(ss) == 0 {
		return ""
	}
	s := ss[0].text
	if len(s) > 200 {
		n := 200
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return s
}
