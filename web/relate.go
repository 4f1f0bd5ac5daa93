package web

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"kin"
	"kin/chart"
	"kin/date"
	"kin/relate"
)

// relateView is the answer of the relationship finder.
type relateView struct {
	A       personLink `json:"a"`
	B       personLink `json:"b"`
	At      string     `json:"at,omitempty"`
	Related bool       `json:"related"`
	Phrase  string     `json:"phrase"`
	Explain string     `json:"explanation"`
	// Withheld reports that A or B is living and hidden from this reader.
	Withheld bool         `json:"withheld,omitempty"`
	Path     []personLink `json:"path,omitempty"`
}

// findRelation answers how a is related to b at the date at ("" for
// today), hiding living people on the way from viewers. Answers are kept
// for the served version of the tree (the relationship page and its
// drawing ask the same question one after the other), apart for readers
// who see living people and those who do not, and for each day, since
// who counts as living depends on it. The answers kept are shared: they
// are read, never changed.
func (s *Server) findRelation(ctx context.Context, a, b, at string) (*relateView, *relate.Result, error) {
	if a == "" || b == "" {
		return nil, nil, invalidf("Give two people (a and b).")
	}
	l, err := s.loader(ctx)
	if err != nil {
		return nil, nil, err
	}
	key := relationKey{a: a, b: b, at: at, see: l.priv.see, day: l.priv.now.Format(time.DateOnly)}
	if ans, ok := l.sv.relations.get(key); ok {
		return ans.v, ans.res, nil
	}
	v, res, err := s.findRelationIn(ctx, l, a, b, at)
	if err != nil {
		return nil, nil, err
	}
	l.sv.relations.put(key, relationAnswer{v, res})
	return v, res, nil
}

type relationKey struct {
	a, b, at, day string
	see           bool
}

type relationAnswer struct {
	v   *relateView
	res *relate.Result
}

func (s *Server) findRelationIn(ctx context.Context, l *loader, a, b, at string) (*relateView, *relate.Result, error) {
	pa, err := l.lookup(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	pb, err := l.lookup(ctx, b)
	if err != nil {
		return nil, nil, err
	}
	var opt relate.Options
	if at != "" {
		d, err := date.Parse(at)
		if err != nil {
			return nil, nil, invalidf("The date %q is not one kin can read (try 2000 or 3 MAR 1995).", at)
		}
		opt.At = d
	}
	if s.Now != nil {
		opt.Now = s.Now
	}
	la, err := l.link(ctx, pa.ID)
	if err != nil {
		return nil, nil, err
	}
	lb, err := l.link(ctx, pb.ID)
	if err != nil {
		return nil, nil, err
	}
	v := &relateView{A: la, B: lb, At: at}
	if la.Hidden || lb.Hidden {
		v.Withheld = true
		v.Phrase = "One of these people is living; only editors see how they are related."
		return v, nil, nil
	}
	res, err := relate.Find(ctx, l.g, pa.ID, pb.ID, opt)
	if err != nil {
		return nil, nil, err
	}
	// Hide living people on the paths: their names in the wording. They
	// are loaded and judged at once.
	var onPath []kin.ID
	for id := range res.Names {
		onPath = append(onPath, id)
	}
	for _, rel := range res.Relationships {
		for _, k := range rel.Path {
			onPath = append(onPath, k.To)
		}
	}
	if err := l.preload(ctx, onPath); err != nil {
		return nil, nil, err
	}
	for id := range res.Names {
		if id == pa.ID || id == pb.ID {
			continue
		}
		h, err := l.hidden(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		if h {
			res.Names[id] = "Living"
		}
	}
	v.Related, v.Phrase, v.Explain = res.Related(), res.Phrase(), res.Explain()
	if !l.priv.see {
		// The evidence quotes may name living people; keep only the
		// reasoning.
		v.Explain = withoutQuotes(v.Explain)
	}
	if len(res.Relationships) > 0 {
		path := res.Relationships[0].Path
		v.Path = append(v.Path, la)
		for _, k := range path {
			pl, err := l.link(ctx, k.To)
			if err != nil {
				return nil, nil, err
			}
			v.Path = append(v.Path, pl)
		}
	}
	return v, res, nil
}

// withoutQuotes drops the lines of an explanation that quote sources.
func withoutQuotes(s string) string {
	if !strings.Contains(s, "“") && !strings.Contains(s, "\"") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	first := true
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, "“") || strings.Contains(line, "\"") {
			continue
		}
		if !first {
			b.WriteByte('\n')
		}
		first = false
		b.WriteString(line)
	}
	return b.String()
}

func (s *Server) showRelatePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := &relatePage{A: q.Get("a"), B: q.Get("b"), At: q.Get("at")}
	if page.A != "" || page.B != "" {
		v, _, err := s.findRelation(r.Context(), page.A, page.B, page.At)
		if err != nil {
			if kin.ErrorCode(err) == kin.EINTERNAL {
				s.Error(w, r, err)
				return
			}
			page.Message = kin.ErrorMessage(err)
		} else {
			page.R = v
			page.SVGURL = "/relate/svg?" + r.URL.RawQuery
		}
	}
	s.renderGo(w, r, "How are they related?", http.StatusOK, page.write)
}

func (s *Server) apiRelate(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, _, err := s.findRelation(r.Context(), q.Get("a"), q.Get("b"), q.Get("at"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// serveRelateSVG draws the path of the relationship between a and b.
func (s *Server) serveRelateSVG(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ctx := r.Context()
	v, res, err := s.findRelation(ctx, q.Get("a"), q.Get("b"), q.Get("at"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var steps []chart.Step
	if res != nil && len(res.Relationships) > 0 {
		l, err := s.loader(ctx)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		level := 0
		path := res.Relationships[0].Path
		for i, pl := range v.Path {
			st := chart.Step{Box: chart.Box{ID: string(pl.ID), Name: pl.Name, Dates: pl.Dates, Sex: pl.Sex, Href: "/person/" + string(pl.ID)}, Level: level}
			if i < len(path) {
				k := path[i]
				to, _ := l.person(ctx, k.To)
				switch k.Kind {
				case relate.ToParent:
					level++
					st.Label = parentLabel(to, 0, k.Lineage)
				case relate.ToChild:
					level--
					st.Label = kinWord(to, "son", "daughter", "child")
				case relate.ToPartner:
					st.Label = kinWord(to, "husband", "wife", "partner")
				}
				if next := v.Path[i+1]; next.Hidden {
					st.Label = "relative"
				}
			}
			steps = append(steps, st)
		}
	}
	var buf bytes.Buffer
	if err := chart.Path(&buf, v.Phrase, steps); err != nil {
		s.Error(w, r, err)
		return
	}
	writeSVG(w, r, buf.Bytes(), "relationship.svg")
}
