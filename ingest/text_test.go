package ingest

import (
	"reflect"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "Kim married Alec. They split in 2002.", []string{"Kim married Alec.", "They split in 2002."}},
		{"titles", "Mr. and Mrs. Smith met Dr. J. R. Jones at St. Mary's. He was late.", []string{"Mr. and Mrs. Smith met Dr. J. R. Jones at St. Mary's.", "He was late."}},
		{"suffix mid-sentence", "Walter Kessler Sr., steered the firm. His son, Walter Jr. — \"Butch\" — took over.", []string{"Walter Kessler Sr., steered the firm.", "His son, Walter Jr. — \"Butch\" — took over."}},
		{"abbreviation then sentence", "They live in Edison, N.J. Her father is retired.", []string{"They live in Edison, N.J.", "Her father is retired."}},
		{"abbreviation inside", "Services at 10:30 a.m. on Saturday. Burial follows.", []string{"Services at 10:30 a.m. on Saturday.", "Burial follows."}},
		{"quotes", "\"It's surreal,\" Ron said. \"Her dad was here.\" Then he left.", []string{"\"It's surreal,\" Ron said.", "\"Her dad was here.\"", "Then he left."}},
		{"headline without a full stop", "Alec Baldwin and Kim Basinger\n\nThey were married from 1993 to 2002.", []string{"Alec Baldwin and Kim Basinger", "They were married from 1993 to 2002."}},
		{"wrapped line", "She is survived by her husband,\nTom, and a son.", []string{"She is survived by her husband,\nTom, and a son."}},
		{"question and exclamation", "The contenders? Three of them! Who wins.", []string{"The contenders?", "Three of them!", "Who wins."}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range splitSentences(tt.in) {
				if tt.in[s.start:s.end] != s.text {
					t.Errorf("sentence %q has span [%d,%d) holding %q", s.text, s.start, s.end, tt.in[s.start:s.end])
				}
				got = append(got, s.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
