package sqlstore

import (
	"slices"
	"testing"
)

func TestWordGrams(t *testing.T) {
	for _, tt := range []struct {
		word        string
		all, lookup []string
	}{
		{"", nil, nil},
		{"jo", nil, nil},
		{"jon", []string{"jon"}, []string{"jon"}},
		{"anna", []string{"ann", "nna"}, []string{"ann", "nna"}},
		{"larsson", []string{"lar", "ars", "rss", "sso", "son"}, []string{"lar", "ars", "rss", "sso", "son"}},
		{"abcdefghij", []string{"abc", "bcd", "cde", "def", "efg", "fgh", "ghi", "hij"}, []string{"abc", "bcd", "cde", "efg", "fgh", "hij"}},
		{"aaaa", []string{"aaa"}, []string{"aaa"}},
		{"иванов", []string{"ива", "ван", "ано", "нов"}, []string{"ива", "ван", "ано", "нов"}},
		{"李小龍", []string{"李小龍"}, []string{"李小龍"}},
	} {
		if got := wordGrams(tt.word); !slices.Equal(got, tt.all) {
			t.Errorf("wordGrams(%q) = %q, want %q", tt.word, got, tt.all)
		}
		if got := queryGrams(tt.word); !slices.Equal(got, tt.lookup) {
			t.Errorf("queryGrams(%q) = %q, want %q", tt.word, got, tt.lookup)
		}
	}
}
