package sqlstore

import (
	"database/sql"
	"encoding/json"
	"net/url"
	"os"
	"testing"

	_ "modernc.org/sqlite"

	"kin"
)

// TestStoredJSONUnchanged reads the fact values and record data of an
// existing SQLite database, decodes each as the kin type it holds and
// encodes it again: the bytes must be those stored, so databases written
// before a change to the kin types read back the same and re-importing
// a file finds nothing changed. Run it on a database with:
//
//	KIN_STORED_DB=/tmp/some.db go test ./sqlstore -run TestStoredJSONUnchanged -v
func TestStoredJSONUnchanged(t *testing.T) {
	path := os.Getenv("KIN_STORED_DB")
	if path == "" {
		t.Skip("set KIN_STORED_DB to a kin SQLite database to check")
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	check := func(what, stored string, v any) {
		t.Helper()
		if err := json.Unmarshal([]byte(stored), v); err != nil {
			t.Fatalf("%s: json.Unmarshal(%s): %v", what, stored, err)
		}
		got, err := compactJSON(v)
		if err != nil {
			t.Fatalf("%s: compactJSON: %v", what, err)
		}
		if string(got) != stored {
			t.Errorf("%s: stored %s, encoded again %s", what, stored, got)
		}
	}
	counts := map[string]int{}
	rows, err := db.Query(`SELECT id, kind, value FROM facts WHERE kind IN ('name', 'event', 'association')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var kind, value string
		if err := rows.Scan(&id, &kind, &value); err != nil {
			t.Fatal(err)
		}
		counts[kind]++
		switch kind {
		case KindName:
			check("name fact", value, new(kin.Name))
		case KindEvent:
			check("event fact", value, new(kin.Event))
		case KindAssociation:
			check("association fact", value, new(kin.Association))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows, err = db.Query(`SELECT tag, data FROM records WHERE data IS NOT NULL AND tag IN ('INDI', 'FAM', 'SOUR')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var tag, data string
		if err := rows.Scan(&tag, &data); err != nil {
			t.Fatal(err)
		}
		counts[tag]++
		switch tag {
		case "INDI":
			check("person record", data, new(kin.Person))
		case "FAM":
			check("family record", data, new(kin.Family))
		case "SOUR":
			check("source record", data, new(kin.Source))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: checked %v", path, counts)
}
