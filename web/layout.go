package web

import "bytes"

// The layout around every page (the head, the navigation with who is
// logged in, the footer) is written in Go: it is on every page, and
// html/template took as long for its few values as for a small page.
// testdata/layout.html is its reference template;
// TestLayoutMatchesTemplate requires the same bytes.

// layout is what the layout shows.
type layout struct {
	CSRF     string
	Title    string // "" for none
	User     string // "" when anonymous
	Role     string
	CanEdit  bool
	TreeName string
}

// writeHead writes the layout up to the page's content.
func (l *layout) writeHead(b *bytes.Buffer) {
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
		"<meta name=\"csrf-token\" content=\"")
	appendHTML(b, l.CSRF)
	b.WriteString("\">\n<title>")
	if l.Title != "" {
		appendHTML(b, l.Title)
		b.WriteString(" · ")
	}
	b.WriteString("kin</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n" +
		"<script src=\"/static/app.js\" defer></script>\n</head>\n<body>\n<header>\n<nav>\n" +
		"<a class=\"brand\" href=\"/\">kin</a>\n<a href=\"/sources\">Sources</a>\n<a href=\"/relate\">Relationship</a>\n")
	if l.CanEdit {
		b.WriteString(`<a href="/review">Review</a> <a href="/upload">Upload</a> <a href="/person/new">New person</a>`)
	}
	b.WriteString("\n<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\n" +
		"<input type=\"search\" name=\"q\" id=\"q\" placeholder=\"Search names\" autocomplete=\"off\" aria-label=\"Search names\">\n" +
		"<ul id=\"suggest\" class=\"suggest\" hidden></ul>\n</form>\n<span class=\"who\">\n")
	if l.User != "" {
		appendHTML(b, l.User)
		b.WriteString(" (")
		appendHTML(b, l.Role)
		b.WriteString(")\n<form class=\"inline\" action=\"/logout\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"")
		appendHTML(b, l.CSRF)
		b.WriteString("\"><button type=\"submit\">Log out</button></form>\n")
	} else {
		b.WriteString(`<a href="/login">Log in</a>`)
	}
	b.WriteString("\n</span>\n</nav>\n</header>\n<main>\n")
}

// writeFoot writes the layout after the page's content.
func (l *layout) writeFoot(b *bytes.Buffer) {
	b.WriteString("\n</main>\n<footer>tree “")
	appendHTML(b, l.TreeName)
	b.WriteString("” · <a href=\"/privacy\">privacy of living people</a> · <a href=\"/api/v1/openapi.json\">API</a></footer>\n</body>\n</html>\n")
}
