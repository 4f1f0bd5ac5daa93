package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/sqlstore"
)

// TestSnapshotAnswersSame renders every person page, person API answer,
// privacy verdict, timeline, family, chart and relationship answer of the
// example tree twice: from a server that reads the store (no index, no
// snapshot) and from one that holds the tree in memory (KeepTree), for an
// editor, a viewer and an anonymous reader, and requires the same status
// and the same bytes. Living people must stay hidden from the viewer and
// the anonymous reader on the snapshot. A write retires the snapshot at
// once.
func TestSnapshotAnswersSame(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	mk := func(keep bool) (*Server, *httptest.Server) {
		srv := &Server{Store: e.db, Now: func() time.Time { return testNow }, AnonymousRead: true, IndexRelationships: keep, KeepTree: keep}
		h, err := srv.Handler()
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(h)
		t.Cleanup(ts.Close)
		t.Cleanup(func() { srv.Close() })
		return srv, ts
	}
	_, plainTS := mk(false)
	snapSrv, snapTS := mk(true)
	if err := snapSrv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	v0, err := e.db.WriteVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snapSrv.index.currentSnap(v0) == nil {
		t.Fatal("no snapshot after WaitReady")
	}

	tree, err := e.db.Tree("").Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var people, families []string
	for _, p := range tree.People {
		people = append(people, string(p.ID))
	}
	for _, f := range tree.Families {
		families = append(families, string(f.ID))
	}
	people = append(people, "I404", "F1") // not people: the same errors
	var paths []string
	for _, id := range people {
		paths = append(paths, "/person/"+id, "/person/"+id+"/private", "/api/v1/people/"+id,
			"/api/v1/people/"+id+"/privacy", "/api/v1/people/"+id+"/timeline",
			"/chart/pedigree/"+id+"/svg", "/chart/descendants/"+id+"/svg", "/chart/hourglass/"+id+"/svg")
		for _, other := range people {
			q := "?a=" + id + "&b=" + other
			paths = append(paths, "/relate"+q, "/api/v1/relate"+q, "/relate/svg"+q)
		}
	}
	paths = append(paths, "/api/v1/relate?a=I1&b=I10&at=1990", "/relate?a=I3&b=I11&at=nonsense")
	for _, id := range families {
		paths = append(paths, "/family/"+id, "/api/v1/families/"+id)
	}
	if len(people) < 10 {
		t.Fatalf("the example tree has %d people, want more than 10", len(people))
	}

	readers := []struct {
		name string
		user string // "" is anonymous
	}{{"editor", "ed"}, {"viewer", "vera"}, {"anonymous", ""}}
	for _, rd := range readers {
		t.Run(rd.name, func(t *testing.T) {
			plain := e.clientAt(plainTS, rd.user)
			snap := e.clientAt(snapTS, rd.user)
			for _, p := range paths {
				wres, want := plain.get(p)
				gres, got := snap.get(p)
				if tok := plain.csrf(); tok != "" {
					want = strings.ReplaceAll(want, tok, "CSRF")
				}
				if tok := snap.csrf(); tok != "" {
					got = strings.ReplaceAll(got, tok, "CSRF")
				}
				if gres.StatusCode != wres.StatusCode || got != want {
					t.Errorf("%s from the snapshot: status %d\n%s\nwant status %d\n%s", p, gres.StatusCode, got, wres.StatusCode, want)
				}
			}
			if rd.user != "ed" {
				// Maya Harlow (I10) is living by her dates.
				if _, body := snap.get("/person/I10"); strings.Contains(body, "Maya") || !strings.Contains(body, "Living") {
					t.Errorf("%s sees a living person's name on the snapshot's page", rd.name)
				}
				if _, body := snap.get("/api/v1/relate?a=I1&b=I10"); strings.Contains(body, "Maya") {
					t.Errorf("%s sees a living person's name in the snapshot's relationship answer", rd.name)
				}
			}
		})
	}

	// The finder read no one from the store: the served caches are empty.
	sv, err := snapSrv.current(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sv.people.cur, sv.people.old = map[kin.ID]*kin.Person{}, nil
	c := e.clientAt(snapTS, "ed")
	c.get("/relate?a=I3&b=I11")
	c.get("/api/v1/relate?a=I1&b=I9")
	if n := sv.people.len() + sv.families.len() + sv.childFams.len() + sv.partnerFams.len(); n != 0 {
		t.Errorf("the finder read %d people and families from the store with a current snapshot, want none", n)
	}

	// A write retires the snapshot at once; the answers follow the
	// store until the new one is built, then come from it.
	add := &kin.Tree{People: []*kin.Person{{ID: "I900", Names: []kin.Name{{Given: "Newly", Surname: "Added"}}}}}
	if _, err := e.db.Tree("").AddTree(ctx, add, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	v1, err := e.db.WriteVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if snapSrv.index.currentSnap(v1) != nil {
		t.Fatal("a snapshot is current at a version it was not built at")
	}
	if res, body := c.get("/api/v1/people/I900"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Newly") {
		t.Errorf("a person added after the snapshot: status %d, %s", res.StatusCode, body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for snapSrv.index.currentSnap(v1) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the snapshot was not rebuilt within 10 s of a change")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, ok := snapSrv.index.currentSnap(v1).person("I900"); !ok {
		t.Error("the rebuilt snapshot lacks the added person")
	}
}

// clientAt returns a client of ts logged in as user, or anonymous for "".
func (e *env) clientAt(ts *httptest.Server, user string) *client {
	c := e.client(ts)
	if user == "" {
		return c
	}
	c.get("/login")
	res, _ := c.post("/login", url.Values{"name": {user}, "password": {user + "-password"}}, true)
	if res.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login %s: status %d, want 303", user, res.StatusCode)
	}
	return c
}
