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

// A Line is one line of a GEDCOM file as a Scanner splits it. Its byte
// slices point into the Scanner's buffer and are valid only until the
// next call to Scan; a caller that keeps one must copy it.
type Line struct {
	// Level is the line's level, after the Scanner's leniency: with
	// AllowLevelJumps a line more than one level deeper than the line
	// before gets the level below it, as the Decoder reads it.
	Level int
	// Xref is the cross-reference identifier without its @ signs, or nil.
	Xref []byte
	// Tag is the tag as written (tags are ASCII and are not transcoded).
	Tag []byte
	// Value is the payload as written, after the delimiter: not
	// un-escaped (a GEDCOM 5.5.1 "@@" stays "@@") and, for a pointer,
	// with its @ signs ("@I1@"). Nil when the line has no payload.
	Value []byte
	// Pointer reports that Value is a pointer, "@I1@" or "@VOID@".
	Pointer bool
	// Num is the 1-based line number.
	Num int
}

// PointerXref returns the cross-reference identifier a pointer line
// points to, without its @ signs ("I1"), or nil when l is not a pointer.
func (l *Line) PointerXref() []byte {
	if !l.Pointer {
		return nil
	}
	return l.Value[1 : len(l.Value)-1]
}

// A Scanner reads a GEDCOM file one line at a time, the way bufio.Scanner
// reads lines and encoding/csv.Reader reads fields: Scan advances to the
// next line, Line returns it split into level, cross-reference
// identifier, tag and payload, and Err returns the error that stopped
// Scan, a *SyntaxError with its position for bad input. It reads the
// lines the Decoder reads (GEDCOM 7.0 and 5.5.1, the same character sets,
// LF, CR LF or CR line ends, a byte order mark) with the same Allow
// options, but builds no records and copies nothing: for UTF-8 and ASCII
// input a Line points into the Scanner's read buffer. Files in UTF-16 or
// an 8-bit character set (ANSEL, Windows-1252, …) are transcoded to UTF-8
// first, Xref and Value field by field, as the Decoder does.
//
// A Scanner is a tokenizer, not a decoder:
//
//   - CONT and CONC lines are lines like any other; it does not join them
//     to the text they continue.
//   - It checks the line grammar (level, delimiters, identifier and tag
//     characters, the 255-character limit of GEDCOM 5.5.1), the levels
//     (the first line at level 0, each line at most one level deeper than
//     the one before, nothing under CONT or CONC, no CONT or CONC at level
//     0) and the file's frame (a HEAD record first, a TRLR last), and
//     nothing more of the record structure.
//   - It does not look inside payloads: it does not un-escape @ signs or
//     check them (AllowBadAtSigns does not apply), nor check that a
//     pointer is well formed beyond its shape, nor that a UTF-8 file's
//     bytes are valid UTF-8 (a caller that keeps a value can check it
//     with utf8.Valid). In the 8-bit character sets, bytes that are not
//     valid are an error unless AllowInvalidBytes is set.
//
// So every file the Decoder reads, the Scanner reads too, and the lines
// it yields, less CONT and CONC, are the Decoder's structures in order
// (FuzzScan checks it); the Scanner accepts some files the Decoder
// rejects.
type Scanner struct {
	// Filename is used in the positions of errors and warnings.
	Filename string

	// The Allow options mean what they mean for the Decoder (which see);
	// the zero value of each is strict.
	AllowLeadingWhitespace bool
	AllowBlankLines        bool
	AllowLongLines         bool
	AllowMissingTrailer    bool
	AllowInvalidBytes      bool
	AllowLooseSyntax       bool
	AllowLevelJumps        bool
	AllowUnnumberedLines   bool
	// Lenient turns on every Allow option.
	Lenient bool

	// Warn, if set, is called with each warning (a *SyntaxError) about
	// something accepted because of an Allow option, once per kind, as
	// the Decoder reports them. If Warn is nil, warnings are collected in
	// Warnings.
	Warn     func(error)
	Warnings []error

	input    io.Reader
	lr       *lineReader
	started  bool
	err      error // sticky
	done     bool
	version  string
	encoding string
	v7       bool
	cs       charset
	warned   uint32

	line Line
	key  uint64 // the tag's bytes packed with its length (rawLine.tagKey)
	cont bool   // the line is CONT or CONC

	head    []rawLine // the header's lines, read raw before the first Scan returns
	headPos int
	rl      rawLine

	prevLevel  int  // level of the line before, -1 before the first
	depth      int  // the deepest level the next line may have, plus one; 0 before the first record
	maxLevel   int  // the deepest level fast reads: depth, or -1 where use must decide (after TRLR, before the first record)
	records    int  // level-0 lines read
	trailer    bool // the last level-0 line was TRLR
	afterTRLR  bool
	splitLevel int // the raw level of the last line split, -1 before the first
	splitCont  bool

	xbuf, vbuf []byte // transcoded fields, for the 8-bit character sets

	slow bool // tests: read every line through split and use, not fast
	// part is set on a Scanner that reads one part of a file split by
	// ScanStatsFile, not its end: finish checks nothing.
	part bool
	// warnKinds holds the kind of each warning in Warnings.
	warnKinds []uint32
	hot       bool // Scan may take its hot path: the header is read, no error, not slow
}

// NewScanner returns a Scanner reading from r.
func NewScanner(r io.Reader) *Scanner {
	return &Scanner{input: r}
}

// Version returns the GEDCOM version the header declares ("7.0",
// "5.5.1"), or "" before the first Scan or when the header does not say.
func (s *Scanner) Version() string { return s.version }

// Encoding returns the character set the Scanner reads the file in
// ("UTF-8", "UTF-16LE", "ANSEL", …), or "" before the first Scan.
func (s *Scanner) Encoding() string { return s.encoding }

// Line returns the line the last call to Scan read. Its byte slices are
// valid until the next call to Scan.
func (s *Scanner) Line() Line { return s.line }

// Err returns the error that made Scan return false, or nil at the end of
// a well-formed input. Errors in the input are *SyntaxErrors.
func (s *Scanner) Err() error { return s.err }

// Scan advances to the next line, which Line then returns. It returns
// false at the end of the input or at an error, which Err returns.
func (s *Scanner) Scan() bool {
	// The hot path: a line ending in LF, in a buffer with no CR, of the
	// form fast reads.
	if lr := s.lr; s.hot && lr.crOK && lr.crPos < 0 {
		buf := lr.buf[lr.start:lr.end]
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			lr.start += i + 1
			lr.lf++
			lr.line++
			if s.fast(buf[:i]) {
				return true
			}
			if ok, err := s.other(buf[:i]); ok || err != nil {
				return s.result(err)
			}
		}
	}
	return s.result(s.scan())
}

// result makes err the Scanner's error, or ends the input at io.EOF, and
// reports whether there is a line.
func (s *Scanner) result(err error) bool {
	if err == nil {
		return true
	}
	s.hot = false
	if err == io.EOF {
		s.done = true
	} else {
		s.err = err
	}
	return false
}

func (s *Scanner) scan() error {
	if s.err != nil {
		return s.err
	}
	if s.done {
		return io.EOF
	}
	if !s.started {
		if err := s.start(); err != nil {
			return err
		}
	}
	if s.headPos < len(s.head) {
		rl := &s.head[s.headPos]
		s.headPos++
		s.hot = s.headPos == len(s.head) && !s.slow
		if rl.length > 255 && !s.v7 {
			if err := s.checkLength(rl); err != nil {
				return err
			}
		}
		if err := s.checkLine(rl); err != nil {
			return err
		}
		return s.use(rl)
	}
	for {
		b, ok, err := s.lr.next()
		if err != nil {
			return fmt.Errorf("%s: read: %w", s.pos(s.lr.line+1, 0), err)
		}
		if !ok {
			return s.finish()
		}
		if !s.slow && s.fast(b) {
			return nil
		}
		if ok, err := s.other(b); ok || err != nil {
			return err
		}
	}
}

// other reads a line that fast does not read, and reports whether it
// is a line to return (false for a line to skip).
func (s *Scanner) other(b []byte) (bool, error) {
	rl := &s.rl
	skip, err := s.split(b, rl)
	if err != nil {
		return false, err
	}
	if skip {
		return false, nil
	}
	return true, s.use(rl)
}

// fast splits a line of the form nearly every line has, "LEVEL [@XREF@]
// TAG [PAYLOAD]" with a one-digit level, single spaces and a tag of
// upper-case letters, digits and underscores, and reports whether it did.
// It gives what split and use would; anything else, including every line
// that split would warn about or reject, it leaves to them (returning
// false before changing any state). TestScanFastPath compares both ways.
func (s *Scanner) fast(b []byte) bool {
	if len(b) < 3 || (len(b) > 255 && !s.v7) {
		return false
	}
	level := int(b[0]) - '0'
	if level < 0 || level > 9 || b[1] != ' ' {
		return false
	}
	i := 2
	var xref []byte
	if b[2] == '@' {
		j := bytes.IndexByte(b[3:], '@')
		if j <= 0 {
			return false
		}
		xref = b[3 : 3+j]
		i = 4 + j
		if i >= len(b) || b[i] != ' ' || badXrefChar(xref, s.v7) >= 0 || (s.v7 && string(xref) == "VOID") {
			return false
		}
		i++
	}
	t := i
	key, n := tagKey(b, t)
	if n <= 0 {
		return false
	}
	i = t + n
	tag := b[t:i]
	cont := key == keyCONT || key == keyCONC
	// The level checks of use, for the lines that pass them: maxLevel
	// is -1 where use must decide.
	if level > s.maxLevel || (cont && (level == 0 || xref != nil)) {
		return false
	}
	l := &s.line
	l.Level, l.Xref, l.Tag, l.Num = level, xref, tag, s.lr.line
	l.Value, l.Pointer = nil, false
	if i < len(b) {
		v := b[i+1:]
		l.Value = v
		l.Pointer = len(v) >= 3 && v[0] == '@' && isShortPointer(v)
	}
	if s.cs.kind != csUTF8 {
		if err := s.transcode(3, t+1, i+2); err != nil {
			return false
		}
	}
	s.key, s.cont = key, cont
	s.splitLevel, s.splitCont = level, cont
	s.prevLevel = level
	switch {
	case level == 0:
		s.records++
		s.depth = 1
		s.trailer = key == keyTRLR
		s.maxLevel = 1
		if s.trailer {
			s.maxLevel = -1
		}
	case cont:
		s.depth, s.maxLevel = level, level
	default:
		s.depth, s.maxLevel = level+1, level+1
	}
	return true
}

// tagKey reads the tag at b[t:], up to a space or the end of b, when it
// is one fast reads: upper-case letters, digits and underscores, not a
// digit first, not "_" alone. It returns the tag key (rawLine.tagKey) and
// the tag's length, or n <= 0 for anything else. Tags of up to 7 bytes
// are read 8 bytes at a time (from the buffer b is a slice of, past its
// end if need be), which saves a branch a byte.
func tagKey(b []byte, t int) (key uint64, n int) {
	if t+8 <= cap(b) {
		w := b[t : t+8 : t+8]
		x := binary.LittleEndian.Uint64(w)
		// The first space, or the end of the line.
		const ones, high = 0x0101010101010101, 0x8080808080808080
		y := x ^ (ones * ' ')
		sp := (y - ones) &^ y & high
		n = len(b) - t
		if sp != 0 {
			n = min(n, bits.TrailingZeros64(sp)>>3)
		}
		if n > 0 && n < 8 {
			mask := uint64(1)<<(8*n) - 1
			x &= mask
			// Per byte, with no carries since each is < 0x80: ok when
			// 'A' <= c <= 'Z', '0' <= c <= '9' or c == '_'.
			upper := (x + ones*(0x80-'A')) &^ (x + ones*(0x80-'Z'-1))
			digit := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1))
			u := x ^ (ones * '_')
			under := ^((u&^high + ones*0x7F) | u | ones*0x7F) // exactly the zero bytes of u
			ok := (upper | digit | under) & high & mask
			first := w[0]
			if x&high == 0 && ok == high&mask && !(first >= '0' && first <= '9') && !(n == 1 && first == '_') {
				return bits.ReverseBytes64(x)>>(64-8*n)<<8 | uint64(n), n
			}
			return 0, 0
		}
	}
	var k uint64
	i := t
	for ; i < len(b) && b[i] != ' '; i++ {
		c := b[i]
		if !(c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9' && i > t) {
			return 0, 0
		}
		k = k<<8 | uint64(c)
	}
	n = i - t
	if n == 0 || (n == 1 && b[t] == '_') {
		return 0, 0
	}
	return k<<8 | uint64(n), n
}

// isShortPointer is isPointer for a payload that starts with @, with a
// loop instead of a call for the short payloads pointers are.
func isShortPointer(v []byte) bool {
	if len(v) > 32 {
		return isPointer(v)
	}
	if v[len(v)-1] != '@' || v[1] == '@' || v[1] == '#' {
		return false
	}
	for _, c := range v[1 : len(v)-1] {
		if c == '@' {
			return false
		}
	}
	return true
}

// isPointer reports whether a payload is a pointer, by the rule the
// Decoder applies: "@", a first character that is neither @ nor #, no @
// inside, "@".
func isPointer(b []byte) bool {
	return len(b) >= 3 && b[0] == '@' && b[len(b)-1] == '@' && b[1] != '@' && b[1] != '#' &&
		bytes.IndexByte(b[1:len(b)-1], '@') < 0
}

// transcode converts the line's Xref and Value from the file's 8-bit
// character set to UTF-8. The columns are where they start (1-based), for
// errors.
func (s *Scanner) transcode(xrefCol, tagCol, valueCol int) error {
	l := &s.line
	var bad int
	if l.Xref != nil {
		s.xbuf, bad = s.cs.appendDecode(s.xbuf[:0], l.Xref)
		if bad >= 0 {
			if err := s.badByte(l.Num, xrefCol+1+bad, l.Xref[bad]); err != nil {
				return err
			}
		}
		l.Xref = s.xbuf
	}
	if l.Value != nil {
		s.vbuf, bad = s.cs.appendDecode(s.vbuf[:0], l.Value)
		if bad >= 0 {
			if err := s.badByte(l.Num, valueCol+bad, l.Value[bad]); err != nil {
				return err
			}
		}
		l.Value = s.vbuf
	}
	return nil
}

func (s *Scanner) badByte(num, col int, c byte) error {
	if !s.allow(s.AllowInvalidBytes) {
		return s.errorAt(num, col, ErrEncoding, "byte %#02x is not valid %s", c, s.encoding)
	}
	s.warn(wBytes, num, col, ErrEncoding, "byte %#02x is not valid %s; replaced by U+FFFD", c, s.encoding)
	return nil
}

// use makes a line that split read the current line, after the level
// checks.
func (s *Scanner) use(rl *rawLine) error {
	l := &s.line
	l.Level, l.Xref, l.Tag, l.Value, l.Pointer, l.Num = rl.level, rl.xref, rl.tag, nil, false, rl.num
	if rl.hasPayload {
		l.Value = rl.payload
		l.Pointer = isPointer(l.Value)
	}
	s.key, s.cont = rl.tagKey, rl.isCont()
	if err := s.levels(rl); err != nil {
		return err
	}
	if s.cs.kind != csUTF8 {
		return s.transcode(rl.xrefCol, rl.tagCol, rl.payloadCol)
	}
	return nil
}

// levels checks the line's level against the lines before, as the
// Decoder's handle does, and sets Line.Level to the level it is read at.
func (s *Scanner) levels(rl *rawLine) error {
	l := &s.line
	if s.trailer && !s.afterTRLR {
		s.afterTRLR = true
		if !s.allow(s.AllowMissingTrailer) {
			return s.errorAt(rl.num, 1, ErrTrailer, "content after TRLR")
		}
		s.warn(wTrailer, rl.num, 1, ErrTrailer, "content after TRLR")
	}
	level := rl.level
	if level == 0 {
		if s.cont {
			return s.errorAt(rl.num, rl.tagCol, ErrCONT, "%s at level 0 has nothing to continue", rl.tag)
		}
		if s.records == 0 && string(rl.tag) != "HEAD" {
			if !s.allow(s.AllowLooseSyntax) {
				return s.errorAt(rl.num, rl.tagCol, ErrHeader, "file starts with %s, not HEAD", rl.tag)
			}
			s.warn(wLoose, rl.num, rl.tagCol, ErrHeader, "file starts with %s, not HEAD", rl.tag)
		}
		s.records++
		s.depth = 1
		s.trailer = string(rl.tag) == "TRLR"
		s.prevLevel = 0
		s.maxLevel = 1
		if s.trailer {
			s.maxLevel = -1
		}
		l.Level = 0
		return nil
	}
	if s.depth == 0 {
		return s.errorAt(rl.num, 1, ErrLevel, "first line has level %d, want 0", level)
	}
	if level > s.prevLevel+1 {
		if !s.allow(s.AllowLevelJumps) {
			return s.errorAt(rl.num, 1, ErrLevel, "level %d follows level %d", level, s.prevLevel)
		}
		s.warn(wJump, rl.num, 1, ErrLevel, "level %d follows level %d; read as level %d", level, s.prevLevel, s.prevLevel+1)
		level = s.prevLevel + 1
	}
	if level > s.depth {
		// The line before was CONT or CONC.
		if !s.cont || !s.allow(s.AllowLooseSyntax) {
			return s.errorAt(rl.num, 1, ErrCONT, "CONT or CONC cannot have substructures")
		}
		s.warn(wCONT, rl.num, 1, ErrCONT, "%s under CONT or CONC; read as continuing the same text", rl.tag)
		level = s.depth
	}
	if s.cont && rl.xref != nil {
		if !s.allow(s.AllowLooseSyntax) {
			return s.errorAt(rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier", rl.tag)
		}
		s.warn(wCONT, rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier; it is dropped", rl.tag)
	}
	s.prevLevel = level
	if s.cont {
		s.depth = level
	} else {
		s.depth = level + 1
	}
	s.maxLevel = s.depth
	if s.trailer {
		s.maxLevel = -1
	}
	l.Level = level
	return nil
}

// finish ends the input: it checks that the file had records and ended
// with TRLR, and returns io.EOF when it did.
func (s *Scanner) finish() error {
	if s.part {
		return io.EOF
	}
	if s.records == 0 {
		return s.errorAt(s.lr.line+1, 0, ErrHeader, "empty file: no HEAD record")
	}
	if !s.trailer {
		if !s.allow(s.AllowMissingTrailer) {
			return s.errorAt(s.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
		}
		s.warn(wTrailer, s.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
	}
	return io.EOF
}

func (s *Scanner) allow(opt bool) bool { return opt || s.Lenient }

func (s *Scanner) pos(line, col int) Position {
	return Position{Filename: s.Filename, Line: line, Column: col}
}

func (s *Scanner) errorAt(line, col int, sentinel error, format string, args ...any) error {
	return &SyntaxError{Pos: s.pos(line, col), Err: &detail{sentinel, fmt.Sprintf(format, args...)}}
}

// warn reports a problem accepted by an Allow option, once per kind.
func (s *Scanner) warn(kind uint32, line, col int, sentinel error, format string, args ...any) {
	if s.warned&kind != 0 {
		return
	}
	s.warned |= kind
	err := s.errorAt(line, col, sentinel, format+" (accepted by "+warnOption[kind]+"; later cases are not reported)", args...)
	if s.Warn != nil {
		s.Warn(err)
		return
	}
	s.Warnings = append(s.Warnings, err)
	s.warnKinds = append(s.warnKinds, kind)
}

// split removes what the Allow options accept and splits a line into its
// parts, as the Decoder's split does. skip is true for a line to ignore.
func (s *Scanner) split(line []byte, rl *rawLine) (skip bool, err error) {
	num := s.lr.line
	if len(line) > 0 && isSpace(line[0]) {
		i := 0
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i < len(line) {
			if !s.allow(s.AllowLeadingWhitespace) {
				return false, s.errorAt(num, 1, ErrSyntax, "line starts with white space")
			}
			s.warn(wWhitespace, num, 1, ErrSyntax, "line starts with white space")
		}
		line = line[i:]
	}
	if len(line) == 0 || (len(line) == 1 && line[0] == 0x1A) {
		// A blank line, or the DOS end-of-file mark ^Z.
		if s.trailer || s.allow(s.AllowBlankLines) {
			if !s.trailer {
				s.warn(wBlank, num, 1, ErrSyntax, "blank line")
			}
			return true, nil
		}
		if len(line) == 0 {
			return false, s.errorAt(num, 1, ErrSyntax, "blank line")
		}
		return false, s.errorAt(num, 1, ErrSyntax, "control character ^Z")
	}
	le := parseLine(rl, line, s.allow(s.AllowLooseSyntax))
	if le != nil && le.col == 1 && errors.Is(le.err, ErrLevel) && s.allow(s.AllowUnnumberedLines) && s.splitLevel >= 0 {
		s.warn(wUnnumbered, num, 1, ErrLevel, "line does not start with a level number; read as CONT")
		*rl, le = rawLine{level: s.splitLevel + 1, tag: tagCONT, tagKey: keyCONT, payload: line, hasPayload: true, payloadCol: 1}, nil
		if s.splitCont {
			rl.level = s.splitLevel
		}
	}
	if le != nil {
		return false, &SyntaxError{Pos: s.pos(num, le.col), Err: le.err}
	}
	s.splitLevel = rl.level
	s.splitCont = rl.isCont()
	rl.num = num
	rl.length = len(line)
	if len(line) > 255 {
		rl.runes = utf8.RuneCount(line)
	}
	if len(line) > 255 && !s.v7 && s.started {
		if err := s.checkLength(rl); err != nil {
			return false, err
		}
	}
	if rl.irregular != "" {
		s.warn(wLoose, num, 1, ErrSyntax, "%s", rl.irregular)
	}
	if s.started {
		if err := s.checkLine(rl); err != nil {
			return false, err
		}
	}
	return false, nil
}

// checkLength enforces the 255-character line limit of GEDCOM 5.5.1.
func (s *Scanner) checkLength(rl *rawLine) error {
	n := rl.length
	if s.cs.kind == csUTF8 {
		n = rl.runes
	}
	if n <= 255 {
		return nil
	}
	if !s.allow(s.AllowLongLines) {
		return s.errorAt(rl.num, 256, ErrLineTooLong, "line has %d characters, more than 255", n)
	}
	s.warn(wLong, rl.num, 256, ErrLineTooLong, "line has %d characters, more than 255", n)
	return nil
}

// checkLine enforces the characters allowed in tags and identifiers, or
// with AllowLooseSyntax warns about them.
func (s *Scanner) checkLine(rl *rawLine) error {
	if c := badTagChar(rl.tag, s.v7); c >= 0 {
		return s.loose(rl.num, rl.tagCol+c, ErrSyntax, fmt.Sprintf("bad character %q in tag %q", rl.tag[c], rl.tag))
	}
	if rl.xref != nil {
		if c := badXrefChar(rl.xref, s.v7); c >= 0 {
			return s.loose(rl.num, rl.xrefCol+1+c, ErrXref, fmt.Sprintf("bad character %q in cross-reference identifier @%s@", rl.xref[c], rl.xref))
		}
		if s.v7 && string(rl.xref) == "VOID" {
			return s.loose(rl.num, rl.xrefCol, ErrXref, "@VOID@ cannot identify a record")
		}
	}
	return nil
}

// loose returns an error for something AllowLooseSyntax accepts, or
// warns about it when the option is set. The warning's sentinel is
// ErrSyntax, as the Decoder's is.
func (s *Scanner) loose(num, col int, sentinel error, msg string) error {
	if !s.allow(s.AllowLooseSyntax) {
		return s.errorAt(num, col, sentinel, "%s", msg)
	}
	s.warn(wLoose, num, col, ErrSyntax, "%s", msg)
	return nil
}

// start detects the character set and reads the header's lines raw, to
// learn the version and character set, as the Decoder's start does; Scan
// then returns them one by one.
func (s *Scanner) start() error {
	s.started = true
	s.prevLevel = -1
	s.maxLevel = -1
	s.splitLevel = -1
	s.lr = newLineReader(s.input)
	s.cs = utf8Charset
	s.encoding = "UTF-8"
	fixed, err := s.sniff()
	if err != nil {
		return err
	}
	s.started = false // split must not apply version rules yet
	for {
		line, ok, err := s.lr.next()
		if err != nil {
			return fmt.Errorf("%s: read: %w", s.pos(s.lr.line+1, 0), err)
		}
		if !ok {
			break
		}
		var rl rawLine
		skip, err := s.split(line, &rl)
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		rl.copyBytes()
		s.head = append(s.head, rl)
		if rl.level == 0 && len(s.head) > 1 {
			break
		}
	}
	s.started = true
	version, char, charLine := headerFields(s.head, s.allow(s.AllowLevelJumps))
	s.version = version
	s.v7 = strings.HasPrefix(version, "7")
	if fixed || s.v7 {
		// A byte order mark or UTF-16 fixed the character set; GEDCOM 7
		// files are always UTF-8.
		return nil
	}
	cs, name, ok := charsetFor(char)
	if !ok {
		if !s.allow(s.AllowInvalidBytes) {
			return s.errorAt(charLine, 0, ErrEncoding, "unknown character set %q", char)
		}
		s.warn(wCharset, charLine, 0, ErrEncoding, "unknown character set %q; reading as UTF-8", char)
		return nil
	}
	s.cs, s.encoding = cs, name
	return nil
}

// headerFields reads HEAD.GEDC.VERS and HEAD.CHAR (trimmed) from the raw
// lines of the first record, as the Decoder does, and the line of CHAR.
// jumps is AllowLevelJumps: a level that jumps is read one below the
// line before.
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

// sniff looks at the first bytes for a byte order mark or the zero bytes
// of UTF-16, and reports whether they fixed the character set.
func (s *Scanner) sniff() (bool, error) {
	b := s.lr.peek(4)
	if s.lr.err != nil {
		return false, fmt.Errorf("%s: read: %w", s.pos(1, 0), s.lr.err)
	}
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		s.lr.skip(3)
		return true, nil
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		s.lr.skip(2)
		s.utf16(false)
		return true, nil
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		s.lr.skip(2)
		s.utf16(true)
		return true, nil
	case len(b) >= 2 && b[0] == 0 && b[1] != 0:
		s.utf16(true)
		return true, nil
	case len(b) >= 2 && b[0] != 0 && b[1] == 0:
		s.utf16(false)
		return true, nil
	}
	return false, nil
}

// utf16 makes the Scanner read the rest of the input as UTF-16.
func (s *Scanner) utf16(bigEndian bool) {
	e, name := unicode.LittleEndian, "UTF-16LE"
	if bigEndian {
		e, name = unicode.BigEndian, "UTF-16BE"
	}
	var rest io.Reader = bytes.NewReader(s.lr.unread())
	if !s.lr.eof {
		rest = io.MultiReader(rest, s.input)
	}
	dec := unicode.UTF16(e, unicode.IgnoreBOM).NewDecoder()
	s.lr = newLineReader(transform.NewReader(rest, dec))
	s.encoding = name
}
