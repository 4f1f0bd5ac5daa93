package web

import (
	"bytes"
	"html/template"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
)

// TestLayoutMatchesTemplate writes the layout around a page's content in
// Go and with the reference template (testdata/layout.html), for readers
// logged in or not, editors or not, with and without a title, and with
// values that need escaping, and requires the same bytes.
func TestLayoutMatchesTemplate(t *testing.T) {
	ref := template.Must(template.ParseFiles("testdata/layout.html"))
	template.Must(ref.New("page").Parse(`{{define "content"}}<p>the page</p>{{end}}`))
	check := func(l *layout) {
		t.Helper()
		data := map[string]any{"CSRF": l.CSRF, "Role": l.Role, "CanEdit": l.CanEdit, "Anonymous": l.User == "", "TreeName": l.TreeName}
		// render sets Title and User only when there are some.
		if l.Title != "" {
			data["Title"] = l.Title
		}
		if l.User != "" {
			data["User"] = l.User
		}
		var want, got bytes.Buffer
		if err := ref.ExecuteTemplate(&want, "layout.html", data); err != nil {
			t.Fatal(err)
		}
		l.writeHead(&got)
		got.WriteString("<p>the page</p>")
		l.writeFoot(&got)
		if got.String() != want.String() {
			t.Errorf("layout %+v: Go and the template differ\n got %s\nwant %s", *l, got.String(), want.String())
		}
	}
	for _, user := range []string{"", "ada"} {
		for _, title := range []string{"", "Jane Doe 1900–1950"} {
			for _, edit := range []bool{false, true} {
				check(&layout{CSRF: "c0ffee", Title: title, User: user, Role: "editor", CanEdit: edit, TreeName: "default"})
			}
		}
	}
	r := rand.New(rand.NewPCG(5, 6))
	for range 300 {
		v := randomView(r)
		check(&layout{CSRF: v.Sex, Title: v.Name, User: v.Dates, Role: v.Label, CanEdit: r.IntN(2) == 0, TreeName: v.Detail})
	}
}

// TestPagesInLayout checks that the pages written in Go and those from
// templates come in the same layout, error pages with their status and
// the page's headers.
func TestPagesInLayout(t *testing.T) {
	e := newEnv(t)
	c := e.login("vera")
	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/", 200}, {"/person/I1", 200}, {"/relate?a=I1&b=I2", 200}, {"/sources", 200}, {"/family/F1", 200},
		{"/person/I404", http.StatusNotFound}, {"/review", http.StatusForbidden},
	} {
		res, body := c.get(tt.path)
		if res.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, res.StatusCode, tt.status)
		}
		if res.Header.Get("Content-Security-Policy") == "" || res.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type %q, Content-Security-Policy %q; want the page's headers", tt.path,
				res.Header.Get("Content-Type"), res.Header.Get("Content-Security-Policy"))
		}
		for _, want := range []string{"<!doctype html>\n<html lang=\"en\">", `<meta name="csrf-token" content="`,
			"vera (viewer)", "\n<main>\n", "\n</main>\n<footer>tree “", "</html>\n"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: no %q in\n%s", tt.path, want, body)
			}
		}
	}
}
