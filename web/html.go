package web

import (
	"bytes"
	"strings"
)

// Escaping for the pages written in Go rather than from a template (the
// person page's content, see person_html.go): each function appends a
// string escaped exactly as html/template escapes it in that context, so
// the bytes are the same as the template's. TestEscapersMatchTemplate
// and FuzzEscapersMatchTemplate compare them with html/template.

// htmlEscapes are the replacements of html/template's htmlEscaper and
// attrEscaper for plain strings, by byte. They are all ASCII, so a byte
// scan gives what html/template's rune scan gives, invalid UTF-8
// included.
var htmlEscapes = [...]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// appendHTML appends s as text or a quoted attribute value: what
// {{.}} writes there.
func appendHTML(b *bytes.Buffer, s string) {
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if int(c) >= len(htmlEscapes) || htmlEscapes[c] == "" {
			continue
		}
		b.WriteString(s[written:i])
		b.WriteString(htmlEscapes[c])
		written = i + 1
	}
	b.WriteString(s[written:])
}

// appendURLStart appends s as a whole quoted URL attribute value
// (href="{{.}}"): html/template's urlFilter (a URL with a scheme other
// than http, https or mailto becomes "#ZgotmplZ"), then as appendURLPath.
func appendURLStart(b *bytes.Buffer, s string) {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			b.WriteString("#ZgotmplZ")
			return
		}
	}
	appendURLPath(b, s)
}

// appendURLPath appends s inside a quoted URL attribute after the URL's
// first characters and before any '?' (href="/person/{{.}}"):
// html/template's urlNormalizer, then its attrEscaper.
func appendURLPath(b *bytes.Buffer, s string) { appendURL(b, s, true) }

// appendURLQuery appends s inside a quoted URL attribute after its '?'
// (href="/relate?a={{.}}"): html/template's urlEscaper, then its
// attrEscaper.
func appendURLQuery(b *bytes.Buffer, s string) { appendURL(b, s, false) }

// appendURL is html/template's processURLOnto (norm: keep reserved
// characters and valid %-escapes) followed by its attribute escaping,
// which of what the URL step keeps changes only '&' and '+'.
func appendURL(b *bytes.Buffer, s string, norm bool) {
	const hex = "0123456789abcdef"
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '&', '+':
			if norm {
				b.WriteString(s[written:i])
				b.WriteString(htmlEscapes[c])
				written = i + 1
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		written = i + 1
	}
	b.WriteString(s[written:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
