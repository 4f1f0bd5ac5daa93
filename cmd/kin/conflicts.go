package main

import (
	"context"
	"fmt"

	"kin/sqlstore"
)

func runConflicts(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	fs := m.newFlagSet("conflicts", "conflicts [--tree NAME] [--as-recorded DATE] [--json]", `
List the facts on which sources disagree: a person's sex, or the date or
place of an event that happens once (birth, christening, baptism, death,
burial, cremation). All claims are kept; the one marked * is the
conclusion, chosen by this rule: a researcher's explicit choice, else the
higher confidence (a claim whose citations give none counts as normal),
else the later source date, else the claim recorded later.`)
	f.readFlags(fs, "list the conflicts as recorded at this date or time", "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usageError("conflicts takes no arguments, got %q", pos)
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()
	cs, err := t.Conflicts(ctx)
	if err != nil {
		return userError(err)
	}
	if f.json {
		if cs == nil {
			cs = []sqlstore.Conflict{}
		}
		return writeJSON(m, cs)
	}
	if len(cs) == 0 {
		fmt.Fprintf(m.Stdout, "No conflicts in tree %q.\n", t.Name())
		return nil
	}
	for _, c := range cs {
		fmt.Fprintf(m.Stdout, "%s %s — %s:\n", c.Subject, c.Name, c.Slot)
		for _, fct := range c.Facts {
			mark := " "
			if fct.Conclusion {
				mark = "*"
			}
			fmt.Fprintf(m.Stdout, " %s #%d %s — %s, confidence %d%s\n", mark, fct.ID, fct.Summary, fct.Origin, fct.Confidence, sources(fct.Citations))
		}
	}
	return nil
}
