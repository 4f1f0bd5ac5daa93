package web

import "bytes"

// The person page is the most requested page, and html/template spent
// more time on its content than the server spent finding what it shows
// (a call through reflection per escaped value: a few hundred a page).
// So its content is written here, in Go, with the escaping functions of
// html.go, and placed in the layout (layout.go) by Server.renderGo.
//
// testdata/person-content.html is the page's content as a template, the
// reference: TestPersonContentMatchesTemplate renders views of the
// example tree and views full of characters that need escaping with both
// and requires the same bytes. A change to the page is made in both.

// writePersonContent writes the content of the person page of v, for a
// reader who may edit (canEdit) or not.
func writePersonContent(b *bytes.Buffer, v *personView, canEdit bool) {
	b.WriteString("\n\n<h1 id=\"name\">")
	appendHTML(b, v.Name)
	b.WriteString(` <span class="dates">`)
	appendHTML(b, v.Dates)
	b.WriteString("</span></h1>\n")
	id := string(v.ID)
	if v.Hidden {
		b.WriteString("\n<p class=\"notice\">This person is living, so only their existence is shown. <a href=\"/person/")
		appendURLPath(b, id)
		b.WriteString("/private\">Why is this person private?</a></p>\n\n\n")
		return
	}
	b.WriteString("\n")
	if v.Privacy != nil && !v.Privacy.Private {
		b.WriteString(`<p class="small"><a href="/person/`)
		appendURLPath(b, id)
		b.WriteString(`/private">Why is this person shown?</a></p>`)
	}
	b.WriteString("\n<p class=\"actions\">Charts: <a id=\"pedigree-link\" href=\"/chart/pedigree/")
	appendURLPath(b, id)
	b.WriteString(`">pedigree</a> · <a href="/chart/descendants/`)
	appendURLPath(b, id)
	b.WriteString(`">descendants</a> · <a href="/chart/hourglass/`)
	appendURLPath(b, id)
	b.WriteString(`">hourglass</a> · <a href="/chart/timeline/`)
	appendURLPath(b, id)
	b.WriteString(`">timeline</a> · <a href="/relate?a=`)
	appendURLQuery(b, id)
	b.WriteString(`">how related to…</a>`)
	if canEdit {
		b.WriteString(` · <a href="/person/`)
		appendURLPath(b, id)
		b.WriteString(`/edit">edit</a>`)
	}
	b.WriteString("</p>\n")
	if len(v.Names) > 1 {
		b.WriteString("<p>Also known as: ")
		for i, n := range v.Names {
			if i == 0 {
				continue
			}
			if i > 1 {
				b.WriteString(", ")
			}
			appendHTML(b, n)
		}
		b.WriteString("</p>")
	}
	b.WriteString("\n<div class=\"grid\">\n<section class=\"card\"><h2>Family</h2>\n")
	links := func(title string, ls []personLink) {
		if len(ls) > 0 {
			b.WriteString("<h3>" + title + "</h3><ul>")
			for i := range ls {
				b.WriteString("<li>")
				writePersonLink(b, &ls[i])
				b.WriteString("</li>")
			}
			b.WriteString("</ul>")
		}
		b.WriteString("\n")
	}
	links("Parents", v.Parents)
	if len(v.Partners) > 0 {
		b.WriteString("<h3>Partners</h3><ul>")
		for i := range v.Partners {
			pl := &v.Partners[i]
			b.WriteString("<li>")
			writePersonLink(b, pl)
			b.WriteString(" ")
			if pl.Detail != "" {
				b.WriteString(`<span class="small">(`)
				appendHTML(b, pl.Detail)
				b.WriteString(")</span>")
			}
			b.WriteString(` <a class="small" href="/family/`)
			appendURLPath(b, string(pl.Family))
			b.WriteString(`">family</a></li>`)
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n")
	links("Children", v.Children)
	links("Siblings", v.Siblings)
	links("Half-siblings", v.HalfSiblings)
	if len(v.Associations) > 0 {
		b.WriteString("<h3>Associations</h3><ul>")
		for i := range v.Associations {
			a := &v.Associations[i]
			b.WriteString("<li>")
			appendHTML(b, a.Relation)
			b.WriteString(": ")
			writePersonLink(b, &a.Other)
			b.WriteString(" ")
			appendHTML(b, a.Detail)
			b.WriteString(" ")
			appendHTML(b, a.Date)
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
	b.WriteString("\n</section>\n<section class=\"card\"><h2>Timeline</h2>\n<ol class=\"timeline\">")
	for i := range v.Timeline {
		r := &v.Timeline[i]
		b.WriteString(`<li><span class="date">`)
		if r.Date != "" {
			appendHTML(b, r.Date)
		} else {
			b.WriteString("undated")
		}
		b.WriteString("</span> ")
		appendHTML(b, r.Label)
		if r.Place != "" {
			b.WriteString(", ")
			appendHTML(b, r.Place)
		}
		writeCites(b, r.Citations)
		b.WriteString("</li>")
	}
	if len(v.Timeline) == 0 {
		b.WriteString("<li>No events recorded.</li>")
	}
	b.WriteString("</ol>\n</section>\n</div>\n<section class=\"card\"><h2>Evidence</h2>\n" +
		"<table><thead><tr><th>Fact</th><th>Date</th><th>Sources</th><th>Recorded</th></tr></thead><tbody>\n")
	for i := range v.Facts {
		f := &v.Facts[i]
		if f.Lost {
			b.WriteString(`<tr class="lost"><td>`)
		} else {
			b.WriteString("<tr><td>")
		}
		appendHTML(b, f.Summary)
		b.WriteString("</td><td>")
		appendHTML(b, f.Date)
		b.WriteString("</td><td>")
		writeCites(b, f.Citations)
		b.WriteString(`</td><td class="small">`)
		appendHTML(b, f.Recorded)
		b.WriteString(" · ")
		appendHTML(b, f.Origin)
		b.WriteString("</td></tr>")
	}
	b.WriteString("\n</tbody></table>\n</section>\n\n\n")
}

// writePersonLink writes a person as a link with their label and dates
// (the template "plink").
func writePersonLink(b *bytes.Buffer, pl *personLink) {
	if pl.Label != "" {
		b.WriteString(`<span class="label">`)
		appendHTML(b, pl.Label)
		b.WriteString("</span> ")
	}
	b.WriteString(`<a href="/person/`)
	appendURLPath(b, string(pl.ID))
	b.WriteString(`">`)
	appendHTML(b, pl.Name)
	b.WriteString(`</a> <span class="dates">`)
	appendHTML(b, pl.Dates)
	b.WriteString("</span>")
	if pl.Hidden {
		b.WriteString(` <a class="small" href="/person/`)
		appendURLPath(b, string(pl.ID))
		b.WriteString(`/private">why?</a>`)
	}
}

// writeCites writes citations with their sources' titles, pages and
// quotes (the template "cites").
func writeCites(b *bytes.Buffer, cs []citeView) {
	for i := range cs {
		c := &cs[i]
		b.WriteString(`<span class="cite"><a href="/source/`)
		appendURLPath(b, string(c.Source))
		if c.Quote != "" {
			b.WriteString("?q=")
			appendURLQuery(b, c.Quote)
		}
		b.WriteString(`">`)
		appendHTML(b, c.Title)
		b.WriteString("</a>")
		if c.Page != "" {
			b.WriteString(" (")
			appendHTML(b, c.Page)
			b.WriteString(")")
		}
		if c.Quote != "" {
			b.WriteString(" “")
			appendHTML(b, c.Quote)
			b.WriteString("”")
		}
		b.WriteString("</span>")
	}
}
