package validate

import (
	"slices"
	"strings"
	"testing"

	"kin/gedcom"
)

func TestSchemaOf(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"7.0", "7.0", true},
		{"7.0.14", "7.0", true},
		{"7.1", "7.1", true},
		{"5.5.1", "5.5.1", true},
		{"5.5", "5.5.1", true},
		{"5.5.5", "5.5.1", true},
		{"4.0", "", false},
		{"", "", false},
	} {
		t.Run(tt.in, func(t *testing.T) {
			s, ok := SchemaOf(tt.in)
			if ok != tt.ok || s.Version() != tt.want {
				t.Errorf("SchemaOf(%q) = %q, %v, want %q, %v", tt.in, s.Version(), ok, tt.want, tt.ok)
			}
		})
	}
}

// typeAt returns the type at path ("INDI.BIRT.DATE") in version, with the
// last structure a pointer if pointer is set.
func typeAt(t *testing.T, version, path string, pointer bool) (Sub, bool) {
	t.Helper()
	s, ok := SchemaOf(version)
	if !ok {
		t.Fatalf("SchemaOf(%q) failed", version)
	}
	tags := strings.Split(path, ".")
	cur := Sub{Type: s.Document()}
	for i, tag := range tags {
		sub, ok := cur.Type.Sub(tag, pointer && i == len(tags)-1)
		if !ok {
			return Sub{}, false
		}
		cur = sub
	}
	return cur, true
}

func TestTypeSub(t *testing.T) {
	for _, tt := range []struct {
		name, version, path string
		pointer             bool
		ok                  bool
		uri                 string
		min, max            int
		payload             Payload
	}{
		{"record", "7.0", "INDI", false, true, "https://gedcom.io/terms/v7/record-INDI", 0, 0, PayloadNone},
		{"event", "7.0", "INDI.BIRT", false, true, "https://gedcom.io/terms/v7/BIRT", 0, 0, PayloadY},
		{"same tag other context", "7.0", "INDI.ADOP.FAMC.ADOP", false, true, "https://gedcom.io/terms/v7/FAMC-ADOP", 0, 1, PayloadEnum},
		{"QUAY under an event", "7.0", "INDI.BIRT.QUAY", false, false, "", 0, 0, 0},
		{"EXID under an event", "7.0", "INDI.BIRT.EXID", false, false, "", 0, 0, 0},
		{"SOUR under SEX", "7.0", "INDI.SEX.SOUR", false, false, "", 0, 0, 0},
		{"citation", "7.0", "INDI.SOUR", true, true, "https://gedcom.io/terms/v7/SOUR", 0, 0, PayloadPointer},
		{"required name", "7.0", "SUBM.NAME", false, true, "https://gedcom.io/terms/v7/NAME", 1, 1, PayloadText},
		{"personal name", "7.0", "INDI.NAME", false, true, "https://gedcom.io/terms/v7/INDI-NAME", 0, 0, PayloadName},
		{"5.5.1 note text", "5.5.1", "INDI.NOTE", false, true, "https://gedcom.io/terms/v5.5.1/NOTE-SUBMITTER_TEXT_OR_NULL", 0, 0, PayloadText},
		{"5.5.1 note pointer", "5.5.1", "INDI.NOTE", true, true, "", 0, 0, PayloadPointer},
		{"5.5.1 RIN", "5.5.1", "INDI.RIN", false, true, "", 0, 1, PayloadText},
		{"not a record", "7.0", "TITL", false, false, "", 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := typeAt(t, tt.version, tt.path, tt.pointer)
			if ok != tt.ok {
				t.Fatalf("%s %s: ok = %v, want %v", tt.version, tt.path, ok, tt.ok)
			}
			if !ok {
				return
			}
			if tt.uri != "" && got.Type.URI() != tt.uri {
				t.Errorf("%s %s: URI() = %q, want %q", tt.version, tt.path, got.Type.URI(), tt.uri)
			}
			if got.Min != tt.min || got.Max != tt.max {
				t.Errorf("%s %s: cardinality {%d:%d}, want {%d:%d}", tt.version, tt.path, got.Min, got.Max, tt.min, tt.max)
			}
			if got.Type.Payload() != tt.payload {
				t.Errorf("%s %s: Payload() = %d, want %d", tt.version, tt.path, got.Type.Payload(), tt.payload)
			}
		})
	}
}

func TestTypeTables(t *testing.T) {
	s, _ := SchemaOf("7.0")
	obje, _ := s.Record("OBJE")
	if got := obje.Required(); !slices.Equal(got, []string{"FILE"}) {
		t.Errorf("OBJE.Required() = %v, want [FILE]", got)
	}
	file, _ := typeAt(t, "7.0", "OBJE.FILE", false)
	if got := file.Type.Required(); !slices.Equal(got, []string{"FORM"}) {
		t.Errorf("OBJE.FILE.Required() = %v, want [FORM]", got)
	}
	asso, _ := typeAt(t, "7.0", "INDI.ASSO", true)
	if got := asso.Type.Target().Tag(); got != "INDI" {
		t.Errorf("INDI.ASSO.Target().Tag() = %q, want INDI", got)
	}
	pedi, _ := typeAt(t, "7.0", "INDI.FAMC.PEDI", false)
	for _, tt := range []struct {
		v    string
		want bool
	}{{"BIRTH", true}, {"birth", false}, {"OTHER", true}, {"_X", false}} {
		if got := pedi.Type.InEnum(tt.v); got != tt.want {
			t.Errorf("PEDI.InEnum(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if got := pedi.Type.Enum(); !slices.Contains(got, "FOSTER") {
		t.Errorf("PEDI.Enum() = %v, want it to hold FOSTER", got)
	}
	phrase, ok := s.TypeOfURI("https://gedcom.io/terms/v7/PHRASE")
	if !ok || phrase.Tag() != "PHRASE" {
		t.Fatalf("TypeOfURI(PHRASE) = %q, %v", phrase.Tag(), ok)
	}
	date, _ := typeAt(t, "7.0", "INDI.BIRT.DATE", false)
	if _, ok := date.Type.SubOfType(phrase); !ok {
		t.Errorf("INDI.BIRT.DATE.SubOfType(PHRASE) failed")
	}
	var zero Type
	if !zero.IsZero() || zero.Payload() != PayloadAny || len(zero.Required()) != 0 {
		t.Errorf("the zero Type is not empty")
	}
	if _, ok := zero.Sub("NAME", false); ok {
		t.Errorf("the zero Type allows NAME")
	}
}

// TestChecker checks that a Checker agrees with a Validator checking the
// same payload in a document.
func TestChecker(t *testing.T) {
	for _, tt := range []struct {
		name, version, path, value string
		valid                      bool
	}{
		{"event Y", "7.0", "INDI.DEAT", "Y", true},
		{"event text", "7.0", "INDI.DEAT", "Killed in France", false},
		{"date", "7.0", "INDI.BIRT.DATE", "ABT 1900", true},
		{"bad date", "7.0", "INDI.BIRT.DATE", "1900-01-01", false},
		{"day out of range is a warning", "7.0", "INDI.BIRT.DATE", "30 FEB 1900", true},
		{"empty period", "7.0", "SOUR.DATA.EVEN.DATE", "", true},
		{"one slash", "7.0", "INDI.NAME", "John Smith/", false},
		{"enum", "7.0", "INDI.FAMC.PEDI", "BIRTH", true},
		{"enum case", "7.0", "INDI.FAMC.PEDI", "Birth", false},
		{"enum extension", "7.0", "INDI.FAMC.PEDI", "_CLAN", true},
		{"latitude", "7.0", "INDI.BIRT.PLAC.MAP.LATI", "N50.05", true},
		{"bare latitude", "7.0", "INDI.BIRT.PLAC.MAP.LATI", "50.05", false},
		{"empty file", "7.0", "OBJE.FILE", "", false},
		{"text where a pointer belongs", "7.0", "HEAD.SUBM", "Unknown", false},
		{"integer", "7.0", "FAM.NCHI", "two", false},
		{"5.5.1 enum case is tolerated", "5.5.1", "INDI.FAMC.PEDI", "Birth", true},
		{"5.5.1 event text is tolerated", "5.5.1", "INDI.BURI", "Y", true},
		{"5.5.1 period", "5.5.1", "SOUR.DATA.EVEN.DATE", "3 MAR 1980", false},
		{"5.5.1 exact date", "5.5.1", "HEAD.DATE", "(9-10-2015)", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := SchemaOf(tt.version)
			sub, ok := typeAt(t, tt.version, tt.path, false)
			if !ok {
				t.Fatalf("no type at %s", tt.path)
			}
			c := NewChecker(s, Options{})
			got := c.Payload(sub.Type, tt.value)
			if (len(got) == 0) != tt.valid {
				t.Errorf("Payload(%s, %q) = %v, want valid %v", tt.path, tt.value, got, tt.valid)
			}
			// The Validator, on a document holding the payload, must
			// agree.
			tags := strings.Split(tt.path, ".")
			leaf := &gedcom.Node{Tag: tags[len(tags)-1], Value: tt.value}
			n := leaf
			for i := len(tags) - 2; i >= 0; i-- {
				n = &gedcom.Node{Tag: tags[i], Nodes: []*gedcom.Node{n}}
			}
			head := &gedcom.Node{Tag: "HEAD", Nodes: []*gedcom.Node{{Tag: "GEDC", Nodes: []*gedcom.Node{{Tag: "VERS", Value: tt.version}}}}}
			recs := []*gedcom.Node{head}
			if tags[0] == "HEAD" {
				head.Nodes = append(head.Nodes, n.Nodes...)
			} else {
				n.Xref = "X1"
				recs = append(recs, n)
			}
			recs = append(recs, &gedcom.Node{Tag: "TRLR"})
			var errs []string
			for _, d := range Document(&gedcom.Document{Records: recs}, Options{}) {
				if d.Severity == Error && d.Path == tt.path {
					errs = append(errs, d.Message)
				}
			}
			if (len(errs) == 0) != tt.valid {
				t.Errorf("the Validator reports %v for %s %q, the Checker %v", errs, tt.path, tt.value, got)
			}
		})
	}
}
