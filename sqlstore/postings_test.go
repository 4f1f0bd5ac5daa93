package sqlstore

import (
	"cmp"
	"errors"
	"reflect"
	"slices"
	"testing"

	"kin"
)

type testPosting struct {
	subject    kin.ID
	fact, time int64
}

func decodeAll(list []byte, base int64) ([]testPosting, error) {
	var out []testPosting
	err := decodePostings(list, base, func(subject []byte, fact, rec int64) {
		out = append(out, testPosting{kin.ID(subject), fact, rec})
	})
	return out, err
}

func TestPostingList(t *testing.T) {
	const base = 1_764_000_000_000_000
	for _, tt := range []struct {
		name     string
		postings []testPosting
		maxBytes int // the encoded list's most bytes, when > 0
	}{
		{"empty", nil, 1},
		{"one", []testPosting{{"I1", 7, base}}, 0},
		{"file order", []testPosting{{"I1", 10, base}, {"I2", 14, base}, {"I10", 90, base}, {"I11", 97, base}, {"I100", 800, base}}, 32},
		{"shared prefixes and none", []testPosting{{"I12345", 1, base}, {"I12346", 2, base}, {"F7", 3, base}, {"", 4, base}, {"I12346", 5, base}}, 0},
		{"facts out of order", []testPosting{{"I2", 900, base}, {"I1", 3, base}, {"I1", 1 << 40, base}}, 0},
		{"later transaction times", []testPosting{{"I1", 1, base}, {"I1", 2, base + 3_600_000_000}, {"I2", 3, base + 1}}, 0},
		{"unicode subjects", []testPosting{{"Ø1", 1, base}, {"Ø12", 2, base}, {"Ö", 3, base}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := newPostingList(base)
			for _, p := range tt.postings {
				l.add(p.subject, p.fact, p.time)
			}
			got, err := decodeAll(l.buf, base)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.postings) {
				t.Errorf("decoded %v, want %v", got, tt.postings)
			}
			want := slices.Clone(tt.postings)
			slices.SortStableFunc(want, func(a, b testPosting) int {
				if c := compareIDs(a.subject, b.subject); c != 0 {
					return c
				}
				return cmp.Compare(a.fact, b.fact)
			})
			packed := l.bytes()
			if packed[0] != postingListSorted {
				t.Errorf("packed list of version %d, want %d", packed[0], postingListSorted)
			}
			if got, err := decodeAll(packed, base); err != nil || !reflect.DeepEqual(got, want) {
				t.Errorf("packed list decoded %v, %v; want %v", got, err, want)
			}
			if tt.maxBytes > 0 && len(l.buf) > tt.maxBytes {
				t.Errorf("list of %d postings takes %d bytes, want at most %d", len(tt.postings), len(l.buf), tt.maxBytes)
			}
		})
	}
}

func TestDecodePostingsDamaged(t *testing.T) {
	good := newPostingList(5)
	good.add("I1", 1, 5)
	good.add("I12", 2, 5)
	for _, tt := range []struct {
		name string
		list []byte
	}{
		{"empty", nil},
		{"unknown version", []byte{3}},
		{"sorted list out of order", []byte{2, 0, 2, 'I', '2', 2, 0, 1, 1, '1', 2, 0}},
		{"sorted list, one subject with facts out of order", []byte{2, 0, 2, 'I', '2', 4, 0, 2, 0, 1, 0}},
		{"truncated", good.buf[:len(good.buf)-1]},
		{"prefix longer than the subject before", []byte{1, 3, 1, 'x', 2, 0}},
		{"subject past the end", []byte{1, 0, 9, 'I'}},
		{"unterminated varint", []byte{1, 0, 1, 'I', 0x80}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := decodeAll(tt.list, 5); !errors.Is(err, errPostingList) {
				t.Errorf("decode %x: error %v, want %v", tt.list, err, errPostingList)
			}
		})
	}
}

// FuzzDecodePostings checks that any stored bytes decode to postings or an
// error, never a panic, and that what decodes encodes back to the same
// postings.
func FuzzDecodePostings(f *testing.F) {
	l := newPostingList(100)
	l.add("I1", 1, 100)
	l.add("I10", 5, 100)
	l.add("F3", 2, 250)
	f.Add(l.buf, int64(100))
	f.Add([]byte{1}, int64(0))
	f.Add([]byte{1, 0, 2, 'I', '1', 0x80, 0x01, 0}, int64(-7))
	f.Fuzz(func(t *testing.T, list []byte, base int64) {
		got, err := decodeAll(list, base)
		if err != nil {
			return
		}
		again := newPostingList(base)
		for _, p := range got {
			again.add(p.subject, p.fact, p.time)
		}
		back, err := decodeAll(again.buf, base)
		if err != nil {
			t.Fatalf("re-encoded list does not decode: %v", err)
		}
		if !reflect.DeepEqual(back, got) {
			t.Errorf("re-encoded %v as %v", got, back)
		}
		// Packed, the list holds the same postings, sorted.
		sorted, err := decodeAll(again.bytes(), base)
		if err != nil {
			t.Fatalf("sorted list does not decode: %v", err)
		}
		want := slices.Clone(got)
		slices.SortStableFunc(want, func(a, b testPosting) int {
			if c := compareIDs(a.subject, b.subject); c != 0 {
				return c
			}
			return cmp.Compare(a.fact, b.fact)
		})
		if !reflect.DeepEqual(sorted, want) {
			t.Errorf("sorted %v as %v", want, sorted)
		}
	})
}
