package ingest

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"kin"
)

// Grammar is the default extractor: a hand-written grammar of English
// family talk. It is deterministic, needs no network and no model, and is
// safe for concurrent use.
type Grammar struct {
	// trace, when set by a test, sees every sentence after it is read.
	trace func(*sctx)
}

// NewExtractor returns the default extractor.
func NewExtractor() *Grammar { return &Grammar{} }

// Extract reads a and returns the people and family ties it states, each
// with the sentence it rests on.
func (g *Grammar) Extract(ctx context.Context, a *Article) (*Extraction, error) {
	if a == nil {
		return nil, fmt.Errorf("extract: no article")
	}
	if len(a.Text) > MaxArticleBytes {
		return nil, fmt.Errorf("extract %s: %w", a.Name, ErrTooLarge)
	}
	d := &doc{a: a, text: a.Text, year: a.Date.Year(), month: int(a.Date.Month()), day: a.Date.Day(), subjects: map[int][]*entity{}, trace: g.trace}
	d.sents = splitSentences(a.Text)
	d.byForm, d.byGiven, d.bySurname = map[string][]*entity{}, map[string][]*entity{}, map[string][]*entity{}
	d.factsOf = map[*entity][]*fact{}
	d.sentEnts = make([][]*entity, len(d.sents)+1)
	for si := range d.sents {
		d.cur = si
		if si%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("extract %s: %w", a.Name, err)
			}
		}
		d.sentence(si)
	}
	d.finish()
	return d.extraction(), nil
}

// doc is the state of one extraction.
type doc struct {
	a                  *Article
	text               string
	year, month, day   int
	sents              []sentence
	ents               []*entity
	facts              []*fact
	couple             [2]*entity // the couple "they", "the pair" refer to
	siblings           [2]*entity // the latest siblings: "their parents"
	wedding            [2]*entity // the couple of a wedding: "the bride", "the groom"
	speaker            *entity    // who "I" and "my" are
	prevSubj           []*entity  // the subject of the previous sentence
	topic              *entity    // the article's first person
	hasBride, hasGroom bool
	subjects           map[int][]*entity // sentence subjects, by sentence

	// Indexes that keep the work per mention independent of the article's
	// length: name keys to people, people to their facts, sentences to the
	// people mentioned in them.
	byForm, byGiven, bySurname map[string][]*entity
	factsOf                    map[*entity][]*fact
	sentEnts                   [][]*entity
	cur                        int // the sentence being read

	trace func(*sctx)
}

// sctx is the state of one sentence.
type sctx struct {
	d       *doc
	si      int
	s       *sentence
	toks    []token
	ments   map[int]*mention // by first token
	pinned  map[int]*entity  // pronouns already resolved (a speaker)
	items   []item
	subject []*entity
	// clauseSubj are the subjects of the sentence's clauses (the first
	// phrase, and the first after each semicolon), for later pronouns.
	clauseSubj     []*entity
	afterSemicolon bool
	subjOpen       bool
	afterAnd       bool
	verbSeen       bool // a verb came before any subject
	hedged         bool
	lastVerb       struct {
		at   int
		subj []*entity
	}
}

// item is a noun phrase denoting people, or a single token.
type item struct {
	np  *np
	tok int // token index when np is nil
}

// np is a noun phrase that denotes people.
type np struct {
	i, j int
	ents []*entity
	kin  *kinNP
	pron bool
	rel  bool // a relative pronoun: who, whose
	// lazy marks "they" and "the couple": the couple is looked up again
	// when a clause pattern uses the phrase, after the facts before it.
	lazy bool
}

// ofList returns the people after "of" in "the grandson of A and B".
func (k *kinNP) ofList() []*entity {
	if k == nil {
		return nil
	}
	return k.of
}

// npEnts returns the people n denotes.
func (c *sctx) npEnts(n *np) []*entity {
	if n.lazy {
		if es := c.theyAt(n.i); es != nil {
			return es
		}
	}
	return n.ents
}

// kinNP is a kinship phrase: "his older brother, Frederick", "three
// children, A, B and C", "the daughter of A and B".
type kinNP struct {
	term   kinTerm
	word   string
	poss   []*entity
	refs   []*entity
	of     []*entity // "the daughter of X"
	ofPoss bool      // "the younger of Butch's two sons": refs come from the anchor
	dur    int       // "wife of 45 years"
	late   bool
	former bool
	twin   bool
	n      int // "three daughters"
	// anchor is whom "the daughter of X" was found to describe, for a
	// coordinated phrase: "… grandmother to A, and great-grandmother to B".
	anchor []*entity
	// coParent is the other parent in "his son with Simone".
	coParent *entity
	// theirAt is the token of "their" when that is the possessor; the
	// couple is looked up again when the clause patterns reach the phrase,
	// after the facts stated before it in the sentence.
	theirAt int
}

func (c *sctx) tok(i int) token {
	if i >= 0 && i < len(c.toks) {
		return c.toks[i]
	}
	return token{}
}

func (c *sctx) low(i int) string { return c.tok(i).low }

// pos is a global position for token i of this sentence.
func (c *sctx) pos(i int) int {
	if i < len(c.toks) {
		return c.toks[i].start
	}
	return c.s.end
}

// sentence reads sentence si.
func (d *doc) sentence(si int) {
	s := &d.sents[si]
	c := &sctx{d: d, si: si, s: s, toks: s.toks, ments: map[int]*mention{}, pinned: map[int]*entity{}}
	for _, t := range c.toks {
		if hedgeWords()[t.low] {
			c.hedged = true
		}
		if t.low == "bride" || t.low == "bride's" {
			d.hasBride = true
		}
		if t.low == "groom" || t.low == "groom's" {
			d.hasGroom = true
		}
	}
	ms := findNames(c.toks)
	// Drop runs that name organisations or places: "Kessler Home",
	// "Roosevelt High", "Department of Justice".
	kept := ms[:0]
	for _, m := range ms {
		if m.j < len(c.toks) && c.toks[m.j].isCap() && orgWords()[c.toks[m.j].low] {
			continue
		}
		if m.i > 0 && orgWords()[c.toks[m.i-1].low] && c.toks[m.i-1].isCap() {
			continue
		}
		kept = append(kept, m)
	}
	ms = kept
	kept = ms[:0]
	titled := quotedTitles(c.toks)
	for _, m := range ms {
		if m.i > 1 && c.low(m.i-1) == "of" && nobility()[c.low(m.i-2)] && c.toks[m.i-2].isCap() {
			continue // "Duke of Ashworth"
		}
		if titled[m.i] {
			continue // "The Weaver's Daughters": a title, not a person
		}
		if m.weak {
			w := strings.ToLower(m.name.first())
			if grammarWord(w) {
				continue
			}
		}
		kept = append(kept, m)
	}
	ms = kept
	for _, m := range ms {
		// a name after "in", "at", "the" … is a place or a thing until a
		// grammar rule shows it is a person
		if m.i > 0 && m.name.title == "" && (placePrepositions()[c.low(m.i-1)] || c.low(m.i-1) == "the") {
			m.weak = true
		}
		// "Hong Kong actress Vivian Wong": a place before a role and a name
		for k := m.j; k < len(c.toks) && k <= m.j+2; k++ {
			if _, ok := occupations()[c.low(k)]; ok && !c.toks[k].isCap() {
				if c.tok(k + 1).isCap() {
					m.weak = true
				}
				break
			}
			if c.toks[k].isCap() || c.toks[k].kind != tWord || barrierWords()[c.low(k)] {
				break
			}
		}
		// "A Manchester businessman": a name used as a modifier
		if m.i > 0 && (c.low(m.i-1) == "a" || c.low(m.i-1) == "an") && c.tok(m.j).kind == tWord && !c.tok(m.j).isCap() {
			m.weak = true
		}
		// "Department of Justice"
		if m.i > 1 && c.low(m.i-1) == "of" && orgWords()[c.low(m.i-2)] && c.toks[m.i-2].isCap() {
			m.weak = true
		}
	}
	// "Lakshmi and Venkat Raghunathan": the surname belongs to both.
	for k := 0; k+1 < len(ms); k++ {
		a, b := ms[k], ms[k+1]
		if a.name.tokens() == 1 && a.name.suffix == "" && len(b.name.surname) > 0 && a.j+1 == b.i && c.low(a.j) == "and" && d.lookup(a, c.pos(a.i)) == nil {
			a.name.surname = append([]string{}, b.name.surname...)
			a.weak = false
		}
	}
	for _, m := range ms {
		c.ments[m.i] = m
		m.ent = d.resolve(m, c, c.pos(m.i))
	}
	// "Mr and Mrs James Whitcombe": a husband and a wife known by his name
	for _, m := range ms {
		if m.i >= 2 && m.ent != nil && m.name.titleSex == 'F' && strings.HasPrefix(m.name.title, "Mrs") && c.low(m.i-1) == "and" && (c.low(m.i-2) == "mr" || c.low(m.i-2) == "mr.") && len(m.name.surname) > 0 {
			husband := m.ent
			husband.sex = 'M'
			husband.name.title = c.toks[m.i-2].text
			wifeName := nameParts{given: append([]string{m.name.title}, m.name.given...), surname: m.name.surname}
			wm := &mention{name: wifeName}
			wife := d.lookup(wm, c.pos(m.i))
			if wife == nil || wife == husband {
				wife = d.newEntity(wm, si)
			}
			wife.setSex('F', si)
			touch(wife, c.pos(m.i))
			delete(c.ments, m.i)
			m.i -= 2
			m.also, m.couple = wife, true
			c.ments[m.i] = m
			c.addFact(&fact{kind: kSpouse, a: husband, b: wife})
		}
	}
	c.buildItems()
	nFacts := len(d.facts)
	c.patterns()
	if len(d.facts) == nFacts && len(c.subject) == 2 {
		// "Kira Vale and actor Dominic Reyes have called it quits": the two
		// are the couple "the pair" will mean
		a, b := c.subject[0].find(), c.subject[1].find()
		if a != b && a.person && b.person && !d.related(a, b) {
			d.setCouple(a, b)
		}
	}
	// "At 34, chef Élodie Moreau-Vance …"
	if c.low(0) == "at" && c.low(2) == "," && len(c.subject) == 1 {
		if age, ok := isAge(c.tok(1)); ok {
			c.subject[0].find().setBirth(d.ageBirth(age), prioComputed, si)
		}
	}
	if d.trace != nil {
		d.trace(c)
	}
	if len(c.subject) > 0 {
		d.prevSubj = c.subject
		d.subjects[si] = c.clauseSubj
	}
}

// quotedTitles marks the tokens of short quotations whose words are all
// capitalised: the titles of books, songs and tours.
func quotedTitles(toks []token) map[int]bool {
	out := map[int]bool{}
	for i := 0; i < len(toks); i++ {
		if toks[i].low != `"` {
			continue
		}
		j := i + 1
		allCap := true
		for j < len(toks) && toks[j].low != `"` && j-i <= 7 {
			t := toks[j]
			if t.kind == tWord && !t.isCap() && t.low != "'s" && !particles()[t.low] && t.low != "of" && t.low != "the" && t.low != "and" {
				allCap = false
			}
			if t.kind == tPunct && t.low != "'" && t.low != "-" && t.low != "," {
				allCap = false
			}
			j++
		}
		if j < len(toks) && toks[j].low == `"` && j > i+1 && allCap {
			for k := i + 1; k < j; k++ {
				out[k] = true
			}
		}
		i = j
	}
	return out
}

// lookup finds the known person a name refers to, or nil.
func (d *doc) lookup(m *mention, pos int) *entity {
	n := m.name
	full := fold(n.full())
	sexOK := func(e *entity) bool {
		return n.titleSex == 0 || n.titleSex == 'U' || e.sex == 'U' || e.sex == n.titleSex
	}
	var best *entity
	bestPos := -1
	better := func(e *entity) {
		p := e.lastBefore(pos)
		if p > bestPos {
			best, bestPos = e, p
		}
	}
	for _, e := range tail(d.byForm[full]) {
		if e.merged != nil {
			continue
		}
		for _, f := range e.forms {
			if fold(f) == full && sexOK(e) {
				better(e)
			}
		}
		for _, nk := range e.nicks {
			if fold(nk) == full {
				better(e)
			}
		}
	}
	if best != nil {
		return best
	}
	if n.tokens() == 1 && n.suffix == "" {
		w := fold(n.first())
		// a given name or nickname: the latest person with it
		for _, e := range tail(d.byGiven[w]) {
			if e.merged == nil && len(e.name.given) > 0 && fold(e.name.given[0]) == w && sexOK(e) && n.title == "" {
				better(e)
			}
		}
		if best != nil {
			return best
		}
		// a surname alone, or with a title: the first person introduced
		// with it, the article's subject rather than their relatives
		for _, e := range head(d.bySurname[w]) {
			if e.merged == nil && fold(e.name.last()) == w && e.name.suffix == "" && sexOK(e) && len(e.name.surname) > 0 {
				return e
			}
		}
		// a short form of a given name: "Fred" for Frederick, among the
		// people of the last sentences
		if len(w) >= 3 && n.title == "" {
			for _, e := range d.recentEntities(30) {
				if e.merged == nil && len(e.name.given) > 0 && len(fold(e.name.given[0])) > len(w)+1 && strings.HasPrefix(fold(e.name.given[0]), w) {
					better(e)
				}
			}
		}
		return best
	}
	if len(n.given) == 0 {
		return nil
	}
	for _, e := range tail(d.byGiven[fold(n.given[0])]) {
		if e.merged != nil || len(e.name.given) == 0 || len(n.given) == 0 {
			continue
		}
		if fold(e.name.given[0]) != fold(n.given[0]) {
			continue
		}
		if n.suffix != e.name.suffix && !(n.suffix == "" && len(n.surname) > 0) {
			continue
		}
		if len(n.surname) > 0 && len(e.name.surname) > 0 && fold(strings.Join(n.surname, " ")) != fold(strings.Join(e.name.surname, " ")) {
			continue
		}
		if len(n.given) > 1 && len(e.name.given) > 1 && fold(strings.Join(n.given, " ")) != fold(strings.Join(e.name.given, " ")) {
			continue
		}
		better(e)
	}
	return best
}

func (e *entity) lastBefore(pos int) int {
	best := -1
	for k := len(e.mentions) - 1; k >= 0; k-- {
		m := e.mentions[k]
		if m.pos < pos && m.pos > best {
			best = m.pos
			if k == len(e.mentions)-1 || e.mentions[k+1].pos >= pos {
				break
			}
		}
	}
	if best < 0 && len(e.mentions) > 0 {
		return 0
	}
	return best
}

// maxNameCandidates bounds the people a name is compared with, so an
// article naming thousands of Johns stays linear.
const maxNameCandidates = 64

// tail returns the latest entries of an index list.
func tail(es []*entity) []*entity {
	if len(es) > maxNameCandidates {
		return es[len(es)-maxNameCandidates:]
	}
	return es
}

// head returns the earliest entries of an index list.
func head(es []*entity) []*entity {
	if len(es) > maxNameCandidates {
		return es[:maxNameCandidates]
	}
	return es
}

// index records e under its name forms, given name and surname, for
// lookup. Entries may go stale when a name changes; lookup checks them.
func (d *doc) index(e *entity) {
	add := func(m map[string][]*entity, k string) {
		if k == "" {
			return
		}
		for _, x := range m[k] {
			if x == e {
				return
			}
		}
		m[k] = append(m[k], e)
	}
	for _, f := range e.forms {
		add(d.byForm, fold(f))
	}
	for _, nk := range e.nicks {
		add(d.byForm, fold(nk))
	}
	if len(e.name.given) > 0 {
		add(d.byGiven, fold(e.name.given[0]))
	}
	add(d.bySurname, fold(e.name.last()))
}

// mention records that e is mentioned at m.pos in the current sentence.
func (d *doc) mention(e *entity, m mentionPos) {
	e.mentions = append(e.mentions, m)
	if e.lastSent != d.cur+1 {
		e.lastSent = d.cur + 1
		d.sentEnts[d.cur] = append(d.sentEnts[d.cur], e)
	}
}

// recentEntities returns the people mentioned in the last n sentences.
func (d *doc) recentEntities(n int) []*entity {
	var out []*entity
	for si := d.cur; si >= 0 && si > d.cur-n; si-- {
		out = append(out, d.sentEnts[si]...)
	}
	return out
}

// resolve returns the person mention m refers to, creating one for a new
// name; a weak mention of an unknown name gets no person yet.
func (d *doc) resolve(m *mention, c *sctx, pos int) *entity {
	e := d.lookup(m, pos)
	if e == nil {
		e = d.newEntity(m, c.si)
	} else {
		d.absorbName(e, m)
	}
	poss := c.low(m.j) == "'s"
	d.mention(e, mentionPos{pos: pos, poss: poss})
	return e
}

func (d *doc) newEntity(m *mention, si int) *entity {
	e := &entity{id: len(d.ents) + 1, name: m.name, sex: 'U', sexSent: -1, first: si, weak: m.weak, doc: d}
	e.person = !m.weak && (m.name.tokens() > 1 || m.name.title != "" || m.name.nick != "" || m.name.suffix != "")
	e.name.paren = ""
	d.ents = append(d.ents, e)
	d.absorbName(e, m)
	if d.topic == nil && !m.weak && e.person {
		d.topic = e
	}
	return e
}

// absorbName records the forms of a name mention on e, upgrading e's name
// to a fuller form.
func (d *doc) absorbName(e *entity, m *mention) {
	n := m.name
	if n.tokens() > e.name.tokens() && (n.suffix == e.name.suffix || e.name.suffix == "") {
		old := e.name
		e.name = n
		e.name.paren = ""
		if old.title != "" && e.name.title == "" {
			e.name.title = old.title
		}
	}
	if n.suffix != "" && e.name.suffix == "" {
		e.name.suffix = n.suffix
	}
	e.addForm(n.full())
	if n.title != "" {
		e.addForm(n.title + " " + n.full())
		e.setSex(n.titleSex, -1)
	}
	if n.nick != "" {
		e.nicks = append(e.nicks, n.nick)
	}
	if n.nee != "" {
		e.maiden = n.nee
		e.neeSure = true
		e.setSex('F', -1)
	}
	if n.paren != "" && e.maiden == "" {
		// A parenthesised name is read as a maiden name here; a kinship
		// list of children reads it as the spouse's name instead.
		e.maiden = n.paren
	}
	d.index(e)
}

// touch records a reference to e at pos (a pronoun or description).
func touch(e *entity, pos int) {
	e.person = true
	e.doc.mention(e, mentionPos{pos: pos})
}

// touchPlural records a plural reference ("they", "the couple") to e.
func touchPlural(e *entity, pos int) {
	e.doc.mention(e, mentionPos{pos: pos, plural: true})
}

// merge makes b the same person as a.
func (d *doc) merge(a, b *entity) *entity {
	a, b = a.find(), b.find()
	if a == b {
		return a
	}
	if b.name.tokens() > a.name.tokens() || (b.name.suffix != "" && a.name.suffix == "") {
		a.name, b.name = b.name, a.name
	}
	for _, f := range b.forms {
		a.addForm(f)
	}
	a.nicks = append(a.nicks, b.nicks...)
	if a.maiden == "" {
		a.maiden = b.maiden
	}
	a.setSex(b.sex, b.sexSent)
	a.setBirth(b.birth, b.birthP, b.birthS)
	if !a.death.known() {
		a.death, a.deathS = b.death, b.deathS
	}
	a.dead = a.dead || b.dead
	a.family = a.family || b.family
	a.weak = a.weak && b.weak
	a.mentions = append(a.mentions, b.mentions...)
	sort.Slice(a.mentions, func(i, j int) bool { return a.mentions[i].pos < a.mentions[j].pos })
	if a.lastSent != d.cur+1 {
		a.lastSent = d.cur + 1
		d.sentEnts[d.cur] = append(d.sentEnts[d.cur], a)
	}
	d.factsOf[a] = append(d.factsOf[a], d.factsOf[b]...)
	d.index(a)
	if b.first < a.first {
		a.first = b.first
	}
	b.merged = a
	return a
}

// pronoun resolves a third-person pronoun of sex sx at token i. In the
// same sentence the latest compatible person wins (one of that sex, or a
// person of unknown sex); in earlier sentences, nearest first, a person of
// that sex is preferred to one of unknown sex. Possessors ("Butch's two
// sons") and plural references come last.
func (c *sctx) pronoun(sx byte, i int) *entity {
	pos := c.pos(i)
	d := c.d
	// the people of the last sentences; pronouns reach back at most 8
	window := d.recentEntities(9)
	pick := func(lo, hi int, ok func(e *entity) bool, poss bool) *entity {
		var best *entity
		bestPos := -1
		for _, e := range window {
			if e.merged != nil || e.weak || !ok(e) {
				continue
			}
			for k := len(e.mentions) - 1; k >= 0; k-- {
				m := e.mentions[k]
				if m.pos < lo {
					break
				}
				if m.pos >= hi || m.plural || m.poss != poss {
					continue
				}
				if m.pos > bestPos {
					best, bestPos = e, m.pos
				}
			}
		}
		return best
	}
	exact := func(e *entity) bool { return e.sex == sx }
	unknown := func(e *entity) bool { return e.sex == 'U' && e.person }
	var best *entity
	// "Susan Miller, and her husband", "Ava and her brother": the person
	// just named
	if k := i - 1; k >= 1 && c.low(k) == "and" {
		k--
		for k > 0 && (c.low(k) == "," || c.tok(k).kind == tNum) {
			k-- // "Caroline Hale-Mercer, 61, and her brother"
		}
		for _, m := range c.ments {
			if m.i <= k && k < m.j && m.ent != nil {
				if e := m.ent.find(); !e.weak && (e.sex == sx || e.sex == 'U' && e.person) {
					best = e
				}
			}
		}
	}
	// the sentence's subject, when it is of that sex: "She dedicated the
	// book to her late grandmother, Abike, and to her partner"
	if best == nil && !c.sentenceInitial(i) && len(c.clauseSubj) > 0 {
		if e := c.clauseSubj[len(c.clauseSubj)-1].find(); e.sex == sx && e.lastBefore(pos) >= c.s.start {
			best = e
		}
	}
	if best == nil && c.sentenceInitial(i) {
		// "His father, …": the subject of a recent sentence; but "Her
		// brother" after a sentence about her mother is about her
		for dist := 1; dist <= c.si && dist <= 3 && best == nil; dist++ {
			subs := d.subjects[c.si-dist]
			for k := len(subs) - 1; k >= 0 && best == nil; k-- {
				if e := subs[k].find(); e.sex == sx {
					best = e
				}
			}
			if t := d.topic; best != nil && t != nil && best.topicKin && c.possessiveAt(i) && t.find() != best && t.find().sex == sx {
				best = t.find()
			}
			for k := len(subs) - 1; k >= 0 && best == nil; k-- {
				if e := subs[k].find(); e.sex == 'U' && e.person {
					best = e
				}
			}
			if len(d.subjects[c.si-dist]) > 0 && best == nil && dist >= 2 {
				break
			}
		}
		// else the person the story is about, if mentioned lately
		if t := d.topic; best == nil && t != nil {
			t = t.find()
			lo := d.sents[max(0, c.si-3)].start
			if (t.sex == sx || t.sex == 'U') && t.lastBefore(pos) >= lo {
				best = t
			}
		}
	}
	for dist := 0; dist <= c.si && dist < 8 && best == nil; dist++ {
		s := d.sents[c.si-dist]
		lo, hi := s.start, s.end+1
		if dist == 0 {
			hi = pos
		}
		for _, try := range []struct {
			ok   func(*entity) bool
			poss bool
		}{{exact, false}, {unknown, false}, {exact, true}, {unknown, true}} {
			if best = pick(lo, hi, try.ok, try.poss); best != nil {
				break
			}
		}
	}
	if best == nil {
		lo := c.s.start
		if c.si > 0 {
			lo = d.sents[c.si-1].start
		}
		any := func(e *entity) bool { return e.sex == 'U' || e.sex == sx }
		best = pick(lo, pos, any, false)
	}
	if best != nil {
		best.setSex(sx, c.si)
		if c.possessiveAt(i) {
			best.person = true
			d.mention(best, mentionPos{pos: pos, poss: true})
		} else {
			touch(best, pos)
		}
	}
	return best
}

// pronounOutsideQuote resolves the pronoun subject of a speech verb after
// a quotation ("…," she said): names inside the quotation are not its
// antecedents.
func (c *sctx) pronounOutsideQuote(sx byte, i int) *entity {
	inQuote := false
	for k := 0; k < i; k++ {
		if c.toks[k].low == `"` {
			inQuote = !inQuote
		}
	}
	quoted := false
	for k := 0; k < i; k++ {
		quoted = quoted || c.toks[k].low == `"`
	}
	if !quoted || inQuote {
		return c.pronoun(sx, i)
	}
	// resolve as if at the start of the sentence
	e := c.pronoun(sx, 0)
	if e != nil {
		touch(e, c.pos(i))
	}
	return e
}

// sentenceInitial reports whether token i opens the sentence (after any
// opening quotation mark).
func (c *sctx) sentenceInitial(i int) bool {
	for k := 0; k < i; k++ {
		if c.toks[k].kind != tPunct {
			return false
		}
	}
	return true
}

// possessiveAt reports whether the pronoun at i is a possessive
// determiner: "his", "their", or "her" before a noun.
func (c *sctx) possessiveAt(i int) bool {
	switch c.low(i) {
	case "his", "their", "its", "my", "our":
		return true
	case "her":
		nx := c.tok(i + 1)
		return nx.kind == tWord && !barrierWords()[nx.low] || nx.kind == tNum
	}
	return false
}

// theyAt resolves "they", "their" and "the couple" at token i: the couple
// of the sentence subject when there is one, else the latest couple.
func (c *sctx) theyAt(i int) []*entity {
	d := c.d
	if len(c.subject) == 2 && c.subject[0].find() != c.subject[1].find() && i > 0 {
		return []*entity{c.subject[0].find(), c.subject[1].find()}
	}
	for _, s := range c.subject {
		if s == nil {
			continue
		}
		s = s.find()
		if d.couple[0] != nil && (d.couple[0].find() == s || d.couple[1].find() == s) {
			break
		}
		// a couple from the facts that includes the subject
		fs := d.factsAbout(s)
		for k := len(fs) - 1; k >= 0; k-- {
			f := fs[k]
			if (f.kind == kSpouse || f.kind == kSibling || f.kind == kOther && f.label != "") && (f.a.find() == s || f.b.find() == s) {
				return []*entity{f.a.find(), f.b.find()}
			}
		}
	}
	// the subject's co-parent: "Her mother, Sunita, co-founded Paylane with
	// Arjun; the couple divorced"
	for _, s := range c.subject {
		if p := d.coParent(s.find()); p != nil {
			return []*entity{s.find(), p}
		}
	}
	if d.couple[0] != nil {
		touchPlural(d.couple[0].find(), c.pos(i))
		touchPlural(d.couple[1].find(), c.pos(i))
		return []*entity{d.couple[0].find(), d.couple[1].find()}
	}
	return nil
}

// setCouple makes a and b the couple later phrases refer to.
func (d *doc) setCouple(a, b *entity) {
	if a == nil || b == nil || a.find() == b.find() {
		return
	}
	d.couple = [2]*entity{a.find(), b.find()}
}

// topicFor resolves a definite description of a person ("the actor", "The
// 58-year-old chief executive"): the previous sentence's subject, else the
// article's first person.
func (c *sctx) topicFor(sx byte) *entity {
	if t := c.d.topic; t != nil && (sx == 'U' || t.find().sex == sx || t.find().sex == 'U') {
		return t.find()
	}
	for _, e := range c.d.prevSubj {
		if e != nil && (sx == 'U' || e.find().sex == sx || e.find().sex == 'U') {
			return e.find()
		}
	}
	if c.d.topic != nil {
		return c.d.topic.find()
	}
	return nil
}

// bride and groom resolve "the bride" and "the groom" against the couple
// of the wedding the article announces: the partner whose sex is known,
// else the first-named for the bride, as announcements write them.
func (c *sctx) bride(groom bool) *entity {
	w := c.d.wedding
	if w[0] == nil {
		w = c.d.couple
	}
	if w[0] == nil {
		return nil
	}
	a, b := w[0].find(), w[1].find()
	want := byte('F')
	if groom {
		want = 'M'
	}
	switch {
	case a.sex == want:
		return a
	case b.sex == want:
		return b
	case a.sex != 'U' && b.sex == 'U':
		b.setSex(want, c.si)
		return b
	case b.sex != 'U' && a.sex == 'U':
		a.setSex(want, c.si)
		return a
	}
	if groom {
		b.setSex('M', c.si)
		a.setSex('F', c.si)
		return b
	}
	a.setSex('F', c.si)
	b.setSex('M', c.si)
	return a
}

// addFact records a claim; duplicates are merged by finish.
func (c *sctx) addFact(f *fact) *fact {
	if f.a == nil || f.b == nil {
		return nil
	}
	f.a, f.b = f.a.find(), f.b.find()
	if f.a == f.b {
		return nil
	}
	f.sent = c.si
	if f.conf == 0 {
		f.conf = kin.ConfidenceHigh
		if c.hedged {
			f.conf = kin.ConfidenceLow
		}
	}
	f.a.family, f.b.family = true, true
	f.a.weak, f.b.weak = false, false
	f.a.person, f.b.person = true, true
	c.d.addRaw(f)
	if f.kind == kSpouse || (f.kind == kOther && (f.label == "engaged" || strings.Contains(f.label, "romantic"))) {
		c.d.setCouple(f.a, f.b)
	}
	if f.kind == kSibling {
		c.d.siblings = [2]*entity{f.a, f.b}
	}
	return f
}

// relate records that ref is poss's kin (term).
func (c *sctx) relate(poss, ref *entity, k *kinNP) {
	if poss == nil || ref == nil {
		return
	}
	poss, ref = poss.find(), ref.find()
	if poss == ref {
		return
	}
	t := k.term
	ref.setSex(t.sex, c.si)
	if tp := c.d.topic; tp != nil && tp.find() == poss {
		ref.topicKin = true
	}
	poss.family, ref.family = true, true
	poss.weak, ref.weak = false, false
	poss.person, ref.person = true, true
	if k.late {
		ref.dead = true
	}
	switch t.rel {
	case kChild:
		lin := kin.LineageBirth
		if c.containsWord("adopted") {
			lin = kin.LineageAdopted
		}
		c.addFact(&fact{kind: kChild, a: poss, b: ref, lineage: lin})
	case kParent:
		c.addFact(&fact{kind: kChild, a: ref, b: poss, lineage: kin.LineageBirth})
	case kSibling:
		f := &fact{kind: kSibling, a: poss, b: ref}
		if t.half {
			v := true
			f.half = &v
		}
		if t.twin || k.twin {
			v := false
			f.half = &v
		}
		c.addFact(f)
	case kSpouse:
		f := &fact{kind: kSpouse, a: poss, b: ref}
		if k.dur > 0 {
			f.start = years{c.d.year - k.dur - 1, c.d.year - k.dur}
			f.startP = prioComputed
			f.dur = k.dur
		}
		if t.ex || k.former {
			f.endReason = "divorce"
			f.ex = true
		}
		if t.widow {
			// the referent is the widow: the possessor died
			f.endReason = "death"
			poss.dead = true
			if t.sex == 'F' {
				poss.setSex('M', c.si)
			} else if t.sex == 'M' {
				poss.setSex('F', c.si)
			}
		}
		if k.late {
			f.endReason = "death"
		}
		c.addFact(f)
	case kOther:
		c.addFact(&fact{kind: kOther, a: poss, b: ref, label: t.label})
	case kStepChild:
		c.addFact(&fact{kind: kStepChild, a: poss, b: ref, conf: kin.ConfidenceNormal})
	case kStepParent:
		c.addFact(&fact{kind: kStepChild, a: ref, b: poss, conf: kin.ConfidenceNormal})
	}
}

func (c *sctx) containsWord(w string) bool {
	for _, t := range c.toks {
		if t.low == w {
			return true
		}
	}
	return false
}

// addRaw records f and indexes it under its two people.
func (d *doc) addRaw(f *fact) {
	d.facts = append(d.facts, f)
	a, b := f.a.find(), f.b.find()
	d.factsOf[a] = append(d.factsOf[a], f)
	if b != a {
		d.factsOf[b] = append(d.factsOf[b], f)
	}
}

// factsAbout returns the facts that involve e.
func (d *doc) factsAbout(e *entity) []*fact {
	return d.factsOf[e.find()]
}

// coParent returns the one other parent of e's children, if there is
// exactly one and e has no known spouse.
func (d *doc) coParent(e *entity) *entity {
	var out *entity
	for _, f := range d.factsAbout(e) {
		if f.kind == kSpouse {
			return nil
		}
		if f.kind == kChild && f.a.find() == e {
			for _, p := range d.parentsOf(f.b.find()) {
				if p != e {
					if out != nil && out != p {
						return nil
					}
					out = p
				}
			}
		}
	}
	return out
}

// related reports whether a and b are parent and child or siblings.
func (d *doc) related(a, b *entity) bool {
	for _, f := range d.factsAbout(a) {
		x, y := f.a.find(), f.b.find()
		if (f.kind == kChild || f.kind == kSibling) && (x == a && y == b || x == b && y == a) {
			return true
		}
	}
	return false
}

// otherParent finds the probable parent of sex sx of child: the one spouse
// of sex sx of the child's one known parent (the dead one for "his late
// father").
func (d *doc) otherParent(child *entity, sx byte, late bool) *entity {
	ps := d.parentsOf(child)
	if len(ps) != 1 {
		return nil
	}
	var cands []*entity
	for _, f := range d.factsAbout(ps[0]) {
		if f.kind != kSpouse {
			continue
		}
		var o *entity
		if f.a.find() == ps[0] {
			o = f.b.find()
		} else if f.b.find() == ps[0] {
			o = f.a.find()
		}
		if o != nil && o != child && (o.sex == sx || o.sex == 'U') && (!late || o.dead || o.death.known()) {
			cands = append(cands, o)
		}
	}
	if cands = uniq(cands); len(cands) == 1 {
		return cands[0]
	}
	return nil
}

// relativeOf finds the person who is poss's kin (term) among the facts:
// "his father" once the father is known.
func (d *doc) relativeOf(poss *entity, t kinTerm) *entity {
	poss = poss.find()
	var cands []*entity
	for _, f := range d.factsAbout(poss) {
		a, b := f.a.find(), f.b.find()
		var other *entity
		switch {
		case t.rel == kParent && f.kind == kChild && b == poss:
			other = a
		case t.rel == kChild && f.kind == kChild && a == poss:
			other = b
		case (t.rel == kSpouse || t.rel == kSibling || t.rel == kOther) && f.kind == t.rel && (a == poss || b == poss):
			other = a
			if a == poss {
				other = b
			}
		}
		if other == nil || other == poss {
			continue
		}
		dup := false
		for _, x := range cands {
			dup = dup || x == other
		}
		if !dup {
			cands = append(cands, other)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	if t.sex != 'U' {
		var exact, unknown []*entity
		for _, e := range cands {
			if e.sex == t.sex {
				exact = append(exact, e)
			} else if e.sex == 'U' {
				unknown = append(unknown, e)
			}
		}
		if len(exact) > 0 {
			return exact[len(exact)-1]
		}
		if len(unknown) == 1 {
			return unknown[0]
		}
		if len(unknown) == 2 && t.rel == kParent {
			// Neither parent's sex is known: read "the son of A and B"
			// as mother first, father second (a weak convention).
			if t.sex == 'F' {
				return unknown[0]
			}
			return unknown[1]
		}
		return nil
	}
	if len(cands) == 1 {
		return cands[0]
	}
	return nil
}
