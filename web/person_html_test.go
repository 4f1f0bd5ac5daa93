package web

import (
	"bytes"
	"context"
	"html/template"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"kin"
)

// escapeRef is how html/template escapes a value in the contexts the
// Go-written pages use: text, a URL path in an attribute, a URL query in
// an attribute.
var escapeRef = template.Must(template.New("ref").Parse(
	`<p title="{{.}}">{{.}}</p><a href="/person/{{.}}">x</a><a href="/relate?a={{.}}">y</a><a href="{{.}}">z</a>`))

func escapeGo(s string) string {
	var b bytes.Buffer
	b.WriteString(`<p title="`)
	appendHTML(&b, s)
	b.WriteString(`">`)
	appendHTML(&b, s)
	b.WriteString(`</p><a href="/person/`)
	appendURLPath(&b, s)
	b.WriteString(`">x</a><a href="/relate?a=`)
	appendURLQuery(&b, s)
	b.WriteString(`">y</a><a href="`)
	appendURLStart(&b, s)
	b.WriteString(`">z</a>`)
	return b.String()
}

func checkEscape(t *testing.T, s string) {
	t.Helper()
	var want bytes.Buffer
	if err := escapeRef.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	if got := escapeGo(s); got != want.String() {
		t.Errorf("escaping %q:\n got %s\nwant %s", s, got, want.String())
	}
}

// every byte, alone and between letters
func allBytes() []string {
	var out []string
	for c := 0; c < 256; c++ {
		out = append(out, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"b")
	}
	return out
}

func TestEscapersMatchTemplate(t *testing.T) {
	cases := []string{
		"", "I1", "Jane Doe", xss, `"quoted" & 'single' + plus`, "a\x00b", "%41%zz%4", "%", "%4g",
		"/path?q=1&r=2#frag", "Zoë Ångström – “quoted”", "\xff\xfe invalid", "\uFFFD\ufdd0\uffff",
		"javascript:alert(1)", "JavaScript:x", "HTTP://x", "mailto:a@b", "data:text/html,x", "/a:b", "a/b:c",
		"</span><script>", "a b\tc\nd",
	}
	for _, s := range append(cases, allBytes()...) {
		checkEscape(t, s)
	}
}

func FuzzEscapersMatchTemplate(f *testing.F) {
	for _, s := range []string{"", xss, "%41%zz", "a&b+c", "\xff", "Zoë"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEscape(t, s) })
}

// TestPersonContentMatchesTemplate renders the person page's content
// with the Go writer and with the reference template
// (testdata/person-content.html) and requires the same bytes: for every
// person of the example tree as an editor and as a viewer sees them, and for random views whose every string needs
// escaping.
func TestPersonContentMatchesTemplate(t *testing.T) {
	ref := template.Must(template.ParseFiles("testdata/person-content.html"))
	check := func(name string, v *personView, canEdit bool) {
		t.Helper()
		var want bytes.Buffer
		if err := ref.ExecuteTemplate(&want, "content", map[string]any{"P": v, "CanEdit": canEdit}); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		writePersonContent(&got, v, canEdit)
		if got.String() != want.String() {
			t.Errorf("%s (can edit %v): the Go writer and the template differ\n got %s\nwant %s", name, canEdit, got.String(), want.String())
		}
	}

	e := newEnv(t)
	tree, err := e.db.Tree("").Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	roles := []struct {
		name string
		sess *session
	}{
		{"editor", &session{role: RoleEditor}},
		{"viewer", &session{role: RoleViewer}},
	}
	hidden, shown := 0, 0
	for _, r := range roles {
		ctx := context.WithValue(context.Background(), userKey, r.sess)
		for _, p := range tree.People {
			v, err := e.srv.personView(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if v.Hidden {
				hidden++
			} else {
				shown++
			}
			check(r.name+" "+string(p.ID), v, r.sess.role >= RoleEditor)
		}
	}
	if hidden == 0 || shown == 0 {
		t.Errorf("the example tree gave %d hidden and %d shown pages, want some of each", hidden, shown)
	}

	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		v := randomView(rnd)
		check("random view", v, i%2 == 0)
	}
}

// randomView is a person view with random lists and random strings
// made of characters that need escaping somewhere.
func randomView(r *rand.Rand) *personView {
	const alphabet = "aZ09 <>&'\"+%/?#=:;@!$*,[]-._~\x00\t\nëé“”\uFFFD"
	str := func() string {
		if r.IntN(4) == 0 {
			return ""
		}
		runes := []rune(alphabet)
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteRune(runes[r.IntN(len(runes))])
		}
		if r.IntN(10) == 0 {
			b.WriteString("\xff") // invalid UTF-8
		}
		return b.String()
	}
	if !utf8.ValidString(alphabet) {
		panic("alphabet")
	}
	plink := func() personLink {
		return personLink{ID: kin.ID(str()), Name: str(), Dates: str(), Sex: str(), Hidden: r.IntN(3) == 0,
			Label: str(), Family: kin.ID(str()), Detail: str()}
	}
	links := func() []personLink {
		var out []personLink
		for range r.IntN(4) {
			out = append(out, plink())
		}
		return out
	}
	cites := func() []citeView {
		var out []citeView
		for range r.IntN(3) {
			out = append(out, citeView{Source: kin.ID(str()), Title: str(), Page: str(), Quote: str(), Confidence: r.IntN(4)})
		}
		return out
	}
	v := &personView{personLink: plink()}
	v.Hidden = r.IntN(5) == 0
	if r.IntN(3) == 0 {
		v.Privacy = &privacyReason{Private: r.IntN(2) == 0, Rule: str(), Reason: str()}
	}
	for range r.IntN(4) {
		v.Names = append(v.Names, str())
	}
	v.Parents, v.Partners, v.Children, v.Siblings, v.HalfSiblings = links(), links(), links(), links(), links()
	for range r.IntN(3) {
		v.Associations = append(v.Associations, assocView{Other: plink(), Relation: str(), Detail: str(), Date: str()})
	}
	for range r.IntN(4) {
		v.Timeline = append(v.Timeline, timelineRow{Date: str(), Year: r.IntN(2000), Type: str(), Label: str(), Place: str(), Citations: cites()})
	}
	for range r.IntN(5) {
		v.Facts = append(v.Facts, factView{ID: r.Int64(), Kind: str(), Summary: str(), Date: str(), Conclusion: r.IntN(2) == 0,
			Lost: r.IntN(3) == 0, Origin: str(), Recorded: str(), Citations: cites()})
	}
	return v
}
