package web

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"kin"
	"kin/ingest"
)

// segment is a piece of a source's text, marked when a fact rests on it.
type segment struct {
	Text string `json:"text"`
	Mark bool   `json:"mark,omitempty"`
	// Current marks the quote the reader followed a link to.
	Current bool `json:"current,omitempty"`
}

type sourceView struct {
	ID          kin.ID    `json:"id"`
	Title       string    `json:"title"`
	Type        string    `json:"type,omitempty"`
	Author      string    `json:"author,omitempty"`
	Publication string    `json:"publication,omitempty"`
	Date        string    `json:"date,omitempty"`
	URL         string    `json:"url,omitempty"`
	Text        []segment `json:"text,omitempty"`
	// Withheld reports that the text was left out because it is an
	// article and this reader may not see living people.
	Withheld bool `json:"text_withheld,omitempty"`
}

// sourceView loads source id; its text is split into segments with the
// sentences of extracted facts marked (for an article, the sentences the
// extractor rests its facts on) and quote, when found, marked current.
func (s *Server) sourceView(ctx context.Context, id kin.ID, quote string) (*sourceView, error) {
	src, err := s.tree().Source(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &sourceView{ID: src.ID, Title: src.Title, Type: string(src.Type), Author: src.Author, Publication: src.Publication, Date: dateText(src.Date), URL: src.URL}
	if v.Title == "" {
		v.Title = string(src.ID)
	}
	if src.Text == "" {
		return v, nil
	}
	if src.Type == kin.SourceNewsArticle && !seesLiving(ctx) {
		// An article names living people in every sentence.
		v.Withheld = true
		return v, nil
	}
	var spans []kin.Span
	if src.Type == kin.SourceNewsArticle {
		a := &ingest.Article{Name: string(src.ID), Title: src.Title, URL: src.URL, Text: src.Text}
		if y := src.Date.Year(); y != 0 {
			a.Date = time.Date(y, time.Month(max(1, src.Date.Start.Month)), int(max(1, src.Date.Start.Day)), 0, 0, 0, 0, time.UTC)
		}
		if x, err := ingest.NewExtractor().Extract(ctx, a); err == nil {
			for _, p := range x.Tree(src.ID).People {
				for _, e := range p.Events {
					spans = appendSpans(spans, e.Citations)
				}
				spans = appendSpans(spans, p.Citations)
			}
			for _, f := range x.Tree(src.ID).Families {
				spans = appendSpans(spans, f.Citations)
				for _, e := range f.Events {
					spans = appendSpans(spans, e.Citations)
				}
				for _, c := range f.Children {
					spans = appendSpans(spans, c.Citations())
				}
			}
		}
	}
	var current *kin.Span
	if quote != "" {
		if i := strings.Index(src.Text, quote); i >= 0 {
			current = &kin.Span{Start: i, End: i + len(quote)}
		}
	}
	v.Text = segments(src.Text, spans, current)
	return v, nil
}

func appendSpans(spans []kin.Span, cs []kin.Citation) []kin.Span {
	for _, c := range cs {
		if c.Span != nil {
			spans = append(spans, *c.Span)
		}
	}
	return spans
}

// segments cuts text at the marked spans (merged where they overlap) and
// the current one.
func segments(text string, spans []kin.Span, current *kin.Span) []segment {
	n := len(text)
	mark := make([]uint8, n+1)
	for _, sp := range spans {
		for i := max(0, sp.Start); i < min(n, sp.End); i++ {
			mark[i] |= 1
		}
	}
	if current != nil {
		for i := max(0, current.Start); i < min(n, current.End); i++ {
			mark[i] |= 2
		}
	}
	var out []segment
	start := 0
	for i := 1; i <= n; i++ {
		if i == n || mark[i] != mark[start] {
			out = append(out, segment{Text: text[start:i], Mark: mark[start] != 0, Current: mark[start]&2 != 0})
			start = i
		}
	}
	return out
}

func (s *Server) showSourcePage(w http.ResponseWriter, r *http.Request) {
	v, err := s.sourceView(r.Context(), kin.ID(r.PathValue("id")), r.URL.Query().Get("q"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "source", http.StatusOK, map[string]any{"S": v, "Title": v.Title, "Quoted": r.URL.Query().Get("q") != ""})
}

func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) {
	v, err := s.sourceView(r.Context(), kin.ID(r.PathValue("id")), r.URL.Query().Get("q"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

type sourceRow struct {
	ID        kin.ID `json:"id"`
	Title     string `json:"title"`
	Type      string `json:"type,omitempty"`
	Date      string `json:"date,omitempty"`
	Citations int    `json:"citations"`
}

func (s *Server) sourceRows(ctx context.Context) ([]sourceRow, error) {
	srcs, err := s.tree().Sources(ctx)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	out := make([]sourceRow, 0, len(srcs))
	for _, x := range srcs {
		t := x.Title
		if t == "" {
			t = string(x.ID)
		}
		out = append(out, sourceRow{ID: x.ID, Title: t, Type: string(x.Type), Date: dateText(x.Date), Citations: x.Citations})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Citations > out[j].Citations })
	return out, nil
}

func (s *Server) showSourcesPage(w http.ResponseWriter, r *http.Request) {
	rows, err := s.sourceRows(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "sources", http.StatusOK, map[string]any{"Sources": rows, "Title": "Sources"})
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := pageParams(r, 50)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rows, err := s.sourceRows(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	page, more := paginate(rows, limit, offset)
	writeJSON(w, http.StatusOK, newList(page, limit, offset, more))
}
