package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func person(id, name, dates, sex string) Box {
	return Box{ID: id, Name: name, Dates: dates, Sex: sex, Href: "/person/" + id}
}

// family is a small tree: Ireland, her parents Alec and Kim, Alec's parents,
// and Alec's other children.
func family() *Node {
	alec := &Node{Box: person("I1", "Alec Baldwin", "1958–", "M")}
	kim := &Node{Box: person("I2", "Kim Basinger", "1953–", "F")}
	ireland := &Node{Box: person("I3", "Ireland Baldwin", "1995–", "F"), Parents: []*Node{alec, kim}}
	alec.Parents = []*Node{
		{Box: person("I4", "Alexander Rae Baldwin Jr.", "1927–1983", "M")},
		{Box: person("I5", "Carol Newcomb Martineau", "1929–2016", "F")},
	}
	alec.Children = []*Node{ireland, {Box: person("I6", "Carmen Gabriela Baldwin", "2013–", "F")}, {Box: person("I7", "<script>alert(1)</script>", "", "U")}}
	ireland.Children = []*Node{{Box: person("I8", "Holland Baldwin", "2023–", "F")}}
	return ireland
}

func TestGolden(t *testing.T) {
	ireland := family()
	alec := ireland.Parents[0]
	tests := []struct {
		name string
		draw func(w io.Writer) error
	}{
		{"pedigree", func(w io.Writer) error { return Pedigree(w, "Ancestors of Ireland Baldwin", ireland, 4) }},
		{"pedigree-1", func(w io.Writer) error { return Pedigree(w, "Parents only", ireland, 1) }},
		{"descendants", func(w io.Writer) error { return Descendants(w, "Descendants of Alec Baldwin", alec, 0) }},
		{"hourglass", func(w io.Writer) error { return Hourglass(w, "Alec Baldwin", alec, 3) }},
		{"path", func(w io.Writer) error {
			return Path(w, "Holland & Carmen", []Step{
				{Box: person("I8", "Holland Baldwin", "2023–", "F"), Level: 0, Label: "mother"},
				{Box: person("I3", "Ireland Baldwin", "1995–", "F"), Level: 1, Label: "father"},
				{Box: person("I1", "Alec Baldwin", "1958–", "M"), Level: 2, Label: "daughter"},
				{Box: person("I6", "Carmen Gabriela Baldwin", "2013–", "F"), Level: 1},
			})
		}},
		{"path-empty", func(w io.Writer) error { return Path(w, "nobody", nil) }},
		{"timeline", func(w io.Writer) error {
			return Timeline(w, "Alec Baldwin", []Item{
				{Year: 1958, Date: "3 APR 1958", Label: "birth in Amityville, New York"},
				{Year: 1993, Date: "19 AUG 1993", Label: "marriage to Kim Basinger"},
				{Year: 1995, Date: "23 OCT 1995", Label: "birth of daughter Ireland"},
				{Year: 2002, Date: "2002", Label: "divorce from Kim Basinger"},
				{Label: "occupation: actor & <b>producer</b>"},
			})
		}},
		{"timeline-empty", func(w io.Writer) error { return Timeline(w, "x", nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tt.draw(&buf); err != nil {
				t.Fatal(err)
			}
			checkXML(t, buf.Bytes())
			golden := filepath.Join("testdata", tt.name+".golden.svg")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s: got\n%s\nwant\n%s", tt.name, buf.Bytes(), want)
			}
		})
	}
}

// checkXML parses svg as XML and fails if any element is a script.
func checkXML(t *testing.T, svg []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		} else if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if se, ok := tok.(xml.StartElement); ok && strings.EqualFold(se.Name.Local, "script") {
			t.Fatalf("SVG has a <script> element")
		}
	}
}

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Alec", "Alec"},
		{`<script>alert("x")</script>`, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"},
		{"a & b's", "a &amp; b&#39;s"},
		{"bell\x07", "bell "},
	}
	for _, tt := range tests {
		if got := esc(tt.in); got != tt.want {
			t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDeepPedigreeBounded(t *testing.T) {
	// A chain of 200 generations drawn 5 deep has 6 boxes.
	root := &Node{Box: Box{ID: "0", Name: "p0"}}
	n := root
	for i := 1; i < 200; i++ {
		p := &Node{Box: Box{ID: "x", Name: "p"}}
		n.Parents = []*Node{p}
		n = p
	}
	var buf bytes.Buffer
	if err := Pedigree(&buf, "", root, 5); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(buf.String(), `class="person"`); got != 6 {
		t.Errorf("boxes = %d, want 6", got)
	}
}
