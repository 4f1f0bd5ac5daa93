package web

import (
	"context"
	"net/http"
	"strconv"

	"kin"
	"kin/sqlstore"
)

// claimView is one fact of a queued fragment with the sentence it rests on.
type claimView struct {
	Summary  string `json:"summary"`
	Sentence string `json:"sentence,omitempty"`
	Source   kin.ID `json:"source,omitempty"`
}

type reviewView struct {
	ID       int64       `json:"id"`
	Origin   string      `json:"origin"`
	Status   string      `json:"status"`
	Recorded string      `json:"recorded_at"`
	Source   string      `json:"source,omitempty"`
	Claims   []claimView `json:"claims"`
}

// claims lists what a fragment says, each with its quoted sentence.
func claims(t *kin.Tree) []claimView {
	name := map[kin.ID]string{}
	for _, p := range t.People {
		name[p.ID] = displayName(p)
	}
	quote := func(cs []kin.Citation) (string, kin.ID) {
		for _, c := range cs {
			if c.Quote != "" {
				return c.Quote, c.Source
			}
		}
		return "", ""
	}
	var out []claimView
	for _, p := range t.People {
		q, src := quote(p.Citations)
		out = append(out, claimView{Summary: "person: " + name[p.ID], Sentence: q, Source: src})
		for _, e := range p.Events {
			q, src := quote(e.Citations)
			out = append(out, claimView{Summary: name[p.ID] + ": " + eventLabel(e) + " " + dateText(e.Date), Sentence: q, Source: src})
		}
	}
	for _, f := range t.Families {
		var names []string
		for _, id := range f.Partners {
			names = append(names, name[id])
		}
		couple := "family"
		if len(names) == 2 {
			couple = names[0] + " and " + names[1]
		} else if len(names) == 1 {
			couple = names[0]
		}
		q, src := quote(f.Citations)
		if len(names) == 2 {
			out = append(out, claimView{Summary: "partners: " + couple, Sentence: q, Source: src})
		}
		for _, e := range f.Events {
			q, src := quote(e.Citations)
			out = append(out, claimView{Summary: couple + ": " + eventLabel(e) + " " + dateText(e.Date), Sentence: q, Source: src})
		}
		for _, c := range f.Children {
			q, src := quote(c.Citations())
			out = append(out, claimView{Summary: name[c.Child] + " is a child of " + couple, Sentence: q, Source: src})
		}
	}
	for _, a := range t.Associations {
		q, src := quote(a.Citations)
		out = append(out, claimView{Summary: name[a.Person] + " — " + a.Relation + " — " + name[a.Other], Sentence: q, Source: src})
	}
	return out
}

func (s *Server) reviews(ctx context.Context, status string) ([]reviewView, error) {
	revs, err := s.tree().Reviews(ctx, status)
	if err != nil {
		return nil, err
	}
	out := []reviewView{}
	for _, r := range revs {
		v := reviewView{ID: r.ID, Origin: r.Origin, Status: r.Status, Recorded: r.RecordedAt.Format("2006-01-02 15:04"), Claims: claims(r.Tree)}
		if len(r.Tree.Sources) > 0 {
			v.Source = r.Tree.Sources[0].Title
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) showReviewPage(w http.ResponseWriter, r *http.Request) {
	list, err := s.reviews(r.Context(), sqlstore.ReviewPending)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "review", http.StatusOK, map[string]any{"Reviews": list, "Title": "Review queue", "Done": r.URL.Query().Get("done")})
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := pageParams(r, 50)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := r.URL.Query().Get("status")
	if status == "" {
		status = sqlstore.ReviewPending
	} else if status == "all" {
		status = ""
	}
	list, err := s.reviews(r.Context(), status)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page, more := paginate(list, limit, offset)
	writeJSON(w, http.StatusOK, newList(page, limit, offset, more))
}

// review accepts or rejects a queued fragment.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Error(w, r, kin.Errorf(kin.ENOTFOUND, "No review item %q.", r.PathValue("id")))
		return
	}
	t := s.tree()
	var result any
	switch r.PathValue("action") {
	case "accept":
		stats, err := t.Accept(r.Context(), id, sqlstore.MergeOptions{})
		if err != nil {
			s.Error(w, r, err)
			return
		}
		result = stats
	case "reject":
		if err := t.Reject(r.Context(), id); err != nil {
			s.Error(w, r, err)
			return
		}
		result = map[string]any{"rejected": id}
	default:
		s.Error(w, r, kin.Errorf(kin.ENOTFOUND, "Review items can be accepted or rejected, not %q.", r.PathValue("action")))
		return
	}
	if isAPI(r) {
		writeJSON(w, http.StatusOK, result)
		return
	}
	http.Redirect(w, r, "/review?done="+r.PathValue("action"), http.StatusSeeOther)
}
