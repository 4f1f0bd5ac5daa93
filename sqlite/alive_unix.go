//go:build unix

package sqlite

import (
	"errors"
	"syscall"
)

// processAlive reports whether a process with the ID pid exists.
func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || !errors.Is(err, syscall.ESRCH)
}
