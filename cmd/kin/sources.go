package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"kin/sqlstore"
)

func runSources(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	fs := m.newFlagSet("sources", "sources [--tree NAME] [--as-recorded DATE] [--json]", `
List the sources of a tree (GEDCOM SOUR records and ingested articles) with
how many facts cite each.`)
	f.readFlags(fs, "list the sources as recorded at this date or time", "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("sources takes no arguments, got %q", pos)
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()
	srcs, err := t.Sources(ctx)
	if err != nil {
		return userError(err)
	}
	if f.json {
		if srcs == nil {
			srcs = []sqlstore.SourceInfo{}
		}
		return writeJSON(m, srcs)
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCITED\tTYPE\tDATE\tTITLE")
	for _, s := range srcs {
		typ := string(s.Type)
		if typ == "" {
			typ = "-"
		}
		title := s.Name()
		if s.URL != "" {
			title += "  <" + s.URL + ">"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", s.ID, s.Citations, typ, s.Date.String(), title)
	}
	return tw.Flush()
}
