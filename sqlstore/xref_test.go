package sqlstore

import (
	"regexp"
	"testing"
)

// TestValidXref checks validXref against the pattern it writes out.
func TestValidXref(t *testing.T) {
	re := regexp.MustCompile(`^[A-Z0-9][A-Z0-9_]{0,19}$`)
	for _, x := range []string{"", "I1", "_I1", "I_1", "i1", "I-1", "ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789X", "@I1@", "É1", "1", "_", "VOID", "I 1"} {
		if got, want := validXref(x), re.MatchString(x); got != want {
			t.Errorf("validXref(%q) = %v, want %v", x, got, want)
		}
	}
}
