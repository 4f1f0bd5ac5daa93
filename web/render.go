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

// pageNames are the page templates, each in templates/NAME.html defining
// "content", which render places in the layout (layout.go). The person
// page and the relationship finder write their content in Go
// (person_html.go, relate_html.go) and have no template.
var pageNames = []string{
	"home", "login", "error", "privacy", "whyprivate", "search", "family",
	"source", "sources", "chart", "review", "upload", "edit", "setup",
}

func (s *Server) parseTemplates() error {
	funcs := template.FuncMap{
		"lower": strings.ToLower,
	}
	s.pages = map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New(name+".html").Funcs(funcs).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("parse template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return fmt.Errorf("parse template %s: no \"content\" defined", name)
		}
		s.pages[name] = t
	}
	return nil
}

// layoutOf returns the layout of the request's page: who is logged in,
// their role and the CSRF token for forms.
func (s *Server) layoutOf(r *http.Request, title string) *layout {
	sess := sessionOf(r.Context())
	l := &layout{CSRF: sess.csrf, Title: title, Role: sess.role.String(), CanEdit: sess.role >= RoleEditor, TreeName: s.tree().Name()}
	if sess.user != nil {
		l.User = sess.user.Name
	}
	return l
}

// render writes page name, its template's content executed with data in
// the layout. data's "Title", a string, titles the page; render adds what
// every page may use: CSRF, Role, CanEdit, Anonymous, User and TreeName.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, status int, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	title, _ := data["Title"].(string)
	l := s.layoutOf(r, title)
	data["CSRF"] = l.CSRF
	data["Role"] = l.Role
	data["CanEdit"] = l.CanEdit
	data["Anonymous"] = l.User == ""
	if l.User != "" {
		data["User"] = l.User
	}
	data["TreeName"] = l.TreeName
	buf := getBuffer()
	defer putBuffer(buf)
	l.writeHead(buf)
	if err := s.pages[name].ExecuteTemplate(buf, "content", data); err != nil {
		s.Logger.Error("render", "page", name, "err", err)
		http.Error(w, "Internal error.", http.StatusInternalServerError)
		return
	}
	l.writeFoot(buf)
	s.writePage(w, status, buf.Bytes())
}

// renderGo writes a page whose content is written in Go, by content, in
// the layout.
func (s *Server) renderGo(w http.ResponseWriter, r *http.Request, title string, status int, content func(*bytes.Buffer)) {
	l := s.layoutOf(r, title)
	buf := getBuffer()
	defer putBuffer(buf)
	l.writeHead(buf)
	content(buf)
	l.writeFoot(buf)
	s.writePage(w, status, buf.Bytes())
}

// writePage sends a page with its headers and status (0 is OK).
func (s *Server) writePage(w http.ResponseWriter, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if status != http.StatusOK && status != 0 {
		w.WriteHeader(status)
	}
	w.Write(page)
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
