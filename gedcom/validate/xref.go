package validate

import (
	"hash/maphash"
	"math"
	"sort"
	"strings"
)

// Record kinds, as kept in the cross-reference table. A pointer's target
// type is checked against them.
const (
	kindNone  = 0
	kindINDI  = 1
	kindFAM   = 2
	kindOBJE  = 3
	kindREPO  = 4
	kindSNOTE = 5
	kindSOUR  = 6
	kindSUBM  = 7
	kindNOTE  = 8 // 5.5.1 NOTE record
	kindSUBN  = 9 // 5.5.1 SUBN record
	kindOther = 10
)

// kindOf returns the kind of a record with tag.
func kindOf(tag string) uint64 {
	switch tag {
	case "INDI":
		return kindINDI
	case "FAM":
		return kindFAM
	case "OBJE":
		return kindOBJE
	case "REPO":
		return kindREPO
	case "SNOTE":
		return kindSNOTE
	case "SOUR":
		return kindSOUR
	case "SUBM":
		return kindSUBM
	case "NOTE":
		return kindNOTE
	case "SUBN":
		return kindSUBN
	}
	return kindOther
}

var kindNames = [...]string{"", "INDI", "FAM", "OBJE", "REPO", "SNOTE", "SOUR", "SUBM", "NOTE", "SUBN", "extension"}

// xrefs is the cross-record state of a validation: every identifier
// defined or pointed to, and, for the identifiers pointed to before their
// definition, what the messages about them need.
//
// It is a dense open-addressing hash table (linear probing, never more
// than 3/4 full) of 12 bytes a slot, so a file of millions of records
// needs 16–32 bytes per identifier. The table is split by the hash's top
// bits into 256 shards that grow one at a time, so that while one grows
// the old and new copies of only that shard are alive, not two copies of
// the whole table. In a slot:
//
//   - slots[i].key() is the identifier's 64-bit hash with its low 4 bits
//     replaced by the kind of the record that defines it (kindNone while
//     it is only pointed to); 0 marks an empty slot.
//   - slots[i].val is the line of the definition, or while the
//     identifier is undefined the index of its entry in pending.
//
// Key and value share a slot so that a look-up, which in a large table
// misses the processor's caches, misses once.
//
// Two identifiers whose hashes agree in their 60 high bits would be taken
// for one; with a random seed per table that is about one chance in 10^12
// for a file of a million records.
type xrefs struct {
	// fold matches identifiers ignoring case, as 5.5.1 readers do
	// (conversion-551-to-70/5/xref-case.ged points to @test@ for @TEST@).
	fold   bool
	seed   maphash.Seed
	shards [1 << shardBits]shard

	pending []pendingXref // identifiers pointed to, not yet defined
	free    []uint32      // indexes of pending entries no longer in use
	ids     []byte        // the text of the pending identifiers
	wantAt  map[wantKey]pointerAt
	paths   []string
	pathIdx map[string]uint16

	// defs, when predefine has filled it, holds every identifier the
	// file defines, found ahead of the records; those identifiers are
	// not put in the shards (see defs.go).
	defs *defTable
	// early is set when identifiers were pointed to before defs was
	// filled: their pending entries stay in the shards.
	early bool
	// missed is set when a record defined an identifier defs does not
	// hold, in the shards.
	missed bool
}

// pendingXref is an identifier pointed to before its definition, in 16
// bytes and no pointer for the garbage collector to follow.
type pendingXref struct {
	off      uint32 // its text is ids[off:off+n]
	n        uint16 // 0 when the entry is free
	want     uint16 // mask of the kinds of record pointers to it want
	line     uint32 // of the first pointer to it
	path     uint16 // index in paths of the first pointer's path
	standard bool   // a standard structure points to it
	want0    uint8  // the kind the first pointer wanted; the first pointer wanting another is in xrefs.wantAt
}

// wantKey names the first pointer to a pending identifier (its index in
// pending) that wanted a kind of record (want) other than the first
// pointer's.
type wantKey struct {
	pending uint32
	want    uint8
}

// pointerAt is where a pointer is.
type pointerAt struct {
	line uint32
	path uint16
	set  bool
}

// addID stores the text of a pending identifier; text that would not fit
// the 32-bit offsets (4 GB of identifiers) is cut to "…".
func (x *xrefs) addID(id string) (off uint32, n uint16) {
	if len(id) > math.MaxUint16 || len(x.ids)+len(id) > math.MaxUint32 {
		id = "…"
	}
	off = uint32(len(x.ids))
	x.ids = append(x.ids, id...)
	return off, uint16(len(id))
}

func (x *xrefs) id(p *pendingXref) string { return string(x.ids[p.off : p.off+uint32(p.n)]) }

const (
	keyKind   = 0xF // the low bits of a key: the kind of the defining record
	maxPaths  = 0xFFFF
	shardBits = 8
	minSlots  = 1 << 4 // per shard
)

// shard is one part of the table.
type shard struct {
	slots []xslot
	used  int // slots in use
}

func newXrefs() *xrefs {
	x := &xrefs{
		seed:    maphash.MakeSeed(),
		pathIdx: make(map[string]uint16),
		wantAt:  make(map[wantKey]pointerAt),
	}
	slots := make([]xslot, len(x.shards)*minSlots) // one allocation for all
	for i := range x.shards {
		x.shards[i].slots = slots[i*minSlots : (i+1)*minSlots : (i+1)*minSlots]
	}
	return x
}

// hash returns id's hash with the kind bits clear and never 0.
func (x *xrefs) hash(id string) uint64 {
	var h uint64
	if x.fold && hasLower(id) {
		if len(id) <= 64 {
			var buf [64]byte
			for i := 0; i < len(id); i++ {
				c := id[i]
				if 'a' <= c && c <= 'z' {
					c -= 'a' - 'A'
				}
				buf[i] = c
			}
			h = maphash.Bytes(x.seed, buf[:len(id)])
		} else {
			h = maphash.String(x.seed, strings.ToUpper(id))
		}
	} else {
		h = maphash.String(x.seed, id)
	}
	h &^= keyKind
	if h == 0 {
		h = 1 << 4
	}
	return h
}

// hasLower reports whether s has an ASCII lower-case letter. Identifiers
// are folded as ASCII, as GEDCOM tags and identifiers are.
func hasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'a' <= s[i] && s[i] <= 'z' {
			return true
		}
	}
	return false
}

// xslot is one slot of the table: a 64-bit key in two halves, so that a
// slot is 12 bytes, and a value.
type xslot struct{ lo, hi, val uint32 }

func (s *xslot) key() uint64     { return uint64(s.lo) | uint64(s.hi)<<32 }
func (s *xslot) setKey(k uint64) { s.lo, s.hi = uint32(k), uint32(k>>32) }

// find returns the shard of hash h and the slot in it that holds h, or
// the empty slot where h belongs.
func (x *xrefs) find(h uint64) (*shard, int) {
	s := &x.shards[h>>(64-shardBits)]
	return s, s.find(h)
}

func (s *shard) find(h uint64) int {
	mask := len(s.slots) - 1
	i := int(h>>4) & mask
	for {
		k := s.slots[i].key()
		if k == 0 || k&^keyKind == h {
			return i
		}
		i = (i + 1) & mask
	}
}

// insert fills the empty slot i with key k and val, growing the shard
// when it is 3/4 full. It returns the slot k ends up in.
func (s *shard) insert(i int, k uint64, val uint32) *xslot {
	s.slots[i].setKey(k)
	s.slots[i].val = val
	s.used++
	if s.used*4 < len(s.slots)*3 {
		return &s.slots[i]
	}
	old := s.slots
	s.slots = make([]xslot, 2*len(old))
	var at *xslot
	for j := range old {
		ok := old[j].key()
		if ok == 0 {
			continue
		}
		n := s.find(ok &^ keyKind)
		s.slots[n] = old[j]
		if ok == k {
			at = &s.slots[n]
		}
	}
	return at
}

// path interns p, a path of a structure that holds a pointer. Structure
// paths are few; paths inside extensions could be many, so after maxPaths
// distinct paths new ones are not remembered.
func (x *xrefs) path(p string) uint16 {
	if i, ok := x.pathIdx[p]; ok {
		return i
	}
	if len(x.paths) >= maxPaths {
		return maxPaths
	}
	i := uint16(len(x.paths))
	x.paths = append(x.paths, p)
	x.pathIdx[p] = i
	return i
}

func (x *xrefs) pathOf(i uint16) string {
	if int(i) < len(x.paths) {
		return x.paths[i]
	}
	return ""
}

func clampLine(line int) uint32 {
	if line < 0 {
		return 0
	}
	if line > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(line)
}

// mismatch is a pointer to a record of the wrong kind.
type mismatch struct {
	line      int
	path      string
	id        string
	got, want uint64
}

// define records the definition of id by a record of kind on line. It
// returns the line of an earlier definition (dup > 0), and the pointers
// that came earlier and wanted another kind of record.
func (x *xrefs) define(id string, kind uint64, line int) (dup int, bad []mismatch) {
	h := x.hash(id)
	if x.defs != nil {
		if x.missed && x.defs.find(h) >= 0 {
			// Defined before in a line Predefine did not see as a
			// definition?
			if sh, i := x.find(h); sh.slots[i].key()&keyKind != kindNone {
				sl := &sh.slots[i]
				x.defs.define(h, sl.key()&keyKind, int(sl.val))
				return int(sl.val), nil
			}
		}
		if dup, later, ok := x.defs.define(h, kind, line); ok {
			if dup != 0 {
				return dup, nil
			}
			var first [kindOther + 1]pointerAt
			if x.early {
				x.resolve(h, kind, line, &first)
			}
			for _, p := range later {
				if !first[p.want].set {
					first[p.want] = pointerAt{p.line, x.path(p.path), true}
				}
			}
			return 0, x.mismatches(id, kind, &first)
		}
	}
	x.missed = x.defs != nil
	sh, i := x.find(h)
	sl := &sh.slots[i]
	k := sl.key()
	if k == 0 {
		sh.insert(i, h|kind, clampLine(line))
		return 0, nil
	}
	if k&keyKind != kindNone {
		return int(sl.val), nil
	}
	var first [kindOther + 1]pointerAt
	x.resolve(h, kind, line, &first)
	return 0, x.mismatches(id, kind, &first)
}

// mismatches returns the mismatches of the pointers first[w] that wanted
// a kind w other than kind.
func (x *xrefs) mismatches(id string, kind uint64, first *[kindOther + 1]pointerAt) (bad []mismatch) {
	for w := uint64(1); w <= kindOther; w++ {
		if at := first[w]; at.set && w != kind {
			bad = append(bad, mismatch{int(at.line), x.pathOf(at.path), id, kind, w})
		}
	}
	return bad
}

// resolve defines an identifier that is pending in the shards (pointed
// to, not defined) and sets first[w] to where the first pointer to it
// that wanted w is; it does nothing for one that is not pending.
func (x *xrefs) resolve(h, kind uint64, line int, first *[kindOther + 1]pointerAt) {
	sh, i := x.find(h)
	sl := &sh.slots[i]
	if sl.key() == 0 || sl.key()&keyKind != kindNone {
		return
	}
	p := &x.pending[sl.val]
	for w := uint64(1); w <= kindOther; w++ {
		if uint64(p.want)&(1<<(w-1)) == 0 {
			continue
		}
		at := pointerAt{p.line, p.path, true}
		if w != uint64(p.want0) {
			k := wantKey{sl.val, uint8(w)}
			at = x.wantAt[k]
			delete(x.wantAt, k)
		}
		first[w] = at
	}
	*p = pendingXref{}
	x.free = append(x.free, sl.val)
	sl.setKey(h | kind)
	sl.val = clampLine(line)
}

// point records a pointer to id on line, wanting a record of kind want
// (kindNone: any record); standard says whether the pointer is in a
// standard structure or in an extension, and path returns the pointer's
// path (called only for the first pointer to an undefined identifier). It
// returns the kind of the record id already names, or kindNone if it is
// not defined yet.
func (x *xrefs) point(id string, want uint64, standard bool, line int, path func() string) (got uint64) {
	h := x.hash(id)
	if x.defs != nil {
		if got, ok := x.defs.point(h, want, line, path); ok {
			return got
		}
	}
	sh, i := x.find(h)
	sl := &sh.slots[i]
	k := sl.key()
	if k&keyKind != kindNone {
		return k & keyKind
	}
	if k == 0 {
		e := pendingXref{line: clampLine(line), path: x.path(path())}
		e.off, e.n = x.addID(id)
		var pi uint32
		if n := len(x.free); n > 0 {
			pi = x.free[n-1]
			x.free = x.free[:n-1]
			x.pending[pi] = e
		} else {
			pi = uint32(len(x.pending))
			x.pending = append(x.pending, e)
		}
		sl = sh.insert(i, h, pi)
	}
	p := &x.pending[sl.val]
	if want != kindNone {
		bit := uint16(1) << (want - 1)
		switch {
		case p.want == 0:
			p.want0 = uint8(want)
			if p.line != clampLine(line) {
				// An earlier pointer wanted no kind.
				x.wantAt[wantKey{sl.val, uint8(want)}] = pointerAt{clampLine(line), x.path(path()), true}
				p.want0 = 0
			}
		case p.want&bit == 0:
			x.wantAt[wantKey{sl.val, uint8(want)}] = pointerAt{clampLine(line), x.path(path()), true}
		}
		p.want |= bit
	}
	if standard {
		p.standard = true
	}
	return kindNone
}

// dangling is a pointer to an identifier no record defines.
type dangling struct {
	line     int
	path     string
	id       string
	standard bool // a standard structure points to it
}

// undefined returns the identifiers pointed to but never defined, each
// with its first pointer, in line order.
func (x *xrefs) undefined() []dangling {
	var out []dangling
	for i := range x.pending {
		if p := &x.pending[i]; p.n > 0 {
			out = append(out, dangling{int(p.line), x.pathOf(p.path), x.id(p), p.standard})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].line != out[j].line {
			return out[i].line < out[j].line
		}
		return out[i].id < out[j].id
	})
	return out
}
