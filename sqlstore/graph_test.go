package sqlstore

import (
	"reflect"
	"testing"

	"kin"
)

func TestDecodeChildLink(t *testing.T) {
	tests := []struct {
		name, in string
		want     kin.ChildLink
		wantErr  bool
	}{
		{"string", `"ADOPTED"`, kin.ChildLink{Lineage: kin.LineageAdopted}, false},
		{"empty string", `""`, kin.ChildLink{}, false},
		{"per parent", `{"PartnerLineage":["BIRTH","ADOPTED"]}`, partnerLineage(kin.ChildLink{}, "BIRTH", "ADOPTED"), false},
		{"broken", `{"Lineage":`, kin.ChildLink{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeChildLink(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("decodeChildLink(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if !tt.wantErr && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("decodeChildLink(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// partnerLineage returns c with its lineage to each partner.
func partnerLineage(c kin.ChildLink, ls ...kin.Lineage) kin.ChildLink {
	c.SetPartnerLineage(ls)
	return c
}
