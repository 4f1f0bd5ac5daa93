//go:build !windows

package sqlite

import "os"

// syncDir flushes the directory dir, and so the names linked into it, to
// stable storage.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
