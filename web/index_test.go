package web

import (
	"context"
	"testing"
	"time"
)

// TestRelationshipIndex checks that the relationship finder answers the
// same with the background index as without it, and that a change made
// through the server drops the index until it is rebuilt.
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
	if srv.index.current() == nil {
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
	// A change drops the index at once; a new one may be ready again at
	// any moment after (the rebuild runs in the background and is quick on
	// a small tree), so only the old one must never be seen again.
	old := srv.index.current()
	srv.treeChanged()
	if cur := srv.index.current(); cur != nil && cur == old {
		t.Error("the old index is still used after a change")
	}
	deadline := time.Now().Add(10 * time.Second)
	for cur := srv.index.current(); cur == nil || cur == old; cur = srv.index.current() {
		if time.Now().After(deadline) {
			t.Fatal("the index was not rebuilt within 10 s of a change")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
