package main

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
)

// progress draws a progress bar on stderr for work that takes more than a
// second, and only when stderr is a terminal, so scripts and logs never see
// it. It is driven by byte counts: Set is cheap enough to call per record.
type progress struct {
	w       io.Writer
	label   string
	total   int64
	start   time.Time
	enabled bool
	now     func() time.Time
	last    time.Time
	drawn   bool
	n       atomic.Int64
}

// newProgress returns a progress bar for a job of total bytes (0 if
// unknown). It draws nothing unless stderr is a terminal.
func (m *Main) newProgress(label string, total int64) *progress {
	return &progress{
		w:       m.Stderr,
		label:   label,
		total:   total,
		start:   time.Now(),
		enabled: m.IsTerminal != nil && m.IsTerminal(),
		now:     time.Now,
	}
}

// Set records that n bytes are done and redraws at most ten times a second,
// once the job has run for more than a second.
func (p *progress) Set(n int64) {
	p.n.Store(n)
	if !p.enabled {
		return
	}
	now := p.now()
	if now.Sub(p.start) < time.Second || now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	p.draw(n, now)
}

// Done clears the bar.
func (p *progress) Done() {
	if p.drawn {
		fmt.Fprintf(p.w, "\r%s\r", strings.Repeat(" ", 79))
		p.drawn = false
	}
}

func (p *progress) draw(n int64, now time.Time) {
	p.drawn = true
	secs := now.Sub(p.start).Seconds()
	rate := float64(n) / secs / 1e6
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s %s  %.1f MB/s ", p.label, mb(n), rate)
		return
	}
	frac := float64(n) / float64(p.total)
	if frac > 1 {
		frac = 1
	}
	const width = 24
	full := int(frac * width)
	bar := strings.Repeat("=", full) + strings.Repeat(" ", width-full)
	eta := ""
	if frac > 0 {
		left := time.Duration(secs*(1-frac)/frac) * time.Second
		eta = fmt.Sprintf(" %s left", left.Round(time.Second))
	}
	label := p.label
	if len(label) > 30 {
		label = "…" + label[len(label)-29:]
	}
	fmt.Fprintf(p.w, "\r%s [%s] %3.0f%% %s/%s%s ", label, bar, frac*100, mb(n), mb(p.total), eta)
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

// countingReader counts the bytes read through it and reports them to a
// progress bar.
type countingReader struct {
	r io.Reader
	n int64
	p *progress
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n += int64(n)
	if c.p != nil {
		c.p.Set(c.n)
	}
	return n, err
}
