package ingest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tWord  tokKind = iota // letters, with inner apostrophes, hyphens and dots (U.S.)
	tNum                  // digits, with inner commas, dots or a leading $
	tPunct                // any other single character
)

// token is one word, number or punctuation mark of a sentence, with its
// byte offsets in the article text.
type token struct {
	text       string
	low        string // lower case, curly quotes and dashes normalised
	start, end int
	kind       tokKind
}

func (t token) isCap() bool {
	if t.kind != tWord {
		return false
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

// sentence is one sentence of the article: its span and its tokens.
type sentence struct {
	start, end int
	text       string
	toks       []token
}

// maxSentenceTokens bounds the tokens per sentence; longer runs (lists,
// garbage without punctuation) are cut into several sentences.
const maxSentenceTokens = 400

// tokenize splits text[start:end] into tokens.
func tokenize(text string, start, end int) []token {
	var toks []token
	i := start
	for i < end {
		r, n := utf8.DecodeRuneInString(text[i:end])
		switch {
		case unicode.IsSpace(r):
			i += n
		case unicode.IsLetter(r):
			j := i + n
			for j < end {
				r2, n2 := utf8.DecodeRuneInString(text[j:end])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || unicode.Is(unicode.Mn, r2) {
					j += n2
					continue
				}
				// inner apostrophe, hyphen or dot followed by a letter
				if (r2 == '\'' || r2 == '’' || r2 == '-' || r2 == '.') && j+n2 < end {
					r3, _ := utf8.DecodeRuneInString(text[j+n2 : end])
					if unicode.IsLetter(r3) {
						// split the possessive 's off
						if (r2 == '\'' || r2 == '’') && (r3 == 's' || r3 == 'S') {
							k := j + n2 + 1
							if k >= end {
								break
							}
							r4, _ := utf8.DecodeRuneInString(text[k:end])
							if !unicode.IsLetter(r4) {
								break
							}
						}
						j += n2
						continue
					}
				}
				break
			}
			// an abbreviation's or initial's final dot: "U.S.", "Jr.", "J."
			w := text[i:j]
			if j < end && text[j] == '.' && (strings.Contains(w, ".") || abbrevs()[strings.ToLower(w)] || (utf8.RuneCountInString(w) == 1 && unicode.IsUpper(r))) {
				j++
			}
			toks = append(toks, mkTok(text, i, j, tWord))
			i = j
		case unicode.IsDigit(r) || (r == '$' && i+1 < end && text[i+1] >= '0' && text[i+1] <= '9'):
			j := i + n
			for j < end {
				c := text[j]
				if c >= '0' && c <= '9' {
					j++
					continue
				}
				if (c == ',' || c == '.') && j+1 < end && text[j+1] >= '0' && text[j+1] <= '9' {
					j++
					continue
				}
				break
			}
			// "1990s", "20th", "45-year-old" stay apart from the number
			toks = append(toks, mkTok(text, i, j, tNum))
			i = j
		default:
			// possessive 's after a word or closing quote
			if (r == '\'' || r == '’') && len(toks) > 0 && toks[len(toks)-1].end == i && i+n < end && (text[i+n] == 's' || text[i+n] == 'S') {
				k := i + n + 1
				if k >= end || !isLetterAt(text, k, end) {
					toks = append(toks, mkTok(text, i, k, tWord))
					i = k
					continue
				}
			}
			// '80s
			if (r == '\'' || r == '’') && i+n+1 < end && text[i+n] >= '0' && text[i+n] <= '9' {
				i += n
				continue
			}
			toks = append(toks, mkTok(text, i, i+n, tPunct))
			i += n
		}
	}
	return toks
}

func isLetterAt(text string, i, end int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:end])
	return unicode.IsLetter(r)
}

var lowReplacer = sync.OnceValue(func() *strings.Replacer {
	return strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "—", "-", "–", "-")
})

func mkTok(text string, i, j int, k tokKind) token {
	s := text[i:j]
	low := lowReplacer().Replace(strings.ToLower(s))
	if low == "'s" {
		low = "'s"
	}
	return token{text: s, low: low, start: i, end: j, kind: k}
}

// abbrevs are words whose following dot does not end a sentence by itself.
var abbrevs = lazyWordSet(`mr mrs ms mx dr prof rev st jr sr gen col capt lt sgt mt ft gov sen rep
	jan feb mar apr jun jul aug sep sept oct nov dec inc co corp ltd vs no approx est dept univ
	md pa va wash calif fla ill mass mich minn ariz conn tenn`)

// titleAbbrevs never end a sentence: a name follows.
var titleAbbrevs = lazyWordSet(`mr. mrs. ms. mx. dr. prof. rev. st. gen. col. capt. lt. sgt. gov. sen. rep.`)

// sentenceStarters are words that begin a new sentence after an
// abbreviation's dot ("... of Edison, N.J. Her father ...").
var sentenceStarters = lazyWordSet(`the he she it they his her their its we i our my a an this that these
	those there in on at but and so then after before when while however`)

// splitSentences splits text into sentences. A sentence ends at . ! or ?
// (and any closing quotes or brackets) followed by a space, unless the dot
// belongs to a title, an initial or an abbreviation followed by something
// that does not start a sentence; a line break that ends a line without
// punctuation (a headline) or a blank line also ends a sentence.
func splitSentences(text string) []sentence {
	toks := tokenize(text, 0, len(text))
	var out []sentence
	begin := 0
	flush := func(to int) {
		if to <= begin {
			return
		}
		ts := toks[begin:to]
		for len(ts) > 0 {
			n := len(ts)
			if n > maxSentenceTokens {
				n = maxSentenceTokens
			}
			part := ts[:n]
			s := sentence{start: part[0].start, end: part[len(part)-1].end, toks: part}
			s.text = text[s.start:s.end]
			out = append(out, s)
			ts = ts[n:]
		}
		begin = to
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		// a line break between this token and the next
		if i+1 < len(toks) {
			gap := text[t.end:toks[i+1].start]
			if nl := strings.Count(gap, "\n"); nl >= 2 || (nl == 1 && !continuesLine(toks, i)) {
				flush(i + 1)
				continue
			}
		}
		end := false
		switch {
		case t.kind == tPunct && (t.low == "." || t.low == "!" || t.low == "?"):
			end = true
		case t.kind == tWord && strings.HasSuffix(t.low, "."):
			if titleAbbrevs()[t.low] {
				break
			}
			if i+1 < len(toks) && toks[i+1].isCap() && sentenceStarters()[toks[i+1].low] {
				end = true
			}
			if i+1 < len(toks) && toks[i+1].kind == tPunct && (toks[i+1].low == `"` || toks[i+1].low == "'") && i+2 < len(toks) && toks[i+2].isCap() {
				end = true
			}
		}
		if !end {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].kind == tPunct && strings.ContainsAny(toks[j].low, `"')]`) && toks[j].start == toks[j-1].end {
			j++
		}
		if j < len(toks) {
			nx := toks[j]
			if nx.kind == tWord && !nx.isCap() && t.kind == tWord {
				continue // "p.m. on Friday"
			}
		}
		flush(j)
		i = j - 1
	}
	flush(len(toks))
	return out
}

// continuesLine reports whether a single line break after toks[i] is just
// wrapping (the line ends mid-sentence) rather than a headline's end.
func continuesLine(toks []token, i int) bool {
	t := toks[i]
	if t.kind == tPunct && strings.ContainsAny(t.low, ".!?:;") {
		return false
	}
	next := toks[i+1]
	// a wrapped line ends with a comma or a lower-case word, or the next
	// line starts in lower case
	if t.kind == tPunct && t.low == "," {
		return true
	}
	return !next.isCap() && next.kind == tWord
}
