package ingest

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"kin"
	"kin/date"
)

// Extractor reads an article and returns the facts it states. Grammar is
// the default; an LLM-backed extractor can satisfy it too.
type Extractor interface {
	Extract(ctx context.Context, a *Article) (*Extraction, error)
}

// Extraction is what an extractor found in one article.
type Extraction struct {
	Article   *Article
	Persons   []Person
	Relations []Relation
	// Warnings lists what the extractor left out and why, one sentence
	// each ("person p3 \"John Smith\": name not found in the article;
	// dropped"). The grammar extractor gives none.
	Warnings []string
}

// Evidence is where in the article a fact is stated: the byte span of the
// sentence in Article.Text, the sentence itself, and how confident the
// reading is.
type Evidence struct {
	Span       kin.Span
	Sentence   string
	Confidence kin.Confidence
}

// Person is a named person of the article.
type Person struct {
	ID string // "p1", unique within the extraction
	// Name is the fullest form of the name the article gives, split into
	// its parts; surnames are never invented.
	Name kin.Name
	// Aliases are the other forms the article uses: nicknames, maiden
	// names, titled forms, short forms.
	Aliases []string
	// Maiden is the maiden surname when the article gives one.
	Maiden string
	Sex    kin.Sex
	// SexEvidence is the sentence that gives the sex, when there is one.
	SexEvidence *Evidence
	// SexGuessed reports that Sex is a guess from the first given name
	// (SexFromGivenName) because the article says nothing of it: its
	// SexEvidence is the first mention, with confidence Low.
	SexGuessed bool
	// Birth and Death are years or year ranges ("2006/2007" is BET 2006
	// AND 2007); zero when unknown. Dead is true for "the late X" and
	// "preceded in death" even without a year.
	Birth, Death  date.Date
	BirthEvidence *Evidence
	DeathEvidence *Evidence
	Dead          bool
	Evidence      Evidence // the first mention
}

// RelationType is the kind of a relation, as the gold schema names it.
type RelationType string

// Relation types.
const (
	RelSpouse  RelationType = "spouse"  // married; A and B are unordered
	RelParent  RelationType = "parent"  // A is a parent of B
	RelSibling RelationType = "sibling" // A and B are siblings
	RelOther   RelationType = "other"   // an association, named by Label
	// RelStep says that A is B's step-parent when the article does not
	// name the parent A married. Gold omits it.
	RelStep RelationType = "step-parent"
)

// Relation is one tie between two persons of the extraction.
type Relation struct {
	Type RelationType
	A, B string // person IDs; for RelParent and RelStep A is the parent
	// Start and End bound a marriage; EndReason is "divorce" or "death".
	Start, End date.Date
	EndReason  string
	// Half is set for siblings when the article says half or full (twins).
	Half *bool
	// Label names an association ("co-starred in The Getaway", "engaged");
	// Year is when it held.
	Label    string
	Year     date.Date
	Lineage  kin.Lineage
	Evidence []Evidence
}

func yearsDate(y years) date.Date {
	switch {
	case !y.known():
		return date.Date{}
	case y.lo == y.hi:
		return date.Date{Start: date.Day{Year: int32(y.lo)}}
	}
	return date.Date{Modifier: date.Between, Start: date.Day{Year: int32(y.lo)}, End: date.Day{Year: int32(y.hi)}}
}

// yearString writes a year Date as the gold schema does: "1990",
// "1990/1991", "" when empty.
func yearString(d date.Date) string {
	if d.Start.Year == 0 {
		return ""
	}
	if d.Modifier == date.Between && d.End.Year != 0 && d.End.Year != d.Start.Year {
		return strconv.Itoa(int(d.Start.Year)) + "/" + strconv.Itoa(int(d.End.Year))
	}
	return strconv.Itoa(int(d.Start.Year))
}

func (d *doc) evidence(si int, conf kin.Confidence) Evidence {
	if si < 0 || si >= len(d.sents) {
		si = 0
	}
	s := d.sents[si]
	return Evidence{Span: kin.Span{Start: s.start, End: s.end}, Sentence: s.text, Confidence: conf}
}

// extraction builds the public result: the people who take part in a
// family tie, and the ties.
func (d *doc) extraction() *Extraction {
	x := &Extraction{Article: d.a}
	if len(d.sents) == 0 {
		return x
	}
	ids := map[*entity]string{}
	var people []*entity
	for _, e := range d.ents {
		if e.merged == nil && e.family {
			people = append(people, e)
		}
	}
	sort.SliceStable(people, func(i, j int) bool { return people[i].first < people[j].first })
	for _, e := range people {
		id := "p" + strconv.Itoa(len(x.Persons)+1)
		ids[e] = id
		p := Person{ID: id, Name: e.kinName(), Sex: kin.Sex(e.sex), Dead: e.dead || e.death.known(), Maiden: e.maiden}
		if e.sex == 'U' || e.sex == 0 {
			p.Sex = kin.SexUnknown
		}
		if e.sexSent >= 0 && p.Sex != kin.SexUnknown {
			ev := d.evidence(e.sexSent, kin.ConfidenceNormal)
			p.SexEvidence = &ev
		}
		if p.Sex == kin.SexUnknown {
			// Only when no pronoun, kinship noun or title gave the sex:
			// the grammar is done, so the guess cannot override or
			// conflict with textual evidence.
			if sx := SexFromGivenName(p.Name.Given); sx != kin.SexUnknown {
				ev := d.evidence(e.first, kin.ConfidenceLow)
				p.Sex, p.SexEvidence, p.SexGuessed = sx, &ev, true
			}
		}
		p.Aliases = e.aliases()
		p.Evidence = d.evidence(e.first, kin.ConfidenceHigh)
		if e.birth.known() {
			p.Birth = yearsDate(e.birth)
			conf := kin.ConfidenceHigh
			if e.birthP < prioExplicit {
				conf = kin.ConfidenceNormal
			}
			ev := d.evidence(e.birthS, conf)
			p.BirthEvidence = &ev
		}
		if e.death.known() {
			p.Death = yearsDate(e.death)
			ev := d.evidence(e.deathS, kin.ConfidenceHigh)
			p.DeathEvidence = &ev
		}
		x.Persons = append(x.Persons, p)
	}
	for _, f := range d.facts {
		a, b := ids[f.a.find()], ids[f.b.find()]
		if a == "" || b == "" {
			continue
		}
		r := Relation{A: a, B: b}
		switch f.kind {
		case kChild:
			r.Type, r.Lineage = RelParent, f.lineage
		case kSpouse:
			r.Type = RelSpouse
			r.Start, r.End, r.EndReason = yearsDate(f.start), yearsDate(f.end), f.endReason
		case kSibling:
			r.Type, r.Half = RelSibling, f.half
		case kOther:
			r.Type, r.Label, r.Year = RelOther, f.label, yearsDate(f.year)
		case kStepChild:
			r.Type, r.Lineage = RelStep, kin.LineageStep
		default:
			continue
		}
		r.Evidence = append(r.Evidence, d.evidence(f.sent, f.conf))
		for _, s := range f.also {
			if s != f.sent {
				r.Evidence = append(r.Evidence, d.evidence(s, f.conf))
			}
		}
		x.Relations = append(x.Relations, r)
	}
	return x
}

// kinName splits e's name into kin.Name parts.
func (e *entity) kinName() kin.Name {
	n := kin.Name{Given: strings.Join(e.name.given, " ")}
	n.SetPrefix(e.name.title)
	n.SetSuffix(e.name.suffix)
	sur := e.name.surname
	k := 0
	for k < len(sur)-1 && particles()[strings.ToLower(sur[k])] {
		k++
	}
	if k > 0 {
		n.SetSurnamePrefix(strings.Join(sur[:k], " "))
	}
	n.Surname = strings.Join(sur[k:], " ")
	if len(e.nicks) > 0 {
		n.SetNickname(e.nicks[0])
	}
	return n
}

// aliases lists the other forms of e's name.
func (e *entity) aliases() []string {
	full := e.name.full()
	seen := map[string]bool{fold(full): true}
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || seen[fold(s)] {
			return
		}
		seen[fold(s)] = true
		out = append(out, s)
	}
	for _, n := range e.nicks {
		add(n)
	}
	if e.maiden != "" && len(e.name.given) > 0 {
		add(strings.Join(e.name.given, " ") + " " + e.maiden)
	}
	for _, f := range e.forms {
		add(f)
	}
	return out
}

// GoldJSON is an extraction in the JSON schema of the kin article
// evaluation set (data/articles/README.md).
type GoldJSON struct {
	DocumentDate string         `json:"document_date"`
	Persons      []GoldPerson   `json:"persons"`
	Relations    []GoldRelation `json:"relations"`
	Derived      []GoldDerived  `json:"derived"`
	Notes        string         `json:"notes,omitempty"`
}

// GoldPerson is a person in the gold schema.
type GoldPerson struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases"`
	Sex     string   `json:"sex"`
	Birth   *string  `json:"birth"`
	Death   *string  `json:"death"`
}

// GoldRelation is a relation in the gold schema; unused fields are omitted
// or null as the schema shows them.
type GoldRelation struct {
	Type      string  `json:"type"`
	A         string  `json:"a,omitempty"`
	B         string  `json:"b,omitempty"`
	Parent    string  `json:"parent,omitempty"`
	Child     string  `json:"child,omitempty"`
	Start     *string `json:"start,omitempty"`
	End       *string `json:"end,omitempty"`
	EndReason *string `json:"end_reason,omitempty"`
	Half      *bool   `json:"half,omitempty"`
	Label     string  `json:"label,omitempty"`
	Year      *string `json:"year,omitempty"`
	// Quote is the sentence the relation rests on (an extension of the
	// schema; the scorer ignores it).
	Quote string `json:"quote,omitempty"`
}

// GoldDerived is a derived kinship question; the grammar extractor
// answers none itself and leaves them to the scorer's graph.
type GoldDerived struct {
	Question string `json:"question"`
	A        string `json:"a,omitempty"`
	B        string `json:"b,omitempty"`
	Answer   string `json:"answer"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Gold returns x in the gold JSON schema.
func (x *Extraction) Gold() GoldJSON {
	g := GoldJSON{Persons: []GoldPerson{}, Relations: []GoldRelation{}, Derived: []GoldDerived{}}
	if x.Article != nil && !x.Article.Date.IsZero() {
		g.DocumentDate = x.Article.Date.Format("2006-01-02")
	}
	for _, p := range x.Persons {
		gp := GoldPerson{ID: p.ID, Name: p.Name.Full(), Aliases: p.Aliases, Sex: string(p.Sex)}
		if gp.Aliases == nil {
			gp.Aliases = []string{}
		}
		if gp.Sex == "" {
			gp.Sex = "U"
		}
		gp.Birth = strOrNil(yearString(p.Birth))
		gp.Death = strOrNil(yearString(p.Death))
		g.Persons = append(g.Persons, gp)
	}
	for _, r := range x.Relations {
		gr := GoldRelation{Type: string(r.Type)}
		if len(r.Evidence) > 0 {
			gr.Quote = r.Evidence[0].Sentence
		}
		switch r.Type {
		case RelParent:
			gr.Parent, gr.Child = r.A, r.B
		case RelSpouse:
			gr.A, gr.B = r.A, r.B
			gr.Start, gr.End, gr.EndReason = strOrNil(yearString(r.Start)), strOrNil(yearString(r.End)), strOrNil(r.EndReason)
		case RelSibling:
			gr.A, gr.B, gr.Half = r.A, r.B, r.Half
		case RelOther:
			gr.A, gr.B, gr.Label, gr.Year = r.A, r.B, r.Label, strOrNil(yearString(r.Year))
		default:
			continue // step-parent ties have no place in the schema
		}
		g.Relations = append(g.Relations, gr)
	}
	return g
}
