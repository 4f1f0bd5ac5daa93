package gedcom

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"kin"
	"kin/date"
)

// newsTree is what kin builds from a news article: people, a marriage with
// its dates, a child with a lineage, an association, and every fact cited
// to the article with quote, span and confidence.
func newsTree() *kin.Tree {
	cite := func(page, quote string, start, end int, c kin.Confidence) []kin.Citation {
		cs := []kin.Citation{{Source: "S1", Page: page, Quote: quote, Span: &kin.Span{Start: start, End: end},
			Confidence: c, ConfidenceKnown: true}}
		cs[0].SetDate(date.YMD(2002, 3, 12))
		return cs
	}
	alec := &kin.Person{ID: "I1", Xref: "I1",
		Names: []kin.Name{
			{Given: "Alec", Surname: "Baldwin", Citations: cite("para. 1", "Alec Baldwin", 0, 12, kin.ConfidenceVeryHigh)},
			typed(fullName(kin.Name{Given: "Alexander Rae", Surname: "Baldwin"}, "Mr.", "Alec", "de", "III"), kin.NameType("Legal name")),
		},
		Sex: kin.SexMale,
		Events: []kin.Event{
			{Type: kin.EventBirth, Date: date.YMD(1958, 4, 3), Place: at("Amityville, New York, USA", 40.68, -73.42),
				Citations: cite("para. 2", "born April 3, 1958", 50, 68, kin.ConfidenceHigh)},
			{Type: kin.EventOccupation, Detail: "Actor", Value: "Actor"},
			{Type: kin.EventResidence, Detail: "Family home", Value: "Long Island", Date: date.BetweenYears(1980, 1990)},
			eventWith(kin.Event{Type: kin.EventOther, Detail: "Film premiere", Date: date.YMD(1994, 2, 14)}, "",
				[]kin.Participant{{Person: "I2", Role: kin.RoleOther, Phrase: "co-star"}, {Person: "I3", Role: kin.RoleWitness}},
				[]kin.Note{{Text: "The Getaway premiere."}}),
			eventWith(kin.Event{Type: kin.EventDeath, Value: "Y", Date: date.Date{Modifier: date.PhraseOnly, Phrase: "after the article"}}, "unknown", nil, nil),
		},
		Citations:   cite("", "", 0, 5, kin.ConfidenceLow),
		ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "5b1e3b3c"}, {Kind: "EXID", Value: "nm0000285", Type: "https://www.imdb.com/name/"}, {Kind: "AFN", Value: "L1"}, {Kind: "REFN", Value: "7", Type: "user"}},
	}
	alec.SetSexCitations(cite("para. 1", "he", 40, 42, kin.ConfidenceNormal))
	alec.SetNotes([]kin.Note{{ID: "N1", Xref: "N1", Text: "An American actor."}, {Text: "Inline note."}})
	alec.SetMedia([]kin.MediaRef{{Media: "O1", Title: "Headshot"}})
	kim := &kin.Person{ID: "I2", Xref: "I2", Names: []kin.Name{{Given: "Kim", Surname: "Basinger"}}, Sex: kin.SexFemale}
	kim.SetPrivate(true)
	ireland := &kin.Person{ID: "I3", Xref: "I3", Names: []kin.Name{{Given: "Ireland", Surname: "Baldwin"}}, Sex: kin.SexFemale,
		Events: []kin.Event{{Type: kin.EventBirth, Date: date.YMD(1995, 10, 23)}}}
	step := &kin.Person{ID: "I4", Xref: "I4", Names: []kin.Name{{Given: "Sam"}}, Sex: kin.SexUnknown}
	single := &kin.Person{ID: "I5", Xref: "I5", Names: []kin.Name{{Surname: "Nobody"}}, Sex: kin.SexFemale}
	return &kin.Tree{
		People: []*kin.Person{alec, kim, ireland, step, single},
		Families: []*kin.Family{
			{ID: "F1", Xref: "F1", Partners: []kin.ID{"I1", "I2"},
				Children: []kin.ChildLink{
					childCited(kin.ChildLink{Child: "I3", Lineage: kin.LineageBirth}, cite("para. 4", "their daughter Ireland", 100, 122, kin.ConfidenceHigh)),
					{Child: "I4", Lineage: kin.LineageStep},
				},
				Events: []kin.Event{
					{Type: kin.EventMarriage, Date: date.YMD(1993, 8, 19), Place: kin.Place{Name: "East Hampton"},
						Citations: cite("para. 3", "married on August 19, 1993", 70, 96, kin.ConfidenceHigh)},
					{Type: kin.EventDivorce, Date: date.Year(2002)},
				},
				ExternalIDs: []kin.ExternalID{{Kind: "UID", Value: "fam-1"}}},
			{ID: "F2", Xref: "F2", Partners: []kin.ID{"I5"}, Children: []kin.ChildLink{{Child: "I4", Lineage: kin.LineageAdopted}}},
		},
		Sources: []*kin.Source{{ID: "S1", Xref: "S1", Type: kin.SourceNewsArticle, Title: "Baldwin and Basinger: a Hollywood marriage",
			Author: "A. Reporter", Publication: "The Daily Example", Date: date.YMD(2002, 3, 12), URL: "https://news.example.com/a",
			Text:         "Alec Baldwin and Kim Basinger married on August 19, 1993.\nTheir daughter Ireland was born in 1995.",
			Repositories: []kin.RepositoryRef{{Repository: "R1", CallNumber: "2002-03-12"}}}},
		Repositories: []*kin.Repository{{ID: "R1", Xref: "R1", Name: "The Daily Example archive", Address: "1 Main St\nExampletown", URL: "https://news.example.com"}},
		Notes:        []*kin.Note{{ID: "N1", Xref: "N1", Text: "An American actor."}},
		Media:        []*kin.Media{{ID: "O1", Xref: "O1", Files: []kin.MediaFile{{Path: "https://example.com/alec.jpg", Format: "image/jpeg", Title: "Alec"}}}},
		Associations: []*kin.Association{
			{ID: "I1.ASSO1", Person: "I1", Other: "I2", Relation: "co-star", Detail: "The Getaway", Date: date.Year(1994),
				Citations: cite("para. 5", "co-starred in The Getaway", 130, 155, kin.ConfidenceNormal), Notes: []kin.Note{{Text: "Met on set."}}},
			{ID: "I1.ASSO2", Person: "I1", Other: "I3", Relation: "GODP"},
			{ID: "I2.ASSO1", Person: "I2", Other: "I1", Relation: "FRIEND"},
		},
	}
}

// for551 applies to a tree what FromTree documents 5.5.1 cannot hold.
func for551(t *kin.Tree) *kin.Tree {
	for _, p := range t.People {
		if p.Sex == kin.SexIntersex {
			p.Sex = kin.SexUnknown
		}
		for i := range p.Events {
			p.Events[i].SetParticipants(nil)
		}
	}
	return t
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name    string
		version string
		want    func() *kin.Tree
	}{
		{"7.0", "7.0", newsTree},
		{"5.5.1", "5.5.1", func() *kin.Tree { return for551(newsTree()) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := FromTree(newsTree(), tt.version)
			if doc.Version != tt.version {
				t.Errorf("FromTree(…, %q).Version = %q", tt.version, doc.Version)
			}
			got, err := ToTree(doc)
			if err != nil {
				t.Fatalf("ToTree: %v", err)
			}
			want := tt.want()
			compareTrees(t, got, want)
		})
	}
}

// TestRoundTripText takes the round trip through the encoder and decoder.
func TestRoundTripText(t *testing.T) {
	for _, version := range []string{"7.0", "5.5.1"} {
		t.Run(version, func(t *testing.T) {
			var buf bytes.Buffer
			enc := NewEncoder(&buf)
			enc.Version = version
			if err := enc.EncodeDocument(FromTree(newsTree(), version)); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			doc, err := NewDecoder(strings.NewReader(buf.String())).Decode()
			if err != nil {
				t.Fatalf("Decode: %v\n%s", err, buf.String())
			}
			got, err := ToTree(doc)
			if err != nil {
				t.Fatalf("ToTree: %v", err)
			}
			want := newsTree()
			if version != "7.0" {
				want = for551(want)
			}
			compareTrees(t, got, want)
		})
	}
}

func compareTrees(t *testing.T, got, want *kin.Tree) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for i := range max(len(got.People), len(want.People)) {
		if i >= len(got.People) || i >= len(want.People) {
			t.Errorf("got %d people, want %d", len(got.People), len(want.People))
			break
		}
		if !reflect.DeepEqual(got.People[i], want.People[i]) {
			t.Errorf("person %d:\ngot  %+v\nwant %+v", i, *got.People[i], *want.People[i])
		}
	}
	parts := []struct {
		name      string
		got, want any
	}{
		{"families", got.Families, want.Families},
		{"sources", got.Sources, want.Sources},
		{"repositories", got.Repositories, want.Repositories},
		{"notes", got.Notes, want.Notes},
		{"media", got.Media, want.Media},
		{"associations", got.Associations, want.Associations},
	}
	for _, p := range parts {
		if !reflect.DeepEqual(p.got, p.want) {
			t.Errorf("%s:\ngot  %s\nwant %s", p.name, dump(p.got), dump(p.want))
		}
	}
}

func dump(v any) string {
	var b strings.Builder
	switch v := v.(type) {
	case []*kin.Family:
		for _, x := range v {
			b.WriteString(strings.TrimSpace(sprint(*x)) + "\n")
		}
	case []*kin.Source:
		for _, x := range v {
			b.WriteString(sprint(*x) + "\n")
		}
	case []*kin.Association:
		for _, x := range v {
			b.WriteString(sprint(*x) + "\n")
		}
	default:
		b.WriteString(sprint(v))
	}
	return b.String()
}

func TestFromTreeXrefs(t *testing.T) {
	tr := &kin.Tree{
		People: []*kin.Person{
			{ID: "person-1"},                // not a valid xref: generated
			{ID: "I1"},                      // valid: kept
			{ID: "x", Xref: "P7"},           // Xref kept
			{ID: "a-very-long-id-indeed-0"}, // generated
		},
		Families: []*kin.Family{{ID: "F1", Partners: []kin.ID{"person-1", "missing"}, Children: []kin.ChildLink{{Child: "I1"}}}},
	}
	doc := FromTree(tr, "7.0")
	var got []string
	for _, r := range doc.Records {
		if r.Xref != "" {
			got = append(got, r.Xref)
		}
	}
	want := []string{"I2", "I1", "P7", "I3", "F1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("xrefs: got %v, want %v", got, want)
	}
	fam := doc.Records[5]
	if len(fam.Nodes) != 2 || fam.Nodes[0].Tag != "HUSB" || fam.Nodes[0].Pointer != "I2" || fam.Nodes[1].Pointer != "I1" {
		t.Errorf("family: got %s, want HUSB @I2@ and CHIL @I1@ only (no dangling WIFE)", sprint(fam.Nodes))
	}
}

func sprint(v any) string { return fmt.Sprintf("%+v", v) }
