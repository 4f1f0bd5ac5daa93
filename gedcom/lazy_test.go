package gedcom

import "testing"

// TestLazyTables spot-checks tables that are built on first use: they hold
// what the literals they replaced held.
func TestLazyTables(t *testing.T) {
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"eventTags CENS", eventTags()["CENS"], uint8(tagIndiEvent | tagFamEvent)},
		{"eventTags RESI", eventTags()["RESI"], uint8(tagAttribute | tagFamAttribute)},
		{"eventTags NAME", eventTags()["NAME"], uint8(0)},
		{"mediaType", mediaType(" JPG "), "image/jpeg"},
		{"mediaType unknown", mediaType("image/avif"), "image/avif"},
		{"forms551", forms551()["image/jpeg"], "jpg"},
		{"exidTypes", exidTypes()["RIN"], "https://gedcom.io/terms/v7/RIN"},
		{"roles", roles()["GODP"], true},
		{"validXref", validXref().MatchString("I_1"), true},
		{"validXref lower case", validXref().MatchString("i1"), false},
		{"warnOption", warnOption()[wCONT], "AllowLooseSyntax"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
