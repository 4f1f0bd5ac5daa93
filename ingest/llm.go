package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"kin"
	"kin/date"
)

// DefaultLLMTimeout is how long LLM waits for a reply when its Timeout is
// zero. Local models on a laptop take tens of seconds per article.
const DefaultLLMTimeout = 2 * time.Minute

// maxLLMReplyBytes bounds the HTTP reply read from the endpoint.
const maxLLMReplyBytes = 8 << 20

// Sentinel errors returned (wrapped, with the article name) by LLM.Extract.
var (
	ErrLLMEndpoint    = errors.New("bad llm endpoint")
	ErrLLMUnreachable = errors.New("llm endpoint unreachable")
	ErrLLMTimeout     = errors.New("llm endpoint did not answer in time")
	ErrLLMStatus      = errors.New("llm endpoint answered with an error")
	ErrLLMReply       = errors.New("llm reply is not valid")
)

// LLM is an Extractor that asks a large language model behind an
// OpenAI-compatible chat completions API (as Ollama, vLLM and llama.cpp's
// server offer) for the article's family facts in the JSON schema of the
// kin article evaluation set, with the sentence each fact rests on.
//
// The reply is checked strictly: it must be a JSON object of that schema,
// relations must refer to listed persons, types, sexes and years must be
// in the schema's forms; otherwise Extract returns an error wrapping
// ErrLLMReply. Every fact is then grounded in the article: its quote must
// be found in Article.Text, exactly or after normalising white space,
// quotation marks and dashes, and a person's name must occur in it. A fact
// that cannot be grounded is dropped and Extraction.Warnings says so.
// Evidence.Span is the span of the sentence (or sentences, as the package's
// sentence splitter cuts them) that holds the quote, so spans agree with
// the Grammar extractor's, and every fact has confidence Normal.
//
// LLM is safe for concurrent use when its fields are not changed.
type LLM struct {
	// Endpoint is the server's base URL: "http://localhost:11434" (Ollama),
	// "http://localhost:8000/v1" (vLLM) or the full
	// ".../v1/chat/completions" URL; requests go to
	// {Endpoint}/v1/chat/completions, with "/v1" added only when the
	// endpoint does not end with it.
	Endpoint string
	// Model is the model name the server knows ("llama3.1").
	Model string
	// APIKey, when set, is sent as "Authorization: Bearer APIKey". It never
	// appears in errors or warnings.
	APIKey string
	// Client sends the requests; nil means http.DefaultClient.
	Client *http.Client
	// Timeout bounds each article's request; zero means DefaultLLMTimeout.
	Timeout time.Duration
}

// NewLLM returns an LLM extractor for model at endpoint with the default
// timeout.
func NewLLM(endpoint, model string) *LLM {
	return &LLM{Endpoint: endpoint, Model: model, Timeout: DefaultLLMTimeout}
}

// ChatURL returns the chat completions URL that requests go to, or an
// error wrapping ErrLLMEndpoint when Endpoint is not an http or https URL.
func (l *LLM) ChatURL() (string, error) {
	u, err := url.Parse(strings.TrimSpace(l.Endpoint))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w %q: want an http:// or https:// URL such as http://localhost:11434", ErrLLMEndpoint, redactURL(l.Endpoint))
	}
	p := strings.TrimRight(u.Path, "/")
	switch {
	case strings.HasSuffix(p, "/chat/completions"):
	case strings.HasSuffix(p, "/v1"):
		p += "/chat/completions"
	default:
		p += "/v1/chat/completions"
	}
	u.Path, u.RawPath = p, ""
	return u.String(), nil
}

// redactURL hides a password in a URL for messages.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}

// chatRequest is the body of a chat completions request.
type chatRequest struct {
	Model          string          `json:"model"`
	Messages       []chatMessage   `json:"messages"`
	ResponseFormat *responseFormat `json:"response_format"`
	Temperature    float64         `json:"temperature"`
	Stream         bool            `json:"stream"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type responseFormat struct {
	Type string `json:"type"`
}

// chatResponse is the part of a chat completions reply that LLM reads.
type chatResponse struct {
	Choices []struct {
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
		FinishReason string `json:"finish_reason"`
	} `json:"choices"`
	Error json.RawMessage `json:"error"`
}

// llmSystemPrompt states the task and the reply's schema.
const llmSystemPrompt = `You read one dated news article and list the family facts it states. Answer with one JSON object and nothing else, in exactly this shape:

{
 "persons": [
  {"id": "p1", "name": "Harold Eugene Vandermeer", "aliases": ["Gene", "Gene Vandermeer"], "maiden": null,
   "sex": "M", "sex_quote": "...", "birth": "1940", "birth_quote": "...", "death": "2024", "dead": true, "death_quote": "..."}
 ],
 "relations": [
  {"type": "spouse", "a": "p1", "b": "p2", "start": "1993", "end": "2002", "end_reason": "divorce", "quote": "..."},
  {"type": "parent", "parent": "p1", "child": "p3", "adopted": false, "quote": "..."},
  {"type": "sibling", "a": "p3", "b": "p4", "half": true, "quote": "..."},
  {"type": "other", "a": "p1", "b": "p5", "label": "co-starred in The Getaway", "year": "1994", "quote": "..."},
  {"type": "step-parent", "parent": "p6", "child": "p3", "quote": "..."}
 ]
}

Persons:
- Only named individuals who take part in a family tie. Unnamed people ("his first wife", "seven grandchildren") are not persons; leave out the facts that need them.
- id: "p1", "p2", ... unique; relations refer to persons by these ids.
- name: the fullest form of the name the article gives, spelled as in the article, without titles (Mr, Ms, Dr), quotation marks or parentheses; but a wife named only by her husband's name keeps her title ("Mrs James Whitcombe"). Never invent a surname: a person called only "Tiana" is "Tiana".
- aliases: the other forms the article uses for the person (nicknames, the first name or surname alone, titled forms, maiden names), each spelled exactly as in the article.
- maiden: the maiden surname when the article gives one ("Grace (Bos) Vandermeer", "née Collins"), else null.
- sex: "M", "F" or "U". Only from the text (pronouns, kinship words such as son, wife, mother, titles such as Mr or Mrs), never from the first name; "U" when the text does not say.
- birth, death: a year "YYYY", or "YYYY/YYYY" when only an age is known (someone aged N on the article's date was born in (year-N-1)/(year-N)); count relative phrases ("last year", "now 17", "his wife of 45 years") from the article's date; null when unknown. dead: true when the article says the person is dead ("the late", "preceded in death"), even without a year.

Relations:
- spouse: a married couple only; engagements, dating and partners are "other". start and end are the years the marriage began and ended (or null); end_reason is "divorce" (also a marriage "dissolved"), "death" or null.
- parent: parent is the mother or father of child; one relation per named parent; adopted is true for an adoption. "Jr." makes the same-named man the father.
- sibling: only when the article states the tie; half is true for half-siblings, false for full siblings or twins, null when not said.
- step-parent: only when the article does not name the step-parent's spouse (the child's parent); otherwise give the spouse and parent relations.
- other: any other tie between two named persons (engaged, dating, romantic partners, co-starred in a film, custody dispute, estranged), with a short label and its year or null.
- When the article corrects an earlier report, follow the correction.

Quotes: every fact carries the sentence of the article it rests on, copied character for character from the article: "quote" for a relation; "sex_quote", "birth_quote" and "death_quote" for a person's sex, birth and death (null when that field is null or "U"). Leave out any fact you cannot quote from the article.`

// Extract asks the model for a's family facts and returns those it can
// ground in the article's text.
func (l *LLM) Extract(ctx context.Context, a *Article) (*Extraction, error) {
	if a == nil {
		return nil, fmt.Errorf("extract: no article")
	}
	if len(a.Text) > MaxArticleBytes {
		return nil, fmt.Errorf("extract %s: %w", a.Name, ErrTooLarge)
	}
	content, err := l.complete(ctx, a)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	x, err := parseLLMReply(a, content)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.Name, err)
	}
	return x, nil
}

// errLLMDeadline is the cause of a context that ran out of LLM.Timeout.
var errLLMDeadline = errors.New("llm timeout")

// complete sends the article to the chat completions endpoint and returns
// the reply's message content.
func (l *LLM) complete(ctx context.Context, a *Article) (string, error) {
	target, err := l.ChatURL()
	if err != nil {
		return "", err
	}
	shown := redactURL(target)
	if strings.TrimSpace(l.Model) == "" {
		return "", fmt.Errorf("%w %s: no model given", ErrLLMEndpoint, shown)
	}
	user := "Article date: " + a.Date.Format("2006-01-02") + "\n"
	if a.Title != "" {
		user += "Article title: " + a.Title + "\n"
	}
	user += "\n" + a.Text
	body, err := json.Marshal(chatRequest{
		Model: l.Model,
		Messages: []chatMessage{
			{Role: "system", Content: llmSystemPrompt},
			{Role: "user", Content: user},
		},
		ResponseFormat: &responseFormat{Type: "json_object"},
		Temperature:    0,
	})
	if err != nil {
		return "", fmt.Errorf("llm request: %w", err)
	}
	timeout := l.Timeout
	if timeout <= 0 {
		timeout = DefaultLLMTimeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errLLMDeadline)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%w %s: %v", ErrLLMEndpoint, shown, l.redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if l.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+l.APIKey)
	}
	client := l.Client
	if client == nil {
		client = http.DefaultClient
	}
	// failed classifies a transport error: our deadline, the caller's
	// cancellation, or an endpoint that cannot be reached.
	failed := func(err error) error {
		if errors.Is(context.Cause(ctx), errLLMDeadline) {
			return fmt.Errorf("%w: no reply from %s within %v", ErrLLMTimeout, shown, timeout)
		}
		if cerr := ctx.Err(); cerr != nil {
			return fmt.Errorf("llm request to %s: %w", shown, cerr)
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the URL
		}
		return fmt.Errorf("%w: %s: %v", ErrLLMUnreachable, shown, l.redact(err.Error()))
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", failed(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxLLMReplyBytes+1))
	if err != nil {
		return "", failed(err)
	}
	if resp.StatusCode != http.StatusOK {
		msg := l.redact(serverMessage(raw))
		if msg == "" {
			return "", fmt.Errorf("%w: %s: HTTP %s", ErrLLMStatus, shown, resp.Status)
		}
		return "", fmt.Errorf("%w: %s: HTTP %s: %s", ErrLLMStatus, shown, resp.Status, msg)
	}
	if len(raw) > maxLLMReplyBytes {
		return "", fmt.Errorf("%w: the reply from %s is larger than %d bytes", ErrLLMReply, shown, maxLLMReplyBytes)
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return "", fmt.Errorf("%w: %s did not answer with a chat completion: %v (reply begins %q)", ErrLLMReply, shown, err, l.redact(begin(string(raw))))
	}
	if len(cr.Error) > 0 && string(cr.Error) != "null" {
		return "", fmt.Errorf("%w: %s: %s", ErrLLMStatus, shown, l.redact(serverMessage(raw)))
	}
	if len(cr.Choices) == 0 {
		return "", fmt.Errorf("%w: %s answered with no choices", ErrLLMReply, shown)
	}
	ch := cr.Choices[0]
	if ch.FinishReason == "length" {
		return "", fmt.Errorf("%w: the model's answer was cut off at its length limit (finish_reason length); use a model with a longer context or output limit", ErrLLMReply)
	}
	return ch.Message.Content, nil
}

// redact removes the API key from s.
func (l *LLM) redact(s string) string {
	if l.APIKey == "" {
		return s
	}
	return strings.ReplaceAll(s, l.APIKey, "[api key]")
}

// serverMessage finds the error message in an error reply: OpenAI's
// {"error": {"message": …}}, Ollama's {"error": "…"}, {"message": …},
// {"detail": …}, else the body's first line.
func serverMessage(raw []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(raw, &v) == nil {
		var s string
		var obj struct {
			Message string `json:"message"`
		}
		switch {
		case json.Unmarshal(v.Error, &s) == nil && s != "":
			return oneLine(s)
		case json.Unmarshal(v.Error, &obj) == nil && obj.Message != "":
			return oneLine(obj.Message)
		case v.Message != "":
			return oneLine(v.Message)
		case json.Unmarshal(v.Detail, &s) == nil && s != "":
			return oneLine(s)
		case len(v.Detail) > 0:
			return oneLine(string(v.Detail))
		}
	}
	return oneLine(string(raw))
}

// oneLine returns s on one line, at most 300 bytes long.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	return begin(s)
}

// begin returns the first 300 bytes of s, cut at a rune boundary.
func begin(s string) string {
	const n = 300
	if len(s) <= n {
		return s
	}
	k := n
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return s[:k] + "…"
}

// llmReply is the JSON object the model is asked for.
type llmReply struct {
	Persons   *[]llmPerson   `json:"persons"`
	Relations *[]llmRelation `json:"relations"`
}

type llmPerson struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Aliases    []string `json:"aliases"`
	Maiden     *string  `json:"maiden"`
	Sex        *string  `json:"sex"`
	SexQuote   *string  `json:"sex_quote"`
	Birth      *string  `json:"birth"`
	BirthQuote *string  `json:"birth_quote"`
	Death      *string  `json:"death"`
	Dead       *bool    `json:"dead"`
	DeathQuote *string  `json:"death_quote"`
}

type llmRelation struct {
	Type      string  `json:"type"`
	A         string  `json:"a"`
	B         string  `json:"b"`
	Parent    string  `json:"parent"`
	Child     string  `json:"child"`
	Start     *string `json:"start"`
	End       *string `json:"end"`
	EndReason *string `json:"end_reason"`
	Half      *bool   `json:"half"`
	Adopted   *bool   `json:"adopted"`
	Label     *string `json:"label"`
	Year      *string `json:"year"`
	Quote     *string `json:"quote"`
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return strings.TrimSpace(*p)
}

// stripFence removes a Markdown code fence around a JSON answer, which some
// models add even when asked for a JSON object.
func stripFence(s string) string {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "```") {
		return s
	}
	t = strings.TrimPrefix(t, "```")
	if nl := strings.IndexByte(t, '\n'); nl >= 0 && strings.TrimSpace(t[:nl]) != "" && !strings.ContainsAny(t[:nl], "{[") {
		t = t[nl+1:] // the language tag: ```json
	}
	t = strings.TrimSpace(t)
	return strings.TrimSuffix(t, "```")
}

// parseLLMReply checks the model's answer against the schema and grounds
// its facts in a's text.
func parseLLMReply(a *Article, content string) (*Extraction, error) {
	content = stripFence(content)
	if strings.TrimSpace(content) == "" {
		return nil, fmt.Errorf("%w: the model's answer is empty", ErrLLMReply)
	}
	var r llmReply
	dec := json.NewDecoder(strings.NewReader(content))
	if err := dec.Decode(&r); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return nil, fmt.Errorf("%w: %s is a JSON %s, want %s", ErrLLMReply, jsonField(te), te.Value, jsonKind(te.Type.String()))
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
			return nil, fmt.Errorf("%w: the answer is not a JSON object: %v (it begins %q)", ErrLLMReply, err, begin(strings.TrimSpace(content)))
		}
		return nil, fmt.Errorf("%w: the answer is not a JSON object: %v", ErrLLMReply, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: text follows the JSON object", ErrLLMReply)
	}
	if r.Persons == nil || r.Relations == nil {
		return nil, fmt.Errorf(`%w: the answer lacks "persons" or "relations" (it begins %q)`, ErrLLMReply, begin(strings.TrimSpace(content)))
	}
	if err := checkReply(&r); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrLLMReply, err)
	}
	return ground(a, &r), nil
}

// jsonField names the reply field of a type error: "persons[].birth".
func jsonField(te *json.UnmarshalTypeError) string {
	if te.Field == "" {
		return "the answer"
	}
	return strconv.Quote(te.Field)
}

func jsonKind(goType string) string {
	switch {
	case strings.Contains(goType, "[]"):
		return "an array"
	case strings.Contains(goType, "string"):
		return "a string"
	case strings.Contains(goType, "bool"):
		return "true, false or null"
	}
	return "an object"
}

// checkReply validates the reply's shape: ids, types, sexes and years.
func checkReply(r *llmReply) error {
	ids := map[string]bool{}
	for i, p := range *r.Persons {
		at := fmt.Sprintf("persons[%d]", i)
		switch {
		case strings.TrimSpace(p.ID) == "":
			return fmt.Errorf("%s: no id", at)
		case ids[p.ID]:
			return fmt.Errorf("%s: id %q is used twice", at, p.ID)
		case strings.TrimSpace(p.Name) == "":
			return fmt.Errorf("%s (%s): no name", at, p.ID)
		}
		ids[p.ID] = true
		switch s := str(p.Sex); s {
		case "", "M", "F", "U":
		default:
			return fmt.Errorf("%s (%s): sex %q: want M, F or U", at, p.ID, s)
		}
		for _, f := range []struct {
			name string
			v    *string
		}{{"birth", p.Birth}, {"death", p.Death}} {
			if _, err := parseLLMYear(str(f.v)); err != nil {
				return fmt.Errorf("%s (%s): %s: %w", at, p.ID, f.name, err)
			}
		}
	}
	for i, rel := range *r.Relations {
		at := fmt.Sprintf("relations[%d]", i)
		var a, b string
		switch RelationType(rel.Type) {
		case RelSpouse, RelSibling, RelOther:
			a, b = rel.A, rel.B
			if a == "" || b == "" {
				return fmt.Errorf(`%s: a %s relation needs "a" and "b"`, at, rel.Type)
			}
		case RelParent, RelStep:
			a, b = rel.Parent, rel.Child
			if a == "" || b == "" {
				return fmt.Errorf(`%s: a %s relation needs "parent" and "child"`, at, rel.Type)
			}
		default:
			return fmt.Errorf("%s: unknown type %q: want spouse, parent, sibling, other or step-parent", at, rel.Type)
		}
		for _, id := range []string{a, b} {
			if !ids[id] {
				return fmt.Errorf("%s: %s refers to %q, which is not among the persons", at, rel.Type, id)
			}
		}
		if a == b {
			return fmt.Errorf("%s: %s relation of %q with themselves", at, rel.Type, a)
		}
		for _, f := range []struct {
			name string
			v    *string
		}{{"start", rel.Start}, {"end", rel.End}, {"year", rel.Year}} {
			if _, err := parseLLMYear(str(f.v)); err != nil {
				return fmt.Errorf("%s: %s: %w", at, f.name, err)
			}
		}
		switch er := str(rel.EndReason); er {
		case "", "divorce", "death":
		default:
			return fmt.Errorf("%s: end_reason %q: want divorce, death or null", at, er)
		}
		if RelationType(rel.Type) == RelOther && str(rel.Label) == "" {
			return fmt.Errorf("%s: an other relation needs a label", at)
		}
	}
	return nil
}

// parseLLMYear reads a year in the schema's forms: "" (unknown), "YYYY" or
// "YYYY/YYYY" with the first year not after the second.
func parseLLMYear(s string) (date.Date, error) {
	if s == "" || s == "null" {
		return date.Date{}, nil
	}
	year := func(t string) (int, bool) {
		if len(t) != 4 {
			return 0, false
		}
		for _, c := range t {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, _ := strconv.Atoi(t)
		return n, n > 0
	}
	lo, hi, ok := strings.Cut(s, "/")
	y1, ok1 := year(lo)
	if !ok {
		if !ok1 {
			return date.Date{}, fmt.Errorf("year %q: want YYYY or YYYY/YYYY", s)
		}
		return date.Date{Start: date.Day{Year: int32(y1)}}, nil
	}
	y2, ok2 := year(hi)
	if !ok1 || !ok2 || y1 > y2 {
		return date.Date{}, fmt.Errorf("year %q: want YYYY or YYYY/YYYY, the earlier year first", s)
	}
	if y1 == y2 {
		return date.Date{Start: date.Day{Year: int32(y1)}}, nil
	}
	return date.Date{Modifier: date.Between, Start: date.Day{Year: int32(y1)}, End: date.Day{Year: int32(y2)}}, nil
}

// grounder finds the model's quotes and names in the article.
type grounder struct {
	text  string
	sents []sentence
	// norm is text with white space runs collapsed and quotation marks
	// and dashes made plain; fnorm is norm folded (lower case, no
	// diacritics). nstart/nend map each byte of them to the byte span in
	// text of the character it came from.
	norm, fnorm  string
	nstart, nend []int
	fstart, fend []int
	words        map[string]bool
	warnings     []string
	confidence   kin.Confidence
}

func newGrounder(text string) *grounder {
	g := &grounder{text: text, sents: splitSentences(text), confidence: kin.ConfidenceNormal, words: map[string]bool{}}
	g.norm, g.nstart, g.nend = normalizeText(text, false)
	g.fnorm, g.fstart, g.fend = normalizeText(text, true)
	for _, s := range g.sents {
		for _, t := range s.toks {
			if t.kind == tWord {
				g.words[nameWord(t.text)] = true
			}
		}
	}
	return g
}

// plainRunes maps typographic characters to the plain ones a model may
// write instead.
var plainRunes = sync.OnceValue(func() map[rune]string {
	return map[rune]string{
		'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'",
		'“': `"`, '”': `"`, '„': `"`, '‟': `"`, '″': `"`, '«': `"`, '»': `"`,
		'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
		'…': "...",
	}
})

// normalizeText collapses white space runs to one space (dropping leading
// and trailing space), makes quotation marks, dashes and ellipses plain
// and, with fold, lower-cases and removes diacritics. start and end give
// for every output byte the span of the input character it came from.
func normalizeText(s string, foldCase bool) (out string, start, end []int) {
	var b strings.Builder
	b.Grow(len(s))
	start, end = make([]int, 0, len(s)), make([]int, 0, len(s))
	emit := func(piece string, i, j int) {
		b.WriteString(piece)
		for range len(piece) {
			start, end = append(start, i), append(end, j)
		}
	}
	pendingSpace := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			if pendingSpace < 0 {
				pendingSpace = i
			}
			i += n
			continue
		}
		if pendingSpace >= 0 && b.Len() > 0 {
			emit(" ", pendingSpace, i)
		}
		pendingSpace = -1
		piece, ok := plainRunes()[r]
		if !ok {
			piece = s[i : i+n]
			if r == utf8.RuneError && n == 1 {
				piece = "\uFFFD"
			}
		}
		if foldCase {
			piece = fold(piece)
		}
		emit(piece, i, i+n)
		i += n
	}
	return b.String(), start, end
}

// nameWord is the comparable form of one word of a name.
func nameWord(w string) string {
	w = strings.Trim(w, `"'“”‘’()[],;:`)
	w = strings.TrimSuffix(w, ".")
	return fold(lowReplacer().Replace(w))
}

// find returns the span in the text of quote q: an exact match, else a
// match after normalisation. ok is false when q is not found or is too
// short to cite (fewer than two words).
func (g *grounder) find(q string) (start, end int, ok bool) {
	q = strings.TrimSpace(q)
	if countWords(q) < 2 {
		return 0, 0, false
	}
	if i := strings.Index(g.text, q); i >= 0 {
		return i, i + len(q), true
	}
	nq, _, _ := normalizeText(q, false)
	for _, cand := range []string{nq, strings.TrimRight(nq, ".!?")} {
		if countWords(cand) < 2 {
			continue
		}
		if i := strings.Index(g.norm, cand); i >= 0 {
			return g.nstart[i], g.nend[i+len(cand)-1], true
		}
	}
	return 0, 0, false
}

// findFolded finds s in the folded text, at word boundaries.
func (g *grounder) findFolded(s string) (start, end int, ok bool) {
	fs, _, _ := normalizeText(s, true)
	if fs == "" {
		return 0, 0, false
	}
	for from := 0; from < len(g.fnorm); {
		i := strings.Index(g.fnorm[from:], fs)
		if i < 0 {
			return 0, 0, false
		}
		i += from
		j := i + len(fs)
		if wordBoundary(g.fnorm, i, j) {
			return g.fstart[i], g.fend[j-1], true
		}
		from = i + 1
	}
	return 0, 0, false
}

// wordBoundary reports whether s[i:j] is not part of a longer word.
func wordBoundary(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func countWords(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
}

// evidence returns the Evidence for text[start:end]: the sentences of the
// package's splitter that it overlaps.
func (g *grounder) evidence(start, end int) Evidence {
	i := sort.Search(len(g.sents), func(k int) bool { return g.sents[k].end > start })
	j := i
	for j+1 < len(g.sents) && g.sents[j+1].start < end {
		j++
	}
	if i < len(g.sents) && g.sents[i].start < end {
		start, end = min(start, g.sents[i].start), max(end, g.sents[j].end)
	}
	return Evidence{Span: kin.Span{Start: start, End: end}, Sentence: g.text[start:end], Confidence: g.confidence}
}

// quote grounds one fact's quote; what names the fact in the warning when
// it cannot.
func (g *grounder) quote(q *string, what string) (Evidence, bool) {
	s := str(q)
	if s == "" {
		g.warn("%s: no quote; dropped", what)
		return Evidence{}, false
	}
	start, end, ok := g.find(s)
	if !ok {
		g.warn("%s: quote %q not found in the article; dropped", what, begin(s))
		return Evidence{}, false
	}
	return g.evidence(start, end), true
}

func (g *grounder) warn(format string, args ...any) {
	g.warnings = append(g.warnings, fmt.Sprintf(format, args...))
}

// nameOccurs reports whether every word of name is a word of the article.
func (g *grounder) nameOccurs(name string) bool {
	n := 0
	for _, w := range strings.Fields(name) {
		k := nameWord(w)
		if k == "" || countWords(k) == 0 {
			continue
		}
		if !g.words[k] {
			return false
		}
		n++
	}
	return n > 0
}

// firstMention returns the span of the first place the article names p:
// its full name, else an alias, else its first name word.
func (g *grounder) firstMention(name string, aliases []string) (int, int, bool) {
	if s, e, ok := g.findFolded(name); ok {
		return s, e, true
	}
	best, bestEnd := -1, -1
	for _, al := range aliases {
		if s, e, ok := g.findFolded(al); ok && (best < 0 || s < best) {
			best, bestEnd = s, e
		}
	}
	if best >= 0 {
		return best, bestEnd, true
	}
	for _, w := range strings.Fields(name) {
		if s, e, ok := g.findFolded(strings.Trim(w, `"'“”‘’()[],;:`)); ok {
			return s, e, true
		}
	}
	return 0, 0, false
}

// personLabel names a person of the reply in warnings.
func personLabel(p llmPerson) string {
	return fmt.Sprintf("person %s %q", p.ID, begin(strings.TrimSpace(p.Name)))
}

// ground converts a checked reply into an Extraction, keeping only the
// facts found in a's text.
func ground(a *Article, r *llmReply) *Extraction {
	g := newGrounder(a.Text)
	x := &Extraction{Article: a, Persons: []Person{}, Relations: []Relation{}}
	ids := map[string]string{} // the model's id → ours
	names := map[string]string{}
	for _, lp := range *r.Persons {
		label := personLabel(lp)
		if !g.nameOccurs(lp.Name) {
			g.warn("%s: name not found in the article; dropped with its relations", label)
			continue
		}
		ms, me, ok := g.firstMention(lp.Name, lp.Aliases)
		if !ok {
			g.warn("%s: name not found in the article; dropped with its relations", label)
			continue
		}
		p := Person{ID: "p" + strconv.Itoa(len(x.Persons)+1), Sex: kin.SexUnknown, Evidence: g.evidence(ms, me)}
		p.Name = splitLLMName(lp.Name)
		full := fold(p.Name.Full())
		seen := map[string]bool{full: true}
		for _, al := range lp.Aliases {
			al = strings.Join(strings.Fields(al), " ")
			if al == "" || seen[fold(al)] {
				continue
			}
			if !g.nameOccurs(al) {
				g.warn("%s: alias %q not found in the article; dropped", label, begin(al))
				continue
			}
			seen[fold(al)] = true
			p.Aliases = append(p.Aliases, al)
		}
		if m := str(lp.Maiden); m != "" {
			if g.nameOccurs(m) {
				p.Maiden = m
				if given := p.Name.Given; given != "" && !seen[fold(given+" "+m)] {
					seen[fold(given+" "+m)] = true
					p.Aliases = append(p.Aliases, given+" "+m)
				}
			} else {
				g.warn("%s: maiden name %q not found in the article; dropped", label, begin(m))
			}
		}
		if sx := str(lp.Sex); sx == "M" || sx == "F" {
			if ev, ok := g.quote(lp.SexQuote, label+": sex "+sx); ok {
				p.Sex = kin.Sex(sx)
				p.SexEvidence = &ev
			}
		}
		if b, _ := parseLLMYear(str(lp.Birth)); !b.IsZero() {
			if ev, ok := g.quote(lp.BirthQuote, label+": birth "+str(lp.Birth)); ok {
				p.Birth, p.BirthEvidence = b, &ev
			}
		}
		d, _ := parseLLMYear(str(lp.Death))
		if !d.IsZero() || (lp.Dead != nil && *lp.Dead) {
			what := label + ": death"
			if !d.IsZero() {
				what += " " + str(lp.Death)
			}
			if ev, ok := g.quote(lp.DeathQuote, what); ok {
				p.Death, p.Dead, p.DeathEvidence = d, true, &ev
			}
		}
		ids[lp.ID] = p.ID
		names[lp.ID] = p.Name.Full()
		x.Persons = append(x.Persons, p)
	}
	seen := map[string]int{} // relationKey → index in x.Relations
	for i, lr := range *r.Relations {
		rel := Relation{Type: RelationType(lr.Type), A: lr.A, B: lr.B}
		if rel.Type == RelParent || rel.Type == RelStep {
			rel.A, rel.B = lr.Parent, lr.Child
		}
		what := fmt.Sprintf("relation %d (%s of %q and %q)", i+1, lr.Type, begin(names[rel.A]), begin(names[rel.B]))
		a, b := ids[rel.A], ids[rel.B]
		if a == "" || b == "" {
			g.warn("relation %d (%s of %s and %s): a person was dropped; dropped", i+1, lr.Type, rel.A, rel.B)
			continue
		}
		ev, ok := g.quote(lr.Quote, what)
		if !ok {
			continue
		}
		rel.A, rel.B, rel.Evidence = a, b, []Evidence{ev}
		switch rel.Type {
		case RelParent:
			rel.Lineage = kin.LineageBirth
			if lr.Adopted != nil && *lr.Adopted {
				rel.Lineage = kin.LineageAdopted
			}
		case RelStep:
			rel.Lineage = kin.LineageStep
		case RelSpouse:
			rel.Start, _ = parseLLMYear(str(lr.Start))
			rel.End, _ = parseLLMYear(str(lr.End))
			rel.EndReason = str(lr.EndReason)
		case RelSibling:
			rel.Half = lr.Half
		case RelOther:
			rel.Label = str(lr.Label)
			rel.Year, _ = parseLLMYear(str(lr.Year))
		}
		k := relationKey(rel)
		if at, ok := seen[k]; ok {
			mergeRelation(&x.Relations[at], rel)
			continue
		}
		seen[k] = len(x.Relations)
		x.Relations = append(x.Relations, rel)
	}
	x.Warnings = g.warnings
	return x
}

// relationKey identifies a relation for merging repeats: its type and
// persons (in order for parents), and the label of an other tie.
func relationKey(r Relation) string {
	a, b := r.A, r.B
	if (r.Type == RelSpouse || r.Type == RelSibling || r.Type == RelOther) && a > b {
		a, b = b, a
	}
	return string(r.Type) + "\x00" + a + "\x00" + b + "\x00" + strings.ToLower(r.Label)
}

// mergeRelation folds a repeat of a relation into the first: its
// citation is added and the fields the first left empty are filled.
func mergeRelation(dst *Relation, r Relation) {
	for _, ev := range r.Evidence {
		dup := false
		for _, have := range dst.Evidence {
			dup = dup || have.Span == ev.Span
		}
		if !dup {
			dst.Evidence = append(dst.Evidence, ev)
		}
	}
	if dst.Start.IsZero() {
		dst.Start = r.Start
	}
	if dst.End.IsZero() {
		dst.End = r.End
	}
	if dst.EndReason == "" {
		dst.EndReason = r.EndReason
	}
	if dst.Half == nil {
		dst.Half = r.Half
	}
	if dst.Year.IsZero() {
		dst.Year = r.Year
	}
	if r.Lineage == kin.LineageAdopted {
		dst.Lineage = r.Lineage
	}
}

// splitLLMName splits a name as the model writes it ("Walter Kessler
// Jr.", "Ngozi van der Berg", `Harold "Gene" Vandermeer`, "Dr. Ana Ruiz")
// into kin.Name parts: a leading title other than Mrs is the Prefix, a quoted word the
// Nickname, a generational suffix the Suffix, the last word with its
// lower-case particles the surname, the rest the given names. A one-word
// name is a given name: surnames are never invented.
func splitLLMName(s string) kin.Name {
	var n kin.Name
	var words []string
	inParen := false
	for _, w := range strings.Fields(s) {
		switch {
		case inParen || strings.HasPrefix(w, "("):
			inParen = !strings.HasSuffix(w, ")")
			continue // "(Bos)": the model was told to leave these out
		case len(w) > 2 && strings.ContainsAny(w[:1], `"“'‘`) && strings.ContainsAny(w[len(w)-1:], `"”'’`) || strings.HasPrefix(w, "“") && (strings.HasSuffix(w, "”") || strings.HasSuffix(w, `"`)):
			if n.Nickname() == "" {
				n.SetNickname(strings.Trim(w, `"“”'‘’`))
			}
			continue
		}
		words = append(words, strings.TrimSuffix(w, ","))
	}
	if len(words) > 1 {
		// "Mrs James Whitcombe" names a wife by her husband's name: the
		// title is all that tells the two apart, so it stays in the name.
		if t := strings.ToLower(words[0]); t != "mrs" && t != "mrs." && titles()[t] != 0 {
			n.SetPrefix(words[0])
			words = words[1:]
		}
	}
	if len(words) > 1 {
		if sfx, ok := suffixes()[strings.ToLower(words[len(words)-1])]; ok {
			n.SetSuffix(sfx)
			words = words[:len(words)-1]
		}
	}
	if len(words) == 1 {
		n.Given = words[0]
		return n
	}
	if len(words) == 0 {
		n.Given = strings.TrimSpace(s)
		return n
	}
	k := len(words) - 1
	for k > 1 && particles()[strings.ToLower(words[k-1])] && words[k-1] == strings.ToLower(words[k-1]) {
		k--
	}
	n.Given = strings.Join(words[:k], " ")
	n.SetSurnamePrefix(strings.Join(words[k:len(words)-1], " "))
	n.Surname = words[len(words)-1]
	return n
}
