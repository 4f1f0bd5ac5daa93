package web

import (
	"bytes"
	"context"
	"net/http"
	"sort"
	"strings"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// personLink is a person as a link: hidden people show as "Living".
type personLink struct {
	ID     kin.ID `json:"id"`
	Name   string `json:"name"`
	Dates  string `json:"dates,omitempty"`
	Sex    string `json:"sex,omitempty"`
	Hidden bool   `json:"living_hidden,omitempty"`
	// Label says how the person is related ("father", "ex-wife").
	Label string `json:"label,omitempty"`
	// Family is the family through which they are related.
	Family kin.ID `json:"family,omitempty"`
	Detail string `json:"detail,omitempty"`
}

func link(p *kin.Person, hidden bool) personLink {
	if hidden {
		return personLink{ID: p.ID, Name: "Living", Hidden: true}
	}
	return personLink{ID: p.ID, Name: displayName(p), Dates: lifespan(p), Sex: string(p.Sex)}
}

// citeView is one citation, with its source's title.
type citeView struct {
	Source     kin.ID `json:"source"`
	Title      string `json:"title"`
	Page       string `json:"page,omitempty"`
	Quote      string `json:"quote,omitempty"`
	Confidence int    `json:"confidence"`
}

type timelineRow struct {
	Date      string     `json:"date,omitempty"`
	Year      int        `json:"year,omitempty"`
	Type      string     `json:"type"`
	Label     string     `json:"label"`
	Place     string     `json:"place,omitempty"`
	Citations []citeView `json:"citations,omitempty"`
}

type factView struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	Summary    string `json:"summary"`
	Date       string `json:"date,omitempty"`
	Conclusion bool   `json:"conclusion"`
	// Lost reports that another fact of the same slot counts instead.
	Lost      bool       `json:"lost,omitempty"`
	Origin    string     `json:"origin"`
	Recorded  string     `json:"recorded_at"`
	Citations []citeView `json:"citations,omitempty"`
}

type assocView struct {
	Other    personLink `json:"other"`
	Relation string     `json:"relation"`
	Detail   string     `json:"detail,omitempty"`
	Date     string     `json:"date,omitempty"`
}

// personView is everything the person page and GET /api/v1/people/{id}
// show.
type personView struct {
	personLink
	Names        []string       `json:"names,omitempty"`
	Privacy      *privacyReason `json:"privacy,omitempty"`
	Timeline     []timelineRow  `json:"timeline,omitempty"`
	Parents      []personLink   `json:"parents,omitempty"`
	Partners     []personLink   `json:"partners,omitempty"`
	Children     []personLink   `json:"children,omitempty"`
	Siblings     []personLink   `json:"siblings,omitempty"`
	HalfSiblings []personLink   `json:"half_siblings,omitempty"`
	Associations []assocView    `json:"associations,omitempty"`
	Facts        []factView     `json:"facts,omitempty"`
}

// loader loads people and sources within one request, once each, through
// the server's caches.
type loader struct {
	s      *Server
	sv     *served
	t      *sqlstore.Tree
	g      *graph
	priv   *privacy
	people map[kin.ID]*kin.Person
}

func (s *Server) loader(ctx context.Context) (*loader, error) {
	sv, err := s.view(ctx)
	if err != nil {
		return nil, err
	}
	g := s.graph(sv)
	return &loader{s: s, sv: sv, t: sv.tree, g: g, priv: s.privacy(ctx, g), people: make(map[kin.ID]*kin.Person, 32)}, nil
}

func (l *loader) person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	if p, ok := l.people[id]; ok {
		return p, nil
	}
	p, err := l.g.Person(ctx, id)
	if err != nil {
		return nil, err
	}
	l.people[id] = p
	return p, nil
}

// preload loads the people with ids that are not loaded yet with one
// call, and what the privacy rule needs to judge them.
func (l *loader) preload(ctx context.Context, ids []kin.ID) error {
	var need []kin.ID
	seen := make(map[kin.ID]bool, len(ids))
	for _, id := range ids {
		if _, ok := l.people[id]; !ok && !seen[id] {
			seen[id] = true
			need = append(need, id)
		}
	}
	if len(need) == 0 {
		return nil
	}
	ps, err := l.g.People(ctx, need)
	if err != nil {
		return err
	}
	for _, p := range ps {
		l.people[p.ID] = p
	}
	return l.priv.prefetch(ctx, l, ps)
}

// lookup finds a person by ID, through the cache, else by xref.
func (l *loader) lookup(ctx context.Context, ref string) (*kin.Person, error) {
	p, err := l.person(ctx, kin.ID(ref))
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		p, err = l.t.Lookup(ctx, ref)
	}
	if err != nil {
		return nil, err
	}
	l.people[p.ID] = p
	return p, nil
}

// link returns the link for id, hidden when the rule says so.
func (l *loader) link(ctx context.Context, id kin.ID) (personLink, error) {
	p, err := l.person(ctx, id)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return personLink{ID: id, Name: "(missing " + string(id) + ")"}, nil
	} else if err != nil {
		return personLink{}, err
	}
	h, err := l.priv.hidden(ctx, p, nil)
	if err != nil {
		return personLink{}, err
	}
	return link(p, h), nil
}

// hidden reports whether person id is hidden from this reader, as link
// would show them, without making the link: an ID that is no person is
// not hidden.
func (l *loader) hidden(ctx context.Context, id kin.ID) (bool, error) {
	p, err := l.person(ctx, id)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return l.priv.hidden(ctx, p, nil)
}

func (l *loader) cites(ctx context.Context, cs []kin.Citation) []citeView {
	var out []citeView
	for _, c := range cs {
		out = append(out, citeView{Source: c.Source, Title: l.sv.sourceTitle(ctx, c.Source), Page: c.Page, Quote: c.Quote, Confidence: int(c.Confidence)})
	}
	return out
}

// personFacts returns person id and their evidence. With a current
// snapshot holding them, the person is the snapshot's and only the facts
// are read (one query); else both are read together, by xref when id is
// not an ID.
func (l *loader) personFacts(ctx context.Context, id kin.ID) (*kin.Person, []*sqlstore.Fact, error) {
	if l.g.snap != nil {
		if p, ok := l.g.snap.person(id); ok {
			facts, err := l.t.Facts(ctx, p.ID)
			if err != nil {
				return nil, nil, err
			}
			return p, facts, nil
		}
	}
	p, facts, err := l.t.PersonFacts(ctx, id)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		if q, lerr := l.t.Lookup(ctx, string(id)); lerr == nil {
			p, facts, err = l.t.PersonFacts(ctx, q.ID)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	l.sv.people.put(p.ID, p)
	return p, facts, nil
}

// personView loads person id with their family and evidence. A person
// hidden from this reader comes back with only their ID, "Living" and the
// reason.
func (s *Server) personView(ctx context.Context, id kin.ID) (*personView, error) {
	l, err := s.loader(ctx)
	if err != nil {
		return nil, err
	}
	p, facts, err := l.personFacts(ctx, id)
	if err != nil {
		return nil, err
	}
	l.people[p.ID] = p
	id = p.ID
	childFams, err := l.g.ChildFamilies(ctx, id)
	if err != nil {
		return nil, err
	}
	partnerFams, err := l.g.PartnerFamilies(ctx, id)
	if err != nil {
		return nil, err
	}
	// Everyone the page shows, loaded at once: parents, siblings,
	// partners, children and half-siblings (through the parents' other
	// families, found with one query).
	var parentIDs, ids []kin.ID
	for _, f := range childFams {
		parentIDs = append(parentIDs, f.Partners...)
		ids = append(ids, f.Partners...)
		for _, c := range f.Children {
			ids = append(ids, c.Child)
		}
	}
	for _, f := range partnerFams {
		ids = append(ids, f.Partners...)
		for _, c := range f.Children {
			ids = append(ids, c.Child)
		}
	}
	parentFams := map[kin.ID][]*kin.Family{}
	if len(parentIDs) > 0 {
		fams, err := l.g.FamilyLinks(ctx, parentIDs)
		if err != nil {
			return nil, err
		}
		for _, f := range fams {
			for _, pid := range f.Partners {
				parentFams[pid] = append(parentFams[pid], f)
			}
			for _, c := range f.Children {
				ids = append(ids, c.Child)
			}
		}
	}
	if err := l.preload(ctx, ids); err != nil {
		return nil, err
	}
	var relatives []*kin.Person
	relIDs := func(f *kin.Family, partner bool) []kin.ID {
		if partner {
			var ids []kin.ID
			if o := f.OtherPartner(id); o != "" {
				ids = append(ids, o)
			}
			for _, c := range f.Children {
				ids = append(ids, c.Child)
			}
			return ids
		}
		return f.Partners
	}
	for _, f := range childFams {
		for _, rid := range relIDs(f, false) {
			if rp, err := l.person(ctx, rid); err == nil {
				relatives = append(relatives, rp)
			}
		}
	}
	for _, f := range partnerFams {
		for _, rid := range relIDs(f, true) {
			if rp, err := l.person(ctx, rid); err == nil {
				relatives = append(relatives, rp)
			}
		}
	}
	why := explainPrivacy(p, relatives, l.priv.now)
	hidden, err := l.priv.hidden(ctx, p, relatives)
	if err != nil {
		return nil, err
	}
	v := &personView{personLink: link(p, hidden)}
	if hidden {
		// The reason must not leak the dates it rests on.
		v.Privacy = &privacyReason{Private: true, Rule: why.Rule, Reason: "This person is treated as living, so only editors see their details."}
		return v, nil
	}
	if !l.priv.see {
		v.Privacy = &why
	}
	for _, n := range p.Names {
		v.Names = append(v.Names, n.String())
	}

	// Parents and siblings.
	seenSib := map[kin.ID]bool{id: true}
	for _, f := range childFams {
		cl, _ := f.Child(id)
		for i, pid := range f.Partners {
			pl, err := l.link(ctx, pid)
			if err != nil {
				return nil, err
			}
			pl.Label = parentLabel(l.people[pid], i, cl.Lineage)
			pl.Family = f.ID
			v.Parents = append(v.Parents, pl)
		}
		for _, c := range f.Children {
			if seenSib[c.Child] {
				continue
			}
			seenSib[c.Child] = true
			sl, err := l.link(ctx, c.Child)
			if err != nil {
				return nil, err
			}
			sl.Label, sl.Family = kinWord(l.people[c.Child], "brother", "sister", "sibling"), f.ID
			v.Siblings = append(v.Siblings, sl)
		}
	}
	// Half-siblings: children of a parent's other families.
	own := map[kin.ID]bool{}
	for _, f := range childFams {
		own[f.ID] = true
	}
	for _, f := range childFams {
		for _, pid := range f.Partners {
			for _, of := range parentFams[pid] {
				if own[of.ID] {
					continue
				}
				for _, c := range of.Children {
					if seenSib[c.Child] {
						continue
					}
					seenSib[c.Child] = true
					hl, err := l.link(ctx, c.Child)
					if err != nil {
						return nil, err
					}
					hl.Label, hl.Family = "half-"+kinWord(l.people[c.Child], "brother", "sister", "sibling"), of.ID
					v.HalfSiblings = append(v.HalfSiblings, hl)
				}
			}
		}
	}
	// Partners and children.
	for _, f := range partnerFams {
		if o := f.OtherPartner(id); o != "" {
			pl, err := l.link(ctx, o)
			if err != nil {
				return nil, err
			}
			pl.Family = f.ID
			pl.Label, pl.Detail = partnerLabel(l.people[o], f)
			v.Partners = append(v.Partners, pl)
		}
		for _, c := range f.Children {
			cl, err := l.link(ctx, c.Child)
			if err != nil {
				return nil, err
			}
			cl.Family = f.ID
			cl.Label = kinWord(l.people[c.Child], "son", "daughter", "child")
			if c.Lineage != kin.LineageBirth && c.Lineage != kin.LineageUnknown {
				cl.Label = strings.ToLower(string(c.Lineage)) + " " + cl.Label
			}
			v.Children = append(v.Children, cl)
		}
	}
	// Associations.
	assocs, err := l.g.Associations(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, a := range assocs {
		other := a.Other
		if other == id {
			other = a.Person
		}
		ol, err := l.link(ctx, other)
		if err != nil {
			return nil, err
		}
		v.Associations = append(v.Associations, assocView{Other: ol, Relation: a.Relation, Detail: a.Detail, Date: dateText(a.Date)})
	}
	// Timeline.
	entries, err := relate.Timeline(ctx, l.g, id)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		row := timelineRow{Date: dateText(e.Date), Year: e.Date.Year(), Type: string(e.Type), Label: e.Summary, Citations: l.cites(ctx, e.Citations)}
		if e.Event != nil {
			row.Place = e.Event.Place.Name
			if row.Label == "" {
				row.Label = eventLabel(*e.Event)
			}
		}
		if e.Other != "" {
			if op, err := l.person(ctx, e.Other); err == nil {
				// A living relative's birth, marriage or death is
				// theirs to hide: the row is left out.
				if h, err := l.priv.hidden(ctx, op, nil); err != nil {
					return nil, err
				} else if h {
					continue
				}
			}
		}
		v.Timeline = append(v.Timeline, row)
	}
	// Evidence: every live fact with its sources.
	perSlot := map[string]int{}
	for _, f := range facts {
		if f.Slot != "" {
			perSlot[f.Slot]++
		}
	}
	for _, f := range facts {
		fv := factView{Lost: f.Slot != "" && perSlot[f.Slot] > 1 && !f.Conclusion, ID: f.ID, Kind: f.Kind, Summary: f.Summary, Date: f.DateText, Conclusion: f.Conclusion, Origin: f.Origin,
			Recorded: f.RecordedAt.Format("2006-01-02 15:04"), Citations: l.cites(ctx, f.Citations)}
		if f.Object != "" {
			if op, err := l.person(ctx, f.Object); err == nil {
				if h, err := l.priv.hidden(ctx, op, nil); err != nil {
					return nil, err
				} else if h {
					continue
				}
			}
		}
		v.Facts = append(v.Facts, fv)
	}
	sort.SliceStable(v.Facts, func(i, j int) bool { return v.Facts[i].Kind < v.Facts[j].Kind })
	return v, nil
}

func kinWord(p *kin.Person, male, female, other string) string {
	if p == nil {
		return other
	}
	switch p.Sex {
	case kin.SexMale:
		return male
	case kin.SexFemale:
		return female
	}
	return other
}

func parentLabel(p *kin.Person, i int, lin kin.Lineage) string {
	w := kinWord(p, "father", "mother", "parent")
	if p == nil || p.Sex == "" || p.Sex == kin.SexUnknown {
		w = "parent"
	}
	if lin != kin.LineageBirth && lin != kin.LineageUnknown {
		w = strings.ToLower(string(lin)) + " " + w
	}
	return w
}

// partnerLabel returns "wife", "ex-husband", "partner" and the dates of the
// partnership ("married 1993, divorced 2002").
func partnerLabel(p *kin.Person, f *kin.Family) (label, detail string) {
	married, over := false, false
	var parts []string
	for _, e := range f.Events {
		switch e.Type {
		case kin.EventMarriage:
			married = true
			parts = append(parts, strings.TrimSpace("married "+dateText(e.Date)))
		case kin.EventEngagement:
			parts = append(parts, strings.TrimSpace("engaged "+dateText(e.Date)))
		case kin.EventDivorce, kin.EventAnnulment:
			over = true
			parts = append(parts, strings.TrimSpace(eventNames[e.Type]+" "+dateText(e.Date)))
		case kin.EventSeparation:
			over = true
			parts = append(parts, strings.TrimSpace("separated "+dateText(e.Date)))
		}
	}
	w := "partner"
	if married {
		w = kinWord(p, "husband", "wife", "spouse")
	}
	if over {
		w = "ex-" + w
	} else if p != nil && dead(p) {
		w = "late " + w
	}
	return w, strings.Join(parts, ", ")
}

func (s *Server) showPersonPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.personView(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	canEdit := sessionOf(r.Context()).role >= RoleEditor
	s.renderGo(w, r, v.Name, http.StatusOK, func(b *bytes.Buffer) { writePersonContent(b, v, canEdit) })
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) {
	v, err := s.personView(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// whyPrivate loads the privacy explanation of person id.
func (s *Server) whyPrivate(ctx context.Context, id kin.ID) (personLink, privacyReason, error) {
	sv, err := s.view(ctx)
	if err != nil {
		return personLink{}, privacyReason{}, err
	}
	p, err := sv.tree.Lookup(ctx, string(id))
	if err != nil {
		return personLink{}, privacyReason{}, err
	}
	rels, err := relativesOf(ctx, s.graph(sv), p.ID)
	if err != nil {
		return personLink{}, privacyReason{}, err
	}
	why := explainPrivacy(p, rels, s.now())
	hidden := why.Private && !seesLiving(ctx)
	if hidden {
		// The reason must not leak the dates it rests on.
		why.Reason = "This person is treated as living under the rule below, so only editors see their details."
	}
	return link(p, hidden), why, nil
}

func (s *Server) showWhyPrivatePage(w http.ResponseWriter, r *http.Request) {
	pl, why, err := s.whyPrivate(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "whyprivate", http.StatusOK, map[string]any{"P": pl, "Why": why, "Title": "Why is this person private?"})
}

func (s *Server) apiPrivacy(w http.ResponseWriter, r *http.Request) {
	pl, why, err := s.whyPrivate(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"person": pl, "privacy": why})
}

func (s *Server) showPrivacyPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "privacy", http.StatusOK, map[string]any{"Title": "Privacy of living people", "Years": LivingYears})
}
