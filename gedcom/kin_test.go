package gedcom

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"kin"
	"kin/date"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// sharedDir returns ../shared next to the module root, or skips the test.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("../shared not found: no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		tb.Skipf("../shared not found: %v", err)
	}
	return shared
}

// buildTree decodes a GEDCOM file leniently and maps it record by record.
func buildTree(tb testing.TB, path string) (*kin.Tree, []error) {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	dec := NewDecoder(bufio.NewReaderSize(f, 1<<16))
	dec.Filename = filepath.Base(path)
	dec.Lenient = true
	dec.Warn = func(error) {}
	b := NewTreeBuilder()
	b.Filename = dec.Filename
	b.AllowDuplicateXrefs = true
	for {
		n, err := dec.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("decode %s: %v", path, err)
		}
		if err := b.Add(n); err != nil {
			tb.Fatalf("map %s: %v", path, err)
		}
	}
	t := b.Tree()
	return t, b.Warnings()
}

// TestToTreeGolden maps each testdata/kin/*.ged and compares a dump of the
// tree and the warnings with testdata/kin/*.golden.
func TestToTreeGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "kin", "*.ged"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".ged")
		t.Run(name, func(t *testing.T) {
			tree, warnings := buildTree(t, path)
			var buf bytes.Buffer
			dumpTree(&buf, tree)
			buf.WriteString("Warnings:\n")
			for _, w := range warnings {
				fmt.Fprintf(&buf, "  %v\n", w)
			}
			got := buf.Bytes()
			golden := strings.TrimSuffix(path, ".ged") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("ToTree(%s) differs from %s; run go test -run TestToTreeGolden -update and review the diff", path, golden)
			}
		})
	}
}

// TestToTreeFacts checks the facts the golden files hold that matter most,
// so a wrong golden file cannot hide them.
func TestToTreeFacts(t *testing.T) {
	t551, w551 := buildTree(t, filepath.Join("testdata", "kin", "v551.ged"))
	t70, w70 := buildTree(t, filepath.Join("testdata", "kin", "v70.ged"))
	ix551, ix70 := kin.NewIndex(t551), kin.NewIndex(t70)
	john, alec := ix551.Person("I1"), ix70.Person("I1")
	if john == nil || alec == nil {
		t.Fatalf("I1 missing: %v, %v", john, alec)
	}
	birth, _ := john.Event(kin.EventBirth)
	death, _ := john.Event(kin.EventDeath)
	occu, _ := john.Event(kin.EventOccupation)
	even, _ := john.Event(kin.EventOther)
	milt, _ := john.Event("_MILT")
	f1 := ix551.Family("F1")
	f70 := ix70.Family("F1")
	anon := ix551.Source(death.Citations[0].Source)
	tests := []struct {
		name      string
		got, want any
	}{
		{"551 name", john.Names[0], fullName(kin.Name{Given: "John", Surname: "Berg",
			Citations: []kin.Citation{{Source: "S1", Page: "p. 4"}}}, "Dr.", "Jack", "van der", "Jr.")},
		{"551 name type", john.Names[1].Type(), kin.NameAKA},
		{"551 sex", john.Sex, kin.SexMale},
		{"551 private", john.Private(), true},
		{"551 birth place", birth.Place, at("Amsterdam, Noord-Holland, Nederland", 52.37, 4.89)},
		{"551 birth citation page", birth.Citations[0].Page, "p. 12"},
		{"551 birth citation quote", birth.Citations[0].Quote, "Johannes, son of Pieter"},
		{"551 birth citation confidence", birth.Citations[0].Confidence, kin.ConfidenceNormal},
		{"551 birth citation known", birth.Citations[0].ConfidenceKnown, true},
		{"551 birth note", birth.Notes(), []kin.Note{{Text: "Born at home."}}},
		{"551 death value", death.Value, "Y"},
		{"551 death cause", death.Cause(), "Pneumonia"},
		{"551 inline source text", anon.Text, "Parish register of St. Nicholas, inline citation"},
		{"551 inline citation quote", death.Citations[0].Quote, "Buried by the vicar."},
		{"551 inline citation confidence", death.Citations[0].Confidence, kin.ConfidenceHigh},
		{"551 occupation detail", occu.Detail, "Carpenter"},
		{"551 occupation value", occu.Value, "Carpenter"},
		{"551 EVEN detail", even.Detail, "Emigration lottery"},
		{"551 EVEN phrase date", even.Date.Phrase != "", true},
		{"551 extension event", milt.Place.Name, "Utrecht"},
		{"551 partners", f1.Partners, []kin.ID{"I1", "I2"}},
		{"551 children with PEDI", f1.Children, []kin.ChildLink{{Child: "I3", Lineage: kin.LineageAdopted}, {Child: "I4"}}},
		{"551 marriage citation", f1.Events[0].Citations, []kin.Citation{{Source: "S1", Page: "p. 20"}}},
		{"551 association", *t551.Associations[0], kin.Association{ID: "I1.ASSO1", Person: "I1", Other: "I3", Relation: "Godfather",
			Notes: []kin.Note{{Text: "Named in the baptism record."}}}},
		{"551 external IDs", john.ExternalIDs, []kin.ExternalID{{Kind: "REFN", Value: "42", Type: "user"}, {Kind: "RIN", Value: "1001"},
			{Kind: "AFN", Value: "ABCD-123"}, {Kind: "UID", Value: "0123456789ABCDEF"}}},
		{"551 shared note text", john.Notes(), []kin.Note{{ID: "N1", Xref: "N1", Text: "A shared note about John.\nSecond line."}}},
		{"551 inline media", john.Media()[0].Media != "" && john.Media()[0].Media[0] == '~', true},
		{"551 source", *ix551.Source("S1"), kin.Source{ID: "S1", Xref: "S1", Title: "Parish register of Utrecht", Author: "Dutch Reformed Church",
			Publication: "Utrecht, 1850-1900", Abbrev: "PR Utrecht", Text: "Register of baptisms,\nmarriages and burials.",
			Repositories: []kin.RepositoryRef{{Repository: "R1", CallNumber: "1234/5"}}, ExternalIDs: []kin.ExternalID{{Kind: "REFN", Value: "SRC-1"}}}},
		{"551 repository", *t551.Repositories[0], kin.Repository{ID: "R1", Xref: "R1", Name: "Utrecht Archives",
			Address: "Hamburgerstraat 28, Utrecht, Nederland", URL: "https://hetutrechtsarchief.nl"}},
		{"551 warnings", len(w551), 1},
		{"551 dangling FAMC", errors.Is(w551[0], ErrMissingRecord), true},

		{"70 name type phrase", alec.Names[1].Type(), kin.NameType("Legal name")},
		{"70 occupation", [2]string{alec.Events[1].Detail, alec.Events[1].Value}, [2]string{"Film and stage", "Actor"}},
		{"70 date phrase", alec.Events[2].Date.Phrase, "The eighties"},
		{"70 participants", alec.Events[3].Participants(), []kin.Participant{{Person: "I2", Role: kin.RoleOther, Phrase: "co-star"}}},
		{"70 associations", len(t70.Associations), 1},
		{"70 association", [3]string{t70.Associations[0].Relation, t70.Associations[0].Detail, t70.Associations[0].Citations[0].Quote},
			[3]string{"co-star", "The Getaway", "Baldwin and Basinger starred together in The Getaway."}},
		{"70 external IDs", alec.ExternalIDs, []kin.ExternalID{{Kind: "EXID", Value: "12345", Type: "https://www.imdb.com/name/"},
			{Kind: "AFN", Value: "L1-A"}, {Kind: "UID", Value: "5b1e3b3c-8f6c-4a3e-9e1c-1a2b3c4d5e6f"}}},
		{"70 void note and source skipped", [2]int{len(alec.Notes()), len(alec.Citations)}, [2]int{1, 0}},
		{"70 media ref", alec.Media(), []kin.MediaRef{{Media: "O1", Title: "Headshot"}}},
		{"70 children", f70.Children, []kin.ChildLink{{Child: "I3", Lineage: kin.LineageBirth}, {Child: "I4", Lineage: kin.LineageStep}}},
		{"70 sex X", ix70.Person("I4").Sex, kin.SexIntersex},
		{"70 family note", f70.Events[0].Notes(), []kin.Note{{Text: "Married in East Hampton.", MIME: "text/plain", Lang: "en"}}},
		{"70 family citation", f70.Citations, []kin.Citation{{Source: "S1", Page: "para. 1", Confidence: kin.ConfidenceLow, ConfidenceKnown: true}}},
		{"70 news source", [2]string{string(ix70.Source("S1").Type), ix70.Source("S1").URL},
			[2]string{"news article", "https://news.example.com/baldwin-basinger"}},
		{"70 news source date", ix70.Source("S1").Date, date.YMD(2002, 3, 12)},
		{"70 media", *t70.Media[0], kin.Media{ID: "O1", Xref: "O1", Files: []kin.MediaFile{{Path: "https://example.com/alec.jpg", Format: "image/jpeg", Title: "Alec Baldwin"}}}},
		{"70 warnings", len(w70), 2},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, tt.got, tt.want)
		}
	}
}

// rec parses a small GEDCOM fragment into a record, for table tests that
// need no decoder: one line per structure, "LEVEL [@XREF@] TAG [VALUE]".
func rec(tb testing.TB, src string) *Node {
	tb.Helper()
	var stack []*Node
	var root *Node
	for _, line := range strings.Split(strings.TrimSpace(src), "\n") {
		f := strings.SplitN(strings.TrimSpace(line), " ", 3)
		lvl, err := strconv.Atoi(f[0])
		if err != nil || len(f) < 2 {
			tb.Fatalf("bad line %q", line)
		}
		n := &Node{}
		rest := f[1:]
		if strings.HasPrefix(rest[0], "@") {
			n.Xref = strings.Trim(rest[0], "@")
			rest = strings.SplitN(strings.Join(rest[1:], " "), " ", 2)
		}
		n.Tag = rest[0]
		if len(rest) > 1 {
			if v := rest[1]; len(v) > 2 && v[0] == '@' && v[len(v)-1] == '@' {
				n.Pointer = v[1 : len(v)-1]
			} else {
				n.Value = v
			}
		}
		if lvl == 0 {
			root = n
			stack = []*Node{n}
			continue
		}
		if lvl > len(stack) {
			tb.Fatalf("level %d too deep in %q", lvl, line)
		}
		stack = stack[:lvl]
		stack[lvl-1].Nodes = append(stack[lvl-1].Nodes, n)
		stack = append(stack, n)
	}
	return root
}

// TestTreeBuilderCases maps single records built in memory.
func TestTreeBuilderCases(t *testing.T) {
	tests := []struct {
		name    string
		version string
		records []string
		check   func(t *testing.T, tr *kin.Tree, warnings []error)
	}{
		{
			name:    "name without parts",
			records: []string{"0 @I1@ INDI\n1 NAME John Quincy /Adams/ Sr."},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := fullName(kin.Name{Given: "John Quincy", Surname: "Adams"}, "", "", "", "Sr.")
				if got := tr.People[0].Names[0]; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
		{
			name:    "prefix and nickname only in payload parts",
			records: []string{"0 @I1@ INDI\n1 NAME Sir Edward \"Ted\" /de Vere/\n2 NPFX Sir\n2 NICK Ted\n2 SPFX de"},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := fullName(kin.Name{Given: "Edward", Surname: "Vere"}, "Sir", "Ted", "de", "")
				if got := tr.People[0].Names[0]; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
		{
			name: "child only on FAMC is added to the family",
			records: []string{
				"0 @I1@ INDI\n1 FAMC @F1@\n2 PEDI foster",
				"0 @F1@ FAM",
			},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := []kin.ChildLink{{Child: "I1", Lineage: kin.LineageFoster}}
				if got := tr.Families[0].Children; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
		{
			name: "partner only on FAMS is added",
			records: []string{
				"0 @F1@ FAM\n1 HUSB @I2@",
				"0 @I1@ INDI\n1 FAMS @F1@",
				"0 @I2@ INDI\n1 FAMS @F1@",
			},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := []kin.ID{"I2", "I1"}
				if got := tr.Families[0].Partners; !reflect.DeepEqual(got, want) {
					t.Errorf("got %v, want %v", got, want)
				}
			},
		},
		{
			name:    "void pointers are skipped",
			records: []string{"0 @F1@ FAM\n1 HUSB @VOID@\n1 WIFE @VOID@\n1 CHIL @VOID@\n1 SOUR @VOID@"},
			check: func(t *testing.T, tr *kin.Tree, ws []error) {
				f := tr.Families[0]
				if len(f.Partners)+len(f.Children)+len(f.Citations)+len(ws) != 0 {
					t.Errorf("got %+v and warnings %v, want an empty family and no warnings", f, ws)
				}
			},
		},
		{
			name:    "dangling pointers are dropped with warnings",
			records: []string{"0 @F1@ FAM\n1 HUSB @I7@\n1 CHIL @I8@\n1 SOUR @S9@\n1 OBJE @O1@"},
			check: func(t *testing.T, tr *kin.Tree, ws []error) {
				f := tr.Families[0]
				if len(f.Partners)+len(f.Children)+len(f.Citations)+len(f.Media()) != 0 {
					t.Errorf("got %+v, want no links", f)
				}
				if len(ws) != 4 {
					t.Fatalf("got %d warnings %v, want 4", len(ws), ws)
				}
				for _, w := range ws {
					var me *MappingError
					if !errors.As(w, &me) || !errors.Is(w, ErrMissingRecord) || me.Record != "F1" {
						t.Errorf("got warning %v, want a *MappingError for F1 wrapping ErrMissingRecord", w)
					}
				}
			},
		},
		{
			name:    "bad QUAY and coordinates are warnings",
			records: []string{"0 @S1@ SOUR", "0 @I1@ INDI\n1 BIRT\n2 PLAC X\n3 MAP\n4 LATI north\n4 LONG E1\n2 SOUR @S1@\n3 QUAY 9"},
			check: func(t *testing.T, tr *kin.Tree, ws []error) {
				e := tr.People[0].Events[0]
				if _, _, known := e.Place.Coordinates(); known || e.Citations[0].ConfidenceKnown {
					t.Errorf("got %+v, want no coordinates and no confidence", e)
				}
				if len(ws) != 2 || !errors.Is(ws[0], ErrMalformedValue) || !errors.Is(ws[1], ErrMalformedValue) {
					t.Errorf("got warnings %v, want two ErrMalformedValue", ws)
				}
			},
		},
		{
			name:    "records without xref get generated IDs",
			version: "5.5.1",
			records: []string{"0 NOTE floating note", "0 @I1@ INDI\n1 SOUR a book\n1 SOUR another book"},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				var ids []kin.ID
				for _, s := range tr.Sources {
					ids = append(ids, s.ID)
				}
				ids = append(ids, tr.Notes[0].ID)
				want := []kin.ID{"~SOUR1", "~SOUR2", "~NOTE1"}
				if !reflect.DeepEqual(ids, want) {
					t.Errorf("got IDs %v, want %v", ids, want)
				}
			},
		},
		{
			name:    "event participants keep role and phrase",
			version: "7.0",
			records: []string{"0 @I2@ INDI", "0 @I1@ INDI\n1 BAPM\n2 ASSO @I2@\n3 ROLE GODP\n2 ASSO @I2@\n3 ROLE OTHER\n4 PHRASE sponsor"},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := []kin.Participant{{Person: "I2", Role: kin.RoleGodparent}, {Person: "I2", Role: kin.RoleOther, Phrase: "sponsor"}}
				if got := tr.People[1].Events[0].Participants(); !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
		{
			name:    "unparsable date is kept as a phrase",
			records: []string{"0 @I1@ INDI\n1 BIRT\n2 DATE sometime in spring"},
			check: func(t *testing.T, tr *kin.Tree, _ []error) {
				want := date.Date{Modifier: date.PhraseOnly, Phrase: "sometime in spring"}
				if got := tr.People[0].Events[0].Date; !reflect.DeepEqual(got, want) {
					t.Errorf("got %+v, want %+v", got, want)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewTreeBuilder()
			b.Version = tt.version
			for _, r := range tt.records {
				if err := b.Add(rec(t, r)); err != nil {
					t.Fatalf("Add: %v", err)
				}
			}
			tr := b.Tree()
			tt.check(t, tr, b.Warnings())
		})
	}
}

func TestTreeBuilderDuplicateXref(t *testing.T) {
	b := NewTreeBuilder()
	b.Filename = "dup.ged"
	if err := b.Add(&Node{Xref: "X1", Tag: "INDI", Line: 3}); err != nil {
		t.Fatal(err)
	}
	err := b.Add(&Node{Xref: "X1", Tag: "FAM", Line: 9})
	if !errors.Is(err, ErrDuplicateID) {
		t.Fatalf("got %v, want ErrDuplicateID", err)
	}
	if got, want := err.Error(), "dup.ged:9: X1: duplicate record identifier: @X1@ is used by an earlier record"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// dumpTree writes t as indented text: fields that are set, one a line,
// dates in their GEDCOM form.
func dumpTree(w io.Writer, t *kin.Tree) {
	dumpValue(w, reflect.ValueOf(*t), "")
}

var dateType = reflect.TypeOf(date.Date{})

// jsonFormer is a kin type whose fields are best read in its JSON form,
// a flat struct (kin.Event, kin.Person, kin.Name, kin.Place).
type jsonFormer interface{ JSONForm() any }

func dumpValue(w io.Writer, v reflect.Value, indent string) {
	if v.Kind() == reflect.Struct {
		if f, ok := v.Interface().(jsonFormer); ok {
			v = reflect.ValueOf(f.JSONForm())
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		dumpValue(w, v.Elem(), indent)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Field(i)
			if f.IsZero() {
				continue
			}
			name := v.Type().Field(i).Name
			if scalar(f) {
				fmt.Fprintf(w, "%s%s: %s\n", indent, name, scalarString(f))
				continue
			}
			fmt.Fprintf(w, "%s%s:\n", indent, name)
			dumpValue(w, f, indent+"  ")
		}
	case reflect.Slice:
		for i := range v.Len() {
			e := v.Index(i)
			if scalar(e) {
				fmt.Fprintf(w, "%s- %s\n", indent, scalarString(e))
				continue
			}
			fmt.Fprintf(w, "%s-\n", indent)
			dumpValue(w, e, indent+"  ")
		}
	default:
		fmt.Fprintf(w, "%s%s\n", indent, scalarString(v))
	}
}

func scalar(v reflect.Value) bool {
	if v.Type() == dateType {
		return true
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Pointer:
		return false
	}
	return true
}

func scalarString(v reflect.Value) string {
	if v.Type() == dateType {
		d := v.Interface().(date.Date)
		s := d.String()
		if d.Modifier == date.PhraseOnly {
			s = "PHRASE"
		}
		if d.Phrase != "" {
			s += fmt.Sprintf(" (%q)", d.Phrase)
		}
		if d.Interpreted {
			s += " INT"
		}
		return s
	}
	if v.Kind() == reflect.String {
		return strconv.Quote(v.String())
	}
	return fmt.Sprint(v.Interface())
}

// TestToTreeSamples maps the real-world files of ../shared and checks the
// people and family counts against MANIFEST.tsv.
func TestToTreeSamples(t *testing.T) {
	shared := sharedDir(t)
	gedDir := filepath.Join(shared, "data", "gedcom")
	manifest, err := os.ReadFile(filepath.Join(gedDir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ indi, fam int }
	want := map[string]counts{}
	for i, line := range strings.Split(string(manifest), "\n") {
		f := strings.Split(line, "\t")
		if i == 0 || len(f) < 9 {
			continue
		}
		if f[7] == "" && f[8] == "" {
			continue // GEDZIP: not counted
		}
		indi, err1 := strconv.Atoi(f[7])
		fam, err2 := strconv.Atoi(f[8])
		if err1 != nil || err2 != nil {
			t.Fatalf("MANIFEST.tsv line %d: bad counts %q %q", i+1, f[7], f[8])
		}
		want[f[0]] = counts{indi, fam}
	}
	var files []string
	for _, dir := range []string{"samples", "gedcom70", "torture55", "gedcom555"} {
		filepath.WalkDir(filepath.Join(gedDir, dir), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".ged") {
				files = append(files, path)
			}
			return nil
		})
	}
	if len(files) == 0 {
		t.Fatal("no sample files found")
	}
	for _, path := range files {
		rel, _ := filepath.Rel(gedDir, path)
		t.Run(rel, func(t *testing.T) {
			tree, _ := buildTree(t, path)
			w, ok := want[filepath.ToSlash(rel)]
			if !ok || (w.indi == 0 && w.fam == 0) {
				return // not listed, or not counted (UTF-16)
			}
			// MANIFEST.tsv counts level-0 lines with an xref.
			var people, families int
			for _, p := range tree.People {
				if p.Xref != "" {
					people++
				}
			}
			for _, f := range tree.Families {
				if f.Xref != "" {
					families++
				}
			}
			if people != w.indi || families != w.fam {
				t.Errorf("got %d people and %d families with xrefs, want %d and %d (MANIFEST.tsv)", people, families, w.indi, w.fam)
			}
		})
	}
}

// TestToTreeGrampsExample maps the 2,157-person Gramps example export.
func TestToTreeGrampsExample(t *testing.T) {
	path := filepath.Join(sharedDir(t), "data", "relationships", "gramps-example", "example.ged")
	tree, warnings := buildTree(t, path)
	if len(tree.People) != 2157 {
		t.Errorf("got %d people, want 2157", len(tree.People))
	}
	if len(warnings) != 0 {
		t.Errorf("got %d warnings, want none; first: %v", len(warnings), warnings[0])
	}
	ix := kin.NewIndex(tree)
	var children, events int
	for _, f := range tree.Families {
		children += len(f.Children)
		for _, c := range f.Children {
			if ix.Person(c.Child) == nil {
				t.Errorf("family %s: child %s is not in the tree", f.ID, c.Child)
			}
		}
	}
	for _, p := range tree.People {
		events += len(p.Events)
	}
	t.Logf("%d people, %d families, %d child links, %d person events, %d sources", len(tree.People), len(tree.Families), children, events, len(tree.Sources))
	if children == 0 || events == 0 {
		t.Errorf("got %d child links and %d events, want some", children, events)
	}
}

func TestTreeBuilderAllowDuplicateXrefs(t *testing.T) {
	b := NewTreeBuilder()
	b.AllowDuplicateXrefs = true
	for _, r := range []string{"0 @I1@ INDI\n1 NAME First", "0 @I1@ INDI\n1 NAME Second", "0 @F1@ FAM\n1 CHIL @I1@"} {
		if err := b.Add(rec(t, r)); err != nil {
			t.Fatalf("Add: %v", err)
		}
	}
	tr := b.Tree()
	got := []kin.ID{tr.People[0].ID, tr.People[1].ID, tr.Families[0].Children[0].Child}
	if want := []kin.ID{"I1", "~INDI1", "I1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got IDs %v, want %v", got, want)
	}
	if ws := b.Warnings(); len(ws) != 1 || !errors.Is(ws[0], ErrDuplicateID) {
		t.Errorf("got warnings %v, want one ErrDuplicateID", ws)
	}
}

// TestTreeBuilderReset maps every record of the fixtures on its own twice,
// with a new TreeBuilder for each and with one builder Reset between
// records (as kin import does): the trees and warnings must be the same,
// so nothing of one record leaks into the next.
func TestTreeBuilderReset(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "kin", "*.ged"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			dec := NewDecoder(bytes.NewReader(data))
			dec.Lenient = true
			doc, err := dec.Decode()
			if err != nil {
				t.Fatal(err)
			}
			dump := func(b *TreeBuilder, n *Node) string {
				if err := b.Add(n); err != nil {
					return "error: " + err.Error()
				}
				var buf bytes.Buffer
				dumpTree(&buf, b.Tree())
				for _, w := range b.Warnings() {
					fmt.Fprintf(&buf, "  %v\n", w)
				}
				return buf.String()
			}
			reused := NewTreeBuilder()
			for i, n := range doc.Records {
				fresh := NewTreeBuilder()
				fresh.Version, reused.Version = doc.Version, doc.Version
				want := dump(fresh, n)
				reused.Reset()
				got := dump(reused, n)
				if got != want {
					t.Errorf("record %d (%s @%s@) after Reset:\n%s\nwith a new builder:\n%s", i, n.Tag, n.Xref, got, want)
				}
			}
		})
	}
}
