package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

// errHelp is returned when the user asked for a command's help; the help
// has been printed and kin exits 0.
var errHelp = errors.New("help requested")

// newFlagSet returns a FlagSet for command name that prints its usage to
// m.Stdout: the synopsis line, a description and the flags.
func (m *Main) newFlagSet(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: kin %s\n\n%s\n", synopsis, strings.TrimSpace(description))
		has := false
		fs.VisitAll(func(*flag.Flag) { has = true })
		if has {
			fmt.Fprintf(w, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseArgs parses flags that may come before, between or after positional
// arguments ("kin relate A B --at 2000" and "kin relate --at 2000 A B"), and
// returns the positional arguments. "--" ends flag parsing.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelp
			}
			return nil, &exitError{code: 2, err: err}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		// fs.Parse stops at the first non-flag, or after "--".
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// dbPath returns the database named by --db, else KIN_DB, else ./kin.db.
func (m *Main) dbPath(flagValue string) string {
	if flagValue != "" {
		return flagValue
	}
	if v := m.Getenv("KIN_DB"); v != "" {
		return v
	}
	return "kin.db"
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	return fi.Mode()&os.ModeCharDevice != 0
}
