package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"kin"
	"kin/sqlstore"
)

// Role is what a user may do. Each role may do everything the roles below
// it may.
type Role int

// Roles.
const (
	// RoleNone is someone who has not logged in, on a server without
	// anonymous reading: they may only log in.
	RoleNone Role = iota
	// RoleViewer reads the tree; living people are shown as "Living".
	RoleViewer
	// RoleEditor also sees living people, edits, uploads and reviews.
	RoleEditor
	// RoleAdmin may do everything.
	RoleAdmin
)

// ParseRole returns the role called s: viewer, editor or admin.
func ParseRole(s string) (Role, error) {
	switch s {
	case "viewer":
		return RoleViewer, nil
	case "editor":
		return RoleEditor, nil
	case "admin":
		return RoleAdmin, nil
	}
	return RoleNone, kin.Errorf(kin.EINVALID, "Unknown role %q: want viewer, editor or admin.", s)
}

// String returns the role's name.
func (r Role) String() string {
	switch r {
	case RoleViewer:
		return "viewer"
	case RoleEditor:
		return "editor"
	case RoleAdmin:
		return "admin"
	}
	return "anonymous"
}

// HashPassword returns the bcrypt hash of password, as the store keeps it.
func HashPassword(password string) (string, error) {
	if len(password) < 8 {
		return "", kin.Errorf(kin.EINVALID, "A password needs at least 8 characters.")
	}
	if len(password) > 72 {
		return "", kin.Errorf(kin.EINVALID, "A password may have at most 72 bytes.")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// dummyHash is compared against when a user does not exist, so that a
// login takes as long whether or not the name is known.
var dummyHash = []byte("$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3Zwp0Jw1b6NuYpVhYQm3wS.")

const (
	sessionCookie = "kin_session"
	csrfCookie    = "kin_csrf"
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
)

type ctxKey int

const (
	userKey ctxKey = iota
	csrfKey
)

// session is who is asking: the user (nil when anonymous), their role and
// the CSRF token of their browser.
type session struct {
	user *sqlstore.User
	role Role
	csrf string
	// version is the database's write version read with the session's
	// user, when hasVersion.
	version    int64
	hasVersion bool
}

func sessionOf(ctx context.Context) *session {
	if s, ok := ctx.Value(userKey).(*session); ok {
		return s
	}
	return &session{}
}

func userName(ctx context.Context) string {
	if s := sessionOf(ctx); s.user != nil {
		return s.user.Name
	}
	return ""
}

// seesLiving reports whether the request's user may see living people.
func seesLiving(ctx context.Context) bool { return sessionOf(ctx).role >= RoleEditor }

// authenticate finds the request's session from its cookie, sets a CSRF
// cookie when there is none, and puts both in the request's context.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := &session{}
		if s.AnonymousRead {
			sess.role = RoleViewer
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			// The write version comes with the user, in one read; the
			// page's served tree is taken at it (withCurrent).
			u, v, err := s.Store.SessionUserVersion(r.Context(), hashToken(c.Value))
			if err != nil {
				s.Error(w, r, err)
				return
			}
			sess.version, sess.hasVersion = v, true
			if u != nil {
				sess.user = u
				sess.role, _ = ParseRole(u.Role)
			}
		}
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			sess.csrf = c.Value
		} else {
			sess.csrf = randomToken()
			http.SetCookie(w, s.cookie(r, csrfCookie, sess.csrf, 0))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey, sess)))
	})
}

// require wraps h so that it runs only for users with at least role, and,
// for methods that change state, only with the right CSRF token.
func (s *Server) require(role Role, api bool, h http.Handler) http.Handler {
	inner := s.checkCSRF(api, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := sessionOf(r.Context())
		if sess.role < role {
			if sess.user == nil {
				s.Error(w, r, errUnauthenticated)
				return
			}
			s.Error(w, r, errForbidden)
			return
		}
		inner.ServeHTTP(w, r)
	})
}

// checkCSRF refuses a POST, PUT, PATCH or DELETE whose form field csrf or
// header X-CSRF-Token does not match the browser's CSRF cookie (the
// double-submit pattern; the cookie is SameSite=Lax, so another site can
// neither read nor send it along with a cross-site POST).
func (s *Server) checkCSRF(api bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			h.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(csrfCookie)
		if err != nil || len(c.Value) < 32 {
			s.Error(w, r, errCSRF)
			return
		}
		got := r.Header.Get(csrfHeader)
		if got == "" && !api {
			// Multipart forms are read by the handler within its
			// size limit; the token comes first in kin's forms, but
			// FormValue reads the whole body, so bound it here.
			r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload()+1<<20)
			got = r.FormValue(csrfField)
		}
		if subtle.ConstantTimeCompare([]byte(got), []byte(c.Value)) != 1 {
			s.Error(w, r, errCSRF)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// cookie returns a cookie for this server: HttpOnly, SameSite=Lax, and
// Secure when the request came over TLS or through a proxy that says so.
func (s *Server) cookie(r *http.Request, name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"),
	}
	// MaxAge, not Expires: the browser's clock need not agree with
	// Server.Now; the store checks the expiry anyway.
	c.MaxAge = int(maxAge.Seconds())
	return c
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// startSession checks name and password and, when they match, records a
// session and sets its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, name, password string) (*sqlstore.User, error) {
	u, err := s.Store.User(r.Context(), name)
	if err != nil {
		if kin.ErrorCode(err) != kin.ENOTFOUND {
			return nil, err
		}
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return nil, kin.Errorf(kin.EINVALID, "Wrong name or password.")
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		return nil, kin.Errorf(kin.EINVALID, "Wrong name or password.")
	}
	if err := s.newSession(w, r, u); err != nil {
		return nil, err
	}
	return u, nil
}

// newSession records a session of u and sets its cookie.
func (s *Server) newSession(w http.ResponseWriter, r *http.Request, u *sqlstore.User) error {
	ttl := s.SessionTTL
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	tok := randomToken()
	expires := s.now().Add(ttl)
	if err := s.Store.AddSession(r.Context(), hashToken(tok), u.Name, expires); err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, tok, ttl))
	return nil
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.Store.DeleteSession(r.Context(), hashToken(c.Value)); err != nil {
			return err
		}
	}
	c := s.cookie(r, sessionCookie, "", 0)
	c.MaxAge = -1
	http.SetCookie(w, c)
	return nil
}

func (s *Server) showLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "login", http.StatusOK, map[string]any{"Next": safeNext(r.URL.Query().Get("next")), "NoAccounts": s.noAccounts(r)})
}

// noAccounts reports whether the database has no user accounts yet, so the
// login page can say how to make the first one instead of asking for a
// password nobody has.
func (s *Server) noAccounts(r *http.Request) bool {
	us, err := s.Store.Users(r.Context())
	return err == nil && len(us) == 0
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.FormValue("next"))
	if _, err := s.startSession(w, r, r.FormValue("name"), r.FormValue("password")); err != nil {
		if kin.ErrorCode(err) == kin.EINVALID {
			s.render(w, r, "login", http.StatusUnauthorized, map[string]any{"Next": next, "Name": r.FormValue("name"), "Message": kin.ErrorMessage(err), "NoAccounts": s.noAccounts(r)})
			return
		}
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }
