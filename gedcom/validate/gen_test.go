package validate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestGenerated checks that spec_gen.go is what internal/gen makes from
// the specification data in ../shared now.
func TestGenerated(t *testing.T) {
	spec := filepath.Join(sharedDir(t), "data", "gedcom7-spec")
	if testing.Short() {
		t.Skip("runs go run ./internal/gen")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(goTool, "run", "./internal/gen", "-spec", spec, "-o", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("go run ./internal/gen: %v\n%s", err, stderr.String())
	}
	want, err := os.ReadFile("spec_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("spec_gen.go is out of date with %s: run go generate ./gedcom/validate", spec)
	}
}

// TestSchemaTables checks invariants of the generated tables that the
// validator relies on.
func TestSchemaTables(t *testing.T) {
	for _, s := range []*schema{&schema70, &schema71, &schema551} {
		t.Run(s.version, func(t *testing.T) {
			for i, st := range s.structs {
				for j, e := range st.subs {
					if int(e.typ) >= len(s.structs) {
						t.Errorf("struct %d (%s) sub %s: type %d out of range", i, st.uri, e.key, e.typ)
					}
					if j > 0 && st.subs[j-1].key > e.key {
						t.Errorf("struct %d (%s): subs not sorted at %s", i, st.uri, e.key)
					}
				}
				if st.payload == payloadPointer && (st.target == 0 || int(st.target) >= len(s.structs)) {
					t.Errorf("struct %d (%s): pointer without a target", i, st.uri)
				}
				if (st.payload == payloadEnum || st.payload == payloadListEnum) && (st.set == 0 || int(st.set) >= len(s.sets)) {
					t.Errorf("struct %d (%s): enumeration without a set", i, st.uri)
				}
			}
			lo, hi := s.structs[0].lookup("HEAD")
			if hi-lo != 1 {
				t.Errorf("root has %d HEAD entries, want 1", hi-lo)
			}
		})
	}
}
