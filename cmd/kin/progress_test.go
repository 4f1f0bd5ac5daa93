package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgress(t *testing.T) {
	for _, tt := range []struct {
		name     string
		terminal bool
		after    time.Duration
		want     string // substring of the output, "" for none
	}{
		{"not a terminal", false, 5 * time.Second, ""},
		{"under a second", true, 500 * time.Millisecond, ""},
		{"terminal, long job", true, 5 * time.Second, "[============            ]  50% 50 MB/100 MB 5s left"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			m := &Main{Stderr: &buf, IsTerminal: func() bool { return tt.terminal }}
			p := m.newProgress("reading x.ged", 100e6)
			start := p.start
			p.now = func() time.Time { return start.Add(tt.after) }
			p.Set(50e6)
			p.Done()
			got := buf.String()
			if tt.want == "" && got != "" {
				t.Errorf("output = %q, want none", got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("output = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}
