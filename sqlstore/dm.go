package sqlstore

import (
	"slices"
	"strings"
	"sync"
)

// dmRule is one row of the Daitch–Mokotoff coding table: a letter group
// and its codes at the start of a name, before a vowel (a, e, i, o, u) and
// elsewhere. A column with two codes branches the coding; an empty code
// means the group is not coded in that position.
type dmRule struct {
	pat                 string
	start, vowel, other []string
}

// dmTable is the Daitch–Mokotoff table as published by Gary Mokotoff
// (Avotaynu, 1985; JewishGen's "Soundexing and Genealogy"), with the
// Polish ą, ę and Romanian ţ, ț rows that Apache Commons Codec adds.
// Rows are grouped by first letter, the longest group first, since the
// coding always takes the longest group that matches. It is built on first
// use, so that a process that codes no name does not build it at start.
var dmTable = sync.OnceValue(func() map[rune][]dmRule { return buildDMTable(dmRows) })

// dmRows are the rows of dmTable as text.
var dmRows = []string{
	// group start before-vowel other; "|" separates alternatives
	"a 0 - -", "ai 0 1 -", "aj 0 1 -", "ay 0 1 -", "au 0 7 -",
	"ą - - 6|-", "b 7 7 7",
	"c 5|4 5|4 5|4", "ch 5|4 5|4 5|4", "chs 5 54 54", "ck 5|45 5|45 5|45",
	"cz 4 4 4", "cs 4 4 4", "csz 4 4 4", "czs 4 4 4",
	"d 3 3 3", "dt 3 3 3", "drz 4 4 4", "drs 4 4 4", "ds 4 4 4", "dsh 4 4 4", "dsz 4 4 4",
	"dz 4 4 4", "dzh 4 4 4", "dzs 4 4 4",
	"e 0 - -", "ei 0 1 -", "ej 0 1 -", "ey 0 1 -", "eu 1 1 -", "ę - - 6|-",
	"f 7 7 7", "fb 7 7 7", "g 5 5 5", "h 5 5 -",
	"i 0 - -", "ia 1 - -", "ie 1 - -", "io 1 - -", "iu 1 - -",
	"j 1|4 -|4 -|4", "k 5 5 5", "kh 5 5 5", "ks 5 54 54", "l 8 8 8",
	"m 6 6 6", "mn 66 66 66", "n 6 6 6", "nm 66 66 66",
	"o 0 - -", "oi 0 1 -", "oj 0 1 -", "oy 0 1 -",
	"p 7 7 7", "pf 7 7 7", "ph 7 7 7", "q 5 5 5",
	"r 9 9 9", "rz 94|4 94|4 94|4", "rs 94|4 94|4 94|4",
	"s 4 4 4", "sc 2 4 4", "sch 4 4 4", "schd 2 43 43", "scht 2 43 43",
	"schtch 2 4 4", "schtsch 2 4 4", "schtsh 2 4 4", "sd 2 43 43",
	"sh 4 4 4", "shch 2 4 4", "shd 2 43 43", "sht 2 43 43", "shtch 2 4 4", "shtsh 2 4 4",
	"st 2 43 43", "stch 2 4 4", "strs 2 4 4", "strz 2 4 4", "stsch 2 4 4", "stsh 2 4 4",
	"sz 4 4 4", "szcs 2 4 4", "szcz 2 4 4", "szd 2 43 43", "szt 2 43 43",
	"t 3 3 3", "tc 4 4 4", "tch 4 4 4", "th 3 3 3", "trs 4 4 4", "trz 4 4 4",
	"ts 4 4 4", "tsch 4 4 4", "tsh 4 4 4", "tsz 4 4 4", "ttch 4 4 4", "tts 4 4 4",
	"ttsch 4 4 4", "ttsz 4 4 4", "ttz 4 4 4", "tz 4 4 4", "tzs 4 4 4",
	"ţ 3|4 3|4 3|4", "ț 3|4 3|4 3|4",
	"u 0 - -", "ue 0 1 -", "ui 0 1 -", "uj 0 1 -", "uy 0 1 -",
	"v 7 7 7", "w 7 7 7", "x 5 54 54", "y 1 - -",
	"z 4 4 4", "zd 2 43 43", "zdz 2 4 4", "zdzh 2 4 4", "zh 4 4 4", "zhd 2 43 43",
	"zhdzh 2 4 4", "zs 4 4 4", "zsch 4 4 4", "zsh 4 4 4",
}

func buildDMTable(rows []string) map[rune][]dmRule {
	codes := func(s string) []string {
		var out []string
		for _, c := range strings.Split(s, "|") {
			if c == "-" {
				c = ""
			}
			out = append(out, c)
		}
		return out
	}
	t := make(map[rune][]dmRule)
	for _, row := range rows {
		f := strings.Fields(row)
		r := dmRule{pat: f[0], start: codes(f[1]), vowel: codes(f[2]), other: codes(f[3])}
		first := []rune(r.pat)[0]
		t[first] = append(t[first], r)
	}
	for _, rs := range t {
		slices.SortStableFunc(rs, func(a, b dmRule) int { return len([]rune(b.pat)) - len([]rune(a.pat)) })
	}
	return t
}

// dmLetters returns word in lower case with diacritics folded, except for
// the letters the table codes on their own (ą, ę, ţ, ț), and with anything
// but letters dropped.
func dmLetters(word string) []rune {
	var out []rune
	fold := fold()
	for _, r := range strings.ToLower(word) {
		switch r {
		case 'ą', 'ę', 'ţ', 'ț':
			out = append(out, r)
			continue
		}
		if r >= 'a' && r <= 'z' {
			out = append(out, r)
			continue
		}
		for _, f := range fold[r] {
			out = append(out, f)
		}
	}
	return out
}

// DaitchMokotoff returns the Daitch–Mokotoff Soundex codes of a word:
// six digits each, more than one when a letter group of the word may be
// pronounced two ways ("Peters" → 739400 and 734000; "Moskowitz" →
// 645740). Letter groups are coded by the longest match in the table, by
// position (start of the word, before a vowel, elsewhere); a code equal
// to the one before it is written once, and MN and NM always twice.
// Diacritics are folded first; a word without Latin letters has no codes.
func DaitchMokotoff(word string) []string {
	letters := dmLetters(word)
	if len(letters) == 0 {
		return nil
	}
	type branch struct {
		code []byte
		last string
	}
	table := dmTable()
	branches := []branch{{}}
	var lastFirst rune
	for pos := 0; pos < len(letters); {
		var rule *dmRule
		for i, r := range table[letters[pos]] {
			p := []rune(r.pat)
			if pos+len(p) <= len(letters) && slices.Equal(letters[pos:pos+len(p)], p) {
				rule = &table[letters[pos]][i]
				break
			}
		}
		if rule == nil { // a letter the table does not know
			pos++
			continue
		}
		n := len([]rune(rule.pat))
		col := rule.other
		switch {
		case pos == 0:
			col = rule.start
		case pos+n < len(letters) && strings.ContainsRune("aeiou", letters[pos+n]):
			col = rule.vowel
		}
		this := letters[pos]
		force := lastFirst == 'm' && this == 'n' || lastFirst == 'n' && this == 'm'
		var next []branch
		for _, b := range branches {
			for _, c := range col {
				nb := branch{code: slices.Clone(b.code), last: c}
				if (b.last == "" || !strings.HasSuffix(b.last, c) || force) && len(nb.code) < 6 {
					nb.code = append(nb.code, c...)
					if len(nb.code) > 6 {
						nb.code = nb.code[:6]
					}
				}
				if !slices.ContainsFunc(next, func(x branch) bool { return string(x.code) == string(nb.code) && x.last == nb.last }) {
					next = append(next, nb)
				}
			}
		}
		branches = next
		lastFirst = this
		pos += n
	}
	var out []string
	for _, b := range branches {
		c := string(b.code) + strings.Repeat("0", 6-len(b.code))
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
