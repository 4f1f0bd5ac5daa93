package web

import (
	"net/http"
	"strings"
	"unicode"

	"kin"
	"kin/sqlstore"
)

// The first account. On a database with no accounts at all, /setup offers
// to create an administrator in the browser (name and password twice),
// as self-hosted tools do on their first start, and logs them in. The
// store creates the account only while there is none, in one transaction
// (sqlstore.Store.AddFirstUser), so of two visitors racing for it exactly
// one wins; once any account exists the page only points to the login.

func (s *Server) showSetupPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "setup", http.StatusOK, map[string]any{"Title": "Create the first administrator", "Open": s.noAccounts(r)})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.FormValue("name"))
	fail := func(status int, err error) {
		if code := kin.ErrorCode(err); code != kin.EINVALID && code != kin.ECONFLICT {
			s.Error(w, r, err)
			return
		}
		s.render(w, r, "setup", status, map[string]any{"Title": "Create the first administrator", "Name": name,
			"Message": kin.ErrorMessage(err), "Open": s.noAccounts(r)})
	}
	if err := checkUserName(name); err != nil {
		fail(http.StatusBadRequest, err)
		return
	}
	password := r.FormValue("password")
	if password != r.FormValue("password2") {
		fail(http.StatusBadRequest, kin.Errorf(kin.EINVALID, "The two passwords differ."))
		return
	}
	if !s.noAccounts(r) {
		// Checked again, in one transaction, by AddFirstUser; this
		// only saves hashing a password for nothing.
		fail(http.StatusConflict, kin.Errorf(kin.ECONFLICT, "The database has accounts already; log in, or ask an administrator for one."))
		return
	}
	hash, err := HashPassword(password)
	if err != nil {
		fail(http.StatusBadRequest, err)
		return
	}
	u := &sqlstore.User{Name: name, Role: RoleAdmin.String(), PasswordHash: hash}
	if err := s.Store.AddFirstUser(r.Context(), *u); err != nil {
		fail(http.StatusConflict, err)
		return
	}
	s.Logger.Info("first administrator created", "user", name)
	if err := s.newSession(w, r, u); err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// checkUserName accepts names of 1 to 64 letters, digits and . _ - @.
func checkUserName(name string) error {
	if name == "" {
		return kin.Errorf(kin.EINVALID, "Give a name.")
	}
	if len(name) > 64 {
		return kin.Errorf(kin.EINVALID, "A name may have at most 64 bytes.")
	}
	for _, c := range name {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("._-@", c) {
			return kin.Errorf(kin.EINVALID, "A name may hold letters, digits and . _ - @ only.")
		}
	}
	return nil
}
