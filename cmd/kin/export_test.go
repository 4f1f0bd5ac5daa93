package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kin"
	"kin/date"
	"kin/gedcom"
	"kin/gedcom/validate"
	"kin/sqlite"
	"kin/sqlstore"
)

// articleFragment is what an article says about person id of an imported
// tree: a marriage to a new person, a daughter, and an occupation, each
// citing the article.
func articleFragment(t *testing.T, id kin.ID) *kin.Tree {
	t.Helper()
	d := func(s string) date.Date {
		v, err := date.Parse(s)
		if err != nil {
			t.Fatalf("date.Parse(%q): %v", s, err)
		}
		return v
	}
	const text = "Alec Baldwin, an actor, married Kim Basinger in 1993. Their daughter Ireland was born in 1995."
	cite := func(quote string) []kin.Citation {
		return []kin.Citation{{Source: "art-test", Quote: quote, Confidence: 3, ConfidenceKnown: true}}
	}
	tree := &kin.Tree{
		Sources: []*kin.Source{{ID: "art-test", Type: kin.SourceNewsArticle, Title: "Baldwin and Basinger", Text: text, URL: "https://example.com/baldwin", Date: d("2 MAR 2001")}},
		People: []*kin.Person{
			{ID: id, Events: []kin.Event{{Type: kin.EventOccupation, Value: "Actor", Citations: cite("Alec Baldwin, an actor")}}},
			{ID: "p-kim", Names: []kin.Name{{Given: "Kim", Surname: "Basinger", Citations: cite("Kim Basinger")}}, Sex: kin.SexFemale},
			{ID: "p-ireland", Names: []kin.Name{{Given: "Ireland", Surname: "Baldwin", Citations: cite("Their daughter Ireland")}}, Sex: kin.SexFemale,
				Events: []kin.Event{{Type: kin.EventBirth, Date: d("1995"), Citations: cite("was born in 1995")}}},
		},
		Families: []*kin.Family{{
			ID:       "f-article",
			Partners: []kin.ID{id, "p-kim"},
			Children: []kin.ChildLink{{Child: "p-ireland", Lineage: kin.LineageBirth}},
			Events:   []kin.Event{{Type: kin.EventMarriage, Date: d("1993"), Citations: cite("married Kim Basinger in 1993")}},
		}},
	}
	tree.Families[0].Children[0].SetCitations(cite("Their daughter Ireland"))
	return tree
}

// exportDoc exports the tree in db as version to and decodes it, failing
// the test on any validation error.
func exportDoc(t *testing.T, db, to string) *gedcom.Document {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out.ged")
	mustRun(t, "export", "--db", db, "--to", to, "-o", out)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := gedcom.NewDecoder(f).Decode()
	if err != nil {
		text, _ := os.ReadFile(out)
		t.Fatalf("decode export --to %s: %v\n%s", to, err, text)
	}
	if b, _ := os.ReadFile(out); os.Getenv("S2DEBUG") != "" {
		t.Logf("%s", b)
	}
	for _, d := range validate.Document(doc, validate.Options{}) {
		if d.Severity == validate.Error {
			text, _ := os.ReadFile(out)
			t.Errorf("export --to %s: %v\n%s", to, d, text)
		}
	}
	return doc
}

// records indexes a document's records by xref.
func records(doc *gedcom.Document) map[string]*gedcom.Node {
	m := map[string]*gedcom.Node{}
	for _, r := range doc.Records {
		if r.Xref != "" {
			m[r.Xref] = r
		}
	}
	return m
}

func TestExportKeepsArticleFacts(t *testing.T) {
	for _, tt := range []struct {
		name, file string
		person     string
		keep       string // an extension tag of the person that must survive
	}{
		{"7.0", "testdata/store/family.ged", "I1", "_FAVORITE_COLOR"},
		{"5.5.1", "testdata/store/family551.ged", "I1", "_FAVORITE_COLOR"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := filepath.Join(t.TempDir(), "kin.db")
			mustRun(t, "import", "--db", db, tt.file)
			s, err := sqlite.Open(db)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Tree(sqlstore.DefaultTree).AddTree(ctx, articleFragment(t, kin.ID(tt.person)), sqlstore.AddOptions{}); err != nil {
				t.Fatal(err)
			}
			s.Close()
			for _, to := range []string{"7.0", "5.5.1"} {
				t.Run("to "+to, func(t *testing.T) {
					recs := records(exportDoc(t, db, to))
					p := recs[tt.person]
					if p == nil {
						t.Fatalf("no record @%s@", tt.person)
					}
					if p.First(tt.keep) == nil {
						t.Errorf("@%s@ lost %s", tt.person, tt.keep)
					}
					occu := p.First("OCCU")
					if occu == nil || occu.Value != "Actor" {
						t.Fatalf("@%s@ OCCU = %+v, want Actor", tt.person, occu)
					}
					art := recs[occu.First("SOUR").Pointer]
					if art == nil || art.Tag != "SOUR" || !strings.Contains(art.ValueOf("TEXT"), "married Kim Basinger") {
						t.Fatalf("OCCU cites %+v, want the article's SOUR with its TEXT", art)
					}
					var fam *gedcom.Node
					for _, fams := range p.All("FAMS") {
						if f := recs[fams.Pointer]; f != nil && f.First("MARR") != nil && f.First("MARR").ValueOf("DATE") == "1993" {
							fam = f
						}
					}
					if fam == nil {
						t.Fatalf("@%s@ has no FAMS to a family married in 1993: %v", tt.person, p.All("FAMS"))
					}
					if got := fam.First("MARR").First("SOUR"); got == nil || got.Pointer != art.Xref {
						t.Errorf("MARR cites %+v, want @%s@", got, art.Xref)
					}
					if !hasPointer(fam, "HUSB", tt.person) && !hasPointer(fam, "WIFE", tt.person) {
						t.Errorf("family @%s@ does not name @%s@ as a partner", fam.Xref, tt.person)
					}
					chil := fam.First("CHIL")
					if chil == nil {
						t.Fatalf("family @%s@ has no CHIL", fam.Xref)
					}
					child := recs[chil.Pointer]
					if child == nil || !strings.Contains(child.ValueOf("NAME"), "Ireland") {
						t.Fatalf("CHIL points to %+v, want Ireland", child)
					}
					if !hasPointer(child, "FAMC", fam.Xref) {
						t.Errorf("Ireland has no FAMC @%s@", fam.Xref)
					}
					if b := child.First("BIRT"); b == nil || b.First("SOUR") == nil || b.First("SOUR").Pointer != art.Xref {
						t.Errorf("Ireland's BIRT = %+v, want one citing @%s@", b, art.Xref)
					}
				})
			}
		})
	}
}

func TestExportEditReplacesStructure(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "kin.db")
	mustRun(t, "import", "--db", db, "testdata/store/family.ged")
	s, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	tr := s.Tree(sqlstore.DefaultTree)
	p, err := tr.Person(ctx, "I1")
	if err != nil {
		t.Fatal(err)
	}
	var kept []kin.Event
	for _, e := range p.Events {
		switch e.Type {
		case kin.EventBirth:
			e.Date, _ = date.Parse("2 JUN 1928")
		case kin.EventDeath:
			continue // the edit removes the death
		}
		kept = append(kept, e)
	}
	p.Events = kept
	if err := tr.UpdatePerson(ctx, p); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, to := range []string{"7.0", "5.5.1"} {
		t.Run(to, func(t *testing.T) {
			recs := records(exportDoc(t, db, to))
			i1 := recs["I1"]
			if got := i1.All("BIRT"); len(got) != 1 || got[0].ValueOf("DATE") != "2 JUN 1928" {
				t.Errorf("BIRT = %v, want one dated 2 JUN 1928", got)
			}
			if got := i1.All("DEAT"); len(got) != 0 {
				t.Errorf("DEAT = %v, want none", got)
			}
			if i1.First("_FAVORITE_COLOR") == nil {
				t.Errorf("the edit lost _FAVORITE_COLOR")
			}
		})
	}
}
