package web

import (
	"context"
	"net/http"

	"kin"
)

type familyView struct {
	ID        kin.ID        `json:"id"`
	Partners  []personLink  `json:"partners"`
	Children  []personLink  `json:"children"`
	Events    []timelineRow `json:"events,omitempty"`
	Citations []citeView    `json:"citations,omitempty"`
	// EventsHidden reports that the events were left out because a
	// partner is living and hidden from this reader.
	EventsHidden bool `json:"events_hidden,omitempty"`
}

func (s *Server) familyView(ctx context.Context, id kin.ID) (*familyView, error) {
	l, err := s.loader(ctx)
	if err != nil {
		return nil, err
	}
	f, err := l.t.Family(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &familyView{ID: f.ID}
	for _, pid := range f.Partners {
		pl, err := l.link(ctx, pid)
		if err != nil {
			return nil, err
		}
		if pl.Hidden {
			v.EventsHidden = true
		}
		v.Partners = append(v.Partners, pl)
	}
	for _, c := range f.Children {
		cl, err := l.link(ctx, c.Child)
		if err != nil {
			return nil, err
		}
		cl.Label = kinWord(l.people[c.Child], "son", "daughter", "child")
		if c.Lineage != kin.LineageBirth && c.Lineage != kin.LineageUnknown {
			cl.Label = string(c.Lineage) + " " + cl.Label
		}
		v.Children = append(v.Children, cl)
	}
	if !v.EventsHidden {
		for _, e := range f.Events {
			v.Events = append(v.Events, timelineRow{Date: dateText(e.Date), Year: e.Date.Year(), Type: string(e.Type), Label: eventLabel(e), Place: e.Place.Name, Citations: l.cites(ctx, e.Citations)})
		}
		v.Citations = l.cites(ctx, f.Citations)
	}
	return v, nil
}

func (s *Server) showFamilyPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.familyView(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data := map[string]any{"F": v, "Title": "Family " + string(v.ID)}
	if seesLiving(r.Context()) {
		srcs, err := s.sourceRows(r.Context())
		if err != nil {
			s.Error(w, r, err)
			return
		}
		data["Sources"] = srcs
	}
	s.render(w, r, "family", http.StatusOK, data)
}

func (s *Server) apiFamily(w http.ResponseWriter, r *http.Request) {
	v, err := s.familyView(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}
