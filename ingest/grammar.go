package ingest

import (
	"strings"

	"kin"
)

var possPronouns = lazyWordSet(`his her their my our its`)

var prepositions = lazyWordSet(`in on at for from by with to of into about over under after before during since than like between among`)

var adverbs = lazyWordSet(`now also officially legally recently finally then first later happily secretly quietly
	reportedly still eventually just both all have has had been be being is was were are got get gets did
	does do will would could once since already never not n't again too even only soon later briefly didn't don't doesn't wasn't weren't isn't hasn't haven't hadn't won't`)

var compareWords = lazyWordSet(`younger older elder eldest oldest youngest first second third only other`)

// buildItems reads the sentence into noun phrases and tokens.
func (c *sctx) buildItems() {
	c.findSpeaker()
	for i := 0; i < len(c.toks); {
		n := c.parseNP(i)
		if n == nil {
			switch c.low(i) {
			case "his":
				c.pronoun('M', i)
			case "her":
				c.pronoun('F', i)
			}
			c.items = append(c.items, item{tok: i})
			if c.low(i) == ";" {
				c.afterSemicolon = true
			}
			if w := c.low(i); copulas()[w] || w == "has" || w == "have" || w == "had" || w == "will" || grammarWord(w) && !isKinWord(w) && !kinModifiers()[w] && !adverbs()[w] {
				c.verbSeen = true
			}
			switch w := c.low(i); {
			case w == "and":
				c.afterAnd = true
			case w == "," && c.low(i+1) == "and":
			case c.afterAnd && c.toks[i].kind == tWord && !barrierWords()[w]:
				// "Kira Vale and actor Dominic Reyes"
			default:
				c.subjOpen = false
			}
			i++
			continue
		}
		// "Sofía and Moncho's mother": a coordinated possessor
		if n.kin != nil && len(n.kin.poss) == 1 && c.ments[n.i] != nil && len(c.items) >= 2 {
			a, b := c.items[len(c.items)-1], c.items[len(c.items)-2]
			if a.np == nil && c.low(a.tok) == "and" && b.np != nil && b.np.kin == nil && len(b.np.ents) == 1 && !b.np.pron {
				n.kin.poss = append([]*entity{b.np.ents[0]}, n.kin.poss...)
				for _, r := range n.kin.refs {
					c.relate(b.np.ents[0], r, n.kin)
				}
				n.i = b.np.i
				c.items = c.items[:len(c.items)-2]
			}
		}
		c.items = append(c.items, item{np: n})
		if len(n.ents) > 0 && !(n.i > 0 && prepositions()[c.low(n.i-1)]) && !(len(n.ents) == 1 && n.ents[0].weak) && (c.subject != nil || !c.verbSeen) {
			switch {
			case c.subject == nil:
				c.subject = n.ents
				c.clauseSubj = append(c.clauseSubj, n.ents...)
				c.subjOpen = true
			case c.subjOpen && c.afterAnd:
				// "Astrid and Mateo Lindgren-Ruiz ..."
				c.subject = append(append([]*entity{}, c.subject...), n.ents...)
			case c.afterSemicolon && !n.lazy:
				if nx := c.tok(n.j); nx.kind == tWord && nx.low != "and" && nx.low != "or" {
					c.clauseSubj = append(c.clauseSubj, n.ents...)
				}
			}
			c.afterSemicolon = false
		}
		c.afterAnd = false
		i = n.j
	}
}

// findSpeaker sets the speaker of quotations from a speech verb and its
// subject: `Ron said`, `she added`, `said Ron`.
func (c *sctx) findSpeaker() {
	for i, t := range c.toks {
		if !speechVerbs()[t.low] {
			continue
		}
		var who *entity
		found := false
		if i > 0 {
			p := c.toks[i-1]
			switch p.low {
			case "he", "she":
				sx := byte('M')
				if p.low == "she" {
					sx = 'F'
				}
				// a quotation goes on: "she added" is the speaker so far
				if sp := c.d.speaker; sp != nil && sp.find().sex == sx {
					who, found = sp.find(), true
					touch(who, c.pos(i-1))
				} else {
					who, found = c.pronounOutsideQuote(sx, i-1), true
				}
				if who != nil {
					c.pinned[i-1] = who
				}
			default:
				for _, m := range c.ments {
					if m.j == i && m.ent != nil {
						who, found = m.ent, true
					}
				}
				if !found && p.kind == tWord && !p.isCap() {
					// "the insider says", "a family friend tells"
					found = i >= 2 && (c.low(i-2) == "the" || c.low(i-2) == "a" || c.low(i-3) == "a" || c.low(i-3) == "the")
				}
			}
		}
		if !found {
			if m := c.ments[i+1]; m != nil && m.ent != nil {
				who, found = m.ent, true
			}
		}
		if found {
			c.d.speaker = who
			return
		}
	}
}

// parseNP reads a noun phrase denoting people at token i, or returns nil.
func (c *sctx) parseNP(i int) *np {
	if i >= len(c.toks) {
		return nil
	}
	t := c.toks[i]
	if t.low == "whose" {
		if n := c.kinNP(i); n != nil {
			return n
		}
	}
	if (t.low == "who" || t.low == "whose") && i > 0 && c.low(i-1) == "," {
		for k := len(c.items) - 1; k >= 0; k-- {
			if it := c.items[k]; it.np != nil {
				if it.np.j == i-1 && (len(it.np.ents) > 0 || it.np.lazy) {
					return &np{i: i, j: i + 1, ents: it.np.ents, rel: true, lazy: it.np.lazy}
				}
				break
			}
		}
		return nil
	}
	if e := c.pinned[i]; e != nil {
		return &np{i: i, j: i + 1, ents: []*entity{e.find()}, pron: true}
	}
	if n := c.kinNP(i); n != nil {
		return n
	}
	if m := c.ments[i]; m != nil && m.ent != nil {
		return c.mentionNP(m)
	}
	// "The daughter of A and B, she grew up …": the pronoun is the person
	// the fronted description is about
	if (t.low == "he" || t.low == "she") && i > 0 && c.low(i-1) == "," && len(c.items) == 2 {
		if f := c.items[0].np; f != nil && f.kin != nil && f.kin.of != nil && len(f.kin.poss) == 0 && f.j == i-1 {
			sx := byte('M')
			if t.low == "she" {
				sx = 'F'
			}
			if e := c.topicFor(sx); e != nil && (e.sex == sx || e.sex == 'U') {
				e.setSex(sx, c.si)
				touch(e, c.pos(i))
				return &np{i: i, j: i + 1, ents: []*entity{e}, pron: true}
			}
		}
	}
	switch t.low {
	case "he", "him":
		if e := c.pronoun('M', i); e != nil {
			return &np{i: i, j: i + 1, ents: []*entity{e}, pron: true}
		}
		return nil
	case "she":
		if e := c.pronoun('F', i); e != nil {
			return &np{i: i, j: i + 1, ents: []*entity{e}, pron: true}
		}
		return nil
	case "her":
		nx := c.tok(i + 1)
		if nx.kind == tWord && !barrierWords()[nx.low] {
			return nil // "her name": a possessive before a noun
		}
		if e := c.pronoun('F', i); e != nil {
			return &np{i: i, j: i + 1, ents: []*entity{e}, pron: true}
		}
		return nil
	case "they", "them":
		if es := c.theyAt(i); es != nil {
			return &np{i: i, j: i + 1, ents: es, pron: true, lazy: true}
		}
		return nil
	case "i", "me":
		if c.d.speaker != nil {
			return &np{i: i, j: i + 1, ents: []*entity{c.d.speaker.find()}, pron: true}
		}
		return nil
	case "the", "late", "baby", "little":
		if n := c.refNP(i); n != nil {
			return n
		}
		if t.low == "the" {
			return c.theNP(i)
		}
		return nil
	case "a", "an":
		return c.namedNP(i)
	}
	return nil
}

// theNP reads "the couple", "the bride" and definite descriptions of a
// person in the story: "the actor", "The 58-year-old chief executive".
func (c *sctx) theNP(i int) *np {
	nx := c.low(i + 1)
	if coupleNouns()[nx] && nx != "stars" && nx != "parents" {
		return &np{i: i, j: i + 2, ents: c.theyAt(i), lazy: true}
	}
	if (nx == "bride" || nx == "groom") && c.low(i+2) != "'s" {
		if e := c.bride(nx == "groom"); e != nil {
			touch(e, c.pos(i))
			n := &np{i: i, j: i + 2, ents: []*entity{e}}
			c.trailingAge(n, e)
			return n
		}
		return nil
	}
	// a description: up to seven words ending in a role noun
	age := 0
	inQuote := false
	for k := i + 1; k < len(c.toks) && k <= i+8; k++ {
		t := c.toks[k]
		if t.low == `"` {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if t.kind == tNum {
			if n, ok := isAge(t); ok && c.low(k+1) == "-" && strings.HasPrefix(c.low(k+2), "year-old") {
				age = n
			}
			continue
		}
		if t.low == "-" || t.low == "year-old" {
			continue
		}
		if t.kind != tWord || barrierWords()[t.low] || possPronouns()[t.low] || c.ments[k] != nil && !t.isCap() {
			return nil
		}
		head := t.low
		sx, isRole := occupations()[head]
		plural := coupleNouns()[head]
		if kt, ok := kinTerms()[head]; ok && c.low(k+1) == "of" && (c.tok(k+2).kind == tNum || numberWords()[c.low(k+2)] > 1) {
			// "The 46-year-old mother of four": a role of the story's person
			sx, isRole = kt.sex, true
			k += 2
			head = ""
		}
		if !isRole && !plural {
			continue
		}
		// the role must end the phrase: not "the actor Alec Baldwin", not
		// "the singer's album"
		nt := c.tok(k + 1)
		if c.ments[k+1] != nil || nt.low == "'s" {
			return nil
		}
		if _, ok := occupations()[nt.low]; (ok || coupleNouns()[nt.low]) && head != "" {
			continue
		}
		if plural {
			if es := c.theyAt(i); es != nil {
				return &np{i: i, j: k + 1, ents: es, lazy: true}
			}
			return nil
		}
		e := c.topicFor(sx)
		if e == nil {
			return nil
		}
		e.setSex(sx, c.si)
		touch(e, c.pos(i))
		n := &np{i: i, j: k + 1, ents: []*entity{e}}
		if age > 0 {
			e.setBirth(c.d.ageBirth(age), prioComputed, c.si)
		}
		c.trailingAge(n, e)
		return n
	}
	return nil
}

// namedNP reads "a girl named Heather" and "a boy and a girl named Mason
// and Maya".
func (c *sctx) namedNP(i int) *np {
	var sexes []byte
	k := i
	for k < len(c.toks) && k < i+12 {
		w := c.low(k)
		switch w {
		case "a", "an", "and", "baby", "little", "young":
		case "boy", "son", "man":
			sexes = append(sexes, 'M')
		case "girl", "daughter", "woman":
			sexes = append(sexes, 'F')
		case "named", "called":
			m := c.ments[k+1]
			if m == nil || m.ent == nil {
				return nil
			}
			refs, j := c.refList(k+1, len(sexes) > 1)
			if len(refs) == 0 {
				return nil
			}
			for x, e := range refs {
				if x < len(sexes) {
					e.setSex(sexes[x], c.si)
				}
			}
			return &np{i: i, j: j, ents: refs}
		default:
			return nil
		}
		k++
	}
	return nil
}

// mentionNP reads a name with what may follow it: an age (", 34,"), a
// place ("of Pella"), an alias ("— better known as Moncho", `— "Butch"`).
func (c *sctx) mentionNP(m *mention) *np {
	e := m.ent.find()
	n := &np{i: m.i, j: m.j, ents: []*entity{e}}
	if m.also != nil {
		n.ents = append(n.ents, m.also.find())
	}
	if c.low(n.j) == "'s" {
		return n
	}
	c.trailingAge(n, e)
	// "Klaus Voss (born 1961)", "(b. 1961)", "(1940–2024)"
	if c.low(n.j) == "(" {
		k := n.j + 1
		if w := c.low(k); w == "born" || w == "b." || w == "b" {
			k++
		}
		if y, ok := yearTok(c.tok(k)); ok {
			if c.low(k+1) == ")" {
				e.setBirth(oneYear(y), prioExplicit, c.si)
				n.j = k + 2
			} else if y2, ok := yearTok(c.tok(k + 2)); ok && c.low(k+1) == "-" && c.low(k+3) == ")" && y2 >= y {
				e.setBirth(oneYear(y), prioExplicit, c.si)
				if !e.death.known() {
					e.death, e.deathS, e.dead = oneYear(y2), c.si, true
				}
				n.j = k + 4
			}
		}
	}
	// "34-year-old Marcus Hill", "Ninety-year-old Hildegard Bauer"
	if m.i >= 3 && strings.HasPrefix(c.low(m.i-1), "year-old") && c.low(m.i-2) == "-" {
		if a, ok := isAge(c.tok(m.i - 3)); ok {
			e.setBirth(c.d.ageBirth(a), prioComputed, c.si)
		}
	} else if m.i >= 1 && strings.HasSuffix(c.low(m.i-1), "-year-old") {
		if a := wordAge(strings.TrimSuffix(c.low(m.i-1), "-year-old")); a > 0 {
			e.setBirth(c.d.ageBirth(a), prioComputed, c.si)
		}
	}
	// "Harold Vandermeer, 84, of Pella,", "James Whitcombe, of Bath"
	if c.low(n.j) == "," && c.low(n.j+1) == "of" && c.tok(n.j+2).isCap() {
		n.j++
	}
	// of Place[, State]
	if c.low(n.j) == "of" && c.tok(n.j+1).isCap() && c.ments[n.j+1] != nil {
		pm := c.ments[n.j+1]
		j := pm.j
		if c.low(j) == "," && (usStates()[c.low(j+1)] || strings.HasSuffix(c.low(j+1), ".") && c.tok(j+1).isCap()) {
			j += 2
		} else if c.low(j) == "," && c.ments[j+1] != nil && c.ments[j+1].name.tokens() == 1 && c.low(c.ments[j+1].j) == "," && c.low(c.ments[j+1].j+1) == "and" {
			// "of Bath, Somerset, and …": a county or region
			j = c.ments[j+1].j
		}
		n.j = j
	} else if c.low(n.j) == "of" && c.tok(n.j+1).isCap() && orgWords()[c.low(n.j+2)] {
		n.j += 3
	} else if c.low(n.j) == "of" && c.tok(n.j+1).isCap() && c.ments[n.j+1] == nil {
		n.j += 2
	}
	c.trailingAge(n, e) // "Princess Amalia of Norland, 32,"
	// aliases after a dash or comma
	j := n.j
	if c.low(j) == "-" || c.low(j) == "," || c.low(j) == "(" {
		k := j + 1
		switch {
		case c.low(k) == `"` && c.tok(k+1).isCap():
			e2 := k + 1
			for e2 < len(c.toks) && e2 < k+5 && c.tok(e2).isCap() {
				e2++
			}
			if c.low(e2) == `"` {
				e.nicks = append(e.nicks, joinToks(c.toks[k+1:e2]))
				c.d.index(e)
				if nm := c.ments[k+1]; nm != nil && nm.ent != nil && nm.j == e2 {
					e = c.d.merge(e, nm.ent)
					n.ents = []*entity{e}
				}
				// skip to the closing dash of the aside
				end := e2 + 1
				for x := end; x < len(c.toks) && x < end+8; x++ {
					if c.low(x) == "-" && c.low(j) == "-" {
						end = x + 1
						break
					}
				}
				n.j = end
			}
		case c.low(k) == "better" || c.low(k) == "known" || c.low(k) == "nicknamed" || c.low(k) == "aka" || c.low(k) == "a.k.a.":
			for x := k; x < len(c.toks) && x < k+6; x++ {
				if mm := c.ments[x]; mm != nil && mm.ent != nil {
					other := mm.ent.find()
					if other != e {
						e = c.d.merge(e, other)
					}
					e.nicks = append(e.nicks, mm.name.full())
					c.d.index(e)
					n.ents = []*entity{e}
					n.j = mm.j
					break
				}
			}
		case c.low(j) == "-" && c.ments[k] != nil && c.ments[k].ent != nil && (c.low(c.ments[k].j) == "-" || c.low(c.ments[k].j) == ","):
			// DJ — DeShawn Jr. — : two names of one person
			mm := c.ments[k]
			e = c.d.merge(e, mm.ent)
			n.ents = []*entity{e}
			n.j = mm.j
			if c.low(n.j) == "-" {
				n.j++
			}
		}
	}
	return n
}

// trailingAge reads ", 34," or ", now 17," after a person.
func (c *sctx) trailingAge(n *np, e *entity) {
	j := n.j
	if c.low(j) != "," && c.low(j) != "(" {
		return
	}
	k := j + 1
	if c.low(k) == "now" || c.low(k) == "aged" || c.low(k) == "age" {
		k++
	}
	a, ok := isAge(c.tok(k))
	if !ok {
		return
	}
	nx := c.tok(k + 1)
	if nx.kind == tWord && nx.low != "and" || nx.low == "-" && c.tok(k+2).kind == tNum || nx.kind == tNum {
		return // "Sept. 8, 2024", "1-3" are not ages
	}
	e.setBirth(c.d.ageBirth(a), prioComputed, c.si)
	n.j = k + 1
	if c.low(n.j) == ")" {
		n.j++
	}
}

// kinNP reads a kinship phrase at i.
func (c *sctx) kinNP(i int) *np {
	var poss []*entity
	j := i
	t := c.tok(i)
	hasPoss := false
	theirAt := -1
	switch {
	case t.low == "whose" && i > 0 && c.low(i-1) == ",":
		// "said Erin, whose mother, Anne Doyle, is …"
		if _, ok := c.kinHead(i + 1); !ok {
			return nil
		}
		for x := len(c.items) - 1; x >= 0; x-- {
			if it := c.items[x]; it.np != nil {
				if it.np.j == i-1 && len(it.np.ents) == 1 {
					poss = []*entity{it.np.ents[0].find()}
				}
				break
			}
		}
		if poss == nil {
			return nil
		}
		hasPoss = true
		j = i + 1
	case possPronouns()[t.low]:
		if _, ok := c.kinHead(i + 1); !ok {
			return nil
		}
		switch t.low {
		case "his", "her":
			sx := byte('M')
			if t.low == "her" {
				sx = 'F'
			}
			// in an obituary's list of survivors every "her" is the
			// deceased's
			if s := c.survivorSubject(i); s != nil && (s.sex == sx || s.sex == 'U') {
				s.setSex(sx, c.si)
				poss = []*entity{s}
				c.d.mention(s, mentionPos{pos: c.pos(i), poss: true})
			} else if e := c.pronoun(sx, i); e != nil {
				poss = []*entity{e}
			}
		case "their":
			poss = c.theyAt(i)
			theirAt = i
			// "Their parents", "their grandfather": a couple shares no
			// parents, so "their" is the latest siblings
			if t, _ := c.kinHead(i + 1); (t.rel == kParent || t.rel == kFamily && t.sex != 0 && !t.plural && isAscending(c, i+1)) && c.d.siblings[0] != nil {
				poss = []*entity{c.d.siblings[0].find(), c.d.siblings[1].find()}
				theirAt = -1
			}
		case "my":
			if c.d.speaker != nil {
				poss = []*entity{c.d.speaker.find()}
			}
		}
		hasPoss = true
		j = i + 1
	case c.ments[i] != nil && c.low(c.ments[i].j) == "'s":
		m := c.ments[i]
		if _, ok := c.kinHead(m.j + 1); !ok {
			return nil
		}
		if m.ent != nil {
			poss = []*entity{m.ent.find()}
		}
		hasPoss = true
		j = m.j + 1
	case t.low == "the" && coupleNouns()[c.low(i+1)] && c.low(i+2) == "'s":
		if _, ok := c.kinHead(i + 3); !ok {
			return nil
		}
		poss = c.theyAt(i)
		hasPoss = true
		j = i + 3
	case t.low == "the" && (c.low(i+1) == "bride" || c.low(i+1) == "groom") && c.low(i+2) == "'s":
		if _, ok := c.kinHead(i + 3); !ok {
			return nil
		}
		if e := c.bride(c.low(i+1) == "groom"); e != nil {
			poss = []*entity{e}
			c.d.mention(e, mentionPos{pos: c.pos(i), poss: true})
		}
		hasPoss = true
		j = i + 3
	case t.low == "the" || t.low == "a" || t.low == "an" || t.kind == tNum || numberWords()[t.low] > 0:
		// "the younger of Butch's two sons"
		if t.low == "the" && compareWords()[c.low(i+1)] && c.low(i+2) == "of" {
			if inner := c.kinNP(i + 3); inner != nil && inner.kin != nil && (len(inner.kin.poss) > 0 || inner.kin.of != nil) {
				if len(inner.kin.refs) == 0 && len(inner.kin.poss) > 0 {
					inner.kin.ofPoss = true
				}
				inner.i = i
				return inner
			}
			return nil
		}
		if _, ok := c.kinHead(i + 1); !ok || c.low(i+1) == "bride" || c.low(i+1) == "groom" {
			return nil
		}
		j = i + 1
	default:
		if _, ok := c.kinHead(i); !ok || t.low == "adopted" {
			return nil // "who adopted both children": a verb, not a modifier
		}
	}
	k := &kinNP{poss: poss, theirAt: theirAt}
	if n, ok := number(c.toks, i); ok && !hasPoss {
		k.n = n
	}
	for kinModifiers()[c.low(j)] && !isKinWord(c.low(j)) || (j < len(c.toks) && c.toks[j].kind == tNum) || c.low(j) == "-" {
		switch c.low(j) {
		case "late":
			k.late = true
		case "former", "ex":
			k.former = true
		case "twin":
			k.twin = true
		}
		j++
	}
	compound := ""
	if n := c.compoundOther(j); n > 0 {
		compound = joinToks(c.toks[j : j+n])
		j += n
	}
	w := c.low(j)
	for isKinWord(w) && isKinWord(c.low(j+1)) {
		// "twin brother", "baby girl": the first noun modifies the second
		if w == "twin" || w == "twins" {
			k.twin = true
		}
		j++
		w = c.low(j)
	}
	term, ok := kinTerms()[w]
	if !ok {
		// "her eldest, Diego": an ordinal alone stands for a child
		if pw := c.low(j - 1); j > i && (pw == "eldest" || pw == "youngest" || pw == "oldest") && (w == "," || c.ments[j] != nil) && hasPoss {
			term, w = kinTerms()["child"], pw
			j--
		} else {
			return nil
		}
	}
	k.term, k.word = term, w
	if compound != "" && term.rel == kOther {
		k.term.label = compound + " " + w
		if strings.Contains(term.label, "romantic") {
			k.term.label += " (romantic partners)"
		}
		term = k.term
	}
	j++
	n := &np{i: i, j: j, kin: k}
	// wife of 45 years
	if c.low(j) == "of" {
		if num, ok := number(c.toks, j+1); ok && (c.low(j+2) == "years" || c.low(j+2) == "decades") {
			if c.low(j+2) == "decades" {
				num *= 10
			}
			k.dur = num
			j += 3
			n.j = j
		}
	}
	// "his son with his second wife, Simone Aubert": the other parent
	if term.rel == kChild && c.low(j) == "with" {
		if inner := c.parseNP(j + 1); inner != nil && len(inner.ents) == 1 && !inner.pron {
			k.coParent = inner.ents[0]
			j = inner.j
			n.j = j
		}
	}
	// "two daughters of his own"
	if c.low(j) == "of" && possPronouns()[c.low(j+1)] && c.low(j+2) == "own" {
		j += 3
		n.j = j
	}
	if !hasPoss && term.rel == kChild && c.low(j) == "born" && c.low(j+1) == "to" {
		j++ // "five children born to Stanley and Helen Nowak"
	}
	if !hasPoss && (c.low(j) == "of" || c.low(j) == "to" && (term.rel == kParent || term.rel == kFamily || term.rel == kSibling || term.rel == kOther || term.rel == kChild && c.low(j-1) == "born")) {
		x := j + 1
		// "the younger sister of Grammy winner Shelby Crane"
		for d := 0; d < 4 && x < len(c.toks) && c.ments[x] == nil && (c.toks[x].kind == tWord && !barrierWords()[c.low(x)] && !possPronouns()[c.low(x)] && !isKinWord(c.low(x)) && c.low(x) != "the" && c.low(x) != "late" && c.low(x) != "a" && c.low(x) != "an" || c.low(x) == "," && d > 0); d++ {
			x++
		}
		if c.ments[x] == nil {
			x = j + 1
		}
		refs, end := c.refList(x, true)
		if len(refs) == 0 {
			// "father to a grown son, Travis"
			if inner := c.kinNP(j + 1); inner != nil && inner.kin != nil && len(inner.kin.poss) == 0 && len(inner.kin.refs) > 0 {
				for _, r := range inner.kin.refs {
					r.setSex(inner.kin.term.sex, c.si)
				}
				refs, end = inner.kin.refs, inner.j
			}
		}
		if len(refs) == 0 {
			return nil
		}
		k.of = refs
		n.j = end
		return n
	}
	// apposition: a separator, a short description, then the name(s)
	start := j
	if w := c.low(j); w == "," || w == "-" || w == ":" || w == "(" {
		start = j + 1
	}
	plural := term.plural || k.n > 1
	commas, age := 0, 0
	for x := start; x < len(c.toks) && x <= start+6; x++ {
		tx := c.toks[x]
		if a, ok := isAge(tx); ok && c.low(x+1) == "-" && strings.HasPrefix(c.low(x+2), "year-old") {
			age = a
			x += 2
			continue
		}
		if tx.low == "from" && (numberWords()[c.low(x+1)] > 0 || c.tok(x+1).kind == tNum) && (c.low(x+2) == "marriages" || c.low(x+2) == "relationships") {
			x += 2 // "three children from two marriages: …"
			continue
		}
		if tx.low == "from" && possPronouns()[c.low(x+1)] && (c.low(x+3) == "marriage" || c.low(x+3) == "relationship" || c.low(x+2) == "marriage" || c.low(x+2) == "relationship") {
			// "his children from his first marriage, Kevin and Laura"
			x += 2
			if c.low(x) != "marriage" && c.low(x) != "relationship" {
				x++
			}
			continue
		}
		if (tx.low == "," || tx.low == ":" || tx.low == "-") && x > start && commas == 0 && !barrierWords()[c.low(x-1)] {
			commas++ // "a daughter together, Skye", "three children together: …"
			continue
		}
		if c.ments[x] != nil || (possPronouns()[tx.low] && x > start) {
			refs, end := c.refList(x, plural)
			if len(refs) > 0 && age > 0 && len(refs) == 1 {
				refs[0].setBirth(c.d.ageBirth(age), prioComputed, c.si)
			}
			if len(refs) > 0 {
				if !plural && len(refs) > 1 {
					refs = refs[:1]
				}
				k.refs = refs
				n.j = end
				n.ents = refs
				if c.low(start-1) == "(" && c.low(n.j) == ")" {
					n.j++
				}
			}
			break
		}
		if tx.kind == tPunct && tx.low != `"` && tx.low != "-" || barrierWords()[tx.low] || isKinWord(tx.low) || tx.low == "'s" {
			break
		}
		if tx.low == "a" || tx.low == "an" {
			if nn := c.namedNP(x); nn != nil {
				k.refs = nn.ents
				n.j = nn.j
				n.ents = nn.ents
				break
			}
		}
		if (tx.low == "a" || tx.low == "an") && isKinWord(c.low(x+1)) {
			// "their first child, a daughter, Freya": the second noun is
			// more precise
			if t2 := kinTerms()[c.low(x+1)]; t2.rel == term.rel && !t2.plural {
				if t2.sex != 'U' {
					k.term.sex = t2.sex
					term.sex = t2.sex
				}
				x++
				if c.low(x+1) == "," {
					x++
				}
				start = x + 1
				continue
			}
		}
		if tx.low == "a" || tx.low == "an" {
			if nn := c.namedNP(x); nn != nil {
				k.refs = nn.ents
				n.j = nn.j
				n.ents = nn.ents
				break
			}
		}
	}
	for _, r := range k.refs {
		if term.rel == kChild || term.rel == kSibling || term.rel == kStepChild {
			c.parenSpouse(r)
		}
		if term.rel != kOther || term.label == "engaged" || strings.Contains(term.label, "romantic") {
			r.find().setSex(term.sex, c.si)
		}
	}
	if k.twin || term.twin && term.rel == kChild {
		c.twins(k.refs)
	} else if term.rel == kSibling && term.plural && len(k.poss) == 0 && !hasPoss && len(k.refs) >= 2 && !term.half && !term.step {
		// "brothers Tom and Jonas Lindqvist"
		for a := 0; a < len(k.refs); a++ {
			for b := a + 1; b < len(k.refs); b++ {
				c.addFact(&fact{kind: kSibling, a: k.refs[a], b: k.refs[b]})
			}
		}
	}
	if len(k.poss) > 0 && len(k.refs) > 0 {
		for _, p := range k.poss {
			for _, r := range k.refs {
				c.relate(p, r, k)
			}
		}
	}
	if k.coParent != nil {
		for _, r := range k.refs {
			c.relate(k.coParent, r, k)
		}
	}
	for _, p := range k.poss {
		p.family, p.person, p.weak = true, true, false
	}
	// "his father and stepmother, Paula Greer": the second noun has the
	// same possessor and the name
	var second *np
	if len(k.poss) > 0 && len(k.refs) == 0 && c.low(n.j) == "and" && isKinWord(c.low(n.j+1)) {
		if inner := c.kinNP(n.j + 1); inner != nil && inner.kin != nil && len(inner.kin.poss) == 0 && len(inner.kin.refs) > 0 {
			second = inner
			for _, p := range k.poss {
				for _, r := range inner.kin.refs {
					c.relate(p, r, inner.kin)
				}
			}
		}
	}
	if len(k.poss) == 1 && len(k.refs) == 0 && hasPoss && term.rel == kParent && term.plural {
		// "her parents"
		if ps := c.d.parentsOf(k.poss[0].find()); len(ps) == 2 {
			n.ents = ps
			for _, e := range ps {
				touch(e, c.pos(i))
			}
		}
	} else if len(k.poss) == 1 && len(k.refs) == 0 && hasPoss && term.rel == kParent && term.sex != 'U' && c.d.relativeOf(k.poss[0], term) == nil {
		// "his late father" when the mother's husband is known
		if e := c.d.otherParent(k.poss[0].find(), term.sex, k.late); e != nil {
			c.relate(k.poss[0], e, k)
			touch(e, c.pos(i))
			n.ents = []*entity{e}
		}
	} else if len(k.poss) == 1 && len(k.refs) == 0 && hasPoss {
		if e := c.d.relativeOf(k.poss[0], term); e != nil {
			touch(e, c.pos(i))
			n.ents = []*entity{e}
			c.trailingAge(n, e)
			if k.late {
				e.dead = true
			}
		}
	}
	if second != nil {
		n.ents = append(append([]*entity{}, n.ents...), second.kin.refs...)
		n.j = second.j
	}
	return n
}

func isKinWord(w string) bool {
	_, ok := kinTerms()[w]
	return ok
}

// kinHead reports whether a kinship noun follows at i after modifiers.
func (c *sctx) kinHead(i int) (kinTerm, bool) {
	for k := i; k < len(c.toks) && k < i+5; k++ {
		w := c.low(k)
		if t, ok := kinTerms()[w]; ok {
			return t, true
		}
		if kinModifiers()[w] || c.toks[k].kind == tNum || w == "-" {
			if (w == "eldest" || w == "youngest" || w == "oldest") && (c.low(k+1) == "," || c.ments[k+1] != nil) {
				return kinTerms()["child"], true
			}
			continue
		}
		if c.compoundOther(k) > 0 {
			return kinTerms()[c.low(k+c.compoundOther(k))], true
		}
		return kinTerm{}, false
	}
	return kinTerm{}, false
}

// compoundOther reports how many plain words at k come before a partner
// noun: "college sweetheart", "business partner", "longtime girlfriend".
// Kinship nouns take only the listed modifiers; partner nouns take any
// one or two lower-case words.
func (c *sctx) compoundOther(k int) int {
	for n := 1; n <= 2; n++ {
		w := c.tok(k + n - 1)
		if w.kind != tWord || w.isCap() || barrierWords()[w.low] || isKinWord(w.low) || possPronouns()[w.low] {
			return 0
		}
		if t, ok := kinTerms()[c.low(k+n)]; ok {
			if t.rel == kOther {
				return n
			}
			return 0
		}
	}
	return 0
}

// survivorSubject returns the subject of a "survived by", "leaves" or
// "preceded in death by" that comes before token i, or nil.
func (c *sctx) survivorSubject(i int) *entity {
	if len(c.subject) != 1 {
		return nil
	}
	// "a daughter, Susan Miller, and her husband, Tom": her is Susan's
	if c.low(i-1) == "and" {
		for x := len(c.items) - 1; x >= 0; x-- {
			it := c.items[x]
			if it.np == nil {
				if w := c.low(it.tok); w == ";" {
					break
				}
				continue
			}
			if len(it.np.ents) > 0 && it.np.ents[len(it.np.ents)-1].find() != c.subject[0].find() {
				return nil
			}
			break
		}
	}
	for x := i - 1; x >= 1; x-- {
		w, p := c.low(x), c.low(x-1)
		if w == "by" && (p == "survived" || p == "death" || p == "predeceased") || (w == "leaves" || w == "behind") && x < i-1 {
			return c.subject[0].find()
		}
	}
	return nil
}

// isAscending reports whether the kinship noun after i names an elder
// generation: grandfather, grandparents, great-grandmother.
func isAscending(c *sctx, i int) bool {
	for k := i; k < len(c.toks) && k < i+5; k++ {
		w := c.low(k)
		if isKinWord(w) {
			return strings.Contains(w, "grandfather") || strings.Contains(w, "grandmother") || strings.Contains(w, "grandparent") ||
				w == "grandma" || w == "grandpa" || w == "granny" || w == "granddad" || w == "grandad"
		}
	}
	return false
}

// twins records that the people in refs are twins of each other.
func (c *sctx) twins(refs []*entity) {
	for a := 0; a < len(refs); a++ {
		for b := a + 1; b < len(refs); b++ {
			v := false
			c.addFact(&fact{kind: kSibling, a: refs[a], b: refs[b], half: &v})
		}
	}
}

// parenSpouse reads the obituary form "Dale (Karen) Vandermeer" in a list
// of children or siblings: Karen is Dale's spouse, with Dale's surname. A
// parenthesised name with a particle ("Betty (Van Zee) DeJong") is a
// maiden name.
func (c *sctx) parenSpouse(e *entity) {
	e = e.find()
	if e.maiden == "" || e.neeSure || strings.Contains(e.maiden, " ") || particles()[strings.ToLower(strings.Fields(e.maiden)[0])] {
		return
	}
	given := e.maiden
	e.maiden = ""
	sp := nameParts{given: []string{given}, surname: e.name.surname}
	m := &mention{name: sp}
	s := c.d.lookup(m, c.s.end)
	if s == nil {
		s = c.d.newEntity(m, c.si)
	}
	touch(s, c.s.start)
	c.addFact(&fact{kind: kSpouse, a: e, b: s, conf: kin.ConfidenceNormal})
}

// refList reads one name (or kinship phrase with a possessor) or, when
// plural, a list of them: "A, B, and C", "Ava and her brother, Liam".
func (c *sctx) refList(i int, plural bool) ([]*entity, int) {
	var out []*entity
	j := i
	group := 0 // first item of the current group, for "A and B, from his marriage to C"
	for {
		n := c.refNP(j)
		if n == nil {
			break
		}
		for _, e := range n.ents {
			e.person = true
		}
		out = append(out, n.ents...)
		j = n.j
		// "A, who died in a crash in 2005, and B": a relative clause inside
		// a list; its death and marriage are kept
		if plural && c.low(j) == "," && c.low(j+1) == "who" && len(n.ents) == 1 {
			for x := j + 2; x < len(c.toks) && x < j+16; x++ {
				if c.low(x) == "," && c.low(x+1) == "and" {
					c.asideFacts(n.ents[0], j+2, x)
					j = x
					break
				}
				if w := c.low(x); w == ";" || w == "." {
					break
				}
			}
		}
		// "…, and Marcus, his son with his second wife, Simone Aubert"
		if plural && c.low(j) == "," && possPronouns()[c.low(j+1)] && len(n.ents) == 1 {
			if inner := c.kinNP(j + 1); inner != nil && inner.kin != nil && len(inner.kin.poss) > 0 && len(inner.kin.refs) == 0 && inner.kin.coParent != nil {
				if w := c.low(inner.j); w == "," || w == "." || w == ";" || inner.j >= len(c.toks) {
					for _, p := range inner.kin.poss {
						c.relate(p, n.ents[0], inner.kin)
					}
					c.relate(inner.kin.coParent, n.ents[0], inner.kin)
					j = inner.j
				}
			}
		}
		// "Caroline and Peter, from his marriage to the late Evelyn Hale,"
		if plural && c.low(j) == "," && c.low(j+1) == "from" && possPronouns()[c.low(j+2)] {
			x := j + 3
			for kinModifiers()[c.low(x)] {
				x++
			}
			if (c.low(x) == "marriage" || c.low(x) == "relationship") && c.low(x+1) == "to" {
				if o := c.refNP(x + 2); o != nil && len(o.ents) == 1 {
					for _, ch := range out[group:] {
						c.relate(o.ents[0], ch, &kinNP{term: kinTerms()["child"]})
					}
					if c.low(x) == "marriage" && c.low(j+2) != "their" {
						if p := c.possAt(j + 2); p != nil {
							c.addFact(&fact{kind: kSpouse, a: p, b: o.ents[0]})
						}
					}
					group = len(out)
					j = o.j
				}
			}
		}
		if !plural {
			break
		}
		// separators: "," "and" ", and" "as well as" "&"
		k := j
		if c.low(k) == "," {
			k++
			// an aside between commas: "Josh Brandt, class of 1999, and ..."
			for x := k; x < len(c.toks) && x < k+5; x++ {
				t := c.toks[x]
				if t.low == "," && x > k {
					k = x + 1
					break
				}
				if c.ments[x] != nil || t.kind == tPunct || barrierWords()[t.low] && t.low != "of" || isKinWord(t.low) || possPronouns()[t.low] {
					break
				}
			}
		}
		and := false
		if c.low(k) == "and" || c.low(k) == "&" || c.low(k) == "or" {
			k++
			and = true
		}
		if k == j {
			break
		}
		nx := c.refNP(k)
		if nx == nil && and {
			// "A and the civil-rights lawyer B": a short description first
			x := k
			for d := 0; d < 4 && x < len(c.toks) && c.ments[x] == nil && c.toks[x].kind == tWord && (!barrierWords()[c.low(x)] || c.low(x) == "the" || c.low(x) == "a") && !possPronouns()[c.low(x)] && !isKinWord(c.low(x)) && c.low(x) != "late"; d++ {
				x++
			}
			if x > k && c.ments[x] != nil {
				if nx = c.refNP(x); nx != nil {
					k = x
				}
			}
		}
		if nx == nil || c.appositiveKinAt(nx.j) {
			break
		}
		j = k
	}
	// "Vy and Mai, 15": an age after the last name of a list is everyone's
	// when no other name has its own
	if len(out) > 1 {
		last := out[len(out)-1].find()
		if last.birthS == c.si && last.birthP == prioComputed {
			shared := true
			for _, e := range out[:len(out)-1] {
				shared = shared && !e.find().birth.known()
			}
			if shared {
				for _, e := range out[:len(out)-1] {
					e.find().setBirth(last.birth, prioComputed, c.si)
				}
			}
		}
	}
	return out, j
}

// asideFacts reads a relative clause about e in toks[i:j]: "who died in a
// crash in 2005", "who later married Bernd Keller".
func (c *sctx) asideFacts(e *entity, i, j int) {
	e = e.find()
	for x := i; x < j; x++ {
		switch c.low(x) {
		case "died", "passed":
			e.dead = true
			for y := x + 1; y < j; y++ {
				if v, ok := yearTok(c.tok(y)); ok && !e.death.known() {
					e.death, e.deathS = oneYear(v), c.si
					break
				}
			}
		case "married", "wed":
			for y := x + 1; y < j && y <= x+5; y++ {
				if m := c.ments[y]; m != nil && m.ent != nil {
					f := &fact{kind: kSpouse, a: e, b: m.ent.find()}
					for z := i; z < j; z++ {
						if v, ok := yearTok(c.tok(z)); ok {
							f.start, f.startP = oneYear(v), c.datePrio()
						}
					}
					c.addFact(f)
					break
				}
			}
		}
	}
}

// possAt resolves the possessive pronoun at i, or nil.
func (c *sctx) possAt(i int) *entity {
	switch c.low(i) {
	case "his":
		return c.pronoun('M', i)
	case "her":
		return c.pronoun('F', i)
	}
	return nil
}

// appositiveKinAt reports whether ", [modifiers] KIN of" follows at i:
// "Sophie, younger daughter of …" starts a new item, not a list member.
func (c *sctx) appositiveKinAt(i int) bool {
	if c.low(i) != "," {
		return false
	}
	for k := i + 1; k < len(c.toks) && k < i+5; k++ {
		w := c.low(k)
		if isKinWord(w) {
			return !kinTerms()[w].plural && (c.low(k+1) == "of" || c.low(k+1) == "to")
		}
		if !kinModifiers()[w] && w != "the" && w != "a" && w != "an" {
			return false
		}
	}
	return false
}

// refNP reads a name, or a kinship phrase with a possessor and a name.
// "the late Michael" and "baby Isla" are names with a word before them.
func (c *sctx) refNP(i int) *np {
	if w := c.low(i); (w == "the" && c.low(i+1) == "late" || w == "late" || w == "baby" || w == "little") && c.ments[i] == nil {
		k := i + 1
		if w == "the" {
			k = i + 2
		}
		if m := c.ments[k]; m != nil && m.ent != nil && c.low(m.j) != "'s" {
			n := c.mentionNP(m)
			if w == "late" || w == "the" {
				for _, e := range n.ents {
					e.dead = true
				}
			}
			n.i = i
			return n
		}
	}
	if m := c.ments[i]; m != nil && m.ent != nil {
		if c.low(m.j) == "'s" {
			if n := c.kinNP(i); n != nil && len(n.ents) > 0 {
				return n
			}
			return nil
		}
		return c.mentionNP(m)
	}
	if possPronouns()[c.low(i)] {
		if n := c.kinNP(i); n != nil && len(n.ents) > 0 {
			return n
		}
	}
	return nil
}
