package sqlite

// syncDir does nothing on Windows: a directory cannot be flushed there
// (FlushFileBuffers refuses a directory handle: "Access is denied"), and
// NTFS journals the names in it itself.
func syncDir(dir string) error { return nil }
