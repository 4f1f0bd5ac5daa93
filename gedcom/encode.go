package gedcom

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An Encoder writes GEDCOM records to an output stream, in UTF-8. It makes
// the CONT lines (and, for GEDCOM 5.5.1, the CONC lines) that carry
// multi-line and long values, and escapes @ signs as the version requires.
type Encoder struct {
	// Version is the GEDCOM version to write: "7.0" (the default when
	// empty) or "5.5.1" (also "5.5" and "5.5.5"). It decides @ escaping:
	// GEDCOM 7 doubles only an @ that starts a line's payload, GEDCOM 5.5.1
	// doubles every @ except in escape sequences such as @#DJULIAN@. It
	// also decides line splitting: GEDCOM 5.5.1 lines are kept to 255
	// characters with CONC lines, split between two non-space characters;
	// GEDCOM 7 has no CONC and no line limit.
	Version string
	// LineEnding terminates each line; "\n" when empty.
	LineEnding string
	// BOM makes the encoder start the output with a UTF-8 byte order mark.
	BOM bool

	w       *bufio.Writer
	started bool
	err     error
	line    []byte
	units   []unit
}

// NewEncoder returns an Encoder writing to w. Output is buffered: call
// Flush (EncodeDocument does) when done.
func NewEncoder(w io.Writer) *Encoder {
	return &Encoder{w: bufio.NewWriterSize(w, 64<<10)}
}

// ErrEncode is the error an Encoder returns for a Node it cannot write.
var ErrEncode = errors.New("cannot encode")

// maxLine551 is the GEDCOM 5.5.1 limit on a line, terminator included.
const maxLine551 = 255

// Encode writes one record, n and its substructures, n at level 0.
// Writing a HEAD record in 5.5.1 whose CHAR says another character set
// writes CHAR UTF-8 instead, since the encoder writes UTF-8.
func (e *Encoder) Encode(n *Node) error {
	if e.err != nil {
		return e.err
	}
	if !e.started {
		e.started = true
		if e.BOM {
			e.w.Write(bomUTF8)
		}
	}
	if err := e.node(0, n, n.Tag == "HEAD"); err != nil {
		return err
	}
	if _, err := e.w.Write(nil); err != nil {
		e.err = fmt.Errorf("write gedcom: %w", err)
		return e.err
	}
	return nil
}

// EncodeDocument writes every record of d and flushes. It writes the
// records as they are; d.Version, d.BOM and d.LineEnding are not used
// (set the Encoder's fields from them to keep them).
func (e *Encoder) EncodeDocument(d *Document) error {
	for _, r := range d.Records {
		if err := e.Encode(r); err != nil {
			return err
		}
	}
	return e.Flush()
}

// Flush writes any buffered data to the underlying writer.
func (e *Encoder) Flush() error {
	if e.err != nil {
		return e.err
	}
	if err := e.w.Flush(); err != nil {
		e.err = fmt.Errorf("write gedcom: %w", err)
		return e.err
	}
	return nil
}

func (e *Encoder) v7() bool { return e.Version == "" || strings.HasPrefix(e.Version, "7") }

func (e *Encoder) eol() string {
	if e.LineEnding == "" {
		return "\n"
	}
	return e.LineEnding
}

func encodeErr(n *Node, format string, args ...any) error {
	return fmt.Errorf("encode %s (line %d): %w: %s", n.Tag, n.Line, ErrEncode, fmt.Sprintf(format, args...))
}

func checkIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '@' || c < 0x20 || c == 0x7F {
			return false
		}
	}
	return true
}

// node writes n at level and its substructures below it.
func (e *Encoder) node(level int, n *Node, inHead bool) error {
	if n == nil {
		return fmt.Errorf("encode: %w: nil node", ErrEncode)
	}
	if n.Tag == "" || strings.ContainsAny(n.Tag, " \t\r\n@") {
		return encodeErr(n, "bad tag %q", n.Tag)
	}
	if n.Xref != "" && (!checkIdent(n.Xref) || n.Xref[0] == ' ' || n.Xref[0] == '#') {
		return encodeErr(n, "bad cross-reference identifier %q", n.Xref)
	}
	if n.Pointer != "" {
		if !checkIdent(n.Pointer) || n.Pointer[0] == '#' {
			return encodeErr(n, "bad pointer %q", n.Pointer)
		}
		if n.Value != "" {
			return encodeErr(n, "both a pointer and a value")
		}
	}
	l := e.line[:0]
	l = strconv.AppendInt(l, int64(level), 10)
	l = append(l, ' ')
	if n.Xref != "" {
		l = append(l, '@')
		l = append(l, n.Xref...)
		l = append(l, '@', ' ')
	}
	l = append(l, n.Tag...)
	e.line = l
	switch {
	case n.Pointer != "":
		l = append(l, ' ', '@')
		l = append(l, n.Pointer...)
		l = append(l, '@')
		l = append(l, e.eol()...)
		e.w.Write(l)
		e.line = l
	case inHead && level == 1 && n.Tag == "CHAR" && !e.v7() && n.Value != "UTF-8":
		e.text(level, "UTF-8")
	default:
		e.text(level, n.Value)
	}
	for _, c := range n.Nodes {
		if err := e.node(level+1, c, inHead); err != nil {
			return err
		}
	}
	return nil
}

// text writes value as the payload of the line in e.line, with CONT lines
// for its line breaks.
func (e *Encoder) text(level int, value string) {
	first := true
	for {
		seg := value
		i := strings.IndexAny(value, "\r\n")
		if i >= 0 {
			seg = value[:i]
		}
		if !first {
			e.line = strconv.AppendInt(e.line[:0], int64(level+1), 10)
			e.line = append(e.line, " CONT"...)
		}
		e.segment(level+1, seg)
		first = false
		if i < 0 {
			return
		}
		if value[i] == '\r' && i+1 < len(value) && value[i+1] == '\n' {
			i++
		}
		value = value[i+1:]
	}
}

// segment writes one line of text as the payload of e.line, escaped, and
// for GEDCOM 5.5.1 split by CONC lines at contLevel.
func (e *Encoder) segment(contLevel int, s string) {
	eol := e.eol()
	if s == "" {
		e.line = append(e.line, eol...)
		e.w.Write(e.line)
		return
	}
	if e.v7() {
		e.line = append(e.line, ' ')
		if s[0] == '@' {
			e.line = append(e.line, '@')
		}
		e.line = append(e.line, s...)
		e.line = append(e.line, eol...)
		e.w.Write(e.line)
		return
	}
	avail := maxLine551 - len(eol) - len(e.line) - 1
	if !strings.Contains(s, "@") && len(s) <= avail {
		e.line = append(e.line, ' ')
		e.line = append(e.line, s...)
		e.line = append(e.line, eol...)
		e.w.Write(e.line)
		return
	}
	units := splitUnits(e.units[:0], s)
	e.units = units
	for {
		k := breakAt(units, avail)
		e.line = append(e.line, ' ')
		for _, u := range units[:k] {
			e.line = append(e.line, u.text...)
		}
		e.line = append(e.line, eol...)
		e.w.Write(e.line)
		units = units[k:]
		if len(units) == 0 {
			return
		}
		e.line = strconv.AppendInt(e.line[:0], int64(contLevel), 10)
		e.line = append(e.line, " CONC"...)
		avail = maxLine551 - len(eol) - len(e.line) - 1
	}
}

// A unit is a piece of escaped 5.5.1 text that a CONC split must not cut:
// one character, a doubled @, or an escape sequence like @#DJULIAN@.
type unit struct {
	text  string
	width int // characters
	space bool
}

func splitUnits(units []unit, s string) []unit {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '@' && i+1 < len(s) && s[i+1] == '#':
			if j := strings.IndexByte(s[i+2:], '@'); j >= 0 {
				units = append(units, unit{text: s[i : i+3+j], width: 3 + j})
				i += 3 + j
				continue
			}
			units = append(units, unit{text: "@@", width: 2})
			i++
		case c == '@':
			units = append(units, unit{text: "@@", width: 2})
			i++
		case c < utf8.RuneSelf:
			units = append(units, unit{text: s[i : i+1], width: 1, space: c == ' '})
			i++
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			units = append(units, unit{text: s[i : i+size], width: 1})
			i += size
		}
	}
	return units
}

// breakAt returns how many units go on a line with room for avail
// characters: all if they fit, else as many as fit ending between two
// non-space units, else as many as fit (at least one).
func breakAt(units []unit, avail int) int {
	w, fit := 0, 0
	for fit < len(units) && w+units[fit].width <= avail {
		w += units[fit].width
		fit++
	}
	if fit == len(units) {
		return fit
	}
	for k := fit; k > 0; k-- {
		if !units[k-1].space && !units[k].space {
			return k
		}
	}
	if fit == 0 {
		return 1
	}
	return fit
}
