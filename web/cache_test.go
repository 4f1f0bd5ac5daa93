package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"kin"
	"kin/sqlstore"
)

// TestCacheSeesEdits checks that what the servers keep between requests
// never outlives a change: an edit through one server shows at once on its
// pages and on those of a second server on the same database (another
// program, as far as the first is concerned), and so does a change made
// to the store directly.
func TestCacheSeesEdits(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	other := e.client(e.anon) // the second server, read anonymously
	pages := []string{"/person/I1", "/person/I3", "/relate?a=I1&b=I3", "/family/F1", "/api/v1/people/I1/timeline"}
	warm := func() {
		for _, p := range pages {
			if res, _ := ed.get(p); res.StatusCode != 200 {
				t.Fatalf("GET %s: status %d", p, res.StatusCode)
			}
			if res, _ := other.get(p); res.StatusCode != 200 {
				t.Fatalf("GET %s on the second server: status %d", p, res.StatusCode)
			}
		}
	}
	warm()
	if res, _ := ed.post("/person/I1/edit", url.Values{"given": {"Tobias"}, "source": {"S1"}}, true); res.StatusCode != 303 {
		t.Fatalf("edit: status %d, want 303", res.StatusCode)
	}
	for _, c := range []*client{ed, other} {
		for _, p := range []string{"/person/I1", "/person/I3", "/relate?a=I1&b=I3"} {
			_, body := c.get(p)
			if !strings.Contains(body, "Tobias") {
				t.Errorf("GET %s on %s after the edit does not show the new name", p, c.base)
			}
		}
	}
	// A change by another program: the store itself.
	warm()
	occ := &kin.Person{ID: "I1", Events: []kin.Event{{Type: kin.EventOccupation, Detail: "Wheelwright"}}}
	if _, err := e.db.Tree("").AddTree(context.Background(), &kin.Tree{People: []*kin.Person{occ}}, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*client{ed, other} {
		for _, p := range []string{"/person/I1", "/api/v1/people/I1/timeline"} {
			if _, body := c.get(p); !strings.Contains(body, "Wheelwright") {
				t.Errorf("GET %s on %s after a change to the store does not show it", p, c.base)
			}
		}
	}
}

// TestCacheKeepsPrivacy checks that people an editor's requests brought
// into the cache are still judged by the living-person rule for every
// viewer and anonymous reader afterwards.
func TestCacheKeepsPrivacy(t *testing.T) {
	e := newEnv(t)
	ed := e.login("ed")
	paths := []string{"/person/I10", "/person/I11", "/person/I7", "/relate?a=I10&b=I1", "/relate?a=I8&b=I1",
		"/api/v1/people/I10", "/api/v1/people/I7/timeline", "/family/F4", "/person/I10/private"}
	for _, p := range paths {
		if res, _ := ed.get(p); res.StatusCode != 200 {
			t.Fatalf("editor GET %s: status %d", p, res.StatusCode)
		}
	}
	if _, body := ed.get("/person/I10"); !strings.Contains(body, "Maya") {
		t.Fatal("editor does not see Maya")
	}
	vera := e.login("vera")
	for _, p := range paths {
		_, body := vera.get(p)
		for _, s := range []string{"Maya", "Jonah", "Susan", "14 FEB 1990"} {
			if strings.Contains(body, s) {
				t.Errorf("viewer GET %s after the editor's shows %q", p, s)
			}
		}
	}
}

func TestBounded(t *testing.T) {
	c := newBounded[int, string](4)
	for i := range 4 {
		c.put(i, fmt.Sprint(i))
	}
	if _, ok := c.get(0); !ok { // 0 is used again
		t.Fatal("entry 0 missing before the cache was full")
	}
	for i := 4; i < 8; i++ { // the generation of 0–3 turns old
		c.put(i, fmt.Sprint(i))
	}
	if v, ok := c.get(1); !ok || v != "1" { // found in the old generation, moved back
		t.Fatalf("get(1) = %q, %v; want 1 from the old generation", v, ok)
	}
	for i := 8; i < 16; i++ {
		c.put(i, fmt.Sprint(i))
	}
	if _, ok := c.get(2); ok {
		t.Error("entry 2, unused for two generations, is still kept")
	}
	if n := c.len(); n > 8 {
		t.Errorf("the cache holds %d entries, want at most 8", n)
	}
	none := newBounded[int, int](0)
	none.put(1, 1)
	if _, ok := none.get(1); ok {
		t.Error("a cache of size 0 keeps entries")
	}
}

func TestVerdicts(t *testing.T) {
	var v verdicts
	const day, next = 20261126, 20261127
	if _, ok := v.get("I1", day); ok {
		t.Fatal("get on empty verdicts: found one")
	}
	for i := range 1000 {
		v.put(kin.ID(fmt.Sprint("I", i)), i%3 == 0, day)
	}
	for i := range 1000 {
		h, ok := v.get(kin.ID(fmt.Sprint("I", i)), day)
		if !ok || h != (i%3 == 0) {
			t.Fatalf("get(I%d) = %v, %v; want %v, true", i, h, ok, i%3 == 0)
		}
	}
	if _, ok := v.get("I1", next); ok {
		t.Error("a verdict of yesterday counted today")
	}
	v.put("I1", true, next)
	if h, ok := v.get("I1", next); !ok || !h {
		t.Errorf("get(I1) the next day = %v, %v; want true, true", h, ok)
	}
	used := 0
	for i := range v.shards {
		if v.shards[i].m != nil {
			used++
		}
	}
	if used < verdictShards/2 {
		t.Errorf("1,000 IDs went to %d of %d shards", used, verdictShards)
	}
}
