package convert

import "testing"

// TestLazyTables spot-checks tables that are built on first use: they hold
// what the literals they replaced held.
func TestLazyTables(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"langTagByName", langTagByName()["catalan_spn"], "ca-ES"},
		{"langNameByTag", langNameByTag()["ca-es"], "Catalan_Spn"},
		{"transLangs", transLangs()["FONE kana"], "ja-Hrkt"},
		{"transBack", transBack()["ja-hira"], [2]string{"FONE", "kana"}},
		{"mediaTypes", mediaTypes()["jpeg"], "image/jpeg"},
		{"mediaForms prefers 5.5.1's word", mediaForms()["image/jpeg"], "jpg"},
		{"mediaForms extra", mediaForms()["audio/x-wav"], "wav"},
		{"enumPEDI", enumPEDI().has("FOSTER"), true},
		{"enumROLE synonym", enumROLE().synonyms["god parent"], "GODP"},
		{"enumOrdStat back", enumOrdStat().back["PRE_1970"], "PRE-1970"},
		{"roleWords", roleWords()["NGHBR"], "neighbor"},
		{"roles551", roles551()["SPOU"], true},
		{"extURIs", extURIs()["_PHRASE"], "https://gedcom.io/terms/v7/PHRASE"},
		{"restorable SDATE", restorable()["SDATE"]["BIRT"], true},
		{"restorable RESN", restorable()["RESN"]["SUBM"], true},
		{"pointerTags", pointerTags()["SNOTE"], true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
