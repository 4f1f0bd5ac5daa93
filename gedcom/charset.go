package gedcom

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

type csKind uint8

const (
	csUTF8  csKind = iota // UTF-8, and UTF-16 after transcoding
	csASCII               // 7-bit ASCII
	csTable               // a single-byte code page: high half from table
	csANSEL               // ANSEL (ANSI Z39.47) with the MARC-8 additions
)

// charset decodes the bytes of one line's field into UTF-8.
type charset struct {
	kind  csKind
	table *[128]rune // csTable: runes for bytes 0x80–0xFF
}

var utf8Charset = charset{kind: csUTF8}

// appendDecode appends b as UTF-8 to dst, with U+FFFD for bytes it
// cannot decode; bad is the index of the first such byte, or -1.
func (c charset) appendDecode(dst, b []byte) (out []byte, bad int) {
	switch c.kind {
	case csUTF8:
		if utf8.Valid(b) {
			return append(dst, b...), -1
		}
		return appendFixUTF8(dst, b)
	case csASCII:
		bad = firstHigh(b)
		if bad < 0 {
			return append(dst, b...), -1
		}
		for _, c := range b {
			if c >= 0x80 {
				dst = utf8.AppendRune(dst, utf8.RuneError)
			} else {
				dst = append(dst, c)
			}
		}
		return dst, bad
	case csTable:
		for _, ch := range b {
			if ch < 0x80 {
				dst = append(dst, ch)
			} else {
				dst = utf8.AppendRune(dst, c.table[ch-0x80])
			}
		}
		return dst, -1
	case csANSEL:
		if firstHigh(b) < 0 {
			return append(dst, b...), -1
		}
		return appendANSEL(dst, b)
	}
	return append(dst, b...), -1
}

func firstHigh(b []byte) int {
	for i, c := range b {
		if c >= 0x80 {
			return i
		}
	}
	return -1
}

// appendFixUTF8 appends b to dst with each byte of an invalid UTF-8
// sequence replaced by U+FFFD.
func appendFixUTF8(dst, b []byte) ([]byte, int) {
	bad := -1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			if bad < 0 {
				bad = i
			}
			dst = utf8.AppendRune(dst, utf8.RuneError)
			i++
			continue
		}
		dst = append(dst, b[i:i+size]...)
		i += size
	}
	return dst, bad
}

// tableOf returns the upper half of a code page.
func tableOf(cm *charmap.Charmap) *[128]rune {
	var t [128]rune
	for i := range t {
		t[i] = cm.DecodeByte(byte(0x80 + i))
	}
	return &t
}

// charsetFor maps a HEAD.CHAR value to a character set and its canonical
// name. An absent CHAR means UTF-8 (the GEDCOM 7 and 5.5.5 rule). "UNICODE"
// means UTF-16, but this is only asked when the bytes are not UTF-16, so
// it means UTF-8 here. ISO 8859-1 is read as Windows-1252, its superset for
// printable text (as web browsers do), since the producers that write
// LATIN1 use the Windows code page.
func charsetFor(char string) (charset, string, bool) {
	switch strings.ToUpper(strings.TrimSpace(char)) {
	case "", "UTF-8", "UTF8", "UNICODE", "UTF-16", "UTF16":
		return utf8Charset, "UTF-8", true
	case "ANSEL":
		return charset{kind: csANSEL}, "ANSEL", true
	case "ASCII", "US-ASCII":
		return charset{kind: csASCII}, "ASCII", true
	case "ANSI", "IBM WINDOWS", "IBM_WINDOWS", "WINDOWS", "WINDOWS-1252", "CP1252", "CP-1252", "MS-ANSI":
		return charset{kind: csTable, table: tableOf(charmap.Windows1252)}, "CP1252", true
	case "LATIN1", "LATIN-1", "ISO-8859-1", "ISO8859-1", "ISO 8859-1", "ISO-LATIN-1", "ISO_8859-1":
		return charset{kind: csTable, table: tableOf(charmap.Windows1252)}, "ISO-8859-1", true
	case "IBMPC", "IBM PC", "IBM-PC", "IBM DOS", "IBM_DOS", "MSDOS", "MS-DOS", "DOS", "CP437", "IBM437":
		return charset{kind: csTable, table: tableOf(charmap.CodePage437)}, "CP437", true
	case "CP850", "IBM850":
		return charset{kind: csTable, table: tableOf(charmap.CodePage850)}, "CP850", true
	case "MACINTOSH", "MACROMAN", "MAC", "MAC ROMAN":
		return charset{kind: csTable, table: tableOf(charmap.Macintosh)}, "MACINTOSH", true
	}
	return charset{}, "", false
}

// unread returns a copy of the input read but not yet returned.
func (l *lineReader) unread() []byte {
	return bytes.Clone(l.buf[:cap(l.buf)][l.start:l.end])
}
