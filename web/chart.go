package web

import (
	"bytes"
	"context"
	"net/http"
	"sort"
	"strconv"

	"kin"
	"kin/chart"
	"kin/relate"
)

// chartKinds are the charts of one person, with their titles.
var chartKinds = map[string]string{
	"pedigree":    "Ancestors",
	"descendants": "Descendants",
	"hourglass":   "Hourglass",
	"timeline":    "Timeline",
}

// chartBox returns the box for id, hidden when the rule says so.
func (s *Server) chartBox(ctx context.Context, l *loader, id kin.ID) (chart.Box, error) {
	pl, err := l.link(ctx, id)
	if err != nil {
		return chart.Box{}, err
	}
	return chart.Box{ID: string(id), Name: pl.Name, Dates: pl.Dates, Sex: pl.Sex, Href: "/person/" + string(id)}, nil
}

// drawChart draws chart kind of person id, generations deep, as SVG.
func (s *Server) drawChart(ctx context.Context, kind string, id kin.ID, gens int) ([]byte, string, error) {
	if _, ok := chartKinds[kind]; !ok {
		return nil, "", kin.Errorf(kin.ENOTFOUND, "There is no %q chart; try pedigree, descendants, hourglass or timeline.", kind)
	}
	if gens < 1 || gens > 12 {
		return nil, "", invalidf("generations must be from 1 to 12")
	}
	l, err := s.loader(ctx)
	if err != nil {
		return nil, "", err
	}
	p, err := l.lookup(ctx, string(id))
	if err != nil {
		return nil, "", err
	}
	id = p.ID
	rootBox, err := s.chartBox(ctx, l, id)
	if err != nil {
		return nil, "", err
	}
	title := chartKinds[kind] + " of " + rootBox.Name
	var buf bytes.Buffer
	if kind == "timeline" {
		v, err := s.personView(ctx, id)
		if err != nil {
			return nil, "", err
		}
		var items []chart.Item
		for _, row := range v.Timeline {
			label := row.Label
			if row.Place != "" {
				label += " (" + row.Place + ")"
			}
			items = append(items, chart.Item{Year: row.Year, Date: row.Date, Label: label})
		}
		err = chart.Timeline(&buf, title, items)
		return buf.Bytes(), title, err
	}
	root := &chart.Node{Box: rootBox}
	rootLink, err := l.link(ctx, id)
	if err != nil {
		return nil, "", err
	}
	rootHidden := rootLink.Hidden
	if !rootHidden && (kind == "pedigree" || kind == "hourglass") {
		anc, err := relate.Ancestors(ctx, l.g, id, gens)
		if err != nil {
			return nil, "", err
		}
		nodes := map[kin.ID]*chart.Node{id: root}
		num := map[*chart.Node]uint64{}
		for _, a := range anc {
			if a.Person == id {
				continue
			}
			b, err := s.chartBox(ctx, l, a.Person)
			if err != nil {
				return nil, "", err
			}
			n := &chart.Node{Box: b}
			nodes[a.Person] = n
			num[n] = a.Number
			if c := nodes[a.Child]; c != nil {
				c.Parents = append(c.Parents, n)
			}
		}
		for _, n := range nodes {
			sort.SliceStable(n.Parents, func(i, j int) bool { return num[n.Parents[i]] < num[n.Parents[j]] })
		}
	}
	if !rootHidden && (kind == "descendants" || kind == "hourglass") {
		desc, err := relate.Descendants(ctx, l.g, id, gens)
		if err != nil {
			return nil, "", err
		}
		nodes := map[kin.ID]*chart.Node{id: root}
		for _, d := range desc {
			if d.Person == id || nodes[d.Person] != nil {
				continue
			}
			b, err := s.chartBox(ctx, l, d.Person)
			if err != nil {
				return nil, "", err
			}
			n := &chart.Node{Box: b}
			nodes[d.Person] = n
			if p := nodes[d.Parent]; p != nil {
				p.Children = append(p.Children, n)
			}
		}
	}
	switch kind {
	case "pedigree":
		err = chart.Pedigree(&buf, title, root, gens)
	case "descendants":
		err = chart.Descendants(&buf, title, root, gens)
	case "hourglass":
		err = chart.Hourglass(&buf, title, root, gens)
	}
	return buf.Bytes(), title, err
}

func chartGens(r *http.Request) int {
	g, err := strconv.Atoi(r.URL.Query().Get("generations"))
	if err != nil {
		return 4
	}
	return g
}

func (s *Server) showChartPage(w http.ResponseWriter, r *http.Request) {
	kind, id, gens := r.PathValue("kind"), kin.ID(r.PathValue("id")), chartGens(r)
	svg, title, err := s.drawChart(r.Context(), kind, id, gens)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "chart", http.StatusOK, map[string]any{
		"Title": title, "Kind": kind, "ID": id, "Generations": gens, "Kinds": []string{"pedigree", "descendants", "hourglass", "timeline"},
		"SVGURL": "/chart/" + kind + "/" + string(id) + "/svg?generations=" + strconv.Itoa(gens), "SVGLen": len(svg),
	})
}

// serveChartSVG serves a chart as an SVG file; ?download=1 makes the
// browser save it.
func (s *Server) serveChartSVG(w http.ResponseWriter, r *http.Request) {
	kind, id := r.PathValue("kind"), kin.ID(r.PathValue("id"))
	svg, _, err := s.drawChart(r.Context(), kind, id, chartGens(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeSVG(w, r, svg, kind+"-"+string(id)+".svg")
}

func writeSVG(w http.ResponseWriter, r *http.Request, svg []byte, filename string) {
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	// A chart opened on its own must not run scripts, whatever it holds.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(filename)+`"`)
	}
	w.Write(svg)
}

func safeFilename(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			b[i] = '_'
		}
	}
	return string(b)
}

func (s *Server) apiTimeline(w http.ResponseWriter, r *http.Request) {
	v, err := s.personView(r.Context(), kin.ID(r.PathValue("id")))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rows := v.Timeline
	if rows == nil {
		rows = []timelineRow{}
	}
	writeJSON(w, http.StatusOK, newList(rows, len(rows), 0, false))
}
