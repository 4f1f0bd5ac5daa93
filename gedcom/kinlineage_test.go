package gedcom

import (
	"reflect"
	"testing"

	"kin"
)

// TestPartnerLineage checks the lineage per parent that Gramps writes as
// _FREL/_MREL (under FAM.CHIL or INDI.FAMC) and that an ADOP event's
// FAMC.ADOP HUSB|WIFE implies.
func TestPartnerLineage(t *testing.T) {
	const b, a, s = kin.LineageBirth, kin.LineageAdopted, kin.LineageStep
	tests := []struct {
		name    string
		records []string
		want    kin.ChildLink
	}{
		{"FAM.CHIL _MREL adopted", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@\n2 _FREL Natural\n2 _MREL Adopted",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@",
		}, partnerLineage(kin.ChildLink{Child: "I3"}, b, a)},
		{"INDI.FAMC _FREL adopted (Gramps)", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@\n2 _FREL Adopted\n2 _MREL birth",
		}, partnerLineage(kin.ChildLink{Child: "I3"}, a, b)},
		{"both natural says nothing new", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@\n2 _FREL Natural\n2 _MREL Natural",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@",
		}, kin.ChildLink{Child: "I3"}},
		{"both step is the link's lineage", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@\n2 _FREL Step\n2 _MREL Step",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@",
		}, kin.ChildLink{Child: "I3", Lineage: s}},
		{"custom text is unknown", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@\n2 _FREL Custom relationship to father\n2 _MREL Custom relationship to mother",
		}, kin.ChildLink{Child: "I3"}},
		{"wife only: _MREL is the first partner", []string{
			"0 @F1@ FAM\n1 WIFE @I2@\n1 CHIL @I3@\n2 _MREL Adopted\n2 _FREL birth",
			"0 @I2@ INDI", "0 @I3@ INDI\n1 FAMC @F1@",
		}, partnerLineage(kin.ChildLink{Child: "I3"}, a)},
		{"ADOP event adopted by the wife", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 ADOP\n2 FAMC @F1@\n3 ADOP WIFE\n1 FAMC @F1@",
		}, partnerLineage(kin.ChildLink{Child: "I3"}, "", a)},
		{"ADOP BOTH is left to PEDI", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 ADOP\n2 FAMC @F1@\n3 ADOP BOTH\n1 FAMC @F1@\n2 PEDI adopted",
		}, kin.ChildLink{Child: "I3", Lineage: a}},
		{"ADOP HUSB with PEDI adopted changes nothing", []string{
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @I2@\n1 CHIL @I3@",
			"0 @I1@ INDI", "0 @I2@ INDI", "0 @I3@ INDI\n1 ADOP\n2 FAMC @F1@\n3 ADOP HUSB\n1 FAMC @F1@\n2 PEDI adopted",
		}, kin.ChildLink{Child: "I3", Lineage: a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bld := NewTreeBuilder()
			bld.Version = "5.5.1"
			for _, r := range tt.records {
				if err := bld.Add(rec(t, r)); err != nil {
					t.Fatalf("Add: %v", err)
				}
			}
			tr := bld.Tree()
			got := tr.Families[0].Children
			if len(got) != 1 || !reflect.DeepEqual(got[0], tt.want) {
				t.Errorf("children = %+v, want [%+v]", got, tt.want)
			}
		})
	}
}
