package validate

import (
	"strconv"
	"testing"
)

// TestXrefsGrow fills the cross-reference table past several growths and
// checks that every identifier keeps its kind, line and pending pointers.
func TestXrefsGrow(t *testing.T) {
	for _, fold := range []bool{false, true} {
		x := newXrefs()
		x.fold = fold
		const n = 20000
		path := func() string { return "INDI.FAMS" }
		// Pointers to the even families before they are defined.
		for i := 0; i < n; i += 2 {
			if got := x.point("F"+strconv.Itoa(i), kindFAM, true, 10+i, path); got != kindNone {
				t.Fatalf("point(F%d) before its definition = %d, want kindNone", i, got)
			}
		}
		for i := range n {
			id := "F" + strconv.Itoa(i)
			dup, bad := x.define(id, kindFAM, 100000+i)
			if dup != 0 || len(bad) != 0 {
				t.Fatalf("define(%s) = %d, %v; want 0, none", id, dup, bad)
			}
			id = "I" + strconv.Itoa(i)
			if fold {
				id = "i" + strconv.Itoa(i)
			}
			if dup, _ := x.define(id, kindINDI, 200000+i); dup != 0 {
				t.Fatalf("define(%s) = %d, want 0", id, dup)
			}
		}
		for i := range n {
			id := "I" + strconv.Itoa(i)
			if got := x.point(id, kindFAM, true, 1, path); got != kindINDI {
				t.Fatalf("fold %v: point(%s) = %d, want %d (INDI)", fold, id, got, kindINDI)
			}
			if dup, _ := x.define("F"+strconv.Itoa(i), kindFAM, 1); dup != 100000+i {
				t.Fatalf("second define(F%d) = %d, want the first line %d", i, dup, 100000+i)
			}
		}
		if got := x.point("F5", kindFAM, true, 1, path); got != kindFAM {
			t.Errorf("point(F5) = %d, want %d (FAM)", got, kindFAM)
		}
		// A pointer that wanted another kind, and one left dangling.
		x.point("S1", kindSOUR, true, 7, func() string { return "INDI.SOUR" })
		x.point("X1", kindNone, false, 8, func() string { return "INDI._X" })
		if _, bad := x.define("S1", kindREPO, 9); len(bad) != 1 || bad[0].want != kindSOUR || bad[0].line != 7 || bad[0].path != "INDI.SOUR" {
			t.Errorf("define(S1) as REPO: mismatches %+v, want one wanting SOUR from line 7 at INDI.SOUR", bad)
		}
		und := x.undefined()
		if len(und) != 1 || und[0].id != "X1" || und[0].line != 8 || und[0].path != "INDI._X" || und[0].standard {
			t.Errorf("undefined() = %+v, want X1 from line 8 at INDI._X, not standard", und)
		}
	}
}
