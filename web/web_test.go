package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"kin"
	"kin/gedcom"
	"kin/sqlite"
	"kin/sqlstore"
)

var testNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

const xss = `<script>alert(1)</script>`

// testImport imports a GEDCOM file by mapping it whole and adding it to
// the tree (cmd/kin wires the streaming import pipeline instead).
func testImport(ctx context.Context, t *sqlstore.Tree, name string, r io.Reader) (sqlstore.ImportStats, error) {
	dir, err := os.MkdirTemp("", "kin-web-test")
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "in.ged")
	b, err := io.ReadAll(r)
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return sqlstore.ImportStats{}, err
	}
	doc, err := gedcom.ReadFile(path, gedcom.Lenient)
	if err != nil {
		return sqlstore.ImportStats{}, kin.Errorf(kin.EINVALID, "%v", err)
	}
	tree, err := gedcom.ToTree(doc)
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	st, err := t.AddTree(ctx, tree, sqlstore.AddOptions{Origin: "gedcom"})
	return sqlstore.ImportStats{People: st.People, Families: st.Families, Sources: st.Sources}, err
}

// env is a server on a database holding the example tree, its article
// queued, a person named like a script, and three users.
type env struct {
	t    *testing.T
	db   *sqlite.DB
	srv  *Server
	ts   *httptest.Server
	anon *httptest.Server
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetNow(func() time.Time { return testNow })
	mk := func(anon bool) *Server {
		return &Server{Store: db, Now: func() time.Time { return testNow }, AnonymousRead: anon, Import: testImport, MaxUpload: 1 << 20}
	}
	srv := mk(false)
	e := &env{t: t, db: db, srv: srv}
	f, err := exampleFS.Open("example/example.ged")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := srv.store(ctx, "gedcom", "example.ged", f, ""); err != nil {
		t.Fatal(err)
	}
	a, err := exampleFS.Open("example/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := srv.store(ctx, "article", "article.txt", a, ""); err != nil {
		t.Fatal(err)
	}
	evil := &kin.Person{ID: "X1", Names: []kin.Name{{Given: xss, Surname: "Harlow"}}, Sex: kin.SexMale,
		Events: []kin.Event{{Type: kin.EventBirth, Date: mustDate("1900")}, {Type: kin.EventDeath, Date: mustDate("1950")}}}
	if _, err := db.Tree("").AddTree(ctx, &kin.Tree{People: []*kin.Person{evil}}, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, role string }{{"vera", "viewer"}, {"ed", "editor"}, {"ada", "admin"}} {
		h, err := bcryptFast(u.name + "-password")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.PutUser(ctx, sqlstore.User{Name: u.name, Role: u.role, PasswordHash: h}); err != nil {
			t.Fatal(err)
		}
	}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	e.ts = httptest.NewServer(h)
	t.Cleanup(e.ts.Close)
	anonSrv := mk(true)
	ha, err := anonSrv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	e.anon = httptest.NewServer(ha)
	t.Cleanup(e.anon.Close)
	return e
}

// client is a browser: a cookie jar, no redirects followed.
type client struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func (e *env) client(ts *httptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, base: ts.URL, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// login logs in as user (whose password is user-password).
func (e *env) login(user string) *client {
	c := e.client(e.ts)
	c.get("/login")
	res, _ := c.post("/login", url.Values{"name": {user}, "password": {user + "-password"}}, true)
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, want 303", user, res.StatusCode)
	}
	return c
}

func (c *client) csrf() string {
	u, _ := url.Parse(c.base)
	for _, k := range c.hc.Jar.Cookies(u) {
		if k.Name == csrfCookie {
			return k.Value
		}
	}
	return ""
}

func (c *client) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.base+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values, withCSRF bool) (*http.Response, string) {
	c.t.Helper()
	if withCSRF {
		form.Set(csrfField, c.csrf())
	}
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) api(method, path string, body any) (*http.Response, string) {
	c.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	if method != "GET" {
		req.Header.Set(csrfHeader, c.csrf())
	}
	return c.do(req)
}

// text returns the text content of the HTML body and fails if it does not
// parse.
func text(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && n.Data == "script" && n.FirstChild != nil {
			t.Errorf("page has an inline script: %q", n.FirstChild.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return b.String()
}

func TestPages(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	tests := []struct {
		name, path string
		status     int
		want       []string
	}{
		{"home", "/", 200, []string{"12 people", "review queue"}},
		{"search", "/search?q=harlow", 200, []string{"Thomas Harlow", "Maya Harlow"}},
		{"search soundex", "/search?q=harlo", 200, []string{"Thomas Harlow"}},
		{"search Daitch–Mokotoff", "/search?q=charlow", 200, []string{"Thomas Harlow", "sounds like"}},
		{"person", "/person/I3", 200, []string{"George Harlow", "Thomas Harlow", "Alice Harlow", "Margaret Boyd", "Ruth Keane", "Peter Harlow", "Helen Harlow", "Parish register", "entry 480"}},
		{"person ex", "/person/I7", 200, []string{"ex-wife", "Susan Doyle", "divorce 1995"}},
		{"person half-siblings", "/person/I8", 200, []string{"half-brother", "Peter Harlow"}},
		{"person living to editor", "/person/I10", 200, []string{"Maya Harlow", "1990"}},
		{"person missing", "/person/NOPE", 404, []string{"NOPE"}},
		{"family", "/family/F4", 200, []string{"Peter Harlow", "Susan Doyle", "divorce", "Add an event"}},
		{"source", "/source/S1?q=Thomas,+son+of+a+cooper", 200, []string{"Parish register"}},
		{"sources", "/sources", 200, []string{"Parish register"}},
		{"pedigree", "/chart/pedigree/I10", 200, []string{"Ancestors of Maya Harlow", "download SVG"}},
		{"descendants", "/chart/descendants/I1", 200, []string{"Descendants of Thomas Harlow"}},
		{"hourglass", "/chart/hourglass/I3", 200, []string{"Hourglass"}},
		{"timeline", "/chart/timeline/I1", 200, []string{"Timeline of Thomas Harlow"}},
		{"chart unknown", "/chart/fan/I1", 404, nil},
		{"relate", "/relate?a=I10&b=I8", 200, []string{"Helen Harlow", "niece"}},
		{"relate bad date", "/relate?a=I10&b=I8&at=notadate", 200, []string{"not one kin can read"}},
		{"review", "/review", 200, []string{"Maya Harlow", "Accept", "married Daniel Okafor"}},
		{"upload", "/upload", 200, []string{"GEDCOM file"}},
		{"edit", "/person/I1/edit", 200, []string{"Edit Thomas Harlow", "Citation"}},
		{"new person", "/person/new", 200, []string{"New person"}},
		{"privacy rule", "/privacy", 200, []string{"living relative"}},
		{"why private", "/person/I10/private", 200, []string{"less than 100 years"}},
		{"why shown", "/person/I1/private", 200, []string{"death"}},
		{"login page", "/login", 200, []string{"Password"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := ed.get(tt.path)
			if res.StatusCode != tt.status {
				t.Fatalf("GET %s: status %d, want %d\n%s", tt.path, res.StatusCode, tt.status, body)
			}
			txt := text(t, body)
			for _, w := range tt.want {
				if !strings.Contains(txt, w) {
					t.Errorf("GET %s: text lacks %q:\n%s", tt.path, w, txt)
				}
			}
		})
	}
}

func TestAPI(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	tests := []struct {
		name, method, path string
		body               any
		status             int
		want               []string
	}{
		{"openapi", "GET", "/api/v1/openapi.json", nil, 200, []string{`"openapi": "3.0.3"`}},
		{"session", "GET", "/api/v1/session", nil, 200, []string{`"role": "editor"`}},
		{"trees", "GET", "/api/v1/trees", nil, 200, []string{`"people": 12`}},
		{"search", "GET", "/api/v1/search?q=harlow&limit=2", nil, 200, []string{`"next_offset": 2`}},
		{"search page 2", "GET", "/api/v1/search?q=harlow&limit=2&offset=2", nil, 200, []string{`"offset": 2`}},
		{"search Daitch–Mokotoff", "GET", "/api/v1/search?q=charlow", nil, 200, []string{`"Thomas Harlow"`, `"sounds like"`}},
		{"search bad limit", "GET", "/api/v1/search?q=harlow&limit=0", nil, 400, []string{`"code": "invalid"`}},
		{"person", "GET", "/api/v1/people/I7", nil, 200, []string{`"name": "Peter Harlow"`, `"half_siblings"`, `"Helen Harlow"`}},
		{"person missing", "GET", "/api/v1/people/NOPE", nil, 404, []string{`"code": "not_found"`, `"message"`}},
		{"privacy", "GET", "/api/v1/people/I11/privacy", nil, 200, []string{`"private": true`, "living"}},
		{"timeline", "GET", "/api/v1/people/I1/timeline", nil, 200, []string{"marriage"}},
		{"family", "GET", "/api/v1/families/F1", nil, 200, []string{`"Thomas Harlow"`}},
		{"sources", "GET", "/api/v1/sources", nil, 200, []string{"Parish register"}},
		{"source", "GET", "/api/v1/sources/S1", nil, 200, []string{"Parish register"}},
		{"chart", "GET", "/api/v1/charts/pedigree/I10", nil, 200, []string{"<svg", "Peter Harlow"}},
		{"chart generations", "GET", "/api/v1/charts/pedigree/I10?generations=40", nil, 400, []string{"generations"}},
		{"relate", "GET", "/api/v1/relate?a=I10&b=I1", nil, 200, []string{"great-grand"}},
		{"relate missing", "GET", "/api/v1/relate?a=I10", nil, 400, []string{"invalid"}},
		{"review", "GET", "/api/v1/review", nil, 200, []string{"Daniel Okafor"}},
		{"export", "GET", "/api/v1/export", nil, 200, []string{"0 HEAD", "Maya"}},
		{"export 551", "GET", "/api/v1/export?version=5.5.1", nil, 200, []string{"5.5.1"}},
		{"edit", "PUT", "/api/v1/people/I1", map[string]any{"event": "OCCU", "event_detail": "Cooper and carter", "source_title": "Letter of 1920", "quote": "he kept a cart"}, 200, []string{"Cooper and carter"}},
		{"edit needs citation", "PUT", "/api/v1/people/I1", map[string]any{"event": "OCCU", "event_detail": "x"}, 400, []string{"citation"}},
		{"edit bad date", "PUT", "/api/v1/people/I1", map[string]any{"event": "BIRT", "event_date": "yesterday-ish", "source": "S1"}, 400, []string{"date"}},
		{"create", "POST", "/api/v1/people", map[string]any{"given": "Nora", "surname": "Harlow", "sex": "F", "source": "S1"}, 201, []string{"Nora Harlow"}},
		{"family event", "POST", "/api/v1/families/F2/events", map[string]any{"event": "DIV", "event_date": "1955", "source": "S1"}, 201, []string{"divorce"}},
		{"unknown route", "GET", "/api/v1/nothing", nil, 404, []string{"not_found"}},
		{"unknown field", "PUT", "/api/v1/people/I1", map[string]any{"colour": "red"}, 400, []string{"invalid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := ed.api(tt.method, tt.path, tt.body)
			if res.StatusCode != tt.status {
				t.Fatalf("%s %s: status %d, want %d\n%s", tt.method, tt.path, res.StatusCode, tt.status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: body lacks %q:\n%.2000s", tt.method, tt.path, w, body)
				}
			}
		})
	}
	// The edit kept the old fact in the history.
	facts, err := e.db.Tree("").Facts(context.Background(), "I1")
	if err != nil {
		t.Fatal(err)
	}
	var occ []string
	for _, f := range facts {
		if strings.Contains(f.Summary, "Cooper") {
			occ = append(occ, f.Summary)
		}
	}
	if len(occ) == 0 {
		t.Errorf("facts of I1 after edit: no occupation, want the new one")
	}
}

func TestAuthorization(t *testing.T) {
	e := newEnv(t)
	nobody := e.client(e.ts)
	vera := e.login("vera")
	anon := e.client(e.anon)
	tests := []struct {
		name   string
		c      *client
		method string
		path   string
		status int
	}{
		{"anonymous home redirects to login", nobody, "GET", "/", 303},
		{"anonymous person redirects", nobody, "GET", "/person/I1", 303},
		{"anonymous API 401", nobody, "GET", "/api/v1/people/I1", 401},
		{"anonymous export 401", nobody, "GET", "/api/v1/export", 401},
		{"viewer reads", vera, "GET", "/person/I1", 200},
		{"viewer no review", vera, "GET", "/review", 403},
		{"viewer no upload page", vera, "GET", "/upload", 403},
		{"viewer no edit page", vera, "GET", "/person/I1/edit", 403},
		{"viewer no API review", vera, "GET", "/api/v1/review", 403},
		{"anonymous-read home", anon, "GET", "/", 200},
		{"anonymous-read person", anon, "GET", "/person/I1", 200},
		{"anonymous-read no review", anon, "GET", "/review", 303},
		{"anonymous-read API edit 401", anon, "PUT", "/api/v1/people/I1", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var res *http.Response
			var body string
			if tt.method == "GET" {
				res, body = tt.c.get(tt.path)
			} else {
				res, body = tt.c.api(tt.method, tt.path, map[string]any{"given": "X", "source": "S1"})
			}
			if res.StatusCode != tt.status {
				t.Errorf("%s %s: status %d, want %d\n%.500s", tt.method, tt.path, res.StatusCode, tt.status, body)
			}
		})
	}
	// A viewer cannot edit, by form or API.
	if res, _ := vera.post("/person/I1/edit", url.Values{"given": {"Tom"}, "source": {"S1"}}, true); res.StatusCode != 403 {
		t.Errorf("viewer POST edit: status %d, want 403", res.StatusCode)
	}
	if res, _ := vera.api("PUT", "/api/v1/people/I1", map[string]any{"given": "Tom", "source": "S1"}); res.StatusCode != 403 {
		t.Errorf("viewer PUT person: status %d, want 403", res.StatusCode)
	}
	if res, _ := vera.api("POST", "/api/v1/review/1/accept", nil); res.StatusCode != 403 {
		t.Errorf("viewer accept: status %d, want 403", res.StatusCode)
	}
	// Wrong password.
	c := e.client(e.ts)
	c.get("/login")
	if res, body := c.post("/login", url.Values{"name": {"ed"}, "password": {"wrong-password"}}, true); res.StatusCode != 401 || !strings.Contains(body, "Wrong name or password") {
		t.Errorf("wrong password: status %d, want 401 with a message", res.StatusCode)
	}
	if res, _ := c.api("POST", "/api/v1/login", map[string]string{"name": "nobody", "password": "whatever1"}); res.StatusCode != 401 {
		t.Errorf("API login of unknown user: status %d, want 401", res.StatusCode)
	}
	if res, _ := c.api("POST", "/api/v1/login", map[string]string{"name": "ed", "password": "ed-password"}); res.StatusCode != 200 {
		t.Errorf("API login: status %d, want 200", res.StatusCode)
	}
	if res, _ := c.get("/review"); res.StatusCode != 200 {
		t.Errorf("after API login GET /review: status %d, want 200", res.StatusCode)
	}
	// Logout ends the session.
	if res, _ := c.post("/logout", url.Values{}, true); res.StatusCode != 303 {
		t.Errorf("logout: status %d, want 303", res.StatusCode)
	}
	if res, _ := c.get("/review"); res.StatusCode != 303 {
		t.Errorf("after logout GET /review: status %d, want 303 to login", res.StatusCode)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	form := func() url.Values { return url.Values{"given": {"Tommy"}, "source": {"S1"}} }
	if res, _ := ed.post("/person/I1/edit", form(), false); res.StatusCode != 403 {
		t.Errorf("POST without CSRF token: status %d, want 403", res.StatusCode)
	}
	f := form()
	f.Set(csrfField, strings.Repeat("x", 43))
	if res, _ := ed.post("/person/I1/edit", f, false); res.StatusCode != 403 {
		t.Errorf("POST with a wrong CSRF token: status %d, want 403", res.StatusCode)
	}
	req, _ := http.NewRequest("POST", ed.base+"/api/v1/review/1/reject", nil)
	if res, _ := ed.do(req); res.StatusCode != 403 {
		t.Errorf("API POST without X-CSRF-Token: status %d, want 403", res.StatusCode)
	}
	// A login form without the token is refused too (login CSRF).
	c := e.client(e.ts)
	if res, _ := c.post("/login", url.Values{"name": {"ed"}, "password": {"ed-password"}}, false); res.StatusCode != 403 {
		t.Errorf("login without CSRF cookie: status %d, want 403", res.StatusCode)
	}
	if res, _ := ed.post("/person/I1/edit", form(), true); res.StatusCode != 303 {
		t.Errorf("POST with the CSRF token: status %d, want 303", res.StatusCode)
	}
	p, err := e.db.Tree("").Person(context.Background(), "I1")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Name().Given; got != "Tommy" {
		t.Errorf("given name after edit = %q, want Tommy", got)
	}
}

func TestCookies(t *testing.T) {
	e := newEnv(t)
	c := e.client(e.ts)
	c.get("/login")
	form := url.Values{"name": {"ed"}, "password": {"ed-password"}, csrfField: {c.csrf()}}
	req, _ := http.NewRequest("POST", c.base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, _ := c.do(req)
	var found bool
	for _, k := range res.Cookies() {
		if k.Name == sessionCookie {
			found = true
			if !k.HttpOnly || k.SameSite != http.SameSiteLaxMode || !k.Secure {
				t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax and Secure behind https", k)
			}
		}
	}
	if !found {
		t.Fatalf("login set no session cookie")
	}
}

// TestLivingPrivacy checks that viewers and anonymous readers see living
// people only as "Living" everywhere.
func TestLivingPrivacy(t *testing.T) {
	e := newEnv(t)
	readers := map[string]*client{"viewer": e.login("vera"), "anonymous": e.client(e.anon)}
	// Maya (born 1990) is living by her dates; Jonah has no dates and a
	// living relative; Susan (born 1952) is living.
	secrets := []string{"Maya", "Jonah", "Susan", "Leeds", "14 FEB 1990", "Okafor"}
	paths := []string{
		"/person/I10", "/person/I11", "/person/I7", "/family/F4", "/search?q=maya", "/search?q=harlow",
		"/chart/pedigree/I10/svg", "/chart/descendants/I7/svg?generations=3", "/chart/hourglass/I7/svg",
		"/chart/timeline/I7/svg", "/relate?a=I10&b=I1", "/relate/svg?a=I11&b=I1", "/relate?a=I8&b=I1",
		"/download", "/download?version=5.5.1", "/person/I10/private",
		"/api/v1/people/I10", "/api/v1/people/I7", "/api/v1/search?q=maya", "/api/v1/families/F4",
		"/api/v1/relate?a=I10&b=I7", "/api/v1/charts/descendants/I3", "/api/v1/export", "/api/v1/people/I10/privacy",
		"/api/v1/people/I7/timeline",
	}
	for who, c := range readers {
		for _, p := range paths {
			t.Run(who+p, func(t *testing.T) {
				res, body := c.get(p)
				if res.StatusCode != 200 {
					t.Fatalf("GET %s: status %d, want 200", p, res.StatusCode)
				}
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("GET %s as %s shows %q", p, who, s)
					}
				}
			})
		}
	}
	// The dead are shown.
	_, body := readers["viewer"].get("/person/I7")
	if !strings.Contains(body, "Peter Harlow") || !strings.Contains(body, "Living") {
		t.Errorf("viewer's page of Peter Harlow lacks his name or a Living relative")
	}
	// Editors see everyone.
	_, body = e.login("ed").get("/person/I11")
	if !strings.Contains(body, "Jonah") {
		t.Errorf("editor does not see Jonah")
	}
}

func TestPrivacyRule(t *testing.T) {
	born := func(d string) kin.Event { return kin.Event{Type: kin.EventBirth, Date: mustDate(d)} }
	died := kin.Event{Type: kin.EventDeath}
	living := &kin.Person{ID: "L", Events: []kin.Event{born("1990")}}
	tests := []struct {
		name string
		p    *kin.Person
		rels []*kin.Person
		want bool
	}{
		{"born 30 years ago", &kin.Person{Events: []kin.Event{born("1995")}}, nil, true},
		{"born 30 years ago, died", &kin.Person{Events: []kin.Event{born("1995"), died}}, nil, false},
		{"born 150 years ago", &kin.Person{Events: []kin.Event{born("1875")}}, nil, false},
		{"born about 1925: latest day counts", &kin.Person{Events: []kin.Event{born("ABT 1920")}}, nil, true},
		{"born 99 years ago", &kin.Person{Events: []kin.Event{born("1926")}}, nil, true},
		{"born 101 years ago", &kin.Person{Events: []kin.Event{born("1924")}}, nil, false},
		{"christened recently", &kin.Person{Events: []kin.Event{{Type: kin.EventChristening, Date: mustDate("1980")}}}, nil, true},
		{"only a recent residence", &kin.Person{Events: []kin.Event{{Type: kin.EventResidence, Date: mustDate("2001")}}}, nil, true},
		{"no dates, living child", &kin.Person{}, []*kin.Person{living}, true},
		{"no dates, dead child", &kin.Person{}, []*kin.Person{{Events: []kin.Event{born("1990"), died}}}, false},
		{"no dates, no relatives", &kin.Person{}, nil, false},
		{"no dates, undated relative", &kin.Person{}, []*kin.Person{{}}, false},
		{"burial only", &kin.Person{Events: []kin.Event{{Type: kin.EventBurial}}}, []*kin.Person{living}, false},
		{"RESN private", private(&kin.Person{Events: []kin.Event{born("1800")}}), nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explainPrivacy(tt.p, tt.rels, testNow)
			if got.Private != tt.want {
				t.Errorf("explainPrivacy = %v (%s), want private %v", got.Private, got.Reason, tt.want)
			}
			if got := isPrivate(tt.p, tt.rels, testNow); got != tt.want {
				t.Errorf("isPrivate = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestXSS(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{"ed", "vera"} {
		c := e.login(who)
		for _, p := range []string{"/person/X1", "/search?q=harlow", "/search?q=" + url.QueryEscape(xss), "/chart/pedigree/X1/svg", "/chart/hourglass/X1/svg",
			"/chart/timeline/X1/svg", "/chart/pedigree/X1", "/relate?a=X1&b=I1", "/relate/svg?a=X1&b=I1", "/api/v1/people/X1", "/api/v1/search?q=harlow",
			"/person/X1/private", "/person/X1/edit"} {
			res, body := c.get(p)
			if res.StatusCode != 200 && res.StatusCode != 403 {
				t.Errorf("%s GET %s: status %d", who, p, res.StatusCode)
			}
			if strings.Contains(body, "<script>alert") {
				t.Errorf("%s GET %s: the name is not escaped", who, p)
			}
		}
	}
	_, body := e.login("ed").get("/person/X1")
	if !strings.Contains(text(t, body), xss) {
		t.Errorf("person page does not show the name as text")
	}
}

func TestReviewAndUpload(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	revs, err := e.db.Tree("").Reviews(context.Background(), sqlstore.ReviewPending)
	if err != nil || len(revs) != 1 {
		t.Fatalf("Reviews = %v, %v, want one", revs, err)
	}
	rid := fmt.Sprint(revs[0].ID)
	res, body := ed.post("/review/"+rid+"/accept", url.Values{}, true)
	if res.StatusCode != 303 {
		t.Fatalf("accept: status %d, want 303\n%s", res.StatusCode, body)
	}
	if _, body := ed.get("/search?q=okafor"); !strings.Contains(body, "Daniel Okafor") {
		t.Errorf("after accepting, search for Okafor does not find Daniel")
	}
	if res, _ := ed.post("/review/"+rid+"/accept", url.Values{}, true); res.StatusCode != 409 && res.StatusCode != 400 {
		t.Errorf("accepting twice: status %d, want 409 or 400", res.StatusCode)
	}
	if res, _ := ed.post("/review/99/reject", url.Values{}, true); res.StatusCode != 404 {
		t.Errorf("reject #99: status %d, want 404", res.StatusCode)
	}
	// Upload an article through the API: it is queued.
	up := func(name, content string) (*http.Response, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
		mw.Close()
		req, _ := http.NewRequest("POST", ed.base+"/api/v1/upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set(csrfHeader, ed.csrf())
		return ed.do(req)
	}
	if res, body := up("a.txt", "date 2024-01-02\nJane Roe married John Doe in 2010.\n"); res.StatusCode != 200 || !strings.Contains(body, "review_id") {
		t.Errorf("article upload: status %d, body %s", res.StatusCode, body)
	}
	if res, body := up("a.txt", "Jane Roe married John Doe in 2010.\n"); res.StatusCode != 400 || !strings.Contains(body, "date") {
		t.Errorf("article without date: status %d, body %s, want 400 about the date", res.StatusCode, body)
	}
	if res, _ := up("big.ged", strings.Repeat("x", 2<<20)); res.StatusCode != 400 {
		t.Errorf("upload over the limit: status %d, want 400", res.StatusCode)
	}
	if res, body := up("bad.ged", "this is not GEDCOM"); res.StatusCode != 400 && res.StatusCode != 500 {
		t.Errorf("bad GEDCOM: status %d, body %s", res.StatusCode, body)
	}
}

func TestEmptyDatabaseExample(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	h, _ := bcryptFast("ed-password")
	db.PutUser(context.Background(), sqlstore.User{Name: "ed", Role: "editor", PasswordHash: h})
	srv := &Server{Store: db, Import: testImport}
	hh, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(hh)
	defer ts.Close()
	e := &env{t: t, ts: ts}
	c := e.login("ed")
	if _, body := c.get("/"); !strings.Contains(body, "Load the example") {
		t.Fatalf("empty tree's home page does not offer the example")
	}
	if res, _ := c.post("/example", url.Values{}, true); res.StatusCode != 303 {
		t.Fatalf("load example: status %d, want 303", res.StatusCode)
	}
	if _, body := c.get("/"); !strings.Contains(text(t, body), "11 people") {
		t.Errorf("after loading the example the home page does not count 11 people")
	}
	if res, _ := c.post("/example", url.Values{}, true); res.StatusCode != 409 {
		t.Errorf("loading the example twice: status %d, want 409", res.StatusCode)
	}
}

// TestLoginWithoutAccounts checks that a database with no accounts says on
// the login page how to make the first one, and one with accounts does not.
func TestLoginWithoutAccounts(t *testing.T) {
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv := &Server{Store: db, Now: func() time.Time { return testNow }}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	page := func() string {
		t.Helper()
		res, err := http.Get(ts.URL + "/login")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if got := page(); !strings.Contains(got, `id="no-accounts"`) || !strings.Contains(got, "kin user add YOUR-NAME --role admin") {
		t.Errorf("login page without accounts does not say how to make one:\n%s", got)
	}
	hash, err := bcryptFast("pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PutUser(context.Background(), sqlstore.User{Name: "ada", Role: "admin", PasswordHash: hash}); err != nil {
		t.Fatal(err)
	}
	if got := page(); strings.Contains(got, `id="no-accounts"`) {
		t.Errorf("login page with an account still says there are none")
	}
}

// private returns p marked private (RESN).
func private(p *kin.Person) *kin.Person {
	p.SetPrivate(true)
	return p
}
