//go:build unix

package sqlstore_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user and system) the process has used,
// or 0 when it cannot tell: on a machine other work keeps busy it shows
// what a call costs better than the wall clock does.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
