// Command kin is the kin family-history engine's command-line program: it
// validates, converts and describes GEDCOM files, keeps trees in a database,
// answers how people are related, ingests dated articles and serves the web
// interface. main is thin: the program is the Main struct, so tests can
// drive it end to end.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// Version is kin's version, set at build time with
// -ldflags "-X main.Version=v1.2.3".
var Version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main is the kin program: its standard streams and environment, so tests
// can run it in-process.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (KIN_DB).
	Getenv func(string) string
	// IsTerminal reports whether stderr is a terminal, for progress bars.
	IsTerminal func() bool
}

// NewMain returns a Main wired to the process's streams and environment.
func NewMain() *Main {
	return &Main{
		Stdin:      os.Stdin,
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Getenv:     os.Getenv,
		IsTerminal: func() bool { return isTerminal(os.Stderr) },
	}
}

// command is one subcommand: it parses its own flags from args and runs.
type command struct {
	summary string
	run     func(ctx context.Context, m *Main, args []string) error
}

// commands lists kin's subcommands. Each lives in a file of its own.
func commands() map[string]command {
	return map[string]command{
		"version":     {"print kin's version", runVersion},
		"help":        {"explain a command: kin help COMMAND", runHelp},
		"import":      {"load a GEDCOM file into a tree of the database", runImport},
		"export":      {"write a tree as a GEDCOM file: kin export [--to 7.0|5.5.1] [-o FILE]", runExport},
		"trees":       {"list the trees in the database", runTrees},
		"person":      {"show a person with their sources: kin person ID|NAME", runPerson},
		"find":        {"find people by name (substring or Soundex): kin find NAME", runFind},
		"sources":     {"list a tree's sources and how often each is cited", runSources},
		"conflicts":   {"list the facts on which sources disagree", runConflicts},
		"validate":    {"check GEDCOM files against the specification", runValidate},
		"stats":       {"describe what a GEDCOM file holds: kin stats [--json] FILE", runStats},
		"ingest":      {"extract family facts from dated news articles", runIngest},
		"review":      {"list, accept or reject ingested facts waiting for review", runReview},
		"serve":       {"serve the web interface and JSON API: kin serve [--addr 127.0.0.1:8080]", runServe},
		"user":        {"manage who may log in to kin serve: kin user add NAME --role editor", runUser},
		"convert":     {"convert a GEDCOM file between 5.5.1 and 7.0: kin convert --to 7.0 IN [-o OUT]", runConvert},
		"relate":      {"say how two people are related, when, and by which sources: kin relate A B [--at DATE]", runRelate},
		"ancestors":   {"list a person's ancestors with Ahnentafel numbers: kin ancestors NAME", runAncestors},
		"descendants": {"list a person's descendants as a tree: kin descendants NAME", runDescendants},
		"timeline":    {"list a person's life and relationship changes in date order: kin timeline NAME", runTimeline},
		"family":      {"show a person's parents, partners, children and siblings: kin family NAME", runFamily},
		"bench":       {"measure how fast kin answers on a database: kin bench relate [--pairs FILE] [-n N]", runBench},
	}
}

// exitError carries an exit code other than 1 through a command's error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in how kin was called; kin exits 2.
func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// errSilent reports failure with an exit code when the command has already
// printed what went wrong (validate's diagnostics).
var errSilent = errors.New("failed")

// Run runs kin with args (without the program name) and returns the exit code.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		m.usage(m.Stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		m.usage(m.Stdout)
		return 0
	}
	if name == "--version" || name == "-version" {
		name = "version"
	}
	cmd, ok := commands()[name]
	if !ok {
		fmt.Fprintf(m.Stderr, "kin: unknown command %q\n\n", name)
		m.usage(m.Stderr)
		return 2
	}
	err := cmd.run(ctx, m, args[1:])
	if err == nil {
		return 0
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if errors.Is(err, errHelp) {
		return 0
	}
	if !errors.Is(err, errSilent) {
		fmt.Fprintf(m.Stderr, "kin %s: %v\n", name, err)
	}
	return code
}

func (m *Main) usage(w io.Writer) {
	fmt.Fprint(w, `kin is a sourced, time-aware family-history engine.

Usage:
  kin COMMAND [flags] [arguments]

Commands:
`)
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, cmds[n].summary)
	}
	fmt.Fprint(w, `
Run "kin help COMMAND" or "kin COMMAND -h" for a command's flags.
Flags may come before or after the arguments.
`)
}

func runVersion(ctx context.Context, m *Main, args []string) error {
	fmt.Fprintf(m.Stdout, "kin %s\n", Version)
	return nil
}

func runHelp(ctx context.Context, m *Main, args []string) error {
	if len(args) == 0 {
		m.usage(m.Stdout)
		return nil
	}
	cmd, ok := commands()[args[0]]
	if !ok || args[0] == "help" {
		return usageError("unknown command %q", strings.Join(args, " "))
	}
	return cmd.run(ctx, m, []string{"-h"})
}
