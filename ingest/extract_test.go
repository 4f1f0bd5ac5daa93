package ingest

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// facts renders an extraction as sorted lines: "spouse A ~ B 1993-2002
// divorce", "parent A -> B", "sibling A ~ B half", "other A ~ B: label
// 1994", "person A M 2006/2007".
func facts(x *Extraction) []string {
	name := map[string]string{}
	var out []string
	for _, p := range x.Persons {
		name[p.ID] = p.Name.Full()
		s := fmt.Sprintf("person %s %s", p.Name.Full(), p.Sex)
		if b := yearString(p.Birth); b != "" {
			s += " b." + b
		}
		if d := yearString(p.Death); d != "" {
			s += " d." + d
		} else if p.Dead {
			s += " dead"
		}
		out = append(out, s)
	}
	for _, r := range x.Relations {
		a, b := name[r.A], name[r.B]
		var s string
		switch r.Type {
		case RelParent:
			s = fmt.Sprintf("parent %s -> %s", a, b)
		case RelStep:
			s = fmt.Sprintf("step-parent %s -> %s", a, b)
		case RelSpouse:
			if b < a {
				a, b = b, a
			}
			s = fmt.Sprintf("spouse %s ~ %s %s-%s %s", a, b, yearString(r.Start), yearString(r.End), r.EndReason)
		case RelSibling:
			if b < a {
				a, b = b, a
			}
			h := "?"
			if r.Half != nil {
				h = fmt.Sprint(*r.Half)
			}
			s = fmt.Sprintf("sibling %s ~ %s half=%s", a, b, h)
		case RelOther:
			if b < a {
				a, b = b, a
			}
			s = fmt.Sprintf("other %s ~ %s: %s %s", a, b, r.Label, yearString(r.Year))
		}
		out = append(out, strings.TrimSpace(s))
	}
	sort.Strings(out)
	return out
}

func extractText(t *testing.T, date, text string) *Extraction {
	t.Helper()
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		t.Fatal(err)
	}
	x, err := NewExtractor().Extract(context.Background(), &Article{Name: "test", Date: d, Text: text})
	if err != nil {
		t.Fatalf("Extract: %v", err)
	}
	return x
}

// TestExtract checks single constructions of the grammar. Each case lists
// facts that must be found, and facts that must not.
func TestExtract(t *testing.T) {
	tests := []struct {
		name    string
		date    string
		text    string
		want    []string
		notWant []string
	}{
		{
			name: "married from to, divorce, co-stars",
			date: "2025-03-04",
			text: "Alec Baldwin regrets how his divorce with former partner Kim Basinger affected their daughter, Ireland. Alec Baldwin and Kim Basinger were married for nearly a decade, from 1993 to 2002. Kim Basinger and Alec Baldwin co-starred in 1994's The Getaway.",
			want: []string{
				"spouse Alec Baldwin ~ Kim Basinger 1993-2002 divorce",
				"parent Alec Baldwin -> Ireland",
				"parent Kim Basinger -> Ireland",
				"other Alec Baldwin ~ Kim Basinger: co-starred in The Getaway 1994",
			},
		},
		{
			name: "children listed after share",
			date: "2025-03-04",
			text: "Alec is now married to Hilaria. They got married in 2012, and the pair share three daughters, Carmen Gabriela, Maria Lucia Victoria, and Ilaria Catalina Irena, as well as two sons, Rafael Thomas and Eduardo \"Edu\" Pao Lucas.",
			want: []string{
				"spouse Alec ~ Hilaria 2012-",
				"parent Hilaria -> Carmen Gabriela", "parent Alec -> Maria Lucia Victoria",
				"parent Alec -> Ilaria Catalina Irena", "parent Hilaria -> Rafael Thomas",
				"parent Alec -> Eduardo Pao Lucas", "person Eduardo Pao Lucas M",
			},
		},
		{
			name: "daughter of A and his wife B, age",
			date: "2024-04-03",
			text: "Kayla, now 17, is the daughter of Josh Brandt, class of 1999, and his wife, Emily.",
			want: []string{"parent Josh Brandt -> Kayla", "parent Emily -> Kayla", "spouse Emily ~ Josh Brandt -", "person Kayla F b.2006/2007"},
		},
		{
			name: "wife of N years",
			date: "2024-04-03",
			text: "Ron's wife of 45 years, Carol, taught English until she retired last year.",
			want: []string{"spouse Carol ~ Ron 1978/1979-", "person Carol F"},
		},
		{
			name: "obituary spouses in parentheses and maiden names",
			date: "2024-09-12",
			text: "Gene Vandermeer was born June 3, 1940, to Cornelius and Grace (Bos) Vandermeer. He is survived by three children, Dale (Karen) Vandermeer of Pella and Janet (Mike) Rozenboom of Ames; and a sister, Wilma Boot.",
			want: []string{
				"parent Cornelius Vandermeer -> Gene Vandermeer", "parent Grace Vandermeer -> Gene Vandermeer",
				"parent Gene Vandermeer -> Dale Vandermeer", "parent Gene Vandermeer -> Janet Rozenboom",
				"spouse Dale Vandermeer ~ Karen Vandermeer -", "spouse Janet Rozenboom ~ Mike Rozenboom -",
				"sibling Gene Vandermeer ~ Wilma Boot half=?", "person Gene Vandermeer M b.1940",
			},
		},
		{
			name:    "preceded in death",
			date:    "2024-09-12",
			text:    "On Aug. 19, 1961, he married Marilyn Kuyper; she preceded him in death in 2013. Earlier, Tom Hale had written about it.",
			notWant: []string{"spouse Marilyn Kuyper ~ Tom Hale -"},
		},
		{
			name: "twins named in order",
			date: "2024-05-14",
			text: "Kendra Simms married firefighter Andre Simms last year, and the couple welcomed twins, a boy and a girl named Mason and Maya, in November.",
			want: []string{
				"spouse Andre Simms ~ Kendra Simms 2023-", "parent Kendra Simms -> Mason", "parent Andre Simms -> Maya",
				"sibling Mason ~ Maya half=false", "person Mason M b.2023", "person Maya F b.2023",
			},
		},
		{
			name:    "negation and correction",
			date:    "2025-06-20",
			text:    "Magazines have reported that Lorelei Finch married her husband, Gabe Santos, in 2012. Not so: the couple didn't legally marry until 2014. Her father is not the late actor Desmond Finch. \"My dad is Bill Finch,\" she said.",
			want:    []string{"spouse Gabe Santos ~ Lorelei Finch 2014-", "parent Bill Finch -> Lorelei Finch"},
			notWant: []string{"parent Desmond Finch -> Lorelei Finch"},
		},
		{
			name: "Jr. gives the father",
			date: "2024-12-05",
			text: "Her father, Ramón Ibáñez, tours with her older brother, Ramón Ibáñez Jr., and his late brother, Joaquín, once sang too.",
			want: []string{"parent Ramón Ibáñez -> Ramón Ibáñez Jr.", "person Joaquín M dead"},
		},
		{
			name: "divorced and married two years later",
			date: "2024-12-05",
			text: "Mónica Peñaloza divorced Ramón Ibáñez in 2009 and married Spanish producer Íñigo Arrieta two years later.",
			want: []string{"spouse Mónica Peñaloza ~ Ramón Ibáñez -2009 divorce", "spouse Mónica Peñaloza ~ Íñigo Arrieta 2011-"},
		},
		{
			name: "widow of",
			date: "2024-10-13",
			text: "The groom's mother, Ngozi Okafor, is a trial attorney; she is the widow of Chidi Okafor.",
			want: []string{"spouse Chidi Okafor ~ Ngozi Okafor - death", "person Chidi Okafor M dead"},
		},
		{
			name: "engaged to and girlfriend",
			date: "2025-01-22",
			text: "Jessa Monroe is engaged to NFL kicker Brady Kowalczyk. Kowalczyk proposed at his family's lake house. Her ex, Rhys Calloway, has moved on. He and his girlfriend, Sierra Blake, welcomed a baby girl, Nova, in October.",
			want: []string{"other Brady Kowalczyk ~ Jessa Monroe: engaged", "other Rhys Calloway ~ Sierra Blake: girlfriend (romantic partners)", "parent Sierra Blake -> Nova", "parent Rhys Calloway -> Nova", "person Nova F b.2024"},
		},
		{
			name: "British engagement notice",
			date: "2023-05-06",
			text: "The engagement is announced between Oliver, elder son of Mr and Mrs James Whitcombe, of Bath, and Sophie, younger daughter of Dr Helen Marsh, of Cambridge, and the late Professor Andrew Marsh.",
			want: []string{
				"other Oliver ~ Sophie: engaged 2023", "parent James Whitcombe -> Oliver", "parent Mrs James Whitcombe -> Oliver",
				"parent Helen Marsh -> Sophie", "parent Andrew Marsh -> Sophie", "person Andrew Marsh M dead",
			},
			notWant: []string{"parent Sophie -> Oliver"},
		},
		{
			name: "step-father married to the mother",
			date: "2021-09-15",
			text: "Chef Élodie Moreau has opened a restaurant. Her father, Jean Moreau, died in 2016. Her mother, Patricia Vance, remarried in 2015; Élodie speaks warmly of her stepfather, Samuel Okafor.",
			want: []string{"spouse Patricia Vance ~ Samuel Okafor 2015-"},
		},
		{
			name: "nothing about family",
			date: "2024-01-01",
			text: "The Roosevelt High team won the state title on Friday. Coach Mike Dunn praised the defense.",
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := facts(extractText(t, tt.date, tt.text))
			has := func(w string) bool {
				for _, g := range got {
					if g == w || strings.HasPrefix(g, w+" ") {
						return true
					}
				}
				return false
			}
			for _, w := range tt.want {
				if !has(w) {
					t.Errorf("missing %q; got:\n  %s", w, strings.Join(got, "\n  "))
				}
			}
			for _, w := range tt.notWant {
				if has(w) {
					t.Errorf("unwanted %q; got:\n  %s", w, strings.Join(got, "\n  "))
				}
			}
			if tt.want != nil && len(tt.want) == 0 && len(got) != 0 {
				t.Errorf("got facts from a text without family ties:\n  %s", strings.Join(got, "\n  "))
			}
		})
	}
}

// TestGolden extracts every article in testdata/articles and compares the
// result in the gold JSON schema with testdata/golden/X.json; -update
// rewrites the golden files.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "articles", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no articles in testdata/articles: %v", err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			r, err := os.Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			a, err := ParseArticle(filepath.Base(f), r, "")
			if err != nil {
				t.Fatal(err)
			}
			x, err := NewExtractor().Extract(context.Background(), a)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(x.Gold(), "", " ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("extraction of %s differs from %s; got:\n%s", f, golden, got)
			}
		})
	}
}
