package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"kin/sqlite"
)

// setupEnv is a server on a database with no accounts.
func setupEnv(t *testing.T) (*env, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "kin.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetNow(func() time.Time { return testNow })
	srv := &Server{Store: db, Now: func() time.Time { return testNow }}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &env{t: t, db: db, srv: srv, ts: ts}, db
}

func setupForm(name, pw, pw2 string) url.Values {
	return url.Values{"name": {name}, "password": {pw}, "password2": {pw2}}
}

// TestSetup walks through the first account: the login page points to the
// setup page, which creates an administrator and logs them in, and then
// is gone.
func TestSetup(t *testing.T) {
	e, db := setupEnv(t)
	c := e.client(e.ts)
	if _, body := c.get("/login"); !strings.Contains(body, `href="/setup"`) {
		t.Errorf("login page without accounts does not link to /setup")
	}
	if _, body := c.get("/setup"); !strings.Contains(body, `id="setup"`) {
		t.Fatalf("setup page without accounts has no form:\n%s", body)
	}
	// Refused: no CSRF token, passwords that differ, a short password, a
	// bad name. None makes an account.
	if res, _ := c.post("/setup", setupForm("ada", "long-password", "long-password"), false); res.StatusCode != http.StatusForbidden {
		t.Errorf("POST /setup without CSRF token: status %d, want 403", res.StatusCode)
	}
	for _, f := range []url.Values{
		setupForm("ada", "long-password", "long-passw0rd"),
		setupForm("ada", "short", "short"),
		setupForm("", "long-password", "long-password"),
		setupForm("a<b>", "long-password", "long-password"),
	} {
		res, body := c.post("/setup", f, true)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `class="error"`) {
			t.Errorf("POST /setup %v: status %d, want 400 with a message", f, res.StatusCode)
		}
	}
	if us, _ := db.Users(context.Background()); len(us) != 0 {
		t.Fatalf("refused setups made accounts: %+v", us)
	}
	res, _ := c.post("/setup", setupForm("ada", "long-password", "long-password"), true)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST /setup: status %d, want 303", res.StatusCode)
	}
	// Logged in as the new administrator.
	if _, body := c.get("/"); !strings.Contains(body, "ada (admin)") {
		t.Errorf("after setup the home page does not show ada as admin:\n%s", body)
	}
	us, err := db.Users(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 1 || us[0].Name != "ada" || us[0].Role != "admin" {
		t.Errorf("users after setup: %+v, want ada, admin", us)
	}
	// The page is gone: no form, and a second attempt, even with a
	// valid token, makes no account.
	other := e.client(e.ts)
	if _, body := other.get("/setup"); strings.Contains(body, `id="setup"`) {
		t.Errorf("setup page still offers the form once an account exists")
	}
	if _, body := other.get("/login"); strings.Contains(body, `href="/setup"`) {
		t.Errorf("login page still links to /setup once an account exists")
	}
	if res, _ := other.post("/setup", setupForm("eve", "long-password", "long-password"), true); res.StatusCode != http.StatusConflict {
		t.Errorf("second POST /setup: status %d, want 409", res.StatusCode)
	}
	if us, _ := db.Users(context.Background()); len(us) != 1 {
		t.Errorf("after a second setup there are %d users, want 1", len(us))
	}
	// The password works for a normal login.
	if res, _ := other.post("/login", url.Values{"name": {"ada"}, "password": {"long-password"}}, true); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login as the first administrator: status %d, want 303", res.StatusCode)
	}
}

// TestSetupRace sends several setups at once: exactly one makes an
// account, the others are refused.
func TestSetupRace(t *testing.T) {
	e, db := setupEnv(t)
	const n = 6
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = e.client(e.ts)
		clients[i].get("/setup") // the CSRF cookie
	}
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := c.post("/setup", setupForm("admin"+string(rune('a'+i)), "long-password", "long-password"), true)
			codes[i] = res.StatusCode
		}()
	}
	wg.Wait()
	won := 0
	for _, code := range codes {
		switch code {
		case http.StatusSeeOther:
			won++
		case http.StatusConflict:
		default:
			t.Errorf("concurrent POST /setup: status %d, want 303 or 409", code)
		}
	}
	if won != 1 {
		t.Errorf("%d of %d concurrent setups succeeded (%v), want 1", won, n, codes)
	}
	if us, _ := db.Users(context.Background()); len(us) != 1 {
		t.Errorf("after concurrent setups there are %d users, want 1", len(us))
	}
}
