package relate

import (
	"context"
	"strings"
	"testing"
	"time"

	"kin"
	"kin/date"
)

// fixedNow is "today" in the tests.
func fixedNow() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

func fixtureGraphs(tb testing.TB) map[string]*TreeGraph {
	tb.Helper()
	return map[string]*TreeGraph{
		"smith":  NewTreeGraph(loadTree(tb, "smith.tree")),
		"double": NewTreeGraph(loadTree(tb, "double.tree")),
	}
}

// TestPhrase checks the one-line answer for pairs of the fixtures in
// testdata: every term relate names, at dates and as of today.
func TestPhrase(t *testing.T) {
	graphs := fixtureGraphs(t)
	tests := []struct {
		name    string
		tree    string
		a, b    string
		year    int // the date asked about; 0 is today (fixedNow)
		english English
		want    string
	}{
		{"george dan", "smith", "george", "dan", 0, English{}, "George Smith is Dan Smith's great-grandfather"},
		{"george liam", "smith", "george", "liam", 0, English{}, "George Smith is Liam Smith's 2nd great-grandfather"},
		{"liam george", "smith", "liam", "george", 0, English{}, "Liam Smith is George Smith's 2nd great-grandson"},
		{"flora alan", "smith", "flora", "alan", 0, English{}, "Flora Smith is Alan Smith's aunt"},
		{"flora dan", "smith", "flora", "dan", 0, English{}, "Flora Smith is Dan Smith's great-aunt"},
		{"flora liam", "smith", "flora", "liam", 0, English{}, "Flora Smith is Liam Smith's 2nd great-aunt"},
		{"alan flora", "smith", "alan", "flora", 0, English{}, "Alan Smith is Flora Smith's nephew"},
		{"dan flora", "smith", "dan", "flora", 0, English{}, "Dan Smith is Flora Smith's great-nephew"},
		{"beth dan", "smith", "beth", "dan", 0, English{}, "Beth Smith is Dan Smith's aunt"},
		{"dan beth", "smith", "dan", "beth", 0, English{}, "Dan Smith is Beth Smith's nephew"},
		{"liam beth", "smith", "liam", "beth", 0, English{}, "Liam Smith is Beth Smith's great-nephew"},
		{"alan beth", "smith", "alan", "beth", 0, English{}, "Alan Smith is Beth Smith's brother"},
		{"beth alan", "smith", "beth", "alan", 0, English{}, "Beth Smith is Alan Smith's sister"},
		{"dan dora", "smith", "dan", "dora", 0, English{}, "Dan Smith is Dora Smith's brother"},
		{"dora dan", "smith", "dora", "dan", 0, English{}, "Dora Smith is Dan Smith's sister"},
		{"alan carl", "smith", "alan", "carl", 0, English{}, "Alan Smith is Carl Green's first cousin"},
		{"alan cora", "smith", "alan", "cora", 0, English{}, "Alan Smith is Cora Green's first cousin"},
		{"carl dan", "smith", "carl", "dan", 0, English{}, "Carl Green is Dan Smith's first cousin once removed"},
		{"dan carl", "smith", "dan", "carl", 0, English{}, "Dan Smith is Carl Green's first cousin once removed"},
		{"dan gina", "smith", "dan", "gina", 0, English{}, "Dan Smith is Gina Green's second cousin"},
		{"gina dan", "smith", "gina", "dan", 0, English{}, "Gina Green is Dan Smith's second cousin"},
		{"dan kim", "smith", "dan", "kim", 0, English{}, "Dan Smith is Kim Stone's second cousin once removed"},
		{"kim dan", "smith", "kim", "dan", 0, English{}, "Kim Stone is Dan Smith's second cousin once removed"},
		{"quinn liam", "smith", "quinn", "liam", 0, English{}, "Quinn Smith is Liam Smith's sibling"},
		{"liam quinn", "smith", "liam", "quinn", 0, English{}, "Liam Smith is Quinn Smith's brother"},
		{"dan evan", "smith", "dan", "evan", 0, English{}, "Dan Smith is Evan Smith's half-brother"},
		{"evan dan", "smith", "evan", "dan", 0, English{}, "Evan Smith is Dan Smith's half-brother"},
		{"evan liam", "smith", "evan", "liam", 0, English{}, "Evan Smith is Liam Smith's half-uncle"},
		{"liam evan", "smith", "liam", "evan", 0, English{}, "Liam Smith is Evan Smith's half-nephew"},
		{"liam mia", "smith", "liam", "mia", 0, English{}, "Liam Smith is Mia Smith's half-first cousin"},
		{"mia liam", "smith", "mia", "liam", 0, English{}, "Mia Smith is Liam Smith's half-first cousin"},
		{"kim george", "smith", "kim", "george", 0, English{}, "Kim Stone is George Smith's 2nd great-granddaughter"},
		{"gina flora", "smith", "gina", "flora", 0, English{}, "Gina Green is Flora Smith's granddaughter"},
		{"anne alan", "smith", "anne", "alan", 0, English{}, "Anne White is Alan Smith's ex-wife (wife 1970–1990, then ex-wife)"},
		{"anne alan 1980", "smith", "anne", "alan", 1980, English{}, "Anne White is Alan Smith's wife (as of 1980)"},
		{"alan anne 1980", "smith", "alan", "anne", 1980, English{}, "Alan Smith is Anne White's husband (as of 1980)"},
		{"anne alan 1990", "smith", "anne", "alan", 1990, English{}, "Anne White is Alan Smith's wife (or ex-wife: divorce date uncertain) (as of 1990)"},
		{"zoe alan 1994", "smith", "zoe", "alan", 1994, English{}, "Zoe Black is Alan Smith's fiancée (or not yet: engagement date uncertain) (as of 1994)"},
		{"zoe alan 1993", "smith", "zoe", "alan", 1993, English{}, "Zoe Black is not yet Alan Smith's fiancée (from June 1994) (as of 1993)"},
		{"zoe alan", "smith", "zoe", "alan", 0, English{}, "Zoe Black is Alan Smith's wife (fiancée June 1994–20 May 1995, then wife)"},
		{"alan zoe 2000", "smith", "alan", "zoe", 2000, English{}, "Alan Smith is Zoe Black's husband (as of 2000)"},
		{"gladys george 1980", "smith", "gladys", "george", 1980, English{}, "Gladys Jones is George Smith's widow (as of 1980)"},
		{"gladys george 2000", "smith", "gladys", "george", 2000, English{}, "Gladys Jones is George Smith's late wife (as of 2000)"},
		{"george gladys 1950", "smith", "george", "gladys", 1950, English{}, "George Smith is Gladys Jones's husband (as of 1950)"},
		{"bob beth 2015", "smith", "bob", "beth", 2015, English{}, "Bob King is Beth Smith's widower (as of 2015)"},
		{"beth bob 2015", "smith", "beth", "bob", 2015, English{}, "Beth Smith is Bob King's late wife (as of 2015)"},
		{"beth bob 2000", "smith", "beth", "bob", 2000, English{}, "Beth Smith is Bob King's wife (as of 2000)"},
		{"jill ivan", "smith", "jill", "ivan", 0, English{}, "Jill Moss is Ivan Stone's ex-wife (wife 1992–1993, then ex-wife)"},
		{"jill ivan 1992", "smith", "jill", "ivan", 1992, English{}, "Jill Moss is Ivan Stone's wife (or not yet: marriage date uncertain) (as of 1992)"},
		{"cindy carl 2020", "smith", "cindy", "carl", 2020, English{}, "Cindy Hall is Carl Green's wife (separated) (as of 2020)"},
		{"carl cindy 2000", "smith", "carl", "cindy", 2000, English{}, "Carl Green is Cindy Hall's husband (as of 2000)"},
		{"liam xena", "smith", "liam", "xena", 0, English{}, "Liam Smith is Xena Park's fiancé (since 2024)"},
		{"xena liam", "smith", "xena", "liam", 0, English{}, "Xena Park is Liam Smith's fiancée (since 2024)"},
		{"yuri zoe", "smith", "yuri", "zoe", 0, English{}, "Yuri Gray is Zoe Black's partner"},
		{"pia alan", "smith", "pia", "alan", 0, English{}, "Pia Gray is Alan Smith's step-daughter (since 20 May 1995)"},
		{"pia alan 1990", "smith", "pia", "alan", 1990, English{}, "Pia Gray is not yet Alan Smith's step-daughter (from 20 May 1995) (as of 1990)"},
		{"alan pia 2000", "smith", "alan", "pia", 2000, English{}, "Alan Smith is Pia Gray's step-father (as of 2000)"},
		{"zoe dan", "smith", "zoe", "dan", 0, English{}, "Zoe Black is Dan Smith's step-mother (since 20 May 1995)"},
		{"zoe dan 1990", "smith", "zoe", "dan", 1990, English{}, "Zoe Black is not yet Dan Smith's step-mother (from 20 May 1995) (as of 1990)"},
		{"dan zoe", "smith", "dan", "zoe", 0, English{}, "Dan Smith is Zoe Black's step-son (since 20 May 1995)"},
		{"pia dan 2000", "smith", "pia", "dan", 2000, English{}, "Pia Gray is Dan Smith's step-sister (as of 2000)"},
		{"dan pia", "smith", "dan", "pia", 0, English{}, "Dan Smith is Pia Gray's step-brother (since 20 May 1995)"},
		{"pia evan", "smith", "pia", "evan", 0, English{}, "Pia Gray is Evan Smith's half-sister"},
		{"zoe liam", "smith", "zoe", "liam", 0, English{}, "Zoe Black is Liam Smith's step-grandmother (since 20 May 1995)"},
		{"liam zoe", "smith", "liam", "zoe", 0, English{}, "Liam Smith is Zoe Black's step-grandson (since 20 May 1995)"},
		{"mary anne 1980", "smith", "mary", "anne", 1980, English{}, "Mary Brown is Anne White's mother-in-law (as of 1980)"},
		{"mary anne 2000", "smith", "mary", "anne", 2000, English{}, "Mary Brown is Anne White's ex-mother-in-law (as of 2000)"},
		{"anne mary 1980", "smith", "anne", "mary", 1980, English{}, "Anne White is Mary Brown's daughter-in-law (as of 1980)"},
		{"beth anne 1980", "smith", "beth", "anne", 1980, English{}, "Beth Smith is Anne White's sister-in-law (as of 1980)"},
		{"anne beth 1980", "smith", "anne", "beth", 1980, English{}, "Anne White is Beth Smith's sister-in-law (as of 1980)"},
		{"beth anne", "smith", "beth", "anne", 0, English{}, "Beth Smith is Anne White's ex-sister-in-law (sister-in-law 1970–1990, then ex-sister-in-law)"},
		{"bob alan", "smith", "bob", "alan", 0, English{}, "Bob King is Alan Smith's brother-in-law (since 1968)"},
		{"alan bob", "smith", "alan", "bob", 0, English{}, "Alan Smith is Bob King's brother-in-law (since 1968)"},
		{"eve alan", "smith", "eve", "alan", 0, English{}, "Eve Long is Alan Smith's daughter-in-law (since 2000)"},
		{"alan eve", "smith", "alan", "eve", 0, English{}, "Alan Smith is Eve Long's father-in-law (since 2000)"},
		{"eve mary", "smith", "eve", "mary", 0, English{}, "Eve Long is Mary Brown's granddaughter-in-law (since 2000)"},
		{"mary eve", "smith", "mary", "eve", 0, English{}, "Mary Brown is Eve Long's grandmother-in-law (since 2000)"},
		{"cindy alan", "smith", "cindy", "alan", 0, English{}, "Cindy Hall is Alan Smith's first cousin-in-law (since 1970)"},
		{"hugh alan", "smith", "hugh", "alan", 0, English{}, "Hugh Green is Alan Smith's uncle-in-law (since 1944)"},
		{"bob anne", "smith", "bob", "anne", 0, English{}, "Bob King is Anne White's ex-brother-in-law (brother-in-law 1970–1990, then ex-brother-in-law)"},
		{"bob anne 1980", "smith", "bob", "anne", 1980, English{}, "Bob King is Anne White's brother-in-law (as of 1980)"},
		{"bob anne 1969", "smith", "bob", "anne", 1969, English{}, "Bob King is not yet Anne White's brother-in-law (from 1970) (as of 1969)"},
		{"bob zoe", "smith", "bob", "zoe", 0, English{}, "Bob King is Zoe Black's brother-in-law (since 20 May 1995)"},
		{"ted beth", "smith", "ted", "beth", 0, English{}, "Ted King is Beth Smith's adopted son"},
		{"beth ted", "smith", "beth", "ted", 0, English{}, "Beth Smith is Ted King's adoptive mother"},
		{"ted una", "smith", "ted", "una", 0, English{}, "Ted King is Una King's adoptive brother"},
		{"una ted", "smith", "una", "ted", 0, English{}, "Una King is Ted King's adoptive sister"},
		{"ted dan", "smith", "ted", "dan", 0, English{}, "Ted King is Dan Smith's adoptive first cousin"},
		{"wes beth", "smith", "wes", "beth", 0, English{}, "Wes King is Beth Smith's step-son"},
		{"beth wes", "smith", "beth", "wes", 0, English{}, "Beth Smith is Wes King's step-mother"},
		{"fay cora", "smith", "fay", "cora", 0, English{}, "Fay Fox is Cora Green's foster daughter"},
		{"cora fay", "smith", "cora", "fay", 0, English{}, "Cora Green is Fay Fox's foster mother"},
		{"dan olga", "smith", "dan", "olga", 0, English{}, "Dan Smith is Olga Ivanova's co-parent"},
		{"olga dan", "smith", "olga", "dan", 0, English{}, "Olga Ivanova is Dan Smith's co-parent"},
		{"dan olga 2000", "smith", "dan", "olga", 2000, English{}, "Dan Smith is not yet Olga Ivanova's co-parent (as of 2000)"},
		{"gina liam", "smith", "gina", "liam", 0, English{}, "Gina Green is Liam Smith's second cousin once removed and godmother"},
		{"liam gina", "smith", "liam", "gina", 0, English{}, "Liam Smith is Gina Green's second cousin once removed and godson"},
		{"evan kim", "smith", "evan", "kim", 0, English{}, "Evan Smith is Kim Stone's second cousin once removed and co-star"},
		{"kim evan", "smith", "kim", "evan", 0, English{}, "Kim Stone is Evan Smith's second cousin once removed and co-star"},
		{"dan ivan", "smith", "dan", "ivan", 0, English{}, "Dan Smith is Ivan Stone's second cousin-in-law (since 1995) and business partner"},
		{"yuri george", "smith", "yuri", "george", 0, English{}, "Yuri Gray and George Smith are not related (no common ancestor, and no link through partnerships at either end)"},
		{"dan dan", "smith", "dan", "dan", 0, English{}, "Dan Smith is Dan Smith"},
		{"alan dan 1960", "smith", "alan", "dan", 1960, English{}, "Dan Smith is not yet born as of 1960 (later: Alan Smith is Dan Smith's father)"},
		{"dan alan 1972", "smith", "dan", "alan", 1972, English{}, "Dan Smith is Alan Smith's son (or not yet born: birth of Dan Smith date uncertain) (as of 1972)"},
		{"liam dan 1990", "smith", "liam", "dan", 1990, English{}, "Liam Smith is not yet born as of 1990 (later: Liam Smith is Dan Smith's son)"},
		{"uma vic", "double", "uma", "vic", 0, English{}, "Uma Reed is Vic Reed's wife (since 2005) and double first cousin"},
		{"vic uma", "double", "vic", "uma", 0, English{}, "Vic Reed is Uma Reed's husband (since 2005) and double first cousin"},
		{"vic uma 2000", "double", "vic", "uma", 2000, English{}, "Vic Reed is Uma Reed's double first cousin (as of 2000)"},
		{"sam sid", "double", "sam", "sid", 0, English{}, "Sam Reed is Sid Reed's brother"},
		{"uma ruth", "double", "uma", "ruth", 0, English{}, "Uma Reed is Ruth Cole's granddaughter"},
		{"sam tina", "double", "sam", "tina", 0, English{}, "Sam Reed is Tina Lane's brother-in-law (since 1978)"},
		{"neutral grandparent", "smith", "george", "dan", 0, English{Neutral: true}, "George Smith is Dan Smith's great-grandparent"},
		{"neutral sibling", "smith", "alan", "beth", 0, English{Neutral: true}, "Alan Smith is Beth Smith's sibling"},
		{"neutral spouse", "smith", "anne", "alan", 1980, English{Neutral: true}, "Anne White is Alan Smith's spouse (as of 1980)"},
		{"neutral niece", "smith", "dan", "beth", 0, English{Neutral: true}, "Dan Smith is Beth Smith's niece or nephew"},
		{"repeated greats ancestor", "smith", "george", "liam", 0, English{Greats: Repeated}, "George Smith is Liam Smith's great-great-grandfather"},
		{"repeated greats aunt", "smith", "flora", "liam", 0, English{Greats: Repeated}, "Flora Smith is Liam Smith's great-great-aunt"},
		{"repeated greats descendant", "smith", "kim", "george", 0, English{Greats: Repeated}, "Kim Stone is George Smith's great-great-granddaughter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := graphs[tt.tree]
			var at date.Date
			if tt.year != 0 {
				at = date.Year(tt.year)
			}
			r, err := Find(context.Background(), g, kin.ID(tt.a), kin.ID(tt.b), Options{At: at, Now: fixedNow})
			if err != nil {
				t.Fatalf("Find(%s, %s): %v", tt.a, tt.b, err)
			}
			if got := tt.english.Phrase(r); got != tt.want {
				t.Errorf("Find(%s, %s, at %d).Phrase() = %q, want %q", tt.a, tt.b, tt.year, got, tt.want)
			}
		})
	}
}

// TestPhraseAtDay checks answers at days and months, where a year would
// be uncertain.
func TestPhraseAtDay(t *testing.T) {
	g := fixtureGraphs(t)["smith"]
	tests := []struct {
		name string
		a, b string
		at   date.Date
		want string
	}{
		{"fiancee before the wedding", "zoe", "alan", date.YMD(1995, 1, 0), "Zoe Black is Alan Smith's fiancée (as of January 1995)"},
		{"wife on the wedding day", "zoe", "alan", date.YMD(1995, 5, 20), "Zoe Black is Alan Smith's wife (as of 20 May 1995)"},
		{"fiancee the day before", "zoe", "alan", date.YMD(1995, 5, 19), "Zoe Black is Alan Smith's fiancée (as of 19 May 1995)"},
		{"not yet engaged", "zoe", "alan", date.YMD(1994, 5, 0), "Zoe Black is not yet Alan Smith's fiancée (from June 1994) (as of May 1994)"},
		{"step-mother on the wedding day", "zoe", "dan", date.YMD(1995, 5, 20), "Zoe Black is Dan Smith's step-mother (as of 20 May 1995)"},
		{"not yet step-mother", "zoe", "dan", date.YMD(1995, 5, 19), "Zoe Black is not yet Dan Smith's step-mother (from 20 May 1995) (as of 19 May 1995)"},
		{"range straddles divorce", "anne", "alan", date.BetweenYears(1985, 1995), "Anne White is Alan Smith's wife (or ex-wife: divorce date uncertain) (as of between 1985 and 1995)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Find(context.Background(), g, kin.ID(tt.a), kin.ID(tt.b), Options{At: tt.at, Now: fixedNow})
			if err != nil {
				t.Fatalf("Find(%s, %s): %v", tt.a, tt.b, err)
			}
			if got := r.Phrase(); got != tt.want {
				t.Errorf("Find(%s, %s, at %s).Phrase() = %q, want %q", tt.a, tt.b, formatDate(tt.at), got, tt.want)
			}
		})
	}
}

func TestFindErrors(t *testing.T) {
	g := fixtureGraphs(t)["smith"]
	ctx := context.Background()
	if _, err := Find(ctx, g, "dan", "nobody", Options{Now: fixedNow}); kin.ErrorCode(err) != kin.ENOTFOUND {
		t.Errorf("Find(dan, nobody) error = %v, want code %s", err, kin.ENOTFOUND)
	}
	bad := date.Date{Modifier: date.PhraseOnly, Phrase: "in the old days"}
	if _, err := Find(ctx, g, "dan", "alan", Options{At: bad, Now: fixedNow}); kin.ErrorCode(err) != kin.EINVALID {
		t.Errorf("Find at a phrase-only date: error = %v, want code %s", err, kin.EINVALID)
	}
}

// TestLazyGraphAgrees runs the phrase table's pairs through a Graph with no
// Index (the lazy view the stores get) and expects the same answers.
func TestLazyGraphAgrees(t *testing.T) {
	tg := fixtureGraphs(t)["smith"]
	plain := plainGraph{tg}
	ctx := context.Background()
	ids := []kin.ID{"george", "dan", "liam", "pia", "alan", "zoe", "eve", "mary", "ted", "olga", "gina", "kim", "evan", "mia", "bob", "anne"}
	for _, a := range ids {
		for _, b := range ids {
			r1, err1 := Find(ctx, tg, a, b, Options{Now: fixedNow})
			r2, err2 := Find(ctx, plain, a, b, Options{Now: fixedNow})
			if err1 != nil || err2 != nil {
				t.Fatalf("Find(%s, %s): %v, %v", a, b, err1, err2)
			}
			if p1, p2 := r1.Phrase(), r2.Phrase(); p1 != p2 {
				t.Errorf("Find(%s, %s): lazy graph says %q, index says %q", a, b, p2, p1)
			}
		}
	}
}

// plainGraph hides TreeGraph's Index.
type plainGraph struct{ g *TreeGraph }

func (p plainGraph) Person(ctx context.Context, id kin.ID) (*kin.Person, error) {
	return p.g.Person(ctx, id)
}
func (p plainGraph) ChildFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	return p.g.ChildFamilies(ctx, id)
}
func (p plainGraph) PartnerFamilies(ctx context.Context, id kin.ID) ([]*kin.Family, error) {
	return p.g.PartnerFamilies(ctx, id)
}
func (p plainGraph) Associations(ctx context.Context, id kin.ID) ([]*kin.Association, error) {
	return p.g.Associations(ctx, id)
}

func TestExplain(t *testing.T) {
	g := fixtureGraphs(t)["smith"]
	r, err := Find(context.Background(), g, "dan", "evan", Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	got := r.Explain()
	for _, want := range []string{
		"Dan Smith is Evan Smith's half-brother: both are children of Alan Smith; Dan Smith's mother is Anne White, Evan Smith's is Zoe Black.",
		"Dan Smith's father is Alan Smith (family f3):\n    [1] child dan of f3\n    [2] BIRT of dan\n",
		"Sources:\n  [1] S3\n  [2] S1\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain() = %q, want it to contain %q", got, want)
		}
	}
}
