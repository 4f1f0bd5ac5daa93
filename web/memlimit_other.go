//go:build !linux

package web

// physicalMemory returns 0: the memory is not read on this system, so
// DefaultMemoryLimit gives MinMemoryLimit.
func physicalMemory() uint64 { return 0 }
