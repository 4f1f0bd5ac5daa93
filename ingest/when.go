package ingest

import (
	"strconv"
	"strings"
	"sync"
)

// span of years: lo == hi for one year; zero means unknown.
type years struct{ lo, hi int }

func (y years) known() bool { return y.lo != 0 }

func (y years) String() string {
	switch {
	case y.lo == 0:
		return ""
	case y.lo == y.hi:
		return strconv.Itoa(y.lo)
	}
	return strconv.Itoa(y.lo) + "/" + strconv.Itoa(y.hi)
}

func oneYear(y int) years { return years{y, y} }

var monthNum = sync.OnceValue(func() map[string]int {
	return map[string]int{
		"january": 1, "jan.": 1, "jan": 1, "february": 2, "feb.": 2, "feb": 2, "march": 3, "mar.": 3,
		"april": 4, "apr.": 4, "may": 5, "june": 6, "jun.": 6, "july": 7, "jul.": 7, "august": 8,
		"aug.": 8, "september": 9, "sept.": 9, "sep.": 9, "october": 10, "oct.": 10, "november": 11,
		"nov.": 11, "december": 12, "dec.": 12,
	}
})

var weekdays = lazyWordSet(`monday tuesday wednesday thursday friday saturday sunday`)

var numberWords = sync.OnceValue(func() map[string]int {
	return map[string]int{
		"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
		"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
		"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
		"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
		"a": 1, "an": 1, "several": 0, "a couple": 2,
	}
})

// number reads a count written in digits or words at toks[i]: "45", "two".
func number(toks []token, i int) (int, bool) {
	if i >= len(toks) {
		return 0, false
	}
	t := toks[i]
	if t.kind == tNum {
		n, err := strconv.Atoi(t.text)
		return n, err == nil
	}
	if n, ok := numberWords()[t.low]; ok && n > 0 {
		return n, true
	}
	return 0, false
}

func yearTok(t token) (int, bool) {
	if t.kind != tNum || len(t.text) != 4 {
		return 0, false
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n < 1000 || n > 2199 {
		return 0, false
	}
	return n, true
}

// when is a date found in a clause: a point or a span.
type when struct {
	start, end years
	at         int // token index where it was found
	span       bool
}

// findDate looks for a date expression in toks[from:to], nearest to from
// first when forward is true, else nearest to to. prev is the year a
// relative phrase like "two years later" counts from.
func (d *doc) findDate(toks []token, from, to int, forward bool, prev int) (when, bool) {
	if from < 0 {
		from = 0
	}
	if to > len(toks) {
		to = len(toks)
	}
	var found []when
	for i := from; i < to; i++ {
		if w, n, ok := d.dateAt(toks, i, prev); ok {
			found = append(found, w)
			if w.start.known() {
				prev = w.start.hi
			}
			i += n - 1
		}
	}
	if len(found) == 0 {
		return when{}, false
	}
	if forward {
		return found[0], true
	}
	return found[len(found)-1], true
}

// dateAt reads a date expression starting at toks[i] and returns it with
// the number of tokens it spans.
func (d *doc) dateAt(toks []token, i int, prev int) (when, int, bool) {
	t := toks[i]
	ay, am := d.year, d.month
	at := func(n int) string {
		if i+n < len(toks) {
			return toks[i+n].low
		}
		return ""
	}
	// from 1993 to 2002; between 1993 and 2002
	if (t.low == "from" || t.low == "between") && i+3 < len(toks) {
		if y1, ok := yearTok(toks[i+1]); ok && (at(2) == "to" || at(2) == "and" || at(2) == "until" || at(2) == "-") {
			if y2, ok := yearTok(toks[i+3]); ok {
				return when{start: oneYear(y1), end: oneYear(y2), at: i, span: true}, 4, true
			}
		}
	}
	if y, ok := yearTok(t); ok {
		if at(1) == "-" && i+2 < len(toks) {
			if y2, ok := yearTok(toks[i+2]); ok && y2 > y {
				return when{start: oneYear(y), end: oneYear(y2), at: i, span: true}, 3, true
			}
		}
		if at(1) == "'s" {
			return when{}, 0, false // "1994's The Getaway" names a work
		}
		if i+1 < len(toks) && toks[i+1].start == t.end && toks[i+1].low == "s" {
			return when{}, 0, false // "the 1980s"
		}
		if i > 0 && (toks[i-1].low == "of" && i > 1 && toks[i-2].low == "class" || toks[i-1].low == "$") {
			return when{}, 0, false
		}
		return when{start: oneYear(y), at: i}, 1, true
	}
	// 14 February 2023; 3 March
	if t.kind == tNum && len(t.text) <= 2 && i+1 < len(toks) && toks[i+1].isCap() && monthNum()[toks[i+1].low] > 0 {
		if y, ok := yearTok(at1(toks, i+2)); ok {
			return when{start: oneYear(y), at: i}, 3, true
		}
		m := monthNum()[toks[i+1].low]
		day, _ := strconv.Atoi(t.text)
		y := ay
		if m > am || (m == am && day > d.day) {
			y--
		}
		return when{start: oneYear(y), at: i}, 2, true
	}
	// Oct. 12 [, 2024]; October 2023; in October
	if m, ok := monthNum()[t.low]; ok && (t.isCap()) {
		n := 1
		if i+1 < len(toks) && toks[i+1].kind == tNum && len(toks[i+1].text) <= 2 {
			n = 2
			day, _ := strconv.Atoi(toks[i+1].text)
			if i+3 < len(toks) && toks[i+2].low == "," {
				if y, ok := yearTok(toks[i+3]); ok {
					return when{start: oneYear(y), at: i}, 4, true
				}
			}
			if y, ok := yearTok(at1(toks, i+2)); ok {
				return when{start: oneYear(y), at: i}, 3, true
			}
			y := ay
			if m > am || (m == am && day > d.day) {
				y-- // a day later in the year than the article: last year
			}
			return when{start: oneYear(y), at: i}, n, true
		}
		if y, ok := yearTok(at1(toks, i+1)); ok {
			return when{start: oneYear(y), at: i}, 2, true
		}
		if m == 5 && !(i > 0 && (toks[i-1].low == "in" || toks[i-1].low == "since" || toks[i-1].low == "last")) {
			return when{}, 0, false // "may" the verb
		}
		if i > 0 && (toks[i-1].low == "in" || toks[i-1].low == "since" || toks[i-1].low == "last") {
			y := ay
			if m > am {
				y--
			}
			return when{start: oneYear(y), at: i}, 1, true
		}
		return when{}, 0, false
	}
	switch t.low {
	case "last", "this", "next":
		if at(1) == "month" || at(1) == "week" {
			y := ay
			if t.low == "last" && am == 1 && (at(1) == "month" || d.day < 7) {
				y--
			} else if t.low == "next" && am == 12 && at(1) == "month" {
				y++
			}
			return when{start: oneYear(y), at: i}, 2, true
		}
		if t.low == "last" && (at(1) == "summer" || at(1) == "spring" || at(1) == "fall" || at(1) == "autumn" || at(1) == "winter") {
			y := ay - 1
			if am >= 9 && at(1) != "fall" && at(1) != "autumn" {
				y = ay
			}
			return when{start: oneYear(y), at: i}, 2, true
		}
		if t.low == "last" && weekdays()[at(1)] {
			y := ay
			if am == 1 && d.day < 7 {
				y = ay - 1
			}
			return when{start: oneYear(y), at: i}, 2, true
		}
		if at(1) == "year" {
			y := ay
			if t.low == "last" {
				y--
			} else if t.low == "next" {
				y++
			}
			return when{start: oneYear(y), at: i}, 2, true
		}
	case "since", "in":
		if at(1) == "last" && (at(2) == "summer" || at(2) == "spring" || at(2) == "fall" || at(2) == "autumn" || at(2) == "winter") {
			y := ay - 1
			if am >= 9 && at(2) != "fall" && at(2) != "autumn" {
				y = ay
			}
			return when{start: oneYear(y), at: i}, 3, true
		}
	case "over", "during":
		if at(1) == "the" && at(2) == "holidays" {
			y := ay
			if am <= 2 {
				y--
			}
			return when{start: oneYear(y), at: i}, 3, true
		}
	case "on":
		if weekdays()[at(1)] {
			// "on Saturday": within the week before the article
			y := ay
			if am == 1 && d.day < 7 {
				y = ay - 1
			}
			return when{start: oneYear(y), at: i}, 2, true
		}
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		if i > 0 && (toks[i-1].low == "died" || toks[i-1].low == "born" || toks[i-1].low == "married" || toks[i-1].low == "wed") {
			y := ay
			if am == 1 && d.day < 7 {
				y = ay - 1
			}
			return when{start: oneYear(y), at: i}, 1, true
		}
	case "recently", "now", "today":
		// present: no year of its own
	}
	// N years later / N years ago / two decades ago
	if n, ok := number(toks, i); ok && i+2 < len(toks) {
		unit := at(1)
		mult := 0
		switch unit {
		case "years", "year":
			mult = 1
		case "decades", "decade":
			mult = 10
		}
		if mult > 0 {
			switch at(2) {
			case "later":
				if prev != 0 {
					return when{start: oneYear(prev + n*mult), at: i}, 3, true
				}
			case "after", "before":
				if prev != 0 && !(i+3 < len(toks) && toks[i+3].kind == tNum) {
					y := prev - n*mult
					if at(2) == "before" {
						y = prev + n*mult
					}
					return when{start: oneYear(y), at: i}, 3, true
				}
			case "ago", "earlier":
				y := ay - n*mult
				if at(2) == "earlier" && prev != 0 {
					y = prev - n*mult
				}
				return when{start: oneYear(y), at: i}, 3, true
			}
		}
	}
	return when{}, 0, false
}

func at1(toks []token, i int) token {
	if i < len(toks) {
		return toks[i]
	}
	return token{}
}

// wordAge reads an age written in words: "ninety", "forty-two".
func wordAge(s string) int {
	n := 0
	for _, part := range strings.Split(s, "-") {
		v, ok := numberWords()[part]
		if !ok || v == 0 || part == "a" || part == "an" {
			return 0
		}
		n += v
	}
	return n
}

// ageBirth is the birth year range of someone aged n on the article date.
func (d *doc) ageBirth(n int) years {
	return years{d.year - n - 1, d.year - n}
}

// isAge reports whether s is a plausible age.
func isAge(t token) (int, bool) {
	if t.kind != tNum || strings.ContainsAny(t.text, ",.") {
		return 0, false
	}
	n, err := strconv.Atoi(t.text)
	if err != nil || n < 0 || n > 120 {
		return 0, false
	}
	return n, true
}
