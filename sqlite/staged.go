package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"kin"
)

// Staged is a new kin database built in a staging file beside its path,
// for a bulk load into a database that does not exist yet, such as the
// first kin import: the staging file has no journal (SQLite writes each
// page once, where WAL mode writes it to the log and again to the database
// at the checkpoint), which makes a large import about a quarter faster.
// The database appears at its path, in WAL mode like every kin database,
// only when Publish is called after the load committed: a load that
// fails, or a process that is killed, never leaves a database at the path.
// Close without Publish removes the staging file; CreateStaged removes
// those that killed processes left.
//
// A Staged database is for one process doing one bulk load: without a
// journal a transaction cannot roll back, so a failed load must be
// discarded, which Close does.
type Staged struct {
	*DB
	final     string
	published bool
	closed    bool
}

// stagingSuffix marks a staging file: path + stagingSuffix + the PID of the
// process building it.
const stagingSuffix = ".importing-"

// CreateStaged starts a new database for path, which must not exist, in a
// staging file beside it.
func CreateStaged(path string) (*Staged, error) {
	if path == "" {
		return nil, kin.Errorf(kin.EINVALID, "No database path given.")
	}
	if _, err := os.Lstat(path); err == nil {
		return nil, kin.Errorf(kin.ECONFLICT, "%s exists; a staged database is only for a new one.", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	removeStale(path)
	staging := path + stagingSuffix + strconv.Itoa(os.Getpid())
	removeFiles(staging)
	db, err := open(staging, path, "journal_mode(OFF)", "synchronous(OFF)")
	if err != nil {
		removeFiles(staging)
		return nil, err
	}
	return &Staged{DB: db, final: path}, nil
}

// Publish moves the loaded database to its path: it switches the file to
// WAL mode, makes it durable and links it in place, which fails, leaving
// the path alone, if something created the path since CreateStaged.
func (s *Staged) Publish() error {
	if s.closed {
		return fmt.Errorf("publish %s: the staged database is closed", s.final)
	}
	staging := s.DB.Path
	s.closed = true
	fail := func(err error) error {
		removeFiles(staging)
		return fmt.Errorf("publish %s: %w", s.final, err)
	}
	if err := s.DB.Close(); err != nil {
		return fail(err)
	}
	// Opening the file as kin opens a database puts it in WAL mode;
	// closing the only connection checkpoints the log into the file and
	// removes it.
	db, err := open(staging, s.final, "journal_mode(WAL)", "synchronous(FULL)")
	if err != nil {
		return fail(err)
	}
	if err := db.Close(); err != nil {
		return fail(err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if _, err := os.Lstat(staging + side); err == nil {
			return fail(fmt.Errorf("%s%s is left after closing the database", staging, side))
		}
	}
	if err := syncFile(staging); err != nil {
		return fail(err)
	}
	// A hard link never replaces a file: if another process created the
	// path meanwhile, its database stays and this one is discarded.
	if err := os.Link(staging, s.final); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fail(kin.Errorf(kin.ECONFLICT, "%s was created by another process during the import; it was left as it is and the import was discarded.", s.final))
		}
		// A file system without hard links: rename, after checking
		// again that the path is free.
		if _, serr := os.Lstat(s.final); serr == nil {
			return fail(kin.Errorf(kin.ECONFLICT, "%s was created by another process during the import; it was left as it is and the import was discarded.", s.final))
		}
		if rerr := os.Rename(staging, s.final); rerr != nil {
			return fail(rerr)
		}
	} else if err := os.Remove(staging); err != nil {
		return fmt.Errorf("publish %s: remove %s: %w", s.final, staging, err)
	}
	s.published = true
	s.DB.Path = s.final
	return syncFile(filepath.Dir(s.final))
}

// Close closes the database; one that was not published is removed.
func (s *Staged) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.DB.Close()
	removeFiles(s.DB.Path)
	return err
}

// syncFile flushes a file or directory to stable storage.
func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeFiles removes a staging file and the files SQLite keeps beside it.
func removeFiles(staging string) {
	for _, side := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(staging + side)
	}
}

// removeStale removes the staging files for path of processes that are
// gone: an import that was killed leaves its staging file.
func removeStale(path string) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), base+stagingSuffix)
		if !ok {
			continue
		}
		for _, side := range []string{"-journal", "-wal", "-shm"} {
			rest = strings.TrimSuffix(rest, side)
		}
		pid, err := strconv.Atoi(rest)
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		removeFiles(path + stagingSuffix + rest)
	}
}
