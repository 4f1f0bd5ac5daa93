package convert

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"kin/date"
	"kin/gedcom"
)

// to551 holds the state of a 7.0 → 5.5.1 conversion.
type to551 struct {
	warnings
	rep *repairer
}

func newTo551() *to551 {
	c := &to551{}
	c.rep = newRepairer(V551, false, &c.warnings)
	return c
}

// learn has nothing to collect: every 7.0 record converts on its own.
func (c *to551) learn(*gedcom.Node) {}

func (c *to551) warn(n *gedcom.Node, path []string, format string, args ...any) {
	c.add(n.Line, pathString(path, n.Tag), fmt.Sprintf(format, args...))
}

func (c *to551) record(r *gedcom.Node) []*gedcom.Node {
	out := c.convRecord(r)
	for i, o := range out {
		out[i] = c.rep.record(o)
	}
	return out
}

func (c *to551) convRecord(r *gedcom.Node) []*gedcom.Node {
	switch r.Tag {
	case "HEAD":
		return []*gedcom.Node{c.head(r)}
	case "TRLR":
		return []*gedcom.Node{{Tag: "TRLR", Line: r.Line}}
	case "_SUBN":
		n := r.Clone()
		n.Tag = "SUBN"
		return []*gedcom.Node{n}
	}
	return c.conv(r, nil)
}

func (c *to551) head(r *gedcom.Node) *gedcom.Node {
	out := &gedcom.Node{Tag: "HEAD", Line: r.Line}
	path := []string{"HEAD"}
	gedc := &gedcom.Node{Tag: "GEDC"}
	var rest []*gedcom.Node
	for _, n := range r.Nodes {
		switch n.Tag {
		case "GEDC":
			gedc.Line = n.Line
		case "SCHMA":
			x := n.Clone()
			x.Tag = "_SCHMA"
			rest = append(rest, x)
		case "_SUBN":
			rest = append(rest, &gedcom.Node{Tag: "SUBN", Pointer: n.Pointer, Line: n.Line})
		case "LANG":
			l := &gedcom.Node{Tag: "LANG", Value: n.Value, Line: n.Line}
			c.lang(l, path)
			rest = append(rest, l)
		default:
			rest = append(rest, c.conv(n, path)...)
		}
	}
	gedc.Add("VERS", V551)
	gedc.Add("FORM", "LINEAGE-LINKED")
	// 5.5.1 wants SOUR first and GEDC and CHAR among the first lines.
	var sour []*gedcom.Node
	for i := 0; i < len(rest); i++ {
		if rest[i].Tag == "SOUR" {
			sour = append(sour, rest[i])
			rest = append(rest[:i], rest[i+1:]...)
			i--
		}
	}
	out.Nodes = append(out.Nodes, sour...)
	out.Nodes = append(out.Nodes, gedc, &gedcom.Node{Tag: "CHAR", Value: "UTF-8"})
	out.Nodes = append(out.Nodes, rest...)
	return out
}

// copyExt copies an extension subtree, converting the payloads of LANG,
// DATE and AGE, whose default meaning differs between the versions, as
// To70 does the other way.
func (c *to551) copyExt(n *gedcom.Node, path []string) *gedcom.Node {
	out := &gedcom.Node{Xref: n.Xref, Tag: n.Tag, Value: n.Value, Pointer: n.Pointer, Line: n.Line}
	var skip skipSet
	if len(path) > 0 {
		switch n.Tag {
		case "LANG":
			l := &gedcom.Node{Tag: "LANG", Value: n.Value, Nodes: n.Nodes}
			if c.lang(l, path) {
				out.Value = l.Value
				if len(l.Nodes) == 0 {
					for _, s := range n.Nodes {
						skip.add(s)
					}
				}
			}
		case "DATE":
			phrase := ""
			if ph := n.First("PHRASE"); ph != nil {
				phrase = ph.Value
				skip.add(ph)
			}
			out.Value = date.ToV551(n.Value, phrase)
		case "AGE":
			ph := n.First("PHRASE")
			phrase := ""
			if ph != nil {
				phrase = ph.Value
			}
			v, used := age551(n.Value, phrase)
			out.Value = v
			if used {
				skip.add(ph)
			}
		}
	}
	sub := append(path, n.Tag)
	for _, s := range n.Nodes {
		if !skip.has(s) {
			out.Nodes = append(out.Nodes, c.copyExt(s, sub))
		}
	}
	return out
}

// ext copies n as an extension structure: its tag gets an underscore.
func (c *to551) ext(n *gedcom.Node, path []string, why string) []*gedcom.Node {
	x := n.Clone()
	x.Tag = "_" + n.Tag
	c.warn(n, path, "%s; kept as _%s", why, n.Tag)
	return []*gedcom.Node{x}
}

// conv converts a 7.0 structure whose ancestors' (7.0) tags are path.
func (c *to551) conv(n *gedcom.Node, path []string) (out []*gedcom.Node) {
	tag := n.Tag
	if isExt(tag) {
		return []*gedcom.Node{c.copyExt(n, path)}
	}
	p := parent(path)
	if n.Pointer == "VOID" {
		// Converted like any other, then marked as an extension.
		c.warn(n, path, "5.5.1 has no @VOID@ pointer; kept as _%s", tag)
		defer func() {
			for _, o := range out {
				if !isExt(o.Tag) {
					o.Tag = "_" + o.Tag
				}
			}
		}()
	}
	o := &gedcom.Node{Xref: n.Xref, Tag: tag, Value: n.Value, Pointer: n.Pointer, Line: n.Line}
	sub := append(path, tag)
	// skip holds substructures already used (a PHRASE folded into its
	// payload); at most a few, so a slice.
	var skip skipSet

	switch tag {
	case "SNOTE":
		o.Tag = "NOTE"
	case "DATE":
		ph := n.First("PHRASE")
		phrase := ""
		if ph != nil {
			phrase = ph.Value
			skip.add(ph)
		}
		o.Value = date.ToV551(n.Value, phrase)
	case "AGE":
		ph := n.First("PHRASE")
		phrase := ""
		if ph != nil {
			phrase = ph.Value
		}
		v, used := age551(n.Value, phrase)
		o.Value = v
		if used {
			skip.add(ph)
		}
	case "EXID":
		return c.exid(n, path)
	case "UID":
		o.Tag = "_UID"
	case "CREA", "SDATE", "MIME", "NO", "CROP", "INIL", "SCHMA":
		return c.ext(n, path, "5.5.1 has no "+tag)
	case "PHRASE":
		return c.ext(n, path, "5.5.1 has no PHRASE here")
	case "LANG":
		if p != "SUBM" || len(path) != 1 {
			return c.ext(n, path, "5.5.1 has LANG only in HEAD and SUBM")
		}
		if !c.lang(o, path) {
			return c.ext(n, path, "no 5.5.1 language for "+strconv.Quote(n.Value))
		}
	case "TRAN":
		lang := strings.ToLower(n.ValueOf("LANG"))
		tt, ok := transBack()[lang]
		if !ok || (p != "NAME" && p != "PLAC") {
			return c.ext(n, path, "5.5.1 has no translation of this kind")
		}
		o.Tag = tt[0]
		o.Nodes = append(o.Nodes, &gedcom.Node{Tag: "TYPE", Value: tt[1]})
		for _, s := range n.Nodes {
			if s.Tag == "LANG" {
				skip.add(s)
			}
		}
	case "FILE":
		o.Value = filePath(n.Value)
	case "FORM":
		if p == "FILE" {
			o.Value = mediaForm(n.Value)
		}
	case "MEDI":
		if p == "FORM" {
			o.Tag = "TYPE"
		}
		c.enum(o, n, enumMEDI(), &skip)
	case "TYPE":
		if p == "NAME" && grand(path) == "INDI" {
			c.enum(o, n, enumNameType(), &skip)
		}
	case "PEDI":
		c.enum(o, n, enumPEDI(), &skip)
	case "ADOP":
		if p == "FAMC" {
			c.enum(o, n, enumADOP(), &skip)
		}
	case "STAT":
		switch p {
		case "FAMC":
			c.enum(o, n, enumFAMCStat(), &skip)
		default:
			c.enum(o, n, enumOrdStat(), &skip)
		}
	case "SEX":
		if n.Value == "X" {
			return c.ext(n, path, "5.5.1 has no SEX X")
		}
	case "RESN":
		vals := strings.Split(n.Value, ",")
		if len(vals) > 1 {
			return c.ext(n, path, "5.5.1 RESN holds one value")
		}
		o.Value = strings.ToLower(strings.TrimSpace(n.Value))
	case "ROLE":
		switch p {
		case "ASSO":
			o.Tag = "RELA"
			o.Value = c.roleText(n, roleWords(), &skip)
		default:
			if roles551()[n.Value] && n.First("PHRASE") == nil {
				break
			}
			o.Value = "(" + c.roleText(n, roleWords(), &skip) + ")"
		}
	case "ASSO":
		if p != "INDI" {
			return c.ext(n, path, "5.5.1 has ASSO only in INDI")
		}
	case "FACT":
		if p == "FAM" {
			return c.ext(n, path, "5.5.1 has no FAM.FACT")
		}
	case "OBJE":
		if n.Pointer != "" && len(path) > 0 {
			for _, s := range n.Nodes {
				x := s.Clone()
				x.Tag = "_" + s.Tag
				c.warn(s, sub, "5.5.1 OBJE links have no substructures; kept as _%s", s.Tag)
				o.Nodes = append(o.Nodes, x)
			}
			return []*gedcom.Node{o}
		}
	}
	for _, s := range n.Nodes {
		if !skip.has(s) {
			o.Nodes = append(o.Nodes, c.conv(s, sub)...)
		}
	}
	return []*gedcom.Node{o}
}

// exid converts an EXID by its TYPE: the RIN, RFN and AFN types become
// those 5.5.1 structures, FamilySearch's becomes _FSFTID, others _EXID.
func (c *to551) exid(n *gedcom.Node, path []string) []*gedcom.Node {
	typ := n.ValueOf("TYPE")
	base, frag, _ := strings.Cut(typ, "#")
	var out *gedcom.Node
	switch base {
	case uriAFN:
		out = &gedcom.Node{Tag: "AFN", Value: n.Value, Line: n.Line}
	case uriRIN:
		out = &gedcom.Node{Tag: "RIN", Value: n.Value, Line: n.Line}
	case uriRFN:
		v := n.Value
		if frag != "" {
			res, err := url.PathUnescape(frag)
			if err != nil {
				res = frag
			}
			v = res + ":" + v
		}
		out = &gedcom.Node{Tag: "RFN", Value: v, Line: n.Line}
	case uriFS:
		out = &gedcom.Node{Tag: "_FSFTID", Value: n.Value, Line: n.Line}
	default:
		x := n.Clone()
		x.Tag = "_EXID"
		return []*gedcom.Node{x}
	}
	for _, s := range n.Nodes {
		if s.Tag != "TYPE" {
			x := s.Clone()
			if !isExt(x.Tag) {
				x.Tag = "_" + x.Tag
			}
			out.Nodes = append(out.Nodes, x)
		}
	}
	return []*gedcom.Node{out}
}

// lang sets out's payload (a BCP 47 tag) to a 5.5.1 language name; it
// reports false when there is none.
func (c *to551) lang(out *gedcom.Node, path []string) bool {
	v := strings.TrimSpace(out.Value)
	if name, ok := langNameByTag()[strings.ToLower(v)]; ok {
		out.Value = name
		return true
	}
	if v == "und" {
		if ph := out.First("_PHRASE"); ph != nil {
			out.Value = ph.Value
			out.Nodes = nil
			return true
		}
	}
	primary, _, _ := strings.Cut(v, "-")
	if name, ok := langNameByTag()[strings.ToLower(primary)]; ok {
		c.warn(out, path, "5.5.1 has no language %q; written as %s", v, name)
		out.Value = name
		return true
	}
	return false
}

// enum sets out's payload from a 7.0 enumeration value and its PHRASE:
// OTHER with a PHRASE becomes the PHRASE text, and so does any value with
// a PHRASE in an enumeration 5.5.1 leaves open; other values take their
// 5.5.1 spelling, and their PHRASE, if any, becomes _PHRASE.
func (c *to551) enum(out, n *gedcom.Node, set *enumSet, skip *skipSet) {
	v := n.Value
	if isExtValue(v) {
		return // an extension value is the same in both versions
	}
	if ph := n.First("PHRASE"); ph != nil && (v == "OTHER" || !set.closed551) {
		skip.add(ph)
		out.Value = ph.Value
		return
	}
	if b, ok := set.back[v]; ok {
		out.Value = b
		return
	}
	if set.lower && set.has(v) {
		out.Value = strings.ToLower(v)
	}
}

// roleText returns 5.5.1 text for a 7.0 ROLE: its PHRASE, or a word.
func (c *to551) roleText(n *gedcom.Node, words map[string]string, skip *skipSet) string {
	if ph := n.First("PHRASE"); ph != nil {
		skip.add(ph)
		return ph.Value
	}
	if w, ok := words[n.Value]; ok {
		return w
	}
	if isExtValue(n.Value) {
		return n.Value
	}
	return strings.ToLower(n.Value)
}

// age551 writes a 7.0 age in 5.5.1 form: no spaces, weeks as days, and
// the 5.5.1 words CHILD, INFANT and STILLBORN when the PHRASE is that word
// for the age it stands for. used reports whether the phrase was used.
func age551(v, phrase string) (s string, used bool) {
	v = strings.TrimSpace(v)
	switch strings.ToUpper(strings.TrimSpace(phrase)) {
	case "CHILD":
		used = v == "< 8y"
	case "INFANT":
		used = v == "< 1y"
	case "STILLBORN":
		used = v == "0y"
	}
	if used {
		return phrase, true
	}
	mod := ""
	if strings.HasPrefix(v, "<") || strings.HasPrefix(v, ">") {
		mod, v = v[:1], strings.TrimSpace(v[1:])
	}
	var y, m, w, d int
	var have [4]bool
	for _, f := range strings.Fields(v) {
		if len(f) < 2 {
			return mod + v, false
		}
		num, err := strconv.Atoi(f[:len(f)-1])
		if err != nil {
			return mod + v, false
		}
		switch f[len(f)-1] {
		case 'y':
			y, have[0] = num, true
		case 'm':
			m, have[1] = num, true
		case 'w':
			w, have[2] = num, true
		case 'd':
			d, have[3] = num, true
		default:
			return mod + v, false
		}
	}
	if have[2] {
		d += 7 * w
		have[3] = true
	}
	var parts []string
	if have[0] {
		parts = append(parts, strconv.Itoa(y)+"y")
	}
	if have[1] {
		parts = append(parts, strconv.Itoa(m)+"m")
	}
	if have[3] {
		parts = append(parts, strconv.Itoa(d)+"d")
	}
	return mod + strings.Join(parts, " "), false
}

// filePath turns a 7.0 FILE URI back into a 5.5.1 file name: file: URIs
// become local paths (Windows paths for drive letters and hosts), relative
// references are percent-decoded, other URLs are kept.
func filePath(v string) string {
	lower := strings.ToLower(v)
	switch {
	case strings.HasPrefix(lower, "file:///"):
		rest := unescape(v[len("file:///"):])
		if len(rest) >= 2 && isLetter(rest[0]) && rest[1] == ':' {
			return strings.ReplaceAll(rest, "/", `\`)
		}
		return "/" + rest
	case strings.HasPrefix(lower, "file://"):
		return `\\` + strings.ReplaceAll(unescape(v[len("file://"):]), "/", `\`)
	case isURL(v):
		return v
	}
	return unescape(v)
}

func unescape(s string) string {
	u, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// mediaForm returns the 5.5.1 FORM word for a media type.
func mediaForm(v string) string {
	t := strings.ToLower(strings.TrimSpace(v))
	if f, ok := mediaForms()[t]; ok {
		return f
	}
	if rest, ok := strings.CutPrefix(t, "application/x-"); ok && rest != "" {
		return rest
	}
	return v
}

// warnings collects Warnings, counting repeats of the same message at the
// same path instead of listing them all, so a million-record file with one
// kind of problem yields one Warning.
type warnings struct {
	warns []Warning
	index map[string]int
}

func (w *warnings) add(line int, path, msg string) {
	if w.index == nil {
		w.index = make(map[string]int)
	}
	key := path + "\x00" + msg
	if i, ok := w.index[key]; ok {
		w.warns[i].Count++
		return
	}
	w.index[key] = len(w.warns)
	w.warns = append(w.warns, Warning{Line: line, Path: path, Msg: msg, Count: 1})
}

// skipSet is a small set of substructures a conversion has already used.
type skipSet []*gedcom.Node

func (s *skipSet) add(n *gedcom.Node) { *s = append(*s, n) }

func (s skipSet) has(n *gedcom.Node) bool {
	for _, x := range s {
		if x == n {
			return true
		}
	}
	return false
}
