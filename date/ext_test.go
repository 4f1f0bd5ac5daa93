package date

import (
	"encoding/json"
	"testing"
	"unsafe"
)

func TestDayExt(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ext  Ext
	}{
		{"none", "3 APR 1958", Ext{}},
		{"calendar and month", "_UNKNOWN 13 _MONTH 17", Ext{Calendar: "_UNKNOWN", Month: "_MONTH"}},
		{"epoch", "1850 _AUC", Ext{Epoch: "_AUC"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := a.Start.Ext(); got != tt.ext {
				t.Errorf("Ext() = %+v, want %+v", got, tt.ext)
			}
			b, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if a != b {
				t.Errorf("two parses of %q differ with ==: %#v and %#v", tt.in, a, b)
			}
			if got := a.HasExtension(); got != (tt.ext != Ext{}) {
				t.Errorf("HasExtension() = %v, want %v", got, tt.ext != Ext{})
			}
			js, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("json.Marshal: %v", err)
			}
			var back Date
			if err := json.Unmarshal(js, &back); err != nil {
				t.Fatalf("json.Unmarshal(%s): %v", js, err)
			}
			if back != a {
				t.Errorf("JSON round trip of %q: got %#v, want %#v (JSON %s)", tt.in, back, a, js)
			}
		})
	}
}

func TestDayExtJSONNames(t *testing.T) {
	// Stores written before Day kept its extension behind a handle hold
	// these field names; they must still decode.
	var d Day
	if err := json.Unmarshal([]byte(`{"Calendar":0,"Year":17,"Month":0,"Day":13,"BCE":false,"DualYear":0,"ExtCalendar":"_UNKNOWN","ExtMonth":"_MONTH","ExtEpoch":""}`), &d); err != nil {
		t.Fatal(err)
	}
	want := Day{Year: 17, Day: 13}.WithExt(Ext{Calendar: "_UNKNOWN", Month: "_MONTH"})
	if d != want {
		t.Errorf("got %#v, want %#v", d, want)
	}
	if err := json.Unmarshal([]byte(`{"Year":"x"}`), &d); err == nil {
		t.Errorf("Unmarshal of a string year: got nil error, want one")
	}
}

func TestSizes(t *testing.T) {
	if got := unsafe.Sizeof(Day{}); got > 24 {
		t.Errorf("Sizeof(Day) = %d, want <= 24", got)
	}
	if got := unsafe.Sizeof(Date{}); got > 72 {
		t.Errorf("Sizeof(Date) = %d, want <= 72", got)
	}
}
