//go:build !windows

package sqlite

import "os"

// syncDir flushes the directory dir, and so the names linked into it, to
// stable storage.
func syncDir(dir string) error { return flush(dir, os.O_RDONLY) }
