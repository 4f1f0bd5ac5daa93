package gedcom

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

func TestReadGEDZIP(t *testing.T) {
	root := codecSharedDir(t)
	tests := []struct {
		name      string
		path      string
		files     []string
		wantBytes map[string]int
	}{
		{
			name:  "minimal",
			path:  "gedcom70/minimal70.gdz",
			files: []string{"gedcom.ged"},
		},
		{
			name: "maximal with media",
			path: "gedcom70/maximal70/maximal70.gdz",
			files: []string{"gedcom.ged", "media/CharlotteBrontë.jpg", "media/derived.oga", "media/original.mp3",
				"media/transcript.vtt", "path/to/file1"},
			wantBytes: map[string]int{"media/CharlotteBrontë.jpg": 79000, "media/transcript.vtt": 35},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ReadFile(filepath.Join(root, tt.path))
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if doc.Version != "7.0" || doc.Header() == nil || doc.Records[len(doc.Records)-1].Tag != "TRLR" {
				t.Errorf("got version %q, %d records, want a 7.0 dataset from HEAD to TRLR", doc.Version, len(doc.Records))
			}
			got := listFiles(t, doc.Files)
			if !equalStrings(got, tt.files) {
				t.Errorf("Files = %q, want %q", got, tt.files)
			}
			for name, n := range tt.wantBytes {
				b, err := fs.ReadFile(doc.Files, name)
				if err != nil || len(b) != n {
					t.Errorf("ReadFile(Files, %q) = %d bytes, %v; want %d bytes", name, len(b), err, n)
				}
			}

			// Write it back as GEDZIP and read it again.
			out := filepath.Join(t.TempDir(), "out.gdz")
			if err := WriteFile(out, doc, "7.0"); err != nil {
				t.Fatalf("WriteFile: %v", err)
			}
			doc2, err := ReadFile(out)
			if err != nil {
				t.Fatalf("ReadFile(written): %v", err)
			}
			if ok, diff := nodesEqual(doc2.Records, doc.Records); !ok {
				t.Errorf("records after WriteFile: %s", diff)
			}
			if got2 := listFiles(t, doc2.Files); !equalStrings(got2, tt.files) {
				t.Errorf("Files after WriteFile = %q, want %q", got2, tt.files)
			}
			for _, name := range tt.files {
				if name == GEDZIPName {
					continue
				}
				a, _ := fs.ReadFile(doc.Files, name)
				b, err := fs.ReadFile(doc2.Files, name)
				if err != nil || !bytes.Equal(a, b) {
					t.Errorf("file %q differs after WriteFile (err %v)", name, err)
				}
			}
		})
	}
}

func listFiles(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	var names []string
	if fsys == nil {
		return nil
	}
	err := fs.WalkDir(fsys, ".", func(name string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !de.IsDir() {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("WalkDir: %v", err)
	}
	sort.Strings(names)
	return names
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestWriteFileGED(t *testing.T) {
	doc, err := NewDecoder(bytes.NewReader([]byte("0 HEAD\r\n1 GEDC\r\n2 VERS 5.5.1\r\n1 CHAR UTF-8\r\n0 @I1@ INDI\r\n1 NOTE a@@b\r\n0 TRLR\r\n"))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.ged")
	if err := WriteFile(path, doc, ""); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := "0 HEAD\r\n1 GEDC\r\n2 VERS 5.5.1\r\n1 CHAR UTF-8\r\n0 @I1@ INDI\r\n1 NOTE a@@b\r\n0 TRLR\r\n"
	if string(got) != want {
		t.Errorf("WriteFile wrote %q, want %q", got, want)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("directory holds %d entries after WriteFile, want 1 (no temporary file left)", len(entries))
	}
}

func TestSchema(t *testing.T) {
	src := "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _SKYPEID http://xmlns.com/foaf/0.1/skypeID\n2 TAG _MEMBER http://xmlns.com/foaf/0.1/member\n0 TRLR\n"
	doc, err := NewDecoder(bytes.NewReader([]byte(src))).Decode()
	if err != nil {
		t.Fatal(err)
	}
	got := doc.Schema()
	want := map[string]string{"_SKYPEID": "http://xmlns.com/foaf/0.1/skypeID", "_MEMBER": "http://xmlns.com/foaf/0.1/member"}
	if len(got) != len(want) {
		t.Fatalf("Schema() = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("Schema()[%q] = %q, want %q", k, got[k], v)
		}
	}
}
