package main

import (
	"context"
	"fmt"
	"strings"

	"kin"
	"kin/relate"
)

func runTimeline(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	fs := m.newFlagSet("timeline", "timeline ID|NAME [--json] [--tree NAME] [--db PATH] [--as-recorded T]", `
List a person's life in date order: their own events, their marriages,
engagements, separations and divorces, their children's births, their
partners' deaths and their associations (films co-starred in, godparents),
each with the sources that support it and the words they quote. Undated
entries come last. With --json, a list of {date, type, summary, other,
family, citations [{source, title, page, quote, confidence}]}.`)
	f.readFlags(fs, "read the tree as recorded at this date or time", "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("timeline needs one person: an ID or a name")
	}
	s, t, p, err := m.openPerson(ctx, &f, pos[0])
	if err != nil {
		return err
	}
	defer s.Close()
	es, err := relate.Timeline(ctx, t, p.ID)
	if err != nil {
		return userError(err)
	}
	title := sourceTitles(ctx, t)
	for i := range es {
		es[i].Citations = uniqueCitations(es[i].Citations)
	}
	if f.json {
		type entryJSON struct {
			Date      string         `json:"date,omitempty"`
			Type      kin.EventType  `json:"type"`
			Summary   string         `json:"summary"`
			Other     kin.ID         `json:"other,omitempty"`
			Family    kin.ID         `json:"family,omitempty"`
			Citations []citationJSON `json:"citations"`
		}
		out := []entryJSON{}
		for _, e := range es {
			ej := entryJSON{Date: dateText(e.Date), Type: e.Type, Summary: e.Summary, Other: e.Other, Family: e.Family, Citations: citationsJSON(e.Citations, title)}
			out = append(out, ej)
		}
		return writeJSON(m, out)
	}
	w := m.Stdout
	fmt.Fprintf(w, "%s%s [%s]\n", displayName(p), lifeYears(p), p.ID)
	for _, e := range es {
		d := dateText(e.Date)
		if d == "" {
			d = "(undated)"
		}
		fmt.Fprintf(w, "  %-17s %s\n", d, e.Summary)
		for _, c := range e.Citations {
			fmt.Fprintf(w, "  %-17s   %s\n", "", citationLine(c, title))
		}
	}
	return nil
}

// citationsJSON is cs in kin's JSON form, with source titles.
func citationsJSON(cs []kin.Citation, title func(kin.ID) string) []citationJSON {
	out := []citationJSON{}
	for _, c := range cs {
		cj := citationJSON{Source: c.Source, Title: title(c.Source), Page: c.Page, Quote: c.Quote}
		if c.ConfidenceKnown {
			n := int(c.Confidence)
			cj.Confidence = &n
		}
		out = append(out, cj)
	}
	return out
}

// citationLine writes a citation for a reader: `"the quoted words" —
// Title, page [S1]`.
func citationLine(c kin.Citation, title func(kin.ID) string) string {
	var parts []string
	if c.Quote != "" {
		parts = append(parts, fmt.Sprintf("%q —", c.Quote))
	}
	src := title(c.Source)
	if src == "" {
		src = "source"
	}
	if c.Page != "" {
		src += ", " + c.Page
	}
	parts = append(parts, src, "["+string(c.Source)+"]")
	return strings.Join(parts, " ")
}

// uniqueCitations drops repeats of a citation (the same source, page and
// quote), which a child's link and birth can share.
func uniqueCitations(cs []kin.Citation) []kin.Citation {
	type key struct {
		src         kin.ID
		page, quote string
	}
	seen := map[key]bool{}
	var out []kin.Citation
	for _, c := range cs {
		k := key{c.Source, c.Page, c.Quote}
		if !seen[k] {
			seen[k] = true
			out = append(out, c)
		}
	}
	return out
}
