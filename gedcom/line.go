package gedcom

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// lineReader splits its input into lines ending in LF, CR LF or CR, and
// counts which terminators it saw. It keeps one buffer, so memory is
// bounded by the longest line.
type lineReader struct {
	r     io.Reader
	buf   []byte
	start int // first unread byte in buf
	end   int // end of data in buf
	lfPos int // index in buf of the next '\n' at or after start, -1 if none before end
	lfOK  bool
	crPos int // the same for '\r'
	crOK  bool
	eof   bool
	err   error

	// With checkUTF8 set, fill checks each chunk of input for valid UTF-8
	// in bulk: buf[start:validEnd] is valid unless invalid is set, and
	// lineValid tells whether the line last returned was inside it.
	checkUTF8 bool
	validEnd  int
	invalid   bool
	lineValid bool

	line         int // number of the line last returned, 1-based
	lf, crlf, cr int // terminators seen
}

const minRead = 64 << 10

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: make([]byte, 0, minRead)}
}

// fill reads more input, moving unread data to the front and growing the
// buffer when it is full of one line.
func (l *lineReader) fill() {
	if l.start > 0 {
		n := copy(l.buf[:cap(l.buf)], l.buf[l.start:l.end])
		if l.lfPos >= 0 {
			l.lfPos -= l.start
		}
		if l.crPos >= 0 {
			l.crPos -= l.start
		}
		l.validEnd = max(l.validEnd-l.start, 0)
		l.start, l.end = 0, n
	}
	if l.end == cap(l.buf) {
		nb := make([]byte, 2*cap(l.buf))
		copy(nb, l.buf[:l.end])
		l.buf = nb[:0]
	}
	buf := l.buf[:cap(l.buf)]
	for i := 0; i < 100; i++ {
		n, err := l.r.Read(buf[l.end:])
		l.end += n
		if err != nil {
			if err == io.EOF {
				l.eof = true
			} else {
				l.err = err
			}
			break
		}
		if n > 0 {
			break
		}
	}
	if l.lfPos < 0 {
		l.lfOK = false // new data may hold a '\n'
	}
	if l.crPos < 0 {
		l.crOK = false
	}
	l.validate()
}

// validate checks the input read since the last check for valid UTF-8,
// up to the last character, which may be incomplete.
func (l *lineReader) validate() {
	if !l.checkUTF8 || l.invalid {
		return
	}
	b := l.buf[:cap(l.buf)]
	if l.validEnd < l.start {
		l.validEnd = l.start
	}
	cut := l.end
	if !l.eof {
		for k := l.end - 1; k >= l.validEnd && k >= l.end-utf8.UTFMax; k-- {
			if b[k]&0xC0 != 0x80 {
				if b[k] >= 0x80 {
					cut = k
				}
				break
			}
		}
	}
	if utf8.Valid(b[l.validEnd:cut]) {
		l.validEnd = cut
	} else {
		l.invalid = true
	}
}

// peek returns up to n bytes at the start of the unread input.
func (l *lineReader) peek(n int) []byte {
	for l.end-l.start < n && !l.eof && l.err == nil {
		l.fill()
	}
	b := l.buf[:cap(l.buf)][l.start:l.end]
	if len(b) > n {
		b = b[:n]
	}
	return b
}

// skip discards n bytes that peek returned.
func (l *lineReader) skip(n int) {
	l.start += n
	l.lfOK, l.crOK = false, false
}

// next returns the next line without its terminator; the slice is valid
// until the following call. It returns ok == false at the end of input.
func (l *lineReader) next() (line []byte, ok bool, err error) {
	for {
		buf := l.buf[:cap(l.buf)]
		if !l.lfOK || (l.lfPos >= 0 && l.lfPos < l.start) {
			if i := bytes.IndexByte(buf[l.start:l.end], '\n'); i >= 0 {
				l.lfPos = l.start + i
			} else {
				l.lfPos = -1
			}
			l.lfOK = true
		}
		if !l.crOK || (l.crPos >= 0 && l.crPos < l.start) {
			if i := bytes.IndexByte(buf[l.start:l.end], '\r'); i >= 0 {
				l.crPos = l.start + i
			} else {
				l.crPos = -1
			}
			l.crOK = true
		}
		if k := l.crPos; k >= 0 && (l.lfPos < 0 || k < l.lfPos) {
			if k+1 == l.end && !l.eof && l.err == nil {
				l.fill()
				continue
			}
			line = buf[l.start:k]
			l.lineValid = !l.invalid && k <= l.validEnd && l.checkUTF8
			if k+1 < l.end && buf[k+1] == '\n' {
				l.crlf++
				l.start = k + 2
			} else {
				l.cr++
				l.start = k + 1
			}
			l.line++
			return line, true, nil
		}
		if l.lfPos >= 0 {
			line = buf[l.start:l.lfPos]
			l.lineValid = !l.invalid && l.lfPos <= l.validEnd && l.checkUTF8
			l.start = l.lfPos + 1
			l.lf++
			l.line++
			return line, true, nil
		}
		if l.err != nil {
			return nil, false, l.err
		}
		if l.eof {
			if l.start == l.end {
				return nil, false, nil
			}
			line = buf[l.start:l.end]
			l.lineValid = !l.invalid && l.end <= l.validEnd && l.checkUTF8
			l.start = l.end
			l.line++
			return line, true, nil
		}
		l.fill()
	}
}

// lineEnding returns the terminator seen most often, "\n" when none.
func (l *lineReader) lineEnding() string {
	switch {
	case l.crlf > l.lf && l.crlf >= l.cr:
		return "\r\n"
	case l.cr > l.lf && l.cr > l.crlf:
		return "\r"
	}
	return "\n"
}

// rawLine is one line split into its parts. The byte slices point into
// the line and are valid until the next line is read, unless copied.
type rawLine struct {
	num        int // line number
	length     int // bytes in the line, without terminator
	runes      int // UTF-8 characters in the line, counted when length > 255
	level      int
	xref       []byte // without the @ signs; nil if none
	xrefCol    int
	tag        []byte
	tagKey     uint64 // the tag's bytes packed, exact for tags of up to 7 bytes
	tagCol     int
	payload    []byte
	hasPayload bool // the line has a delimiter after the tag (the payload may still be empty)
	payloadCol int
	valid      bool   // the line is known to be valid UTF-8
	irregular  string // what loose parsing accepted, if anything
}

func (r *rawLine) copyBytes() {
	r.xref = bytes.Clone(r.xref)
	r.tag = bytes.Clone(r.tag)
	r.payload = bytes.Clone(r.payload)
}

// lineError is a problem found while splitting a line; col is 1-based.
type lineError struct {
	col int
	err error
}

const maxLevelDigits = 6

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// parseLine splits b into level, xref, tag and payload. loose accepts
// several spaces or tabs between fields, a tab as delimiter, and levels
// with leading zeros, which GEDCOM 5.5.1 and 7.0 both forbid.
func parseLine(r *rawLine, b []byte, loose bool) *lineError {
	*r = rawLine{}
	i := 0
	n := len(b)
	// Level.
	for i < n && b[i] >= '0' && b[i] <= '9' {
		if i < maxLevelDigits {
			r.level = r.level*10 + int(b[i]-'0')
		} else {
			r.level = 1 << 30
		}
		i++
	}
	if i == 0 {
		return &lineError{1, &detail{ErrLevel, "line does not start with a level number"}}
	}
	if i > 1 && b[0] == '0' {
		if !loose {
			return &lineError{1, &detail{ErrLevel, "level " + string(b[:i]) + " has a leading zero"}}
		}
		r.irregular = "level " + string(b[:i]) + " has a leading zero"
	}
	if i == n {
		return &lineError{i + 1, &detail{ErrSyntax, "missing tag after level"}}
	}
	var odd bool
	if i, odd = skipDelim(b, i, loose); i < 0 {
		return &lineError{-i, &detail{ErrSyntax, "want a space after the level"}}
	} else if odd {
		r.irregular = "white space other than one space after the level"
	}
	// Optional xref.
	if i < n && b[i] == '@' {
		r.xrefCol = i + 1
		j := bytes.IndexByte(b[i+1:], '@')
		if j < 0 {
			return &lineError{i + 1, &detail{ErrXref, "cross-reference identifier has no closing @"}}
		}
		r.xref = b[i+1 : i+1+j]
		if j == 0 {
			return &lineError{i + 1, &detail{ErrXref, "empty cross-reference identifier @@"}}
		}
		i += j + 2
		if i == n {
			return &lineError{i + 1, &detail{ErrSyntax, "missing tag after cross-reference identifier"}}
		}
		if i, odd = skipDelim(b, i, loose); i < 0 {
			return &lineError{-i, &detail{ErrSyntax, "want a space after the cross-reference identifier"}}
		} else if odd {
			r.irregular = "white space other than one space after the cross-reference identifier"
		}
	}
	// Tag.
	r.tagCol = i + 1
	t := i
	var k uint64
	for i < n && b[i] != ' ' && !(loose && b[i] == '\t') {
		k = k<<8 | uint64(b[i])
		i++
	}
	r.tagKey = k<<8 | uint64(i-t)
	r.tag = b[t:i]
	if len(r.tag) == 0 {
		return &lineError{t + 1, &detail{ErrSyntax, "missing tag"}}
	}
	if i < n {
		r.hasPayload = true
		r.payload = b[i+1:]
		r.payloadCol = i + 2
	}
	return nil
}

// skipDelim skips the delimiter at b[i]: one space, or in loose mode a run
// of spaces and tabs. It returns the index after it, or -(column) of the
// offending byte. The bool reports whether the delimiter was irregular.
func skipDelim(b []byte, i int, loose bool) (int, bool) {
	if i < len(b) && b[i] == ' ' && (i+1 == len(b) || !isSpace(b[i+1])) {
		return i + 1, false
	}
	if !loose {
		if i < len(b) && b[i] == ' ' {
			return -(i + 2), false
		}
		return -(i + 1), false
	}
	if i >= len(b) || !isSpace(b[i]) {
		return -(i + 1), false
	}
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i, true
}
