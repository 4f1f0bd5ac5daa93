package sqlstore_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"kin"
	"kin/sqlite"
	"kin/sqlstore"
)

func TestFindSounds(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	person := func(id, given, surname string) *kin.Person {
		return &kin.Person{ID: kin.ID(id), Names: []kin.Name{{Given: given, Surname: surname}}}
	}
	tree := db.Tree("")
	add := &kin.Tree{People: []*kin.Person{
		person("I1", "Abraham", "Moskowitz"),
		person("I2", "Sara", "Moskovitz"),
		person("I3", "Abram", "Schwarz"),
		person("I4", "Lea", "Szwarc"),
		person("I5", "Chaim", "Auerbach"),
		person("I6", "Rivka", "Ohrbach"),
		person("I7", "Anna", "Peters"),
		person("I8", "Józef", "Dąbrowski"),
	}}
	if _, err := tree.AddTree(ctx, add, sqlstore.AddOptions{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, query string
		limit       int      // 0: 10
		want        []string // IDs in order, "*" after exact matches
	}{
		{"spelling variant", "Moskovitz", 0, []string{"I2*", "I1"}},
		{"Polish spelling", "Schwarz", 0, []string{"I3*", "I4"}},
		{"sounds alike across the first vowel", "Auerbach", 0, []string{"I5*", "I6"}},
		{"two words, one by sound", "Abraham Moskovitz", 0, []string{"I1"}},
		{"substring counts as spelled", "mosk", 0, []string{"I1*", "I2*"}},
		{"vowels and a final y not coded", "Dobrowsky", 0, []string{"I8"}},
		{"no match", "Kowalski", 0, nil},
		{"limit 1: the exact match", "Moskovitz", 1, []string{"I2*"}},
		{"limit 2: then by sound", "Moskovitz", 2, []string{"I2*", "I1"}},
		{"the largest limit", "Moskovitz", math.MaxInt, []string{"I2*", "I1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			limit := tt.limit
			if limit == 0 {
				limit = 10
			}
			ms, err := tree.FindSounds(ctx, tt.query, limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range ms {
				s := string(m.Person.ID)
				if m.Exact {
					s += "*"
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("FindSounds(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
	if _, err := tree.FindSounds(ctx, " - ", 10); kin.ErrorCode(err) != kin.EINVALID {
		t.Errorf("FindSounds(\" - \") error = %v, want invalid", err)
	}
}
