package convert

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"kin/gedcom"
	"kin/gedcom/validate"
)

// repairer makes converted records valid against the specification tables
// of the target version, after the migration rules have run. It decides
// what is allowed where from package validate's tables, so the converter
// and the validator agree. See the package comment for the rules; each
// repair gives one Warning per path and kind of repair, however often it
// is made.
type repairer struct {
	schema validate.Schema
	check  *validate.Checker
	// strict repairs everything a strict Validator reports (7.0). When it
	// is false (5.5.1) only what is an Error in the Validator's default
	// 5.5.1 mode is repaired: invalid dates, ages, numbers and the like,
	// and pointers; structures in the wrong place, wrong counts and
	// enumeration values are warnings there and are left alone, so the
	// 7.0 structures To551 keeps stay where 7.0 readers expect them.
	strict bool
	w      *warnings
	// kind returns the tag of the output record a pointer points to, or
	// "" when no record has the identifier. nil: pointers are not checked.
	kind func(ptr string) string
	// declared maps the extension tags HEAD.SCHMA declares to their URIs
	// (7.0 only): the Validator checks such a tag as the type of its URI.
	declared map[string]string
	// orig maps output structures a migration rule renamed (RIN → EXID)
	// to the input structure, so that one that has no place becomes an
	// extension structure with the input's tag and payload; original
	// turns the input structure into that extension subtree. Both are set
	// by the converter for the current record.
	orig     map[*gedcom.Node]*gedcom.Node
	original func(in *gedcom.Node, path []string) *gedcom.Node
	// origPtr maps output structures whose pointer the converter changed
	// (to @VOID@ or a new identifier) to the pointer of the input.
	origPtr map[*gedcom.Node]string
}

func newRepairer(version string, strict bool, w *warnings) *repairer {
	s, ok := validate.SchemaOf(version)
	if !ok {
		panic("convert: no specification tables for " + version) // the package's own constant
	}
	return &repairer{
		schema: s,
		check:  validate.NewChecker(s, validate.Options{}),
		strict: strict,
		w:      w,
	}
}

func (r *repairer) warn(n *gedcom.Node, path []string, format string, args ...any) {
	r.w.add(n.Line, pathString(path, n.Tag), fmt.Sprintf(format, args...))
}

// record repairs a level-0 record in place and returns it, or the
// extension record it became.
func (r *repairer) record(n *gedcom.Node) *gedcom.Node {
	if isExt(n.Tag) {
		r.extSubtree(n, nil)
		return n
	}
	t, ok := r.schema.Record(n.Tag)
	if !ok {
		return r.extify(n, nil, fmt.Sprintf("%s is not a %s record type", n.Tag, r.schema.Version()))
	}
	if why := r.fix(n, t, []string{n.Tag}); why != "" {
		return r.extify(n, nil, why)
	}
	return n
}

// recordTag returns the tag record n will have after record: its own, or
// an extension tag when the version has no such record. It must agree
// with record for the records a converter predicts.
func (r *repairer) recordTag(tag string) string {
	if isExt(tag) {
		return tag
	}
	if _, ok := r.schema.Record(tag); ok {
		return tag
	}
	return r.extTag(tag)
}

// fix makes n, a structure of type t whose tags from the record down are
// path (n's own last), valid in place. It returns why it cannot be, or "".
func (r *repairer) fix(n *gedcom.Node, t validate.Type, path []string) string {
	if len(path) > 1 && n.Xref != "" {
		r.warn(n, path[:len(path)-1], "a substructure cannot have a cross-reference identifier; @%s@ left out", n.Xref)
		n.Xref = ""
	}
	if why := r.payload(n, t, path); why != "" {
		return why
	}
	r.subs(n, t, path)
	return r.required(n, t, path)
}

// allows reports whether t allows a substructure with tag.
func allows(t validate.Type, tag string) bool {
	_, ok := t.Sub(tag, false)
	return ok
}

// payload repairs n's payload for type t, or says why it cannot.
func (r *repairer) payload(n *gedcom.Node, t validate.Type, path []string) string {
	parentPath := path[:len(path)-1]
	kind := t.Payload()
	switch {
	case kind == validate.PayloadAny:
		return ""
	case kind == validate.PayloadPointer:
		return r.pointer(n, t, parentPath)
	case n.Pointer != "":
		if !r.strict {
			return "" // a warning in 5.5.1
		}
		if kind != validate.PayloadText && kind != validate.PayloadName {
			return fmt.Sprintf("%s takes no pointer", n.Tag)
		}
		// A pointer where text belongs: the identifier as written in
		// the input becomes the text (the writer doubles the @).
		p := n.Pointer
		if o, ok := r.origPtr[n]; ok {
			p = o
		}
		n.Value, n.Pointer = "@"+p+"@", ""
		r.warn(n, parentPath, "%s takes text, not a pointer; the pointer is written as text", n.Tag)
	}
	if r.check.Payload(t, n.Value) == nil {
		return ""
	}
	if strings.TrimSpace(n.Value) == "" && n.Value != "" {
		n.Value = ""
		if r.check.Payload(t, "") == nil {
			return ""
		}
	}
	v := strings.TrimSpace(n.Value)
	switch kind {
	case validate.PayloadY:
		if strings.EqualFold(v, "Y") || strings.EqualFold(v, "YES") {
			n.Value = "Y"
			break
		}
		if !allows(t, "NOTE") {
			return fmt.Sprintf("%s takes Y or nothing", n.Tag)
		}
		// 5.5.1 programs write what they know of an event on its line
		// ("1 DEAT Killed in France", "1 BURI Willis Cemetery"); the
		// line's presence says the event happened, and the text is a
		// note about it. (EVEN takes text in 7.0 and needs no repair.)
		n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "NOTE", Value: n.Value, Line: n.Line})
		n.Value = "Y"
		r.warn(n, parentPath, "text on the %s line moved to a NOTE; the payload is Y", n.Tag)
	case validate.PayloadNone:
		switch {
		case strings.EqualFold(v, "Y"):
			// "1 CONL Y": the structure's presence already says it.
			n.Value = ""
			r.warn(n, parentPath, "%s takes no payload; its Y is left out", n.Tag)
		case allows(t, "NOTE"):
			n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "NOTE", Value: n.Value, Line: n.Line})
			n.Value = ""
			r.warn(n, parentPath, "%s takes no payload; the text moved to a NOTE", n.Tag)
		default:
			return fmt.Sprintf("%s takes no payload", n.Tag)
		}
	case validate.PayloadName:
		fixed := fixSlashes(n.Value)
		r.warn(n, parentPath, "a personal name needs a / on each side of the surname; slashes repaired")
		n.Value = fixed
	case validate.PayloadEnum:
		return r.enum(n, t, parentPath)
	case validate.PayloadListEnum:
		var vals []string
		for _, f := range strings.Split(n.Value, ",") {
			f = strings.ToUpper(strings.TrimSpace(f))
			if !t.InEnum(f) && !isExtValue(f) {
				return fmt.Sprintf("%s values outside their set", n.Tag)
			}
			vals = append(vals, f)
		}
		n.Value = strings.Join(vals, ", ")
	case validate.PayloadLatitude, validate.PayloadLongitude:
		pos, neg, max := byte('N'), byte('S'), 90.0
		if kind == validate.PayloadLongitude {
			pos, neg, max = 'E', 'W', 180
		}
		c, ok := coordinate(v, pos, neg, max)
		if !ok {
			return fmt.Sprintf("%s is not a coordinate", n.Tag)
		}
		n.Value = c
		r.warn(n, parentPath, "coordinate rewritten in the GEDCOM form")
	case validate.PayloadURI:
		if strings.HasPrefix(strings.ToLower(v), "www.") && t.Tag() == "WWW" {
			n.Value = "http://" + v
			r.warn(n, parentPath, "web address without a scheme; http:// added")
			break
		}
		return fmt.Sprintf("%s is not a URI", n.Tag)
	default:
		// Dates, ages and the like that no migration rule could read:
		// the text goes to a PHRASE where the type has one and takes
		// an empty payload (DateValue, DatePeriod, Age).
		if allows(t, "PHRASE") && v != "" && n.First("PHRASE") == nil && r.check.Payload(t, "") == nil {
			n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "PHRASE", Value: n.Value, Line: n.Line})
			n.Value = ""
			r.warn(n, parentPath, "payload not valid for %s; kept as its PHRASE", n.Tag)
			break
		}
		return fmt.Sprintf("payload not valid for %s", n.Tag)
	}
	if r.check.Payload(t, n.Value) != nil {
		return fmt.Sprintf("payload not valid for %s", n.Tag)
	}
	return ""
}

// pointer checks a structure that takes a pointer.
func (r *repairer) pointer(n *gedcom.Node, t validate.Type, parentPath []string) string {
	if n.Pointer == "" {
		v := strings.TrimSpace(n.Value)
		if !r.strict {
			return "" // a warning in 5.5.1
		}
		if v != "" {
			if !allows(t, "PHRASE") || n.First("PHRASE") != nil {
				return fmt.Sprintf("%s takes a pointer, not text", n.Tag)
			}
			// "1 HUSB John Smith": an unknown record the text describes.
			n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "PHRASE", Value: n.Value, Line: n.Line})
			r.warn(n, parentPath, "text where a pointer belongs: @VOID@ with the text as PHRASE")
		} else {
			// "1 REPO" holding only a CALN: a repository not known.
			r.warn(n, parentPath, "missing pointer; @VOID@ written")
		}
		n.Value, n.Pointer = "", "VOID"
		return ""
	}
	if n.Pointer == "VOID" {
		if r.strict {
			return ""
		}
		return "5.5.1 has no @VOID@"
	}
	if r.kind == nil {
		return ""
	}
	got := r.kind(n.Pointer)
	if uri, ok := r.declared[got]; ok {
		// An extension record declared with a record type's URI
		// ("_USER https://gedcom.io/terms/v7/record-SUBM") is of that type.
		if rt, ok := r.schema.TypeOfURI(uri); ok {
			if std, ok := r.schema.Record(rt.Tag()); ok && std == rt {
				got = rt.Tag()
			}
		}
	}
	want := t.Target().Tag()
	switch {
	case got == "":
		if r.strict {
			n.Pointer = "VOID"
			r.warn(n, parentPath, "pointer to a missing record becomes @VOID@")
			return ""
		}
		return "pointer to a missing record"
	case got != want:
		return fmt.Sprintf("%s points to %s record, not %s", n.Tag, article(got), article(want))
	}
	return ""
}

// article returns "an INDI" or "a FAM".
func article(tag string) string {
	if strings.IndexByte("AEIOU_", tag[0]) >= 0 {
		return "an " + tag
	}
	return "a " + tag
}

// enum repairs an enumeration value: the right case of a value of its
// set; else, where the structure takes a PHRASE, OTHER (or, in sets
// without OTHER, an extension value made from the text) with the text as
// PHRASE; else it cannot.
func (r *repairer) enum(n *gedcom.Node, t validate.Type, parentPath []string) string {
	v := strings.TrimSpace(n.Value)
	if up := strings.ToUpper(v); t.InEnum(up) {
		n.Value = up
		return ""
	}
	if v == "" || !allows(t, "PHRASE") || n.First("PHRASE") != nil {
		return fmt.Sprintf("%s value outside its set", n.Tag)
	}
	if t.InEnum("OTHER") {
		n.Value = "OTHER"
	} else {
		n.Value = extValue(v)
	}
	n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "PHRASE", Value: v, Line: n.Line})
	r.warn(n, parentPath, "value outside the %s set: %s with the text as PHRASE", n.Tag, strings.TrimPrefix(n.Value, "_"))
	return ""
}

// extValue makes an extension enumeration value from text: "_" and the
// text upper-cased, other characters made "_", at most 32 characters.
func extValue(text string) string {
	var b strings.Builder
	b.WriteByte('_')
	under := true
	for _, c := range strings.ToUpper(text) {
		switch {
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			under = false
		case !under:
			b.WriteByte('_')
			under = true
		}
		if b.Len() >= 32 {
			break
		}
	}
	s := strings.TrimRight(b.String(), "_")
	if s == "" {
		return "_OTHER"
	}
	return s
}

// subs repairs n's substructures.
func (r *repairer) subs(n *gedcom.Node, t validate.Type, path []string) {
	type count struct {
		t validate.Type
		n int
	}
	var counts []count
	for i, c := range n.Nodes {
		if isExt(c.Tag) {
			n.Nodes[i] = r.extSub(c, t, path)
			continue
		}
		if r.strict {
			r.negative(c, t, path)
		}
		sub, ok := t.Sub(c.Tag, c.Pointer != "")
		if !ok {
			if r.strict {
				n.Nodes[i] = r.extify(c, path, fmt.Sprintf("%s is not allowed in %s", c.Tag, strings.Join(path, ".")))
			}
			continue
		}
		if why := r.fix(c, sub.Type, append(path, c.Tag)); why != "" {
			n.Nodes[i] = r.extify(c, path, why)
			continue
		}
		if sub.Max == 0 || !r.strict {
			continue
		}
		j := 0
		for j < len(counts) && counts[j].t != sub.Type {
			j++
		}
		if j == len(counts) {
			counts = append(counts, count{t: sub.Type})
		}
		counts[j].n++
		if counts[j].n > sub.Max {
			n.Nodes[i] = r.extify(c, path, fmt.Sprintf("more than %d %s in %s", sub.Max, c.Tag, n.Tag))
		}
	}
}

// negative turns a 5.5.1 event that says it did not happen ("1 DIV N")
// into the 7.0 NO structure ("1 NO DIV"), where t allows NO for it.
func (r *repairer) negative(c *gedcom.Node, t validate.Type, path []string) {
	v := strings.TrimSpace(c.Value)
	if c.Pointer != "" || !(strings.EqualFold(v, "N") || strings.EqualFold(v, "NO")) {
		return
	}
	ev, ok := t.Sub(c.Tag, false)
	if !ok || ev.Type.Payload() != validate.PayloadY {
		return
	}
	no, ok := t.Sub("NO", false)
	if !ok || !no.Type.InEnum(c.Tag) {
		return
	}
	r.warn(c, path, "%s %s (did not happen) written as NO %s", c.Tag, v, c.Tag)
	c.Value, c.Tag = c.Tag, "NO"
}

// required adds the substructures t requires that n lacks, where an empty
// one is a valid and honest form, or says why it cannot.
func (r *repairer) required(n *gedcom.Node, t validate.Type, path []string) string {
	if !r.strict {
		return "" // missing substructures are warnings in 5.5.1
	}
	for _, tag := range t.Required() {
		if n.First(tag) != nil {
			continue
		}
		sub, _ := t.Sub(tag, false)
		switch {
		case tag == "FORM" && t.Tag() == "FILE":
			// A file's media type, guessed from its name; a name
			// that tells nothing gives application/octet-stream,
			// "some bytes", which claims nothing about the file.
			n.Nodes = append(n.Nodes, &gedcom.Node{Tag: "FORM", Value: guessMediaType(n.Value), Line: n.Line})
			r.warn(n, path[:len(path)-1], "missing required FORM; the media type is guessed from the file name")
		case sub.Type.Payload() == validate.PayloadText:
			// A submitter or repository whose name the input does
			// not give (SUBM.NAME, REPO.NAME): an empty Text payload
			// is valid ("the payload of EVEN has type Text, which
			// can be the empty string", GEDCOM 7 section 1) and, unlike
			// a made-up name, says nothing false.
			n.Nodes = append(n.Nodes, &gedcom.Node{Tag: tag, Line: n.Line})
			r.warn(n, path[:len(path)-1], "missing required %s; added with an empty payload", tag)
		default:
			// A DATE of a STAT or CHAN, a FILE of an OBJE: nothing
			// true can be made up, so the structure becomes an
			// extension.
			return fmt.Sprintf("missing required %s", tag)
		}
	}
	return ""
}

// guessMediaType returns the media type of a file named by a URI, from
// its extension.
func guessMediaType(uri string) string {
	name := uri
	if i := strings.LastIndexAny(name, "/\\"); i >= 0 {
		name = name[i+1:]
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if t, ok := mediaTypes()[strings.ToLower(name[i+1:])]; ok {
			return t
		}
	}
	if isURL(uri) && !strings.HasPrefix(strings.ToLower(uri), "file:") {
		return "text/html" // a web page
	}
	return "application/octet-stream"
}

// extSub handles an extension substructure c of a structure of type t.
// One that HEAD.SCHMA declares with the URI of a type allowed here is
// checked as that type, as the Validator does.
func (r *repairer) extSub(c *gedcom.Node, t validate.Type, path []string) *gedcom.Node {
	if uri, ok := r.declared[c.Tag]; ok && r.strict {
		var sub validate.Sub
		if st, ok := r.schema.TypeOfURI(uri); ok {
			sub, ok = t.SubOfType(st)
			if !ok {
				sub = validate.Sub{}
			}
		} else {
			sub, _ = t.Sub(uri, c.Pointer != "")
		}
		if !sub.Type.IsZero() {
			if why := r.fix(c, sub.Type, append(path, c.Tag)); why != "" {
				return r.extify(c, path, why)
			}
			return c
		}
	}
	r.extSubtree(c, path)
	return c
}

// extify returns the extension structure that n, which has no valid place
// in its superstructure, becomes: n with "_" before its tag and its
// substructures kept as they are (a structure a migration rule renamed
// becomes the input structure instead, "_RIN" rather than "_EXID").
func (r *repairer) extify(n *gedcom.Node, path []string, why string) *gedcom.Node {
	x, tag := n, n.Tag
	if o, ok := r.orig[n]; ok && r.original != nil && !isExt(o.Tag) {
		x = r.original(o, path)
		x.Tag = o.Tag
	}
	x.Tag = r.extTag(x.Tag)
	r.w.add(n.Line, pathString(path, tag), why+"; kept as "+x.Tag)
	r.extSubtree(x, path)
	return x
}

// extTag returns the extension tag for a standard tag: "_" and the tag,
// with one more "_" while HEAD.SCHMA gives that tag a meaning.
func (r *repairer) extTag(tag string) string {
	t := "_" + cleanTag(tag)
	for {
		if _, ok := r.declared[t]; !ok {
			return t
		}
		t = "_" + t
	}
}

// extSubtree makes an extension subtree well-formed: tags written as the
// target version's grammar allows, and no cross-reference identifiers on
// substructures. path holds the tags above n.
func (r *repairer) extSubtree(n *gedcom.Node, path []string) {
	if r.strict {
		if c := cleanTag(n.Tag); c != n.Tag {
			n.Tag = c
			if !isExt(c) && len(path) == 0 {
				n.Tag = "_" + c
			}
		}
	}
	if len(path) > 0 && n.Xref != "" {
		r.warn(n, path, "a substructure cannot have a cross-reference identifier; @%s@ left out", n.Xref)
		n.Xref = ""
	}
	sub := append(path, n.Tag)
	for _, s := range n.Nodes {
		r.extSubtree(s, sub)
	}
}

// cleanTag returns tag as a GEDCOM 7 tag: upper case, characters other
// than letters, digits and "_" made "_", and "_" before a leading digit.
func cleanTag(tag string) string {
	ok := tag != "" && !(tag[0] >= '0' && tag[0] <= '9')
	for i := 0; ok && i < len(tag); i++ {
		c := tag[i]
		ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
	}
	if ok && tag != "_" {
		return tag
	}
	var b strings.Builder
	if tag == "" || tag[0] >= '0' && tag[0] <= '9' || tag == "_" {
		b.WriteByte('_')
	}
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		case c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_':
			b.WriteByte(c)
		default:
			b.WriteByte('_')
		}
	}
	if b.Len() == 1 {
		b.WriteByte('X')
	}
	return b.String()
}

// fixSlashes repairs the slashes of a personal name so that at most one
// surname is delimited: a lone slash gets its partner (after the text
// that follows it, or before the word in front of it when nothing
// follows); of three or more, the last pair is kept when their number is
// odd (the first was stray), else the first pair, and the others become
// spaces.
func fixSlashes(name string) string {
	var at []int
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			at = append(at, i)
		}
	}
	switch {
	case len(at) == 0 || len(at) == 2:
		return name
	case len(at) == 1:
		i := at[0]
		after := strings.TrimRight(name[i+1:], " ")
		if strings.TrimSpace(after) != "" {
			end := i + 1 + len(after)
			return name[:end] + "/" + name[end:]
		}
		before := strings.TrimRight(name[:i], " ")
		word := strings.LastIndexByte(before, ' ') + 1
		return name[:word] + "/" + name[word:]
	}
	keep := [2]int{at[0], at[1]}
	if len(at)%2 == 1 {
		keep = [2]int{at[len(at)-2], at[len(at)-1]}
	}
	b := []byte(name)
	for _, i := range at {
		if i != keep[0] && i != keep[1] {
			b[i] = ' '
		}
	}
	return strings.Join(strings.FieldsFunc(string(b), func(r rune) bool { return r == ' ' }), " ")
}

// coordinate rewrites a latitude or longitude written as a signed decimal
// ("-76.58"), with the hemisphere after the number ("76.58W") or apart
// from it ("N 45.5"), or in degrees, minutes and seconds ("+50° 3'
// 1.49\"") in the GEDCOM form "W76.58".
func coordinate(s string, pos, neg byte, max float64) (string, bool) {
	s = strings.TrimSpace(strings.ToUpper(s))
	if s == "" {
		return "", false
	}
	hemi := byte(0)
	switch {
	case s[0] == pos || s[0] == neg:
		hemi, s = s[0], strings.TrimSpace(s[1:])
	case s[len(s)-1] == pos || s[len(s)-1] == neg:
		hemi, s = s[len(s)-1], strings.TrimSpace(s[:len(s)-1])
	}
	sign := 1.0
	switch {
	case strings.HasPrefix(s, "-"):
		sign, s = -1, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	s = strings.ReplaceAll(s, ",", ".")
	// Degrees, minutes and seconds, each followed by its mark.
	var parts [3]float64
	n := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == '°' || r == '\'' || r == '"' || r == '′' || r == '″' || r == 'º'
	}) {
		if n == 3 {
			return "", false
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return "", false
		}
		parts[n] = x
		n++
	}
	if n == 0 || (n > 1 && (parts[1] >= 60 || parts[2] >= 60)) {
		return "", false
	}
	deg := sign * (parts[0] + parts[1]/60 + parts[2]/3600)
	if hemi == neg {
		deg = -deg
	}
	h := pos
	if deg < 0 {
		h, deg = neg, -deg
	}
	if deg > max {
		return "", false
	}
	out := strconv.FormatFloat(deg, 'f', -1, 64)
	if n > 1 {
		out = strconv.FormatFloat(math.Round(deg*1e6)/1e6, 'f', -1, 64)
	}
	return string(h) + out, true
}
