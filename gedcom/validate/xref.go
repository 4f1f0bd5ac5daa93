package validate

import (
	"hash/maphash"
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

// An xrefs entry packs what the validator knows about one cross-reference
// identifier into 64 bits, so that a file of millions of records needs
// tens of bytes per record:
//
//	bits  0–3   the kind of the record that defines it (kindNone: not yet)
//	bits  4–15  a mask of the kinds pointers to it want, while undefined
//	bits 16–27  the path of the first pointer to it, while undefined
//	bit  28     a standard structure points to it, while undefined
//	bits 32–63  the line of its definition, or of its first pointer
const (
	entryKind    = 0xF
	entryWantSh  = 4
	entryWant    = 0xFFF << entryWantSh
	entryPathSh  = 16
	entryPath    = 0xFFF << entryPathSh
	entryStd     = 1 << 28
	entryLineSh  = 32
	maxPaths     = 0xFFF // path index meaning "unknown"
	maxEntryLine = 1<<32 - 1
)

// xrefs is the cross-record state of a validation: every identifier defined
// or pointed to, by a 64-bit hash, and the text of the identifiers pointed
// to before their definition, for the messages about dangling pointers.
type xrefs struct {
	// fold matches identifiers ignoring case, as 5.5.1 readers do
	// (conversion-551-to-70/5/xref-case.ged points to @test@ for @TEST@).
	fold    bool
	seed    maphash.Seed
	entries map[uint64]uint64
	pending map[uint64]string
	paths   []string
	pathIdx map[string]uint64
}

func newXrefs() *xrefs {
	return &xrefs{
		seed:    maphash.MakeSeed(),
		entries: make(map[uint64]uint64),
		pending: make(map[uint64]string),
		pathIdx: make(map[string]uint64),
	}
}

func (x *xrefs) hash(id string) uint64 {
	if x.fold {
		id = strings.ToUpper(id)
	}
	return maphash.String(x.seed, id)
}

// path interns p, a path of a structure that holds a pointer. Structure
// paths are few; paths inside extensions could be many, so after maxPaths
// distinct paths new ones are not remembered.
func (x *xrefs) path(p string) uint64 {
	if i, ok := x.pathIdx[p]; ok {
		return i
	}
	if len(x.paths) >= maxPaths {
		return maxPaths
	}
	i := uint64(len(x.paths))
	x.paths = append(x.paths, p)
	x.pathIdx[p] = i
	return i
}

func (x *xrefs) pathOf(i uint64) string {
	if i < uint64(len(x.paths)) {
		return x.paths[i]
	}
	return ""
}

func clampLine(line int) uint64 {
	if line < 0 {
		return 0
	}
	if line > maxEntryLine {
		return maxEntryLine
	}
	return uint64(line)
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
	e, ok := x.entries[h]
	if ok && e&entryKind != kindNone {
		return int(e >> entryLineSh), nil
	}
	if ok {
		want := (e & entryWant) >> entryWantSh
		for k := uint64(1); k <= kindOther; k++ {
			if want&(1<<(k-1)) != 0 && k != kind {
				bad = append(bad, mismatch{int(e >> entryLineSh), x.pathOf((e & entryPath) >> entryPathSh), id, kind, k})
			}
		}
		delete(x.pending, h)
	}
	x.entries[h] = kind | clampLine(line)<<entryLineSh
	return 0, bad
}

// point records a pointer to id on line at path, wanting a record of kind
// want (kindNone: any record); standard says whether the pointer is in a
// standard structure or in an extension. It returns the kind of the record id
// already names, or kindNone if it is not defined yet.
func (x *xrefs) point(id string, want uint64, standard bool, line int, path string) (got uint64) {
	h := x.hash(id)
	e, ok := x.entries[h]
	if ok && e&entryKind != kindNone {
		return e & entryKind
	}
	if !ok {
		e = x.path(path)<<entryPathSh | clampLine(line)<<entryLineSh
		x.pending[h] = strings.Clone(id)
	}
	if want != kindNone {
		e |= 1 << (want - 1) << entryWantSh
	}
	if standard {
		e |= entryStd
	}
	x.entries[h] = e
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
	for h, id := range x.pending {
		e := x.entries[h]
		out = append(out, dangling{int(e >> entryLineSh), x.pathOf((e & entryPath) >> entryPathSh), id, e&entryStd != 0})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].line != out[j].line {
			return out[i].line < out[j].line
		}
		return out[i].id < out[j].id
	})
	return out
}
