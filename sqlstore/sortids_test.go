package sqlstore

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"

	"kin"
)

// TestSortIDs checks sortIDs and compareIDs (the order of sorted posting
// lists) against the rule they implement, compared pair by pair: prefix,
// then number of digits, then the whole ID.
func TestSortIDs(t *testing.T) {
	less := func(a, b string) bool {
		pa, na := splitNum(a)
		pb, nb := splitNum(b)
		if pa != pb {
			return pa < pb
		}
		if len(na) != len(nb) {
			return len(na) < len(nb)
		}
		return a < b
	}
	if got, want := sorted("I10", "I2", "F1", "I1", "X", "I02", "S3", ""), []kin.ID{"", "F1", "I1", "I2", "I02", "I10", "S3", "X"}; !slices.Equal(got, want) {
		t.Errorf("sortIDs = %q, want %q", got, want)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		ids := make([]kin.ID, rng.IntN(300))
		for i := range ids {
			ids[i] = kin.ID(fmt.Sprintf("%s%d", []string{"I", "F", "S", "I0", "@"}[rng.IntN(5)], rng.IntN(100000)))
		}
		ids = slices.Compact(slices.Sorted(slices.Values(ids)))
		rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		want := slices.Clone(ids)
		sort.SliceStable(want, func(i, j int) bool { return less(string(want[i]), string(want[j])) })
		byCompare := slices.Clone(ids)
		slices.SortFunc(byCompare, func(a, b kin.ID) int { return compareIDs([]byte(a), []byte(b)) })
		if !slices.Equal(byCompare, want) {
			t.Fatalf("sorted by compareIDs = %q,\nwant %q", byCompare, want)
		}
		sortIDs(ids)
		if !slices.Equal(ids, want) {
			t.Fatalf("sortIDs = %q,\nwant %q", ids, want)
		}
	}
}

func sorted(ids ...kin.ID) []kin.ID {
	sortIDs(ids)
	return ids
}

// splitNum splits "I123" into "I" and "123".
func splitNum(s string) (prefix, digits string) {
	i := len(s)
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	return s[:i], s[i:]
}
