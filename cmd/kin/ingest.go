package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"kin/ingest"
)

// ingestCmd is "kin ingest": read dated articles and print the family
// facts they state.
type ingestCmd struct {
	dryRun    bool
	asJSON    bool
	out       string
	date      string
	title     string
	url       string
	extractor ingest.Extractor
}

func runIngest(ctx context.Context, m *Main, args []string) error {
	c := &ingestCmd{extractor: ingest.NewExtractor()}
	fs := m.newFlagSet("ingest", "ingest --dry-run [--json] [--out DIR] [--date YYYY-MM-DD] [--title T] [--url U] FILE|DIR|- ...", `
Ingest reads dated news articles and extracts family facts: the people
named, marriages and divorces with their years, parents and children,
siblings, and other ties (engagements, co-stars), each citing the sentence
it rests on.

An article is plain text whose first line starts with "date YYYY-MM-DD";
pass --date for articles without it. Arguments are files, directories (every
*.txt in them) or "-" for standard input.

With --json each article is printed as one JSON object in the schema of the
kin article evaluation set; with --out DIR each article X.txt is written to
DIR/X.json instead, ready for extract-score. Without --json the facts are
listed with their sentences.

Storing the facts in the database is not wired yet: --dry-run is required.`)
	fs.BoolVar(&c.dryRun, "dry-run", false, "extract and print the facts without storing them (required for now)")
	fs.BoolVar(&c.asJSON, "json", false, "print each article's facts as one JSON object (the gold schema)")
	fs.StringVar(&c.out, "out", "", "write `DIR`/X.json for every article X.txt (implies --json)")
	fs.StringVar(&c.date, "date", "", "publication `date` (YYYY-MM-DD) for articles without a date line")
	fs.StringVar(&c.title, "title", "", "the article's `title` (default: its first sentence)")
	fs.StringVar(&c.url, "url", "", "the article's `URL`")
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("ingest: no articles given (pass files, a directory or -)")
	}
	if !c.dryRun {
		return usageError("ingest: storing facts needs the database, which is not wired into ingest yet; pass --dry-run to extract and print them")
	}
	if c.out != "" {
		if err := os.MkdirAll(c.out, 0o755); err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
	}
	files, err := expandArticles(paths)
	if err != nil {
		return err
	}
	failed := false
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.one(ctx, m, f); err != nil {
			fmt.Fprintf(m.Stderr, "kin ingest: %v\n", err)
			failed = true
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// expandArticles turns the arguments into article files: directories
// become their *.txt files in name order; "-" stays standard input.
func expandArticles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(p, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("ingest: %w", err)
		}
		if len(matches) == 0 {
			return nil, fmt.Errorf("ingest: %s: no *.txt articles", p)
		}
		sort.Strings(matches)
		out = append(out, matches...)
	}
	return out, nil
}

func (c *ingestCmd) one(ctx context.Context, m *Main, path string) error {
	var r io.Reader
	name := path
	if path == "-" {
		r, name = m.Stdin, "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	a, err := ingest.ParseArticle(name, r, c.date)
	if err != nil {
		return err
	}
	if c.title != "" {
		a.Title = c.title
	}
	a.URL = c.url
	x, err := c.extractor.Extract(ctx, a)
	if err != nil {
		return err
	}
	switch {
	case c.out != "":
		base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
		if path == "-" {
			base = "stdin"
		}
		b, err := json.MarshalIndent(x.Gold(), "", " ")
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		dst := filepath.Join(c.out, base+".json")
		if err := os.WriteFile(dst, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	case c.asJSON:
		b, err := json.Marshal(x.Gold())
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(m.Stdout, "%s\n", b)
	default:
		writeExtraction(m.Stdout, x)
	}
	return nil
}

// writeExtraction prints the facts for a reader, each with its sentence.
func writeExtraction(w io.Writer, x *ingest.Extraction) {
	name := map[string]string{}
	fmt.Fprintf(w, "%s (%s)\n", x.Article.Name, x.Article.Date.Format("2006-01-02"))
	fmt.Fprintf(w, "\nPeople:\n")
	for _, p := range x.Persons {
		name[p.ID] = p.Name.Full()
		extra := ""
		if len(p.Aliases) > 0 {
			extra = " (also " + strings.Join(p.Aliases, ", ") + ")"
		}
		var life []string
		if s := yearOf(p.Birth.Start.Year, p.Birth.End.Year); s != "" {
			life = append(life, "born "+s)
		}
		if s := yearOf(p.Death.Start.Year, 0); s != "" {
			life = append(life, "died "+s)
		} else if p.Dead {
			life = append(life, "dead")
		}
		if len(life) > 0 {
			extra += ", " + strings.Join(life, ", ")
		}
		fmt.Fprintf(w, "  %-4s %s [%s]%s\n", p.ID, p.Name.Full(), p.Sex, extra)
	}
	fmt.Fprintf(w, "\nFacts:\n")
	for _, r := range x.Relations {
		var s string
		switch r.Type {
		case ingest.RelParent:
			s = fmt.Sprintf("%s is a parent of %s", name[r.A], name[r.B])
		case ingest.RelStep:
			s = fmt.Sprintf("%s is a step-parent of %s", name[r.A], name[r.B])
		case ingest.RelSpouse:
			s = fmt.Sprintf("%s and %s married", name[r.A], name[r.B])
			if y := yearOf(r.Start.Start.Year, r.Start.End.Year); y != "" {
				s += " in " + y
			}
			if r.EndReason != "" || r.End.Start.Year != 0 {
				s += "; ended"
				if r.EndReason != "" {
					s += " by " + r.EndReason
				}
				if y := yearOf(r.End.Start.Year, r.End.End.Year); y != "" {
					s += " in " + y
				}
			}
		case ingest.RelSibling:
			kind := "siblings"
			if r.Half != nil && *r.Half {
				kind = "half-siblings"
			} else if r.Half != nil {
				kind = "full siblings"
			}
			s = fmt.Sprintf("%s and %s are %s", name[r.A], name[r.B], kind)
		case ingest.RelOther:
			s = fmt.Sprintf("%s and %s: %s", name[r.A], name[r.B], r.Label)
			if y := yearOf(r.Year.Start.Year, 0); y != "" {
				s += " (" + y + ")"
			}
		}
		fmt.Fprintf(w, "  %s\n", s)
		for _, ev := range r.Evidence {
			fmt.Fprintf(w, "      %d-%d confidence %d: %q\n", ev.Span.Start, ev.Span.End, ev.Confidence, ev.Sentence)
		}
	}
}

func yearOf(a, b int) string {
	switch {
	case a == 0:
		return ""
	case b != 0 && b != a:
		return fmt.Sprintf("%d/%d", a, b)
	}
	return fmt.Sprint(a)
}
