package validate

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
)

// sharedDir returns ../shared next to the module root, or skips the test.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("../shared not found: no go.mod above the package")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("../shared not found: %v", err)
	}
	return shared
}

// validateFile decodes path record by record and validates it, returning
// the validator's diagnostics. A decoder error fails the test: these files
// must at least parse.
func validateFile(t *testing.T, path string, opts Options, lenientDecoder bool) []Diagnostic {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := gedcom.NewDecoder(f)
	d.Filename = filepath.Base(path)
	d.Lenient = lenientDecoder
	v := New(opts)
	v.Filename = d.Filename
	var out []Diagnostic
	for {
		n, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		out = append(out, v.Record(n)...)
	}
	return append(out, v.Finish()...)
}

func errorsOnly(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// TestConformance checks that the official GEDCOM 7 test files and the
// gedcom7code conversion outputs, all valid by the specification, validate
// without errors.
func TestConformance(t *testing.T) {
	shared := sharedDir(t)
	base := filepath.Join(shared, "data", "gedcom")
	var files []string
	for _, dir := range []string{"gedcom70", "gedcom70/maximal70", "gedcom71", "conversion-551-to-70/7"} {
		m, err := filepath.Glob(filepath.Join(base, dir, "*.ged"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d test files under %s, want at least 20", len(files), base)
	}
	for _, path := range files {
		name, _ := filepath.Rel(base, path)
		t.Run(name, func(t *testing.T) {
			for _, d := range errorsOnly(validateFile(t, path, Options{}, false)) {
				t.Errorf("got %v, want no errors", d)
			}
		})
	}
}

// TestConformance551 checks the gedcom7code 5.5.1 inputs in the default
// (lenient) 5.5.1 mode. Two files are invalid on purpose; they must give
// exactly the errors listed.
func TestConformance551(t *testing.T) {
	shared := sharedDir(t)
	dir := filepath.Join(shared, "data", "gedcom", "conversion-551-to-70", "5")
	files, err := filepath.Glob(filepath.Join(dir, "*.ged"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("found %d files in %s, want at least 10", len(files), dir)
	}
	invalid := map[string][]string{}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, d := range errorsOnly(validateFile(t, path, Options{Version: "5.5.1"}, true)) {
				got = append(got, d.String())
			}
			// date-dual-invalid.ged is invalid on purpose: its one-digit
			// dual years ("1751/9") are tolerated as sloppy dates in
			// lenient 5.5.1 mode and are errors in strict mode.
			if name == "date-dual-invalid.ged" {
				n := 0
				for _, d := range validateFile(t, path, Options{Version: "5.5.1", Strict: true}, true) {
					if d.Severity == Error && strings.HasSuffix(d.Message, "is not a valid GEDCOM 5.5.1 date") {
						n++
					}
				}
				if n != 28 {
					t.Errorf("strict: got %d invalid-date errors, want 28", n)
				}
			}
			want := invalid[name]
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}
