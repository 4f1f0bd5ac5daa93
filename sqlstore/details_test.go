package sqlstore

import (
	"fmt"
	"testing"

	"kin"
)

// TestSortBySeq checks that sortBySeq puts facts that come by subject and
// ID in the order the facts query asked SQL for before: by subject, seq
// and ID.
func TestSortBySeq(t *testing.T) {
	type f struct {
		subject kin.ID
		seq     int
		id      int64
	}
	tests := []struct {
		name    string
		in, out []f
	}{
		{"empty", nil, nil},
		{"one", []f{{"I1", 0, 1}}, []f{{"I1", 0, 1}}},
		{"sorted", []f{{"I1", 0, 1}, {"I1", 1, 2}, {"I2", 0, 3}}, []f{{"I1", 0, 1}, {"I1", 1, 2}, {"I2", 0, 3}}},
		{"a later fact stored first",
			[]f{{"I1", 1, 1}, {"I1", 2, 2}, {"I1", 0, 9}, {"I2", 5, 3}, {"I2", 4, 4}},
			[]f{{"I1", 0, 9}, {"I1", 1, 1}, {"I1", 2, 2}, {"I2", 4, 4}, {"I2", 5, 3}}},
		{"equal seqs keep ID order",
			[]f{{"I1", 1, 1}, {"I1", 0, 2}, {"I1", 1, 3}, {"I1", 0, 4}},
			[]f{{"I1", 0, 2}, {"I1", 0, 4}, {"I1", 1, 1}, {"I1", 1, 3}}},
		{"subjects are not merged",
			[]f{{"I1", 3, 1}, {"I2", 0, 2}, {"I3", 2, 3}, {"I3", 1, 4}},
			[]f{{"I1", 3, 1}, {"I2", 0, 2}, {"I3", 1, 4}, {"I3", 2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var facts []*Fact
			for _, x := range tt.in {
				facts = append(facts, &Fact{Subject: x.subject, Seq: x.seq, ID: x.id})
			}
			sortBySeq(facts)
			var got []f
			for _, x := range facts {
				got = append(got, f{x.Subject, x.Seq, x.ID})
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.out) {
				t.Errorf("sortBySeq(%v) = %v, want %v", tt.in, got, tt.out)
			}
		})
	}
}
