package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
)

const convertFixture551 = `0 HEAD
1 SOUR test
1 GEDC
2 VERS 5.5.1
2 FORM LINEAGE-LINKED
1 CHAR UTF-8
0 @I1@ INDI
1 NAME John /Smith/
1 SEX m
1 BIRT
2 DATE 12 FEB 1750/51
1 NOTE @n1@
1 ASSO @I1@
2 RELA neighbour
1 FAMC @F9@
0 @n1@ NOTE A shared note
0 TRLR
`

// readGED decodes a .ged file, or the gedcom.ged of a .gdz archive.
func readGED(t *testing.T, path string) *gedcom.Document {
	t.Helper()
	var r io.Reader
	if strings.HasSuffix(path, ".gdz") {
		z, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer z.Close()
		f, err := z.Open("gedcom.ged")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r = f
	} else {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	doc, err := gedcom.NewDecoder(r).Decode()
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return doc
}

func TestConvertCommand(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.ged")
	if err := os.WriteFile(in, []byte(convertFixture551), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.ged")
	if err := os.WriteFile(bad, []byte("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n0 @I1@ INDI\n2 NAME x\n0 TRLR\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out70 := filepath.Join(dir, "out.ged")
	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     []string // substrings of stdout
		stderr     []string // substrings of stderr
		wantOutput string   // a file that must exist afterwards
	}{
		{
			name:       "to 7.0 file",
			args:       []string{"convert", "--to", "7.0", in, "-o", out70},
			stderr:     []string{"in.ged (GEDCOM 5.5.1) → ", "(GEDCOM 7.0): 4 records, 1 conversion warnings", "in.ged:15: INDI.FAMC: pointer to missing record @F9@"},
			wantOutput: out70,
		},
		{
			name:   "flags after the argument, stdout",
			args:   []string{"convert", in, "--to", "7.0"},
			stdout: []string{"2 VERS 7.0", "0 @N1@ SNOTE A shared note", "1 SNOTE @N1@", "3 PHRASE 12 FEB 1750/51", "2 ROLE NGHBR", "1 SEX M"},
			stderr: []string{"→ standard output (GEDCOM 7.0)"},
		},
		{
			name:   "back to 5.5.1",
			args:   []string{"convert", "--to", "5.5.1", out70},
			stdout: []string{"2 VERS 5.5.1", "2 FORM LINEAGE-LINKED", "1 CHAR UTF-8", "0 @N1@ NOTE A shared note", "2 RELA neighbour"},
		},
		{
			name:       "to gdz",
			args:       []string{"convert", "--to", "7.0", in, "-o", filepath.Join(dir, "out.gdz")},
			wantOutput: filepath.Join(dir, "out.gdz"),
		},
		{
			name:   "gdz in",
			args:   []string{"convert", "--to", "5.5.1", filepath.Join(dir, "out.gdz")},
			stdout: []string{"2 VERS 5.5.1"},
		},
		{
			name:   "refuse to overwrite the input",
			args:   []string{"convert", "--to", "7.0", in, "-o", in},
			code:   2,
			stderr: []string{"refusing to overwrite the input file"},
		},
		{
			name:   "already 7.0",
			args:   []string{"convert", "--to", "7.0", out70},
			code:   1,
			stderr: []string{"already GEDCOM 7.0"},
		},
		{name: "no version", args: []string{"convert", in}, code: 2, stderr: []string{"missing --to"}},
		{name: "bad version", args: []string{"convert", "--to", "6", in}, code: 2, stderr: []string{"want 7.0 or 5.5.1"}},
		{name: "no input", args: []string{"convert", "--to", "7.0"}, code: 2, stderr: []string{"want one input file"}},
		{name: "missing input", args: []string{"convert", "--to", "7.0", filepath.Join(dir, "nope.ged")}, code: 1, stderr: []string{"nope.ged"}},
		{
			name:   "5.5.1 to gdz",
			args:   []string{"convert", "--to", "5.5.1", out70, "-o", filepath.Join(dir, "x.gdz")},
			code:   2,
			stderr: []string{"GEDZIP archive holds GEDCOM 7.0 only"},
		},
		{
			name:   "syntax error with position",
			args:   []string{"convert", "--to", "7.0", "--strict", bad},
			code:   1,
			stderr: []string{"bad.ged:5:1: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Fatalf("kin %s: exit %d, want %d\nstderr: %s", strings.Join(tt.args, " "), code, tt.code, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q; got:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q; got:\n%s", s, stderr)
				}
			}
			if tt.wantOutput != "" {
				doc := readGED(t, tt.wantOutput)
				if doc.Version != "7.0" {
					t.Errorf("%s declares version %q, want 7.0", tt.wantOutput, doc.Version)
				}
				if n := len(doc.Records); n != 4 {
					t.Errorf("%s has %d records, want 4 (HEAD, INDI, SNOTE, TRLR)", tt.wantOutput, n)
				}
			}
		})
	}
	// A failed conversion leaves no output file behind.
	if _, err := os.Stat(filepath.Join(dir, "x.gdz")); err == nil {
		t.Errorf("x.gdz exists after a refused conversion")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}
