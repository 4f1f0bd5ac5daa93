package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxArticleBytes is the largest article ParseArticle accepts. News articles
// are a few kilobytes; the limit keeps memory bounded on bad input.
const MaxArticleBytes = 1 << 20

// Sentinel errors returned (wrapped, with the article name) by ParseArticle.
var (
	ErrNoDate     = errors.New(`no "date YYYY-MM-DD" line; pass --date`)
	ErrBadDate    = errors.New("bad date")
	ErrEmpty      = errors.New("article is empty")
	ErrTooLarge   = fmt.Errorf("article is larger than %d bytes", MaxArticleBytes)
	ErrBinary     = errors.New("article is not text (binary data or invalid UTF-8)")
	ErrNotEnglish = errors.New("article does not look like English text")
)

// Article is one dated news article.
type Article struct {
	// Name identifies the article in errors, usually its file name.
	Name string
	// Date is the publication date, against which relative phrases such as
	// "last year" and "now 17" are resolved.
	Date time.Time
	// Title and URL describe the article when known; Title defaults to the
	// first sentence when the article is turned into a kin.Source.
	Title, URL string
	// Text is the article body, verbatim after the date line's "date
	// YYYY-MM-DD" prefix. Citation spans are byte offsets into Text.
	Text string
}

// ParseArticle reads an article from r. The first non-blank line must start
// with "date YYYY-MM-DD"; text after the date on that line belongs to the
// article. Without such a line, fallbackDate (YYYY-MM-DD) is used; when that
// is empty too, ParseArticle returns an error wrapping ErrNoDate. Empty,
// binary, oversized and non-English input is refused with a clear error.
func ParseArticle(name string, r io.Reader, fallbackDate string) (*Article, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxArticleBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: read: %w", name, err)
	}
	if len(b) > MaxArticleBytes {
		return nil, fmt.Errorf("%s: %w", name, ErrTooLarge)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return nil, fmt.Errorf("%s: %w", name, ErrBinary)
	}
	text := string(b)
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	a := &Article{Name: name}
	body, d, line, ok, derr := splitDateLine(text)
	if derr != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, line, derr)
	}
	if ok {
		a.Date = d
	} else {
		if fallbackDate == "" {
			return nil, fmt.Errorf("%s: %w", name, ErrNoDate)
		}
		t, err := parsePublished(strings.TrimSpace(fallbackDate))
		if err != nil {
			return nil, fmt.Errorf("%s: --date %q: %w: want YYYY-MM-DD", name, fallbackDate, ErrBadDate)
		}
		a.Date = t
	}
	a.Text = body
	if strings.TrimSpace(a.Text) == "" {
		return nil, fmt.Errorf("%s: %w", name, ErrEmpty)
	}
	if !looksEnglish(a.Text) {
		return nil, fmt.Errorf("%s: %w", name, ErrNotEnglish)
	}
	return a, nil
}

// parsePublished parses a publication date, YYYY-MM-DD. Year 1 is refused:
// 0001-01-01 is Go's zero time, which kin reads as "no date", and no
// article was published then.
func parsePublished(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", s)
	if err == nil && t.Year() < 2 {
		err = fmt.Errorf("year %d is not a publication year", t.Year())
	}
	return t, err
}

// splitDateLine finds a leading "date YYYY-MM-DD" and returns the text after
// it. ok is false when the first non-blank line does not start with "date".
// A "date" word followed by something that is not a valid date is an error,
// reported with its line number.
func splitDateLine(text string) (body string, d time.Time, line int, ok bool, err error) {
	line = 1
	i := 0
	for i < len(text) {
		c := text[i]
		if c == '\n' {
			line++
		} else if c != ' ' && c != '\t' && c != '\r' {
			break
		}
		i++
	}
	rest := text[i:]
	if len(rest) < 4 || !strings.EqualFold(rest[:4], "date") || (len(rest) > 4 && rest[4] != ' ' && rest[4] != '\t' && rest[4] != ':') {
		return text, time.Time{}, line, false, nil
	}
	j := 4
	for j < len(rest) && (rest[j] == ' ' || rest[j] == '\t' || rest[j] == ':') {
		j++
	}
	k := j
	for k < len(rest) && rest[k] != ' ' && rest[k] != '\t' && rest[k] != '\n' && rest[k] != '\r' {
		k++
	}
	t, perr := parsePublished(rest[j:k])
	if perr != nil {
		return "", time.Time{}, line, false, fmt.Errorf("%w %q after \"date\": want YYYY-MM-DD", ErrBadDate, rest[j:k])
	}
	body = rest[k:]
	// Drop the rest of the date line when it is blank, so the body starts
	// with the article's first real line.
	if nl := strings.IndexByte(body, '\n'); nl >= 0 && strings.TrimSpace(body[:nl]) == "" {
		body = body[nl+1:]
	} else {
		body = strings.TrimLeft(body, " \t")
	}
	return body, t, line, true, nil
}

// looksEnglish reports whether text has letters and enough common English
// function words to be worth reading with an English grammar.
func looksEnglish(text string) bool {
	letters, words, common := 0, 0, 0
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		words++
		letters += len(w)
		if englishFunctionWords()[strings.ToLower(w)] {
			common++
		}
		if words >= 2000 {
			break
		}
	}
	if words == 0 {
		return false
	}
	if words < 12 {
		return true // too short to judge
	}
	return common*100 >= words*12 // English prose has 30-50% function words
}

var englishFunctionWords = lazyWordSet(`the a an and or but of in on at to for with from by is was are were
	be been has have had he she it they his her their its this that who which as not`)

// wordSet returns the set of the words of s.
func wordSet(s string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// lazyWordSet returns an accessor for wordSet(s) that builds the set on its
// first call. The grammar's word lists are read through such accessors so
// that a process that never reads an article (kin find, kin person) does
// not build them when it starts.
func lazyWordSet(s string) func() map[string]bool {
	return sync.OnceValue(func() map[string]bool { return wordSet(s) })
}
