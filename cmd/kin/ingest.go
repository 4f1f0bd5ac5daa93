package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"kin"
	"kin/ingest"
	"kin/sqlstore"
)

// ingestCmd is "kin ingest": read dated articles, extract the family facts
// they state and store them in a tree (or print them with --dry-run).
type ingestCmd struct {
	dryRun    bool
	asJSON    bool
	out       string
	date      string
	title     string
	url       string
	review    bool
	noReview  bool
	store     storeFlags
	extractor ingest.Extractor
	llm       llmFlags

	tree     *sqlstore.Tree
	queue    bool // put facts in the review queue instead of the tree
	failures int
}

// llmFlags are ingest's flags for the LLM extractor.
type llmFlags struct {
	extractor string
	endpoint  string
	model     string
	apiKey    string
	timeout   time.Duration
}

// register adds the extractor flags to fs.
func (f *llmFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.extractor, "extractor", "grammar", "the extractor: grammar (built in, offline) or llm (an OpenAI-compatible chat API)")
	fs.StringVar(&f.endpoint, "endpoint", "", "with --extractor llm, the chat API's base `URL` (http://localhost:11434 for Ollama; a trailing /v1 is fine)")
	fs.StringVar(&f.model, "model", "", "with --extractor llm, the `model` to ask (llama3.1)")
	fs.StringVar(&f.apiKey, "api-key", "", "with --extractor llm, the API `key` sent as a Bearer token (default $KIN_LLM_API_KEY)")
	fs.DurationVar(&f.timeout, "timeout", ingest.DefaultLLMTimeout, "with --extractor llm, how long to wait for each article's reply")
}

// extractorFrom returns the extractor the flags choose, or a usage error.
func (f *llmFlags) extractorFrom(m *Main, fs *flag.FlagSet) (ingest.Extractor, error) {
	switch f.extractor {
	case "grammar":
		var set []string
		fs.Visit(func(fl *flag.Flag) {
			switch fl.Name {
			case "endpoint", "model", "api-key", "timeout":
				set = append(set, "--"+fl.Name)
			}
		})
		if len(set) > 0 {
			return nil, usageError("ingest: %s only apply to --extractor llm", strings.Join(set, ", "))
		}
		return ingest.NewExtractor(), nil
	case "llm":
	default:
		return nil, usageError("ingest: --extractor %q: want grammar or llm", f.extractor)
	}
	if f.endpoint == "" || f.model == "" {
		return nil, usageError("ingest: --extractor llm needs --endpoint and --model of an OpenAI-compatible chat API (for Ollama: --endpoint http://localhost:11434 --model llama3.1)")
	}
	if f.timeout <= 0 {
		return nil, usageError("ingest: --timeout %v: want a positive duration such as 2m or 90s", f.timeout)
	}
	l := ingest.NewLLM(f.endpoint, f.model)
	l.Timeout = f.timeout
	l.APIKey = f.apiKey
	if l.APIKey == "" {
		l.APIKey = m.Getenv("KIN_LLM_API_KEY")
	}
	if _, err := l.ChatURL(); err != nil {
		return nil, usageError("ingest: --endpoint: %v", err)
	}
	return l, nil
}

func runIngest(ctx context.Context, m *Main, args []string) error {
	c := &ingestCmd{}
	fs := m.newFlagSet("ingest", "ingest [--dry-run] [--review|--no-review] [--json] [--out DIR] [--date YYYY-MM-DD] [--title T] [--url U] [--tree NAME] [--extractor llm --endpoint URL --model M [--api-key K] [--timeout D]] FILE|DIR|- ...", `
Ingest reads dated news articles, extracts family facts (the people named,
marriages and divorces with their years, parents and children, siblings,
and other ties such as engagements and co-stars), each citing the sentence
it rests on, and stores them in a tree.

An article is plain text whose first line starts with "date YYYY-MM-DD";
pass --date for articles without it. Arguments are files, directories (every
*.txt in them) or "-" for standard input.

Each article becomes a source (a news article with its date, its title,
the first sentence unless --title is given, its --url and its text
verbatim) and its facts cite it with the sentence and where it stands. An
article ingested before, recognised by its text or its URL, adds nothing
again. People are matched to the tree's people by name, sex, dates and
relatives (see docs/extraction.md); a fact that disagrees with the tree is
kept beside it and listed by "kin conflicts". Each article is stored in one
transaction: one that fails leaves nothing behind.

When the tree already holds data, the facts wait in a review queue ("kin
review" lists them, "kin review accept ID" stores them); --no-review stores
them at once, --review queues them even in an empty tree. Whether the tree
is empty is decided once, before the first article.

--dry-run prints the facts without touching the database: with --json one
JSON object per article in the schema of the kin article evaluation set,
with --out DIR each article X.txt is written to DIR/X.json instead (ready
for extract-score), else the facts are listed with their sentences.

The facts come from kin's built-in grammar of English family talk
(--extractor grammar, the default: offline and deterministic). With
--extractor llm they come from a language model behind an OpenAI-compatible
chat API (Ollama, vLLM, llama.cpp's server), e.g. for Ollama
"--extractor llm --endpoint http://localhost:11434 --model llama3.1". The
model is asked for the same facts, each with the sentence it rests on; a
fact whose sentence or a person whose name is not found in the article is
left out with a warning on stderr. --api-key (or $KIN_LLM_API_KEY) is sent
as a Bearer token; --timeout bounds the wait for each article.`)
	fs.BoolVar(&c.dryRun, "dry-run", false, "extract and print the facts without storing them")
	fs.BoolVar(&c.asJSON, "json", false, "print JSON: the extracted facts (gold schema) with --dry-run, else what was stored")
	fs.StringVar(&c.out, "out", "", "with --dry-run, write `DIR`/X.json for every article X.txt (implies --json)")
	fs.StringVar(&c.date, "date", "", "publication `date` (YYYY-MM-DD) for articles without a date line")
	fs.StringVar(&c.title, "title", "", "the article's `title` (default: its first sentence)")
	fs.StringVar(&c.url, "url", "", "the article's `URL`")
	fs.BoolVar(&c.review, "review", false, "queue the facts for review (the default when the tree has data)")
	fs.BoolVar(&c.noReview, "no-review", false, "store the facts at once, even in a tree that has data")
	fs.StringVar(&c.store.tree, "tree", sqlstore.DefaultTree, "the tree")
	fs.StringVar(&c.store.db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	c.llm.register(fs)
	paths, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if c.extractor, err = c.llm.extractorFrom(m, fs); err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageError("ingest: no articles given (pass files, a directory or -)")
	}
	if c.review && c.noReview {
		return usageError("ingest: --review and --no-review contradict each other")
	}
	if c.out != "" && !c.dryRun {
		return usageError("ingest: --out writes extractions for scoring and needs --dry-run")
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
	if !c.dryRun {
		s, err := m.openStore(ctx, c.store.db)
		if err != nil {
			return userError(err)
		}
		defer s.Close()
		c.tree = s.Tree(c.store.tree)
		switch {
		case c.review:
			c.queue = true
		case c.noReview:
			c.queue = false
		default:
			empty, err := c.tree.Empty(ctx)
			if err != nil {
				return userError(err)
			}
			c.queue = !empty
		}
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := c.one(ctx, m, f); err != nil {
			fmt.Fprintf(m.Stderr, "kin ingest: %v\n", userError(err))
			c.failures++
		}
	}
	if c.failures > 0 {
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
	for _, w := range x.Warnings {
		fmt.Fprintf(m.Stderr, "kin ingest: %s: warning: %s\n", name, w)
	}
	if !c.dryRun {
		return c.save(ctx, m, x)
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
		sex := string(p.Sex)
		if p.SexGuessed {
			sex += "?" // guessed from the given name, not stated
		}
		fmt.Fprintf(w, "  %-4s %s [%s]%s\n", p.ID, p.Name.Full(), sex, extra)
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

func yearOf(a, b int32) string {
	switch {
	case a == 0:
		return ""
	case b != 0 && b != a:
		return fmt.Sprintf("%d/%d", a, b)
	}
	return fmt.Sprint(a)
}

// ingestResult is what --json prints for a stored or queued article.
type ingestResult struct {
	Article string               `json:"article"`
	Title   string               `json:"title"`
	Source  kin.ID               `json:"source"`
	Queued  int64                `json:"queued,omitempty"`
	Skipped string               `json:"skipped,omitempty"`
	Stored  *sqlstore.MergeStats `json:"stored,omitempty"`
}

// save stores the facts of x in the tree, or queues them for review.
func (c *ingestCmd) save(ctx context.Context, m *Main, x *ingest.Extraction) error {
	a := x.Article
	frag := x.Tree(sqlstore.SourceIDForText(a.Text))
	src := frag.Sources[0]
	res := ingestResult{Article: a.Name, Title: src.Title, Source: src.ID}
	if c.queue {
		found, err := c.tree.FindIngested(ctx, src)
		if err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		switch {
		case found.Source != "":
			res.Source = found.Source
			res.Skipped = fmt.Sprintf("already in the tree as source %s", found.Source)
		case found.Review != nil && found.Review.Status == sqlstore.ReviewPending:
			res.Queued = found.Review.ID
			res.Skipped = fmt.Sprintf("already waiting for review as #%d", found.Review.ID)
		case found.Review != nil && found.Review.Status == sqlstore.ReviewRejected:
			res.Queued = found.Review.ID
			res.Skipped = fmt.Sprintf("rejected as #%d; \"kin review accept %d\" takes it after all", found.Review.ID, found.Review.ID)
		default:
			id, err := c.tree.AddPending(ctx, "source:"+string(src.ID), frag)
			if err != nil {
				return fmt.Errorf("%s: %w", a.Name, err)
			}
			res.Queued = id
		}
		if c.asJSON {
			return writeJSONLine(m, res)
		}
		if res.Skipped != "" {
			fmt.Fprintf(m.Stdout, "%s: %s; nothing queued\n", a.Name, res.Skipped)
			return nil
		}
		fmt.Fprintf(m.Stdout, "%s: queued for review as #%d: %s (kin review)\n", a.Name, res.Queued, fragmentSize(frag))
		return nil
	}
	st, err := c.tree.Merge(ctx, frag, sqlstore.MergeOptions{})
	if err != nil {
		return fmt.Errorf("%s: %w", a.Name, err)
	}
	res.Source, res.Stored = st.Source, &st
	if c.asJSON {
		return writeJSONLine(m, res)
	}
	writeMergeStats(m.Stdout, a.Name, st)
	return nil
}

// writeMergeStats describes what Merge did with one article.
func writeMergeStats(w io.Writer, name string, st sqlstore.MergeStats) {
	known := ""
	if st.SourceKnown {
		known = " (seen before)"
	}
	fmt.Fprintf(w, "%s: source %s%s: %d new people, %d matched, %d new families; %d facts added, %d already there, %d corroborated\n",
		name, st.Source, known, st.People, len(st.Matched), st.Families, st.Added, st.Kept, st.Corroborated)
	for _, mt := range st.Matched {
		fmt.Fprintf(w, "  %s is %s (score %d: %s)\n", mt.Name, mt.Person, mt.Score, strings.Join(mt.Why, ", "))
	}
	for _, amb := range st.Ambiguous {
		ids := make([]string, len(amb.Candidates))
		for i, id := range amb.Candidates {
			ids[i] = string(id)
		}
		fmt.Fprintf(w, "  %s could be %s (score %d each); added as a new person, %s\n", amb.Name, strings.Join(ids, " or "), amb.Score, amb.Extracted)
	}
	for _, u := range st.Unsure {
		fmt.Fprintf(w, "  %s may be %s (score %d, below %d: %s); added as a new person, %s\n", u.Name, u.Person, u.Score, sqlstore.MatchThreshold, strings.Join(u.Why, ", "), u.Extracted)
	}
	for _, cf := range st.Conflicts {
		fmt.Fprintf(w, "  conflict: %s %s disagrees with the tree (kin conflicts)\n", cf.Subject, cf.Slot)
	}
}

// fragmentSize says how much a fragment holds.
func fragmentSize(t *kin.Tree) string {
	return fmt.Sprintf("%s, %s, %s", count(len(t.People), "person", "people"), count(len(t.Families), "family", "families"), count(len(t.Associations), "other tie", "other ties"))
}

// count writes n with the word's singular or plural form.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeJSONLine prints v as one line of JSON.
func writeJSONLine(m *Main, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(m.Stdout, "%s\n", b)
	return err
}
