package ingest

import (
	"strings"

	"kin"
)

// Trigger words of the clause patterns.
var (
	marryVerbs   = lazyWordSet(`married marry marries wed weds wedded remarried remarry remarries`)
	datingVerbs  = lazyWordSet(`dating dated courting`)
	divorceVerbs = lazyWordSet(`divorced divorce divorces divorcing dissolved annulled`)
	splitVerbs   = lazyWordSet(`split separated splits separating`)
	engageVerbs  = lazyWordSet(`engaged proposed`)
	childVerbs   = lazyWordSet(`share shares shared have has had welcomed welcome welcomes adopted adopt adopts raised raise raising`)
	birthVerbs   = lazyWordSet(`born arrived`)
	deathVerbs   = lazyWordSet(`died dies dying death passed preceded predeceased`)
	costarVerbs  = lazyWordSet(`co-starred costarred co-star co-stars co-starring`)
	copulas      = lazyWordSet(`is was are were`)
)

// grammarWord reports whether w is a word the grammar gives a meaning to,
// so that it is not a name even when capitalised at a sentence start.
func grammarWord(w string) bool {
	return marryVerbs()[w] || divorceVerbs()[w] || splitVerbs()[w] || engageVerbs()[w] || childVerbs()[w] || birthVerbs()[w] ||
		deathVerbs()[w] || costarVerbs()[w] || datingVerbs()[w] || isKinWord(w) || kinModifiers()[w] || adverbs()[w] ||
		speechVerbs()[w] || w == "survived" || w == "predeceased"
}

// patterns runs the clause patterns over the sentence's items.
func (c *sctx) patterns() {
	triggers := c.triggerTokens()
	for k, it := range c.items {
		if it.np != nil {
			if it.np.kin != nil {
				c.anchor(k)
			}
			continue
		}
		ti := it.tok
		w := c.low(ti)
		switch {
		case w == "was" && c.ageAt(ti+1) > 0:
			c.wasAge(k)
		case w == "marriage" && c.low(ti+1) == "to":
			c.marriageTo(k, triggers)
		case w == "adopted" && (c.low(ti-1) == "was" || c.low(ti-1) == "were" || c.low(ti-1) == "been"):
			c.adoptedBy(k, triggers)
		case (w == "as" && (c.low(ti-1) == "up" && c.low(ti-2) == "grew" || c.low(ti-1) == "known")) && c.ments[ti+1] != nil:
			c.alias(k)
		case w == "renamed" && c.ments[ti+1] != nil:
			c.alias(k)
		case (w == "had" || w == "have") && (c.low(ti+2) == "marriage" || c.low(ti+3) == "marriage" || c.low(ti+2) == "wedding" || c.low(ti+3) == "wedding"):
			// "had an arranged marriage in 1958"
			subj := c.subjBefore(k)
			if len(subj) == 2 && !c.negated(k) {
				c.spouse(subj[0], subj[1], ti, triggers)
			}
			c.verbDone(k, subj)
		case marryVerbs()[w]:
			c.marry(k, triggers)
		case w == "tied" && c.low(ti+1) == "the" && c.low(ti+2) == "knot",
			w == "said" && c.low(ti+1) == `"` && c.low(ti+2) == "i" && c.low(ti+3) == "do",
			w == "exchanged" && c.low(ti+1) == "vows":
			subj := c.subjBefore(k)
			if len(subj) >= 2 && !c.negated(k) {
				c.spouse(subj[0], subj[1], ti, triggers)
			}
			c.verbDone(k, subj)
		case divorceVerbs()[w]:
			c.divorce(k, triggers)
		case splitVerbs()[w]:
			subj := c.subjBefore(k)
			if c.low(ti+1) == "from" || c.low(ti+1) == "with" {
				if obj := c.objAfter(k + 1); len(subj) == 1 && len(obj) == 1 {
					c.d.setCouple(subj[0], obj[0])
				}
			}
			c.verbDone(k, subj)
		case engageVerbs()[w] || w == "popped" && c.low(ti+1) == "the" && c.low(ti+2) == "question":
			c.engage(k, triggers)
		case childVerbs()[w]:
			c.children(k, k, triggers)
		case w == "gave" && c.low(ti+1) == "birth" && c.low(ti+2) == "to":
			c.children(k, k+2, triggers)
		case w == "engagement":
			c.engagement(k, triggers)
		case (w == "wedding" || w == "marriage") && c.low(ti+1) == "of":
			c.weddingOf(k, triggers)
		case w == "marriage" && c.low(ti-1) == "of" && (c.low(ti-2) == "years" || c.low(ti-2) == "decades"):
			c.yearsOfMarriage(k)
		case datingVerbs()[w] || w == "relationship" && c.low(ti+1) == "with" || w == "romance" && c.low(ti+1) == "with":
			c.dating(k, triggers)
		case birthVerbs()[w]:
			c.birth(k, triggers)
		case deathVerbs()[w]:
			c.death(k, triggers)
		case costarVerbs()[w] || w == "starred" && c.low(ti+1) == "together":
			c.costar(k)
		case w == "co-founded" || w == "cofounded" || w == "founded" && c.low(ti-1) == "jointly":
			c.cofounded(k, triggers)
		case w == "survived" && c.low(ti+1) == "by":
			c.survivors(k, false)
		case (w == "leaves" || w == "left" || w == "leaving") && (c.low(ti+1) == "behind" || k+1 < len(c.items) && c.items[k+1].np != nil && c.items[k+1].np.kin != nil):
			// "Hill leaves behind his wife, Tanisha, and two young daughters"
			c.survivors(k, false)
			for _, e := range c.subjBefore(k) {
				e.find().dead = true
			}
		case copulas()[w]:
			c.copula(k)
		case w == "turns" || w == "turned" || w == "turn" || w == "turning":
			c.turns(k)
		}
	}
}

// triggerTokens returns the token indexes of all clause triggers, which
// bound the search for a clause's date.
func (c *sctx) triggerTokens() []int {
	var out []int
	for i, t := range c.toks {
		w := t.low
		if marryVerbs()[w] || divorceVerbs()[w] || splitVerbs()[w] || engageVerbs()[w] || childVerbs()[w] && w != "had" && w != "has" && w != "have" ||
			birthVerbs()[w] || deathVerbs()[w] && !(w == "death" && i > 0 && c.toks[i-1].low == "in") || costarVerbs()[w] || w == "tied" || w == "popped" || w == "met" || t.low == ";" {
			out = append(out, i)
		}
	}
	return out
}

func (c *sctx) verbDone(k int, subj []*entity) {
	c.lastVerb.at = k
	c.lastVerb.subj = subj
}

// negated reports whether the clause before item k denies the verb.
func (c *sctx) negated(k int) bool {
	ti := c.itemTok(k)
	for x := ti - 1; x >= 0 && x >= ti-4; x-- {
		w := c.low(x)
		if negations()[w] {
			return true
		}
		if w == "," || w == ";" {
			break
		}
	}
	return false
}

func (c *sctx) itemTok(k int) int {
	if k < 0 {
		return 0
	}
	if k >= len(c.items) {
		return len(c.toks)
	}
	if c.items[k].np != nil {
		return c.items[k].np.i
	}
	return c.items[k].tok
}

// isAdverb reports whether w is an adverb or auxiliary that may stand
// between a subject and its verb.
func isAdverb(w string) bool {
	return adverbs()[w] || len(w) > 4 && strings.HasSuffix(w, "ly") && !isKinWord(w)
}

func (c *sctx) itemLow(k int) string {
	if k < 0 || k >= len(c.items) || c.items[k].np != nil {
		return ""
	}
	return c.low(c.items[k].tok)
}

// subjBefore finds the subject of the verb at item k: the noun phrase (or
// coordinated phrases) before it, past adverbs, auxiliaries and a
// parenthetical clause.
func (c *sctx) subjBefore(k int) []*entity {
	j := k - 1
	for j >= 0 && c.items[j].np == nil && (isAdverb(c.itemLow(j)) || c.itemLow(j) == "'s" || c.itemLow(j) == `"`) {
		j--
	}
	if j >= 0 && c.items[j].np == nil && c.itemLow(j) == "and" && c.lastVerb.subj != nil {
		return c.lastVerb.subj
	}
	if j >= 0 && c.items[j].np == nil && c.itemLow(j) == "," {
		// an aside: "The exes, who tied the knot in 2016, finalized ..."
		if j-1 >= 0 && c.items[j-1].np != nil && !c.items[j-1].np.rel {
			j--
		} else {
			for x := j - 1; x >= 0 && x >= j-20; x-- {
				if c.items[x].np == nil && c.itemLow(x) == "," {
					if x-1 >= 0 && c.items[x-1].np != nil {
						j = x - 1
					}
					break
				}
			}
		}
	}
	if j < 0 || c.items[j].np == nil {
		return nil
	}
	n := c.items[j].np
	if n.kin != nil && len(c.npEnts(n)) == 0 {
		return nil
	}
	out := append([]*entity{}, c.npEnts(n)...)
	// coordination: "A and B", "A, B and C", "A, a paramedic, and B";
	// "Bridget Kelly, Mary Kelly married" is an apposition, not a list
	for x := j; ; {
		p := c.coordBefore(x)
		if p < 0 || x == j && !c.andBetween(p, x) {
			break
		}
		pn := c.items[p].np
		out = append(append([]*entity{}, c.npEnts(pn)...), out...)
		x = p
	}
	return uniq(out)
}

// andBetween reports whether "and" stands between items p and x.
func (c *sctx) andBetween(p, x int) bool {
	for y := p + 1; y < x; y++ {
		if c.itemLow(y) == "and" {
			return true
		}
	}
	return false
}

// coordBefore returns the item index of the noun phrase coordinated with
// the one at item j ("A and B", "A, B", "A, a paramedic, and B"), or -1.
func (c *sctx) coordBefore(j int) int {
	x := j - 1
	and := false
	if c.itemLow(x) == "and" {
		and = true
		x--
	}
	if c.itemLow(x) != "," {
		if and && x >= 0 && c.okCoord(x) {
			return x
		}
		return -1
	}
	x--
	if x >= 0 && c.okCoord(x) {
		return x
	}
	if !and {
		return -1
	}
	// an aside between commas
	for y := x; y >= 0 && y >= x-6; y-- {
		if c.items[y].np != nil {
			return -1
		}
		if c.itemLow(y) == "," {
			if y-1 >= 0 && c.okCoord(y-1) {
				return y - 1
			}
			return -1
		}
	}
	return -1
}

func (c *sctx) okCoord(x int) bool {
	p := c.items[x].np
	return p != nil && !p.rel && len(c.npEnts(p)) > 0 && !(p.kin != nil && len(p.kin.poss) == 0)
}

// objAfter finds the object of the verb at item k: past a short
// description ("firefighter Andre Simms"), a noun phrase or a list of them.
func (c *sctx) objAfter(k int) []*entity {
	j := k + 1
	for x := 0; x < 6 && j < len(c.items); x++ {
		if c.items[j].np != nil {
			// "Oliver's university friend Rupert Hale": a possessor is part
			// of the description
			if c.itemLow(j+1) == "'s" && c.items[j].np.kin == nil {
				j += 2
				continue
			}
			break
		}
		w := c.itemLow(j)
		t := c.tok(c.items[j].tok)
		if barrierWords()[w] && w != "the" && w != "a" && w != "an" || t.kind == tPunct && w != `"` && w != "-" || t.kind == tNum {
			return nil
		}
		j++
	}
	if j >= len(c.items) || c.items[j].np == nil {
		return nil
	}
	n := c.items[j].np
	out := append([]*entity{}, c.npEnts(n)...)
	for j+2 < len(c.items) && (c.itemLow(j+1) == "and") && c.items[j+2].np != nil && len(c.npEnts(c.items[j+2].np)) > 0 && (c.items[j+2].np.kin == nil || len(c.items[j+2].np.kin.poss) > 0 && len(c.items[j+2].np.kin.refs) > 0) {
		out = append(out, c.npEnts(c.items[j+2].np)...)
		j += 2
	}
	return uniq(out)
}

func uniq(es []*entity) []*entity {
	var out []*entity
	for _, e := range es {
		if e == nil {
			continue
		}
		e = e.find()
		dup := false
		for _, o := range out {
			dup = dup || o == e
		}
		if !dup {
			out = append(out, e)
		}
	}
	return out
}

// clauseDate finds the date of the clause whose trigger is token ti: after
// the trigger up to the next trigger, else before it back to the previous.
func (c *sctx) clauseDate(ti int, triggers []int) (when, bool) {
	next, prev := len(c.toks), 0
	for _, t := range triggers {
		if t > ti && t < next {
			next = t
		}
		if t < ti && t+1 > prev {
			prev = t + 1
		}
	}
	py := 0
	for x := 0; x < ti; x++ {
		if y, ok := yearTok(c.toks[x]); ok {
			py = y
		}
	}
	if w, ok := c.d.findDate(c.toks, ti+1, next, true, py); ok {
		return w, true
	}
	py = 0
	for x := 0; x < prev; x++ {
		if y, ok := yearTok(c.toks[x]); ok {
			py = y
		}
	}
	return c.d.findDate(c.toks, prev, ti, false, py)
}

func (c *sctx) datePrio() int {
	if c.hedged {
		return prioHedged
	}
	return prioExplicit
}

// spouse records a marriage of a and b with the clause's date as its start.
func (c *sctx) spouse(a, b *entity, ti int, triggers []int) *fact {
	f := &fact{kind: kSpouse, a: a, b: b}
	if w, ok := c.clauseDate(ti, triggers); ok {
		f.start, f.startP = w.start, c.datePrio()
		if w.span {
			f.end = w.end
		}
	}
	return c.addFact(f)
}

// marry reads "A married B", "A and B were married in 2012", "A is married
// to B", "the couple didn't legally marry until 2014".
func (c *sctx) marry(k int, triggers []int) {
	ti := c.items[k].tok
	if c.low(ti+1) == "couple" || c.low(ti+1) == "life" {
		return
	}
	subj := c.subjBefore(k)
	defer c.verbDone(k, subj)
	// "plan to marry", "will marry": not a marriage yet
	for x := ti - 1; x >= 0 && x >= ti-3; x-- {
		w := c.low(x)
		if w == "to" || w == "will" || w == "'ll" || w == "would" || w == "shall" || w == "might" {
			return
		}
		if !adverbs()[w] || w == "been" || w == "got" {
			break
		}
	}
	neg := c.negated(k)
	if neg {
		until := false
		for x := ti + 1; x < len(c.toks) && x <= ti+3; x++ {
			until = until || c.low(x) == "until" || c.low(x) == "till"
		}
		if !until {
			return
		}
	}
	passive := false
	for x := ti - 1; x >= 0 && x >= ti-3; x-- {
		w := c.low(x)
		if copulas()[w] || w == "been" || w == "got" || w == "get" || w == "be" || w == "'s" {
			passive = true
			break
		}
		if !isAdverb(w) {
			break
		}
	}
	var obj []*entity
	if c.low(ti+1) == "to" {
		obj = c.objAfter(k + 1)
	} else if !passive {
		obj = c.objAfter(k)
	}
	if len(obj) == 0 {
		// "remarried in 2013 to fashion designer Elise Marchand"
		for x := k + 1; x < len(c.items) && x <= k+5; x++ {
			if c.itemLow(x) == "to" {
				obj = c.objAfter(x)
				break
			}
			if c.items[x].np != nil || c.itemLow(x) == "," || c.itemLow(x) == ";" {
				break
			}
		}
	}
	switch {
	case len(subj) == 1 && len(obj) == 0 && strings.HasPrefix(c.low(ti), "remarr"):
		// "Her mother remarried in 2015": the new spouse may be named later
		if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
			subj[0].remarried = w.start
		}
	case len(subj) >= 1 && len(obj) >= 1:
		c.spouse(subj[0], obj[0], ti, triggers)
	case len(subj) == 2 && len(obj) == 0:
		c.spouse(subj[0], subj[1], ti, triggers)
		if passive {
			c.d.wedding = [2]*entity{subj[0], subj[1]}
		}
	}
}

// divorce reads "A divorced B in 2009", "A and B divorced", "their divorce
// in 2023", "his divorce with B".
func (c *sctx) divorce(k int, triggers []int) {
	ti := c.items[k].tok
	var pair []*entity
	if w := c.low(ti); w == "dissolved" || w == "annulled" {
		// "their marriage was dissolved in 2021"
		for x := ti - 1; x >= 0 && x >= ti-4; x-- {
			if c.low(x) == "marriage" && x > 0 {
				switch c.low(x - 1) {
				case "their":
					pair = c.theyAt(x - 1)
				case "the":
					if cp := c.d.couple; cp[0] != nil {
						pair = []*entity{cp[0], cp[1]}
					}
				}
				break
			}
		}
		if len(pair) != 2 {
			return
		}
	} else if c.low(ti) == "divorce" || c.low(ti) == "divorces" {
		// the noun: a possessor before it (through adjectives)
		for x := ti - 1; x >= 0 && x >= ti-3; x-- {
			w := c.low(x)
			switch {
			case w == "their":
				pair = c.theyAt(x)
			case w == "his":
				if e := c.pronoun('M', x); e != nil {
					pair = []*entity{e}
				}
			case w == "her":
				if e := c.pronoun('F', x); e != nil {
					pair = []*entity{e}
				}
			case w == "'s":
				for _, m := range c.ments {
					if m.j == x && m.ent != nil {
						pair = []*entity{m.ent.find()}
					}
				}
			}
			if pair != nil || !(kinModifiers()[w] || strings.HasSuffix(w, "ed") || w == "'s") {
				break
			}
		}
		if len(pair) == 1 && (c.low(ti+1) == "with" || c.low(ti+1) == "from") {
			if obj := c.objAfter(k + 1); len(obj) > 0 {
				pair = append(pair, obj[0])
			}
		}
	} else {
		subj := c.subjBefore(k)
		c.verbDone(k, subj)
		if c.negated(k) {
			return
		}
		obj := c.objAfter(k)
		if c.low(ti+1) == "from" {
			obj = c.objAfter(k + 1)
		}
		switch {
		case len(subj) >= 1 && len(obj) >= 1:
			pair = []*entity{subj[0], obj[0]}
		case len(subj) == 2:
			pair = subj
		}
	}
	if len(pair) != 2 {
		return
	}
	f := &fact{kind: kSpouse, a: pair[0], b: pair[1], endReason: "divorce", ex: true}
	if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
		f.end = w.start
	}
	c.addFact(f)
}

// engage reads "A is engaged to B", "A and B got engaged", "A proposed to
// B", "A popped the question" (to the partner of the couple).
func (c *sctx) engage(k int, triggers []int) {
	ti := c.items[k].tok
	subj := c.subjBefore(k)
	defer c.verbDone(k, subj)
	if c.negated(k) || len(subj) == 0 {
		return
	}
	var pair []*entity
	switch {
	case c.low(ti) == "popped":
		cp := c.d.couple
		if cp[0] != nil && (cp[0].find() == subj[0] || cp[1].find() == subj[0]) {
			pair = []*entity{cp[0], cp[1]}
		}
	default:
		// "engaged once, in college, to B"
		for x := k + 1; x < len(c.items) && x <= k+8; x++ {
			if c.itemLow(x) == "to" {
				if obj := c.objAfter(x); len(obj) > 0 {
					pair = []*entity{subj[0], obj[0]}
				}
				break
			}
			if c.items[x].np != nil || c.itemLow(x) == ";" || c.itemLow(x) == "." {
				break
			}
		}
		if pair == nil && len(subj) == 2 {
			pair = subj
		}
	}
	if len(pair) != 2 {
		return
	}
	f := &fact{kind: kOther, a: pair[0], b: pair[1], label: "engaged"}
	if w, ok := c.clauseDate(ti, triggers); ok {
		f.year = w.start
	}
	c.addFact(f)
}

// children reads "the pair share three daughters, A, B and C", "Tiana has
// a daughter, Amaya", "the couple welcomed twins, a boy and a girl named
// Mason and Maya, in November".
func (c *sctx) children(k, from int, triggers []int) {
	ti := c.items[k].tok
	w := c.low(ti)
	subj := c.subjBefore(k)
	defer c.verbDone(k, subj)
	if len(subj) == 0 || c.negated(k) {
		return
	}
	// "his partner, Elena Marchetti, gave birth to a boy": the partner's
	// child is his too
	if w == "gave" && len(subj) == 1 {
		for x := k - 1; x >= 0; x-- {
			if n := c.items[x].np; n != nil {
				if n.kin != nil && len(n.kin.poss) == 1 && (n.kin.term.rel == kSpouse || n.kin.term.rel == kOther && strings.Contains(n.kin.term.label, "romantic") || n.kin.word == "partner") {
					subj = append(subj, n.kin.poss[0].find())
				}
				break
			}
		}
	}
	// "Claire Dubois, with whom he has a son": the other parent
	if x := c.itemTok(k) - 1; x >= 0 && len(subj) == 1 {
		for y := x; y >= 0 && y >= x-3; y-- {
			if c.low(y) == "whom" && c.low(y-1) == "with" && c.low(y-2) == "," {
				for z := len(c.items) - 1; z >= 0; z-- {
					if it := c.items[z]; it.np != nil && it.np.j == y-2 && len(c.npEnts(it.np)) == 1 {
						subj = append(subj, c.npEnts(it.np)[0])
						break
					}
				}
				break
			}
		}
	}
	welcomed := w == "welcomed" || w == "welcome" || w == "welcomes" || w == "adopted" || w == "adopt" || w == "adopts" || w == "gave"
	var kids []*entity
	k = from
	for j := k + 1; j < len(c.items); j++ {
		it := c.items[j]
		if it.np == nil {
			lw := c.itemLow(j)
			if lw == "," || lw == "and" || lw == "as" || lw == "well" || lw == ":" || lw == ";" || lw == "-" || lw == "together" || lw == "including" {
				continue
			}
			break
		}
		n := it.np
		switch {
		case n.kin != nil && len(n.kin.poss) == 0 && n.kin.term.rel == kChild:
			for _, r := range n.kin.refs {
				for _, p := range subj {
					c.relateChild(p, r, n.kin, w)
				}
				kids = append(kids, r)
			}
			if len(n.kin.refs) == 0 && strings.HasPrefix(w, "adopt") && len(subj) == 1 {
				// "Craig Price, who adopted both children": his wife's, or
				// her late husband's
				var kids []*entity
				for _, sp := range c.d.spousesOf(subj[0]) {
					kids = append(kids, c.d.childrenOf(sp)...)
					for _, prev := range c.d.spousesOf(sp) {
						if prev != subj[0].find() {
							kids = append(kids, c.d.childrenOf(prev)...)
						}
					}
				}
				for _, ch := range uniq(kids) {
					if ch != subj[0].find() {
						c.relateChild(subj[0], ch, n.kin, w)
					}
				}
			}
			if len(n.kin.refs) == 0 && j == k+1 {
				continue
			}
		case welcomed && n.kin == nil && !n.pron && len(n.ents) > 0 && (j == k+1 || len(kids) > 0):
			for _, r := range n.ents {
				for _, p := range subj {
					c.relateChild(p, r, &kinNP{term: kinTerms()["child"]}, w)
				}
				kids = append(kids, r)
			}
		default:
			j = len(c.items)
		}
	}
	// "has a son, Emil, with his former partner, Sanne de Vries"
	if len(subj) == 1 && len(kids) > 0 {
		for j := k + 1; j+1 < len(c.items); j++ {
			if c.itemLow(j) == "with" && c.items[j+1].np != nil {
				if o := c.npEnts(c.items[j+1].np); len(o) == 1 && o[0].find() != subj[0].find() {
					for _, r := range kids {
						c.relateChild(o[0], r, &kinNP{term: kinTerms()["child"]}, w)
					}
				}
				break
			}
			if w := c.itemLow(j); w == ";" || w == "." || copulas()[w] {
				break
			}
		}
	}
	if welcomed && len(kids) > 0 {
		if wd, ok := c.clauseDate(ti, triggers); ok && !wd.span {
			for _, r := range kids {
				r.setBirth(wd.start, prioExplicit, c.si)
			}
		}
	}
}

// ageAt reads an age at i: "19", "just 19", "only 19", "aged 19".
func (c *sctx) ageAt(i int) int {
	if w := c.low(i); w == "just" || w == "only" || w == "aged" || w == "barely" {
		i++
	}
	if a, ok := isAge(c.tok(i)); ok && a > 0 && c.tok(i+1).kind != tNum && !strings.HasPrefix(c.low(i+1), "year") && c.low(i+1) != "%" {
		return a
	}
	return 0
}

// wasAge reads "… died in 1998 when Wade was just 19": an age at the
// year of the sentence gives a birth year range.
func (c *sctx) wasAge(k int) {
	ti := c.items[k].tok
	age := c.ageAt(ti + 1)
	subj := c.subjBefore(k)
	if len(subj) != 1 {
		return
	}
	y := 0
	for x := 0; x < len(c.toks); x++ {
		if v, ok := yearTok(c.toks[x]); ok {
			y = v
		}
	}
	if e := subj[0].find(); c.low(ti+2) == "." && e.death.known() && (y == 0 || c.low(ti-2) != "when" && c.low(ti-3) != "when") {
		// "… died Sunday at his home. He was 68."
		e.setBirth(years{e.death.lo - age - 1, e.death.lo - age}, prioComputed, c.si)
		return
	}
	if y == 0 || c.low(ti-2) != "when" && c.low(ti-3) != "when" {
		return
	}
	subj[0].setBirth(years{y - age - 1, y - age}, prioComputed, c.si)
}

// marriageTo reads "his first marriage to Tammy Reed".
func (c *sctx) marriageTo(k int, triggers []int) {
	ti := c.items[k].tok
	var a *entity
	for x := ti - 1; x >= 0 && x >= ti-3; x-- {
		switch w := c.low(x); {
		case w == "his":
			a = c.pronoun('M', x)
		case w == "her":
			a = c.pronoun('F', x)
		case w == "'s":
			for _, m := range c.ments {
				if m.j == x && m.ent != nil {
					a = m.ent.find()
				}
			}
		case kinModifiers()[w]:
			continue
		}
		break
	}
	if a == nil {
		return
	}
	// "Wade is father to Travis, from his first marriage to …": the
	// marriage is the subject's
	if len(c.subject) == 1 && c.subject[0].find() != a && c.subject[0].find().sex == a.sex {
		a = c.subject[0].find()
	}
	if obj := c.objAfter(k + 1); len(obj) == 1 {
		c.spouse(a, obj[0], ti, triggers)
	}
}

// adoptedBy reads "X was adopted in 1982 by a Canadian couple, Gordon and
// Ruth Ellis": adoptive parents.
func (c *sctx) adoptedBy(k int, triggers []int) {
	subj := c.subjBefore(k)
	defer c.verbDone(k, subj)
	if len(subj) != 1 {
		return
	}
	for x := k + 1; x < len(c.items) && x <= k+6; x++ {
		if c.itemLow(x) != "by" {
			continue
		}
		var parents []*entity
		for y := x + 1; y < len(c.items) && y <= x+7; y++ {
			if n := c.items[y].np; n != nil {
				parents = c.npEnts(n)
				for z := y + 1; z+1 < len(c.items) && c.itemLow(z) == "and" && c.items[z+1].np != nil; z += 2 {
					parents = append(parents, c.npEnts(c.items[z+1].np)...)
				}
				if n.kin != nil && len(n.kin.refs) > 0 {
					parents = n.kin.refs
				}
				break
			}
			if w := c.itemLow(y); barrierWords()[w] && w != "a" && w != "an" && w != "the" {
				break
			}
		}
		for _, p := range parents {
			c.relate(subj[0], p, &kinNP{term: kinTerms()["parent"]})
			for _, f := range c.d.factsAbout(subj[0]) {
				if f.kind == kChild && f.a.find() == p.find() && f.b.find() == subj[0].find() {
					f.lineage = kin.LineageAdopted
				}
			}
		}
		return
	}
}

// alias reads "grew up as Nick Ellis", "known as Moncho".
func (c *sctx) alias(k int) {
	ti := c.items[k].tok
	subj := c.subjBefore(k - 2)
	if c.low(ti-1) == "known" {
		subj = c.subjBefore(k - 1)
	}
	if c.low(ti) == "renamed" {
		subj = c.subjBefore(k)
	}
	m := c.ments[ti+1]
	if len(subj) != 1 || m == nil || m.ent == nil || m.ent.find() == subj[0].find() {
		return
	}
	e := c.d.merge(subj[0], m.ent)
	e.addForm(m.name.full())
	c.d.index(e)
}

// engagement reads "The engagement is announced between A, …, and B" and
// "announced their engagement".
func (c *sctx) engagement(k int, triggers []int) {
	ti := c.items[k].tok
	var pair []*entity
	if c.low(ti-1) == "their" {
		pair = c.theyAt(ti - 1)
	}
	for x := k + 1; x < len(c.items) && x <= k+4 && pair == nil; x++ {
		if c.itemLow(x) != "between" {
			continue
		}
		if x+1 < len(c.items) && c.items[x+1].np != nil && len(c.items[x+1].np.ents) == 1 {
			a := c.items[x+1].np.ents[0]
			for y := x + 2; y+1 < len(c.items); y++ {
				if c.itemLow(y) == "and" && c.items[y+1].np != nil && c.items[y+1].np.kin == nil && len(c.items[y+1].np.ents) == 1 {
					pair = []*entity{a, c.items[y+1].np.ents[0]}
					break
				}
			}
		}
	}
	if len(pair) != 2 || c.negated(k) {
		return
	}
	f := &fact{kind: kOther, a: pair[0], b: pair[1], label: "engaged"}
	if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
		f.year = w.start
	} else if c.containsWord("announced") || c.containsWord("announce") {
		f.year = oneYear(c.d.year)
	}
	c.addFact(f)
}

// weddingOf reads "the wedding of A to B in 2019" and "the marriage of A
// and B".
func (c *sctx) weddingOf(k int, triggers []int) {
	ti := c.items[k].tok
	if k+2 >= len(c.items) || c.items[k+2].np == nil {
		return
	}
	a := c.npEnts(c.items[k+2].np)
	if len(a) != 1 {
		return
	}
	var b []*entity
	for y := k + 3; y < len(c.items) && y <= k+6; y++ {
		if w := c.itemLow(y); w == "to" || w == "and" {
			b = c.objAfter(y)
			break
		}
	}
	if len(b) != 1 {
		return
	}
	c.spouse(a[0], b[0], ti, triggers)
}

// yearsOfMarriage reads "after six years of marriage": the subject couple
// married that many years before the article.
func (c *sctx) yearsOfMarriage(k int) {
	ti := c.items[k].tok
	n, ok := number(c.toks, ti-3)
	if !ok {
		return
	}
	if c.low(ti-2) == "decades" {
		n *= 10
	}
	var pair []*entity
	if len(c.subject) == 2 {
		pair = c.subject
	} else if cp := c.d.couple; cp[0] != nil && len(c.subject) == 1 && (cp[0].find() == c.subject[0].find() || cp[1].find() == c.subject[0].find()) {
		pair = []*entity{cp[0], cp[1]}
	}
	if len(pair) != 2 {
		return
	}
	c.addFact(&fact{kind: kSpouse, a: pair[0], b: pair[1], start: years{c.d.year - n - 1, c.d.year - n}, startP: prioComputed, dur: n})
}

// dating reads "Sven has been dating Mila Jansen since last summer" and
// "in a relationship with": an association, not a marriage.
func (c *sctx) dating(k int, triggers []int) {
	ti := c.items[k].tok
	var subj []*entity
	if c.low(ti) == "relationship" || c.low(ti) == "romance" {
		// "X is in a relationship with Y"
		x := k - 1
		for x >= 0 && c.items[x].np == nil && (c.itemLow(x) == "a" || c.itemLow(x) == "in" || adverbs()[c.itemLow(x)] || c.itemLow(x) == "serious" || c.itemLow(x) == "new") {
			x--
		}
		subj = c.subjBefore(x + 1)
		k++
	} else {
		subj = c.subjBefore(k)
	}
	defer c.verbDone(k, subj)
	if len(subj) != 1 || c.negated(k) {
		return
	}
	obj := c.objAfter(k)
	if len(obj) != 1 {
		return
	}
	f := &fact{kind: kOther, a: subj[0], b: obj[0], label: "dating (romantic partners)"}
	if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
		f.year = w.start
	}
	c.addFact(f)
}

func (c *sctx) relateChild(parent, child *entity, k *kinNP, verb string) {
	c.relate(parent, child, k)
	if strings.HasPrefix(verb, "adopt") {
		for _, f := range c.d.factsAbout(child) {
			if f.kind == kChild && f.a.find() == parent.find() && f.b.find() == child.find() {
				f.lineage = kin.LineageAdopted
			}
		}
	}
}

// birth reads "X was born June 3, 1940, ... to A and B" and "Kaia, who
// arrived in February".
func (c *sctx) birth(k int, triggers []int) {
	ti := c.items[k].tok
	subj := c.subjBefore(k)
	if len(subj) == 0 && c.sentenceInitial(ti) {
		// "Born in 1892 to Patrick and Bridget Kelly, Mary Kelly married …":
		// the subject follows the participle clause
		for x := k + 1; x+1 < len(c.items); x++ {
			if c.itemLow(x) == "," && c.items[x+1].np != nil && c.items[x+1].np.kin == nil && len(c.npEnts(c.items[x+1].np)) == 1 {
				if y := x + 2; y < len(c.items) && c.items[y].np == nil && c.tok(c.items[y].tok).kind == tWord {
					subj = c.npEnts(c.items[x+1].np)
					break
				}
			}
		}
	}
	defer c.verbDone(k, subj)
	if len(subj) > 1 {
		// "twins Rose and James, born in 1920"
		if w, ok := c.clauseDate(ti, triggers); ok && !w.span && c.low(ti) == "born" {
			for _, e := range subj {
				e.setBirth(w.start, prioExplicit, c.si)
			}
		}
		return
	}
	if len(subj) != 1 {
		return
	}
	e := subj[0]
	if c.low(ti) == "arrived" && !c.d.isChild(e) {
		return
	}
	if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
		e.setBirth(w.start, prioExplicit, c.si)
	}
	// born ... to A and B
	for x := k + 1; x < len(c.items) && x <= k+14; x++ {
		if c.itemLow(x) == "to" {
			for _, p := range c.objAfter(x) {
				c.relate(e, p, &kinNP{term: kinTerms()["parent"]})
			}
			break
		}
		if c.itemLow(x) == ";" {
			break
		}
	}
}

func (d *doc) isChild(e *entity) bool {
	e = e.find()
	for _, f := range d.factsAbout(e) {
		if f.kind == kChild && f.b.find() == e {
			return true
		}
	}
	return false
}

// death reads "X passed away Sept. 8, 2024", "before his death in 2010",
// "she preceded him in death in 2013", "preceded in death by ...".
func (c *sctx) death(k int, triggers []int) {
	ti := c.items[k].tok
	w := c.low(ti)
	if (w == "preceded" || w == "predeceased") && (c.low(ti+1) == "by" || c.low(ti+1) == "in" && c.low(ti+2) == "death" && c.low(ti+3) == "by") {
		c.survivors(k, true)
		return
	}
	if w == "passed" && c.low(ti+1) != "away" && c.low(ti+1) != "on" {
		return
	}
	var who []*entity
	if w == "death" {
		x := ti - 1
		switch c.low(x) {
		case "his":
			if e := c.pronoun('M', x); e != nil {
				who = []*entity{e}
			}
		case "her":
			if e := c.pronoun('F', x); e != nil {
				who = []*entity{e}
			}
		case "'s":
			for _, m := range c.ments {
				if m.j == x && m.ent != nil {
					who = []*entity{m.ent.find()}
				}
			}
		}
		if who == nil {
			return
		}
	} else {
		who = c.subjBefore(k)
		c.verbDone(k, who)
		if c.negated(k) {
			return
		}
		if len(who) == 0 && c.sentenceInitial(ti) {
			// a notice: "Passed away peacefully on 14 February 2023"
			if e := c.topicFor('U'); e != nil {
				who = []*entity{e}
			}
		}
		if len(who) == 0 && c.low(ti-1) == "," && len(c.clauseSubj) > 0 {
			// "Mary outlived him by 30 years, dying in 1978"
			who = c.clauseSubj[len(c.clauseSubj)-1:]
		}
	}
	if len(who) != 1 {
		return
	}
	e := who[0]
	e.dead = true
	if wd, ok := c.clauseDate(ti, triggers); ok && !wd.span {
		if !e.death.known() {
			e.death, e.deathS = wd.start, c.si
		}
	}
	// "died in March at 88", "died … aged 91", "at the age of 86"
	if e.death.known() {
		for x := ti + 1; x < len(c.toks) && x <= ti+10; x++ {
			w := c.low(x)
			if w == ";" || w == "." {
				break
			}
			a := 0
			switch {
			case (w == "at" || w == "aged") && c.ageAt(x+1) > 0:
				a = c.ageAt(x + 1)
			case w == "age" && c.low(x+1) == "of" && c.ageAt(x+2) > 0:
				a = c.ageAt(x + 2)
			}
			if a > 0 {
				e.setBirth(years{e.death.lo - a - 1, e.death.lo - a}, prioComputed, c.si)
				break
			}
		}
	}
}

// survivors reads an obituary's "survived by" and "preceded in death by"
// lists: kinship phrases without a possessor belong to the subject.
func (c *sctx) survivors(k int, dead bool) {
	subj := c.subjBefore(k)
	if len(subj) != 1 {
		return
	}
	for j := k + 1; j < len(c.items); j++ {
		n := c.items[j].np
		if n == nil || n.kin == nil {
			continue
		}
		if len(n.kin.poss) == 0 {
			for _, r := range n.kin.refs {
				c.relate(subj[0], r, n.kin)
			}
		}
		if dead {
			for _, r := range n.kin.refs {
				r.find().dead = true
			}
			for _, r := range n.ents {
				r.find().dead = true
			}
		}
	}
}

// costar reads "A and B co-starred in 1994's The Getaway and 1991's The
// Marrying Man".
func (c *sctx) costar(k int) {
	subj := c.subjBefore(k)
	ti := c.items[k].tok
	if len(subj) == 1 && c.low(ti+1) == "with" {
		if obj := c.objAfter(k + 1); len(obj) > 0 {
			subj = append(subj, obj[0])
		}
	}
	if len(subj) != 2 {
		return
	}
	found := false
	for x := ti + 1; x < len(c.toks); x++ {
		y, ok := yearTok(c.toks[x])
		if !ok || c.low(x+1) != "'s" {
			continue
		}
		e := x + 2
		for e < len(c.toks) && (c.toks[e].isCap() || particles()[c.low(e)] || c.low(e) == "of" || c.low(e) == "the" && c.toks[e].isCap()) {
			e++
		}
		if e == x+2 {
			continue
		}
		title := joinToks(c.toks[x+2 : e])
		c.addFact(&fact{kind: kOther, a: subj[0], b: subj[1], label: "co-starred in " + title, year: oneYear(y)})
		found = true
	}
	if !found {
		c.addFact(&fact{kind: kOther, a: subj[0], b: subj[1], label: "co-starred"})
	}
}

// turns reads "DJ turns 9 next month", "she turned 40 in May": a birthday
// in a known year gives the birth year exactly.
func (c *sctx) turns(k int) {
	ti := c.items[k].tok
	age, ok := isAge(c.tok(ti + 1))
	if !ok {
		if n, isNum := number(c.toks, ti+1); isNum && c.tok(ti+1).kind == tWord && n > 1 {
			age, ok = n, true // "turns four this month"
		} else {
			return
		}
	}
	subj := c.subjBefore(k)
	if len(subj) != 1 {
		return
	}
	y := c.d.year
	switch {
	case c.low(ti+2) == "next" && c.low(ti+3) == "month":
		if c.d.month == 12 {
			y++
		}
	case c.low(ti+2) == "last" && c.low(ti+3) == "month":
		if c.d.month == 1 {
			y--
		}
	case c.low(ti+2) == "next" && c.low(ti+3) == "year":
		y++
	case c.low(ti+2) == "last" && c.low(ti+3) == "year":
		y--
	case c.low(ti+2) == "this" && (c.low(ti+3) == "year" || c.low(ti+3) == "month" || c.low(ti+3) == "week"),
		c.low(ti+2) == "today" || c.low(ti+2) == "yesterday" || c.low(ti+2) == "on":
	case c.low(ti+2) == "in" && monthNum()[c.low(ti+3)] > 0:
		m := monthNum()[c.low(ti+3)]
		if c.low(ti) == "turned" && m > c.d.month {
			y--
		} else if c.low(ti) != "turned" && m < c.d.month {
			y++
		}
	default:
		subj[0].setBirth(c.d.ageBirth(age), prioComputed, c.si)
		return
	}
	subj[0].setBirth(oneYear(y-age), prioExplicit, c.si)
}

// cofounded reads "Sunita Rao co-founded Paylane with Arjun in 1998" and
// "A and B co-founded Paylane": business partners.
func (c *sctx) cofounded(k int, triggers []int) {
	ti := c.items[k].tok
	subj := c.subjBefore(k)
	// the company: capitalised words after the verb
	e := ti + 1
	for e < len(c.toks) && c.toks[e].isCap() {
		e++
	}
	what := joinToks(c.toks[ti+1 : e])
	if len(subj) == 1 {
		for x := k + 1; x < len(c.items) && x <= k+5; x++ {
			if c.itemLow(x) == "with" {
				if obj := c.objAfter(x); len(obj) == 1 {
					subj = append(subj, obj[0])
				}
				break
			}
		}
	}
	if len(subj) != 2 || c.negated(k) {
		return
	}
	label := "co-founded"
	if what != "" {
		label += " " + what
	}
	f := &fact{kind: kOther, a: subj[0], b: subj[1], label: label}
	if w, ok := c.clauseDate(ti, triggers); ok && !w.span {
		f.year = w.start
	}
	c.addFact(f)
}

// copula reads "My dad is Bill Finch": a kinship phrase with a possessor
// and no name, identified with a name.
func (c *sctx) copula(k int) {
	// "Anne Doyle is Rose's youngest child": the subject is the kin
	if k+1 < len(c.items) && c.items[k+1].np != nil && !c.negated(k+1) && !negations()[c.low(c.items[k].tok+1)] {
		if o := c.items[k+1].np; o.kin != nil && len(o.kin.poss) > 0 && len(o.kin.refs) == 0 && o.kin.of == nil && !o.kin.ofPoss {
			if subj := c.subjBefore(k); len(subj) == 1 {
				for _, p := range o.kin.poss {
					c.relate(p, subj[0], o.kin)
				}
				return
			}
		}
	}
	if k == 0 || c.items[k-1].np == nil {
		return
	}
	n := c.items[k-1].np
	if n.kin == nil || len(n.kin.refs) > 0 || c.negated(k+1) || negations()[c.low(c.items[k].tok+1)] {
		return
	}
	if len(n.kin.poss) == 0 {
		// "Maternal grandparents are Nils and Ingrid Lindgren": relatives
		// of the story's people, with no one to attach them to
		if n.kin.of == nil && c.sentenceInitial(n.i) {
			for _, e := range c.objAfter(k) {
				e.family, e.person, e.weak = true, true, false
			}
		}
		return
	}
	j := k + 1
	for j < len(c.items) && j <= k+4 && c.items[j].np == nil {
		w := c.itemLow(j)
		if w != "the" && w != "now" && w != "also" && w != "still" {
			return
		}
		j++
	}
	if j >= len(c.items) || c.items[j].np == nil {
		return
	}
	o := c.items[j].np
	if o.kin != nil || o.pron || len(o.ents) != 1 {
		return
	}
	for _, p := range n.kin.poss {
		c.relate(p, o.ents[0], n.kin)
	}
}

// anchor attaches "the daughter of X" and "the younger of Butch's two sons"
// to the person they describe: the phrase before it ("Tyler Rozenboom, son
// of Janet and Mike"), the subject of "is", the subject of the clause it
// closes ("Margaret was born in 1931, the eldest daughter of …") or, when
// it opens the sentence ("Beloved mother of …"), the person the story is
// about. "Graham Whitaker, Susan's husband" relates the name before a
// kinship phrase with a possessor.
func (c *sctx) anchor(k int) {
	n := c.items[k].np
	kn := n.kin
	if kn.theirAt >= 0 && len(kn.refs) > 0 {
		if es := c.theyAt(kn.theirAt); len(es) == 2 && (len(kn.poss) != 2 || es[0] != kn.poss[0].find() || es[1] != kn.poss[1].find()) {
			kn.poss = es
			for _, p := range es {
				for _, r := range kn.refs {
					c.relate(p, r, kn)
				}
			}
		}
	}
	prev := c.itemLow(k - 1)
	if len(kn.poss) > 0 && len(kn.refs) == 0 && !kn.ofPoss {
		if prev == "," && k >= 2 && c.items[k-2].np != nil && (c.itemLow(k+1) == "," || c.itemLow(k+1) == "." || c.itemLow(k+1) == ";" || k+1 >= len(c.items)) {
			p := c.items[k-2].np
			if ents := c.npEnts(p); len(ents) == 1 && !p.pron && (len(n.ents) == 0 || n.ents[0].find() == ents[0].find()) {
				for _, o := range kn.poss {
					c.relate(o, ents[0], kn)
				}
				if kn.coParent != nil {
					c.relate(kn.coParent, ents[0], kn)
				}
			} else if kn.term.plural && len(n.ents) == 0 {
				// "King Harald and Queen Margit, Amalia's parents"
				targets := p.kin.ofList()
				if p.kin == nil {
					targets = c.subjBefore(k - 1)
				}
				for _, o := range kn.poss {
					for _, t := range targets {
						c.relate(o, t, kn)
					}
				}
			}
		}
		return
	}
	if kn.of == nil && !kn.ofPoss {
		return
	}
	var who []*entity
	switch {
	case prev == "," || prev == "-" || prev == "(":
		if k-2 >= 0 && c.items[k-2].np != nil {
			p := c.items[k-2].np
			who = c.npEnts(p)
			if kn.term.plural {
				who = c.subjBefore(k - 1)
				if len(who) == 0 {
					who = c.npEnts(p)
				}
			}
		} else if len(c.subject) > 0 && prev == "," {
			who = c.subject
		}
	case copulas()[prev] || prev == "now" || prev == "also":
		who = c.subjBefore(k)
	case c.sentenceInitial(c.itemTok(k)):
		if e := c.topicFor('U'); e != nil {
			who = []*entity{e}
		}
	}
	if prev == "and" || prev == "," && len(who) == 0 {
		// "… grandmother to A, and great-grandmother to B"
		x := k - 1
		// past "and", commas and an aside: ", a Lagos textile merchant,"
		for s := 0; x >= 0 && s < 10 && (c.items[x].np == nil || c.items[x].np.kin == nil); s++ {
			w := c.itemLow(x)
			if w == ";" || copulas()[w] {
				break
			}
			// a person named in between ends the search, except a name
			// used as a modifier: "a Lagos textile merchant"
			if p := c.items[x].np; p != nil && len(p.ents) > 0 && !p.ents[0].weak && c.itemLow(x-1) != "a" {
				break
			}
			x--
		}
		if x >= 0 && c.items[x].np != nil && c.items[x].np.kin != nil && len(c.items[x].np.kin.anchor) > 0 {
			who = c.items[x].np.kin.anchor
		}
	}
	kn.anchor = who
	if len(who) == 0 || c.negated(k) {
		return
	}
	for _, a := range who {
		if kn.ofPoss {
			for _, p := range kn.poss {
				c.relate(p, a, kn)
			}
			continue
		}
		for _, o := range kn.of {
			c.relate(o, a, kn)
		}
	}
}
