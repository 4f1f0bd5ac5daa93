package relate

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kin"
	"kin/date"
)

// loadTree reads a fixture in the small line format of testdata/*.tree
// (see testdata/smith.tree) into a kin.Tree.
func loadTree(tb testing.TB, name string) *kin.Tree {
	tb.Helper()
	path := filepath.Join("testdata", name)
	t, err := parseTree(path)
	if err != nil {
		tb.Fatalf("load %s: %v", path, err)
	}
	return t
}

func parseTree(path string) (*kin.Tree, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t := &kin.Tree{Name: filepath.Base(path)}
	fams := map[kin.ID]*kin.Family{}
	people := map[kin.ID]*kin.Person{}
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		fs := strings.Fields(sc.Text())
		if len(fs) == 0 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		bad := func(msg string) error { return fmt.Errorf("%s:%d: %s", path, line, msg) }
		switch fs[0] {
		case "person":
			if len(fs) < 5 {
				return nil, bad("person needs ID SEX Given Surname")
			}
			p := &kin.Person{ID: kin.ID(fs[1]), Xref: kin.Xref(fs[1]), Sex: kin.Sex(fs[2]),
				Names: []kin.Name{{Given: fs[3], Surname: fs[4]}}}
			for _, kv := range fs[5:] {
				k, v, _ := strings.Cut(kv, "=")
				d, err := fixtureDate(v)
				if err != nil {
					return nil, bad(err.Error())
				}
				typ := map[string]kin.EventType{"b": kin.EventBirth, "d": kin.EventDeath}[k]
				if typ == "" {
					return nil, bad("unknown person field " + k)
				}
				p.Events = append(p.Events, kin.Event{Type: typ, Date: d,
					Citations: []kin.Citation{{Source: "S1", Page: string(typ) + " of " + fs[1]}}})
			}
			people[p.ID] = p
			t.People = append(t.People, p)
		case "family":
			if len(fs) < 4 {
				return nil, bad("family needs ID PARTNER PARTNER|-")
			}
			fam := &kin.Family{ID: kin.ID(fs[1]), Xref: kin.Xref(fs[1])}
			for _, p := range fs[2:4] {
				if p != "-" {
					if people[kin.ID(p)] == nil {
						return nil, bad("unknown person " + p)
					}
					fam.Partners = append(fam.Partners, kin.ID(p))
				}
			}
			for _, kv := range fs[4:] {
				k, v, _ := strings.Cut(kv, "=")
				d, err := fixtureDate(v)
				if err != nil {
					return nil, bad(err.Error())
				}
				typ := map[string]kin.EventType{"marr": kin.EventMarriage, "enga": kin.EventEngagement,
					"div": kin.EventDivorce, "anul": kin.EventAnnulment, "sepr": kin.EventSeparation}[k]
				if typ == "" {
					return nil, bad("unknown family field " + k)
				}
				fam.Events = append(fam.Events, kin.Event{Type: typ, Date: d,
					Citations: []kin.Citation{{Source: "S2", Page: string(typ) + " of " + fs[1], Quote: kv}}})
			}
			fams[fam.ID] = fam
			t.Families = append(t.Families, fam)
		case "child":
			if len(fs) < 3 {
				return nil, bad("child needs FAMILY CHILD")
			}
			fam := fams[kin.ID(fs[1])]
			if fam == nil || people[kin.ID(fs[2])] == nil {
				return nil, bad("unknown family or child")
			}
			lin := kin.LineageBirth
			if len(fs) > 3 {
				lin = map[string]kin.Lineage{"adopted": kin.LineageAdopted, "foster": kin.LineageFoster, "step": kin.LineageStep}[fs[3]]
				if lin == "" {
					return nil, bad("unknown lineage " + fs[3])
				}
			}
			link := kin.ChildLink{Child: kin.ID(fs[2]), Lineage: lin}
			link.SetCitations([]kin.Citation{{Source: "S3", Page: "child " + fs[2] + " of " + fs[1]}})
			fam.Children = append(fam.Children, link)
		case "asso":
			if len(fs) < 4 {
				return nil, bad("asso needs PERSON OTHER RELATION")
			}
			rel, detail := fs[3], ""
			rest := fs[4:]
			if rel == "business" && len(rest) > 0 && rest[0] == "partner" {
				rel, rest = "business partner", rest[1:]
			}
			detail = strings.Join(rest, " ")
			t.Associations = append(t.Associations, &kin.Association{ID: kin.ID(fmt.Sprintf("A%d", len(t.Associations)+1)),
				Person: kin.ID(fs[1]), Other: kin.ID(fs[2]), Relation: rel, Detail: detail})
		default:
			return nil, bad("unknown record " + fs[0])
		}
	}
	return t, sc.Err()
}

// fixtureDate parses YYYY, YYYY-MM, YYYY-MM-DD, ? (undated) and
// BET:YYYY:YYYY.
func fixtureDate(s string) (date.Date, error) {
	if s == "?" {
		return date.Date{}, nil
	}
	if strings.HasPrefix(s, "BET:") {
		p := strings.Split(s, ":")
		if len(p) != 3 {
			return date.Date{}, fmt.Errorf("bad date %q", s)
		}
		a, err1 := strconv.Atoi(p[1])
		b, err2 := strconv.Atoi(p[2])
		if err1 != nil || err2 != nil {
			return date.Date{}, fmt.Errorf("bad date %q", s)
		}
		return date.BetweenYears(a, b), nil
	}
	var ymd [3]int
	for i, part := range strings.SplitN(s, "-", 3) {
		n, err := strconv.Atoi(part)
		if err != nil {
			return date.Date{}, fmt.Errorf("bad date %q", s)
		}
		ymd[i] = n
	}
	return date.YMD(ymd[0], ymd[1], ymd[2]), nil
}
