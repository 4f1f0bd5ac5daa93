package web

import (
	"context"
	"testing"
	"time"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// TestRelationshipIndex checks that the relationship finder answers the
// same with the background index as without it, and that a change to the
// database retires the index until it is rebuilt.
func TestRelationshipIndex(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	srv := &Server{Store: e.db, Now: func() time.Time { return testNow }, IndexRelationships: true}
	if _, err := srv.Handler(); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if err := srv.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}
	v0, err := e.db.WriteVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := srv.index.current(v0)
	if old == nil {
		t.Fatal("no relationship index after WaitReady")
	}
	ctx = context.WithValue(ctx, userKey, &session{role: RoleEditor})
	ids := []string{"I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11"}
	for _, a := range ids {
		for _, b := range ids {
			want, _, err := e.srv.findRelation(ctx, a, b, "")
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := srv.findRelation(ctx, a, b, "")
			if err != nil {
				t.Fatal(err)
			}
			if got.Phrase != want.Phrase || len(got.Path) != len(want.Path) {
				t.Errorf("%s–%s with the index: %q (path %d), want %q (path %d)", a, b, got.Phrase, len(got.Path), want.Phrase, len(want.Path))
			}
		}
	}
	// A change, here by another program on the same database, retires
	// the index at once: it is not used at the new write version. The
	// next request notices the new version, and the index is rebuilt in
	// the background.
	add := &kin.Tree{People: []*kin.Person{{ID: "I900", Names: []kin.Name{{Given: "Newly", Surname: "Added"}}}}}
	if _, err := e.db.Tree("").AddTree(ctx, add, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	v1, err := e.db.WriteVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v1 == v0 {
		t.Fatalf("write version %d did not move after a write", v0)
	}
	if ix := srv.index.current(v1); ix != nil {
		t.Error("the old index is used after a change")
	}
	if _, _, err := srv.findRelation(ctx, "I1", "I900", ""); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.index.current(v1) == nil {
		if time.Now().After(deadline) {
			t.Fatal("the index was not rebuilt within 10 s of a change")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if ix := srv.index.current(v1); ix == old {
		t.Error("the index was not rebuilt")
	}
}

// current returns the index when it was built at write version v, or nil
// (for the tests: the server asks at).
func (ri *relIndex) current(v int64) *relate.Index {
	ix, _ := ri.at(v)
	return ix
}

// currentSnap returns the snapshot when it was built at write version v,
// or nil.
func (ri *relIndex) currentSnap(v int64) *snapshot {
	_, sn := ri.at(v)
	return sn
}
