package main

import (
	"context"
	"fmt"
	"strings"

	"kin"
	"kin/date"
	"kin/relate"
	"kin/sqlstore"
)

// The store's trees give relate.Find a generation of links per query and
// the details of a whole answer's paths in two calls, its people in brief.
var (
	_ relate.LinkGraph  = (*sqlstore.Tree)(nil)
	_ relate.BriefGraph = (*sqlstore.Tree)(nil)
)

func runRelate(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var at string
	var all bool
	fs := m.newFlagSet("relate", "relate A B [--at DATE] [--all] [--json] [--tree NAME] [--db PATH] [--as-recorded T]", `
Say how A is related to B, when, and according to which sources. A and B
are IDs or xrefs (I1, @I1@) or names: a person's full name, or words that
are part of one person's names ("Kim Basinger", "basinger"). A name that
fits several people lists them with their IDs and exits 2.

The first line is the answer, A's role to B:

  Kim Basinger is Alec Baldwin's ex-wife (wife 1993–2002, then ex-wife)

then a sentence for each relationship saying how it comes about, and the
evidence: each link of the path (a parent, child or partner) with its
citations — source, title, page and the quoted words.

--at asks about a date, in any genealogical form: 2000, ABT 1850,
12 MAR 2012, BET 1990 AND 1995. Without it the answer is as of today and
says when it changed. --all lists every path and relationship found
(pedigree collapse, both a blood and an in-law tie), not only the nearest.

--json prints one object:
  a, b            {id, name}
  at, today       the date asked about (GEDCOM form), or today when none
  phrase          the first line above
  related         whether any relationship was found
  relationships   [{kind: self|partner|blood|step|in-law|co-parent|association,
                    term ("" when it does not hold at that date), flags
                    [half, double, adopted, foster, step-child, sealed,
                    end-a, end-both], status (current, former, widowed,
                    engaged, separated, none, not born), uncertain, why,
                    since, until (the dates bounding the current status),
                    ga, gb (generations up to the common ancestors), via [IDs],
                    path_count, history [{status, term, from, to, why}],
                    path [{from, to, kind: parent|child|partner, family,
                    lineage, start, end, citations [{source, title, page,
                    quote, confidence}]}], paths (with --all)}]
  explanation     the text printed without --json
  truncated       more paths or relationships exist than were listed`)
	f.readFlags(fs, "answer from the tree as recorded at this date or time", "print JSON (see above)")
	fs.StringVar(&at, "at", "", "the `date` asked about (default today): 2000, ABT 1850, 12 MAR 2012")
	fs.BoolVar(&all, "all", false, "list every path and relationship, not only the nearest of each kind")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usageError("relate needs two people, A and B (quote names with spaces: kin relate \"Kim Basinger\" \"Alec Baldwin\")")
	}
	opt := relate.Options{All: all}
	if at != "" {
		d, err := date.Parse(at)
		if err != nil {
			return usageError("--at %q: %v", at, err)
		}
		opt.At = d
	}
	s, t, err := m.openTree(ctx, &f)
	if err != nil {
		return err
	}
	defer s.Close()
	a, err := resolvePerson(ctx, t, pos[0])
	if err != nil {
		return err
	}
	b, err := resolvePerson(ctx, t, pos[1])
	if err != nil {
		return err
	}
	res, err := relate.Find(ctx, t, a.ID, b.ID, opt)
	if err != nil {
		return userError(err)
	}
	en := relate.English{SourceTitle: sourceTitles(ctx, t)}
	text := explainText(en, res)
	if f.json {
		return writeJSON(m, relateJSON(en, res, text))
	}
	fmt.Fprint(m.Stdout, text)
	return nil
}

// sourceGetter reads one source; *sqlstore.Tree has it.
type sourceGetter interface {
	Source(ctx context.Context, id kin.ID) (*kin.Source, error)
}

// sourceTitles returns a function giving a source's title, read once per
// source.
func sourceTitles(ctx context.Context, t sourceGetter) func(kin.ID) string {
	titles := map[kin.ID]string{}
	return func(id kin.ID) string {
		if s, ok := titles[id]; ok {
			return s
		}
		title := ""
		if src, err := t.Source(ctx, id); err == nil {
			title = src.Name()
		}
		titles[id] = title
		return title
	}
}

// explainText is the answer as kin relate prints it: the phrase on the
// first line, then the explanation and the evidence.
func explainText(en relate.English, res *relate.Result) string {
	var b strings.Builder
	b.WriteString(en.Phrase(res))
	b.WriteString("\n")
	ex := en.Explain(res)
	if _, rest, ok := strings.Cut(ex, "\n"); ok { // the phrase again, with a full stop
		b.WriteString(rest)
	}
	return b.String()
}

// The JSON of kin relate; see its help.
type (
	relatePersonJSON struct {
		ID   kin.ID `json:"id"`
		Name string `json:"name"`
	}
	relateJSONOut struct {
		A             relatePersonJSON   `json:"a"`
		B             relatePersonJSON   `json:"b"`
		At            string             `json:"at,omitempty"`
		Today         string             `json:"today,omitempty"`
		Phrase        string             `json:"phrase"`
		Related       bool               `json:"related"`
		Relationships []relationshipJSON `json:"relationships"`
		Explanation   string             `json:"explanation"`
		Truncated     bool               `json:"truncated"`
	}
	relationshipJSON struct {
		Kind        string       `json:"kind"`
		Term        string       `json:"term"`
		Flags       []string     `json:"flags"`
		Status      string       `json:"status"`
		Uncertain   bool         `json:"uncertain,omitempty"`
		Why         string       `json:"why,omitempty"`
		Since       string       `json:"since,omitempty"`
		Until       string       `json:"until,omitempty"`
		Ga          int          `json:"ga"`
		Gb          int          `json:"gb"`
		Via         []kin.ID     `json:"via"`
		PathCount   uint64       `json:"path_count"`
		Association *assocJSON   `json:"association,omitempty"`
		History     []periodJSON `json:"history"`
		Path        []linkJSON   `json:"path"`
		Paths       [][]linkJSON `json:"paths,omitempty"`
	}
	assocJSON struct {
		Relation string `json:"relation"`
		Detail   string `json:"detail,omitempty"`
		Date     string `json:"date,omitempty"`
	}
	periodJSON struct {
		Status string `json:"status"`
		Term   string `json:"term"`
		From   string `json:"from,omitempty"`
		To     string `json:"to,omitempty"`
		Why    string `json:"why,omitempty"`
	}
	linkJSON struct {
		From      kin.ID         `json:"from"`
		To        kin.ID         `json:"to"`
		Kind      string         `json:"kind"`
		Family    kin.ID         `json:"family"`
		Lineage   string         `json:"lineage,omitempty"`
		Start     string         `json:"start,omitempty"`
		End       string         `json:"end,omitempty"`
		Citations []citationJSON `json:"citations"`
	}
	citationJSON struct {
		Source     kin.ID `json:"source"`
		Title      string `json:"title,omitempty"`
		Page       string `json:"page,omitempty"`
		Quote      string `json:"quote,omitempty"`
		Confidence *int   `json:"confidence,omitempty"`
	}
)

var flagNames = []struct {
	f    relate.Flags
	name string
}{
	{relate.Half, "half"}, {relate.Double, "double"}, {relate.Adopted, "adopted"}, {relate.Foster, "foster"},
	{relate.StepChild, "step-child"}, {relate.Sealed, "sealed"}, {relate.EndA, "end-a"}, {relate.EndBoth, "end-both"},
}

var linkKinds = map[relate.LinkKind]string{relate.ToParent: "parent", relate.ToChild: "child", relate.ToPartner: "partner"}

func dateText(d date.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func relateJSON(en relate.English, res *relate.Result, text string) relateJSONOut {
	out := relateJSONOut{
		A:             relatePersonJSON{res.A.ID, res.Names[res.A.ID]},
		B:             relatePersonJSON{res.B.ID, res.Names[res.B.ID]},
		At:            dateText(res.At),
		Today:         dateText(res.Today),
		Phrase:        en.Phrase(res),
		Related:       res.Related(),
		Relationships: []relationshipJSON{},
		Explanation:   text,
		Truncated:     res.Truncated,
	}
	links := func(p []relate.Link) []linkJSON {
		out := []linkJSON{}
		for _, l := range p {
			lj := linkJSON{From: l.From, To: l.To, Kind: linkKinds[l.Kind], Family: l.Family,
				Start: dateText(l.Start), End: dateText(l.End), Citations: []citationJSON{}}
			if l.Kind != relate.ToPartner {
				lj.Lineage = strings.ToLower(string(l.Lineage))
			}
			for _, c := range l.Citations {
				cj := citationJSON{Source: c.Source, Page: c.Page, Quote: c.Quote}
				if en.SourceTitle != nil {
					cj.Title = en.SourceTitle(c.Source)
				}
				if c.ConfidenceKnown {
					n := int(c.Confidence)
					cj.Confidence = &n
				}
				lj.Citations = append(lj.Citations, cj)
			}
			out = append(out, lj)
		}
		return out
	}
	for i := range res.Relationships {
		r := &res.Relationships[i]
		rj := relationshipJSON{Kind: r.Kind.String(), Term: en.Term(r), Flags: []string{}, Status: r.Status.String(),
			Uncertain: r.Uncertain, Why: r.Why, Ga: r.Ga, Gb: r.Gb, Via: r.Via, PathCount: r.PathCount,
			History: []periodJSON{}, Path: links(r.Path)}
		if rj.Via == nil {
			rj.Via = []kin.ID{}
		}
		for _, fl := range flagNames {
			if r.Flags&fl.f != 0 {
				rj.Flags = append(rj.Flags, fl.name)
			}
		}
		for _, p := range r.History {
			h := *r
			h.Status, h.Late = p.Status, false
			rj.History = append(rj.History, periodJSON{Status: p.Status.String(), Term: en.Term(&h),
				From: dateText(p.From), To: dateText(p.To), Why: p.Why})
		}
		// since and until bound the period of the current status.
		for j := len(r.History) - 1; j >= 0; j-- {
			if r.History[j].Status == r.Status {
				rj.Since, rj.Until = dateText(r.History[j].From), dateText(r.History[j].To)
				break
			}
		}
		if a := r.Association; a != nil {
			rj.Association = &assocJSON{Relation: a.Relation, Detail: a.Detail, Date: dateText(a.Date)}
		}
		for _, p := range r.Paths {
			rj.Paths = append(rj.Paths, links(p))
		}
		out.Relationships = append(out.Relationships, rj)
	}
	return out
}
