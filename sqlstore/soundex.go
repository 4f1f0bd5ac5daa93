package sqlstore

import (
	"strings"
	"sync"
	"unicode"
)

// fold maps Latin letters with diacritics to their base letters; it is
// built on first use, not at every command's start.
var fold = sync.OnceValue(func() map[rune]string {
	return map[rune]string{
		'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
		'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ĉ': "c", 'ċ': "c", 'ď': "d", 'đ': "d", 'ð': "d",
		'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
		'ğ': "g", 'ĝ': "g", 'ġ': "g", 'ģ': "g", 'ĥ': "h", 'ħ': "h",
		'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i", 'ĵ': "j", 'ķ': "k",
		'ł': "l", 'ľ': "l", 'ĺ': "l", 'ļ': "l", 'ñ': "n", 'ń': "n", 'ň': "n", 'ņ': "n",
		'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
		'ŕ': "r", 'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ș': "s", 'ß': "ss", 'ť': "t", 'ţ': "t", 'ț': "t", 'þ': "th",
		'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
		'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
	}
})

// Fold returns s in lower case with Latin diacritics removed and anything
// but letters, digits and apostrophes dropped, the form names are indexed
// and searched in: "Woźniak" → "wozniak".
func Fold(s string) string {
	var b strings.Builder
	fold := fold()
	for _, r := range strings.ToLower(s) {
		if f, ok := fold[r]; ok {
			b.WriteString(f)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Soundex returns the American Soundex code of a word ("Robert" → "R163"),
// after folding it; words without Latin letters have the empty code.
func Soundex(word string) string {
	code := func(r rune) byte {
		switch r {
		case 'b', 'f', 'p', 'v':
			return '1'
		case 'c', 'g', 'j', 'k', 'q', 's', 'x', 'z':
			return '2'
		case 'd', 't':
			return '3'
		case 'l':
			return '4'
		case 'm', 'n':
			return '5'
		case 'r':
			return '6'
		case 'h', 'w':
			return 'h' // does not separate equal codes
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return 'v' // separates equal codes
		}
		return 0
	}
	var out []byte
	var last byte
	for _, r := range Fold(word) {
		if r < 'a' || r > 'z' {
			continue
		}
		c := code(r)
		if len(out) == 0 {
			out = append(out, byte(unicode.ToUpper(r)))
			last = c
			continue
		}
		switch c {
		case 'h':
			continue
		case 'v':
			last = 0
			continue
		}
		if c != last {
			out = append(out, c)
			if len(out) == 4 {
				break
			}
		}
		last = c
	}
	if len(out) == 0 {
		return ""
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out[:4])
}
