package date

import (
	"reflect"
	"testing"
)

func TestParseCommon(t *testing.T) {
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"1850", true}, {"MAR 1850", true}, {"12 MAR 1850", true}, {"ABT 1850", true},
		{"BEF 3 JAN 1901", true}, {"AFT DEC 999", true}, {"EST 29 FEB 2000", true},
		{"29 FEB 1900", false}, {"32 JAN 1900", false}, {"12 1850", false}, {"0850", false},
		{"mar 1850", false}, {"12  MAR 1850", false}, {"BET 1850 AND 1860", false},
		{"JULIAN 1850", false}, {"1750/51", false}, {"18500", false}, {"85", false}, {"", false},
		{"12 MAR 1850 BCE", false}, {"INT 1850 (x)", false},
	} {
		got, ok := ParseCommon(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseCommon(%q) ok = %v, want %v", tt.in, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		want, err := Parse(tt.in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseCommon(%q) = %+v, but Parse gives %+v, %v", tt.in, got, want, err)
		}
	}
}

func FuzzParseCommon(f *testing.F) {
	for _, s := range []string{"1850", "12 MAR 1850", "ABT MAR 1850", "29 FEB 1900", "BEF 1 JAN 1000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseCommon(s)
		if !ok {
			return
		}
		want, err := Parse(s)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("ParseCommon(%q) = %+v, but Parse gives %+v, %v", s, got, want, err)
		}
	})
}
