package web

import "bytes"

// The relationship finder's page is written in Go, as the person page is
// (see person_html.go): testdata/relate-content.html is its reference
// template, and TestRelateContentMatchesTemplate requires the same bytes.

// relatePage is what the finder's page shows: the form's values, and the
// answer (R) or why there is none (Message).
type relatePage struct {
	A, B, At string
	Message  string
	R        *relateView
	// SVGURL draws R's path.
	SVGURL string
}

// write writes the page's content.
func (p *relatePage) write(b *bytes.Buffer) {
	b.WriteString("\n<h1>How are they related?</h1>\n" +
		"<form method=\"get\" action=\"/relate\" class=\"card\" id=\"relate-form\">\n" +
		"<label>First person <input name=\"a\" id=\"a\" value=\"")
	appendHTML(b, p.A)
	b.WriteString("\" placeholder=\"ID or name\" data-pick></label>\n" +
		"<label>Second person <input name=\"b\" id=\"b\" value=\"")
	appendHTML(b, p.B)
	b.WriteString("\" placeholder=\"ID or name\" data-pick></label>\n" +
		"<label>At date (optional) <input name=\"at\" id=\"at\" value=\"")
	appendHTML(b, p.At)
	b.WriteString("\" placeholder=\"2000\"></label>\n" +
		"<button type=\"submit\" id=\"find\">Find</button>\n</form>\n")
	if p.Message != "" {
		b.WriteString(`<p class="error">`)
		appendHTML(b, p.Message)
		b.WriteString("</p>")
	}
	b.WriteString("\n")
	if r := p.R; r != nil {
		b.WriteString("\n<section class=\"card\" id=\"answer\">\n<p class=\"answer\">")
		appendHTML(b, r.Phrase)
		b.WriteString("</p>\n")
		if r.Withheld {
			b.WriteString(`<p><a href="/person/`)
			appendURLPath(b, string(r.A.ID))
			b.WriteString(`/private">Why?</a></p>`)
		} else {
			b.WriteString("\n")
			if r.Explain != "" {
				b.WriteString(`<pre class="explain">`)
				appendHTML(b, r.Explain)
				b.WriteString("</pre>")
			}
			b.WriteString("\n")
			if len(r.Path) > 0 {
				b.WriteString(`<div class="chart"><object type="image/svg+xml" data="`)
				appendURLStart(b, p.SVGURL)
				b.WriteString(`" aria-label="relationship path"></object></div><p><a href="`)
				appendURLStart(b, p.SVGURL)
				b.WriteString(`&amp;download=1">download SVG</a></p>`)
			}
			b.WriteString("\n")
		}
		b.WriteString("\n</section>\n")
	}
	b.WriteString("\n")
}
