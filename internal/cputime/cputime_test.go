//go:build unix

package cputime

import (
	"testing"
	"time"
)

// TestProcess checks that the CPU time grows with work done.
func TestProcess(t *testing.T) {
	before := Process()
	x := 0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		x++
	}
	if after := Process(); after-before < 10*time.Millisecond {
		t.Errorf("after 50 ms of work, Process() grew by %v (from %v to %v), want at least 10 ms", after-before, before, after)
	}
	_ = x
}
