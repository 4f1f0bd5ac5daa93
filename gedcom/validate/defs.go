package validate

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"os"
	"slices"
	"unsafe"

	"kin/gedcom"
)

// defTable holds the identifiers a file's records define, found by
// Predefine ahead of the records: 9 bytes an identifier, in one
// open-addressing hash table (linear probing, 8/9 full) allocated once at
// its final size, so nothing is copied as it fills, a look-up reads one
// cache line or two, and the garbage collector has nothing to reclaim.
// With it, a pointer to a record that comes later needs no entry in the
// shards: the table knows the record will come, and, from its tag, of
// which kind.
//
// A table larger than Options.PredefineMemory is kept in a temporary
// file instead, the same slots at the same places, read and written with
// one pread or pwrite a slot (a block of 8 slots read at once, so that a
// probe usually costs one system call): the operating system's page cache
// keeps what fits, and the process's memory stays bounded whatever the
// size of the file.
type defTable struct {
	// keys are the identifiers' hashes (xrefs.hash; 0 is an empty
	// slot), with their 6 low bits replaced by defDup, defDone and the kind of record that
	// defines the identifier (defKind): before the record is read as its
	// tag says (kindUnknown if the tag cannot say alone), after it as
	// the Validator found it. Two identifiers whose hashes agree in
	// their 58 high bits are taken for one: for a file of 6.5 million
	// records (5 million people) that is about one chance in 14,000.
	// They are in memory, or when file is set in file (8 bytes a
	// slot, little-endian).
	keys []uint64
	// n is the number of slots.
	n int
	// room is how many more identifiers add may put in keys.
	room int

	// file holds the slots when they are not in memory; name is its
	// name if it could not be removed at once (removed by close). block
	// caches the slots from blockAt to blockAt+len(block) (blockAt -1:
	// none); err is the first error reading or writing file.
	file    *os.File
	name    string
	block   [8]uint64
	blockAt int
	err     error
	// batch holds the keys fill has not yet put in file.
	batch []uint64

	// dupLines holds the line of the first definition of each
	// identifier defined more than once, once that line is read.
	dupLines map[uint64]uint32
	// later holds, for an identifier not yet defined, the first pointer
	// that wants each kind of record other than the one it will be: the
	// mismatches to report when its record comes.
	later map[uint64][]laterPointer
}

// laterPointer is a pointer to a record that comes later.
type laterPointer struct {
	line uint32
	path string
	want uint8
}

const (
	defKind     = 0xF           // the bits of a key that are the kind
	defDone     = 1 << 4        // the record has been read
	defDup      = 1 << 5        // the file defines the identifier more than once
	defHash     = ^uint64(0x3F) // the bits of a key that are the hash's
	kindUnknown = 0xF
)

// find returns the index of h's slot, or -1.
func (t *defTable) find(h uint64) int {
	h = defKey(h)
	for i := t.slot(h); ; i = t.next(i) {
		switch k := t.key(i); {
		case k == 0:
			return -1
		case k&defHash == h:
			return i
		}
	}
}

// define records the definition of the identifier with hash h by a
// record of kind on line, as xrefs.define does, and returns the pointers
// that came before it wanting another kind, by the kind they want; ok is
// false when the table does not hold h.
func (t *defTable) define(h uint64, kind uint64, line int) (dup int, later []laterPointer, ok bool) {
	i := t.find(h)
	if i < 0 {
		return 0, nil, false
	}
	h &= defHash
	k := t.key(i)
	if k&defDone != 0 {
		if l, ok := t.dupLines[h]; ok {
			return int(l), nil, true
		}
		// Predefine did not see the first definition as one: a line
		// no record of the file is written like.
		return -1, nil, true
	}
	k = k&^defKind | defDone | kind
	t.setKey(i, k)
	if k&defDup != 0 {
		t.dupLines[h] = clampLine(line)
	}
	if ps, ok := t.later[h]; ok {
		delete(t.later, h)
		return 0, ps, true
	}
	return 0, nil, true
}

// point records a pointer on line to the identifier with hash h, wanting
// a record of kind want, as xrefs.point does; ok is false when the table
// does not hold h.
func (t *defTable) point(h, want uint64, line int, path func() string) (got uint64, ok bool) {
	i := t.find(h)
	if i < 0 {
		return kindNone, false
	}
	k := t.key(i)
	if k&defDone != 0 {
		return k & defKind, true
	}
	if want == kindNone || k&defKind == want {
		return kindNone, true
	}
	// A mismatch when the record comes, or a kind only the record
	// can tell: remember the first pointer wanting want.
	h &= defHash
	ps := t.later[h]
	at := len(ps)
	for j, p := range ps {
		if uint64(p.want) == want {
			return kindNone, true
		}
		if uint64(p.want) > want {
			at = j
			break
		}
	}
	t.later[h] = slices.Insert(ps, at, laterPointer{clampLine(line), path(), uint8(want)})
	return kindNone, true
}

// Predefine reads a whole GEDCOM file ahead of its records and learns
// every identifier its records define, so that the Validator need not
// remember the pointers to records that come later in the file: its
// memory is then about 9 bytes a record, allocated once, and does not
// grow with the number of pointers; a table larger than
// Options.PredefineMemory is kept in a temporary file instead (removed
// by Finish or Close), so memory stays bounded whatever the file's size.
// The diagnostics are the same.
//
// Call it after the first record (the header: it sets the version, and
// so whether identifiers match ignoring case) and before the second; r
// must hold the same bytes the records are decoded from, size long, and
// the records must be all the file's: after a decoding error, Finish
// does not report pointers to records that never came. A
// file in UTF-16 is left alone (Predefine does nothing); so are records
// whose lines are not written the common way ("0 @I1@ INDI", at the start
// of a line), whose identifiers are then kept as without Predefine. It
// reads the file twice, to count and then to fill, and stops with ctx's
// error when ctx is done.
func (v *Validator) Predefine(ctx context.Context, r io.ReaderAt, size int64) error {
	if v.records != 1 || v.xrefs.defs != nil {
		return errors.New("predefine: call it after the first record and before the second")
	}
	var head [2]byte
	if n, _ := r.ReadAt(head[:], 0); n == 2 && (head[0] == 0 || head[1] == 0 || head == [2]byte{0xFF, 0xFE} || head == [2]byte{0xFE, 0xFF}) {
		return nil // UTF-16
	}
	n, err := countDefs(ctx, r, size)
	if err != nil {
		return fmt.Errorf("predefine: %w", err)
	}
	budget := v.opts.PredefineMemory
	if budget == 0 {
		budget = DefaultPredefineMemory
	}
	t, err := newDefTable(n, budget)
	if err != nil {
		return fmt.Errorf("predefine: %w", err)
	}
	kinds := map[string]uint8{}
	err = eachDef(ctx, r, size, func(id, tag []byte, ptr bool) {
		if neverDefines(tag) {
			return
		}
		k, ok := kinds[string(tag)]
		if !ok {
			k = v.recordKind(string(tag), ptr)
			kinds[string(tag)] = k
		}
		t.fill(v.xrefs.hash(unsafe.String(unsafe.SliceData(id), len(id)))&defHash | uint64(k))
	})
	if err == nil {
		t.flush()
		t.batch = nil
		err = t.err
	}
	if err != nil {
		t.close()
		return fmt.Errorf("predefine: %w", err)
	}
	v.xrefs.defs = t
	// What the first record defined and pointed to is in the shards: a
	// definition is copied to the table, pointers stay there (early).
	x := v.xrefs
	for si := range x.shards {
		for _, sl := range x.shards[si].slots {
			k := sl.key()
			if k == 0 {
				continue
			}
			if k&keyKind == kindNone {
				x.early = true
				continue
			}
			if i := t.find(k &^ keyKind); i >= 0 {
				t.setKey(i, t.key(i)&^defKind|defDone|k&keyKind)
				t.dupLines[k&defHash] = sl.val
			}
		}
	}
	return nil
}

// neverDefines reports whether a record with tag defines no identifier
// even when it has one (record reports it).
func neverDefines(tag []byte) bool { return string(tag) == "HEAD" || string(tag) == "TRLR" }

// recordKind returns the kind of a record with tag (and a pointer for
// its payload if ptr), as record finds it, or kindUnknown when that takes
// more than the tag.
func (v *Validator) recordKind(tag string, ptr bool) uint8 {
	n := &gedcom.Node{Tag: tag}
	if ptr {
		n.Pointer = "X"
	}
	root := &v.schema.structs[0]
	i := v.resolve(0, root, n)
	if i < 0 {
		return kindOther
	}
	if lo, hi := root.lookup(root.subs[i].key); hi-lo > 1 {
		return kindUnknown // the payload decides between several
	}
	return uint8(kindOf(v.schema.structs[root.subs[i].typ].tag))
}

// DefaultPredefineMemory is the most memory Predefine's table takes when
// Options.PredefineMemory is 0: 32 MiB, about 3.7 million identifiers
// (some 2.8 million people in files like gengedcom's).
const DefaultPredefineMemory = 32 << 20

// newDefTable makes a table with room for n identifiers, in memory if
// its slots take at most budget bytes (budget < 0: never), else in a
// temporary file.
func newDefTable(n int, budget int64) (*defTable, error) {
	t := &defTable{
		n:        n + n/8 + 1,
		room:     n,
		blockAt:  -1,
		dupLines: map[uint64]uint32{},
		later:    map[uint64][]laterPointer{},
	}
	if budget >= 0 && int64(t.n)*8 <= budget {
		t.keys = make([]uint64, t.n)
		return t, nil
	}
	f, err := os.CreateTemp("", "kin-validate-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("temporary file for the identifiers: %w", err)
	}
	t.file = f
	// Removed at once where the system allows it (the file then goes
	// away with the process, however it ends), else by close.
	if os.Remove(f.Name()) != nil {
		t.name = f.Name()
	}
	if err := f.Truncate(int64(t.n) * 8); err != nil {
		t.close()
		return nil, fmt.Errorf("temporary file for the identifiers: %w", err)
	}
	return t, nil
}

// close closes and removes the table's file, if it has one, and returns
// the first error the file gave.
func (t *defTable) close() error {
	if t.file == nil {
		return t.err
	}
	if err := t.file.Close(); err != nil && t.err == nil {
		t.err = err
	}
	if t.name != "" {
		if err := os.Remove(t.name); err != nil && t.err == nil {
			t.err = err
		}
		t.name = ""
	}
	t.file = nil
	t.keys = nil
	t.n = 0
	return t.err
}

// inMemory returns the bytes the table's slots take in memory.
func (t *defTable) inMemory() int64 { return int64(len(t.keys)) * 8 }

// key returns the slot i.
func (t *defTable) key(i int) uint64 {
	if t.keys != nil {
		return t.keys[i]
	}
	return t.fileKey(i)
}

// setKey sets the slot i to k.
func (t *defTable) setKey(i int, k uint64) {
	if t.keys != nil {
		t.keys[i] = k
		return
	}
	t.setFileKey(i, k)
}

// fileKey reads the slot i from the file, through block. After an error,
// or once the table is closed, every slot reads as empty: the
// identifiers are then kept in the shards, and the error reported by
// Finish.
func (t *defTable) fileKey(i int) uint64 {
	if t.file == nil || t.err != nil {
		return 0
	}
	at := i &^ (len(t.block) - 1)
	if at != t.blockAt {
		var b [len(t.block) * 8]byte
		m := min(len(t.block), t.n-at)
		if _, err := t.file.ReadAt(b[:m*8], int64(at)*8); err != nil {
			t.err = fmt.Errorf("read the identifiers' temporary file: %w", err)
			t.blockAt = -1
			return 0
		}
		for j := range m {
			t.block[j] = binary.LittleEndian.Uint64(b[j*8:])
		}
		t.blockAt = at
	}
	return t.block[i-at]
}

// setFileKey writes the slot i to the file, and to block if it holds it.
func (t *defTable) setFileKey(i int, k uint64) {
	if t.file == nil || t.err != nil {
		return
	}
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], k)
	if _, err := t.file.WriteAt(b[:], int64(i)*8); err != nil {
		t.err = fmt.Errorf("write the identifiers' temporary file: %w", err)
		return
	}
	if at := i &^ (len(t.block) - 1); at == t.blockAt {
		t.block[i-at] = k
	}
}

// add adds a key (a hash with the kind its tag says in the low bits); an
// identifier added twice is kept once, with defDup, and the kind its
// tags say if they agree. Past the room the table was made with, keys
// are dropped: those identifiers are then kept in the shards.
func (t *defTable) add(k uint64) {
	h := defKey(k)
	for i := t.slot(h); ; i = t.next(i) {
		e := t.key(i)
		if e == 0 {
			if t.room == 0 || t.err != nil {
				return
			}
			t.room--
			t.setKey(i, h|k&defKind)
			return
		}
		if e&defHash == h {
			if e&defKind != k&defKind {
				e |= kindUnknown
			}
			t.setKey(i, e|defDup)
			return
		}
	}
}

// Sizes for filling a table in a file: fill sorts up to defBatch keys
// (16 MB) at a time and puts them in the file a window of defWindow
// slots (512 KB) at a time, read with defMargin slots more for the
// probes that run past the window's end. Tests make them small.
var defBatch, defWindow, defMargin = 1 << 21, 1 << 16, 1 << 10

// fill adds k as add does. A table in a file is filled in batches:
// keys sorted by their hash go to the slots in order, so the file is
// read and written a window at a time, not with a system call a key.
// The order keys are added in changes only which are dropped past the
// table's room (kept in the shards then), not what it answers.
func (t *defTable) fill(k uint64) {
	if t.file == nil {
		t.add(k)
		return
	}
	if t.batch == nil {
		t.batch = make([]uint64, 0, min(defBatch, t.room+1))
	}
	t.batch = append(t.batch, k)
	if len(t.batch) == cap(t.batch) {
		t.flush()
	}
}

// flush puts the keys of the batch in the file.
func (t *defTable) flush() {
	if len(t.batch) == 0 {
		return
	}
	slices.Sort(t.batch) // by hash, so by slot
	var win []uint64     // the slots from at, as read
	at := -1
	var raw []byte
	write := func() {
		if at < 0 || t.err != nil {
			return
		}
		for j, k := range win {
			binary.LittleEndian.PutUint64(raw[j*8:], k)
		}
		if _, err := t.file.WriteAt(raw[:len(win)*8], int64(at)*8); err != nil {
			t.err = fmt.Errorf("write the identifiers' temporary file: %w", err)
		}
		at = -1
	}
	t.blockAt = -1
	for _, k := range t.batch {
		if t.err != nil {
			break
		}
		h := defKey(k)
		s := t.slot(h)
		if at >= 0 && s >= at+defWindow {
			write()
		}
		if at < 0 {
			at = s
			m := min(defWindow+defMargin, t.n-at)
			if cap(raw) < m*8 {
				raw = make([]byte, (defWindow+defMargin)*8)
				win = make([]uint64, 0, defWindow+defMargin)
			}
			if _, err := t.file.ReadAt(raw[:m*8], int64(at)*8); err != nil {
				t.err = fmt.Errorf("read the identifiers' temporary file: %w", err)
				break
			}
			win = win[:m]
			for j := range win {
				win[j] = binary.LittleEndian.Uint64(raw[j*8:])
			}
		}
		if !addIn(win[s-at:], h, k, &t.room) {
			// The probe runs past the window (or the table's end):
			// this key slot by slot.
			write()
			t.add(k)
			t.blockAt = -1
		}
	}
	write()
	t.batch = t.batch[:0]
}

// addIn adds k, whose hash bits are h, to the slots of win, probing from
// win[0], as add does, and reports whether the probe stayed in win.
func addIn(win []uint64, h, k uint64, room *int) bool {
	for i, e := range win {
		if e == 0 {
			if *room > 0 {
				*room--
				win[i] = h | k&defKind
			}
			return true
		}
		if e&defHash == h {
			if e&defKind != k&defKind {
				e |= kindUnknown
			}
			win[i] = e | defDup
			return true
		}
	}
	return false
}

// defKey returns the hash bits of h, never 0 (an empty slot).
func defKey(h uint64) uint64 {
	if h &= defHash; h == 0 {
		h = 1 << 6
	}
	return h
}

// slot returns where the probe for hash bits h starts.
func (t *defTable) slot(h uint64) int {
	hi, _ := bits.Mul64(h, uint64(t.n))
	return int(hi)
}

func (t *defTable) next(i int) int {
	if i++; i == t.n {
		return 0
	}
	return i
}

// countDefs returns about how many records the file defines an
// identifier on, to size the table: the places "0 @" is written (the
// starts of such lines, and rarely inside a line), a few more for those
// written otherwise (eachDef reads "  0 @I1@ INDI" too;
// what does not fit is kept in the shards).
func countDefs(ctx context.Context, r io.ReaderAt, size int64) (int, error) {
	buf := make([]byte, defBuffer+3)
	copy(buf, "\n\n\n") // the first line starts after a line end
	n := 0
	for off := int64(0); off < size; {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		m, err := r.ReadAt(buf[3:3+min(int64(defBuffer), size-off)], off)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if m == 0 {
			break
		}
		off += int64(m)
		b := buf[:3+m]
		n += bytes.Count(b, []byte("0 @")) // some inside lines too
		copy(buf, b[len(b)-3:])            // a line start cut by the buffer's end
	}
	return n + n/64 + 64, nil
}

// defBuffer is the size of eachDef's buffer; tests make it small.
var defBuffer = 1 << 20

// eachDef calls fn for each line of the file written "0 @ID@ TAG…" (at
// the start of a line, after optional spaces or tabs; the level may have
// leading zeros; spaces or tabs between the fields) with an identifier
// of ASCII characters: the lines a Decoder reads as level-0 records with
// that identifier. ptr reports a payload of the form "@X@". Lines of any
// other form are left out.
func eachDef(ctx context.Context, r io.ReaderAt, size int64, fn func(id, tag []byte, ptr bool)) error {
	buf := make([]byte, defBuffer)
	carry := 0
	atLine := true // buf[0] starts a line
	for off := int64(0); off < size || carry > 0; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.ReadAt(buf[carry:min(int64(len(buf)), int64(carry)+size-off)], off)
		if err != nil && err != io.EOF {
			return err
		}
		off += int64(n)
		data := buf[:carry+n]
		eof := off >= size || n == 0
		end := len(data)
		if !eof {
			end = bytes.LastIndexByte(data, '\n') + 1
			end += bytes.LastIndexByte(data[end:], '\r') + 1
		}
		if end == 0 {
			// One line longer than the buffer: what starts it is read,
			// the rest is not at the start of a line.
			defsIn(data, atLine, false, fn)
			atLine = false
			carry = 0
			continue
		}
		defsIn(data[:end], atLine, true, fn)
		atLine = true
		carry = copy(buf, data[end:])
		if eof {
			if carry > 0 {
				defsIn(buf[:carry], true, true, fn)
			}
			return nil
		}
	}
	return nil
}

// defsIn calls fn for the definitions in b; atLine reports that b[0]
// starts a line, whole that b ends at the end of a line.
func defsIn(b []byte, atLine, whole bool, fn func(id, tag []byte, ptr bool)) {
	for pos := 0; ; {
		m := bytes.IndexByte(b[pos:], '@')
		if m < 0 {
			return
		}
		m += pos
		pos = m + 1
		// The start of the line: spaces or tabs, a level of up to 6
		// zeros (a Decoder reads a longer level as a deep one), spaces
		// or tabs.
		s := m
		for s > 0 && (b[s-1] == ' ' || b[s-1] == '\t') {
			s--
		}
		if s == m {
			continue
		}
		z := s
		for s > 0 && b[s-1] == '0' && z-s < 6 {
			s--
		}
		if s == z {
			continue
		}
		for s > 0 && (b[s-1] == ' ' || b[s-1] == '\t') {
			s--
		}
		if s > 0 && b[s-1] != '\n' && b[s-1] != '\r' || s == 0 && !atLine {
			continue
		}
		i := m + 1
		j := i
		for j < len(b) && b[j] != '@' && b[j] != '\n' && b[j] != '\r' && b[j] < 0x80 {
			j++
		}
		if j == i || j >= len(b) || b[j] != '@' {
			continue
		}
		id := b[i:j]
		k := j + 1
		if k >= len(b) || (b[k] != ' ' && b[k] != '\t') {
			continue
		}
		for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
			k++
		}
		t := k
		for k < len(b) && b[k] != ' ' && b[k] != '\t' && b[k] != '\n' && b[k] != '\r' {
			k++
		}
		if k == t || (k == len(b) && !whole) {
			continue
		}
		tag := b[t:k]
		ptr := false
		if k < len(b) && (b[k] == ' ' || b[k] == '\t') {
			v := b[k+1:]
			if e := bytes.IndexAny(v, "\r\n"); e >= 0 {
				v = v[:e]
			}
			ptr = len(v) >= 3 && v[0] == '@' && v[len(v)-1] == '@' && v[1] != '@' && v[1] != '#' && bytes.IndexByte(v[1:len(v)-1], '@') < 0
		}
		fn(id, tag, ptr)
		pos = k
	}
}
