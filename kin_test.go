package kin_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"unsafe"

	"kin"
)

func TestParseName(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     kin.Name
		wantStr  string
		wantGed  string
	}{
		{"given and surname", "Alec /Baldwin/", kin.Name{Given: "Alec", Surname: "Baldwin"}, "Alec Baldwin", "Alec /Baldwin/"},
		{"suffix", "Walter /Kessler/ Jr.", withSuffix(kin.Name{Given: "Walter", Surname: "Kessler"}, "Jr."), "Walter Kessler Jr.", "Walter /Kessler/ Jr."},
		{"no slashes", "Carmen Gabriela", kin.Name{Given: "Carmen Gabriela"}, "Carmen Gabriela", "Carmen Gabriela"},
		{"surname only", "/Basinger/", kin.Name{Surname: "Basinger"}, "Basinger", "/Basinger/"},
		{"unclosed slash", "Kim /Basinger", kin.Name{Given: "Kim", Surname: "Basinger"}, "Kim Basinger", "Kim /Basinger/"},
		{"extra spaces", "  Maria   Lucia  /Baldwin/ ", kin.Name{Given: "Maria Lucia", Surname: "Baldwin"}, "Maria Lucia Baldwin", "Maria Lucia /Baldwin/"},
		{"empty", "", kin.Name{}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := kin.ParseName(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseName(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if s := got.String(); s != tt.wantStr {
				t.Errorf("ParseName(%q).String() = %q, want %q", tt.in, s, tt.wantStr)
			}
			if g := got.GEDCOM(); g != tt.wantGed {
				t.Errorf("ParseName(%q).GEDCOM() = %q, want %q", tt.in, g, tt.wantGed)
			}
		})
	}
}

func withSuffix(n kin.Name, s string) kin.Name {
	n.SetSuffix(s)
	return n
}

func TestNameForms(t *testing.T) {
	n := kin.Name{Given: "Eduardo", Surname: "Berg"}
	n.SetPrefix("Dr.")
	n.SetNickname("Edu")
	n.SetSurnamePrefix("van der")
	n.SetSuffix("III")
	if got, want := n.String(), `Dr. Eduardo "Edu" van der Berg III`; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got, want := n.Full(), "Eduardo van der Berg III"; got != want {
		t.Errorf("Full() = %q, want %q", got, want)
	}
	if got, want := n.GEDCOM(), "Dr. Eduardo /van der Berg/ III"; got != want {
		t.Errorf("GEDCOM() = %q, want %q", got, want)
	}
}

func TestConfidenceQUAY(t *testing.T) {
	for c, want := range map[kin.Confidence]int{0: 0, 1: 1, 2: 2, 3: 3, 4: 3} {
		if got := c.QUAY(); got != want {
			t.Errorf("Confidence(%d).QUAY() = %d, want %d", c, got, want)
		}
	}
	for q, want := range map[int]kin.Confidence{-1: 0, 0: 0, 1: 1, 2: 2, 3: 3, 9: 3} {
		if got := kin.ConfidenceFromQUAY(q); got != want {
			t.Errorf("ConfidenceFromQUAY(%d) = %d, want %d", q, got, want)
		}
	}
}

func TestIndex(t *testing.T) {
	tree := &kin.Tree{
		People: []*kin.Person{{ID: "alec"}, {ID: "kim"}, {ID: "ireland"}},
		Families: []*kin.Family{{
			ID:       "f1",
			Partners: []kin.ID{"alec", "kim"},
			Children: []kin.ChildLink{{Child: "ireland", Lineage: kin.LineageBirth}},
		}},
		Sources: []*kin.Source{{ID: "s1", Title: "article"}},
	}
	ix := kin.NewIndex(tree)
	if p := ix.Person("kim"); p == nil || p.ID != "kim" {
		t.Errorf("Person(kim) = %v", p)
	}
	if p := ix.Person("nobody"); p != nil {
		t.Errorf("Person(nobody) = %v, want nil", p)
	}
	if fs := ix.PartnerFamilies("alec"); len(fs) != 1 || fs[0].ID != "f1" {
		t.Errorf("PartnerFamilies(alec) = %v", fs)
	}
	if fs := ix.ChildFamilies("ireland"); len(fs) != 1 || fs[0].OtherPartner("alec") != "kim" {
		t.Errorf("ChildFamilies(ireland) = %v", fs)
	}
	if s := ix.Source("s1"); s == nil || s.Title != "article" {
		t.Errorf("Source(s1) = %v", s)
	}
	f := ix.Family("f1")
	if !f.HasPartner("kim") || f.HasPartner("ireland") {
		t.Errorf("HasPartner wrong for %v", f.Partners)
	}
	if c, ok := f.Child("ireland"); !ok || c.Lineage != kin.LineageBirth {
		t.Errorf("Child(ireland) = %v, %v", c, ok)
	}
}

func TestErrorCode(t *testing.T) {
	nf := kin.Errorf(kin.ENOTFOUND, "no person %q", "X")
	wrapped := fmt.Errorf("relate: %w", nf)
	for _, tt := range []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"nil", nil, "", ""},
		{"kin error", nf, kin.ENOTFOUND, `no person "X"`},
		{"wrapped", wrapped, kin.ENOTFOUND, `no person "X"`},
		{"other", errors.New("disk on fire"), kin.EINTERNAL, "Internal error."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := kin.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := kin.ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
		})
	}
}

// TestSizes keeps the domain types as small as the 1M-person tree needs
// them (docs/performance.md, "In-memory tree"): a field added to one of
// them belongs behind its rare pointer unless most records have it.
func TestSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	for _, tt := range []struct {
		name      string
		got, want uintptr
	}{
		{"Event", unsafe.Sizeof(kin.Event{}), 176},
		{"Place", unsafe.Sizeof(kin.Place{}), 24},
		{"Person", unsafe.Sizeof(kin.Person{}), 152},
		{"Name", unsafe.Sizeof(kin.Name{}), 64},
		{"Family", unsafe.Sizeof(kin.Family{}), 160},
		{"ChildLink", unsafe.Sizeof(kin.ChildLink{}), 40},
		{"Citation", unsafe.Sizeof(kin.Citation{}), 80},
	} {
		if tt.got > tt.want {
			t.Errorf("unsafe.Sizeof(kin.%s{}) = %d, want at most %d", tt.name, tt.got, tt.want)
		}
	}
}
