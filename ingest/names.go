package ingest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// nameParts is a personal name as the text writes it.
type nameParts struct {
	title    string
	given    []string // given names, and initials
	surname  []string // surname with its particles; may be empty
	suffix   string   // Jr., Sr., III
	nick     string   // quoted nickname: Harold Eugene "Gene" Vandermeer
	paren    string   // a parenthesised name: maiden name or spouse's given name
	nee      string   // a maiden name given with née: "(née Collins)"
	titleSex byte
}

// full returns the name without title, nickname or parentheses.
func (n nameParts) full() string {
	parts := append(append([]string{}, n.given...), n.surname...)
	if n.suffix != "" {
		parts = append(parts, n.suffix)
	}
	return strings.Join(parts, " ")
}

func (n nameParts) first() string {
	if len(n.given) > 0 {
		return n.given[0]
	}
	if len(n.surname) > 0 {
		return n.surname[0]
	}
	return ""
}

func (n nameParts) last() string {
	if len(n.surname) > 0 {
		return n.surname[len(n.surname)-1]
	}
	return ""
}

func (n nameParts) tokens() int { return len(n.given) + len(n.surname) }

// mention is a personal name found in a sentence: tokens [i, j).
type mention struct {
	i, j int
	name nameParts
	ent  *entity
	// also is the wife in "Mr and Mrs James Whitcombe"; ent is the husband.
	also *entity
	// couple marks such a mention.
	couple bool
	// weak marks a one-word name at the start of a sentence, which may be
	// an ordinary capitalised word ("Tickets go on sale").
	weak bool
}

// isNameWord reports whether t can be part of a personal name.
func isNameWord(t token) bool {
	if !t.isCap() || notNameWords()[t.low] || orgWords()[t.low] || capAdjectives()[t.low] {
		return false
	}
	for _, suf := range []string{"-year-old", "-born", "-based", "-raised", "-bred", "-educated", "-trained", "-winning", "-nominated", "-era", "-style"} {
		if strings.HasSuffix(t.low, suf) {
			return false
		}
	}
	if strings.HasSuffix(t.low, ".") && utf8.RuneCountInString(t.text) > 2 && !strings.Contains(t.low[:len(t.low)-1], ".") {
		// an abbreviation like "Md." or "Oct." is not a name, but "J." is
		if _, ok := suffixes()[t.low]; !ok {
			return false
		}
	}
	if strings.Count(t.text, ".") > 1 {
		return false // N.J., U.S.
	}
	// all-capital words of three letters or more are acronyms (NFL, NYU)
	if utf8.RuneCountInString(t.text) >= 3 && strings.ToUpper(t.text) == t.text {
		if _, ok := suffixes()[t.low]; !ok {
			return false
		}
	}
	return true
}

// particleRun reports whether the particles at toks[j] ("van der") lead
// to a name word.
func particleRun(toks []token, j int) bool {
	for j < len(toks) && particles()[toks[j].low] && toks[j].kind == tWord {
		j++
	}
	return j < len(toks) && isNameWord(toks[j])
}

func isInitial(t token) bool {
	if t.kind != tWord || !strings.HasSuffix(t.text, ".") {
		return false
	}
	r, n := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r) && n+1 == len(t.text)
}

// findNames finds the personal names in toks.
func findNames(toks []token) []*mention {
	var out []*mention
	for i := 0; i < len(toks); {
		m := nameAt(toks, i)
		if m == nil {
			i++
			continue
		}
		out = append(out, m)
		i = m.j
	}
	return out
}

// nameAt recognises a personal name starting at toks[i], or returns nil.
func nameAt(toks []token, i int) *mention {
	if m := headingName(toks, i); m != nil {
		return m
	}
	start := i
	var np nameParts
	// titles: "The Rev.", "Principal", "Dr."
	if toks[i].low == "the" && i+1 < len(toks) {
		if _, ok := titles()[toks[i+1].low]; ok && toks[i+1].isCap() && i+2 < len(toks) && isNameWord(toks[i+2]) {
			i++
		}
	}
	if sx, ok := titles()[toks[i].low]; ok && toks[i].isCap() && i+1 < len(toks) && (isNameWord(toks[i+1]) || isInitial(toks[i+1])) {
		// "Sister" and "Brother" are titles only before a name that is not
		// an apposition ("her sister, Marnie" is not a title).
		np.title = toks[i].text
		np.titleSex = sx
		i++
	} else if np.title == "" {
		start = i
	}
	var words []token
	j := i
	for j < len(toks) {
		t := toks[j]
		switch {
		case isInitial(t):
			words = append(words, t)
			j++
			continue
		case monthWords()[t.low] && t.isCap() && j+1 < len(toks) && (isNameWord(toks[j+1]) || toks[j+1].low == "'s") && len(words) == 0:
			// "August Kessler", "August's son"
			words = append(words, t)
			j++
			continue
		case isNameWord(t):
			if monthWords()[t.low] && (j+1 >= len(toks) || !isNameWord(toks[j+1]) && toks[j+1].low != "'s") {
				break
			}
			if monthWords()[t.low] && len(words) > 0 {
				break
			}
			if _, ok := suffixes()[t.low]; ok && len(words) > 0 {
				break
			}
			words = append(words, t)
			j++
			continue
		case t.kind == tWord && particles()[t.low] && len(words) > 0 && particleRun(toks, j):
			words = append(words, t)
			j++
			continue
		case len(words) > 0 && t.kind == tPunct && (t.low == `"` || t.low == "'") && np.nick == "":
			// a quoted nickname between name words: Harold "Gene" Vandermeer
			k := j + 1
			for k < len(toks) && k < j+5 && toks[k].isCap() {
				k++
			}
			if k > j+1 && k < len(toks) && toks[k].low == t.low && k+1 < len(toks) && isNameWord(toks[k+1]) {
				np.nick = joinToks(toks[j+1 : k])
				j = k + 1
				continue
			}
		case len(words) > 0 && t.low == "(" && np.paren == "":
			// a parenthesised name between name words: Grace (Bos) Vandermeer
			k := j + 1
			for k < len(toks) && k < j+5 && (isNameWord(toks[k]) || particles()[toks[k].low] || toks[k].low == "née" || toks[k].low == "nee") {
				k++
			}
			if k > j+1 && k < len(toks) && toks[k].low == ")" && k+1 < len(toks) && isNameWord(toks[k+1]) {
				np.paren = joinToks(toks[j+1 : k])
				j = k + 1
				continue
			}
		}
		break
	}
	// "the Duke", "the Dowager Duchess": a title without a name
	allTitles := true
	for _, w := range words {
		_, ok := titles()[w.low]
		allTitles = allTitles && (ok || nobility()[w.low])
	}
	if allTitles && np.title == "" {
		return nil
	}
	// "Chef Élodie Moreau" at a sentence start: a role, not a given name
	if len(words) >= 2 && np.title == "" {
		if _, ok := occupations()[words[0].low]; ok {
			words = words[1:]
			start = i + 1
		}
	}
	if len(words) == 0 {
		return nil
	}
	// generational suffix, with or without a comma: "Walter Kessler Sr.", "John Smith, Jr."
	if j < len(toks) {
		if s, ok := suffixes()[toks[j].low]; ok && (toks[j].isCap() || toks[j].low == "jr." || toks[j].low == "sr.") {
			np.suffix = s
			j++
		} else if toks[j].low == "," && j+1 < len(toks) {
			if s, ok := suffixes()[toks[j+1].low]; ok && strings.HasSuffix(toks[j+1].low, ".") {
				np.suffix = s
				j += 2
			}
		}
	}
	if n, k := neeAt(toks, j); n != "" {
		np.nee = n
		j = k
	}
	// A one-word name cut off by a nickname or parenthesis is not one.
	var ws []string
	for _, w := range words {
		ws = append(ws, w.text)
	}
	// Split given names from the surname: the surname is the last word with
	// any particles before it; a single word is a given name.
	if len(ws) == 1 {
		np.given = ws
	} else {
		k := len(ws) - 1
		for k-1 > 0 && particles()[strings.ToLower(ws[k-1])] {
			k--
		}
		np.given = ws[:k]
		np.surname = ws[k:]
	}
	m := &mention{i: start, j: j, name: np}
	if len(ws) == 1 && np.title == "" && np.nick == "" && np.suffix == "" && start == 0 {
		m.weak = true
	}
	return m
}

// headingName reads a notice heading, "HARTLEY, Margaret Anne (née
// Collins)": a surname in capitals, a comma and the given names.
func headingName(toks []token, i int) *mention {
	t := toks[i]
	if t.kind != tWord || utf8.RuneCountInString(t.text) < 2 || strings.ToUpper(t.text) != t.text || strings.ToLower(t.text) == t.text {
		return nil
	}
	if i > 0 && toks[i-1].kind == tWord || i+2 >= len(toks) || toks[i+1].low != "," || !isNameWord(toks[i+2]) {
		return nil
	}
	var np nameParts
	j := i + 2
	for j < len(toks) && isNameWord(toks[j]) && strings.ToUpper(toks[j].text) != toks[j].text {
		np.given = append(np.given, toks[j].text)
		j++
	}
	r, n := utf8.DecodeRuneInString(t.text)
	np.surname = []string{string(r) + strings.ToLower(t.text[n:])}
	if n, k := neeAt(toks, j); n != "" {
		np.nee = n
		j = k
	}
	return &mention{i: i, j: j, name: np}
}

// neeAt reads "(née Collins)" or "née Collins" at j.
func neeAt(toks []token, j int) (string, int) {
	k := j
	if k < len(toks) && toks[k].low == "(" {
		k++
	}
	if k+1 >= len(toks) || (toks[k].low != "née" && toks[k].low != "nee") || !isNameWord(toks[k+1]) {
		return "", j
	}
	name := toks[k+1].text
	k += 2
	if j < len(toks) && toks[j].low == "(" {
		if k >= len(toks) || toks[k].low != ")" {
			return "", j
		}
		k++
	}
	return name, k
}

func joinToks(ts []token) string {
	var b strings.Builder
	for k, t := range ts {
		if k > 0 && t.start > ts[k-1].end {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}

// fold lower-cases s and removes common diacritics, for comparing names.
func fold(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if rep, ok := foldMap()[r]; ok {
			b.WriteString(rep)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

var foldMap = sync.OnceValue(func() map[rune]string {
	m := map[rune]string{}
	groups := map[string]string{
		"a": "àáâãäåāăą", "c": "çćč", "e": "èéêëēėęě", "i": "ìíîïīį", "n": "ñńň", "o": "òóôõöøōő",
		"u": "ùúûüūůű", "y": "ýÿ", "s": "śšş", "z": "źżž", "l": "ł", "d": "đ", "r": "ř", "g": "ğ", "t": "ť",
	}
	for base, chars := range groups {
		for _, r := range chars {
			m[r] = base
		}
	}
	m['ß'] = "ss"
	return m
})
