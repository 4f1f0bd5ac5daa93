package ingest

import (
	"sort"
	"strings"

	"kin"
)

// finish applies the rules that need the whole article: a Jr.'s father,
// a step-child's parent, marriages ended by a death, and merging of
// repeated claims.
func (d *doc) finish() {
	d.juniors()
	d.steps()
	d.mergeFacts()
	d.capParents()
	d.reindexFacts()
	d.deathsEndMarriages()
	d.siblingHalves()
	// "divorced earlier this year after eight years of marriage"
	for _, f := range d.facts {
		if f.kind == kSpouse && f.dur > 0 && f.startP <= prioComputed && f.end.known() && f.endReason == "divorce" {
			f.start = years{f.end.lo - f.dur, f.end.lo - f.dur}
		}
	}
}

// siblingHalves marks siblings with the same two known parents as full
// siblings, and those who share one of two known parents as half siblings.
func (d *doc) siblingHalves() {
	for _, f := range d.facts {
		if f.kind != kSibling || f.half != nil {
			continue
		}
		pa, pb := d.parentsOf(f.a), d.parentsOf(f.b)
		if len(pa) != 2 || len(pb) != 2 {
			continue
		}
		shared := 0
		for _, x := range pa {
			for _, y := range pb {
				if x == y {
					shared++
				}
			}
		}
		switch shared {
		case 2:
			v := false
			f.half = &v
		case 1:
			v := true
			f.half = &v
		}
	}
}

// juniors links "X Jr." to the same-named father when the article names
// him ("Walter Kessler Sr.", or "Ramón Ibáñez" without a suffix).
func (d *doc) juniors() {
	for _, e := range d.ents {
		if e.merged != nil || e.name.suffix != "Jr." || len(e.name.given) == 0 {
			continue
		}
		var father *entity
		for _, f := range d.byGiven[fold(e.name.given[0])] {
			if f.merged != nil || f == e || len(f.name.given) == 0 || fold(f.name.given[0]) != fold(e.name.given[0]) {
				continue
			}
			if f.name.suffix != "" && f.name.suffix != "Sr." {
				continue
			}
			if len(e.name.surname) > 0 && len(f.name.surname) > 0 && fold(e.name.last()) != fold(f.name.last()) {
				continue
			}
			if father == nil || f.name.suffix == "Sr." && father.name.suffix != "Sr." {
				father = f
			}
		}
		if father == nil {
			continue
		}
		// Jr. with no surname takes the father's: "Walter Jr." of "Walter Kessler Sr."
		if len(e.name.surname) == 0 && len(father.name.surname) > 0 {
			e.addForm(e.name.full())
			e.name.surname = father.name.surname
		}
		e.setSex('M', e.first)
		father.setSex('M', e.first)
		e.family, father.family = true, true
		d.addRaw(&fact{kind: kChild, a: father, b: e, sent: e.first, conf: kin.ConfidenceNormal, lineage: kin.LineageBirth})
	}
}

// steps gives a step-child the step-parent's spouse as a parent: "his
// stepson, Ryan" makes Ryan the child of his wife. The spouse chosen is the
// latest one the marriage of whom did not end in divorce, preferring one
// who is alive.
func (d *doc) steps() {
	for _, f := range append([]*fact{}, d.facts...) {
		if f.kind != kStepChild {
			continue
		}
		sp, child := f.a.find(), f.b.find()
		var best *entity
		for _, g := range d.factsAbout(sp) {
			if g.kind != kSpouse || g.ex || g.endReason == "divorce" {
				continue
			}
			var other *entity
			if g.a.find() == sp {
				other = g.b.find()
			} else if g.b.find() == sp {
				other = g.a.find()
			}
			if other == nil || other == child {
				continue
			}
			if best == nil || best.dead && !other.dead || !other.dead {
				best = other
			}
		}
		if best == nil {
			// "her stepfather, Samuel": the husband of her mother
			for _, p := range d.parentsOf(child) {
				if p == sp || sp.sex != 'U' && p.sex == sp.sex || d.currentlyMarried(p) {
					continue
				}
				g := &fact{kind: kSpouse, a: sp, b: p, sent: f.sent, conf: kin.ConfidenceNormal}
				if p.remarried.known() {
					g.start, g.startP = p.remarried, prioExplicit
				} else if sp.remarried.known() {
					g.start, g.startP = sp.remarried, prioExplicit
				}
				d.addRaw(g)
				f.resolved = true
				sp.family, p.family = true, true
				break
			}
			continue
		}
		if best != nil && len(d.parentsOf(child)) < 2 {
			d.addRaw(&fact{kind: kChild, a: best, b: child, sent: f.sent, conf: kin.ConfidenceNormal, lineage: kin.LineageBirth})
		}
		for _, p := range d.parentsOf(child) {
			if p == best || d.married(p, sp) {
				f.resolved = true
			}
		}
	}
}

// currentlyMarried reports whether e has a marriage not ended by divorce
// or death.
func (d *doc) currentlyMarried(e *entity) bool {
	for _, f := range d.factsAbout(e) {
		if f.kind == kSpouse && (f.a.find() == e || f.b.find() == e) && !f.ex && f.endReason == "" && !f.a.dead && !f.b.dead {
			return true
		}
	}
	return false
}

func (d *doc) married(a, b *entity) bool {
	for _, f := range d.factsAbout(a) {
		if f.kind == kSpouse && (f.a.find() == a && f.b.find() == b || f.a.find() == b && f.b.find() == a) {
			return true
		}
	}
	return false
}

// spousesOf returns the people e married.
func (d *doc) spousesOf(e *entity) []*entity {
	e = e.find()
	var out []*entity
	for _, f := range d.factsAbout(e) {
		if f.kind == kSpouse {
			if f.a.find() == e {
				out = append(out, f.b.find())
			} else {
				out = append(out, f.a.find())
			}
		}
	}
	return uniq(out)
}

// childrenOf returns e's children.
func (d *doc) childrenOf(e *entity) []*entity {
	e = e.find()
	var out []*entity
	for _, f := range d.factsAbout(e) {
		if f.kind == kChild && f.a.find() == e {
			out = append(out, f.b.find())
		}
	}
	return uniq(out)
}

func (d *doc) parentsOf(child *entity) []*entity {
	var out []*entity
	for _, f := range d.factsAbout(child) {
		if f.kind == kChild && f.b.find() == child {
			out = append(out, f.a.find())
		}
	}
	return uniq(out)
}

func factKey(f *fact) string {
	a, b := f.a.find().id, f.b.find().id
	if f.kind != kChild && f.kind != kStepChild && a > b {
		a, b = b, a
	}
	k := string(rune('0'+f.kind)) + ":" + itoa(a) + ":" + itoa(b)
	if f.kind == kOther {
		k += ":" + strings.ToLower(f.label)
	}
	return k
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// mergeFacts joins repeated claims about the same tie, keeping the best
// dated evidence and every sentence.
func (d *doc) mergeFacts() {
	byKey := map[string]*fact{}
	var out []*fact
	for _, f := range d.facts {
		f.a, f.b = f.a.find(), f.b.find()
		if f.a == f.b {
			continue
		}
		k := factKey(f)
		g, ok := byKey[k]
		if !ok {
			byKey[k] = f
			out = append(out, f)
			continue
		}
		if f.dur > 0 && g.dur == 0 {
			g.dur = f.dur
		}
		if f.start.known() && f.startP > g.startP {
			// the sentence that gives the date is the main evidence
			g.start, g.startP = f.start, f.startP
			g.also = append(g.also, g.sent)
			g.sent = f.sent
			if f.end.known() {
				g.end = f.end
			}
			continue
		}
		if f.end.known() && !g.end.known() {
			g.end = f.end
		}
		if f.endReason == "divorce" || g.endReason == "" {
			if f.endReason != "" {
				g.endReason = f.endReason
			}
		}
		g.ex = g.ex || f.ex
		if g.half == nil {
			g.half = f.half
		}
		if !g.year.known() {
			g.year = f.year
		}
		if f.conf > g.conf {
			g.conf = f.conf
		}
		if g.lineage == kin.LineageBirth && f.lineage != "" {
			g.lineage = f.lineage
		}
		if f.sent != g.sent {
			g.also = append(g.also, f.sent)
		}
	}
	// "Kendra Simms, the mother of his oldest son" and a sibling implied
	// by a shared spouse tie need nothing more; a step-child claim that is
	// now a parent claim is dropped.
	married := map[string]bool{}
	for _, f := range out {
		if f.kind == kSpouse {
			married[factKey(f)] = true
		}
	}
	final := out[:0]
	for _, f := range out {
		if f.kind == kStepChild && f.resolved {
			continue
		}
		if f.kind == kOther && strings.Contains(f.label, "romantic") {
			// "his college sweetheart, Joan": the marriage says it all
			if married[factKey(&fact{kind: kSpouse, a: f.a, b: f.b})] {
				continue
			}
		}
		final = append(final, f)
	}
	d.facts = final
}

// reindexFacts rebuilds the person-to-facts index after facts were merged
// or dropped.
func (d *doc) reindexFacts() {
	d.factsOf = map[*entity][]*fact{}
	for _, f := range d.facts {
		a, b := f.a.find(), f.b.find()
		d.factsOf[a] = append(d.factsOf[a], f)
		if b != a {
			d.factsOf[b] = append(d.factsOf[b], f)
		}
	}
}

// capParents keeps at most two parents per child, preferring confident
// and earlier claims.
func (d *doc) capParents() {
	byChild := map[*entity][]*fact{}
	for _, f := range d.facts {
		if f.kind == kChild && f.lineage != kin.LineageAdopted {
			byChild[f.b] = append(byChild[f.b], f)
		}
	}
	drop := map[*fact]bool{}
	for _, fs := range byChild {
		if len(fs) <= 2 {
			continue
		}
		sort.SliceStable(fs, func(i, j int) bool { return fs[i].conf > fs[j].conf })
		for _, f := range fs[2:] {
			drop[f] = true
		}
	}
	out := d.facts[:0]
	for _, f := range d.facts {
		if !drop[f] {
			out = append(out, f)
		}
	}
	d.facts = out
}

// deathsEndMarriages ends a marriage not ended by divorce at the death of
// a partner.
func (d *doc) deathsEndMarriages() {
	for _, f := range d.facts {
		if f.kind != kSpouse || f.endReason == "divorce" || f.ex {
			continue
		}
		y := years{}
		for _, p := range []*entity{f.a, f.b} {
			if p.death.known() && (!y.known() || p.death.lo < y.lo) {
				y = p.death
			}
		}
		if y.known() {
			if !f.end.known() {
				f.end = y
			}
			f.endReason = "death"
			if f.dur > 0 && f.startP <= prioComputed {
				// "his wife of 71 years, Ruth, died in 2020"
				f.start = years{y.lo - f.dur - 1, y.lo - f.dur}
			}
		} else if (f.a.dead || f.b.dead) && f.endReason == "" {
			f.endReason = "death"
		}
	}
}
