package gedcom

import (
	"bytes"
	"io"
	"sync"
	"unsafe"
)

// A Decoder reads GEDCOM records from an input stream, one level-0 record
// at a time, so memory is bounded by the largest record rather than by the
// file.
//
// It reads GEDCOM 7.0 (always UTF-8) and GEDCOM 5.5.1, 5.5 and 5.5.5 files
// in UTF-8, UTF-16 (with or without a byte order mark), ANSEL, ASCII,
// Windows-1252 ("ANSI", "IBM WINDOWS"), ISO 8859-1, IBM code pages 437 and
// 850 ("IBMPC", "IBM DOS") and Mac Roman ("MACINTOSH"). The character set
// is taken from the byte order mark, else the byte pattern (UTF-16 without
// a mark), else the header's CHAR line; text is returned as UTF-8.
//
// The zero value of every Allow option is strict: the decoder returns a
// *SyntaxError for anything the specification forbids. Each option accepts
// one deviation that real 5.5.1 producers write; the decoder then reports
// the first occurrence of each kind of deviation as a warning (through
// Warn, or in Warnings). Lenient turns them all on.
type Decoder struct {
	// Filename is used in the positions of errors and warnings.
	Filename string

	// Options are the Allow options; the zero value is strict.
	Options

	// ReuseRecord lets Next reuse the Nodes of the record it returned
	// before, like encoding/csv's Reader.ReuseRecord: a record is then
	// valid only until the next call to Next. Streaming this way allocates
	// one string per record instead of the Nodes too. Decode ignores it.
	ReuseRecord bool

	// ReuseText, with ReuseRecord, lets Next also reuse the text of the
	// record it returned before: the Xref, Value and Pointer strings of a
	// record are then valid only until the next call to Next, and a caller
	// that keeps one must copy it (strings.Clone). Tags stay valid. Reading
	// then allocates nothing per record, so the garbage collector does not
	// run; Stats and the validator copy what they keep and are used this
	// way by `kin stats` and `kin validate`. Keeping a string past the next
	// call is a bug that shows as the string's bytes changing. Decode
	// ignores it.
	ReuseText bool

	// Warn, if set, is called with each warning (a *SyntaxError) about
	// something accepted because of an Allow option. If Warn is nil,
	// warnings are collected in Warnings.
	Warn func(error)
	// Warnings holds the warnings when Warn is nil, at most one per kind
	// of deviation.
	Warnings []error

	lineCheck
	err error // sticky error
	eof bool

	rl       rawLine // the line being read
	ready    *Node   // a finished record waiting to be returned
	rec      []pnode // the structures of the record being read
	text     []byte  // their strings
	spare    []byte  // with ReuseText, the text of the record returned last
	tmp      []byte  // scratch for unescaping
	nodeBuf  []Node  // the Nodes reused with ReuseRecord
	kidBuf   []*Node
	decoding bool    // in Decode, which keeps every record
	stack    []int32 // indexes in rec of the open structures, by level
	tags     *[tagTableSize]tagEntry
	tagList  []string         // the distinct tags read, for pnode.tag
	tagIdx   map[string]int32 // their indexes in tagList

	slow bool // tests: read every line through split and handle, not fast
}

// NewDecoder returns a Decoder reading from r.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{lineCheck: lineCheck{input: r}}
}

// Version returns the GEDCOM version the header declares ("7.0", "5.5.1"),
// or "" before the header has been read or when it does not say.
func (d *Decoder) Version() string { return d.version }

// Encoding returns the character set the decoder reads the file in
// ("UTF-8", "UTF-16LE", "ANSEL", …), or "" before the first Next.
func (d *Decoder) Encoding() string { return d.encoding }

// Decode reads the whole input and returns it as a Document.
func (d *Decoder) Decode() (*Document, error) {
	doc := &Document{}
	d.decoding = true
	defer func() { d.decoding = false }()
	for {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		doc.Records = append(doc.Records, n)
	}
	doc.Version = d.version
	doc.Encoding = d.encoding
	doc.BOM = d.bom
	doc.LineEnding = "\n"
	if d.lr != nil {
		doc.LineEnding = d.lr.lineEnding()
	}
	return doc, nil
}

// Kinds of warnings, reported once each.
const (
	wWhitespace uint32 = 1 << iota
	wBlank
	wLong
	wAt
	wTrailer
	wBytes
	wLoose
	wCharset
	wCONT
	wJump
	wUnnumbered
)

// warnOption names the option that accepts each kind of warning.
var warnOption = sync.OnceValue(func() map[uint32]string {
	return map[uint32]string{
		wWhitespace: "AllowLeadingWhitespace",
		wBlank:      "AllowBlankLines",
		wLong:       "AllowLongLines",
		wAt:         "AllowBadAtSigns",
		wTrailer:    "AllowMissingTrailer",
		wBytes:      "AllowInvalidBytes",
		wCharset:    "AllowInvalidBytes",
		wLoose:      "AllowLooseSyntax",
		wCONT:       "AllowLooseSyntax",
		wJump:       "AllowLevelJumps",
		wUnnumbered: "AllowUnnumberedLines",
	}
})

// report delivers a warning: to Warn, or to Warnings.
func (d *Decoder) report(_ uint32, err error) {
	if d.Warn != nil {
		d.Warn(err)
		return
	}
	d.Warnings = append(d.Warnings, err)
}

// Next returns the next level-0 record with its substructures. It returns
// io.EOF after the last record (normally TRLR, which is returned like any
// other record). After an error, Next keeps returning it.
func (d *Decoder) Next() (*Node, error) {
	if d.err != nil {
		return nil, d.err
	}
	n, err := d.next()
	if err != nil {
		d.err = err
	}
	return n, err
}

func (d *Decoder) next() (*Node, error) {
	if !d.started {
		if err := d.start(); err != nil {
			return nil, err
		}
	}
	for {
		if r := d.ready; r != nil {
			d.ready = nil
			return r, nil
		}
		if d.eof {
			return nil, io.EOF
		}
		line, ok, err := d.lr.next()
		if err != nil {
			return nil, d.readError(err)
		}
		if !ok {
			if err := d.finish(); err != nil {
				return nil, err
			}
			continue
		}
		if !d.slow && d.fast(line) {
			continue
		}
		rl := &d.rl
		skip, err := d.split(line, rl)
		if err != nil {
			return nil, err
		}
		if skip {
			continue
		}
		if err := d.handle(rl); err != nil {
			return nil, err
		}
	}
}

// fast reads a line of the form nearly every line of a file has, the way
// split and handle would, and reports whether it did: "LEVEL [@XREF@] TAG
// [PAYLOAD]" in UTF-8 already validated, a one-digit level no deeper than
// one below the line before, single spaces, a tag of upper-case letters,
// digits and underscores (not CONT or CONC), a payload with no @ unless it
// is a whole pointer, after the header and before TRLR. Anything else,
// including every line that is an error or a warning, it leaves alone
// (returning false before changing any state) for split and handle.
// TestFastPath and FuzzFastPath check that both ways give the same
// records, errors and warnings.
func (d *Decoder) fast(b []byte) bool {
	if !d.lr.lineValid || d.cs.kind != csUTF8 {
		return false
	}
	level, xref, t, n, key, ok := d.fastPrefix(b)
	if !ok || key == keyCONT || key == keyCONC {
		return false
	}
	i := t + n
	tag := b[t:i]
	var payload []byte
	if i < len(b) {
		payload = b[i+1:]
	}
	ptr := false
	if bytes.IndexByte(payload, '@') >= 0 {
		if len(payload) < 3 || payload[0] != '@' || payload[len(payload)-1] != '@' || payload[1] == '@' || payload[1] == '#' ||
			bytes.IndexByte(payload[1:len(payload)-1], '@') >= 0 {
			return false
		}
		if d.v7 && !d.allow(d.opts.AllowLooseSyntax) && badXrefChar(payload[1:len(payload)-1], true) >= 0 {
			return false
		}
		ptr = true
	}
	var parent int32 = -1
	if level == 0 {
		if len(d.rec) == 0 {
			return false
		}
		d.ready = d.build()
		d.stack = append(d.stack[:0], 0)
	} else {
		parent = d.stack[level-1]
		d.stack = append(d.stack[:level], int32(len(d.rec)))
		d.rec[parent].kids++
	}
	d.advance(level, false, key == keyTRLR)
	d.splitLevel, d.splitCont = level, false
	p := d.addNode()
	p.tag, p.line, p.parent = d.intern(tag, key), d.lr.line, parent
	if xref != nil {
		p.xref = span{len(d.text), len(xref)}
		d.text = append(d.text, xref...)
	}
	if ptr {
		payload = payload[1 : len(payload)-1]
	}
	if len(payload) > 0 {
		sp := span{len(d.text), len(payload)}
		d.text = append(d.text, payload...)
		if ptr {
			p.ptr = sp
		} else {
			p.value = sp
		}
	}
	return true
}

// keyTRLR is the tag key of TRLR (see rawLine.tagKey).
const keyTRLR = ('T'<<24|'R'<<16|'L'<<8|'R')<<8 | 4

// finish ends the input: the open record becomes ready.
func (d *Decoder) finish() error {
	d.eof = true
	if len(d.rec) == 0 {
		if d.records == 0 {
			return d.errorAt(d.lr.line+1, 0, ErrHeader, "empty file: no HEAD record")
		}
		return nil
	}
	d.ready = d.build()
	d.stack = d.stack[:0]
	if !d.trailer {
		if !d.allow(d.opts.AllowMissingTrailer) {
			return d.errorAt(d.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
		}
		d.warn(wTrailer, d.lr.line+1, 0, ErrTrailer, "file ends without TRLR")
	}
	return nil
}

// badTagChar returns the index of the first byte not allowed in a tag, or
// -1. GEDCOM 7 tags are upper-case letters, digits and underscores,
// starting with a letter or an underscore; GEDCOM 5.5.1 also allows
// lower-case letters.
func badTagChar(tag []byte, v7 bool) int {
	for i, c := range tag {
		switch {
		case c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9':
			if i == 0 && v7 {
				return 0
			}
		case c >= 'a' && c <= 'z' && !v7:
		default:
			return i
		}
	}
	if v7 && len(tag) == 1 && tag[0] == '_' {
		return 0
	}
	return -1
}

// badXrefChar returns the index of the first byte not allowed in a
// cross-reference identifier, or -1. GEDCOM 7 identifiers are upper-case
// letters, digits and underscores; GEDCOM 5.5.1 allows any printable
// character but @, and not # first (that starts an escape).
func badXrefChar(x []byte, v7 bool) int {
	for i, c := range x {
		if v7 {
			if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
				return i
			}
			continue
		}
		if c < 0x20 || c == 0x7F || (i == 0 && (c == '#' || c == ' ')) {
			return i
		}
	}
	return -1
}

var tagCONT = []byte("CONT")

// The tag keys of CONT and CONC (see rawLine.tagKey).
const (
	keyCONT = ('C'<<24|'O'<<16|'N'<<8|'T')<<8 | 4
	keyCONC = ('C'<<24|'O'<<16|'N'<<8|'C')<<8 | 4
)

// isCont reports whether the line is a CONT or CONC line.
func (r *rawLine) isCont() bool { return r.tagKey == keyCONT || r.tagKey == keyCONC }

// handle adds one line to the record being built; a level-0 line finishes
// the previous record, which becomes ready.
func (d *Decoder) handle(rl *rawLine) error {
	level, err := d.level(rl)
	if err != nil {
		return err
	}
	rl.level = level
	if level == 0 {
		if len(d.rec) > 0 {
			d.ready = d.build()
		}
		if err := d.node(rl, -1); err != nil {
			return err
		}
		d.stack = append(d.stack[:0], 0)
		return nil
	}
	parent := d.stack[level-1]
	if rl.isCont() {
		d.stack = d.stack[:level]
		return d.cont(parent, rl)
	}
	if err := d.node(rl, parent); err != nil {
		return err
	}
	d.stack = append(d.stack[:level], int32(len(d.rec)-1))
	return nil
}

// A pnode is a structure of the record being read. Its strings are spans
// of d.text until build makes the record's Nodes.
//
// A pnode holds no pointer, so that growing and filling d.rec is plain
// memory traffic: its tag is an index in d.tagList.
type pnode struct {
	tag               int32
	parent            int32
	kids, first, fill int32
	xref, value, ptr  span
	line              int
}

type span struct{ off, n int }

// build turns the record read so far into Nodes: one array of Nodes, one
// of child pointers and one string hold the whole record, so a record
// costs three allocations whatever its size.
func (d *Decoder) build() *Node {
	rec := d.rec
	var nodes []Node
	var kids []*Node
	if d.ReuseRecord && !d.decoding {
		if cap(d.nodeBuf) < len(rec) {
			d.nodeBuf = make([]Node, len(rec)+len(rec)/2)
			d.kidBuf = make([]*Node, len(rec)+len(rec)/2)
		}
		nodes, kids = d.nodeBuf[:len(rec)], d.kidBuf[:len(rec)]
	} else {
		nodes = make([]Node, len(rec))
		if len(rec) > 1 {
			kids = make([]*Node, len(rec)-1)
		}
	}
	text := d.recordText()
	next := int32(0)
	for i := range rec {
		p := &rec[i]
		p.first, p.fill = next, next
		next += p.kids
	}
	for i := range rec {
		p := &rec[i]
		n := &nodes[i]
		*n = Node{Tag: d.tagList[p.tag], Line: p.line}
		if p.xref.n > 0 {
			n.Xref = text[p.xref.off : p.xref.off+p.xref.n]
		}
		if p.ptr.n > 0 {
			n.Pointer = text[p.ptr.off : p.ptr.off+p.ptr.n]
		} else if p.value.n > 0 {
			n.Value = text[p.value.off : p.value.off+p.value.n]
		}
		if p.kids > 0 {
			n.Nodes = kids[p.first : p.first+p.kids : p.first+p.kids]
		}
		if i > 0 {
			q := &rec[p.parent]
			kids[q.fill] = n
			q.fill++
		}
	}
	d.rec = d.rec[:0]
	return &nodes[0]
}

// Sizes of the blocks the text of records is written into.
const (
	textBlock   = 64 << 10 // a new block
	textMinFree = 4 << 10  // start a new block when less than this is left
)

// recordText returns the text of the record just read as a string and
// moves d.text past it. The records' texts are written one after another
// into blocks of textBlock bytes, and each record's string shares its
// block instead of being a copy: the bytes of a block are never written
// again once a string covers them (d.text only ever grows past them, and
// a record too large for the rest of its block is moved to a new array by
// append), so the strings are as immutable as any other. A string kept
// from a record keeps its whole block alive, at most textBlock bytes or
// the record's size.
func (d *Decoder) recordText() string {
	var text string
	if len(d.text) > 0 {
		text = unsafe.String(unsafe.SliceData(d.text), len(d.text))
	}
	if d.ReuseText && d.ReuseRecord && !d.decoding {
		// Two buffers take turns: the next record's first line is read
		// before this record is returned, so it goes to the other buffer,
		// and this one is written again only from the record after,
		// which is read once the caller has asked for the next record.
		d.text, d.spare = d.spare[:0], d.text
		return text
	}
	d.text = d.text[len(d.text):]
	if cap(d.text) < textMinFree {
		d.text = make([]byte, 0, textBlock)
	}
	return text
}

// cont joins a CONT or CONC line into the value of the structure at index
// parent.
func (d *Decoder) cont(parent int32, rl *rawLine) error {
	loose := d.allow(d.opts.AllowLooseSyntax)
	p := &d.rec[parent]
	if p.ptr.n > 0 {
		if !loose {
			return d.errorAt(rl.num, rl.tagCol, ErrCONT, "%s continues a pointer", rl.tag)
		}
		d.warn(wCONT, rl.num, rl.tagCol, ErrCONT, "%s continues a pointer; the pointer becomes text", rl.tag)
		off := len(d.text)
		d.text = append(d.text, '@')
		d.text = append(d.text, d.text[p.ptr.off:p.ptr.off+p.ptr.n]...)
		d.text = append(d.text, '@')
		p.value = span{off, len(d.text) - off}
		p.ptr = span{}
	}
	if rl.xref != nil {
		if !loose {
			return d.errorAt(rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier", rl.tag)
		}
		d.warn(wCONT, rl.num, rl.xrefCol, ErrCONT, "%s has a cross-reference identifier; it is dropped", rl.tag)
	}
	if p.value.off+p.value.n != len(d.text) || p.value.n == 0 {
		// Another structure's text came after this value: move it to the end.
		off := len(d.text)
		d.text = append(d.text, d.text[p.value.off:p.value.off+p.value.n]...)
		p.value.off = off
	}
	if rl.tag[3] == 'T' { // CONT
		d.text = append(d.text, '\n')
	}
	var err error
	if d.text, err = d.appendText(d.text, rl, rl.payload, rl.payloadCol); err != nil {
		return err
	}
	p.value.n = len(d.text) - p.value.off
	return nil
}

// node adds a structure for a line that is not CONT or CONC.
func (d *Decoder) node(rl *rawLine, parent int32) error {
	var err error
	p := pnode{tag: d.intern(rl.tag, rl.tagKey), line: rl.num, parent: parent}
	if rl.xref != nil {
		off := len(d.text)
		if d.text, err = d.appendBytes(d.text, rl, rl.xref, rl.xrefCol+1); err != nil {
			return err
		}
		p.xref = span{off, len(d.text) - off}
	}
	b := rl.payload
	off := len(d.text)
	if len(b) >= 3 && b[0] == '@' && b[len(b)-1] == '@' && b[1] != '@' && b[1] != '#' &&
		bytes.IndexByte(b[1:len(b)-1], '@') < 0 {
		if d.v7 && !d.allow(d.opts.AllowLooseSyntax) {
			if c := badXrefChar(b[1:len(b)-1], true); c >= 0 {
				return d.errorAt(rl.num, rl.payloadCol+1+c, ErrPointer, "bad character %q in pointer %s", b[1+c], b)
			}
		}
		if d.text, err = d.appendBytes(d.text, rl, b[1:len(b)-1], rl.payloadCol+1); err != nil {
			return err
		}
		p.ptr = span{off, len(d.text) - off}
	} else if len(b) > 0 {
		if d.text, err = d.appendText(d.text, rl, b, rl.payloadCol); err != nil {
			return err
		}
		p.value = span{off, len(d.text) - off}
	}
	if parent >= 0 {
		d.rec[parent].kids++
	}
	d.rec = append(d.rec, p)
	return nil
}

// addNode adds a zero pnode to d.rec and returns it.
func (d *Decoder) addNode() *pnode {
	n := len(d.rec)
	if n < cap(d.rec) {
		d.rec = d.rec[:n+1]
		d.rec[n] = pnode{}
	} else {
		d.rec = append(d.rec, pnode{})
	}
	return &d.rec[n]
}

// intern returns the index in d.tagList of tag, adding it when it is new.
// A small table indexed by a hash of key, the tag's bytes packed with its
// length, finds the tags seen before (for tags of up to 7 bytes equal
// keys mean equal tags); a map finds those the table has lost to another
// tag, so each distinct tag has one string.
func (d *Decoder) intern(tag []byte, key uint64) int32 {
	if d.tags == nil {
		d.tags = new([tagTableSize]tagEntry)
		d.tagIdx = map[string]int32{}
	}
	e := &d.tags[(key*0x9E3779B97F4A7C15)>>(64-10)]
	if e.key == key && e.used && (len(tag) <= 7 || d.tagList[e.idx] == string(tag)) {
		return e.idx
	}
	i, ok := d.tagIdx[string(tag)]
	if !ok {
		i = int32(len(d.tagList))
		s := string(tag)
		d.tagList = append(d.tagList, s)
		d.tagIdx[s] = i
	}
	*e = tagEntry{key: key, idx: i, used: true}
	return i
}

type tagEntry struct {
	key  uint64
	idx  int32
	used bool
}

const tagTableSize = 1024

// appendText appends a decoded text payload to dst: first the @ escapes,
// then the character set. GEDCOM 7 doubles only a leading @; GEDCOM 5.5.1
// doubles every @ and keeps escape sequences like @#DJULIAN@ as text.
func (d *Decoder) appendText(dst []byte, rl *rawLine, p []byte, col int) ([]byte, error) {
	if bytes.IndexByte(p, '@') < 0 {
		return d.appendBytes(dst, rl, p, col)
	}
	if d.v7 {
		if p[0] == '@' {
			if len(p) > 1 && p[1] == '@' {
				return d.appendBytes(dst, rl, p[1:], col+1)
			}
			if err := d.badAt(rl, col, "a payload starting with @ must be a pointer or start with @@"); err != nil {
				return dst, err
			}
		}
		return d.appendBytes(dst, rl, p, col)
	}
	out := d.tmp[:0]
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c != '@' {
			out = append(out, c)
			continue
		}
		switch {
		case i+1 < len(p) && p[i+1] == '@':
			out = append(out, '@')
			i++
		case i+1 < len(p) && p[i+1] == '#':
			j := bytes.IndexByte(p[i+2:], '@')
			if j < 0 {
				if err := d.badAt(rl, col+i, "escape sequence @#… has no closing @"); err != nil {
					return dst, err
				}
				out = append(out, '@')
				continue
			}
			out = append(out, p[i:i+3+j]...)
			i += 2 + j
		default:
			if err := d.badAt(rl, col+i, "@ in text must be doubled as @@"); err != nil {
				return dst, err
			}
			out = append(out, '@')
		}
	}
	d.tmp = out
	return d.appendBytes(dst, rl, out, col)
}

func (d *Decoder) badAt(rl *rawLine, col int, msg string) error {
	if !d.allow(d.opts.AllowBadAtSigns) {
		return d.errorAt(rl.num, col, ErrAt, "%s", msg)
	}
	d.warn(wAt, rl.num, col, ErrAt, "%s", msg)
	return nil
}

// appendBytes appends b, converted from the file's character set, to dst.
func (d *Decoder) appendBytes(dst []byte, rl *rawLine, b []byte, col int) ([]byte, error) {
	if rl.valid && d.cs.kind == csUTF8 {
		return append(dst, b...), nil
	}
	dst, bad := d.cs.appendDecode(dst, b)
	if bad >= 0 {
		if !d.allow(d.opts.AllowInvalidBytes) {
			return dst, d.errorAt(rl.num, col+bad, ErrEncoding, "byte %#02x is not valid %s", b[bad], d.encoding)
		}
		d.warn(wBytes, rl.num, col+bad, ErrEncoding, "byte %#02x is not valid %s; replaced by U+FFFD", b[bad], d.encoding)
	}
	return dst, nil
}

// start detects the character set and reads the first record (the
// header) as raw lines, learns the version and character set from it,
// and then decodes it.
func (d *Decoder) start() error {
	d.init(d.input, d.Filename, d.Options, d.report)
	head, err := d.readHead()
	if err != nil {
		return err
	}
	if d.cs.kind == csUTF8 {
		d.lr.checkUTF8 = true
		d.lr.validEnd = d.lr.start
		d.lr.validate()
	}
	for i := range head {
		rl := &head[i]
		if err := d.checkLine(rl); err != nil {
			return err
		}
		if err := d.handle(rl); err != nil {
			return err
		}
	}
	return nil
}
