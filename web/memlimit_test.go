package web

import "testing"

func TestDefaultMemoryLimit(t *testing.T) {
	got := DefaultMemoryLimit()
	if got < MinMemoryLimit {
		t.Errorf("DefaultMemoryLimit() = %d, want at least %d", got, MinMemoryLimit)
	}
	if m := physicalMemory(); m > 2*MinMemoryLimit && got != int64(m/2) {
		t.Errorf("DefaultMemoryLimit() = %d on a machine with %d bytes, want half, %d", got, m, m/2)
	}
}
