package kin

import "testing"

func TestSourceName(t *testing.T) {
	for _, tt := range []struct {
		name string
		src  Source
		want string
	}{
		{"title", Source{Title: "Parish register of St Mary", Abbrev: "StM"}, "Parish register of St Mary"},
		{"abbreviation only", Source{Abbrev: "StM"}, "StM"},
		{"neither", Source{ID: "S1"}, ""},
	} {
		if got := tt.src.Name(); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
