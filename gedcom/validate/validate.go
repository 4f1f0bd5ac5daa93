package validate

import (
	"fmt"
	"strings"

	"kin/gedcom"
)

// Options choose the GEDCOM version to check against and which common
// deviations to tolerate. The zero value checks strictly, against the
// version the file's header declares (7.0 when it declares none).
//
// A tolerated deviation is reported as a Warning instead of an Error. The
// Allow switches are the deviations real programs produce; the package
// comment lists which programs write them. GEDCOM 5.5.1 files are checked
// with all of them on unless Strict is set.
type Options struct {
	// Version is the GEDCOM version to check against: "7.0", "7.1" or
	// "5.5.1" ("5.5" and "5.5.5" are checked as 5.5.1). "" uses the
	// version in HEAD.GEDC.VERS.
	Version string

	// Strict checks 5.5.1 files as strictly as 7.0 files: the deviations
	// below are errors unless switched on one by one.
	Strict bool

	// Lenient switches on every Allow option, whatever the version.
	Lenient bool

	// AllowUnknownTags tolerates standard-looking (non-underscore) tags that
	// the specification does not define where they appear, and records of
	// unknown types.
	AllowUnknownTags bool

	// AllowMissingSubmitter tolerates a 5.5.1 header without the SUBM
	// pointer the 5.5.1 specification requires.
	AllowMissingSubmitter bool

	// AllowSloppyDates tolerates dates that are valid once upper-cased and
	// with runs of spaces collapsed ("12 jan  1900").
	AllowSloppyDates bool

	// AllowNonStandardEnums tolerates enumeration values outside their set,
	// or in the wrong case ("SEX male", "PEDI Birth").
	AllowNonStandardEnums bool

	// AllowStructureErrors tolerates wrong numbers of substructures (too
	// many or a required one missing) and payloads of the wrong form
	// (text where none or a pointer is expected, "Y" flags with other
	// text).
	AllowStructureErrors bool

	// PredefineMemory is the most memory, in bytes, the table of
	// identifiers Predefine builds may take (9 bytes an identifier): a
	// larger table is kept in a temporary file instead, with the same
	// diagnostics. 0 means DefaultPredefineMemory; a negative value
	// always uses a file.
	PredefineMemory int64
}

// quirk is one of the deviations Options can tolerate.
type quirk int

const (
	strict quirk = iota // never tolerated
	quirkUnknownTag
	quirkMissingSubm
	quirkSloppyDate
	quirkEnum
	quirkStructure
)

// Validator checks a GEDCOM file record by record. Records are passed to
// Record in file order; Finish reports what can only be known at the end.
// A Validator keeps 16–32 bytes per cross-reference identifier (more for
// one pointed to before its record, until the record comes) and nothing
// else of the records, so it can check files of millions of records in
// tens of megabytes; after Predefine, 9 bytes an identifier, allocated
// once, whatever the order of the records, up to Options.PredefineMemory,
// past which they are in a temporary file. It copies the strings it
// keeps, so the records may come from a gedcom.Decoder with ReuseRecord
// and ReuseText.
type Validator struct {
	// Filename is put in the diagnostics' positions.
	Filename string

	opts    Options
	schema  *schema
	is551   bool
	schma   map[string]string // extension tag → URI, from HEAD.SCHMA
	xrefs   *xrefs
	records int
	sawHEAD bool
	sawTRLR bool
	afterT  bool // a record after TRLR was reported

	out   []Diagnostic
	stack []string          // tags from the record to the current structure
	tags  map[string]bool   // standard tags, for messages
	uris  map[string]uint16 // standard structure types by full URI

	// Caches of the hot paths, so a structure costs no map operation or
	// binary search in the common case: where each tag resolves in each
	// structure type, the required substructures of each type (for the
	// schema in reqOf), and date payloads already found valid.
	subs   *[subCacheSize]subEntry
	reqAt  []int32
	reqAll []int32
	reqOf  *schema
	dates  map[dateKey]struct{}
}

const subCacheSize = 1 << 10

// subEntry caches st.lookup(key) for structure type typ.
type subEntry struct {
	key    string
	typ    uint16
	lo, hi int32
}

// lookup returns the range of the substructures of type t (st) whose key
// is key, through a direct-mapped cache.
func (v *Validator) lookup(t uint16, st *structType, key string) (lo, hi int) {
	if v.subs == nil {
		v.subs = new([subCacheSize]subEntry)
	}
	slot := int(t) * 131
	if key != "" {
		slot += len(key)*31 + int(key[0])*7 + int(key[len(key)-1])*3 + int(key[len(key)/2])
	}
	e := &v.subs[slot&(subCacheSize-1)]
	if e.typ == t && e.key == key && key != "" {
		return int(e.lo), int(e.hi)
	}
	lo, hi = st.lookup(key)
	*e = subEntry{key: key, typ: t, lo: int32(lo), hi: int32(hi)}
	return lo, hi
}

// required returns the indexes in the subs of structure type t of the
// substructures it requires.
func (v *Validator) required(t uint16) []int32 {
	if v.reqOf != v.schema {
		// The lists of all types share one array: v.req[t] is
		// v.reqAll[v.reqAt[t]:v.reqAt[t+1]].
		v.reqOf = v.schema
		v.reqAt = make([]int32, len(v.schema.structs)+1)
		v.reqAll = v.reqAll[:0]
		for i := range v.schema.structs {
			v.reqAt[i] = int32(len(v.reqAll))
			for j, e := range v.schema.structs[i].subs {
				if e.min > 0 && !isURI(e.key) {
					v.reqAll = append(v.reqAll, int32(j))
				}
			}
		}
		v.reqAt[len(v.schema.structs)] = int32(len(v.reqAll))
	}
	return v.reqAll[v.reqAt[t]:v.reqAt[t+1]]
}

// New returns a Validator that checks with opts.
func New(opts Options) *Validator {
	v := &Validator{opts: opts, xrefs: newXrefs(), schma: map[string]string{}}
	v.setVersion(opts.Version)
	return v
}

// Document checks a whole decoded document and returns its diagnostics.
// The file name in the positions is left empty.
func Document(d *gedcom.Document, opts Options) []Diagnostic {
	if opts.Version == "" && d.Header() == nil {
		opts.Version = d.Version
	}
	v := New(opts)
	var out []Diagnostic
	for _, r := range d.Records {
		out = append(out, v.Record(r)...)
	}
	return append(out, v.Finish()...)
}

// Version returns the GEDCOM version the Validator checks against: the one
// in Options, else the one the header declared, else "7.0".
func (v *Validator) Version() string { return v.schema.version }

// setVersion picks the schema for version; it reports whether it knows it.
func (v *Validator) setVersion(version string) bool {
	switch {
	case version == "7.0" || strings.HasPrefix(version, "7.0."):
		v.schema, v.is551 = &schema70, false
	case version == "7.1" || strings.HasPrefix(version, "7.1."):
		v.schema, v.is551 = &schema71, false
	case version == "5.5" || version == "5.5.1" || version == "5.5.5" || strings.HasPrefix(version, "5.5.1 "):
		v.schema, v.is551 = &schema551, true
	case strings.HasPrefix(version, "5.") || strings.HasPrefix(version, "4."):
		// Other 5.x and 4.x headers ("5.01", "5.3", "4.0") come from
		// programs of the 5.5 era: their files follow 5.5.1 far more
		// closely than 7.0, so they are checked, leniently, as 5.5.1.
		v.schema, v.is551 = &schema551, true
		v.xrefs.fold = true
		return false
	default:
		v.schema, v.is551 = &schema70, false
		v.xrefs.fold = false
		return version == ""
	}
	v.xrefs.fold = v.is551
	return true
}

// allowed reports whether q is tolerated.
func (v *Validator) allowed(q quirk) bool {
	o := &v.opts
	if q == strict {
		return false
	}
	if o.Lenient || (v.is551 && !o.Strict) {
		return true
	}
	switch q {
	case quirkUnknownTag:
		return o.AllowUnknownTags
	case quirkMissingSubm:
		return o.AllowMissingSubmitter
	case quirkSloppyDate:
		return o.AllowSloppyDates
	case quirkEnum:
		return o.AllowNonStandardEnums
	case quirkStructure:
		return o.AllowStructureErrors
	}
	return false
}

// report adds a diagnostic for the structure at the top of the stack.
func (v *Validator) report(line int, q quirk, format string, args ...any) {
	v.reportAt(line, strings.Join(v.stack, "."), q, format, args...)
}

func (v *Validator) reportAt(line int, path string, q quirk, format string, args ...any) {
	sev := Error
	if v.allowed(q) {
		sev = Warning
	}
	v.out = append(v.out, Diagnostic{
		Pos:      gedcom.Position{Filename: v.Filename, Line: line},
		Path:     path,
		Severity: sev,
		Message:  fmt.Sprintf(format, args...),
	})
}

// warn adds a Warning whatever the options.
func (v *Validator) warn(line int, format string, args ...any) {
	v.out = append(v.out, Diagnostic{
		Pos:      gedcom.Position{Filename: v.Filename, Line: line},
		Path:     strings.Join(v.stack, "."),
		Severity: Warning,
		Message:  fmt.Sprintf(format, args...),
	})
}

// Record checks one level-0 record and returns its diagnostics. Problems
// that involve other records (pointers to records not read yet) are
// reported by a later Record call or by Finish.
func (v *Validator) Record(n *gedcom.Node) []Diagnostic {
	v.out = nil
	v.records++
	v.stack = append(v.stack[:0], n.Tag)
	if v.records == 1 && n.Tag != "HEAD" {
		v.report(n.Line, strict, "the file does not start with a HEAD record")
	}
	if v.sawTRLR && !v.afterT {
		v.afterT = true
		v.report(n.Line, strict, "record after the TRLR record")
	}
	switch n.Tag {
	case "HEAD":
		if v.sawHEAD {
			v.report(n.Line, strict, "more than one HEAD record")
			break
		}
		v.sawHEAD = true
		if v.records == 1 {
			v.header(n)
		}
	case "TRLR":
		if v.sawTRLR {
			v.report(n.Line, strict, "more than one TRLR record")
		}
		v.sawTRLR = true
	}
	v.record(n)
	out := v.out
	v.out = nil
	return out
}

// header reads what the rest of the file is checked with: the version
// and the extension tags HEAD.SCHMA declares.
func (v *Validator) header(head *gedcom.Node) {
	vers := head.First("GEDC").ValueOf("VERS")
	if v.opts.Version == "" {
		if vers == "" && head.First("GEDC") == nil && head.First("CHAR") != nil {
			vers = "5.5.1" // a 5.5-era header without GEDC
		}
		if !v.setVersion(vers) {
			v.stack = append(v.stack, "GEDC", "VERS")
			v.warn(head.First("GEDC").First("VERS").Line, "unsupported GEDCOM version %q; checked as %s", vers, v.schema.version)
			v.stack = v.stack[:1]
		}
	}
	if !v.is551 {
		for _, t := range head.First("SCHMA").All("TAG") {
			if tag, uri, ok := strings.Cut(strings.TrimSpace(t.Value), " "); ok {
				// Cloned: the decoder may reuse the record's text.
				v.schma[strings.Clone(tag)] = strings.Clone(strings.TrimSpace(uri))
			}
		}
	}
}

// record checks a level-0 record and its cross-reference identifier.
func (v *Validator) record(n *gedcom.Node) {
	root := &v.schema.structs[0]
	i := v.resolve(0, root, n)
	kind := uint64(kindOther)
	if i >= 0 {
		kind = kindOf(v.schema.structs[root.subs[i].typ].tag)
	}
	if n.Xref != "" {
		if n.Tag == "HEAD" || n.Tag == "TRLR" {
			v.report(n.Line, strict, "%s cannot have a cross-reference identifier", n.Tag)
		} else {
			v.checkXref(n.Line, n.Xref)
			dup, bad := v.xrefs.define(n.Xref, kind, n.Line)
			switch {
			case dup > 0:
				v.report(n.Line, strict, "duplicate cross-reference identifier @%s@ (first defined on line %d)", n.Xref, dup)
			case dup < 0:
				v.report(n.Line, strict, "duplicate cross-reference identifier @%s@ (first defined earlier)", n.Xref)
			}
			for _, b := range bad {
				v.reportAt(b.line, b.path, strict, "@%s@ points to %s record, want %s", b.id, article(kindNames[b.got]), kindNames[b.want])
			}
		}
	}
	switch {
	case i >= 0:
		v.structure(n, root.subs[i].typ)
	case isExtTag(n.Tag):
		v.extension(n)
	default:
		v.report(n.Line, quirkUnknownTag, "%s is not a record type", n.Tag)
		v.extension(n)
	}
}

// structure checks n, a structure of type t: its payload and each of its
// substructures, in context.
func (v *Validator) structure(n *gedcom.Node, t uint16) {
	st := &v.schema.structs[t]
	if len(v.stack) > 1 && n.Xref != "" {
		v.report(n.Line, strict, "a substructure cannot have a cross-reference identifier (@%s@)", n.Xref)
	}
	v.payload(n, st)

	// counts[i] counts the substructures of st.subs[i]'s type. Most
	// structure types allow fewer than 64, which stay on the stack.
	var buf [64]uint16
	counts := buf[:0]
	if len(st.subs) <= len(buf) {
		counts = buf[:len(st.subs)]
	} else {
		counts = make([]uint16, len(st.subs))
	}
	for _, c := range n.Nodes {
		v.stack = append(v.stack, c.Tag)
		i := v.resolve(t, st, c)
		switch {
		case i >= 0:
			e := st.subs[i]
			if counts[i] < 0xFFFF {
				counts[i]++
			}
			if e.max > 0 && int(counts[i]) == int(e.max)+1 {
				v.tooMany(c, n.Tag, e.max)
			}
			v.structure(c, e.typ)
		case isExtTag(c.Tag):
			v.extension(c)
		default:
			if v.knownTag(c.Tag) {
				v.report(c.Line, quirkUnknownTag, "%s is not allowed in %s", c.Tag, strings.Join(v.stack[:len(v.stack)-1], "."))
			} else {
				v.report(c.Line, quirkUnknownTag, "%s is not a standard tag", c.Tag)
			}
			v.extension(c)
		}
		v.stack = v.stack[:len(v.stack)-1]
	}
	for _, i := range v.required(t) {
		if e := st.subs[i]; counts[i] == 0 {
			q := quirkStructure
			if v.is551 && n.Tag == "HEAD" && e.key == "SUBM" {
				q = quirkMissingSubm
			}
			v.report(n.Line, q, "missing required %s", e.key)
		}
	}
}

// tooMany reports the first substructure beyond its maximum count.
func (v *Validator) tooMany(c *gedcom.Node, super string, max uint8) {
	if max == 1 {
		v.report(c.Line, quirkStructure, "more than one %s in %s", c.Tag, super)
		return
	}
	v.report(c.Line, quirkStructure, "more than %d %s in %s", max, c.Tag, super)
}

// resolve returns the index in st.subs of the type of substructure c, or
// -1 if c's tag is not defined in st's context. A tag with two types
// (5.5.1 NOTE @N1@ and NOTE text) resolves by the form of c's payload.
func (v *Validator) resolve(t uint16, st *structType, c *gedcom.Node) int {
	key := c.Tag
	if isExtTag(key) {
		uri, ok := v.schma[key]
		if !ok {
			return -1
		}
		key = uri
		// An extension tag may name a standard structure type
		// ("2 TAG _USER https://gedcom.io/terms/v7/record-SUBM"): it
		// stands for that type wherever the type is allowed.
		if t, ok := v.typeOfURI(uri); ok {
			for i, e := range st.subs {
				if e.typ == t {
					return i
				}
			}
			return -1
		}
	}
	lo, hi := v.lookup(t, st, key)
	if lo == hi {
		return -1
	}
	for i := lo; hi-lo > 1 && i < hi; i++ {
		if (v.schema.structs[st.subs[i].typ].payload == payloadPointer) == c.HasPointer() {
			return i
		}
	}
	return lo
}

// extension walks a structure the validator has no definition for: an
// undocumented extension or an unknown tag. Its substructures may be
// anything; only the rules for all structures are checked: no
// cross-reference identifiers below level 0, pointers that resolve.
func (v *Validator) extension(n *gedcom.Node) {
	if len(v.stack) > 1 && n.Xref != "" {
		v.report(n.Line, strict, "a substructure cannot have a cross-reference identifier (@%s@)", n.Xref)
	}
	if n.HasPointer() && !(n.Pointer == "VOID" && !v.is551) {
		v.pointer(n, kindNone, false)
	}
	for _, c := range n.Nodes {
		v.stack = append(v.stack, c.Tag)
		v.extension(c)
		v.stack = v.stack[:len(v.stack)-1]
	}
}

// pointer checks a pointer payload against the records defined so far and
// remembers it for Finish.
//
// A pointer in an undocumented extension that points to no record is only
// a warning: an extension may define its pointers to point elsewhere.
func (v *Validator) pointer(n *gedcom.Node, want uint64, standard bool) {
	v.checkXref(n.Line, n.Pointer)
	got := v.xrefs.point(n.Pointer, want, standard, n.Line, v.path)
	if got != kindNone && want != kindNone && got != want {
		v.report(n.Line, strict, "@%s@ points to %s record, want %s", n.Pointer, article(kindNames[got]), kindNames[want])
	}
}

// path returns the path of the structure at the top of the stack.
func (v *Validator) path() string { return strings.Join(v.stack, ".") }

// checkXref reports a malformed cross-reference identifier. GEDCOM 7 allows
// upper-case letters, digits and underscores; 5.5.1 anything but @, a
// leading #, and control characters, in at most 20 characters.
func (v *Validator) checkXref(line int, id string) {
	if v.is551 {
		ok := id != "" && id[0] != '#' && len(id) <= 20
		for i := 0; ok && i < len(id); i++ {
			ok = id[i] != '@' && id[i] >= ' ' && id[i] != 0x7F
		}
		if !ok {
			v.report(line, quirkStructure, "@%s@ is not a valid cross-reference identifier", id)
		}
		return
	}
	ok := id != ""
	for i := 0; ok && i < len(id); i++ {
		c := id[i]
		ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	if !ok {
		v.report(line, strict, "@%s@ is not a valid cross-reference identifier", id)
	} else if id == "VOID" {
		v.report(line, strict, "@VOID@ cannot be a record's cross-reference identifier")
	}
}

// Finish reports the problems only the end of the file shows: a missing
// HEAD or TRLR, and pointers to records that do not exist.
func (v *Validator) Finish() []Diagnostic {
	v.out = nil
	v.stack = v.stack[:0]
	if v.records == 0 {
		v.report(0, strict, "the file has no records: it needs at least HEAD and TRLR")
	} else if !v.sawTRLR {
		v.report(0, strict, "missing TRLR record at the end of the file")
	}
	if d := v.xrefs.defs; d != nil {
		if err := d.close(); err != nil {
			v.report(0, strict, "predefine: %v", err)
		}
	}
	for _, d := range v.xrefs.undefined() {
		if d.standard {
			v.reportAt(d.line, d.path, strict, "@%s@ points to no record", d.id)
		} else {
			v.out = append(v.out, Diagnostic{
				Pos:      gedcom.Position{Filename: v.Filename, Line: d.line},
				Path:     d.path,
				Severity: Warning,
				Message:  fmt.Sprintf("@%s@ points to no record", d.id),
			})
		}
	}
	out := v.out
	v.out = nil
	return out
}

// Close releases what Predefine took: its temporary file, if it made
// one. Finish does it too; Close is for a validation left before its
// end. It returns the first error the file gave.
func (v *Validator) Close() error {
	if v.xrefs.defs == nil {
		return nil
	}
	return v.xrefs.defs.close()
}

// PredefinedMemory returns the bytes the table Predefine built takes in
// memory: 0 without Predefine or when the table is in a temporary file.
func (v *Validator) PredefinedMemory() int64 {
	if v.xrefs.defs == nil {
		return 0
	}
	return v.xrefs.defs.inMemory()
}

// typeOfURI returns the index of the standard structure type with uri.
func (v *Validator) typeOfURI(uri string) (uint16, bool) {
	if v.uris == nil {
		v.uris = map[string]uint16{}
		for i, st := range v.schema.structs {
			if st.uri != "" && !isURI(st.uri) {
				v.uris[uriPrefix+st.uri] = uint16(i)
			}
		}
	}
	t, ok := v.uris[uri]
	return t, ok
}

// uriPrefix is left out of the standard structure types' URIs in the
// generated tables.
const uriPrefix = "https://gedcom.io/terms/"

// knownTag reports whether tag is a standard tag anywhere in the schema.
func (v *Validator) knownTag(tag string) bool {
	if v.tags == nil {
		v.tags = map[string]bool{}
		for _, st := range v.schema.structs {
			v.tags[st.tag] = true
		}
	}
	return v.tags[tag]
}

// isExtTag reports whether tag is an extension tag ("_MYTAG").
func isExtTag(tag string) bool { return len(tag) > 1 && tag[0] == '_' }

// isURI reports whether a substructure key is an extension type's URI.
func isURI(key string) bool { return strings.Contains(key, ":") }

// article returns "an INDI" or "a FAM".
func article(kind string) string {
	switch kind {
	case "INDI", "OBJE", "extension":
		return "an " + kind
	}
	return "a " + kind
}
