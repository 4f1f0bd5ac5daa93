package web

import (
	"bytes"
	"context"
	"html/template"
	"math/rand/v2"
	"net/url"
	"testing"

	"kin"
)

// TestRelateContentMatchesTemplate renders the finder's page with the Go
// writer and with the reference template (testdata/relate-content.html)
// and requires the same bytes: for every pair of people of the example
// tree (and a few questions kin cannot answer) as an editor and as a
// viewer ask them, and for random pages whose every string needs
// escaping.
func TestRelateContentMatchesTemplate(t *testing.T) {
	ref := template.Must(template.ParseFiles("testdata/relate-content.html"))
	check := func(name string, p *relatePage) {
		t.Helper()
		data := map[string]any{"A": p.A, "B": p.B, "At": p.At}
		// The handler sets only what it has, as the template's data did.
		if p.Message != "" {
			data["Message"] = p.Message
		}
		if p.R != nil {
			data["R"], data["SVGURL"] = p.R, p.SVGURL
		}
		var want bytes.Buffer
		if err := ref.ExecuteTemplate(&want, "content", data); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		p.write(&got)
		if got.String() != want.String() {
			t.Errorf("%s: the Go writer and the template differ\n got %s\nwant %s", name, got.String(), want.String())
		}
	}

	e := newEnv(t)
	tree, err := e.db.Tree("").Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, p := range tree.People {
		ids = append(ids, string(p.ID))
	}
	questions := [][3]string{{"I1", "I404", ""}, {"I1", "I2", "nonsense"}, {"", "I2", ""}, {"I1", "I10", "1990"}}
	for _, a := range ids {
		for _, b := range ids {
			questions = append(questions, [3]string{a, b, ""})
		}
	}
	withheld, answered, failed := 0, 0, 0
	for _, role := range []Role{RoleEditor, RoleViewer} {
		ctx := context.WithValue(context.Background(), userKey, &session{role: role})
		for _, q := range questions {
			p := &relatePage{A: q[0], B: q[1], At: q[2]}
			v, _, err := e.srv.findRelation(ctx, q[0], q[1], q[2])
			switch {
			case err != nil:
				p.Message = kin.ErrorMessage(err)
				failed++
			case v.Withheld:
				p.R = v
				withheld++
			default:
				p.R = v
				answered++
			}
			if p.R != nil {
				p.SVGURL = "/relate/svg?" + url.Values{"a": {q[0]}, "b": {q[1]}, "at": {q[2]}}.Encode()
			}
			check(role.String()+" "+q[0]+" "+q[1]+" "+q[2], p)
		}
	}
	if withheld == 0 || answered == 0 || failed == 0 {
		t.Errorf("the example tree gave %d withheld, %d answered and %d failed questions, want some of each", withheld, answered, failed)
	}

	r := rand.New(rand.NewPCG(3, 4))
	for range 300 {
		v := randomView(r)
		p := &relatePage{A: v.Name, B: v.Dates, At: v.Label}
		switch r.IntN(3) {
		case 0:
			p.Message = v.Detail
		case 1:
			a := v.personLink
			if len(v.Parents) > 0 {
				a = v.Parents[0]
			}
			rv := &relateView{A: a, B: v.personLink, Related: r.IntN(2) == 0, Phrase: v.Sex,
				Explain: v.Detail, Withheld: r.IntN(4) == 0, Path: v.Children}
			p.R, p.SVGURL = rv, randomURL(r, v.Label)
		}
		check("random page", p)
	}
}

// randomURL is the finder's drawing URL with a random query, or now and
// then a URL html/template would refuse.
func randomURL(r *rand.Rand, s string) string {
	switch r.IntN(5) {
	case 0:
		return "javascript:" + s
	case 1:
		return s
	}
	return "/relate/svg?" + s
}

func TestWithoutQuotes(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"a\nb", "a\nb"},
		{"x\n", "x\n"},
		{"a\n  “quoted” (source)\nb", "a\nb"},
		{"  “q”\na", "a"},
		{"a\n  \"q\"\n", "a\n"},
		{"“q”", ""},
		{"“q”\n\"r\"", ""},
		{"a\n\nb\n“q”\nc", "a\n\nb\nc"},
	} {
		if got := withoutQuotes(tt.in); got != tt.want {
			t.Errorf("withoutQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
