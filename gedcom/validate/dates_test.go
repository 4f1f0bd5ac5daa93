package validate

import "testing"

// TestSimpleDate checks that the fast path for common dates accepts only
// what checkDate accepts, for every date payload kind, and that it does
// read the common forms.
func TestSimpleDate(t *testing.T) {
	var inputs []string
	for _, mod := range []string{"", "ABT ", "CAL ", "EST ", "BEF ", "AFT ", "FROM ", "TO ", "INT "} {
		for _, y := range []string{"1850", "1600", "1582", "999", "100", "2024", "1900", "2000", "0850", "12345"} {
			inputs = append(inputs, mod+y)
			for _, m := range []string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "jan", "VEND"} {
				inputs = append(inputs, mod+m+" "+y)
				for _, d := range []string{"1", "01", "9", "10", "28", "29", "30", "31", "32", "0"} {
					inputs = append(inputs, mod+d+" "+m+" "+y)
				}
			}
		}
	}
	inputs = append(inputs, "", "0", "ABT", "ABT ", "BET 1850 AND 1860", "1850/51", "1 JAN 1850 BCE",
		"JULIAN 1 JAN 1850", "@#DJULIAN@ 1 JAN 1850", "1 JANUARY 1850", "1  JAN 1850", "AFT  1850",
		"(phrase)", "1 JAN 1850 ", " 1850", "1 JAN 1850 BC")
	kinds := []payload{payloadDate, payloadDatePeriod, payloadDateExact, payloadTime, payloadAge,
		payloadDate551, payloadDatePeriod551, payloadDateExact551, payloadAge551}
	fast := map[payload]int{}
	for _, p := range kinds {
		for _, in := range inputs {
			if !simpleDate(p, in) {
				continue
			}
			fast[p]++
			if err := checkDate(p, in); err != nil {
				t.Errorf("simpleDate(%d, %q) = true, but checkDate says %v", p, in, err)
			}
		}
	}
	for _, p := range []payload{payloadDate, payloadDate551, payloadDateExact, payloadDateExact551} {
		if fast[p] < 100 {
			t.Errorf("simpleDate read %d dates of kind %d, want the common forms", fast[p], p)
		}
	}
}
