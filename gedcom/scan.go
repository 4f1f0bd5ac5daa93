package gedcom

import (
	"bytes"
	"encoding/binary"
	"io"
	"math/bits"
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

	// Options are the Decoder's, which see; the Scanner does not look
	// inside payloads, so AllowBadAtSigns does not apply.
	Options

	// Warn, if set, is called with each warning (a *SyntaxError) about
	// something accepted because of an Allow option, once per kind, as
	// the Decoder reports them. If Warn is nil, warnings are collected in
	// Warnings.
	Warn     func(error)
	Warnings []error

	lineCheck
	err  error // sticky
	done bool

	line Line
	key  uint64 // the tag's bytes packed with its length (rawLine.tagKey)
	cont bool   // the line is CONT or CONC

	head    []rawLine // the header's lines, read raw before the first Scan returns
	headPos int
	rl      rawLine

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
	return &Scanner{lineCheck: lineCheck{input: r}}
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
		if err := s.checkLine(rl); err != nil {
			return err
		}
		return s.use(rl)
	}
	for {
		b, ok, err := s.lr.next()
		if err != nil {
			return s.readError(err)
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
	level, xref, t, n, key, ok := s.fastPrefix(b)
	if !ok {
		return false
	}
	i := t + n
	l := &s.line
	l.Level, l.Xref, l.Tag, l.Num = level, xref, b[t:i], s.lr.line
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
	cont := key == keyCONT || key == keyCONC
	s.key, s.cont = key, cont
	s.splitLevel, s.splitCont = level, cont
	s.advance(level, cont, key == keyTRLR)
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
	if !s.allow(s.opts.AllowInvalidBytes) {
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
// Decoder does, and sets Line.Level to the level it is read at.
func (s *Scanner) levels(rl *rawLine) error {
	level, err := s.level(rl)
	if err != nil {
		return err
	}
	if s.cont && rl.xref != nil {
		if !s.allow(s.opts.AllowLooseSyntax) {
			return s.errorAt(rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier", rl.tag)
		}
		s.warn(wCONT, rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier; it is dropped", rl.tag)
	}
	s.line.Level = level
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
		if !s.allow(s.opts.AllowMissingTrailer) {
			return s.errorAt(s.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
		}
		s.warn(wTrailer, s.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
	}
	return io.EOF
}

// report delivers a warning: to Warn, or to Warnings with its kind.
func (s *Scanner) report(kind uint32, err error) {
	if s.Warn != nil {
		s.Warn(err)
		return
	}
	s.Warnings = append(s.Warnings, err)
	s.warnKinds = append(s.warnKinds, kind)
}

// start reads the header's lines raw, to learn the version and character
// set; Scan then returns them one by one.
func (s *Scanner) start() error {
	s.init(s.input, s.Filename, s.Options, s.report)
	head, err := s.readHead()
	s.head = head
	return err
}
