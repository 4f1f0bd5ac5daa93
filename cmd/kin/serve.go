package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"kin/sqlstore"
	"kin/web"
)

// webStore is what kin serve needs of the database.
type webStore interface {
	store
	web.Store
}

func runServe(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var addr string
	var anon bool
	var maxMB int64
	var memLimit byteSize
	fs := m.newFlagSet("serve", "serve [--addr 127.0.0.1:8080] [--db PATH] [--tree NAME] [--anonymous-read]", `
Serve the web interface and the JSON API (/api/v1, described at
/api/v1/openapi.json) for one tree of the database.

Users log in with accounts made by "kin user add". On a database with no
accounts, the page /setup creates the first administrator in the browser,
once. Viewers read the tree
with living people shown only as "Living"; editors and admins see everyone,
edit, upload and review. With --anonymous-read, people who have not logged
in read the tree as viewers do.

On an empty tree the home page offers to load a small example. kin serve
stops gracefully on interrupt, finishing requests in flight.`)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on")
	fs.StringVar(&f.tree, "tree", sqlstore.DefaultTree, "the tree to serve")
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.BoolVar(&anon, "anonymous-read", false, "let visitors who have not logged in read the tree (living people hidden)")
	fs.Int64Var(&maxMB, "max-upload-mb", 64, "the largest file an editor may upload, in MB")
	fs.Var(&memLimit, "memory-limit", "the garbage collector's soft memory limit, like 4GiB or 2500MB (default: half the machine's memory, at least 2.25 GiB; GOMEMLIMIT in the environment also sets it)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("serve takes no arguments, got %q", pos)
	}
	s, err := m.openStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()
	ws, ok := s.(webStore)
	if !ok {
		return fmt.Errorf("serve: the database has no user tables")
	}
	if m.Getenv("GOGC") == "" && m.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(serveGCPercent))
		if memLimit == 0 {
			memLimit = byteSize(web.DefaultMemoryLimit())
		}
	}
	if memLimit > 0 {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(memLimit)))
	}
	if k, ok := s.(interface{ KeepIdleConns(n int) }); ok {
		// Requests reuse connections, with their prepared statements
		// and page caches, instead of opening new ones.
		k.KeepIdleConns(64)
	}
	logger := slog.New(slog.NewTextHandler(m.Stderr, nil))
	srv := &web.Server{
		Store:         ws,
		TreeName:      f.tree,
		AnonymousRead: anon,
		Logger:        logger,
		MaxUpload:     maxMB << 20,
		// The served tree is loaded into memory in the background (about
		// 2–5 minutes and 1.5 KB a person for a million people) and loaded again
		// after every write; the relationship finder and the person page
		// read from it while it is current, from the store before.
		IndexRelationships: true,
		KeepTree:           true,
		Import: func(ctx context.Context, t *sqlstore.Tree, filename string, r io.Reader) (sqlstore.ImportStats, error) {
			return importUpload(ctx, m, t, filename, r)
		},
		Export: func(ctx context.Context, t *sqlstore.Tree, version string, w io.Writer) error {
			return exportTree(ctx, t, version, w)
		},
	}
	h, err := srv.Handler()
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads
		WriteTimeout:      5 * time.Minute, // downloads of large trees
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(m.Stdout, "kin serve: tree %q on http://%s/\n", f.tree, ln.Addr())
	if us, err := ws.Users(ctx); err == nil && len(us) == 0 {
		db := ""
		if f.db != "" {
			db = " --db " + f.db
		}
		fmt.Fprintf(m.Stdout, "kin serve: no accounts yet; create the first administrator at http://%s/setup or with:\n  kin user add YOUR-NAME --role admin%s\n", ln.Addr(), db)
	}
	return serveUntilDone(ctx, hs, ln, 30*time.Second, logger)
}

// serveGCPercent is the garbage collector's setting for kin serve, unless
// the environment (GOGC, GOMEMLIMIT) says otherwise; the soft memory
// limit beside it is --memory-limit or web.DefaultMemoryLimit. Pages
// allocate at a high rate while the live heap stays the same: the served
// tree in memory (about 1.5 GB for a million people: 1.2 KB a person for
// the tree, 0.3 KB for its lookups and relationship index) and the
// caches. 400 lets the heap grow to five times the live heap before a
// collection, up to the limit; each collection marks the whole tree, so
// fewer collections are most of what a busy server gains (see
// docs/performance.md, Web).
const serveGCPercent = 400

// serveUntilDone serves hs on ln until ctx is done (interrupt or SIGTERM),
// then shuts down gracefully: the listener closes at once, so new
// connections are refused, and requests in flight get up to grace to
// finish. It returns nil after a clean shutdown.
func serveUntilDone(ctx context.Context, hs *http.Server, ln net.Listener, grace time.Duration, logger *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// importUpload imports an uploaded GEDCOM file with kin import's two-pass
// pipeline, from a temporary copy.
func importUpload(ctx context.Context, m *Main, t *sqlstore.Tree, filename string, r io.Reader) (sqlstore.ImportStats, error) {
	dir, err := os.MkdirTemp("", "kin-upload-*")
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	defer os.RemoveAll(dir)
	ext := filepath.Ext(filename)
	if ext != ".gdz" {
		ext = ".ged"
	}
	path := filepath.Join(dir, "upload"+ext)
	out, err := os.Create(path)
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return sqlstore.ImportStats{}, err
	}
	if err := out.Close(); err != nil {
		return sqlstore.ImportStats{}, err
	}
	quiet := &Main{Stdin: m.Stdin, Stdout: io.Discard, Stderr: io.Discard, Getenv: m.Getenv, IsTerminal: func() bool { return false }}
	ix, err := indexFile(ctx, quiet, path, true)
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	in, size, err := openGEDCOM(path)
	if err != nil {
		return sqlstore.ImportStats{}, err
	}
	defer in.Close()
	rd := newRecordReader(ix, in, quiet.newProgress("importing", size), filename, true)
	next, stop := pipeline(ctx, rd.next)
	stats, err := t.Import(ctx, sqlstore.ImportInfo{Filename: filename, Version: ix.version, Header: ix.header}, next)
	stop()
	return stats, err
}

// byteSize is a flag value for a number of bytes written with a unit:
// "4GiB", "2500MB", "512MiB", "3G" (G and M are powers of 1000, GiB and
// MiB of 1024; a plain number is bytes).
type byteSize int64

func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*b), 10)
}

func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		mult   float64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40},
		{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12},
		{"K", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"B", 1},
	}
	num, mult := strings.TrimSpace(s), 1.0
	for _, u := range units {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || v <= 0 || v*mult > 1<<62 {
		return fmt.Errorf("%q is not a size like 4GiB or 2500MB", s)
	}
	*b = byteSize(v * mult)
	return nil
}
