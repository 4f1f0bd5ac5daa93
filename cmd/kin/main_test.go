package main

import (
	"bytes"
	"context"
	"flag"
	"reflect"
	"strings"
	"testing"
)

// run runs kin in-process and returns its exit code, stdout and stderr.
func run(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	m := NewMain()
	m.Stdin = strings.NewReader("")
	m.Stdout, m.Stderr = &stdout, &stderr
	m.Getenv = func(string) string { return "" }
	m.IsTerminal = func() bool { return false }
	code := m.Run(context.Background(), args)
	return code, stdout.String(), stderr.String()
}

func TestParseArgs(t *testing.T) {
	for _, tt := range []struct {
		name    string
		args    []string
		wantPos []string
		wantAt  string
		wantAll bool
	}{
		{"flags first", []string{"--at", "2000", "A", "B"}, []string{"A", "B"}, "2000", false},
		{"flags last", []string{"A", "B", "--at", "2000"}, []string{"A", "B"}, "2000", false},
		{"flags between", []string{"A", "-all", "B", "--at=2000"}, []string{"A", "B"}, "2000", true},
		{"double dash", []string{"A", "--", "--at", "B"}, []string{"A", "--at", "B"}, "", false},
		{"no flags", []string{"Kim Basinger", "Alec Baldwin"}, []string{"Kim Basinger", "Alec Baldwin"}, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			at := fs.String("at", "", "")
			all := fs.Bool("all", false, "")
			pos, err := parseArgs(fs, tt.args)
			if err != nil {
				t.Fatalf("parseArgs(%q) error: %v", tt.args, err)
			}
			if !reflect.DeepEqual(pos, tt.wantPos) || *at != tt.wantAt || *all != tt.wantAll {
				t.Errorf("parseArgs(%q) = %q at=%q all=%v, want %q at=%q all=%v",
					tt.args, pos, *at, *all, tt.wantPos, tt.wantAt, tt.wantAll)
			}
		})
	}
}

func TestRunUsage(t *testing.T) {
	for _, tt := range []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"no command", nil, 2, "", "Usage:"},
		{"unknown command", []string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{"help", []string{"help"}, 0, "Commands:", ""},
		{"version", []string{"version"}, 0, "kin ", ""},
		{"--version", []string{"--version"}, 0, "kin ", ""},
		{"help of unknown", []string{"help", "nope"}, 2, "", "unknown command"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("stdout = %q, want it to contain %q", out, tt.wantOut)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr = %q, want it to contain %q", errOut, tt.wantErr)
			}
		})
	}
}
