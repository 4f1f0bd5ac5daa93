package convert

import (
	"fmt"
	"net/url"
	"strings"
	"sync"

	"kin/date"
	"kin/gedcom"
)

// to70 holds the state of a 5.5.1 → 7.0 conversion.
type to70 struct {
	// ids maps every record identifier of the input, from learn, to the
	// tag its record has in the output.
	ids map[string]string
	// dups counts the records beyond the first that have an identifier
	// (learn); seen counts those converted so far.
	dups, seen map[string]int
	// reverse maps the new identifiers of renamed records to the old, and
	// extraKinds the identifiers of records the conversion makes to their
	// tags, for checking pointers' targets.
	reverse    map[string]string
	extraKinds map[string]string
	// invalid lists, in file order, the identifiers 7.0 does not allow;
	// mapping gives their new names once built.
	invalid  []string
	mapping  map[string]string
	built    bool
	taken    map[string]bool // new names given, besides ids
	next     int
	headSour string
	exts     map[string]bool // extension tags with a URI the output uses
	warnings
	extra []*gedcom.Node // records made while converting the current one
	rep   *repairer
}

func newTo70() *to70 {
	c := &to70{ids: make(map[string]string), exts: make(map[string]bool)}
	c.rep = newRepairer(V70, true, &c.warnings)
	c.rep.kind = c.kindOf
	c.rep.original = c.copyExt
	return c
}

// kindOf returns the output tag of the record a 7.0 pointer points to, or
// "" if there is none.
func (c *to70) kindOf(ptr string) string {
	if k, ok := c.extraKinds[ptr]; ok {
		return k
	}
	if in, ok := c.reverse[ptr]; ok {
		ptr = in
	}
	return c.ids[ptr]
}

// outTag returns the tag record r will have in the output.
func (c *to70) outTag(r *gedcom.Node) string {
	tag := r.Tag
	if isExt(tag) {
		return tag
	}
	if up := strings.ToUpper(tag); tags551[up] {
		tag = up
	}
	switch tag {
	case "NOTE":
		return "SNOTE"
	case "SUBN":
		return "_SUBN"
	case "OBJE":
		if !c.hasFile(r) {
			return "_OBJE"
		}
	}
	return c.rep.recordTag(tag)
}

// hasFile reports whether a 5.5.1 multimedia record or link has a FILE
// whose converted payload is a valid 7.0 file path: 7.0 requires one, so
// an object without is kept as an _OBJE extension.
func (c *to70) hasFile(r *gedcom.Node) bool {
	t, _ := c.rep.schema.Record("OBJE")
	file, _ := t.Sub("FILE", false)
	for _, s := range r.Nodes {
		if strings.EqualFold(s.Tag, "FILE") && s.Pointer == "" && c.rep.check.Payload(file.Type, fileURI(s.Value)) == nil {
			return true
		}
	}
	return false
}

func (c *to70) warn(n *gedcom.Node, path []string, format string, args ...any) {
	c.add(n.Line, pathString(path, n.Tag), fmt.Sprintf(format, args...))
}

func (c *to70) learn(r *gedcom.Node) {
	if r.Xref != "" {
		if _, ok := c.ids[r.Xref]; !ok {
			// A copy, so the map does not keep the decoder's buffers alive.
			x := strings.Clone(r.Xref)
			c.ids[x] = c.outTag(r)
			if !validXref7(x) {
				c.invalid = append(c.invalid, x)
			}
		} else {
			if c.dups == nil {
				c.dups = make(map[string]int)
			}
			c.dups[strings.Clone(r.Xref)]++
		}
	}
	if r.Tag == "HEAD" {
		c.headSour = r.ValueOf("SOUR")
	}
	c.learnNode(r, "")
}

// learnNode notes the extension tags with a URI that converting n (whose
// parent has tag parent) will write.
func (c *to70) learnNode(n *gedcom.Node, parent string) {
	if isExt(n.Tag) {
		if _, ok := extURIs()[n.Tag]; ok {
			c.exts[n.Tag] = true
		}
	}
	switch {
	case n.Tag == "LANG":
		if _, ok := langTag(n.Value); !ok {
			c.exts["_PHRASE"] = true
		}
	case n.Tag == "TYPE" && (parent == "FONE" || parent == "ROMN"):
		if _, ok := transLang(parent, n.Value); !ok {
			c.exts["_PHRASE"] = true
		}
	}
	for _, s := range n.Nodes {
		c.learnNode(s, n.Tag)
	}
}

// validXref7 reports whether x is a 7.0 cross-reference identifier.
func validXref7(x string) bool {
	if x == "" || x == "VOID" {
		return false
	}
	for i := 0; i < len(x); i++ {
		b := x[i]
		if !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// build fixes the 7.0 identifier of every record: identifiers valid in 7.0
// are kept; others are upper-cased with other characters made "_" when that
// is free, or else given a new "X<n>".
func (c *to70) build() {
	c.built = true
	c.mapping = make(map[string]string, len(c.invalid))
	c.taken = make(map[string]bool, len(c.invalid))
	for _, x := range c.invalid {
		cand := []byte(strings.ToUpper(x))
		for i, b := range cand {
			if !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
				cand[i] = '_'
			}
		}
		if s := string(cand); validXref7(s) && !c.used(s) && len(s) == len(x) {
			c.mapping[x] = s
			c.taken[s] = true
		} else {
			c.mapping[x] = c.fresh()
		}
		if c.reverse == nil {
			c.reverse = make(map[string]string, len(c.invalid))
		}
		c.reverse[c.mapping[x]] = x
	}
	c.invalid = nil
}

// used reports whether x is the 7.0 identifier of a record.
func (c *to70) used(x string) bool {
	if c.taken[x] {
		return true
	}
	_, ok := c.ids[x]
	return ok && validXref7(x)
}

// fresh returns a new identifier no record uses.
func (c *to70) fresh() string {
	for {
		c.next++
		x := fmt.Sprintf("X%d", c.next)
		if !c.used(x) {
			c.taken[x] = true
			return x
		}
	}
}

// xref returns the 7.0 identifier of the record x names, and whether there
// is such a record.
func (c *to70) xref(x string) (string, bool) {
	if _, ok := c.ids[x]; !ok {
		return "", false
	}
	if len(c.mapping) > 0 {
		if m, ok := c.mapping[x]; ok {
			return m, true
		}
	}
	return x, true
}

// ptr returns the 7.0 pointer for a 5.5.1 pointer: the record's new
// identifier, or VOID when no record has it.
func (c *to70) ptr(n *gedcom.Node, path []string) string {
	if m, ok := c.xref(n.Pointer); ok {
		return m
	}
	if n.Pointer != "VOID" {
		c.warn(n, path, "pointer to missing record @%s@ becomes @VOID@", n.Pointer)
	}
	return "VOID"
}

// setPtr sets out's pointer from n's, remembering n's when it changed,
// in case out's pointer must become text.
func (c *to70) setPtr(out, n *gedcom.Node, path []string) {
	out.Pointer = c.ptr(n, path)
	if out.Pointer != n.Pointer {
		if c.rep.origPtr == nil {
			c.rep.origPtr = make(map[*gedcom.Node]string)
		}
		c.rep.origPtr[out] = n.Pointer
	}
}

// noteOrig remembers that out was made from n under another tag.
func (c *to70) noteOrig(out, n *gedcom.Node) {
	if out.Tag != n.Tag && !isExt(n.Tag) && out.Tag != strings.ToUpper(n.Tag) {
		if c.rep.orig == nil {
			c.rep.orig = make(map[*gedcom.Node]*gedcom.Node)
		}
		c.rep.orig[out] = n
	}
}

func (c *to70) record(r *gedcom.Node) []*gedcom.Node {
	if !c.built {
		c.build()
	}
	c.extra = nil
	clear(c.rep.orig)
	clear(c.rep.origPtr)
	var out []*gedcom.Node
	switch {
	case r.Tag == "HEAD":
		out = []*gedcom.Node{c.head(r)}
	case r.Tag == "TRLR":
		out = []*gedcom.Node{{Tag: "TRLR", Line: r.Line}}
	case r.Tag == "SUBN":
		c.warn(r, nil, "GEDCOM 7.0 has no submission record; kept as an _SUBN extension record")
		n := r.Clone()
		n.Tag = "_SUBN"
		out = []*gedcom.Node{c.copyExt(n, nil)}
	default:
		out = c.conv(r, nil)
	}
	for _, o := range out {
		if o.Xref != "" {
			if c.dups[r.Xref] > 0 && o == out[0] {
				if c.seen == nil {
					c.seen = make(map[string]int)
				}
				if c.seen[r.Xref]++; c.seen[r.Xref] > 1 {
					// Pointers to the identifier go to its first record.
					o.Xref = c.fresh()
					c.warn(r, nil, "duplicate identifier @%s@: the record is renamed @%s@", r.Xref, o.Xref)
					if c.extraKinds == nil {
						c.extraKinds = make(map[string]string)
					}
					c.extraKinds[o.Xref] = c.outTag(r)
					continue
				}
			}
			if m, ok := c.xref(o.Xref); ok {
				o.Xref = m
			}
		}
	}
	// The records made first: the record's pointers to them are checked
	// against the tags they end up with.
	for i, x := range c.extra {
		c.extra[i] = c.rep.record(x)
		if c.extraKinds == nil {
			c.extraKinds = make(map[string]string)
		}
		c.extraKinds[c.extra[i].Xref] = c.extra[i].Tag
	}
	for i, o := range out {
		out[i] = c.rep.record(o)
	}
	return append(out, c.extra...)
}

// copyExt copies an extension subtree. Its substructures mean what the
// extension says, so they are kept as they are, except that pointers are
// updated and the payloads of LANG, DATE and AGE, whose default meaning
// 7.0 changed, are converted.
func (c *to70) copyExt(n *gedcom.Node, path []string) *gedcom.Node {
	out := &gedcom.Node{Xref: n.Xref, Tag: n.Tag, Value: n.Value, Line: n.Line}
	if n.Pointer != "" {
		c.setPtr(out, n, path)
	}
	if len(path) > 0 {
		switch n.Tag {
		case "LANG":
			c.lang(out, n.Value)
		case "DATE", "AGE":
			conv := date.ToV7
			if n.Tag == "AGE" {
				conv = date.AgeToV7
			}
			payload, phrase := conv(n.Value)
			out.Value = payload
			if phrase != "" {
				out.Add("PHRASE", phrase)
			}
		}
	}
	sub := append(path, n.Tag)
	for _, s := range n.Nodes {
		out.Nodes = append(out.Nodes, c.copyExt(s, sub))
	}
	return out
}

// head converts the header.
func (c *to70) head(r *gedcom.Node) *gedcom.Node {
	out := &gedcom.Node{Tag: "HEAD", Line: r.Line}
	gedc := &gedcom.Node{Tag: "GEDC"}
	gedc.Add("VERS", V70)
	out.Nodes = append(out.Nodes, gedc)
	var schma *gedcom.Node
	declared := map[string]bool{}
	path := []string{"HEAD"}
	for _, n := range r.Nodes {
		switch strings.ToUpper(n.Tag) {
		case "GEDC":
			gedc.Line = n.Line
			for _, s := range n.Nodes {
				if s.Tag != "VERS" && s.Tag != "FORM" {
					gedc.Nodes = append(gedc.Nodes, c.conv(s, []string{"HEAD", "GEDC"})...)
				}
			}
		case "CHAR", "FILE":
			// The character set is UTF-8 now, and the file name is the
			// file's own business.
		case "SUBN":
			c.warn(n, path, "GEDCOM 7.0 has no submission record; HEAD.SUBN kept as _SUBN")
			x := c.copyExt(n, path)
			x.Tag = "_SUBN"
			out.Nodes = append(out.Nodes, x)
		case "_SCHMA", "SCHMA":
			if schma == nil {
				schma = &gedcom.Node{Tag: "SCHMA", Line: n.Line}
			}
			for _, t := range n.Nodes {
				if f := strings.Fields(t.Value); len(f) > 0 {
					declared[f[0]] = true
				}
				schma.Nodes = append(schma.Nodes, &gedcom.Node{Tag: "TAG", Value: t.Value, Line: t.Line})
			}
		default:
			out.Nodes = append(out.Nodes, c.conv(n, path)...)
		}
	}
	var tags []string
	for t := range c.exts {
		if !declared[t] {
			tags = append(tags, t)
		}
	}
	if len(tags) > 0 {
		sortStrings(tags)
		if schma == nil {
			schma = &gedcom.Node{Tag: "SCHMA"}
		}
		for _, t := range tags {
			schma.Add("TAG", t+" "+extURIs()[t])
		}
	}
	if schma != nil {
		out.Nodes = append(out.Nodes, schma)
		c.rep.declared = make(map[string]string)
		for _, t := range schma.Nodes {
			if tag, uri, ok := strings.Cut(strings.TrimSpace(t.Value), " "); ok {
				c.rep.declared[tag] = strings.TrimSpace(uri)
			}
		}
	}
	return out
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// restorable lists 7.0 tags that To551 writes with an underscore, and the
// tags of the structures they may appear under in 7.0 ("" for a record).
var restorable = sync.OnceValue(func() map[string]map[string]bool {
	return map[string]map[string]bool{
		"PHRASE": setOf("AGE ALIA ASSO CHIL DATE HUSB WIFE ADOP STAT MEDI TYPE PEDI ROLE SDATE EVEN"),
		"EXID":   setOf("PLAC FAM INDI OBJE REPO SNOTE NOTE SOUR SUBM"),
		"MIME":   setOf("NOTE TRAN TEXT SNOTE"),
		"TRAN":   setOf("FILE NAME NOTE PLAC SNOTE"),
		"NO":     setOf("FAM INDI"),
		"CROP":   setOf("OBJE"),
		"INIL":   setOf("INDI"),
		"LANG":   setOf("NAME TRAN NOTE PLAC TEXT SNOTE SUBM"),
		"CREA":   setOf("FAM INDI OBJE REPO SNOTE NOTE SOUR SUBM"),
		"SDATE":  setOf(eventTags),
		"TITL":   setOf("OBJE"),
		"FACT":   setOf("FAM"),
		"SEX":    setOf("INDI"),
		"RESN":   setOf("INDI FAM OBJE SOUR SNOTE NOTE REPO SUBM " + eventTags),
		"ASSO":   setOf("INDI FAM " + eventTags),
	}
})

const eventTags = `ADOP ANUL BAPM BARM BASM BIRT BLES BURI CAST CHR CHRA CONF CREM DEAT DIV DIVF
DSCR EDUC EMIG ENGA CENS EVEN FACT NCHI RESI FCOM GRAD IDNO IMMI RELI TITL MARB MARC MARL MARR
MARS NATI NATU NMR OCCU ORDN PROB PROP RETI SSN WILL`

// pointerTags are 5.5.1 structures whose payload is a pointer; To551 writes
// them with an underscore when they point to @VOID@.
var pointerTags = sync.OnceValue(func() map[string]bool {
	return setOf("ALIA ANCI ASSO CHIL DESI FAMC FAMS HUSB OBJE REPO SNOTE NOTE SOUR SUBM WIFE")
})

// extTag returns the standard tag an extension tag n stands for under
// parent, or "".
func extTag(n *gedcom.Node, path []string) string {
	std := n.Tag[1:]
	switch n.Tag {
	case "_UID":
		return "UID"
	case "_EMAIL":
		return "EMAIL"
	case "_ASSO":
		if n.Pointer != "" {
			return "ASSO"
		}
		return ""
	case "_CRE", "_CREAT":
		std = "CREA"
	case "_FSFTID", "_FID":
		return "FSFTID"
	}
	p := parent(path)
	if p == "NOTE" && len(path) == 1 {
		p = "SNOTE"
	}
	if n.Pointer == "VOID" && pointerTags()[std] {
		return std
	}
	if allowed, ok := restorable()[std]; ok && allowed[p] {
		if std == "TITL" && p == "OBJE" && len(path) == 1 {
			return "" // an OBJE record's TITL lives under FILE
		}
		return std
	}
	return ""
}

// conv converts a 5.5.1 structure whose ancestors' (5.5.1) tags are path.
// It returns the structures it becomes: usually one, none when it has no
// place in 7.0.
func (c *to70) conv(n *gedcom.Node, path []string) []*gedcom.Node {
	tag := n.Tag
	if !isExt(tag) {
		if up := strings.ToUpper(tag); up != tag && tags551[up] {
			tag = up
		}
	}
	if isExt(tag) {
		std := extTag(n, path)
		if std == "" {
			return []*gedcom.Node{c.copyExt(n, path)}
		}
		tag = std
	}
	out := &gedcom.Node{Xref: n.Xref, Tag: tag, Value: n.Value, Line: n.Line}
	if n.Pointer != "" {
		c.setPtr(out, n, path)
	}
	p := parent(path)
	sub := append(path, tag)

	switch tag {
	case "CONC", "CONT":
		// Joined into the payload by the reader; a stray one is kept as text.
		c.warn(n, path, "%s out of place kept as _%s", tag, tag)
		out.Tag = "_" + tag
		return []*gedcom.Node{out}
	case "NOTE":
		if len(path) == 0 || n.Pointer != "" {
			out.Tag = "SNOTE"
		}
	case "SOUR":
		if p != "HEAD" && len(path) > 0 && n.Pointer == "" {
			return c.textCitation(n, path)
		}
	case "OBJE":
		if len(path) > 0 && n.Pointer == "" {
			return c.inlineObject(n, path)
		}
		if len(path) == 0 {
			return []*gedcom.Node{c.objectRecord(n)}
		}
	case "DATE":
		payload, phrase := date.ToV7(n.Value)
		out.Value = payload
		if phrase != "" {
			out.Add("PHRASE", phrase)
		}
		for _, s := range n.Nodes {
			out.Nodes = append(out.Nodes, c.conv(s, sub)...)
		}
		return []*gedcom.Node{out}
	case "AGE":
		payload, phrase := date.AgeToV7(n.Value)
		out.Value = payload
		if phrase != "" {
			out.Add("PHRASE", phrase)
		}
	case "LANG":
		c.lang(out, n.Value)
	case "FILE":
		out.Value = fileURI(n.Value)
	case "FORM":
		if p == "FILE" || p == "OBJE" {
			out.Value = mediaType(n.Value)
		}
	case "TYPE":
		switch {
		case p == "FORM":
			out.Tag = "MEDI"
			c.enum(out, enumMEDI(), path)
		case p == "NAME" && grand(path) == "INDI":
			c.enum(out, enumNameType(), path)
		case p == "ASSO" && strings.EqualFold(n.Value, "INDI"):
			// 5.5 wrote the type of the record an ASSO points to.
			return nil
		}
	case "MEDI":
		c.enum(out, enumMEDI(), path)
	case "PEDI":
		c.enum(out, enumPEDI(), path)
	case "ADOP":
		if p == "FAMC" {
			c.enum(out, enumADOP(), path)
		}
	case "STAT":
		switch p {
		case "FAMC":
			c.enum(out, enumFAMCStat(), path)
		case "BAPL", "CONL", "ENDL", "SLGC", "SLGS":
			c.enum(out, enumOrdStat(), path)
		}
	case "SEX":
		c.enum(out, enumSEX(), path)
	case "QUAY":
		c.enum(out, enumQUAY(), path)
	case "RESN":
		c.resn(out, path)
	case "ROLE":
		c.enum(out, enumROLE(), path)
	case "RELA":
		out.Tag = "ROLE"
		c.enum(out, enumROLE(), path)
	case "ASSO":
		for _, s := range n.Nodes {
			if s.Tag == "TYPE" && !strings.EqualFold(s.Value, "INDI") {
				c.warn(s, sub, "ASSO to a %s record: 7.0 associates individuals only", s.Value)
			}
		}
	case "RIN", "RFN", "AFN":
		c.exid(out, tag)
	case "FSFTID":
		out.Tag = "EXID"
		out.Add("TYPE", uriFS)
	case "EMAI":
		out.Tag = "EMAIL"
	case "FONE", "ROMN":
		out.Tag = "TRAN"
		lang := &gedcom.Node{Tag: "LANG"}
		typ := n.First("TYPE")
		if typ != nil {
			lang.Line = typ.Line
			if l, ok := transLang(tag, typ.Value); ok {
				lang.Value = l
			} else {
				lang.Value = "und"
				lang.Add("_PHRASE", typ.Value)
			}
		} else {
			lang.Value = "und"
		}
		out.Nodes = append(out.Nodes, lang)
		for _, s := range n.Nodes {
			if s != typ {
				out.Nodes = append(out.Nodes, c.conv(s, sub)...)
			}
		}
		c.noteOrig(out, n)
		return []*gedcom.Node{out}
	case "ALIA":
		if n.Pointer == "" && n.Value != "" {
			out.Tag = "NAME"
			out.Add("TYPE", "AKA")
		}
	case "CREA":
		if n.Value != "" && n.First("DATE") == nil {
			out.Value = ""
			d := &gedcom.Node{Tag: "DATE", Line: n.Line}
			d.Value, _ = date.ToV7(n.Value)
			out.Nodes = append(out.Nodes, d)
		}
	case "BLOB":
		c.warn(n, path, "GEDCOM 7.0 has no embedded media; BLOB kept as _BLOB")
		x := c.copyExt(n, path)
		x.Tag = "_BLOB"
		return []*gedcom.Node{x}
	default:
		if !tags551[tag] && !tags70only[tag] && !isExt(tag) {
			c.warn(n, path, "%s is not a GEDCOM tag; kept as _%s", tag, tag)
			x := c.copyExt(n, path)
			x.Tag = "_" + tag
			return []*gedcom.Node{x}
		}
	}
	if n.Pointer == "" && out.Value != "" && tag != "DATE" {
		out.Value = unescapeText(out.Value)
	}
	for _, s := range n.Nodes {
		out.Nodes = append(out.Nodes, c.conv(s, sub)...)
	}
	c.noteOrig(out, n)
	return []*gedcom.Node{out}
}

// exid turns RIN, RFN and AFN into an EXID with the registry's TYPE URI.
func (c *to70) exid(out *gedcom.Node, tag string) {
	out.Tag = "EXID"
	switch tag {
	case "AFN":
		out.Add("TYPE", uriAFN)
	case "RFN":
		// RFN is "<registered resource>:<record number>": the resource
		// goes in the TYPE's fragment, the number in the payload.
		if i := strings.IndexByte(out.Value, ':'); i > 0 {
			res := out.Value[:i]
			out.Value = out.Value[i+1:]
			out.Add("TYPE", uriRFN+"#"+url.PathEscape(res))
		} else {
			out.Add("TYPE", uriRFN)
		}
	case "RIN":
		if c.headSour != "" {
			out.Add("TYPE", uriRIN+"#"+url.PathEscape(c.headSour))
		} else {
			out.Add("TYPE", uriRIN)
		}
	}
}

// lang sets out (a LANG) from a 5.5.1 language name.
func (c *to70) lang(out *gedcom.Node, v string) {
	if t, ok := langTag(v); ok {
		out.Value = t
		return
	}
	out.Value = "und"
	if strings.TrimSpace(v) != "" {
		out.Add("_PHRASE", v)
	}
}

// langTag returns the BCP 47 tag for a 5.5.1 language name, or v itself
// when it already is a tag.
func langTag(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if t, ok := langTagByName()[strings.ToLower(v)]; ok {
		return t, true
	}
	if isLangTag(v) {
		return v, true
	}
	return "", false
}

// isLangTag reports whether v looks like a BCP 47 tag with a two- or
// three-letter primary language ("en", "zh-Latn-pinyin", "und").
func isLangTag(v string) bool {
	parts := strings.Split(v, "-")
	if n := len(parts[0]); n < 2 || n > 3 {
		return false
	}
	for i, p := range parts {
		if p == "" || len(p) > 8 {
			return false
		}
		for j := 0; j < len(p); j++ {
			b := p[j]
			letter := b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
			if !letter && (i == 0 || !(b >= '0' && b <= '9')) {
				return false
			}
		}
	}
	return true
}

// transLang returns the LANG of a TRAN made from FONE or ROMN of TYPE typ.
func transLang(tag, typ string) (string, bool) {
	if l, ok := transLangs()[tag+" "+strings.ToLower(strings.TrimSpace(typ))]; ok {
		return l, true
	}
	if isLangTag(typ) {
		return typ, true
	}
	return "", false
}

// enum converts out's payload to a value of set, keeping text that is not
// exactly a value in a PHRASE; without PHRASE the structure becomes an
// extension.
func (c *to70) enum(out *gedcom.Node, set *enumSet, path []string) {
	v := strings.TrimSpace(out.Value)
	if v == "" || isExtValue(v) {
		return
	}
	key := strings.ToUpper(v)
	key = strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, key)
	if set.has(key) {
		out.Value = key
		return
	}
	text := v
	if strings.HasPrefix(text, "(") {
		text = strings.TrimSuffix(strings.TrimPrefix(text, "("), ")")
	}
	if s, ok := set.synonyms[strings.ToLower(text)]; ok {
		out.Value = s
		if set.phrase {
			out.Nodes = append(out.Nodes, &gedcom.Node{Tag: "PHRASE", Value: text})
		}
		return
	}
	if set.phrase {
		out.Value = "OTHER"
		out.Nodes = append(out.Nodes, &gedcom.Node{Tag: "PHRASE", Value: text})
		return
	}
	c.add(out.Line, pathString(path, out.Tag), fmt.Sprintf("%q is not a 7.0 %s value; kept as _%s", v, out.Tag, out.Tag))
	out.Tag = "_" + out.Tag
}

// isExtValue reports whether v is an extension enumeration value, "_"
// and tag characters ("_ENUMVAL").
func isExtValue(v string) bool {
	if len(v) < 2 || v[0] != '_' {
		return false
	}
	for i := 1; i < len(v); i++ {
		b := v[i]
		if !(b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_') {
			return false
		}
	}
	return true
}

// resn converts a restriction notice, a list of enumeration values in 7.0.
func (c *to70) resn(out *gedcom.Node, path []string) {
	var vals []string
	for _, f := range strings.FieldsFunc(out.Value, func(r rune) bool { return r == ',' || r == ' ' }) {
		u := strings.ToUpper(f)
		if u != "CONFIDENTIAL" && u != "LOCKED" && u != "PRIVACY" {
			c.add(out.Line, pathString(path, out.Tag), fmt.Sprintf("%q is not a 7.0 RESN value; kept as _RESN", out.Value))
			out.Tag = "_RESN"
			return
		}
		vals = append(vals, u)
	}
	out.Value = strings.Join(vals, ", ")
}

// textCitation turns a 5.5.1 citation with a text payload into a pointer
// to a new SOUR record holding the text in a NOTE; its TEXT moves into a
// DATA.
func (c *to70) textCitation(n *gedcom.Node, path []string) []*gedcom.Node {
	cite := &gedcom.Node{Tag: "SOUR", Line: n.Line}
	sub := append(path, "SOUR")
	if strings.TrimSpace(n.Value) == "" {
		cite.Pointer = "VOID"
	} else {
		rec := &gedcom.Node{Xref: c.fresh(), Tag: "SOUR", Line: n.Line}
		rec.Nodes = append(rec.Nodes, &gedcom.Node{Tag: "NOTE", Value: unescapeText(n.Value), Line: n.Line})
		c.extra = append(c.extra, rec)
		cite.Pointer = rec.Xref
	}
	var data *gedcom.Node
	for _, s := range n.Nodes {
		if s.Tag == "TEXT" {
			if data == nil {
				data = &gedcom.Node{Tag: "DATA", Line: s.Line}
				cite.Nodes = append(cite.Nodes, data)
			}
			data.Nodes = append(data.Nodes, c.conv(s, append(sub, "DATA"))...)
			continue
		}
		cite.Nodes = append(cite.Nodes, c.conv(s, sub)...)
	}
	return []*gedcom.Node{cite}
}

// inlineObject turns a 5.5.1 OBJE link with no pointer into a pointer to a
// new OBJE record. The link keeps its TITL; the files, notes and the rest
// go to the record.
func (c *to70) inlineObject(n *gedcom.Node, path []string) []*gedcom.Node {
	if !c.hasFile(n) {
		// 7.0 has no multimedia object without a file (5.5 embedded
		// the data in a BLOB): the link is kept as it is.
		c.warn(n, path, "multimedia link without a file; kept as _OBJE")
		x := c.copyExt(n, path)
		x.Tag = "_OBJE"
		return []*gedcom.Node{x}
	}
	rec := &gedcom.Node{Xref: c.fresh(), Tag: "OBJE", Line: n.Line}
	link := &gedcom.Node{Tag: "OBJE", Pointer: rec.Xref, Line: n.Line}
	body := &gedcom.Node{Tag: "OBJE", Line: n.Line}
	for _, s := range n.Nodes {
		if s.Tag == "TITL" {
			link.Nodes = append(link.Nodes, c.conv(s, append(path, "OBJE"))...)
			continue
		}
		body.Nodes = append(body.Nodes, s)
	}
	rec.Nodes = c.objectRecord(body).Nodes
	c.extra = append(c.extra, rec)
	return []*gedcom.Node{link}
}

// objectRecord converts an OBJE record, moving 5.5-style FORM and TITL
// next to the FILE they describe.
func (c *to70) objectRecord(n *gedcom.Node) *gedcom.Node {
	out := &gedcom.Node{Xref: n.Xref, Tag: "OBJE", Line: n.Line}
	var form, titl *gedcom.Node
	var files []*gedcom.Node
	for _, s := range n.Nodes {
		switch s.Tag {
		case "FORM":
			form = s
			continue
		case "TITL":
			if titl == nil {
				titl = s
				continue
			}
		}
		conv := c.conv(s, []string{"OBJE"})
		if s.Tag == "FILE" {
			files = append(files, conv...)
		}
		out.Nodes = append(out.Nodes, conv...)
	}
	if len(files) == 0 && (form != nil || titl != nil) {
		f := &gedcom.Node{Tag: "FILE", Line: n.Line}
		if form != nil {
			f.Line = form.Line
		}
		files = append(files, f)
		out.Nodes = append([]*gedcom.Node{f}, out.Nodes...)
	}
	for _, f := range files {
		if form != nil && f.First("FORM") == nil {
			f.Nodes = append(f.Nodes, c.conv(form, []string{"OBJE", "FILE"})...)
		}
		if titl != nil && f.First("TITL") == nil {
			f.Nodes = append(f.Nodes, c.conv(titl, []string{"OBJE", "FILE"})...)
		}
	}
	return out
}

// unescapeText removes 5.5.1 escapes from a text payload: a date escape
// "@#DJULIAN@" becomes its calendar name (spaces made "_") and a space;
// other "@#...@" escapes are removed. One space after an escape belongs to
// it.
func unescapeText(s string) string {
	if !strings.Contains(s, "@#") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == '@' && i+1 < len(s) && s[i+1] == '#' {
			if end := strings.IndexByte(s[i+2:], '@'); end >= 0 {
				esc := s[i+2 : i+2+end]
				j := i + 2 + end + 1
				if j < len(s) && s[j] == ' ' {
					j++
				}
				if strings.HasPrefix(esc, "D") {
					b.WriteString(strings.ReplaceAll(esc[1:], " ", "_"))
					if j < len(s) {
						b.WriteByte(' ')
					}
				}
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// mediaType returns the 7.0 media type for a 5.5.1 multimedia format.
func mediaType(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || strings.Contains(v, "/") {
		return v
	}
	if t, ok := mediaTypes()[strings.ToLower(strings.TrimPrefix(v, "."))]; ok {
		return t
	}
	var b strings.Builder
	b.WriteString("application/x-")
	for _, r := range strings.ToLower(v) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '+' || r == '-' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	return b.String()
}

// fileURI turns a 5.5.1 file name into a 7.0 URI reference: URLs are left
// alone; "\" becomes "/"; "C:\x" becomes "file:///C:/x", "\\host\x"
// becomes "file://host/x" and "/x" becomes "file:///x"; characters with a
// meaning in URIs, spaces, "%" and the bytes of non-ASCII characters are
// percent-encoded.
func fileURI(v string) string {
	if v == "" || isURL(v) {
		return v
	}
	var prefix string
	s := v
	switch {
	case strings.HasPrefix(s, `\\`) && !strings.HasPrefix(s, `\\\`):
		prefix, s = "file://", s[2:]
	case strings.HasPrefix(s, "/") || strings.HasPrefix(s, `\`):
		prefix = "file://"
	case len(s) >= 2 && isLetter(s[0]) && s[1] == ':' && (len(s) == 2 || s[2] == '\\' || s[2] == '/'):
		prefix, s = "file:///"+s[:2], s[2:]
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; ch {
		case '\\':
			b.WriteByte('/')
		case ':', '?', '#', '[', ']', '@', ' ', '%', '"', '<', '>', '^', '`', '{', '|', '}':
			fmt.Fprintf(&b, "%%%02X", ch)
		default:
			if ch < 0x20 || ch >= 0x7f {
				fmt.Fprintf(&b, "%%%02X", ch)
			} else {
				b.WriteByte(ch)
			}
		}
	}
	return b.String()
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// isURL reports whether v starts with a URI scheme and "//" ("https://…",
// "file:///…"), or is a "mailto:", "data:" or "urn:" URI.
func isURL(v string) bool {
	i := strings.IndexByte(v, ':')
	if i < 2 { // one letter before ':' is a Windows drive
		return false
	}
	for j := 0; j < i; j++ {
		b := v[j]
		if !(isLetter(b) || j > 0 && (b >= '0' && b <= '9' || b == '+' || b == '-' || b == '.')) {
			return false
		}
	}
	switch strings.ToLower(v[:i]) {
	case "mailto", "data", "urn", "tel":
		return true
	}
	return strings.HasPrefix(v[i+1:], "//")
}
