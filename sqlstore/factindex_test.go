package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/url"
	"path/filepath"
	"testing"

	"kin"
	"kin/date"
	"kin/sqlite"
	"kin/sqlstore"
	"kin/storetest"
)

// TestReimportOlderLayout stores a person, rewrites the stored value of
// their birth as an older kin wrote it (the same JSON with date.Date's
// keys in another order), and imports the same person again: the birth
// must be kept, not superseded by an identical copy.
func TestReimportOlderLayout(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kin.db")
	birth, err := date.Parse("ABT 12 MAR 1850")
	if err != nil {
		t.Fatal(err)
	}
	records := func() func() (*sqlstore.Record, error) {
		recs := []*sqlstore.Record{{Tag: "INDI", Person: &kin.Person{
			ID:     "I1",
			Names:  []kin.Name{{Given: "Ada", Surname: "Lovelace"}},
			Events: []kin.Event{{Type: kin.EventBirth, Date: birth, Place: kin.Place{Name: "London"}}},
		}}}
		return storetest.Source(recs)
	}
	info := sqlstore.ImportInfo{Filename: "t.ged", Version: "7.0"}

	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Tree("t").Import(ctx, info, records()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Rewrite the birth's value with its keys reversed at every level.
	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	var value string
	if err := raw.QueryRow(`SELECT id, value FROM facts WHERE kind = 'event' AND superseded_at IS NULL`).Scan(&id, &value); err != nil {
		t.Fatal(err)
	}
	older := reverseKeys(t, value)
	if older == value {
		t.Fatalf("reversing the keys of %s changed nothing", value)
	}
	if _, err := raw.Exec(`UPDATE facts SET value = ? WHERE id = ?`, older, id); err != nil {
		t.Fatal(err)
	}
	raw.Close()

	db, err = sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stats, err := db.Tree("t").Import(ctx, info, records())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Superseded != 0 || stats.Added != 0 {
		t.Errorf("re-import: got %d added, %d superseded, want 0 and 0 (the birth stored in the older layout is the same fact)", stats.Added, stats.Superseded)
	}
	facts, err := db.Tree("t").Facts(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facts {
		if f.Kind == "event" && f.ID != id {
			t.Errorf("the birth is fact %d, want the one stored first (%d)", f.ID, id)
		}
	}
}

// reverseKeys returns the JSON text s with the members of every object
// in reverse order: the same value in another layout.
func reverseKeys(t *testing.T, s string) string {
	t.Helper()
	var v json.RawMessage = json.RawMessage(s)
	out, err := reverse(v)
	if err != nil {
		t.Fatalf("reversing %s: %v", s, err)
	}
	return string(out)
}

func reverse(v json.RawMessage) ([]byte, error) {
	v = bytes.TrimSpace(v)
	switch {
	case len(v) > 0 && v[0] == '{':
		d := json.NewDecoder(bytes.NewReader(v))
		if _, err := d.Token(); err != nil {
			return nil, err
		}
		type member struct {
			key string
			val []byte
		}
		var ms []member
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			var raw json.RawMessage
			if err := d.Decode(&raw); err != nil {
				return nil, err
			}
			r, err := reverse(raw)
			if err != nil {
				return nil, err
			}
			ms = append(ms, member{k.(string), r})
		}
		var b bytes.Buffer
		b.WriteByte('{')
		for i := len(ms) - 1; i >= 0; i-- {
			kb, _ := json.Marshal(ms[i].key)
			b.Write(kb)
			b.WriteByte(':')
			b.Write(ms[i].val)
			if i > 0 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('}')
		return b.Bytes(), nil
	case len(v) > 0 && v[0] == '[':
		var items []json.RawMessage
		if err := json.Unmarshal(v, &items); err != nil {
			return nil, err
		}
		var b bytes.Buffer
		b.WriteByte('[')
		for i, it := range items {
			r, err := reverse(it)
			if err != nil {
				return nil, err
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(r)
		}
		b.WriteByte(']')
		return b.Bytes(), nil
	}
	return v, nil
}
