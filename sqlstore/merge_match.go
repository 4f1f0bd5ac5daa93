package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"kin"
	"kin/date"
)

// MatchThreshold is the score at which Merge takes a person of a fragment
// to be a person already in the tree.
//
// The score of a fragment person p against a tree person c is the sum of:
//
//   - name: 3 when a name of p and a name of c have the same given names
//     and surname; 2 when the surname is the same and the first given
//     name (or a nickname) is, or when the given names and surname agree
//     but only one of the two has a suffix (Jr., III); 1 when the first
//     given name agrees and one of the two names has no surname
//     ("Ireland" and "Ireland Baldwin"). Different suffixes, or no given
//     name in common, exclude c;
//   - sex: different known sexes exclude c;
//   - birth and death: +1 when both dates are known and their ranges
//     overlap; 0 when they miss each other by at most two years (a
//     conflict to record, not another person); more than two years apart
//     excludes c;
//   - relatives: +2 for every parent, partner, child or sibling of p that
//     is already matched to that kind of relative of c; +1 for one not yet
//     matched whose full name (score 3) is the name of such a relative of
//     c; +1 for every parent of a new sibling of p that is matched to a
//     parent of c; −2 for a named parent of p who is none of c's two
//     known parents.
//
// p is matched to the best c scoring at least MatchThreshold, unless two
// candidates share the best score: then p is ambiguous and becomes a new
// person, reported in MergeStats.Ambiguous. A new person whose best
// candidate scored MatchThreshold−1 is reported in MergeStats.Unsure, so
// that no possible duplicate is made silently. Matching runs in rounds, the
// highest scores first, so a match found in one round supports its
// relatives in the next; a tree person is matched at most once per merge.
// A full name alone (3) is enough; a given name alone (1) needs two
// relatives that agree ("Ireland" whose parents are Alec Baldwin and Kim
// Basinger).
const MatchThreshold = 3

// maxCandidates bounds the people one fragment person is compared with; a
// name shared by more people than this is too common to decide on.
const maxCandidates = 500

type relKind int

const (
	relParent relKind = iota
	relPartner
	relChild
	relSibling
)

var relNames = [...]string{"parent", "partner", "child", "sibling"}

// kinOf holds the relatives of people by kind.
type kinOf [4]map[kin.ID][]kin.ID

func (k *kinOf) add(kind relKind, of, rel kin.ID) {
	if of == rel {
		return
	}
	if k[kind] == nil {
		k[kind] = map[kin.ID][]kin.ID{}
	}
	for _, x := range k[kind][of] {
		if x == rel {
			return
		}
	}
	k[kind][of] = append(k[kind][of], rel)
}

// addFamily records the ties a family states.
func (k *kinOf) addFamily(partners []kin.ID, children []kin.ID) {
	for _, a := range partners {
		for _, b := range partners {
			k.add(relPartner, a, b)
		}
		for _, c := range children {
			k.add(relChild, a, c)
			k.add(relParent, c, a)
		}
	}
	for _, a := range children {
		for _, b := range children {
			k.add(relSibling, a, b)
		}
	}
}

// matchPeople decides which people of add are people of the tree and
// records them in the writer's translation.
func (m *merger) matchPeople(ctx context.Context, add *kin.Tree) error {
	w := m.w
	m.matched = map[kin.ID]bool{}
	assign := map[kin.ID]kin.ID{}  // fragment person → tree person
	claimed := map[kin.ID]kin.ID{} // tree person → fragment person
	var ext kinOf
	for _, f := range add.Families {
		var kids []kin.ID
		for _, c := range f.Children {
			kids = append(kids, c.Child)
		}
		ext.addFamily(f.Partners, kids)
	}
	extPeople := map[kin.ID]*kin.Person{}
	for _, p := range add.People {
		extPeople[p.ID] = p
	}

	// A person stored under the same ID is the same person: the same
	// article merged again.
	cands := map[kin.ID][]kin.ID{}
	need := map[kin.ID]bool{}
	for _, p := range add.People {
		var tag string
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT tag FROM records WHERE tree_id = ? AND id = ? AND superseded_at IS NULL LIMIT 1`), w.treeID, string(p.ID)).Scan(&tag)
		if err == nil && tag == "INDI" {
			m.matched[p.ID] = true
			assign[p.ID], claimed[p.ID] = p.ID, p.ID
			continue
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("match person %s: %w", p.ID, w.s.formatError(err))
		}
		ids, err := m.candidates(ctx, p)
		if err != nil {
			return err
		}
		cands[p.ID] = ids
		for _, id := range ids {
			need[id] = true
		}
	}
	if len(need) == 0 {
		return nil
	}

	// The candidates, their relatives and the relatives' names.
	people := map[kin.ID]*kin.Person{}
	if err := m.loadPeople(ctx, need, people); err != nil {
		return err
	}
	var tree kinOf
	relIDs := map[kin.ID]bool{}
	for id := range need {
		for _, kind := range []string{KindPartner, KindChild} {
			fams, err := m.r.families(ctx, id, kind)
			if err != nil {
				return err
			}
			for _, f := range fams {
				var kids []kin.ID
				for _, c := range f.Children {
					kids = append(kids, c.Child)
					relIDs[c.Child] = true
				}
				for _, p := range f.Partners {
					relIDs[p] = true
				}
				tree.addFamily(f.Partners, kids)
			}
		}
	}
	if err := m.loadPeople(ctx, relIDs, people); err != nil {
		return err
	}

	type scored struct {
		p, c   kin.ID
		score  int
		why    []string
		others []kin.ID // candidates with the same score
	}
	ambiguous := map[kin.ID]scored{}
	unsure := map[kin.ID]scored{} // best candidates below the threshold
	for round := 0; round < 8; round++ {
		var list []scored
		for _, p := range add.People {
			if _, ok := assign[p.ID]; ok {
				continue
			}
			var best scored
			best.score = -1 << 30
			for _, c := range cands[p.ID] {
				if _, ok := claimed[c]; ok || people[c] == nil {
					continue
				}
				s, why, ok := scorePerson(p, people[c], func(kind relKind) (ps, cs []kin.ID) {
					return ext[kind][p.ID], tree[kind][c]
				}, func(x kin.ID) []kin.ID { return ext[relParent][x] }, assign, extPeople, people)
				if !ok {
					continue
				}
				switch {
				case s > best.score:
					best = scored{p: p.ID, c: c, score: s, why: why}
				case s == best.score:
					best.others = append(best.others, c)
				}
			}
			if best.score >= MatchThreshold {
				list = append(list, best)
			} else if best.c != "" {
				unsure[p.ID] = best
			}
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].score > list[j].score })
		progress := false
		for _, s := range list {
			if len(s.others) > 0 {
				ambiguous[s.p] = s
				continue
			}
			if _, ok := claimed[s.c]; ok {
				continue
			}
			delete(ambiguous, s.p)
			assign[s.p], claimed[s.c] = s.c, s.p
			if s.p != s.c {
				w.translate[s.p] = s.c
			}
			m.stats.Matched = append(m.stats.Matched, PersonMatch{
				Extracted: s.p, Person: s.c, Name: extPeople[s.p].Name().Full(), Score: s.score, Why: s.why,
			})
			progress = true
		}
		if !progress {
			break
		}
	}
	for _, p := range add.People {
		if _, done := assign[p.ID]; done {
			continue
		}
		if s, ok := unsure[p.ID]; ok && s.score >= MatchThreshold-1 {
			if _, amb := ambiguous[p.ID]; !amb {
				m.stats.Unsure = append(m.stats.Unsure, PersonMatch{Extracted: p.ID, Person: s.c, Name: p.Name().Full(), Score: s.score, Why: s.why})
			}
		}
		s, ok := ambiguous[p.ID]
		if _, done := assign[p.ID]; !ok || done {
			continue
		}
		all := append([]kin.ID{s.c}, s.others...)
		sortIDs(all)
		m.stats.Ambiguous = append(m.stats.Ambiguous, Ambiguity{Extracted: p.ID, Name: p.Name().Full(), Score: s.score, Candidates: all})
	}
	return nil
}

// loadPeople reads the people with the IDs in ids that people lacks.
func (m *merger) loadPeople(ctx context.Context, ids map[kin.ID]bool, people map[kin.ID]*kin.Person) error {
	var list []kin.ID
	for id := range ids {
		if people[id] == nil {
			list = append(list, id)
		}
	}
	sortIDs(list)
	const chunk = 200
	for len(list) > 0 {
		n := min(chunk, len(list))
		ps, err := m.r.people(ctx, list[:n])
		if err != nil {
			return err
		}
		for _, p := range ps {
			people[p.ID] = p
		}
		list = list[n:]
	}
	return nil
}

// candidates returns the tree people who share a given name or nickname
// with p; when more than maxCandidates do, those who share a surname word
// too; when still more do, nobody (the name is too common to decide on).
func (m *merger) candidates(ctx context.Context, p *kin.Person) ([]kin.ID, error) {
	var given, surname []string
	for _, n := range p.Names {
		np := splitName(n)
		if len(np.given) > 0 {
			given = append(given, np.given[0])
		}
		if np.nick != "" {
			given = append(given, np.nick)
		}
		surname = append(surname, np.surname...)
	}
	if len(given) == 0 {
		return nil, nil
	}
	given = slices.Compact(slices.Sorted(slices.Values(given)))
	surname = slices.Compact(slices.Sorted(slices.Values(surname)))
	// One more than maxCandidates tells that there are too many.
	g, err := m.r.firstWith(ctx, 1, func(int) []string { return given }, maxCandidates+1)
	if err != nil {
		return nil, err
	}
	if len(g) > maxCandidates && len(surname) > 0 {
		// A common given name: only those who share the surname too.
		words := [][]string{given, surname}
		if g, err = m.r.firstWith(ctx, 2, func(i int) []string { return words[i] }, maxCandidates+1); err != nil {
			return nil, err
		}
	}
	if len(g) > maxCandidates {
		return nil, nil
	}
	return g, nil
}

// nameParts is a name as matching sees it: folded words.
type nameParts struct {
	given, surname []string
	nick, suffix   string
}

func splitName(n kin.Name) nameParts {
	np := nameParts{
		given:   Words(n.Given),
		surname: Words(n.SurnamePrefix() + " " + n.Surname),
		nick:    Fold(n.Nickname()),
		suffix:  Fold(n.Suffix()),
	}
	switch np.suffix {
	case "junior":
		np.suffix = "jr"
	case "senior":
		np.suffix = "sr"
	case "2nd":
		np.suffix = "ii"
	case "3rd":
		np.suffix = "iii"
	}
	return np
}

// nameScore scores two names by the rule of MatchThreshold; ok is false
// when they cannot be one person's (different suffixes).
func nameScore(a, b kin.Name) (score int, ok bool) {
	pa, pb := splitName(a), splitName(b)
	if pa.suffix != "" && pb.suffix != "" && pa.suffix != pb.suffix {
		return 0, false
	}
	given := 0
	switch {
	case len(pa.given) > 0 && equalWords(pa.given, pb.given):
		given = 2
	case len(pa.given) > 0 && len(pb.given) > 0 && pa.given[0] == pb.given[0],
		pa.nick != "" && len(pb.given) > 0 && pa.nick == pb.given[0],
		pb.nick != "" && len(pa.given) > 0 && pb.nick == pa.given[0],
		pa.nick != "" && pa.nick == pb.nick:
		given = 1
	}
	if given == 0 {
		return 0, true
	}
	switch {
	case len(pa.surname) == 0 || len(pb.surname) == 0:
		return 1, true
	case !equalWords(pa.surname, pb.surname):
		return 0, true
	}
	score = 2
	if given == 2 {
		score = 3
		if (pa.suffix == "") != (pb.suffix == "") {
			score = 2
		}
	}
	return score, true
}

func equalWords(a, b []string) bool {
	return strings.Join(a, " ") == strings.Join(b, " ")
}

// bestName returns the best score of any name of a against any of b.
func bestName(a, b *kin.Person) (int, bool) {
	if _, ok := nameScore(a.Name(), b.Name()); !ok {
		return 0, false
	}
	best := 0
	for _, x := range a.Names {
		for _, y := range b.Names {
			if s, ok := nameScore(x, y); ok && s > best {
				best = s
			}
		}
	}
	return best, true
}

// scorePerson scores fragment person p against tree person c by the rule
// of MatchThreshold. rel returns p's and c's relatives of a kind; assign
// holds the fragment people matched so far.
func scorePerson(p, c *kin.Person, rel func(relKind) (ps, cs []kin.ID), parentsOf func(kin.ID) []kin.ID, assign map[kin.ID]kin.ID, ext, tree map[kin.ID]*kin.Person) (int, []string, bool) {
	ns, ok := bestName(p, c)
	if !ok || ns <= 0 {
		return 0, nil, false
	}
	score := ns
	why := []string{fmt.Sprintf("name %q ~ %q (+%d)", p.Name().Full(), c.Name().Full(), ns)}
	if known(p.Sex) && known(c.Sex) && p.Sex != c.Sex {
		return 0, nil, false
	}
	for _, t := range []kin.EventType{kin.EventBirth, kin.EventDeath} {
		d, ok := compareDates(p, c, t)
		if !ok {
			return 0, nil, false
		}
		switch d {
		case 1:
			score++
			why = append(why, strings.ToLower(eventWord(t))+" agrees (+1)")
		case -1:
			why = append(why, strings.ToLower(eventWord(t))+" differs by up to two years (+0)")
		}
	}
	// A new sibling's parents, when they are c's parents, speak for p.
	_, cparents := rel(relParent)
	isParent := map[kin.ID]bool{}
	for _, x := range cparents {
		isParent[x] = true
	}
	sibs, _ := rel(relSibling)
	counted := map[kin.ID]bool{}
	for _, x := range sibs {
		if _, ok := assign[x]; ok {
			continue
		}
		for _, pp := range parentsOf(x) {
			if mp, ok := assign[pp]; ok && isParent[mp] && !counted[mp] {
				counted[mp] = true
				score++
				why = append(why, fmt.Sprintf("sibling %s's parent %s is a parent (+1)", ext[x].Name().Full(), ext[pp].Name().Full()))
			}
		}
	}
	for kind := relParent; kind <= relSibling; kind++ {
		ps, cs := rel(kind)
		in := map[kin.ID]bool{}
		for _, x := range cs {
			in[x] = true
		}
		for _, x := range ps {
			xp := ext[x]
			if xp == nil {
				continue
			}
			if mx, ok := assign[x]; ok {
				if in[mx] {
					score += 2
					why = append(why, fmt.Sprintf("%s %s matches (+2)", relNames[kind], xp.Name().Full()))
				} else if kind == relParent && len(cs) >= 2 {
					score -= 2
					why = append(why, fmt.Sprintf("parent %s is not a parent (-2)", xp.Name().Full()))
				}
				continue
			}
			found, similar := false, false
			for _, y := range cs {
				yp := tree[y]
				if yp == nil {
					continue
				}
				s, _ := bestName(xp, yp)
				found = found || s >= 3
				similar = similar || s >= 1
			}
			switch {
			case found:
				score++
				why = append(why, fmt.Sprintf("%s %s has the name of one (+1)", relNames[kind], xp.Name().Full()))
			case kind == relParent && len(cs) >= 2 && !similar && len(splitName(xp.Name()).surname) > 0:
				score -= 2
				why = append(why, fmt.Sprintf("parent %s is not a parent (-2)", xp.Name().Full()))
			}
		}
	}
	return score, why, true
}

func known(s kin.Sex) bool { return s == kin.SexMale || s == kin.SexFemale }

func eventWord(t kin.EventType) string {
	if t == kin.EventBirth {
		return "Birth"
	}
	return "Death"
}

// compareDates compares the first dated event of type t of two people:
// +1 when the dates overlap, −1 when they are at most two years apart
// (which scores nothing), 0 when either is unknown; ok is false when they
// are further apart.
func compareDates(a, b *kin.Person, t kin.EventType) (int, bool) {
	da, db := eventDate(a, t), eventDate(b, t)
	if da.IsZero() || db.IsZero() {
		return 0, true
	}
	alo, ahi := dateRange(da)
	blo, bhi := dateRange(db)
	if alo == 0 || ahi == 0 || blo == 0 || bhi == 0 {
		return 0, true
	}
	var gap date.JDN
	switch {
	case ahi < blo:
		gap = blo - ahi
	case bhi < alo:
		gap = alo - bhi
	default:
		return 1, true
	}
	if gap <= 2*366 {
		return -1, true
	}
	return 0, false
}

func eventDate(p *kin.Person, t kin.EventType) date.Date {
	for _, e := range p.Events {
		if e.Type == t && !e.Date.IsZero() {
			return e.Date
		}
	}
	return date.Date{}
}

// matchFamilies decides which families of add are families of the tree:
// the one with the same two partners; for a family with one partner, the
// partner's family that has one of its children, else the partner's family
// with no other partner; for a family without partners, one that has all
// its children (at least two).
func (m *merger) matchFamilies(ctx context.Context, add *kin.Tree) error {
	w := m.w
	m.famMatched = map[kin.ID]bool{}
	existing := func(id kin.ID) bool {
		_, ok := w.translate[id]
		return ok || m.matched[id]
	}
	for _, f := range add.Families {
		var tag string
		err := w.tx.QueryRowContext(ctx, w.s.q(`SELECT tag FROM records WHERE tree_id = ? AND id = ? AND superseded_at IS NULL LIMIT 1`), w.treeID, string(f.ID)).Scan(&tag)
		if err == nil && tag == "FAM" {
			m.famMatched[f.ID] = true
			continue
		} else if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("match family %s: %w", f.ID, w.s.formatError(err))
		}
		var partners, kids []kin.ID
		allKnown := true
		for _, p := range f.Partners {
			allKnown = allKnown && existing(p)
			partners = append(partners, w.mapID(p))
		}
		for _, c := range f.Children {
			if existing(c.Child) {
				kids = append(kids, w.mapID(c.Child))
			}
		}
		if !allKnown {
			continue
		}
		var found kin.ID
		switch len(partners) {
		case 2, 1:
			fams, err := m.r.families(ctx, partners[0], KindPartner)
			if err != nil {
				return err
			}
			for _, g := range fams {
				if len(partners) == 2 {
					if samePartners(g.Partners, partners) {
						found = g.ID
						break
					}
					continue
				}
				if sharesChild(g, kids) {
					found = g.ID
					break
				}
				if found == "" && len(g.Partners) == 1 {
					found = g.ID
				}
			}
		case 0:
			if len(kids) < 2 || len(kids) != len(f.Children) {
				continue
			}
			fams, err := m.r.families(ctx, kids[0], KindChild)
			if err != nil {
				return err
			}
			for _, g := range fams {
				n := 0
				for _, c := range kids {
					if sharesChild(g, []kin.ID{c}) {
						n++
					}
				}
				if n == len(kids) {
					found = g.ID
					break
				}
			}
		}
		if found != "" {
			w.translate[f.ID] = found
		}
	}
	return nil
}

func samePartners(a, b []kin.ID) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		ok := false
		for _, y := range b {
			ok = ok || x == y
		}
		if !ok {
			return false
		}
	}
	return true
}

func sharesChild(f *kin.Family, kids []kin.ID) bool {
	for _, c := range f.Children {
		for _, k := range kids {
			if c.Child == k {
				return true
			}
		}
	}
	return false
}
