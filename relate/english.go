package relate

import (
	"fmt"
	"strconv"
	"strings"

	"kin"
	"kin/date"
)

// GreatStyle is how English names the generations beyond grandparents.
type GreatStyle int

// Great styles. Numbered is the default.
const (
	// Numbered: "great-grandfather", "2nd great-grandfather",
	// "3rd great-uncle".
	Numbered GreatStyle = iota
	// Repeated: "great-great-grandfather", "great-great-great-uncle".
	Repeated
)

// English words relationships in English. The zero value is the default:
// gendered terms where the sex is known, numbered greats.
type English struct {
	Greats GreatStyle
	// Neutral uses sex-neutral terms throughout: parent, sibling, spouse.
	Neutral bool
	// SourceTitle, when set, gives the title of a cited source, which
	// Explain writes after the source's ID in the evidence.
	SourceTitle func(id kin.ID) string
}

// Phrase returns the answer in one line with the default English:
// "Kim Basinger is Alec Baldwin's ex-wife (wife 1993–2002, then ex-wife)
// and co-star".
func (r *Result) Phrase() string { return English{}.Phrase(r) }

// Explain returns the default English explanation of r: the phrase, a
// sentence for each relationship saying how it comes about, and the
// evidence for each link with its citations.
func (r *Result) Explain() string { return English{}.Explain(r) }

// Term returns the relationship's English term at the date asked about,
// as A's role to B: "ex-wife", "half-sister", "step-mother",
// "first cousin once removed". It is "" when the relationship does not
// hold yet (StatusNone, StatusNotBorn).
func (e English) Term(rel *Relationship) string {
	return e.termFor(rel, rel.Status)
}

func (e English) sex(s kin.Sex) kin.Sex {
	if e.Neutral {
		return kin.SexUnknown
	}
	return s
}

func gendered(s kin.Sex, m, f, n string) string {
	switch s {
	case kin.SexMale:
		return m
	case kin.SexFemale:
		return f
	}
	return n
}

func (e English) termFor(rel *Relationship, st Status) string {
	sx := e.sex(rel.sexA)
	switch rel.Kind {
	case KindSelf:
		return "self"
	case KindPartner:
		return e.partnerTerm(rel, st, sx)
	case KindBlood:
		if st == StatusNotBorn || st == StatusNone {
			return ""
		}
		return e.bloodTerm(rel.Ga, rel.Gb, sx, rel.Flags, "")
	case KindStep:
		if st == StatusNone || st == StatusNotBorn {
			return ""
		}
		t := "step-" + e.bloodTerm(rel.Ga, rel.Gb, sx, rel.Flags&^(Half|Double), "")
		if st == StatusFormer {
			t = "former " + t
		}
		return t
	case KindInLaw:
		if st == StatusNone || st == StatusNotBorn {
			return ""
		}
		t := e.bloodTerm(rel.Ga, rel.Gb, sx, rel.Flags&^Double, "-in-law")
		if st == StatusFormer {
			t = "ex-" + t
		}
		return t
	case KindCoParent:
		if st == StatusNone {
			return ""
		}
		return "co-parent"
	case KindAssociation:
		if st == StatusNone {
			return ""
		}
		return e.associationTerm(rel, sx)
	}
	return ""
}

func (e English) partnerTerm(rel *Relationship, st Status, sx kin.Sex) string {
	spouse := gendered(sx, "husband", "wife", "spouse")
	if !rel.Married {
		spouse = "partner"
	}
	late := ""
	if rel.Late {
		late = "late "
	}
	switch st {
	case StatusCurrent:
		return late + spouse
	case StatusSeparated:
		return late + spouse + " (separated)"
	case StatusEngaged:
		return gendered(sx, "fiancé", "fiancée", "fiancé(e)")
	case StatusFormer:
		return late + "ex-" + spouse
	case StatusWidowed:
		if rel.Late {
			return late + spouse
		}
		if !rel.Married {
			return "surviving partner"
		}
		return gendered(sx, "widower", "widow", "surviving spouse")
	}
	return ""
}

func (e English) greats(n int) string {
	switch {
	case n <= 0:
		return ""
	case n == 1:
		return "great-"
	case e.Greats == Repeated:
		return strings.Repeat("great-", n)
	}
	return ordinal(n) + " great-"
}

// bloodTerm names A's relation to B for generations ga (A up to the common
// ancestor) and gb (B up to it); suffix ("-in-law") goes after the noun.
func (e English) bloodTerm(ga, gb int, sx kin.Sex, f Flags, suffix string) string {
	var t string
	switch {
	case ga == 0 && gb == 0:
		return "self"
	case ga == 0: // A is B's ancestor
		t = gendered(sx, "father", "mother", "parent")
		if gb >= 2 {
			t = e.greats(gb-2) + "grand" + t
		}
		t += suffix
		switch {
		case f&Adopted != 0:
			t = "adoptive " + t
		case f&Foster != 0:
			t = "foster " + t
		case f&StepChild != 0:
			t = "step-" + t
		}
	case gb == 0: // A is B's descendant
		t = gendered(sx, "son", "daughter", "child")
		if ga >= 2 {
			t = e.greats(ga-2) + "grand" + t
		}
		t += suffix
		switch {
		case f&Adopted != 0:
			t = "adopted " + t
		case f&Foster != 0:
			t = "foster " + t
		case f&StepChild != 0:
			t = "step-" + t
		}
	default:
		switch {
		case ga == 1 && gb == 1:
			t = gendered(sx, "brother", "sister", "sibling") + suffix
		case ga == 1:
			t = e.greats(gb-2) + gendered(sx, "uncle", "aunt", "aunt or uncle") + suffix
			if sx != kin.SexMale && sx != kin.SexFemale && suffix != "" {
				t = e.greats(gb-2) + "aunt or uncle" + suffix
			}
		case gb == 1:
			t = e.greats(ga-2) + gendered(sx, "nephew", "niece", "niece or nephew") + suffix
		default:
			deg := min(ga, gb) - 1
			t = ordinalWord(deg) + " cousin" + suffix
			if rm := ga - gb; rm != 0 {
				if rm < 0 {
					rm = -rm
				}
				t += " " + removed(rm)
			}
		}
		switch {
		case f&Double != 0:
			t = "double " + t
		case f&Half != 0:
			t = "half-" + t
		}
		switch {
		case f&Adopted != 0:
			t = "adoptive " + t
		case f&Foster != 0:
			t = "foster " + t
		case f&StepChild != 0:
			t = "step-" + t
		}
	}
	if f&Sealed != 0 {
		t += " (by sealing)"
	}
	return t
}

var ordinalWords = []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}

func ordinalWord(n int) string {
	if n >= 0 && n < len(ordinalWords) {
		return ordinalWords[n]
	}
	return ordinal(n)
}

// ordinal returns "2nd", "3rd", "11th", "22nd".
func ordinal(n int) string {
	s := strconv.Itoa(n)
	switch {
	case n%100 >= 11 && n%100 <= 13:
		return s + "th"
	case n%10 == 1:
		return s + "st"
	case n%10 == 2:
		return s + "nd"
	case n%10 == 3:
		return s + "rd"
	}
	return s + "th"
}

var timesWords = []string{"", "once", "twice", "three times", "four times", "five times", "six times", "seven times", "eight times", "nine times", "ten times"}

func removed(n int) string {
	if n < len(timesWords) {
		return timesWords[n] + " removed"
	}
	return strconv.Itoa(n) + " times removed"
}

// symmetric association relations name both sides alike.
var symmetric = map[string]bool{
	"co-star": true, "colleague": true, "friend": true, "neighbour": true, "neighbor": true,
	"business partner": true, "associate": true, "co-worker": true, "classmate": true,
	"rival": true, "teammate": true, "opponent": true, "co-author": true,
}

// roleWords are GEDCOM ROLE values in words, with their other side.
var roleWords = map[string][2]string{
	"GODP":       {"godparent", "godchild"},
	"FRIEND":     {"friend", "friend"},
	"WITN":       {"witness", "person witnessed for"},
	"CLERGY":     {"clergy", "parishioner"},
	"OFFICIATOR": {"officiator", "person officiated for"},
	"NGHBR":      {"neighbour", "neighbour"},
	"godparent":  {"godparent", "godchild"},
	"godchild":   {"godchild", "godparent"},
}

func (e English) associationTerm(rel *Relationship, sx kin.Sex) string {
	a := rel.Association
	rn := strings.TrimSpace(a.Relation)
	if rn == "" {
		rn = "associate"
	}
	t := rn
	if w, ok := roleWords[rn]; ok {
		t = w[0]
		if rel.Inverse {
			t = w[1]
		}
	} else if rel.Inverse && !symmetric[strings.ToLower(rn)] {
		t = "associate (recorded as " + rn + " the other way)"
	}
	switch t {
	case "godparent":
		t = gendered(sx, "godfather", "godmother", "godparent")
	case "godchild":
		t = gendered(sx, "godson", "goddaughter", "godchild")
	}
	return t
}

// statusTerm is the term a relationship would have with status st.
func (e English) statusTerm(rel *Relationship, st Status) string {
	r := *rel
	r.Late = false
	return e.termFor(&r, st)
}

// Phrase returns the answer in one line: "A is B's …", the terms of the
// partner, nearest blood, step and in-law relationships, co-parenthood and
// associations joined with "and"; with the history of a relationship that
// changed when the date asked about is today, or the date asked about.
func (e English) Phrase(r *Result) string {
	an, bn := r.Names[r.A.ID], r.Names[r.B.ID]
	var terms []string
	seen := map[string]bool{}
	var pending *Relationship
	taken := map[Kind]bool{}
	for i := range r.Relationships {
		rel := &r.Relationships[i]
		if rel.Kind == KindSelf {
			return an + " is " + bn
		}
		if rel.Status == StatusNotBorn {
			who := an
			if _, ok := r.A.Event(kin.EventBirth); !ok || !e.unborn(r, r.A) {
				who = bn
			}
			return fmt.Sprintf("%s is not yet born as of %s (later: %s is %s's %s)", who, formatDate(r.At), an, bn, e.termFor(rel, StatusCurrent))
		}
		t := e.Term(rel)
		if t == "" && rel.Uncertain {
			if alt := e.statusTerm(rel, rel.Alt); alt != "" {
				t = alt + " (or not yet: " + rel.Why + ")"
			}
		}
		if t == "" {
			if pending == nil {
				pending = rel
			}
			continue
		}
		if taken[rel.Kind] && rel.Kind != KindPartner && rel.Kind != KindAssociation {
			continue
		}
		taken[rel.Kind] = true
		if rel.Kind == KindInLaw && (taken[KindBlood] || taken[KindStep]) {
			continue
		}
		if seen[t] {
			continue
		}
		seen[t] = true
		if rel.Status != StatusNone {
			t += e.timeNote(r, rel)
		}
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		if pending != nil {
			return fmt.Sprintf("%s is not yet %s's %s%s", an, bn, e.futureTerm(pending), e.asOf(r))
		}
		return fmt.Sprintf("%s and %s are not related (no common ancestor, and no link through partnerships at either end)", an, bn)
	}
	return an + " is " + bn + "'s " + joinAnd(terms) + e.asOf(r)
}

func (e English) unborn(r *Result, p *kin.Person) bool {
	b, ok := p.Event(kin.EventBirth)
	if !ok {
		return false
	}
	q := spanOf(r.At)
	return q.known && when(b.Date, q, false) == orderBefore
}

// futureTerm names what a relationship that does not hold yet will be.
func (e English) futureTerm(rel *Relationship) string {
	for _, p := range rel.History {
		if t := e.statusTerm(rel, p.Status); t != "" {
			if !p.From.IsZero() {
				return t + " (from " + formatDate(p.From) + ")"
			}
			return t
		}
	}
	if t := e.statusTerm(rel, StatusCurrent); t != "" {
		return t
	}
	return "relative"
}

func (e English) asOf(r *Result) string {
	if r.At.IsZero() {
		return ""
	}
	return " (as of " + formatDate(r.At) + ")"
}

// timeNote is the parenthesis after a term: the uncertainty, or when the
// date asked about is today, the history of a relationship that changed.
func (e English) timeNote(r *Result, rel *Relationship) string {
	if rel.Uncertain {
		alt := e.statusTerm(rel, rel.Alt)
		if alt == "" {
			alt = "not yet"
			if rel.Alt == StatusNotBorn {
				alt = "not yet born"
			}
		}
		return " (or " + alt + ": " + rel.Why + ")"
	}
	if !r.At.IsZero() || rel.Kind == KindBlood {
		return ""
	}
	var hs []Period
	for _, p := range rel.History {
		if e.statusTerm(rel, p.Status) != "" {
			hs = append(hs, p)
		}
	}
	switch {
	case len(hs) == 1 && !hs[0].From.IsZero():
		return " (since " + formatDate(hs[0].From) + ")"
	case len(hs) > 1:
		var parts []string
		for i, p := range hs {
			t := e.statusTerm(rel, p.Status)
			if i == len(hs)-1 {
				parts = append(parts, "then "+t)
				continue
			}
			parts = append(parts, t+" "+formatSpan(p.From, p.To))
		}
		return " (" + strings.Join(parts, ", ") + ")"
	}
	return ""
}

func formatSpan(from, to date.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return ""
	case from.IsZero():
		return "until " + formatDate(to)
	case to.IsZero():
		return "from " + formatDate(from)
	}
	return formatDate(from) + "–" + formatDate(to)
}

func joinAnd(ts []string) string {
	switch len(ts) {
	case 0:
		return ""
	case 1:
		return ts[0]
	}
	return strings.Join(ts[:len(ts)-1], ", ") + " and " + ts[len(ts)-1]
}

var monthNames = []string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

func formatDay(d date.Day) string {
	if d.Year == 0 {
		return ""
	}
	y := strconv.Itoa(int(d.Year))
	if d.BCE {
		y += " BCE"
	}
	if d.Month < 1 || d.Month > 12 || d.Calendar != date.Gregorian {
		return y
	}
	if d.Day == 0 {
		return monthNames[d.Month] + " " + y
	}
	return strconv.Itoa(int(d.Day)) + " " + monthNames[d.Month] + " " + y
}

// formatDate writes d for a reader: "1993", "March 1993", "about 1850",
// "between 1850 and 1860".
func formatDate(d date.Date) string {
	s, e := formatDay(d.Start), formatDay(d.End)
	switch d.Modifier {
	case date.PhraseOnly:
		return d.Phrase
	case date.About:
		return "about " + s
	case date.Calculated:
		return "calculated " + s
	case date.Estimated:
		return "estimated " + s
	case date.Before:
		return "before " + s
	case date.After:
		return "after " + s
	case date.Between:
		return "between " + s + " and " + e
	case date.From:
		return "from " + s
	case date.To:
		return "to " + s
	case date.FromTo:
		return "from " + s + " to " + e
	}
	if s == "" {
		return d.Phrase
	}
	return s
}
