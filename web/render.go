package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"kin"
	"kin/date"
)

// pageNames are the page templates, each in templates/NAME.html, each
// parsed together with templates/layout.html.
var pageNames = []string{
	"home", "login", "error", "privacy", "whyprivate", "search", "person", "family",
	"source", "sources", "chart", "relate", "review", "upload", "edit", "setup",
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"lower": strings.ToLower,
	}
	s.pages = map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("parse template %s: %w", name, err)
		}
		s.pages[name] = t
	}
	return nil
}

// render writes page name with data, plus what every page shows: who is
// logged in, their role and the CSRF token for forms.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, data map[string]any) {
	sess := sessionOf(r.Context())
	if data == nil {
		data = map[string]any{}
	}
	data["CSRF"] = sess.csrf
	data["Role"] = sess.role.String()
	data["CanEdit"] = sess.role >= RoleEditor
	data["Anonymous"] = sess.user == nil
	if sess.user != nil {
		data["User"] = sess.user.Name
	}
	data["TreeName"] = s.tree().Name()
	buf := getBuffer()
	defer putBuffer(buf)
	if err := s.pages[name].Execute(buf, data); err != nil {
		s.Logger.Error("render", "page", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if status != http.StatusOK && status != 0 {
		// Error already wrote the status for error pages.
		if name != "error" {
			w.WriteHeader(status)
		}
	}
	w.Write(buf.Bytes())
}

// buffers are the page buffers of render, reused between requests.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer is the largest buffer put back in the pool: a rare huge
// page is not kept.
const maxPooledBuffer = 1 << 20

func getBuffer() *bytes.Buffer { return buffers.Get().(*bytes.Buffer) }

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledBuffer {
		return
	}
	b.Reset()
	buffers.Put(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.Encode(v)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// eventNames are English labels of common event types.
var eventNames = map[kin.EventType]string{
	kin.EventBirth: "birth", kin.EventChristening: "christening", kin.EventBaptism: "baptism",
	kin.EventDeath: "death", kin.EventBurial: "burial", kin.EventCremation: "cremation",
	kin.EventAdoption: "adoption", kin.EventMarriage: "marriage", kin.EventEngagement: "engagement",
	kin.EventDivorce: "divorce", kin.EventAnnulment: "annulment", kin.EventSeparation: "separation",
	kin.EventResidence: "residence", kin.EventOccupation: "occupation", "EDUC": "education",
	"GRAD": "graduation", "RETI": "retirement", "IMMI": "immigration", "EMIG": "emigration",
	"NATU": "naturalization", "CENS": "census", "RELI": "religion", "TITL": "title", "ASSO": "association",
}

func eventLabel(e kin.Event) string {
	l := eventNames[e.Type]
	if l == "" {
		l = strings.ToLower(string(e.Type))
	}
	if (e.Type == kin.EventOther || e.Type == kin.FactOther) && e.Detail != "" {
		return e.Detail
	}
	if e.Detail != "" && e.Type != kin.EventOther {
		l += ": " + e.Detail
	}
	return l
}

// lifespan returns "1958–", "1927–1983" or "".
func lifespan(p *kin.Person) string {
	year := func(t ...kin.EventType) string {
		for _, tt := range t {
			if e, ok := p.Event(tt); ok && !e.Date.IsZero() {
				if y := e.Date.Year(); y != 0 {
					return strconv.Itoa(y)
				}
			}
		}
		return ""
	}
	b := year(kin.EventBirth, kin.EventChristening, kin.EventBaptism)
	d := year(kin.EventDeath, kin.EventBurial, kin.EventCremation)
	if b == "" && d == "" {
		if dead(p) {
			return "deceased"
		}
		return ""
	}
	return b + "–" + d
}

func dateText(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func displayName(p *kin.Person) string {
	if n := p.Name().String(); n != "" {
		return n
	}
	return "(no name) " + string(p.ID)
}
