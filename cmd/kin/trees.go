package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
)

func runTrees(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	fs := m.newFlagSet("trees", "trees [--db PATH] [--json]", `
List the trees in the database with how many people, families, sources and
facts each holds now, and how many conflicts between sources it has.`)
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.BoolVar(&f.json, "json", false, "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("trees takes no arguments, got %q", pos)
	}
	s, err := m.openStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()
	trees, err := s.Trees(ctx)
	if err != nil {
		return userError(err)
	}
	if f.json {
		return writeJSON(m, trees)
	}
	if len(trees) == 0 {
		fmt.Fprintln(m.Stdout, "No trees yet; add one with kin import FILE.ged.")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TREE\tGEDCOM\tPEOPLE\tFAMILIES\tSOURCES\tFACTS\tCONFLICTS\tUPDATED")
	for _, t := range trees {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", t.Name, t.GEDCOMVersion, t.People, t.Families, t.Sources, t.Facts, t.Conflicts, t.Updated.Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}

// writeJSON prints v as indented JSON.
func writeJSON(m *Main, v any) error {
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
