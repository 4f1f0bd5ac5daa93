package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin/gedcom"
)

const statsFixture = `0 HEAD
1 GEDC
2 VERS 7.0
0 @I1@ INDI
1 NAME John /Smith/
1 SEX M
1 BIRT
2 DATE 12 MAY 1850
1 FAMS @F1@
0 @I2@ INDI
1 NAME Mary /Jones/
1 SEX F
1 DEAT
2 DATE ABT 1921
1 FAMS @F1@
0 @I3@ INDI
1 FAMC @F1@
0 @F1@ FAM
1 HUSB @I1@
1 WIFE @I2@
1 CHIL @I3@
1 MARR
2 DATE 1875
0 @S1@ SOUR
1 TITL Register
0 TRLR
`

func TestStatsCommand(t *testing.T) {
	dir := t.TempDir()
	ged := filepath.Join(dir, "family.ged")
	if err := os.WriteFile(ged, []byte(statsFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	gdz := filepath.Join(dir, "family.gdz")
	writeZip(t, gdz, statsFixture)

	tests := []struct {
		name   string
		args   []string
		code   int
		checks []string // substrings of stdout
	}{
		{"text", []string{"stats", ged}, 0, []string{
			ged + ": GEDCOM 7.0, UTF-8",
			"people                 3  (1 male, 1 female, 1 not recorded)",
			"families               1  (1 with children, 1 with two partners, 1 child links)",
			"events                 3  (BIRT 1, DEAT 1, MARR 1)",
			"earliest date  12 MAY 1850 (BIRT of I1)",
			"latest date    ABT 1921 (DEAT of I2)",
		}},
		{"json after the file", []string{"stats", ged, "--json"}, 0, []string{`"people": 3`, `"families": 1`}},
		{"gedzip", []string{"stats", "--json", gdz}, 0, []string{`"people": 3`, `"version": "7.0"`}},
		{"no file", []string{"stats"}, 2, nil},
		{"two files", []string{"stats", ged, ged}, 2, nil},
		{"missing file", []string{"stats", filepath.Join(dir, "nope.ged")}, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr = &stdout, &stderr
			m.IsTerminal = func() bool { return false }
			code := m.Run(context.Background(), tt.args)
			if code != tt.code {
				t.Fatalf("kin %s: exit code %d, want %d; stderr: %s", strings.Join(tt.args, " "), code, tt.code, stderr.String())
			}
			for _, c := range tt.checks {
				if !strings.Contains(stdout.String(), c) {
					t.Errorf("kin %s: stdout lacks %q; got:\n%s", strings.Join(tt.args, " "), c, stdout.String())
				}
			}
		})
	}
}

func TestStatsCommandJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.ged")
	if err := os.WriteFile(path, []byte(statsFixture), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &stdout, &bytes.Buffer{}
	if code := m.Run(context.Background(), []string{"stats", "--json", path}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	var st gedcom.Statistics
	if err := json.Unmarshal(stdout.Bytes(), &st); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout.String())
	}
	if st.People != 3 || st.Families != 1 || st.Sources != 1 || st.FamilyCounts.Children != 1 || st.EventsByType["MARR"] != 1 {
		t.Errorf("got %+v, want 3 people, 1 family, 1 source, 1 child, 1 MARR", st)
	}
}

func writeZip(t *testing.T, path, ged string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	z := zip.NewWriter(f)
	w, err := z.Create("gedcom.ged")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte(ged))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestStatsCommandSyntaxError checks that a file that breaks the line
// grammar fails with the error's position, even though stats reads
// leniently.
func TestStatsCommandSyntaxError(t *testing.T) {
	tests := []struct {
		name, ged, want string
	}{
		{"missing tag", "0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@\n0 TRLR\n", "bad.ged:4:7: missing tag after cross-reference identifier"},
		{"CONT at level 0", "0 HEAD\n0 CONT x\n0 TRLR\n", "bad.ged:2:3: CONT at level 0 has nothing to continue"},
		{"empty", "", "bad.ged:1: empty file: no HEAD record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bad.ged")
			if err := os.WriteFile(path, []byte(tt.ged), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr = &stdout, &stderr
			m.IsTerminal = func() bool { return false }
			if code := m.Run(context.Background(), []string{"stats", path}); code != 1 {
				t.Fatalf("exit code %d, want 1; stderr: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), filepath.Dir(path)+"/"+tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}
}

// TestStatsCommandLargeFile checks that a file large enough to be read
// in parts gives the statistics one Scanner gives, and that an error deep
// in it keeps its line number.
func TestStatsCommandLargeFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("0 HEAD\n1 GEDC\n2 VERS 7.0\n")
	line := 3
	badLine := 0
	for i := 1; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, "0 @I%d@ INDI\n1 SEX F\n1 BIRT\n2 DATE %d MAR %d\n1 NOTE a note long enough to fill the file\n", i, 1+i%28, 1700+i%300)
		line += 5
		if badLine == 0 && b.Len() > 8<<20 {
			b.WriteString("1 @X1@\n")
			line++
			badLine = line
		}
	}
	b.WriteString("0 TRLR\n")
	good := strings.Replace(b.String(), "1 @X1@\n", "", 1)
	dir := t.TempDir()
	for _, tc := range []struct {
		name, ged, wantErr string
	}{
		{"good", good, ""},
		// Content after TRLR, which stats accepts.
		{"content after TRLR", strings.Replace(good, "0 @I20000@", "0 TRLR\n0 @I20000@", 1), ""},
		{"missing tag", b.String(), fmt.Sprintf("big.ged:%d:7: missing tag", badLine)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "big.ged")
			if err := os.WriteFile(path, []byte(tc.ged), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			m := NewMain()
			m.Stdout, m.Stderr = &stdout, &stderr
			code := m.Run(context.Background(), []string{"stats", "--json", path})
			if tc.wantErr != "" {
				if code != 1 || !strings.Contains(stderr.String(), filepath.Dir(path)+"/"+tc.wantErr) {
					t.Errorf("exit code %d, stderr %q; want 1 and %q", code, stderr.String(), tc.wantErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit code %d; stderr: %s", code, stderr.String())
			}
			s := gedcom.NewScanner(strings.NewReader(tc.ged))
			s.Lenient = true
			want, err := gedcom.ScanStats(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			var wantJSON bytes.Buffer
			enc := json.NewEncoder(&wantJSON)
			enc.SetIndent("", "  ")
			enc.Encode(want)
			if stdout.String() != wantJSON.String() {
				t.Errorf("got\n%s\nwant (one Scanner)\n%s", stdout.String(), wantJSON.String())
			}
		})
	}
}
