package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
)

func TestUsersAndSessions(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	db.SetNow(func() time.Time { return now })

	if err := db.PutUser(ctx, sqlstore.User{Name: "ann", Role: "viewer", PasswordHash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutUser(ctx, sqlstore.User{Name: "ann", Role: "editor", PasswordHash: "h2"}); err != nil {
		t.Fatal(err)
	}
	u, err := db.User(ctx, "ann")
	if err != nil {
		t.Fatal(err)
	}
	if u.Role != "editor" || u.PasswordHash != "h2" {
		t.Errorf("User(ann) = %+v, want role editor and hash h2", u)
	}
	if _, err := db.User(ctx, "bob"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("User(bob) error = %v, want not_found", err)
	}
	if err := db.AddSession(ctx, "tok", "ann", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if u, err := db.SessionUser(ctx, "tok"); err != nil || u.Name != "ann" {
		t.Errorf("SessionUser(tok) = %v, %v, want ann", u, err)
	}
	// SessionUserVersion: the same user, and the write version.
	checkVersion := func(tok string, wantUser bool) {
		t.Helper()
		want, err := db.WriteVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		su, v, err := db.SessionUserVersion(ctx, tok)
		if err != nil {
			t.Fatalf("SessionUserVersion(%s): %v", tok, err)
		}
		if v != want {
			t.Errorf("SessionUserVersion(%s) version = %d, want %d", tok, v, want)
		}
		if !wantUser {
			if su != nil {
				t.Errorf("SessionUserVersion(%s) user = %+v, want none", tok, su)
			}
			return
		}
		u, err := db.SessionUser(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if su == nil || *su != *u {
			t.Errorf("SessionUserVersion(%s) user = %+v, want %+v", tok, su, u)
		}
	}
	checkVersion("tok", true)
	checkVersion("nosuch", false)
	// A write moves the version.
	if _, err := db.Tree("").AddTree(ctx, &kin.Tree{People: []*kin.Person{{ID: "I1"}}}, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	checkVersion("tok", true)
	now = now.Add(2 * time.Hour)
	if _, err := db.SessionUser(ctx, "tok"); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("SessionUser(tok) after expiry: error = %v, want not_found", err)
	}
	checkVersion("tok", false)
	if err := db.DeleteUser(ctx, "ann"); err != nil {
		t.Fatal(err)
	}
	if users, err := db.Users(ctx); err != nil || len(users) != 0 {
		t.Errorf("Users() = %v, %v, want none", users, err)
	}
}

// TestAddFirstUser checks that the first account can be made only while
// there are none, and that of many attempts at once exactly one succeeds.
func TestAddFirstUser(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	const n = 8
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.AddFirstUser(ctx, sqlstore.User{Name: fmt.Sprintf("admin%d", i), Role: "admin", PasswordHash: "h"})
		}()
	}
	wg.Wait()
	close(errs)
	ok := 0
	for err := range errs {
		switch kin.ErrorCode(err) {
		case "":
			ok++
		case kin.ECONFLICT:
		default:
			t.Errorf("AddFirstUser: %v, want nil or conflict", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d of %d concurrent AddFirstUser calls succeeded, want 1", ok, n)
	}
	us, err := db.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(us) != 1 || us[0].Role != "admin" {
		t.Errorf("users after the race: %+v, want one admin", us)
	}
	if err := db.AddFirstUser(ctx, sqlstore.User{Name: "late", Role: "admin", PasswordHash: "h"}); kin.ErrorCode(err) != kin.ECONFLICT {
		t.Errorf("AddFirstUser with a user present: %v, want conflict", err)
	}
	if err := db.AddFirstUser(ctx, sqlstore.User{Role: "admin"}); kin.ErrorCode(err) != kin.EINVALID {
		t.Errorf("AddFirstUser without a name: %v, want invalid", err)
	}
}
