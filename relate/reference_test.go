package relate

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"kin"
	"kin/gedcom"
)

// The reference check compares Find with the relationship names that
// Gramps 5.1.5, Gramps master and gedcom4j give for the same pairs (see
// ../shared/data/relationships/SOURCES.md). The references say "B is A's
// X"; Find(B, A) says the same in kin's words. Both sides are brought to
// kin's English with the mapping below (documented in
// docs/relationships.md), and agreement is counted per category of the
// reference term. Run
//
//	go test ./relate/ -run Reference -v
//
// to print the table of docs/relationships.md and the disagreements.

// refItem is one expectation: B is A's Want (kin's words).
type refItem struct {
	Source string // "gramps-5.1.5", "gramps-master", "gedcom4j"
	A, B   kin.ID
	Raw    string // the reference string as written
	Want   string // Raw in kin's words
	// One marks Gramps's one_relationship, the most relevant relation,
	// which must be kin's first; the others need only be among kin's.
	One bool
}

// Categories of reference terms, in the order they are tested and listed.
var refCategories = []string{"in-law", "step", "half", "removed", "cousin", "aunt/uncle", "niece/nephew",
	"grand*", "parent/child", "sibling", "spouse/partner", "self"}

// refCategory returns the category of a term in kin's words.
func refCategory(t string) string {
	has := func(s ...string) bool {
		for _, x := range s {
			if strings.Contains(t, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("-in-law"):
		return "in-law"
	case has("step-"):
		return "step"
	case has("half-"):
		return "half"
	case has("removed"):
		return "removed"
	case has("cousin"):
		return "cousin"
	case has("aunt", "uncle"):
		return "aunt/uncle"
	case has("niece", "nephew"):
		return "niece/nephew"
	case has("grand"):
		return "grand*"
	case has("father", "mother", "son", "daughter", "child", "parent"):
		return "parent/child"
	case has("brother", "sister", "sibling"):
		return "sibling"
	case has("husband", "wife", "partner", "spouse"):
		return "spouse/partner"
	case t == "self":
		return "self"
	}
	return "other"
}

// ordinalNumber returns n for the ordinal word w ("second": 2).
func ordinalNumber(w string) (int, bool) {
	if i := slices.Index(ordinalWords, w); i >= 0 {
		return i, true
	}
	return 0, false
}

// kinGreats writes n greats the way English{} does: "", "great-",
// "2nd great-".
func kinGreats(n int) string { return English{}.greats(n) }

// splitRemoved cuts " once removed", " twice removed", " N times removed"
// off a term.
func splitRemoved(t string) (head, rm string) {
	if i := strings.LastIndex(t, " removed"); i > 0 {
		j := strings.LastIndex(t[:i], " cousin")
		if j >= 0 {
			k := j + len(" cousin")
			if strings.HasPrefix(t[k:], "-in-law") {
				k += len("-in-law")
			}
			return t[:k], t[k:]
		}
	}
	return t, ""
}

// grampsToKin writes a Gramps 5.1.5 or master English relationship string
// in kin's words:
//
//	"(up)", "(down)"                dropped (kin says the same both ways)
//	"stepX"                          "step-X"
//	"grandaunt", "great grandaunt"   "great-aunt", "2nd great-aunt" (Gramps counts "grand" for aunts and nephews)
//	"second great grandfather"       "2nd great-grandfather"
//	"first descendant"               "child"; "third descendant": "great-grandchild"
//	"uncle/aunt"                     "aunt or uncle"
//	"X-in-law"                       "X-in-law", with kin's X
func grampsToKin(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, " (up)")
	s = strings.TrimSuffix(s, " (down)")
	inLaw := false
	if strings.Contains(s, "-in-law") {
		inLaw = true
		s = strings.Replace(s, "-in-law", "", 1)
	}
	step := false
	if strings.Contains(s, "step") {
		step = true
		s = strings.Replace(s, "step", "", 1)
	}
	head, rm := splitRemoved(s)
	w := strings.Fields(head)
	greats := 0
	if len(w) >= 2 && w[len(w)-2] == "great" {
		greats = 1
		if len(w) >= 3 {
			if n, ok := ordinalNumber(w[len(w)-3]); ok {
				greats = n
			}
		}
	}
	noun := ""
	if len(w) > 0 {
		noun = w[len(w)-1]
	}
	prefix := ""
	if len(w) > 0 && !strings.HasPrefix(noun, "grand") && noun != "descendant" && noun != "cousin" {
		prefix = strings.Join(w[:len(w)-1], " ")
		if prefix != "" {
			prefix += " "
		}
	}
	var t string
	switch {
	case noun == "descendant":
		n, _ := ordinalNumber(w[0])
		switch {
		case n <= 1:
			t = "child"
		default:
			t = kinGreats(n-2) + "grandchild"
		}
	case strings.HasPrefix(noun, "grand"):
		x := strings.TrimPrefix(noun, "grand")
		switch x {
		case "aunt", "uncle", "nephew", "niece", "uncle/aunt", "nephew/niece":
			greats++
		default:
			t = kinGreats(greats) + "grand" + x
		}
		if t == "" {
			t = kinGreats(greats) + x
		}
	case noun == "cousin":
		t = head
	default:
		t = prefix + noun
	}
	t = strings.ReplaceAll(t, "uncle/aunt", "aunt or uncle")
	t = strings.ReplaceAll(t, "nephew/niece", "niece or nephew")
	if inLaw {
		t += "-in-law"
	}
	t += rm
	if step {
		t = "step-" + t
	}
	return t
}

var g4jTimes = map[string]string{"1 time": "once", "2 times": "twice", "3 times": "three times", "4 times": "four times", "5 times": "five times"}

// gedcom4jToKin writes a gedcom4j kinship name in kin's words:
//
//	"Great-Great-Grandfather"                  "2nd great-grandfather"
//	"3rd Great-Aunt/Uncle"                     "3rd great-aunt or uncle"
//	"1st Cousin 1 time removed"                "first cousin once removed"
//	"Husband's Nephew", "X's Wife"             "nephew-in-law", "X-in-law"
func gedcom4jToKin(s string) string {
	t := strings.ToLower(strings.TrimSpace(s))
	inLaw := false
	for _, p := range []string{"husband's ", "wife's "} {
		if r, ok := strings.CutPrefix(t, p); ok {
			t, inLaw = r, true
		}
	}
	for _, p := range []string{"'s husband", "'s wife"} {
		if r, ok := strings.CutSuffix(t, p); ok {
			t, inLaw = r, true
		}
	}
	if i := strings.Index(t, " cousin"); i > 0 {
		if n, err := strconv.Atoi(strings.TrimRight(t[:i], "stndrh")); err == nil {
			t = ordinalWord(n) + t[i:]
		}
	}
	for k, v := range g4jTimes {
		t = strings.Replace(t, k+" removed", v+" removed", 1)
	}
	head, rm := splitRemoved(t)
	// greats: "great-great-x" or "3rd great-x"
	greats := 0
	for strings.HasPrefix(head, "great-") {
		greats++
		head = strings.TrimPrefix(head, "great-")
	}
	if i := strings.Index(head, " great-"); i > 0 {
		if n, err := strconv.Atoi(strings.TrimRight(head[:i], "stndrh")); err == nil {
			greats = n
			head = head[i+len(" great-"):]
		}
	}
	head = strings.ReplaceAll(head, "aunt/uncle", "aunt or uncle")
	head = kinGreats(greats) + head
	if inLaw {
		head += "-in-law"
	}
	return head + rm
}

// loadGED decodes a GEDCOM file and maps it to a kin.Tree.
func loadGED(tb testing.TB, path string) *kin.Tree {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	dec := gedcom.NewDecoder(bufio.NewReader(f))
	dec.Filename = filepath.Base(path)
	doc, err := dec.Decode()
	if err != nil {
		tb.Fatalf("decode %s: %v", path, err)
	}
	t, err := gedcom.ToTree(doc)
	if err != nil {
		tb.Fatalf("map %s: %v", path, err)
	}
	return t
}

func readTSV(tb testing.TB, path string, comma rune) [][]string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = comma
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("read %s: %v", path, err)
	}
	return rows[1:] // header
}

func splitBar(s string) []string {
	var out []string
	for _, x := range strings.Split(s, " | ") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// grampsItems reads the Gramps 5.1.5 TSV: the partner relation, every
// relation of all_relationships (blood and step), one_relationship as the
// most relevant, and the quick view's in-laws.
func grampsItems(tb testing.TB, dir string) []refItem {
	var out []refItem
	for _, r := range readTSV(tb, filepath.Join(dir, "gramps-5.1.5-relationships.tsv"), '\t') {
		if len(r) < 11 {
			tb.Fatalf("short row %q", r)
		}
		a, b := kin.ID(r[0]), kin.ID(r[2])
		add := func(raw string, one bool) {
			out = append(out, refItem{Source: "gramps-5.1.5", A: a, B: b, Raw: raw, Want: grampsToKin(raw), One: one})
		}
		partner := r[4]
		if partner != "" {
			add(partner, false)
		}
		if r[5] != "" {
			add(r[5], true)
		}
		all := splitBar(r[8])
		if len(all) > 0 && all[0] == partner {
			all = all[1:]
		}
		for _, x := range all {
			if x != r[5] {
				add(x, false)
			}
		}
		for _, x := range splitBar(r[10]) {
			add(x, false)
		}
	}
	return out
}

func grampsMasterItems(tb testing.TB, dir string) []refItem {
	var out []refItem
	for _, r := range readTSV(tb, filepath.Join(dir, "gramps-master-all_relations.csv"), ',') {
		out = append(out, refItem{Source: "gramps-master", A: kin.ID(r[0]), B: kin.ID(r[1]), Raw: r[2], Want: grampsToKin(r[2])})
	}
	return out
}

func gedcom4jItems(tb testing.TB, dir string, t *kin.Tree) []refItem {
	byName := map[string]kin.ID{}
	for _, p := range t.People {
		n := p.Name()
		byName[strings.TrimSpace(n.Given+" "+n.Surname)] = p.ID
	}
	var out []refItem
	for _, r := range readTSV(tb, filepath.Join(dir, "kinship-expected.tsv"), '\t') {
		a, b := byName[r[1]], byName[r[2]]
		if a == "" || b == "" {
			tb.Fatalf("gedcom4j: unknown person in %q", r)
		}
		out = append(out, refItem{Source: "gedcom4j", A: a, B: b, Raw: r[3], Want: gedcom4jToKin(r[3]), One: true})
	}
	return out
}

// kinTerms returns kin's terms for B's relation to A, timeless (as the
// references are: a partner is "wife" though she has died), in Find's
// order; first is the first of them without Options.All.
func kinTerms(tb testing.TB, g Graph, a, b kin.ID) (all []string, first string) {
	tb.Helper()
	ctx := context.Background()
	words := func(r *Result) []string {
		var ts []string
		for i := range r.Relationships {
			rel := &r.Relationships[i]
			t := English{}.statusTerm(rel, StatusCurrent)
			if t != "" {
				ts = append(ts, t)
			}
		}
		return ts
	}
	r, err := Find(ctx, g, b, a, Options{All: true, Now: fixedNow})
	if err != nil {
		tb.Fatalf("Find(%s, %s): %v", b, a, err)
	}
	all = words(r)
	r, err = Find(ctx, g, b, a, Options{Now: fixedNow})
	if err != nil {
		tb.Fatalf("Find(%s, %s): %v", b, a, err)
	}
	if ts := words(r); len(ts) > 0 {
		first = ts[0]
	}
	return all, first
}

// grampsHalf drops "half-" from kin's terms other than siblings': Gramps
// says half only of siblings ("half-brother"), and names a half-aunt or
// half-cousin like a full one.
func grampsHalf(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		if r, ok := strings.CutPrefix(t, "half-"); ok && refCategory(r) != "sibling" {
			t = r
		}
		out[i] = t
	}
	return out
}

// refScore counts agreements per source and category.
type refScore struct {
	agree, total map[string]int
	misses       map[string][]string
}

func newRefScore() *refScore {
	return &refScore{agree: map[string]int{}, total: map[string]int{}, misses: map[string][]string{}}
}

func (s *refScore) check(tb testing.TB, g Graph, items []refItem) {
	tb.Helper()
	type pair struct{ a, b kin.ID }
	cache := map[pair][2]any{}
	for _, it := range items {
		c, ok := cache[pair{it.A, it.B}]
		if !ok {
			all, first := kinTerms(tb, g, it.A, it.B)
			c = [2]any{all, first}
			cache[pair{it.A, it.B}] = c
		}
		all, first := c[0].([]string), c[1].(string)
		if strings.HasPrefix(it.Source, "gramps") {
			all, first = grampsHalf(all), grampsHalf([]string{first})[0]
		}
		cat := refCategory(it.Want)
		key := it.Source + "\t" + cat
		got := slices.Contains(all, it.Want)
		if it.One {
			key = it.Source + " (most relevant)\t" + cat
			got = first == it.Want
		}
		s.total[key]++
		if got {
			s.agree[key]++
			continue
		}
		s.misses[key] = append(s.misses[key], fmt.Sprintf("%s→%s: ref %q (%q), kin first %q, all %q", it.A, it.B, it.Raw, it.Want, first, all))
	}
}

func (s *refScore) keys() []string {
	var ks []string
	for k := range s.total {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, func(x, y string) int {
		sx, cx, _ := strings.Cut(x, "\t")
		sy, cy, _ := strings.Cut(y, "\t")
		if sx != sy {
			return strings.Compare(sx, sy)
		}
		return slices.Index(refCategories, cx) - slices.Index(refCategories, cy)
	})
	return ks
}

// refFloor is the agreement reached, per source and category: the test
// fails when kin agrees with fewer references than this.
var refFloor = map[string]int{
	"gedcom4j (most relevant)\tin-law":             16,
	"gedcom4j (most relevant)\tremoved":            8,
	"gedcom4j (most relevant)\tcousin":             4,
	"gedcom4j (most relevant)\taunt/uncle":         11,
	"gedcom4j (most relevant)\tniece/nephew":       11,
	"gedcom4j (most relevant)\tgrand*":             52,
	"gedcom4j (most relevant)\tparent/child":       12,
	"gedcom4j (most relevant)\tsibling":            4,
	"gedcom4j (most relevant)\tspouse/partner":     0,
	"gedcom4j (most relevant)\tself":               1,
	"gramps-5.1.5\tin-law":                         732,
	"gramps-5.1.5\tremoved":                        125,
	"gramps-5.1.5\tcousin":                         285,
	"gramps-5.1.5\taunt/uncle":                     4,
	"gramps-5.1.5\tniece/nephew":                   4,
	"gramps-5.1.5\tparent/child":                   4,
	"gramps-5.1.5\tspouse/partner":                 1330,
	"gramps-5.1.5 (most relevant)\tstep":           0,
	"gramps-5.1.5 (most relevant)\thalf":           426,
	"gramps-5.1.5 (most relevant)\tremoved":        207,
	"gramps-5.1.5 (most relevant)\tcousin":         63,
	"gramps-5.1.5 (most relevant)\taunt/uncle":     131,
	"gramps-5.1.5 (most relevant)\tniece/nephew":   91,
	"gramps-5.1.5 (most relevant)\tgrand*":         245,
	"gramps-5.1.5 (most relevant)\tparent/child":   5288,
	"gramps-5.1.5 (most relevant)\tsibling":        5702,
	"gramps-5.1.5 (most relevant)\tspouse/partner": 1330,
	"gramps-master\tin-law":                        28,
	"gramps-master\tstep":                          0,
	"gramps-master\tremoved":                       4,
	"gramps-master\taunt/uncle":                    6,
	"gramps-master\tniece/nephew":                  6,
	"gramps-master\tsibling":                       12,
}

func TestReference(t *testing.T) {
	shared := sharedDir(t)
	dir := filepath.Join(shared, "data", "relationships")
	gramps := NewTreeGraph(loadGED(t, filepath.Join(dir, "gramps-example", "example.ged")))
	g4tree := loadGED(t, filepath.Join(dir, "gedcom4j", "RelationshipTestExtended.ged"))
	g4 := NewTreeGraph(g4tree)

	s := newRefScore()
	s.check(t, gramps, grampsItems(t, filepath.Join(dir, "gramps-example")))
	s.check(t, gramps, grampsMasterItems(t, filepath.Join(dir, "gramps-example")))
	s.check(t, g4, gedcom4jItems(t, filepath.Join(dir, "gedcom4j"), g4tree))

	var tab strings.Builder
	tab.WriteString("| reference | category | agree | of | % |\n|---|---|---|---|---|\n")
	for _, k := range s.keys() {
		src, cat, _ := strings.Cut(k, "\t")
		fmt.Fprintf(&tab, "| %s | %s | %d | %d | %.1f |\n", src, cat, s.agree[k], s.total[k], 100*float64(s.agree[k])/float64(s.total[k]))
		if floor, ok := refFloor[k]; ok && s.agree[k] < floor {
			t.Errorf("%s %s: kin agrees on %d of %d, want at least %d", src, cat, s.agree[k], s.total[k], floor)
		}
	}
	t.Log("\n" + tab.String())
	if testing.Verbose() {
		for _, k := range s.keys() {
			ms := s.misses[k]
			for i, m := range ms {
				if i == 20 {
					t.Logf("%s: … %d more", k, len(ms)-i)
					break
				}
				t.Logf("%s: %s", k, m)
			}
		}
	}
}

// TestReferenceNames checks the mapping from the references' words to
// kin's.
func TestReferenceNames(t *testing.T) {
	tests := []struct {
		name, in, want string
		fn             func(string) string
	}{
		{"gramps grandaunt", "grandaunt", "great-aunt", grampsToKin},
		{"gramps great grandaunt", "great grandaunt", "2nd great-aunt", grampsToKin},
		{"gramps third great granduncle", "third great granduncle", "4th great-uncle", grampsToKin},
		{"gramps grandnephew", "grandnephew", "great-nephew", grampsToKin},
		{"gramps second great grandfather", "second great grandfather", "2nd great-grandfather", grampsToKin},
		{"gramps great grandson", "great grandson", "great-grandson", grampsToKin},
		{"gramps cousin down", "first cousin once removed (down)", "first cousin once removed", grampsToKin},
		{"gramps cousin in-law", "first cousin-in-law twice removed (up)", "first cousin-in-law twice removed", grampsToKin},
		{"gramps first descendant", "first descendant", "child", grampsToKin},
		{"gramps third descendant", "third descendant", "great-grandchild", grampsToKin},
		{"gramps fifth descendant", "fifth descendant", "3rd great-grandchild", grampsToKin},
		{"gramps stepbrother", "stepbrother", "step-brother", grampsToKin},
		{"gramps step grand uncle", "second great stepgranduncle", "step-3rd great-uncle", grampsToKin},
		{"gramps step in-law", "stepsister-in-law", "step-sister-in-law", grampsToKin},
		{"gramps uncle/aunt", "uncle/aunt", "aunt or uncle", grampsToKin},
		{"gramps great grandnephew in-law", "great grandnephew-in-law", "2nd great-nephew-in-law", grampsToKin},
		{"gramps half-sibling", "half-sibling", "half-sibling", grampsToKin},
		{"gramps wife", "wife", "wife", grampsToKin},
		{"gedcom4j great-great", "Great-Great-Grandfather", "2nd great-grandfather", gedcom4jToKin},
		{"gedcom4j 3rd great-aunt/uncle", "3rd Great-Aunt/Uncle", "3rd great-aunt or uncle", gedcom4jToKin},
		{"gedcom4j cousin removed", "1st Cousin 1 time removed", "first cousin once removed", gedcom4jToKin},
		{"gedcom4j husband's cousin", "Husband's 1st Cousin 2 times removed", "first cousin-in-law twice removed", gedcom4jToKin},
		{"gedcom4j cousin's husband", "3rd Cousin 1 time removed's Husband", "third cousin-in-law once removed", gedcom4jToKin},
		{"gedcom4j son-in-law", "Son-in-Law", "son-in-law", gedcom4jToKin},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
