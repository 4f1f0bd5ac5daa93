package validate

import (
	"strconv"
	"strings"

	"kin/gedcom"
)

// payload checks n's payload against its type's payload kind.
func (v *Validator) payload(n *gedcom.Node, st *structType) {
	if st.payload == payloadAny {
		if n.HasPointer() && !(n.Pointer == "VOID" && !v.is551) {
			v.pointer(n, kindNone, true)
		}
		return
	}
	if st.payload == payloadPointer {
		switch {
		case n.HasPointer():
			if n.Pointer == "VOID" && !v.is551 {
				return // @VOID@: a pointer known to exist, to an unknown record
			}
			v.pointer(n, kindOf(v.schema.structs[st.target].tag), true)
		case n.Value == "":
			v.report(n.Line, quirkStructure, "missing pointer to %s record", article(v.schema.structs[st.target].tag))
		default:
			v.report(n.Line, quirkStructure, "%q is not a pointer to %s record", n.Value, article(v.schema.structs[st.target].tag))
		}
		return
	}
	if n.HasPointer() {
		if st.payload == payloadNone {
			v.report(n.Line, quirkStructure, "unexpected pointer @%s@: %s takes no payload", n.Pointer, n.Tag)
		} else {
			v.report(n.Line, quirkStructure, "unexpected pointer @%s@: %s takes text", n.Pointer, n.Tag)
		}
		v.pointer(n, kindNone, true)
		return
	}
	s := n.Value
	switch st.payload {
	case payloadNone:
		if s != "" {
			v.report(n.Line, quirkStructure, "unexpected payload %q: %s takes none", s, n.Tag)
		}
	case payloadY:
		if s != "" && s != "Y" {
			v.report(n.Line, quirkStructure, "%q is not Y or empty", s)
		}
	case payloadInteger:
		if !isDigits(s) {
			v.report(n.Line, strict, "%q is not a non-negative integer", s)
		}
	case payloadName:
		if c := strings.Count(s, "/"); c != 0 && c != 2 {
			v.report(n.Line, quirkStructure, "%q is not a valid personal name: the surname needs a / on each side", s)
		}
	case payloadEnum:
		v.enum(n.Line, st.set, s)
	case payloadListEnum:
		for _, e := range strings.Split(s, ",") {
			v.enum(n.Line, st.set, strings.TrimSpace(e))
		}
	case payloadLanguage:
		if !isLanguageTag(s) {
			v.report(n.Line, strict, "%q is not a valid language tag", s)
		}
	case payloadMediaType:
		if !isMediaType(s) {
			v.report(n.Line, strict, "%q is not a valid media type", s)
		}
	case payloadFilePath:
		if s == "" || strings.ContainsAny(s, "\n\r\t") {
			v.report(n.Line, strict, "%q is not a valid file path", s)
		}
	case payloadURI:
		if !isURIValue(s) {
			v.report(n.Line, strict, "%q is not a valid URI", s)
		}
	case payloadLatitude:
		if !isCoordinate(s, 'N', 'S', 90) {
			v.report(n.Line, strict, "%q is not a valid latitude", s)
		}
	case payloadLongitude:
		if !isCoordinate(s, 'E', 'W', 180) {
			v.report(n.Line, strict, "%q is not a valid longitude", s)
		}
	case payloadTagDef:
		tag, uri, _ := strings.Cut(s, " ")
		if !isExtTag(tag) || !isTag(tag[1:]) || !isURIValue(uri) {
			v.report(n.Line, strict, "%q is not an extension tag followed by a URI", s)
		}
	case payloadDate, payloadDatePeriod, payloadDateExact, payloadTime, payloadAge,
		payloadDate551, payloadDatePeriod551, payloadDateExact551, payloadAge551:
		v.dateLike(n.Line, st.payload, s)
	}
}

// enum checks one enumeration value. In GEDCOM 7 an extension tag is a
// valid value of every set. 5.5.1 values are compared ignoring case.
func (v *Validator) enum(line int, set uint16, s string) {
	if v.schema.inSet(set, s) || (!v.is551 && isExtTag(s) && isTag(s[1:])) {
		return
	}
	vals := v.schema.sets[set]
	for _, e := range vals {
		if strings.EqualFold(e, s) {
			if !v.is551 {
				v.report(line, quirkEnum, "%q is not a valid value: write %s", s, e)
			}
			return
		}
	}
	if s == "" {
		v.report(line, quirkEnum, "missing payload: want one of %s", list(vals))
		return
	}
	v.report(line, quirkEnum, "%q is not one of %s", s, list(vals))
}

// list joins values for a message, eliding long sets.
func list(vals []string) string {
	if len(vals) > 16 {
		return strings.Join(vals[:16], ", ") + ", …"
	}
	return strings.Join(vals, ", ")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9') && !isAlpha(s[i:i+1]) {
			return false
		}
	}
	return s != ""
}

// isTag reports whether s is made of tag characters: A–Z, 0–9 and _.
func isTag(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s != ""
}

// grandfathered lists the irregular BCP 47 tags (RFC 5646 section 2.1).
var grandfathered = map[string]bool{
	"en-gb-oed": true, "i-ami": true, "i-bnn": true, "i-default": true, "i-enochian": true,
	"i-hak": true, "i-klingon": true, "i-lux": true, "i-mingo": true, "i-navajo": true,
	"i-pwn": true, "i-tao": true, "i-tay": true, "i-tsu": true, "sgn-be-fr": true,
	"sgn-be-nl": true, "sgn-ch-de": true, "art-lojban": true, "cel-gaulish": true,
	"no-bok": true, "no-nyn": true, "zh-guoyu": true, "zh-hakka": true, "zh-min": true,
	"zh-min-nan": true, "zh-xiang": true,
}

// isLanguageTag reports whether s is a well-formed BCP 47 language tag
// (RFC 5646 section 2.1: langtag, privateuse or grandfathered). Whether its
// subtags are registered is not checked.
func isLanguageTag(s string) bool {
	if grandfathered[strings.ToLower(s)] {
		return true
	}
	parts := strings.Split(s, "-")
	i := 0
	next := func() string {
		if i < len(parts) {
			return parts[i]
		}
		return ""
	}
	privateUse := func() bool { // "x" 1*("-" (1*8alphanum))
		if !strings.EqualFold(next(), "x") {
			return false
		}
		i++
		if i == len(parts) {
			return false
		}
		for ; i < len(parts); i++ {
			if len(parts[i]) > 8 || !isAlnum(parts[i]) {
				return false
			}
		}
		return true
	}
	if privateUse() {
		return true
	}
	// language = 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
	lang := next()
	if !isAlpha(lang) || len(lang) < 2 || len(lang) > 8 {
		return false
	}
	i++
	if len(lang) <= 3 {
		for n := 0; n < 3 && len(next()) == 3 && isAlpha(next()); n++ {
			i++ // extlang = 3ALPHA *2("-" 3ALPHA)
		}
	}
	if p := next(); len(p) == 4 && isAlpha(p) {
		i++ // script
	}
	if p := next(); (len(p) == 2 && isAlpha(p)) || (len(p) == 3 && isDigits(p)) {
		i++ // region
	}
	for { // variant = 5*8alphanum / (DIGIT 3alphanum)
		p := next()
		if (len(p) >= 5 && len(p) <= 8 && isAlnum(p)) || (len(p) == 4 && p[0] >= '0' && p[0] <= '9' && isAlnum(p)) {
			i++
			continue
		}
		break
	}
	for { // extension = singleton 1*("-" (2*8alphanum))
		p := next()
		if len(p) != 1 || !isAlnum(p) || strings.EqualFold(p, "x") {
			break
		}
		i++
		n := 0
		for q := next(); len(q) >= 2 && len(q) <= 8 && isAlnum(q); q = next() {
			i++
			n++
		}
		if n == 0 {
			return false
		}
	}
	if i == len(parts) {
		return true
	}
	return privateUse()
}

// isMediaType reports whether s is a media type as RFC 2045 section 5.1
// defines it: type "/" subtype *(";" attribute "=" value).
func isMediaType(s string) bool {
	mt, params, _ := strings.Cut(s, ";")
	typ, sub, ok := strings.Cut(strings.TrimSpace(mt), "/")
	if !ok || !isToken(typ) || !isToken(sub) {
		return false
	}
	if params == "" {
		return !strings.HasSuffix(s, ";")
	}
	for _, p := range strings.Split(params, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !isToken(k) {
			return false
		}
		if !isToken(val) && !(len(val) >= 2 && val[0] == '"' && val[len(val)-1] == '"') {
			return false
		}
	}
	return true
}

// isToken reports whether s is an RFC 2045 token.
func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7F || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return s != ""
}

// isURIValue reports whether s looks like an absolute URI (RFC 3986): a
// scheme, a colon, and no spaces or control characters.
func isURIValue(s string) bool {
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok || scheme == "" || !isAlpha(scheme[:1]) {
		return false
	}
	for i := 0; i < len(scheme); i++ {
		c := scheme[i]
		if !(isAlnum(scheme[i:i+1]) || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] <= ' ' || rest[i] == 0x7F {
			return false
		}
	}
	return true
}

// isCoordinate reports whether s is a GEDCOM 7 latitude or longitude: a
// hemisphere letter and a decimal number of degrees up to max.
func isCoordinate(s string, pos, neg byte, max float64) bool {
	if len(s) < 2 || (s[0] != pos && s[0] != neg) {
		return false
	}
	num := s[1:]
	whole, frac, hasFrac := strings.Cut(num, ".")
	if !isDigits(whole) || (hasFrac && !isDigits(frac)) {
		return false
	}
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f <= max
}
