package gedcom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Options are the Allow options the Decoder and the Scanner share. The
// zero value of each is strict: the input is read as the specification
// says, and anything it forbids is a *SyntaxError. Each option accepts one
// deviation that real 5.5.1 producers write; the first occurrence of each
// kind of deviation is then reported as a warning. The options are read
// when the first line is.
type Options struct {
	// AllowLeadingWhitespace accepts spaces and tabs before the level
	// number: Geni.com exports (edge-cases/Issue166.ged), hand-indented
	// files (edge-cases/minimal55indented.ged, issue96.ged).
	AllowLeadingWhitespace bool
	// AllowBlankLines skips empty lines: files joined or edited by hand
	// (edge-cases/Issue_64.ged), and UTF-16 files whose CR LF was written
	// as LF CR (encodings/unicode-littleendian-crlf.ged).
	AllowBlankLines bool
	// AllowLongLines accepts GEDCOM 5.5.1 lines longer than the 255
	// characters the standard allows: Family Tree Maker 24 source
	// citations with long URLs (samples/djeffrey/pres2020.ged), notes
	// written without CONC (encodings/superlongline-ansel.ged).
	AllowLongLines bool
	// AllowBadAtSigns keeps an @ that is not escaped as the version
	// requires (an e-mail address in a 5.5.1 note, a lone @ at the start
	// of a 7.0 payload) as a literal @. It is the quirk met most: 56 of
	// the shared sample files need it, from Legacy, PAF, Family Tree
	// Maker, Brother's Keeper, Gramps and gedcom4j among others. The
	// Scanner does not look inside payloads, so it does not apply there.
	AllowBadAtSigns bool
	// AllowMissingTrailer accepts a file that ends without a TRLR record,
	// or has records after it: truncated downloads, files cut by hand.
	AllowMissingTrailer bool
	// AllowInvalidBytes replaces bytes that are not valid in the file's
	// character set with U+FFFD instead of failing, and reads a file with
	// an unknown CHAR as UTF-8: files declared UTF-8 or ASCII that hold
	// Windows-1252 text, as many web exports are.
	AllowInvalidBytes bool
	// AllowLooseSyntax accepts several spaces or tabs between the level,
	// cross-reference identifier and tag, levels with leading zeros,
	// lower-case or punctuated tags and identifiers, CONT and CONC lines
	// under a pointer, with an identifier (gedcom4j's writer: "1 @N149@
	// CONT", encodings/willis-*.ged) or under another CONT (a hand-edited
	// Gramps file, edge-cases/validatesOk.ged), and a file whose first
	// record is not HEAD.
	AllowLooseSyntax bool
	// AllowLevelJumps accepts a line more than one level deeper than the
	// line before and makes it a substructure of that line, as gedcom4j
	// and webtrees do (edge-cases/Issue87.ged).
	AllowLevelJumps bool
	// AllowUnnumberedLines takes a line that does not start with a level
	// number as a continuation (CONT) of the text of the line before: a
	// note broken by hand or by a tool that did not know about CONT
	// (samples/gedcom4j/Sopranos.ged).
	AllowUnnumberedLines bool
	// Lenient turns on every Allow option.
	Lenient bool
}

// lineCheck holds what the Decoder and the Scanner both do to each line:
// reading the input and its character set, splitting the line, checking
// its grammar and its level against the lines before, and reporting
// errors and warnings. Each embeds one and adds what it builds.
type lineCheck struct {
	filename string
	opts     Options
	// report delivers a warning of a kind not reported before.
	report func(kind uint32, err error)
	warned uint32 // kinds of warnings already reported

	input    io.Reader
	lr       *lineReader
	started  bool // the header has been read raw: split applies the version's rules
	version  string
	encoding string
	bom      bool
	v7       bool
	cs       charset

	prevLevel  int  // level of the line before, -1 before the first
	depth      int  // the deepest level the next line may have, plus one; 0 before the first record
	maxLevel   int  // the deepest level a fast path may take: depth, or -1 where level must decide (after TRLR, before the first record)
	records    int  // level-0 lines read
	trailer    bool // the last level-0 line was TRLR
	afterTRLR  bool // a line followed TRLR
	splitLevel int  // the raw level of the last line split, -1 before the first
	splitCont  bool // the last line split was CONT or CONC

	tags [1 << tagCacheBits]struct{ word, key uint64 } // tagKey's cache; a zero word is an empty entry
}

const tagCacheBits = 8

// init readies c to read input with the given options.
func (c *lineCheck) init(input io.Reader, filename string, opts Options, report func(uint32, error)) {
	c.input, c.filename, c.opts, c.report = input, filename, opts, report
	c.prevLevel, c.maxLevel, c.splitLevel = -1, -1, -1
	c.lr = newLineReader(input)
	c.cs = utf8Charset
	c.encoding = "UTF-8"
}

func (c *lineCheck) allow(opt bool) bool { return opt || c.opts.Lenient }

func (c *lineCheck) pos(line, col int) Position {
	return Position{Filename: c.filename, Line: line, Column: col}
}

func (c *lineCheck) errorAt(line, col int, sentinel error, format string, args ...any) error {
	return &SyntaxError{Pos: c.pos(line, col), Err: &detail{sentinel, fmt.Sprintf(format, args...)}}
}

// warn reports a problem accepted by an Allow option, once per kind.
func (c *lineCheck) warn(kind uint32, line, col int, sentinel error, format string, args ...any) {
	if c.warned&kind != 0 {
		return
	}
	c.warned |= kind
	c.report(kind, c.errorAt(line, col, sentinel, format+" (accepted by "+warnOption()[kind]+"; later cases are not reported)", args...))
}

// loose returns an error for something AllowLooseSyntax accepts, or
// warns about it when the option is set. The warning's sentinel is
// ErrSyntax.
func (c *lineCheck) loose(num, col int, sentinel error, msg string) error {
	if !c.allow(c.opts.AllowLooseSyntax) {
		return c.errorAt(num, col, sentinel, "%s", msg)
	}
	c.warn(wLoose, num, col, ErrSyntax, "%s", msg)
	return nil
}

// readError wraps an error of the input.
func (c *lineCheck) readError(err error) error {
	return fmt.Errorf("%s: read: %w", c.pos(c.lr.line+1, 0), err)
}

// split removes what the Allow options accept and splits a line into its
// parts. skip is true for a line to ignore.
func (c *lineCheck) split(line []byte, rl *rawLine) (skip bool, err error) {
	num := c.lr.line
	if len(line) > 0 && isSpace(line[0]) {
		i := 0
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i < len(line) {
			if !c.allow(c.opts.AllowLeadingWhitespace) {
				return false, c.errorAt(num, 1, ErrSyntax, "line starts with white space")
			}
			c.warn(wWhitespace, num, 1, ErrSyntax, "line starts with white space")
		}
		line = line[i:]
	}
	if len(line) == 0 || (len(line) == 1 && line[0] == 0x1A) {
		// A blank line, or the DOS end-of-file mark ^Z.
		if c.trailer || c.allow(c.opts.AllowBlankLines) {
			if !c.trailer {
				c.warn(wBlank, num, 1, ErrSyntax, "blank line")
			}
			return true, nil
		}
		if len(line) == 0 {
			return false, c.errorAt(num, 1, ErrSyntax, "blank line")
		}
		return false, c.errorAt(num, 1, ErrSyntax, "control character ^Z")
	}
	le := parseLine(rl, line, c.allow(c.opts.AllowLooseSyntax))
	if le != nil && le.col == 1 && errors.Is(le.err, ErrLevel) && c.allow(c.opts.AllowUnnumberedLines) && c.splitLevel >= 0 {
		c.warn(wUnnumbered, num, 1, ErrLevel, "line does not start with a level number; read as CONT")
		*rl, le = rawLine{level: c.splitLevel + 1, tag: tagCONT, tagKey: keyCONT, payload: line, hasPayload: true, payloadCol: 1}, nil
		if c.splitCont {
			rl.level = c.splitLevel
		}
	}
	if le != nil {
		return false, &SyntaxError{Pos: c.pos(num, le.col), Err: le.err}
	}
	c.splitLevel = rl.level
	c.splitCont = rl.isCont()
	rl.num = num
	rl.length = len(line)
	if len(line) > 255 {
		rl.runes = utf8.RuneCount(line)
	}
	rl.valid = c.lr.lineValid
	if c.started {
		if err := c.checkLength(rl); err != nil {
			return false, err
		}
	}
	if rl.irregular != "" {
		c.warn(wLoose, num, 1, ErrSyntax, "%s", rl.irregular)
	}
	if c.started {
		if err := c.checkChars(rl); err != nil {
			return false, err
		}
	}
	return false, nil
}

// checkLine enforces the 255-character line limit of GEDCOM 5.5.1 and
// the characters allowed in tags and identifiers, or with AllowLongLines
// and AllowLooseSyntax warns about them.
func (c *lineCheck) checkLine(rl *rawLine) error {
	if err := c.checkLength(rl); err != nil {
		return err
	}
	return c.checkChars(rl)
}

// checkLength enforces the 255-character line limit of GEDCOM 5.5.1.
func (c *lineCheck) checkLength(rl *rawLine) error {
	if rl.length > 255 && !c.v7 {
		n := rl.length
		if c.cs.kind == csUTF8 {
			n = rl.runes
		}
		if n > 255 {
			if !c.allow(c.opts.AllowLongLines) {
				return c.errorAt(rl.num, 256, ErrLineTooLong, "line has %d characters, more than 255", n)
			}
			c.warn(wLong, rl.num, 256, ErrLineTooLong, "line has %d characters, more than 255", n)
		}
	}
	return nil
}

// checkChars enforces the characters allowed in tags and identifiers.
func (c *lineCheck) checkChars(rl *rawLine) error {
	if i := badTagChar(rl.tag, c.v7); i >= 0 {
		return c.loose(rl.num, rl.tagCol+i, ErrSyntax, fmt.Sprintf("bad character %q in tag %q", rl.tag[i], rl.tag))
	}
	if rl.xref != nil {
		if i := badXrefChar(rl.xref, c.v7); i >= 0 {
			return c.loose(rl.num, rl.xrefCol+1+i, ErrXref, fmt.Sprintf("bad character %q in cross-reference identifier @%s@", rl.xref[i], rl.xref))
		}
		if c.v7 && string(rl.xref) == "VOID" {
			return c.loose(rl.num, rl.xrefCol, ErrXref, "@VOID@ cannot identify a record")
		}
	}
	return nil
}

// level checks the level of a line split read against the lines before:
// content after TRLR, CONT or CONC at level 0, a first record that is not
// HEAD, a first line not at level 0, a level more than one deeper than
// the line before, a line under CONT or CONC. It returns the level the
// line is read at, after AllowLevelJumps and AllowLooseSyntax. A CONT or
// CONC line with an identifier is left to the caller.
func (c *lineCheck) level(rl *rawLine) (int, error) {
	cont := rl.isCont()
	if c.trailer && !c.afterTRLR {
		c.afterTRLR = true
		if !c.allow(c.opts.AllowMissingTrailer) {
			return 0, c.errorAt(rl.num, 1, ErrTrailer, "content after TRLR")
		}
		c.warn(wTrailer, rl.num, 1, ErrTrailer, "content after TRLR")
	}
	level := rl.level
	if level == 0 {
		if cont {
			return 0, c.errorAt(rl.num, rl.tagCol, ErrCONT, "%s at level 0 has nothing to continue", rl.tag)
		}
		if c.records == 0 && string(rl.tag) != "HEAD" {
			if !c.allow(c.opts.AllowLooseSyntax) {
				return 0, c.errorAt(rl.num, rl.tagCol, ErrHeader, "file starts with %s, not HEAD", rl.tag)
			}
			c.warn(wLoose, rl.num, rl.tagCol, ErrHeader, "file starts with %s, not HEAD", rl.tag)
		}
		c.advance(0, false, string(rl.tag) == "TRLR")
		return 0, nil
	}
	if c.depth == 0 {
		return 0, c.errorAt(rl.num, 1, ErrLevel, "first line has level %d, want 0", level)
	}
	if level > c.prevLevel+1 {
		if !c.allow(c.opts.AllowLevelJumps) {
			return 0, c.errorAt(rl.num, 1, ErrLevel, "level %d follows level %d", level, c.prevLevel)
		}
		c.warn(wJump, rl.num, 1, ErrLevel, "level %d follows level %d; read as level %d", level, c.prevLevel, c.prevLevel+1)
		level = c.prevLevel + 1
	}
	if level > c.depth {
		// The line before was CONT or CONC.
		if !cont || !c.allow(c.opts.AllowLooseSyntax) {
			return 0, c.errorAt(rl.num, 1, ErrCONT, "CONT or CONC cannot have substructures")
		}
		c.warn(wCONT, rl.num, 1, ErrCONT, "%s under CONT or CONC; read as continuing the same text", rl.tag)
		level = c.depth
	}
	c.advance(level, cont, false)
	return level, nil
}

// advance records a line read at level that passed the level checks;
// cont reports a CONT or CONC line, trlr a TRLR record.
func (c *lineCheck) advance(level int, cont, trlr bool) {
	c.prevLevel = level
	switch {
	case level == 0:
		c.records++
		c.depth, c.maxLevel = 1, 1
		c.trailer = trlr
		if trlr {
			c.maxLevel = -1
		}
	case cont:
		c.depth, c.maxLevel = level, level
	default:
		c.depth, c.maxLevel = level+1, level+1
	}
	if c.trailer {
		c.maxLevel = -1
	}
}

// fastPrefix splits the start of a line of the form nearly every line
// has, "LEVEL [@XREF@] TAG": a one-digit level no deeper than the line
// may be (maxLevel), single spaces, an identifier of the characters the
// version allows, a tag of upper-case letters, digits and underscores,
// not a digit first, not "_" alone; within the 255 characters of GEDCOM
// 5.5.1. The tag is b[t:t+n] and key its tag key. ok is false for any
// other line, which split and level must read: every line that is an
// error or a warning is one. A CONT or CONC line with an identifier or
// at level 0 is one too.
func (c *lineCheck) fastPrefix(b []byte) (level int, xref []byte, t, n int, key uint64, ok bool) {
	if len(b) < 3 || (len(b) > 255 && !c.v7) {
		return
	}
	level = int(b[0]) - '0'
	if level < 0 || level > c.maxLevel || b[1] != ' ' {
		return
	}
	t = 2
	if b[2] == '@' {
		j := bytes.IndexByte(b[3:], '@')
		if j <= 0 {
			return
		}
		xref = b[3 : 3+j]
		t = 4 + j
		if t >= len(b) || b[t] != ' ' || badXrefChar(xref, c.v7) >= 0 || (c.v7 && string(xref) == "VOID") {
			return
		}
		t++
	}
	key, n = c.tagKey(b, t)
	if n <= 0 || ((key == keyCONT || key == keyCONC) && (level == 0 || xref != nil)) {
		return
	}
	return level, xref, t, n, key, true
}

// tagKey is tagKey(b, t) through a small cache of the tags of up to 7
// bytes read before, keyed by their bytes as a word: a file has a few
// dozen tags, and a hit costs a multiplication and a comparison instead
// of checking each byte (TestTagCache compares the two). The cache is
// two-way: a tag is in its slot or the one next to it.
func (c *lineCheck) tagKey(b []byte, t int) (key uint64, n int) {
	if t+8 > cap(b) {
		return tagKey(b, t)
	}
	x := binary.LittleEndian.Uint64(b[t : t+8 : t+8])
	// The first space, or the end of the line.
	const ones, high = 0x0101010101010101, 0x8080808080808080
	y := x ^ (ones * ' ')
	n = len(b) - t
	if sp := (y - ones) &^ y & high; sp != 0 {
		n = min(n, bits.TrailingZeros64(sp)>>3)
	}
	if n <= 0 || n >= 8 {
		return tagKey(b, t)
	}
	// The tag's bytes, and its length in the top byte, which they leave
	// clear: a tag with a NUL byte is not taken for a shorter one.
	x = x&(uint64(1)<<(8*n)-1) | uint64(n)<<56
	h := (x * 0x9E3779B97F4A7C15) >> (64 - tagCacheBits)
	e := &c.tags[h]
	if e.word == x {
		return e.key, n
	}
	// Two ways: the slot next to it (h^1) holds the tag that was in it
	// before, so two common tags with the same slot both stay.
	e2 := &c.tags[h^1]
	if e2.word == x {
		return e2.key, n
	}
	key, n = tagKey(b, t)
	if n > 0 {
		*e2 = *e
		e.word, e.key = x, key
	}
	return key, n
}

// readHead detects the character set and reads the first record (the
// header) and the line after it as raw lines, to learn the version and
// character set, as both the Decoder and the Scanner do before their
// first line: it returns those lines, copied, for the caller to read.
// The header's lines are checked as the version requires by the caller,
// with checkLine.
func (c *lineCheck) readHead() ([]rawLine, error) {
	c.started = true
	fixed, err := c.sniff()
	if err != nil {
		return nil, err
	}
	c.started = false // split must not apply version rules yet
	var head []rawLine
	for {
		line, ok, err := c.lr.next()
		if err != nil {
			return nil, c.readError(err)
		}
		if !ok {
			break
		}
		var rl rawLine
		skip, err := c.split(line, &rl)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		rl.copyBytes()
		head = append(head, rl)
		if rl.level == 0 && len(head) > 1 {
			break
		}
	}
	c.started = true
	version, char, charLine := headerFields(head, c.allow(c.opts.AllowLevelJumps))
	c.version = version
	c.v7 = strings.HasPrefix(version, "7")
	if fixed || c.v7 {
		// A byte order mark or UTF-16 fixed the character set; GEDCOM 7
		// files are always UTF-8.
		return head, nil
	}
	cs, name, ok := charsetFor(char)
	if !ok {
		if !c.allow(c.opts.AllowInvalidBytes) {
			return nil, c.errorAt(charLine, 0, ErrEncoding, "unknown character set %q", char)
		}
		c.warn(wCharset, charLine, 0, ErrEncoding, "unknown character set %q; reading as UTF-8", char)
		return head, nil
	}
	c.cs, c.encoding = cs, name
	return head, nil
}

// headerFields reads HEAD.GEDC.VERS and HEAD.CHAR (trimmed) from the raw
// lines of the first record, and the line of CHAR. jumps is
// AllowLevelJumps: a level that jumps is read one below the line before,
// as level will read it.
func headerFields(head []rawLine, jumps bool) (version, char string, charLine int) {
	if len(head) == 0 || string(head[0].tag) != "HEAD" {
		return "", "", 0
	}
	inGEDC := false
	prev := 0
	for i := 1; i < len(head); i++ {
		rl := &head[i]
		if rl.level == 0 {
			break
		}
		level := rl.level
		if level > prev+1 && jumps {
			level = prev + 1
		}
		prev = level
		switch {
		case level == 1:
			inGEDC = string(rl.tag) == "GEDC"
			if string(rl.tag) == "CHAR" {
				char = strings.TrimSpace(string(rl.payload))
				charLine = rl.num
			}
		case level == 2 && inGEDC && string(rl.tag) == "VERS":
			version = strings.TrimSpace(string(rl.payload))
		}
	}
	return version, char, charLine
}

var bomUTF8 = []byte{0xEF, 0xBB, 0xBF}

// sniff looks at the first bytes for a byte order mark or the zero bytes
// of UTF-16, and reports whether they fixed the character set.
func (c *lineCheck) sniff() (bool, error) {
	b := c.lr.peek(4)
	if c.lr.err != nil {
		return false, fmt.Errorf("%s: read: %w", c.pos(1, 0), c.lr.err)
	}
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		c.lr.skip(3)
		c.bom = true
		return true, nil
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		c.lr.skip(2)
		c.bom = true
		c.utf16(false)
		return true, nil
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		c.lr.skip(2)
		c.bom = true
		c.utf16(true)
		return true, nil
	case len(b) >= 2 && b[0] == 0 && b[1] != 0:
		c.utf16(true)
		return true, nil
	case len(b) >= 2 && b[0] != 0 && b[1] == 0:
		c.utf16(false)
		return true, nil
	}
	return false, nil
}

// utf16 makes c read the rest of the input as UTF-16.
func (c *lineCheck) utf16(bigEndian bool) {
	e, name := unicode.LittleEndian, "UTF-16LE"
	if bigEndian {
		e, name = unicode.BigEndian, "UTF-16BE"
	}
	var rest io.Reader = bytes.NewReader(c.lr.unread())
	if !c.lr.eof {
		rest = io.MultiReader(rest, c.input)
	}
	dec := unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder()
	c.lr = newLineReader(transform.NewReader(rest, dec))
	c.encoding = name
}
