package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.ged", "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n1 NAME John /Smith/\n0 TRLR\n")
	bad := write("bad.ged", "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n1 BIRT\n2 DATE 1900-01-01\n1 FAMC @F9@\n1 SEX m\n0 TRLR\n")
	old := write("old.ged", "0 HEAD\n1 SOUR x\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n0 @I1@ INDI\n1 SEX male\n0 TRLR\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"valid", []string{"validate", good}, 0, "", good + ": valid (GEDCOM 7.0, 1 record)\n"},
		{"invalid", []string{"validate", bad}, 1,
			bad + `:6: INDI.BIRT.DATE: "1900-01-01" is not a valid date: expected a year, found "1900-01-01"` + "\n" +
				bad + `:8: INDI.SEX: "m" is not a valid value: write M` + "\n" +
				bad + ":7: INDI.FAMC: @F9@ points to no record\n",
			bad + ": 3 errors, 0 warnings\n"},
		{"max", []string{"validate", "--max", "1", bad}, 1,
			bad + `:6: INDI.BIRT.DATE: "1900-01-01" is not a valid date: expected a year, found "1900-01-01"` + "\n",
			bad + ": 2 more diagnostics not shown (--max 1)\n" + bad + ": 3 errors, 0 warnings\n"},
		{"lenient", []string{"validate", bad, "--lenient"}, 1,
			bad + `:6: INDI.BIRT.DATE: "1900-01-01" is not a valid date: expected a year, found "1900-01-01"` + "\n" +
				bad + `:8: warning: INDI.SEX: "m" is not a valid value: write M` + "\n" +
				bad + ":7: INDI.FAMC: @F9@ points to no record\n",
			bad + ": 2 errors, 1 warning\n"},
		{"5.5.1 lenient by default", []string{"validate", old, "--warnings=false"}, 0, "",
			old + ": valid (GEDCOM 5.5.1, 1 record, 1 warning)\n"},
		{"5.5.1 strict", []string{"validate", "--strict", old}, 1,
			old + ":1: HEAD: missing required SUBM\n",
			old + ": 1 error, 0 warnings\n"},
		{"json", []string{"validate", "--json", good}, 0,
			`{"file":"` + good + `","version":"7.0","records":1,"valid":true,"errors":0,"warnings":0,"diagnostics":[]}` + "\n",
			good + ": valid (GEDCOM 7.0, 1 record)\n"},
		{"several files", []string{"validate", good, bad, "--warnings=false", "--max", "0"}, 1, "", ""},
		{"missing file", []string{"validate", filepath.Join(dir, "nope.ged")}, 1, "", ""},
		{"no files", []string{"validate"}, 2, "", ""},
		{"lenient and strict", []string{"validate", "--lenient", "--strict", good}, 2, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr = &stdout, &stderr
			m.IsTerminal = func() bool { return false }
			code := m.Run(context.Background(), tt.args)
			if code != tt.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if tt.stdout != "" && stdout.String() != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", stdout.String(), tt.stdout)
			}
			if tt.stderr != "" && stderr.String() != tt.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", stderr.String(), tt.stderr)
			}
			if tt.code == 2 && !strings.Contains(stderr.String(), "Usage: kin validate") && !strings.Contains(stderr.String(), "cannot be used together") {
				t.Errorf("stderr %q, want a usage message", stderr.String())
			}
		})
	}
}
