package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"kin"
	"kin/sqlstore"
)

func runReview(ctx context.Context, m *Main, args []string) error {
	var f storeFlags
	var all bool
	fs := m.newFlagSet("review", "review [--all] [--json] | review accept ID... | review reject ID...", `
Review lists the facts that "kin ingest" queued for review instead of
storing them (it does so when the tree already holds data), each with the
sentences it rests on.

"kin review accept ID..." stores the facts of the queued articles in the
tree exactly as "kin ingest --no-review" would: people are matched to the
tree's, and facts that disagree with the tree become conflicts. "kin review
reject ID..." leaves them out; the queue keeps a record of every decision,
which --all lists.`)
	fs.StringVar(&f.tree, "tree", sqlstore.DefaultTree, "the tree")
	fs.StringVar(&f.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.BoolVar(&f.json, "json", false, "print JSON")
	fs.BoolVar(&all, "all", false, "list decided items too")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	action := "list"
	if len(pos) > 0 {
		action, pos = pos[0], pos[1:]
	}
	var ids []int64
	switch action {
	case "list":
	case "accept", "reject":
		if len(pos) == 0 {
			return usageError("review %s: no IDs given", action)
		}
		for _, p := range pos {
			id, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
			if err != nil || id <= 0 {
				return usageError("review %s: %q is not a queue ID (see kin review)", action, p)
			}
			ids = append(ids, id)
		}
	default:
		return usageError("review: unknown action %q (want accept or reject, or nothing to list)", action)
	}
	s, err := m.openStore(ctx, f.db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()
	t := s.Tree(f.tree)
	if action == "list" {
		status := sqlstore.ReviewPending
		if all {
			status = ""
		}
		list, err := t.Reviews(ctx, status)
		if err != nil {
			return userError(err)
		}
		if f.json {
			out := make([]reviewJSON, 0, len(list))
			for _, r := range list {
				out = append(out, newReviewJSON(r))
			}
			return writeJSON(m, out)
		}
		if len(list) == 0 {
			fmt.Fprintf(m.Stdout, "Nothing waits for review in tree %q.\n", t.Name())
			return nil
		}
		for i, r := range list {
			if i > 0 {
				fmt.Fprintln(m.Stdout)
			}
			writeReview(m.Stdout, r)
		}
		return nil
	}
	failed := false
	for _, id := range ids {
		if action == "reject" {
			if err := t.Reject(ctx, id); err != nil {
				fmt.Fprintf(m.Stderr, "kin review: reject #%d: %v\n", id, userError(err))
				failed = true
				continue
			}
			if f.json {
				if err := writeJSONLine(m, map[string]any{"id": id, "status": sqlstore.ReviewRejected}); err != nil {
					return err
				}
			} else {
				fmt.Fprintf(m.Stdout, "#%d rejected.\n", id)
			}
			continue
		}
		st, err := t.Accept(ctx, id, sqlstore.MergeOptions{})
		if err != nil {
			fmt.Fprintf(m.Stderr, "kin review: accept #%d: %v\n", id, userError(err))
			failed = true
			continue
		}
		if f.json {
			if err := writeJSONLine(m, map[string]any{"id": id, "status": sqlstore.ReviewAccepted, "stored": st}); err != nil {
				return err
			}
		} else {
			writeMergeStats(m.Stdout, "#"+strconv.FormatInt(id, 10)+" accepted", st)
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// reviewFact is one proposed fact with the sentences it rests on.
type reviewFact struct {
	Fact      string   `json:"fact"`
	Sentences []string `json:"sentences"`
}

// reviewJSON is a queued item as --json prints it.
type reviewJSON struct {
	ID         int64        `json:"id"`
	Status     string       `json:"status"`
	RecordedAt time.Time    `json:"recorded_at"`
	DecidedAt  *time.Time   `json:"decided_at,omitempty"`
	Source     *kin.Source  `json:"source,omitempty"`
	Facts      []reviewFact `json:"facts"`
}

func newReviewJSON(r sqlstore.Review) reviewJSON {
	out := reviewJSON{ID: r.ID, Status: r.Status, RecordedAt: r.RecordedAt, DecidedAt: r.DecidedAt, Facts: reviewFacts(r.Tree)}
	if len(r.Tree.Sources) > 0 {
		src := *r.Tree.Sources[0]
		src.Text = "" // the sentences are in the facts; kin export has the text
		out.Source = &src
	}
	if out.Facts == nil {
		out.Facts = []reviewFact{}
	}
	return out
}

func writeReview(w io.Writer, r sqlstore.Review) {
	title, when, id := "", "", kin.ID("")
	if len(r.Tree.Sources) > 0 {
		src := r.Tree.Sources[0]
		title, id = src.Title, src.ID
		if !src.Date.IsZero() {
			when = src.Date.String() + " "
		}
	}
	status := ""
	if r.Status != sqlstore.ReviewPending {
		status = " [" + r.Status + "]"
	}
	fmt.Fprintf(w, "#%d%s %s%q (source %s)\n", r.ID, status, when, title, id)
	for _, f := range reviewFacts(r.Tree) {
		fmt.Fprintf(w, "  %s\n", f.Fact)
		for _, s := range f.Sentences {
			fmt.Fprintf(w, "      %q\n", s)
		}
	}
}

// reviewFacts lists the facts of a queued fragment in words.
func reviewFacts(t *kin.Tree) []reviewFact {
	names := map[kin.ID]string{}
	for _, p := range t.People {
		names[p.ID] = p.Name().Full()
	}
	name := func(id kin.ID) string {
		if n := names[id]; n != "" {
			return n
		}
		return string(id)
	}
	var out []reviewFact
	add := func(fact string, cites ...[]kin.Citation) {
		var ss []string
		seen := map[string]bool{}
		for _, cs := range cites {
			for _, c := range cs {
				if c.Quote != "" && !seen[c.Quote] {
					seen[c.Quote] = true
					ss = append(ss, c.Quote)
				}
			}
		}
		out = append(out, reviewFact{Fact: fact, Sentences: ss})
	}
	for _, p := range t.People {
		desc := name(p.ID)
		var also []string
		for _, n := range p.Names[min(1, len(p.Names)):] {
			also = append(also, n.Full())
		}
		if len(also) > 0 {
			desc += " (also " + strings.Join(also, ", ") + ")"
		}
		switch p.Sex {
		case kin.SexMale:
			desc += ", male"
		case kin.SexFemale:
			desc += ", female"
		}
		var cites [][]kin.Citation
		for _, n := range p.Names {
			cites = append(cites, n.Citations)
		}
		add("person "+desc, append(cites, p.SexCitations())...)
		for _, e := range p.Events {
			add(fmt.Sprintf("%s %s", name(p.ID), eventWords(e)), e.Citations)
		}
	}
	for _, f := range t.Families {
		var ps []string
		for _, p := range f.Partners {
			ps = append(ps, name(p))
		}
		couple := strings.Join(ps, " and ")
		for _, e := range f.Events {
			add(fmt.Sprintf("%s %s", couple, eventWords(e)), e.Citations)
		}
		for _, c := range f.Children {
			of := "a child of " + couple
			switch {
			case len(ps) == 0:
				of = "a sibling of the others in family " + string(f.ID)
			case c.Lineage == kin.LineageAdopted:
				of = "adopted by " + couple
			case c.Lineage == kin.LineageStep:
				of = "a step-child of " + couple
			}
			add(fmt.Sprintf("%s is %s", name(c.Child), of), c.Citations())
		}
	}
	for _, a := range t.Associations {
		s := fmt.Sprintf("%s and %s: %s", name(a.Person), name(a.Other), a.Relation)
		if a.Detail != "" {
			s += " " + a.Detail
		}
		if !a.Date.IsZero() {
			s += " (" + a.Date.String() + ")"
		}
		add(s, a.Citations)
	}
	return out
}

// eventWords says what an event is: "married 1993", "born BET 2006 AND 2007".
func eventWords(e kin.Event) string {
	verb := map[kin.EventType]string{
		kin.EventBirth: "born", kin.EventDeath: "died", kin.EventMarriage: "married", kin.EventDivorce: "divorced",
	}[e.Type]
	if verb == "" {
		verb = string(e.Type)
	}
	if !e.Date.IsZero() {
		verb += " " + e.Date.String()
	}
	return verb
}
