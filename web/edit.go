package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"kin"
	"kin/date"
	"kin/sqlstore"
)

// editInput is an edit of a person, or a new person: their name and sex,
// an event to add or change, and the citation for it all.
type editInput struct {
	Given   string `json:"given"`
	Surname string `json:"surname"`
	Sex     string `json:"sex"`
	// Event, when set, is an event type (BIRT, DEAT, OCCU …) to record with
	// EventDate, EventPlace and EventDetail. An event of a type that
	// happens once replaces the tree's own one.
	Event       string `json:"event"`
	EventDate   string `json:"event_date"`
	EventPlace  string `json:"event_place"`
	EventDetail string `json:"event_detail"`
	// Source is the ID of the source cited, or empty with SourceTitle to
	// make a new source.
	Source      string `json:"source"`
	SourceTitle string `json:"source_title"`
	Page        string `json:"page"`
	Quote       string `json:"quote"`
	Confidence  int    `json:"confidence"`
}

var onceEvents = map[kin.EventType]bool{kin.EventBirth: true, kin.EventDeath: true, kin.EventBurial: true, kin.EventCremation: true, kin.EventChristening: true, kin.EventBaptism: true}

// citation returns the citation for an edit, making its source first when
// the edit names a new one. Every edit must cite something.
func (s *Server) citation(ctx context.Context, in *editInput) (kin.Citation, error) {
	c := kin.Citation{Page: strings.TrimSpace(in.Page), Quote: strings.TrimSpace(in.Quote), Confidence: kin.Confidence(in.Confidence), ConfidenceKnown: true}
	if in.Confidence < 0 || in.Confidence > 4 {
		return c, invalidf("Confidence runs from 0 to 4.")
	}
	t := s.tree()
	if in.Source != "" {
		src, err := t.Source(ctx, kin.ID(in.Source))
		if err != nil {
			return c, err
		}
		c.Source = src.ID
		return c, nil
	}
	title := strings.TrimSpace(in.SourceTitle)
	if title == "" {
		return c, invalidf("Every edit needs a citation: choose a source or name a new one.")
	}
	id := kin.ID(fmt.Sprintf("S-edit-%d", s.now().UnixNano()))
	if _, err := t.AddTree(ctx, &kin.Tree{Sources: []*kin.Source{{ID: id, Title: title}}}, sqlstore.AddOptions{Origin: "edit"}); err != nil {
		return c, err
	}
	c.Source = id
	return c, nil
}

// applyEdit records the edit of person id ("" for a new person) and
// returns the person's ID. Nothing is overwritten: the store supersedes
// the tree's own facts and keeps them in its history.
func (s *Server) applyEdit(ctx context.Context, id kin.ID, in *editInput) (kin.ID, error) {
	t := s.tree()
	cite, err := s.citation(ctx, in)
	if err != nil {
		return "", err
	}
	var p *kin.Person
	if id == "" {
		if strings.TrimSpace(in.Given+in.Surname) == "" {
			return "", invalidf("A new person needs a name.")
		}
		p = &kin.Person{ID: kin.ID(fmt.Sprintf("I-edit-%d", s.now().UnixNano()))}
	} else {
		p, err = t.Person(ctx, id)
		if err != nil {
			return "", err
		}
	}
	if g, sn := strings.TrimSpace(in.Given), strings.TrimSpace(in.Surname); g != "" || sn != "" {
		n := p.Name()
		if g != n.Given || sn != n.Surname {
			n.Given, n.Surname = g, sn
			n.Citations = []kin.Citation{cite}
			if len(p.Names) == 0 {
				p.Names = []kin.Name{n}
			} else {
				p.Names[0] = n
			}
		}
	}
	switch sx := kin.Sex(strings.ToUpper(in.Sex)); sx {
	case "":
	case kin.SexMale, kin.SexFemale, kin.SexIntersex, kin.SexUnknown:
		if sx != p.Sex {
			p.Sex = sx
			p.SetSexCitations([]kin.Citation{cite})
		}
	default:
		return "", invalidf("Sex is M, F, X or U, not %q.", in.Sex)
	}
	if in.Event != "" {
		e, err := newEvent(in)
		if err != nil {
			return "", err
		}
		e.Citations = []kin.Citation{cite}
		replaced := false
		if onceEvents[e.Type] {
			for i := range p.Events {
				if p.Events[i].Type == e.Type {
					p.Events[i], replaced = e, true
					break
				}
			}
		}
		if !replaced {
			p.Events = append(p.Events, e)
		}
	}
	if id == "" {
		p.Citations = []kin.Citation{cite}
		if _, err := t.AddTree(ctx, &kin.Tree{People: []*kin.Person{p}}, sqlstore.AddOptions{Origin: "edit"}); err != nil {
			return "", err
		}
		return p.ID, nil
	}
	if err := t.UpdatePerson(ctx, p); err != nil {
		return "", err
	}
	return p.ID, nil
}

func newEvent(in *editInput) (kin.Event, error) {
	typ := kin.EventType(strings.ToUpper(strings.TrimSpace(in.Event)))
	for _, c := range typ {
		if !(c >= 'A' && c <= 'Z' || c == '_') {
			return kin.Event{}, invalidf("%q is not an event type (try BIRT, DEAT, MARR, OCCU).", in.Event)
		}
	}
	e := kin.Event{Type: typ, Detail: strings.TrimSpace(in.EventDetail), Place: kin.Place{Name: strings.TrimSpace(in.EventPlace)}}
	if ds := strings.TrimSpace(in.EventDate); ds != "" {
		d, err := date.Parse(ds)
		if err != nil {
			return kin.Event{}, invalidf("The date %q is not one kin can read (try 3 APR 1958, ABT 1900, BET 1900 AND 1910).", ds)
		}
		e.Date = d
	}
	return e, nil
}

func formInput(r *http.Request) *editInput {
	conf := 2
	fmt.Sscan(r.FormValue("confidence"), &conf)
	return &editInput{
		Given: r.FormValue("given"), Surname: r.FormValue("surname"), Sex: r.FormValue("sex"),
		Event: r.FormValue("event"), EventDate: r.FormValue("event_date"), EventPlace: r.FormValue("event_place"), EventDetail: r.FormValue("event_detail"),
		Source: r.FormValue("source"), SourceTitle: r.FormValue("source_title"), Page: r.FormValue("page"), Quote: r.FormValue("quote"), Confidence: conf,
	}
}

func (s *Server) showEditPersonPage(w http.ResponseWriter, r *http.Request) {
	s.renderEdit(w, r, http.StatusOK, nil, "")
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, in *editInput, msg string) {
	ctx := r.Context()
	data := map[string]any{"Title": "New person", "Message": msg}
	if id := r.PathValue("id"); id != "" {
		p, err := s.tree().Person(ctx, kin.ID(id))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		data["P"] = link(p, false)
		data["Title"] = "Edit " + displayName(p)
		if in == nil {
			in = &editInput{Given: p.Name().Given, Surname: p.Name().Surname, Sex: string(p.Sex)}
		}
	}
	if in == nil {
		in = &editInput{Confidence: 2}
	}
	data["In"] = in
	srcs, err := s.sourceRows(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	data["Sources"] = srcs
	s.render(w, r, "edit", status, data)
}

func (s *Server) editPerson(w http.ResponseWriter, r *http.Request) {
	in := formInput(r)
	id, err := s.applyEdit(r.Context(), kin.ID(r.PathValue("id")), in)
	if err != nil {
		if kin.ErrorCode(err) == kin.EINVALID {
			s.renderEdit(w, r, http.StatusBadRequest, in, kin.ErrorMessage(err))
			return
		}
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/person/"+string(id), http.StatusSeeOther)
}

func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalidf("The request body is not the JSON expected: %s.", strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

func (s *Server) apiEditPerson(w http.ResponseWriter, r *http.Request) {
	var in editInput
	in.Confidence = 2
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	id, err := s.applyEdit(r.Context(), kin.ID(r.PathValue("id")), &in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	v, err := s.personView(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
}

// addFamilyEvent records an event of family id (a marriage, a divorce)
// with its citation, beside the tree's own facts.
func (s *Server) addFamilyEvent(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var in editInput
	in.Confidence = 2
	if isAPI(r) {
		if err := decodeJSON(r, &in); err != nil {
			s.Error(w, r, err)
			return
		}
	} else {
		in = *formInput(r)
	}
	t := s.tree()
	f, err := t.Family(ctx, kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	cite, err := s.citation(ctx, &in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if in.Event == "" {
		s.Error(w, r, invalidf("Name the event (MARR, DIV, ENGA …)."))
		return
	}
	e, err := newEvent(&in)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	e.Citations = []kin.Citation{cite}
	if _, err := t.AddTree(ctx, &kin.Tree{Families: []*kin.Family{{ID: f.ID, Events: []kin.Event{e}}}}, sqlstore.AddOptions{Origin: "edit"}); err != nil {
		s.Error(w, r, err)
		return
	}
	if isAPI(r) {
		v, err := s.familyView(ctx, f.ID)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeJSON(w, http.StatusCreated, v)
		return
	}
	http.Redirect(w, r, "/family/"+string(f.ID), http.StatusSeeOther)
}
