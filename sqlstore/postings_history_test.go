package sqlstore_test

import (
	"context"
	"testing"

	"kin"
	"kin/sqlstore"
	"kin/storetest"
)

// TestPostingsMatchRows runs storetest.PostingsMatchRows on SQLite,
// reading the postings themselves for any set of words.
func TestPostingsMatchRows(t *testing.T) {
	db := tempDB(t)
	storetest.PostingsMatchRows(t, db, db.DB, func(tr *sqlstore.Tree, words []string, at int64) (map[kin.ID]bool, error) {
		return tr.PostingSubjects(context.Background(), words, at)
	})
}

// TestFindDamagedPostingList checks that a packed posting list damaged in
// the database makes name search fail with an error, not a panic or a
// wrong answer.
func TestFindDamagedPostingList(t *testing.T) {
	ctx := context.Background()
	db := tempDB(t)
	tr := db.Tree("t")
	recs := []*sqlstore.Record{{Tag: "INDI", Xref: "I1", ID: "I1", Person: &kin.Person{ID: "I1", Xref: "I1", Names: []kin.Name{{Given: "Ann", Surname: "Lee"}}}}}
	if _, err := tr.Import(ctx, sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}, storetest.Source(recs)); err != nil {
		t.Fatal(err)
	}
	if ms, err := tr.Find(ctx, "lee", 0); err != nil || len(ms) != 1 {
		t.Fatalf("Find(lee) = %d matches, %v; want I1", len(ms), err)
	}
	for _, list := range [][]byte{{}, {3}, {2, 0, 1, 'I', 2, 0, 0, 1, 'H', 2, 0}, {1, 9, 1, 'I'}, {1, 0, 200, 'I', '1'}, {1, 0, 2, 'I', '1', 0x80}} {
		if _, err := db.DB.Exec(`UPDATE name_postings SET list = ? WHERE word = 'lee'`, list); err != nil {
			t.Fatal(err)
		}
		if ms, err := tr.Find(ctx, "lee", 0); err == nil {
			t.Errorf("list %x: Find(lee) = %d matches, want an error", list, len(ms))
		}
		if _, err := tr.FindSounds(ctx, "lee", 0); err == nil {
			t.Errorf("list %x: FindSounds(lee) succeeded, want an error", list)
		}
	}
}
