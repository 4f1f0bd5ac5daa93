package web

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"

	"kin"
	"kin/date"
)

// The living-person rule. Viewers and anonymous readers see a living
// person only as "Living": no name, no dates, no events, no sources, in
// pages, search, charts, relationship answers, the API and downloads
// alike. Editors and admins see everyone.
//
// A person is living when all of these hold:
//
//  1. they have no death, burial or cremation event (dated or not);
//  2. and either they were born less than 100 years ago, or they have no
//     dates at all and a living relative.
//
// "Born less than 100 years ago" reads the birth date, else the
// christening or baptism date, else the earliest of the person's own dated
// events; it holds when the latest day that date may stand for (its
// Range) is less than 100 years before today. "A living relative" is a
// parent, partner or child of the person who meets rule 1 and was born
// less than 100 years ago by the same reading of their own dates; the rule
// is not applied again to the relative's relatives, so it always ends.
//
// A person marked private in their record (GEDCOM RESN PRIVACY or
// CONFIDENTIAL) is hidden from viewers too, whatever their dates.

// LivingYears is how recently a person must have been born to count as
// living when no death is recorded.
const LivingYears = 100

// privacyReason explains why a person is or is not hidden.
type privacyReason struct {
	Private bool   `json:"private"`
	Rule    string `json:"rule"`
	Reason  string `json:"reason"`
}

// dead reports whether p has a death, burial or cremation event.
func dead(p *kin.Person) bool {
	for _, e := range p.Events {
		switch e.Type {
		case kin.EventDeath, kin.EventBurial, kin.EventCremation:
			return true
		}
	}
	return false
}

// birthish returns the date that stands for p's birth, what it is, and
// whether p has any date at all.
func birthish(p *kin.Person) (d date.Date, what string, ok bool) {
	for _, t := range []kin.EventType{kin.EventBirth, kin.EventChristening, kin.EventBaptism} {
		if e, has := p.Event(t); has && !e.Date.IsZero() {
			if _, hi := e.Date.Range(); hi != date.MaxJDN {
				return e.Date, eventNames[t], true
			}
		}
	}
	var best kin.Event
	var bestLo date.JDN
	for _, e := range p.Events {
		if e.Date.IsZero() {
			continue
		}
		lo, hi := e.Date.Range()
		if lo == date.MinJDN && hi == date.MaxJDN {
			continue
		}
		if best.Date.IsZero() || lo < bestLo {
			best, bestLo = e, lo
		}
	}
	if best.Date.IsZero() {
		return date.Date{}, "", false
	}
	return best.Date, "earliest event (" + eventLabel(best) + ")", true
}

// recent reports whether d may fall less than LivingYears before now.
func recent(d date.Date, now time.Time) bool {
	_, hi := d.Range()
	cut, _ := date.FromTime(now.AddDate(-LivingYears, 0, 0)).Range()
	return hi > cut
}

// livingByDates applies rule 1 and the date half of rule 2.
func livingByDates(p *kin.Person, now time.Time) (living, dated bool) {
	if dead(p) {
		return false, true
	}
	d, _, ok := birthish(p)
	if !ok {
		return false, false
	}
	return recent(d, now), true
}

// explainPrivacy applies the rule to p, whose parents, partners and
// children are relatives, and says why.
func explainPrivacy(p *kin.Person, relatives []*kin.Person, now time.Time) privacyReason {
	return applyPrivacy(p, relatives, now, true)
}

// isPrivate applies the rule as explainPrivacy does, without the words.
func isPrivate(p *kin.Person, relatives []*kin.Person, now time.Time) bool {
	return applyPrivacy(p, relatives, now, false).Private
}

// applyPrivacy is explainPrivacy, with the reason written only when
// explain is set.
func applyPrivacy(p *kin.Person, relatives []*kin.Person, now time.Time, explain bool) privacyReason {
	r := privacyReason{Rule: "/privacy"}
	if p.Private() {
		r.Private, r.Reason = true, "The record is marked private (RESN)."
		return r
	}
	if dead(p) {
		r.Reason = "A death, burial or cremation is recorded, so the person is not living."
		return r
	}
	if d, what, ok := birthish(p); ok {
		r.Private = recent(d, now)
		switch {
		case !explain:
		case r.Private:
			r.Reason = fmt.Sprintf("No death is recorded and the %s, %s, is less than %d years ago.", what, d.String(), LivingYears)
		default:
			r.Reason = fmt.Sprintf("The %s, %s, is more than %d years ago.", what, d.String(), LivingYears)
		}
		return r
	}
	for _, rel := range relatives {
		if rel == nil {
			continue
		}
		if living, _ := livingByDates(rel, now); living {
			r.Private = true
			if explain {
				r.Reason = fmt.Sprintf("No dates are recorded, and a parent, partner or child (%s) is living by their dates.", rel.ID)
			}
			return r
		}
	}
	r.Reason = "No dates are recorded and no parent, partner or child is living by their dates."
	return r
}

// privacy decides, within one request, who is hidden, remembering what it
// learnt.
type privacy struct {
	g     *graph
	see   bool
	now   time.Time
	day   int // now's day, as verdicts keys it
	cache map[kin.ID]bool
}

func (s *Server) privacy(ctx context.Context, g *graph) *privacy {
	now := s.now()
	return &privacy{g: g, see: seesLiving(ctx), now: now, day: dayOf(now), cache: map[kin.ID]bool{}}
}

// dayOf returns t's day (in t's location) as yyyymmdd.
func dayOf(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// verdicts remembers, across requests, who is hidden from readers who may
// not see living people. They belong to one write version of the tree
// (served), and are dropped when the day changes, since the rule counts
// years from today. They are split in shards, each with its lock, by a
// hash of the ID: under 64 clients one lock over all of them was the one
// requests waited for most.
type verdicts struct {
	shards [verdictShards]verdictShard
}

const verdictShards = 64

type verdictShard struct {
	mu  sync.Mutex
	day int // dayOf the day they hold
	m   map[kin.ID]bool
}

// maxVerdicts bounds the memory the verdicts take (about 50 bytes each).
const maxVerdicts = 2_000_000

// verdictSeed seeds the hash that picks an ID's shard.
var verdictSeed = maphash.MakeSeed()

func (v *verdicts) shard(id kin.ID) *verdictShard {
	return &v.shards[maphash.String(verdictSeed, string(id))%verdictShards]
}

// get returns the verdict on id of day (dayOf today), if there is one:
// those of another day do not count.
func (v *verdicts) get(id kin.ID, day int) (hidden, ok bool) {
	sh := v.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if day != sh.day {
		return false, false
	}
	hidden, ok = sh.m[id]
	return hidden, ok
}

// put remembers the verdict on id of day, forgetting those of other days.
func (v *verdicts) put(id kin.ID, hidden bool, day int) {
	sh := v.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if day != sh.day || sh.m == nil || len(sh.m) >= maxVerdicts/verdictShards {
		sh.day, sh.m = day, make(map[kin.ID]bool)
	}
	sh.m[id] = hidden
}

// prefetch judges the people ps, loading the parents, partners and
// children of those without dates all at once (one query for their
// families, one for the relatives) instead of person by person.
func (v *privacy) prefetch(ctx context.Context, l *loader, ps []*kin.Person) error {
	if v.see {
		return nil
	}
	var undated []kin.ID
	for _, p := range ps {
		if _, ok := v.cache[p.ID]; ok {
			continue
		}
		if h, ok := v.g.sv.verdicts.get(p.ID, v.day); ok {
			v.cache[p.ID] = h
			continue
		}
		if p.Private() || dead(p) {
			v.judge(p, nil)
			continue
		}
		if _, _, ok := birthish(p); ok {
			v.judge(p, nil)
			continue
		}
		undated = append(undated, p.ID)
	}
	if len(undated) == 0 {
		return nil
	}
	fams, err := l.g.FamilyLinks(ctx, undated)
	if err != nil {
		return err
	}
	want := map[kin.ID]bool{}
	for _, id := range undated {
		want[id] = true
	}
	rels := map[kin.ID][]kin.ID{}
	var all []kin.ID
	for _, f := range fams {
		for _, c := range f.Children {
			if want[c.Child] {
				rels[c.Child] = append(rels[c.Child], f.Partners...)
				all = append(all, f.Partners...)
			}
		}
		for _, pid := range f.Partners {
			if !want[pid] {
				continue
			}
			for _, o := range f.Partners {
				if o != pid {
					rels[pid] = append(rels[pid], o)
					all = append(all, o)
				}
			}
			for _, c := range f.Children {
				rels[pid] = append(rels[pid], c.Child)
				all = append(all, c.Child)
			}
		}
	}
	var need []kin.ID
	for _, id := range all {
		if _, ok := l.people[id]; !ok {
			need = append(need, id)
		}
	}
	if len(need) > 0 {
		more, err := l.g.People(ctx, need)
		if err != nil {
			return err
		}
		for _, p := range more {
			l.people[p.ID] = p
		}
	}
	for _, id := range undated {
		var rs []*kin.Person
		for _, rid := range rels[id] {
			if p := l.people[rid]; p != nil {
				rs = append(rs, p)
			}
		}
		if rs == nil {
			rs = []*kin.Person{}
		}
		v.judge(l.people[id], rs)
	}
	return nil
}

// judge applies the rule to p with its relatives and remembers the verdict.
func (v *privacy) judge(p *kin.Person, relatives []*kin.Person) bool {
	h := isPrivate(p, relatives, v.now)
	v.cache[p.ID] = h
	v.g.sv.verdicts.put(p.ID, h, v.day)
	return h
}

// hidden reports whether p must be shown as "Living" to this reader.
// relatives, when known, are p's parents, partners and children; when nil
// and p has no dates, they are looked up.
func (v *privacy) hidden(ctx context.Context, p *kin.Person, relatives []*kin.Person) (bool, error) {
	if v.see || p == nil {
		return false, nil
	}
	if h, ok := v.cache[p.ID]; ok {
		return h, nil
	}
	if h, ok := v.g.sv.verdicts.get(p.ID, v.day); ok {
		v.cache[p.ID] = h
		return h, nil
	}
	if relatives == nil && !p.Private() && !dead(p) {
		if _, _, ok := birthish(p); !ok {
			var err error
			relatives, err = relativesOf(ctx, v.g, p.ID)
			if err != nil {
				return true, err
			}
		}
	}
	return v.judge(p, relatives), nil
}

// relativesOf returns the parents, partners and children of person id.
func relativesOf(ctx context.Context, g *graph, id kin.ID) ([]*kin.Person, error) {
	var ids []kin.ID
	cf, err := g.ChildFamilies(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, f := range cf {
		ids = append(ids, f.Partners...)
	}
	pf, err := g.PartnerFamilies(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, f := range pf {
		if o := f.OtherPartner(id); o != "" {
			ids = append(ids, o)
		}
		for _, c := range f.Children {
			ids = append(ids, c.Child)
		}
	}
	return g.People(ctx, ids)
}

// livingPerson is what a hidden person shows: their ID and nothing else.
func livingPerson(id kin.ID) *kin.Person {
	return &kin.Person{ID: id, Names: []kin.Name{{Given: "Living"}}}
}
