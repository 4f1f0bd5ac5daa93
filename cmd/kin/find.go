package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"kin/sqlstore"
)

func runFind(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var limit int
	fs := m.newFlagSet("find", "find NAME [--tree NAME] [--limit N] [--as-recorded DATE] [--json]", `
Find people by name. Every word given must be part of a word of one of the
person's names (given names, nickname, surname): "aldw" finds Baldwin.
When nobody matches by spelling, names that sound alike are found by their
Soundex code ("Bassinger" finds Basinger). Accents are ignored.`)
	f.readFlags(fs, "search the tree as recorded at this date or time", "print JSON")
	fs.IntVar(&limit, "limit", 50, "show at most `N` people")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError("find needs a name")
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()
	matches, err := t.Find(ctx, strings.Join(pos, " "), limit)
	if err != nil {
		return userError(err)
	}
	if f.json {
		if matches == nil {
			matches = []sqlstore.Match{}
		}
		return writeJSON(m, matches)
	}
	if len(matches) == 0 {
		return fmt.Errorf("nobody named %q in tree %q", strings.Join(pos, " "), t.Name())
	}
	// Buffered: one write for the listing, not a system call per line.
	bw := bufio.NewWriter(m.Stdout)
	printMatches(bw, matches)
	return bw.Flush()
}
