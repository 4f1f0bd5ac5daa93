// Package web is kin's web interface and JSON API: server-rendered pages to
// browse, chart, search, review and edit a tree, and the same operations
// under /api/v1, described by an OpenAPI 3 document at
// /api/v1/openapi.json.
//
// Pages are html/template files parsed once from an embedded file system,
// one file per page, with a little plain JavaScript in static/ and no build
// step. Charts are SVG drawn by package chart.
//
// Users log in with a name and password (bcrypt); a session is a random
// token in an HttpOnly, SameSite=Lax cookie (Secure behind TLS). Every form
// and every state-changing API call must carry the CSRF token of the
// double-submit cookie. Roles are viewer (reads), editor (reads everything,
// edits, uploads, reviews) and admin (everything). Living people are shown
// only as "Living" to viewers and anonymous readers; privacy.go states the
// rule.
//
// Errors are kin.Error values mapped to HTTP statuses in one place, Error.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"kin"
	"kin/sqlstore"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed example
var exampleFS embed.FS

// Store is what the web interface uses of a kin database; *sqlite.DB and
// *postgres.DB have it.
type Store interface {
	Tree(name string) *sqlstore.Tree
	Trees(ctx context.Context) ([]sqlstore.TreeInfo, error)
	User(ctx context.Context, name string) (*sqlstore.User, error)
	Users(ctx context.Context) ([]sqlstore.User, error)
	AddSession(ctx context.Context, tokenHash, user string, expires time.Time) error
	// SessionUserVersion reads the user of a session that has not
	// expired (nil for none) and WriteVersion together.
	SessionUserVersion(ctx context.Context, tokenHash string) (*sqlstore.User, int64, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// AddFirstUser adds a user only while there are none, in one
	// transaction; kin.ECONFLICT otherwise.
	AddFirstUser(ctx context.Context, u sqlstore.User) error
	// WriteVersion is raised by every write transaction; the server's
	// caches are good while it stays the same.
	WriteVersion(ctx context.Context) (int64, error)
}

// Server is the web interface of one tree of a database. Set its fields,
// then call Handler.
type Server struct {
	Store Store
	// TreeName is the tree shown; "" is sqlstore.DefaultTree.
	TreeName string
	// AnonymousRead lets people who have not logged in read the tree as
	// viewers do (living people hidden).
	AnonymousRead bool
	// Logger receives request logs and internal errors; nil discards them.
	Logger *slog.Logger
	// Now returns the current time; nil means time.Now. It decides who is
	// living and when sessions expire.
	Now func() time.Time
	// MaxUpload bounds an uploaded file's size in bytes; 0 means 64 MB.
	MaxUpload int64
	// SessionTTL is how long a login lasts; 0 means 30 days.
	SessionTTL time.Duration
	// Import stores a GEDCOM file in a tree. cmd/kin sets it to the
	// import pipeline of kin import; nil disables GEDCOM upload.
	Import func(ctx context.Context, t *sqlstore.Tree, filename string, r io.Reader) (sqlstore.ImportStats, error)
	// Export writes a tree losslessly as GEDCOM of the given version
	// ("7.0" or "5.5.1") for readers allowed to see everyone. When nil,
	// or for readers who may not see living people, the download is
	// written from the tree's records with gedcom.FromTree.
	Export func(ctx context.Context, t *sqlstore.Tree, version string, w io.Writer) error

	// IndexRelationships builds a relationship index of the tree in the
	// background when Handler is called, and rebuilds it after every
	// change made through the server, so the relationship finder does not
	// walk the store (see relIndex). Call Close to stop the builder.
	IndexRelationships bool
	// KeepTree, with IndexRelationships, holds the served tree's people,
	// families and associations in memory (snapshot.go) and builds the
	// relationship index from them: the relationship finder and the
	// person page then read no people or families from the store while
	// the snapshot is current. It takes about 1.5 KB per person with its
	// lookups and index (1,525 bytes measured on a million people).
	KeepTree bool
	// CacheSize bounds how many people, and as many families and lists
	// of families, the server keeps in memory between requests (see
	// cache.go): from CacheSize to twice as many. 0 means 50,000, a
	// negative number keeps none.
	CacheSize int

	pages map[string]*template.Template
	mux   *http.ServeMux
	index *relIndex
	mu    sync.Mutex
	cur   *served // the served tree at the latest write version seen
}

// Handler returns the server's http.Handler: every page, the API and the
// static files, with request logging and authentication around them.
func (s *Server) Handler() (http.Handler, error) {
	if s.Store == nil {
		return nil, errors.New("web: Server.Store is nil")
	}
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.routes()
	if s.IndexRelationships {
		s.startIndex()
	}
	return s.authenticate(s.logRequests(s.mux)), nil
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Server) tree() *sqlstore.Tree { return s.Store.Tree(s.TreeName) }

func (s *Server) maxUpload() int64 {
	if s.MaxUpload > 0 {
		return s.MaxUpload
	}
	return 64 << 20
}

// routes registers every page and API route with the role it needs.
func (s *Server) routes() {
	static, _ := fs.Sub(staticFS, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))

	page := func(pattern string, role Role, h http.HandlerFunc) {
		s.mux.Handle(pattern, s.require(role, false, s.changes(pattern, s.withCurrent(h))))
	}
	api := func(pattern string, role Role, h http.HandlerFunc) {
		s.mux.Handle(pattern, s.require(role, true, s.changes(pattern, s.withCurrent(h))))
	}

	// Pages anyone may open.
	s.mux.HandleFunc("GET /login", s.showLoginPage)
	s.mux.Handle("POST /login", s.checkCSRF(false, http.HandlerFunc(s.login)))
	s.mux.Handle("POST /logout", s.checkCSRF(false, http.HandlerFunc(s.logout)))
	s.mux.HandleFunc("GET /setup", s.showSetupPage)
	s.mux.Handle("POST /setup", s.checkCSRF(false, http.HandlerFunc(s.setup)))
	s.mux.HandleFunc("GET /privacy", s.showPrivacyPage)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })

	page("GET /{$}", RoleViewer, s.showHomePage)
	page("GET /search", RoleViewer, s.showSearchPage)
	page("GET /person/{id}", RoleViewer, s.showPersonPage)
	page("GET /person/{id}/private", RoleViewer, s.showWhyPrivatePage)
	page("GET /family/{id}", RoleViewer, s.showFamilyPage)
	page("GET /source/{id}", RoleViewer, s.showSourcePage)
	page("GET /sources", RoleViewer, s.showSourcesPage)
	page("GET /chart/{kind}/{id}", RoleViewer, s.showChartPage)
	page("GET /chart/{kind}/{id}/svg", RoleViewer, s.serveChartSVG)
	page("GET /relate", RoleViewer, s.showRelatePage)
	page("GET /relate/svg", RoleViewer, s.serveRelateSVG)
	page("GET /download", RoleViewer, s.download)
	page("GET /review", RoleEditor, s.showReviewPage)
	page("POST /review/{id}/{action}", RoleEditor, s.review)
	page("GET /upload", RoleEditor, s.showUploadPage)
	page("POST /upload", RoleEditor, s.upload)
	page("POST /example", RoleEditor, s.loadExample)
	page("GET /person/{id}/edit", RoleEditor, s.showEditPersonPage)
	page("POST /person/{id}/edit", RoleEditor, s.editPerson)
	page("GET /person/new", RoleEditor, s.showEditPersonPage)
	page("POST /person/new", RoleEditor, s.editPerson)
	page("POST /family/{id}/event", RoleEditor, s.addFamilyEvent)

	// The JSON API.
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.serveOpenAPI)
	s.mux.Handle("POST /api/v1/login", s.checkCSRF(true, http.HandlerFunc(s.apiLogin)))
	s.mux.Handle("POST /api/v1/logout", s.checkCSRF(true, http.HandlerFunc(s.apiLogout)))
	api("GET /api/v1/session", RoleNone, s.apiSession)
	api("GET /api/v1/trees", RoleViewer, s.apiTrees)
	api("GET /api/v1/search", RoleViewer, s.apiSearch)
	api("GET /api/v1/people/{id}", RoleViewer, s.apiPerson)
	api("GET /api/v1/people/{id}/privacy", RoleViewer, s.apiPrivacy)
	api("GET /api/v1/people/{id}/timeline", RoleViewer, s.apiTimeline)
	api("GET /api/v1/families/{id}", RoleViewer, s.apiFamily)
	api("GET /api/v1/sources", RoleViewer, s.apiSources)
	api("GET /api/v1/sources/{id}", RoleViewer, s.apiSource)
	api("GET /api/v1/charts/{kind}/{id}", RoleViewer, s.serveChartSVG)
	api("GET /api/v1/relate", RoleViewer, s.apiRelate)
	api("GET /api/v1/export", RoleViewer, s.download)
	api("GET /api/v1/review", RoleEditor, s.apiReview)
	api("POST /api/v1/review/{id}/{action}", RoleEditor, s.review)
	api("POST /api/v1/people", RoleEditor, s.apiEditPerson)
	api("PUT /api/v1/people/{id}", RoleEditor, s.apiEditPerson)
	api("POST /api/v1/families/{id}/events", RoleEditor, s.addFamilyEvent)
	api("POST /api/v1/upload", RoleEditor, s.upload)
	s.mux.Handle("/api/", s.require(RoleNone, true, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, kin.Errorf(kin.ENOTFOUND, "No such API route: %s %s.", r.Method, r.URL.Path))
	})))
}

// changes wraps the handler of a POST or PUT route, all of which may
// change the tree, to tell the relationship index after it ran, so that
// its rebuild starts at once rather than at the next request.
func (s *Server) changes(pattern string, h http.HandlerFunc) http.HandlerFunc {
	if !strings.HasPrefix(pattern, "POST ") && !strings.HasPrefix(pattern, "PUT ") {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		defer s.treeChanged()
		h(w, r)
	}
}

// treeChanged tells the relationship index builder that the tree may
// have changed. The caches need no telling: the next request reads the
// write version (cache.go).
func (s *Server) treeChanged() {
	s.index.changed()
}

// Error writes err to the client: the status its kin.ErrorCode maps to and
// its kin.ErrorMessage, as JSON ({"error": {"code", "message"}}) for API
// requests and as a page otherwise. Internal errors are logged, and their
// details never shown.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := kin.ErrorCode(err), kin.ErrorMessage(err)
	status := ErrorStatus(code)
	if errors.Is(err, errUnauthenticated) {
		code, msg, status = "unauthenticated", "Log in to see this.", http.StatusUnauthorized
	} else if errors.Is(err, errForbidden) {
		code, msg, status = "forbidden", "Your role does not allow this.", http.StatusForbidden
	} else if errors.Is(err, errCSRF) {
		code, msg, status = "forbidden", "The form's security token is missing or stale; reload the page and try again.", http.StatusForbidden
	} else if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		code, msg, status = "unavailable", "The request took too long.", http.StatusServiceUnavailable
	}
	if status == http.StatusInternalServerError {
		s.Logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	if isAPI(r) {
		writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
		return
	}
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, "error", status, map[string]any{"Status": status, "StatusText": http.StatusText(status), "Message": msg})
}

// ErrorStatus returns the HTTP status for a kin error code.
func ErrorStatus(code string) int {
	switch code {
	case kin.ENOTFOUND:
		return http.StatusNotFound
	case kin.EINVALID:
		return http.StatusBadRequest
	case kin.ECONFLICT:
		return http.StatusConflict
	case "":
		return http.StatusOK
	default:
		return http.StatusInternalServerError
	}
}

var (
	errUnauthenticated = errors.New("not logged in")
	errForbidden       = errors.New("role does not allow")
	errCSRF            = errors.New("missing or wrong CSRF token")
)

// logRequests logs every request with log/slog: method, path, status,
// duration and user.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		s.Logger.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.n, "duration", time.Since(start).Round(time.Microsecond), "user", userName(r.Context()))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	n      int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// errorf returns a kin.Error with code EINVALID.
func invalidf(format string, args ...any) error { return kin.Errorf(kin.EINVALID, format, args...) }

var _ = fmt.Sprintf
