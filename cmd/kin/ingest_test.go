package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ingestArticle = "date 2024-05-14\nDeShawn Whitfield and his wife, Tiana, married in 2021. The couple share a son, Zion, 2.\n"

func runIngestWith(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdin = strings.NewReader(stdin)
	m.Stdout, m.Stderr = &stdout, &stderr
	m.Getenv = func(string) string { return "" }
	m.IsTerminal = func() bool { return false }
	code := m.Run(context.Background(), append([]string{"ingest"}, args...))
	return code, stdout.String(), stderr.String()
}

func TestIngestCommand(t *testing.T) {
	dir := t.TempDir()
	article := filepath.Join(dir, "whitfield.txt")
	if err := os.WriteFile(article, []byte(ingestArticle), 0o644); err != nil {
		t.Fatal(err)
	}
	undated := filepath.Join(dir, "undated.txt")
	if err := os.WriteFile(undated, []byte("Kim Basinger and Alec Baldwin were married from 1993 to 2002."), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		stdin      string
		args       []string
		wantCode   int
		wantOut    []string
		wantErr    []string
		wantNotOut []string
	}{
		{name: "out needs dry run", args: []string{"--db", filepath.Join(dir, "kin.db"), "--out", dir, article}, wantCode: 2, wantErr: []string{"--dry-run"}},
		{name: "review and no-review", args: []string{"--db", filepath.Join(dir, "kin.db"), "--review", "--no-review", article}, wantCode: 2, wantErr: []string{"contradict"}},
		{name: "no files", args: []string{"--dry-run"}, wantCode: 2, wantErr: []string{"no articles"}},
		{name: "text", args: []string{"--dry-run", article}, wantOut: []string{"DeShawn Whitfield and Tiana married in 2021", "DeShawn Whitfield is a parent of Zion", `"DeShawn Whitfield and his wife, Tiana, married in 2021."`}},
		{name: "json", args: []string{article, "--dry-run", "--json"}, wantOut: []string{`"document_date":"2024-05-14"`, `"type":"spouse"`, `"start":"2021"`}},
		{name: "stdin with a date", stdin: "Kim Basinger and Alec Baldwin were married from 1993 to 2002.", args: []string{"--dry-run", "--json", "--date", "2025-03-04", "-"}, wantOut: []string{`"start":"1993"`, `"end":"2002"`}},
		{name: "no date", args: []string{"--dry-run", undated}, wantCode: 1, wantErr: []string{`undated.txt: no "date YYYY-MM-DD" line; pass --date`}},
		{name: "missing file", args: []string{"--dry-run", filepath.Join(dir, "nope.txt")}, wantCode: 1, wantErr: []string{"nope.txt"}},
		{name: "one bad file of two", args: []string{"--dry-run", "--json", undated, article}, wantCode: 1, wantOut: []string{`"start":"2021"`}, wantErr: []string{"undated.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runIngestWith(t, tt.stdin, tt.args...)
			if code != tt.wantCode {
				t.Errorf("kin ingest %q exit code = %d, want %d\nstdout: %s\nstderr: %s", tt.args, code, tt.wantCode, out, errOut)
			}
			for _, w := range tt.wantOut {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestIngestOutDir(t *testing.T) {
	in, out := t.TempDir(), filepath.Join(t.TempDir(), "pred")
	for name, text := range map[string]string{
		"a.txt": ingestArticle,
		"b.txt": "date 2024-01-01\nJo Ann Smith married Tom Smith in 1990.\n",
		"c.md":  "not an article",
	} {
		if err := os.WriteFile(filepath.Join(in, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runIngestWith(t, "", "--dry-run", "--out", out, in)
	if code != 0 {
		t.Fatalf("exit code %d, stderr %s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing with --out", stdout)
	}
	for _, name := range []string{"a.json", "b.json"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			DocumentDate string            `json:"document_date"`
			Persons      []json.RawMessage `json:"persons"`
			Relations    []json.RawMessage `json:"relations"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if doc.DocumentDate == "" || len(doc.Persons) < 2 || len(doc.Relations) < 1 {
			t.Errorf("%s = %s, want a dated extraction with people and relations", name, b)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "c.json")); err == nil {
		t.Errorf("c.md was ingested; only *.txt files of a directory are articles")
	}
}
