package convert

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
	"kin/gedcom/validate"
)

// validationErrors writes d in version, reads it back as kin validate
// does (leniently, every reading warning an Error in a 7.0 file) and
// returns the Errors the validator reports, and its Warnings.
func validationErrors(tb testing.TB, d *gedcom.Document, version string) (errs, warns []string) {
	tb.Helper()
	b := encode(tb, d, version)
	dec := gedcom.NewDecoder(bytes.NewReader(b))
	dec.Lenient = true
	dec.Warn = func(err error) {
		if version == V70 {
			errs = append(errs, "reading: "+err.Error())
		} else {
			warns = append(warns, "reading: "+err.Error())
		}
	}
	doc, err := dec.Decode()
	if err != nil {
		return append(errs, "reading: "+err.Error()), warns
	}
	for _, dg := range validate.Document(doc, validate.Options{Version: version}) {
		if dg.Severity == validate.Error {
			errs = append(errs, dg.String())
		} else {
			warns = append(warns, dg.String())
		}
	}
	return errs, warns
}

// TestConformance converts every GEDCOM 5.5 and 5.5.1 file of the shared
// samples to 7.0 and checks that the validator finds no error in the
// result, then converts that back to 5.5.1 and checks the same in the
// validator's (default) 5.5.1 mode. Run with -v to see the 5.5.1
// warnings.
func TestConformance(t *testing.T) {
	shared := sharedDir(t)
	var files []string
	for _, dir := range []string{"samples", "edge-cases", "torture55", "encodings", "gedcom555"} {
		err := filepath.WalkDir(filepath.Join(shared, "data/gedcom", dir), func(p string, e os.DirEntry, err error) error {
			if err == nil && !e.IsDir() && strings.EqualFold(filepath.Ext(p), ".ged") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) == 0 {
		t.Skip("../shared has no sample files")
	}
	if testing.Short() && len(files) > 20 {
		files = files[:20]
	}
	warned := map[string]int{}
	for _, f := range files {
		rel, _ := filepath.Rel(filepath.Join(shared, "data/gedcom"), f)
		t.Run(rel, func(t *testing.T) {
			in := decodeFile(t, f)
			if SameVersion(in.Version, V70) || strings.HasPrefix(in.Version, "7") {
				t.Skipf("a %s file", in.Version)
			}
			d7, _, err := Convert(in, V70)
			if err != nil {
				t.Fatal(err)
			}
			errs, _ := validationErrors(t, d7, V70)
			for i, e := range errs {
				if i == 10 {
					t.Errorf("… %d more", len(errs)-i)
					break
				}
				t.Errorf("7.0: %s", e)
			}
			d7 = decodeBytes(t, rel, encode(t, d7, V70))
			d5, _, err := Convert(d7, V551)
			if err != nil {
				t.Fatal(err)
			}
			errs, warns := validationErrors(t, d5, V551)
			for i, e := range errs {
				if i == 10 {
					t.Errorf("… %d more", len(errs)-i)
					break
				}
				t.Errorf("5.5.1: %s", e)
			}
			for _, w := range warns {
				warned[messageKind(w)]++
			}
		})
	}
	for k, n := range warned {
		t.Logf("5.5.1 warning %5d× %s", n, k)
	}
}

// messageKind strips a diagnostic of its position and quoted values, so
// that warnings of one kind count together.
func messageKind(s string) string {
	if i := strings.Index(s, ": warning: "); i >= 0 {
		s = s[i+len(": warning: "):]
	}
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			if !quoted {
				b.WriteString(`"…"`)
			}
			quoted = !quoted
		case !quoted:
			b.WriteRune(r)
		}
	}
	return b.String()
}
