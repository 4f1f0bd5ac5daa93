package ingest

import (
	"reflect"
	"testing"
)

func TestFindNames(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // full names, with |nick, (paren) and <née> when set
	}{
		{"two names", "Alec Baldwin and Kim Basinger co-starred.", []string{"Alec Baldwin", "Kim Basinger"}},
		{"particles", "He met Ludwig van der Berg and Ana de la Cruz.", []string{"Ludwig van der Berg", "Ana de la Cruz"}},
		{"initials", "Dr. J. R. Ewing spoke.", []string{"J. R. Ewing"}},
		{"suffixes", "Walter Kessler III met Walter Kessler Sr. and Ramón Ibáñez Jr. today.", []string{"Walter Kessler III", "Walter Kessler Sr.", "Ramón Ibáñez Jr."}},
		{"nickname", `Harold Eugene "Gene" Vandermeer, 84, died.`, []string{"Harold Eugene Vandermeer|Gene"}},
		{"maiden name in parentheses", "He was born to Cornelius and Grace (Bos) Vandermeer.", []string{"Cornelius", "Grace Vandermeer(Bos)"}},
		{"née", "It was Margaret Hartley (née Collins) who won.", []string{"Margaret Hartley<Collins>"}},
		{"notice heading", "HARTLEY, Margaret Anne (née Collins).", []string{"Margaret Anne Hartley<Collins>"}},
		{"diacritics", "Sofía Ibáñez and Íñigo Arrieta toured.", []string{"Sofía Ibáñez", "Íñigo Arrieta"}},
		{"month as a given name", "August Kessler founded it in August 1909.", []string{"August Kessler"}},
		{"acronyms and places", "The NFL kicker flew to N.Y.U. in May.", nil},
		{"title", "The Rev. Marcus Bell officiated.", []string{"Marcus Bell"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			toks := tokenize(tt.in, 0, len(tt.in))
			var got []string
			for _, m := range findNames(toks) {
				if m.i == 0 && m.weak {
					continue
				}
				s := m.name.full()
				if m.name.nick != "" {
					s += "|" + m.name.nick
				}
				if m.name.paren != "" {
					s += "(" + m.name.paren + ")"
				}
				if m.name.nee != "" {
					s += "<" + m.name.nee + ">"
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("findNames(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
