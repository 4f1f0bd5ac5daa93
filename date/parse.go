package date

import (
	"errors"
	"strconv"
	"strings"
)

// mode selects the grammar a parser accepts.
type mode int

const (
	lenient mode = iota // 7.0 and 5.5.1, any case, extra spaces
	v7                  // GEDCOM 7.0 DateValue exactly
	v551                // GEDCOM 5.5.1 DATE_VALUE exactly
)

// Parse parses a date payload leniently. It accepts the GEDCOM 7.0 and 5.5.1
// forms in any letter case with any amount of space between words:
//
//   - exact and partial dates: "12 AUG 1401", "AUG 1401", "1401";
//   - ABT, CAL, EST, BEF, AFT, "BET … AND …", "FROM … TO …", "FROM …",
//     "TO …", and the words ABOUT, CIRCA, CA, C, BEFORE, AFTER, BETWEEN,
//     ESTIMATED, CALCULATED for them;
//   - the calendar keywords GREGORIAN, JULIAN, HEBREW, FRENCH_R and
//     extension calendars ("_UNKNOWN"), the 5.5.1 escapes @#DGREGORIAN@,
//     @#DJULIAN@, @#DHEBREW@, @#DFRENCH R@, and @#DROMAN@, @#DUNKNOWN@,
//     ROMAN and UNKNOWN, which become the extension calendars "_ROMAN" and
//     "_UNKNOWN" (as in the GEDCOM 7 reference conversions); any other
//     escape is an ErrCalendar error;
//   - Hebrew and French Republican months without a calendar keyword
//     ("15 NSN 5760" is Hebrew), and English month names ("January");
//   - dual years "1750/51" and "1750/1751" in the Gregorian and Julian
//     calendars;
//   - the epochs BCE, B.C. and BC (AD, A.D. and CE are accepted and
//     dropped);
//   - 5.5.1 "INT date (phrase)" and "(phrase)".
//
// Errors are *SyntaxError values. When the text follows the grammar but a
// day or year is out of range ("30 FEB 1900"), Parse returns the date as
// written together with an error wrapping ErrRange.
func Parse(s string) (Date, error) {
	d, _, err := parse(s, lenient)
	return d, err
}

// ParseV7 parses a GEDCOM 7.0 DateValue payload exactly as the grammar
// says: upper-case keywords, single spaces, no dual years, no INT and no
// phrase. Extension calendars, months and epochs ("_UNKNOWN 13 _MONTH 17")
// are valid and kept in Day.ExtCalendar(), Day.ExtMonth() and Day.ExtEpoch();
// Date.HasExtension reports them. Days out of range for their month are
// reported like Parse does, with the date and an ErrRange error.
func ParseV7(s string) (Date, error) {
	d, _, err := parse(s, v7)
	return d, err
}

// ParseV7Period parses a GEDCOM 7.0 DatePeriod payload: "", "TO date",
// "FROM date" or "FROM date TO date".
func ParseV7Period(s string) (Date, error) {
	d, _, err := parse(s, v7)
	if err != nil && !errors.Is(err, ErrRange) {
		return Date{}, err
	}
	switch d.Modifier {
	case From, To, FromTo:
	default:
		if !d.IsZero() {
			return Date{}, &SyntaxError{What: "date", Input: s, Column: 1, Err: errorf(ErrSyntax, "a date period starts with FROM or TO")}
		}
	}
	return d, err
}

// ParseV7Exact parses a GEDCOM 7.0 DateExact payload: "day month year" in
// the Gregorian calendar, such as "12 AUG 1401".
func ParseV7Exact(s string) (Date, error) {
	d, p, err := parse(s, v7)
	if err != nil && !errors.Is(err, ErrRange) {
		return Date{}, err
	}
	if len(p.toks) != 3 || d.Modifier != None || d.Start.Day == 0 || d.Start.hasExt() {
		return Date{}, &SyntaxError{What: "date", Input: s, Column: 1, Err: errorf(ErrSyntax, "an exact date is day, month and year, such as 12 AUG 1401")}
	}
	return d, err
}

// ParseV551 parses a GEDCOM 5.5.1 DATE_VALUE payload exactly: upper-case
// keywords, single spaces, the calendar escapes, dual years ("1750/51",
// Gregorian only), "B.C." (after any date, as 5.5.1 files write it), INT
// and phrases.
func ParseV551(s string) (Date, error) {
	d, _, err := parse(s, v551)
	return d, err
}

type token struct {
	text   string // as written
	col    int    // 1-based byte column
	phrase bool   // "(…)": text holds what is inside the parentheses
}

type parser struct {
	in       string
	mode     mode
	toks     []token
	pos      int
	rangeErr error
	// dual holds the digits written after the slash of the Start and End
	// dual years; ToV7 needs them.
	dual [2]string
	// explicit records whether Start and End were written with a calendar.
	explicit [2]bool
	// tokBuf holds the tokens of a date of up to eight words (nearly all
	// of them: "BET 1 JAN 1900 AND 2 FEB 1901" has seven), so that the
	// parser is one allocation.
	tokBuf [8]token
}

func parse(s string, m mode) (Date, *parser, error) {
	p := &parser{in: s, mode: m}
	p.toks = p.tokBuf[:0]
	if err := p.tokenize(); err != nil {
		return Date{}, p, err
	}
	d, err := p.value()
	if err != nil {
		return Date{}, p, err
	}
	if p.rangeErr != nil {
		return d, p, p.rangeErr
	}
	return d, p, nil
}

func (p *parser) errAt(col int, kind error, format string, args ...any) error {
	return &SyntaxError{What: "date", Input: p.in, Column: col, Err: errorf(kind, format, args...)}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func (p *parser) tokenize() error {
	s := p.in
	strict := p.mode != lenient
	i := 0
	for i < len(s) {
		if isSpace(s[i]) {
			if strict {
				switch {
				case s[i] != ' ':
					return p.errAt(i+1, ErrSyntax, "only single spaces may separate words")
				case i == 0:
					return p.errAt(i+1, ErrSyntax, "leading space")
				case i == len(s)-1:
					return p.errAt(i+1, ErrSyntax, "trailing space")
				case s[i+1] == ' ':
					return p.errAt(i+2, ErrSyntax, "two spaces in a row")
				}
			}
			i++
			continue
		}
		start := i
		switch {
		case s[i] == '(':
			if p.mode == v7 {
				return p.errAt(i+1, ErrSyntax, "a phrase in parentheses is GEDCOM 5.5.1; GEDCOM 7 puts it in a PHRASE substructure")
			}
			text := strings.TrimRight(s[i+1:], " \t\r\n")
			if t, ok := strings.CutSuffix(text, ")"); ok {
				text = t
			} else if p.mode == v551 {
				return p.errAt(len(s)+1, ErrSyntax, "phrase lacks its closing parenthesis")
			}
			p.toks = append(p.toks, token{text: text, col: start + 1, phrase: true})
			return nil
		case strings.HasPrefix(s[i:], "@#") && p.mode != v7:
			end := strings.IndexByte(s[i+2:], '@')
			if end < 0 {
				return p.errAt(i+1, ErrSyntax, "calendar escape lacks its closing @")
			}
			i += 2 + end + 1
		default:
			for i < len(s) && !isSpace(s[i]) {
				i++
			}
		}
		p.toks = append(p.toks, token{text: s[start:i], col: start + 1})
	}
	return nil
}

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// word returns the token's text as the grammar sees it: upper-cased in
// lenient mode. In the strict modes a word written in lower case that
// would be a keyword, month or epoch in upper case is an error.
func (p *parser) word(t *token) (string, error) {
	if p.mode == lenient {
		return strings.ToUpper(t.text), nil
	}
	if up := strings.ToUpper(t.text); up != t.text && p.known(up) {
		return "", p.errAt(t.col, ErrSyntax, "%q must be written in upper case", t.text)
	}
	return t.text, nil
}

// known reports whether w (upper case) is a word of the date grammar.
func (p *parser) known(w string) bool {
	if _, ok := p.keyword(w); ok {
		return true
	}
	if _, _, ok := p.calendar(w); ok {
		return true
	}
	for _, c := range []Calendar{Gregorian, Hebrew, FrenchRepublican} {
		if c.monthNumber(w) != 0 {
			return true
		}
	}
	switch w {
	case "BCE", "B.C.", "INT":
		return true
	}
	return false
}

var keywordAliases = map[string]string{
	"ABOUT": "ABT", "CIRCA": "ABT", "CA": "ABT", "C": "ABT", "APPROX": "ABT",
	"BEFORE": "BEF", "AFTER": "AFT", "BETWEEN": "BET",
	"ESTIMATED": "EST", "CALCULATED": "CAL", "INTERPRETED": "INT",
}

// keyword returns the canonical keyword w stands for in p's mode.
func (p *parser) keyword(w string) (string, bool) {
	switch w {
	case "FROM", "TO", "BET", "AND", "BEF", "AFT", "ABT", "CAL", "EST":
		return w, true
	case "INT":
		return w, p.mode != v7
	}
	if p.mode == lenient {
		if k, ok := keywordAliases[strings.TrimSuffix(w, ".")]; ok {
			return k, true
		}
	}
	return "", false
}

// calendar recognises a calendar word or escape. ext is the tag of an
// extension calendar.
func (p *parser) calendar(w string) (c Calendar, ext string, ok bool) {
	if p.mode != v551 {
		switch w {
		case "GREGORIAN":
			return Gregorian, "", true
		case "JULIAN":
			return Julian, "", true
		case "HEBREW":
			return Hebrew, "", true
		case "FRENCH_R":
			return FrenchRepublican, "", true
		}
		if isExtTag(w) {
			return Gregorian, w, true
		}
	}
	if p.mode == lenient {
		switch w {
		case "ROMAN", "UNKNOWN":
			return Gregorian, "_" + w, true
		}
	}
	if p.mode != v7 && strings.HasPrefix(w, "@#D") {
		switch strings.ToUpper(w) {
		case "@#DGREGORIAN@":
			return Gregorian, "", true
		case "@#DJULIAN@":
			return Julian, "", true
		case "@#DHEBREW@":
			return Hebrew, "", true
		case "@#DFRENCH R@":
			return FrenchRepublican, "", true
		case "@#DROMAN@":
			return Gregorian, "_ROMAN", true
		case "@#DUNKNOWN@":
			return Gregorian, "_UNKNOWN", true
		}
	}
	return 0, "", false
}

// isExtTag reports whether w is a GEDCOM extension tag: "_" and one or more
// upper-case letters, digits or underscores.
func isExtTag(w string) bool {
	return len(w) > 1 && w[0] == '_' && isTagChars(w[1:])
}

// isStdTag reports whether w is a GEDCOM standard tag.
func isStdTag(w string) bool {
	return w != "" && w[0] >= 'A' && w[0] <= 'Z' && isTagChars(w)
}

func isTagChars(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func (p *parser) value() (Date, error) {
	t := p.peek()
	if t == nil {
		return Date{}, nil
	}
	if t.phrase {
		if strings.TrimSpace(t.text) == "" {
			return Date{}, nil // "()" holds nothing
		}
		return Date{Modifier: PhraseOnly, Phrase: t.text}, nil
	}
	w, err := p.word(t)
	if err != nil {
		return Date{}, err
	}
	kw, _ := p.keyword(w)
	var d Date
	one := func(m Modifier) error {
		p.pos++
		d.Modifier = m
		d.Start, err = p.date(0)
		return err
	}
	switch kw {
	case "INT":
		if err := one(None); err != nil {
			return Date{}, err
		}
		d.Interpreted = true
		t := p.peek()
		switch {
		case t != nil && t.phrase:
			d.Phrase = t.text
			p.pos++
		case p.mode == v551:
			return Date{}, p.p551PhraseMissing(t)
		}
	case "FROM":
		if err := one(From); err != nil {
			return Date{}, err
		}
		if t := p.peek(); t != nil {
			if w, err := p.word(t); err != nil {
				return Date{}, err
			} else if k, _ := p.keyword(w); k == "TO" {
				p.pos++
				d.Modifier = FromTo
				if d.End, err = p.date(1); err != nil {
					return Date{}, err
				}
			}
		}
	case "TO":
		err = one(To)
	case "BET":
		if err := one(Between); err != nil {
			return Date{}, err
		}
		t := p.peek()
		if t == nil {
			return Date{}, p.errAt(len(p.in)+1, ErrSyntax, "BET without AND")
		}
		w, err := p.word(t)
		if err != nil {
			return Date{}, err
		}
		if k, _ := p.keyword(w); k != "AND" {
			return Date{}, p.errAt(t.col, ErrSyntax, "expected AND, found %q", t.text)
		}
		p.pos++
		if d.End, err = p.date(1); err != nil {
			return Date{}, err
		}
	case "BEF":
		err = one(Before)
	case "AFT":
		err = one(After)
	case "ABT":
		err = one(About)
	case "CAL":
		err = one(Calculated)
	case "EST":
		err = one(Estimated)
	case "AND":
		return Date{}, p.errAt(t.col, ErrSyntax, "AND without BET")
	default:
		d.Start, err = p.date(0)
	}
	if err != nil {
		return Date{}, err
	}
	if t := p.peek(); t != nil {
		if t.phrase {
			return Date{}, p.errAt(t.col, ErrSyntax, "a phrase in parentheses follows only INT date")
		}
		return Date{}, p.errAt(t.col, ErrSyntax, "unexpected %q after the date", t.text)
	}
	return d, nil
}

func (p *parser) p551PhraseMissing(t *token) error {
	if t == nil {
		return p.errAt(len(p.in)+1, ErrSyntax, "INT date lacks its (phrase)")
	}
	return p.errAt(t.col, ErrSyntax, "expected (phrase), found %q", t.text)
}

// date parses [calendar] [[day] month] year [epoch]. which is 0 for Start
// and 1 for End.
func (p *parser) date(which int) (Day, error) {
	var d Day
	t := p.peek()
	if t == nil {
		return d, p.errAt(len(p.in)+1, ErrSyntax, "missing date")
	}
	if t.phrase {
		return d, p.errAt(t.col, ErrSyntax, "missing date before the phrase")
	}
	w, err := p.word(t)
	if err != nil {
		return d, err
	}
	if c, ext, ok := p.calendar(w); ok {
		d.Calendar = c
		d.SetExt(Ext{Calendar: ext})
		p.explicit[which] = true
		p.pos++
	} else if strings.HasPrefix(w, "@#") {
		if p.mode == v7 {
			return d, p.errAt(t.col, ErrSyntax, "calendar escape %s is GEDCOM 5.5.1; GEDCOM 7 writes a calendar keyword such as JULIAN", t.text)
		}
		return d, p.errAt(t.col, ErrCalendar, "unknown calendar escape %s", t.text)
	}
	// Collect the words up to the next keyword, phrase or the end.
	var parts []*token
	for t := p.peek(); t != nil && !t.phrase; t = p.peek() {
		w, err := p.word(t)
		if err != nil {
			return d, err
		}
		if _, ok := p.keyword(w); ok {
			break
		}
		parts = append(parts, t)
		p.pos++
	}
	if len(parts) == 0 {
		col := len(p.in) + 1
		if t := p.peek(); t != nil {
			col = t.col
		}
		return d, p.errAt(col, ErrSyntax, "missing year")
	}
	// Epoch after the year.
	if n := len(parts); n >= 2 && !p.isYear(parts[n-1]) {
		if done, err := p.epoch(&d, parts[n-1]); err != nil {
			return d, err
		} else if done {
			parts = parts[:n-1]
		}
	}
	if last := parts[len(parts)-1]; !p.isYear(last) {
		return d, p.notYear(parts)
	}
	var dayTok, monTok *token
	switch len(parts) {
	case 1:
	case 2:
		monTok = parts[0]
	case 3:
		dayTok, monTok = parts[0], parts[1]
	default:
		return d, p.errAt(parts[0].col, ErrSyntax, "too many words in a date: %q", parts[0].text)
	}
	yearTok := parts[len(parts)-1]
	if monTok != nil {
		if err := p.month(&d, monTok, p.explicit[which]); err != nil {
			return d, err
		}
	}
	if err := p.year(&d, yearTok, which); err != nil {
		return d, err
	}
	if dayTok != nil {
		if !isDigits(dayTok.text) {
			return d, p.errAt(dayTok.col, ErrSyntax, "expected a day number, found %q", dayTok.text)
		}
		n, err := strconv.Atoi(dayTok.text)
		if err != nil || n > 99 {
			n = 100 // out of range in every calendar
		}
		d.Day = uint8(n)
	}
	p.check(&d, dayTok, yearTok)
	return d, nil
}

// notYear reports the error of a date whose last word is not a year.
func (p *parser) notYear(parts []*token) error {
	last := parts[len(parts)-1]
	up := strings.ToUpper(last.text)
	isMonth := englishMonths[strings.TrimSuffix(up, ".")] != 0
	for _, c := range []Calendar{Gregorian, Hebrew, FrenchRepublican} {
		isMonth = isMonth || c.monthNumber(up) != 0
	}
	if isMonth {
		return p.errAt(last.col+len(last.text), ErrSyntax, "expected a year after %s", last.text)
	}
	for i, t := range parts[:len(parts)-1] {
		if p.isYear(t) {
			return p.errAt(parts[i+1].col, ErrSyntax, "unexpected %q", parts[i+1].text)
		}
	}
	return p.errAt(last.col, ErrSyntax, "expected a year, found %q", last.text)
}

// isYear reports whether t looks like a year: digits, optionally followed
// by a slash and digits.
func (p *parser) isYear(t *token) bool {
	y, _, _ := strings.Cut(t.text, "/")
	return isDigits(y)
}

// epoch interprets t as the epoch. done is false when t is not an epoch,
// so that the caller reports it as an unexpected word.
func (p *parser) epoch(d *Day, t *token) (done bool, err error) {
	w, err := p.word(t)
	if err != nil {
		return false, err
	}
	switch {
	case w == "BCE" && p.mode != v551,
		w == "B.C." && p.mode != v7,
		p.mode == lenient && (w == "BC" || w == "B.C" || w == "BC."):
		if d.ExtCalendar() == "" && !d.Calendar.hasEpoch() {
			return false, p.errAt(t.col, ErrEpoch, "%s is not allowed in the %s calendar", t.text, d.Calendar)
		}
		d.BCE = true
		return true, nil
	case p.mode == lenient && (w == "AD" || w == "A.D." || w == "CE" || w == "C.E."):
		return true, nil
	case p.mode != v551 && isExtTag(w):
		e := d.Ext()
		e.Epoch = w
		d.SetExt(e)
		return true, nil
	}
	return false, nil
}

var englishMonths = map[string]int{
	"JANUARY": 1, "FEBRUARY": 2, "MARCH": 3, "APRIL": 4, "JUNE": 6, "JULY": 7,
	"AUGUST": 8, "SEPTEMBER": 9, "SEPT": 9, "OCTOBER": 10, "NOVEMBER": 11, "DECEMBER": 12,
}

func (p *parser) month(d *Day, t *token, explicit bool) error {
	w, err := p.word(t)
	if err != nil {
		return err
	}
	if d.ExtCalendar() != "" {
		if !isStdTag(w) && !isExtTag(w) {
			return p.errAt(t.col, ErrSyntax, "expected a month, found %q", t.text)
		}
		d.setExtMonth(w)
		return nil
	}
	if isExtTag(w) {
		d.setExtMonth(w)
		return nil
	}
	if n := d.Calendar.monthNumber(w); n != 0 {
		d.Month = uint8(n)
		return nil
	}
	if p.mode == lenient {
		if n, ok := englishMonths[strings.TrimSuffix(w, ".")]; ok && (d.Calendar == Gregorian || d.Calendar == Julian) {
			d.Month = uint8(n)
			return nil
		}
		if !explicit {
			for _, c := range []Calendar{Hebrew, FrenchRepublican} {
				if n := c.monthNumber(w); n != 0 {
					d.Calendar, d.Month = c, uint8(n)
					return nil
				}
			}
		}
	}
	for _, c := range []Calendar{Gregorian, Hebrew, FrenchRepublican} {
		if c.monthNumber(w) != 0 && c != d.Calendar && !(c == Gregorian && d.Calendar == Julian) {
			return p.errAt(t.col, ErrMonth, "%s is not a month of the %s calendar", w, d.Calendar)
		}
	}
	if isDigits(w) {
		return p.errAt(t.col, ErrSyntax, "expected a month, found %q", t.text)
	}
	return p.errAt(t.col, ErrSyntax, "unknown month %q", t.text)
}

func (p *parser) year(d *Day, t *token, which int) error {
	y, dual, hasDual := strings.Cut(t.text, "/")
	if !isDigits(y) {
		if _, err := p.word(t); err != nil {
			return err
		}
		return p.errAt(t.col, ErrSyntax, "expected a year, found %q", t.text)
	}
	n, err := strconv.Atoi(y)
	if err != nil || n > MaxYear {
		return p.errAt(t.col, ErrRange, "year %s out of range", y)
	}
	d.Year = int32(n)
	if hasDual {
		switch {
		case p.mode == v7:
			return p.errAt(t.col+len(y), ErrSyntax, "dual year %q is GEDCOM 5.5.1; GEDCOM 7 puts it in a PHRASE", t.text)
		case !isDigits(dual):
			return p.errAt(t.col+len(y)+1, ErrSyntax, "expected digits after the slash of the dual year %q", t.text)
		case p.mode == v551 && len(dual) != 2:
			return p.errAt(t.col+len(y)+1, ErrSyntax, "a dual year ends in two digits, as in 1750/51")
		case p.mode == v551 && (d.Calendar != Gregorian || d.ExtCalendar() != ""):
			return p.errAt(t.col, ErrSyntax, "dual years are Gregorian only in GEDCOM 5.5.1")
		case d.ExtCalendar() != "" || (d.Calendar != Gregorian && d.Calendar != Julian):
			return p.errAt(t.col, ErrSyntax, "dual year in the %s calendar", d.Calendar)
		case len(dual) > 7:
			return p.errAt(t.col+len(y)+1, ErrRange, "dual year %s out of range", dual)
		}
		d.DualYear = int32(resolveDual(n, dual))
		p.dual[which] = dual
	}
	if n == 0 && d.ExtCalendar() == "" {
		p.rangef(t.col, "year 0 does not exist")
	}
	return nil
}

// resolveDual returns the year the digits after the slash of year/digits
// name: the year nearest to year that ends in them, the later one on a tie.
// Digits as long as the year are the full year.
func resolveDual(year int, digits string) int {
	v, _ := strconv.Atoi(digits)
	if len(digits) >= len(strconv.Itoa(year)) {
		return v
	}
	m := 1
	for range digits {
		m *= 10
	}
	base := year - year%m + v
	best := base
	for _, c := range []int{base - m, base + m} {
		if dc, db := abs(c-year), abs(best-year); dc < db || dc == db && c > best {
			best = c
		}
	}
	if best <= 0 {
		best = base
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func (p *parser) rangef(col int, format string, args ...any) {
	if p.rangeErr == nil {
		p.rangeErr = p.errAt(col, ErrRange, format, args...)
	}
}

// check validates the day against its month and calendar, recording an
// ErrRange error.
func (p *parser) check(d *Day, dayTok, yearTok *token) {
	if dayTok == nil || d.ExtCalendar() != "" {
		if dayTok != nil && d.Day == 0 {
			p.rangef(dayTok.col, "day 0 does not exist")
		}
		return
	}
	if d.ExtMonth() != "" || d.Year == 0 {
		if d.Day == 0 {
			p.rangef(dayTok.col, "day 0 does not exist")
		}
		return
	}
	y, bce := d.NewStyleYear()
	max := DaysInMonth(d.Calendar, y, int(d.Month), bce)
	if d.Day >= 1 && int(d.Day) <= max {
		return
	}
	name := d.Calendar.MonthName(int(d.Month))
	if d.Day >= 1 && int(d.Day) <= maxDays(d.Calendar, int(d.Month)) {
		p.rangef(dayTok.col, "day %d out of range for %s %s", d.Day, name, yearTok.text)
		return
	}
	p.rangef(dayTok.col, "day %d out of range for %s", d.Day, name)
}

// maxDays returns the most days month m has in any year of c.
func maxDays(c Calendar, m int) int {
	switch c {
	case Hebrew:
		return 30
	case FrenchRepublican:
		if m == 13 {
			return 6
		}
		return 30
	}
	return [...]int{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
}

// setExtMonth sets the extension month of d, keeping its other extension
// parts.
func (d *Day) setExtMonth(w string) {
	e := d.Ext()
	e.Month = w
	d.SetExt(e)
}
