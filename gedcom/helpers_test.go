package gedcom

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag (var update) that rewrites golden files is declared
// in kin_test.go; the package has one flag for all its golden files.

// codecSharedDir returns ../shared/data/gedcom relative to the module root, or
// skips the test when it is absent.
func codecSharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("../shared not found: no go.mod above the package")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "data", "gedcom")
	if _, err := os.Stat(shared); err != nil {
		tb.Skipf("../shared not found: %v", err)
	}
	return shared
}

// nodeDump prints a Node tree one structure a line, for comparisons and
// golden files.
func nodeDump(nodes []*Node) string {
	var b strings.Builder
	var walk func(level int, n *Node)
	walk = func(level int, n *Node) {
		fmt.Fprintf(&b, "%d", level)
		if n.Xref != "" {
			fmt.Fprintf(&b, " @%s@", n.Xref)
		}
		fmt.Fprintf(&b, " %s", n.Tag)
		if n.Pointer != "" {
			fmt.Fprintf(&b, " ->%s", n.Pointer)
		}
		if n.Value != "" {
			fmt.Fprintf(&b, " %q", n.Value)
		}
		b.WriteByte('\n')
		for _, c := range n.Nodes {
			walk(level+1, c)
		}
	}
	for _, n := range nodes {
		walk(0, n)
	}
	return b.String()
}

// nodesEqual reports whether two record lists hold the same structures,
// ignoring line numbers, and describes the first difference.
func nodesEqual(a, b []*Node) (bool, string) {
	da, db := nodeDump(a), nodeDump(b)
	if da == db {
		return true, ""
	}
	la, lb := strings.Split(da, "\n"), strings.Split(db, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return false, fmt.Sprintf("structure %d: got %s, want %s", i+1, la[i], lb[i])
		}
	}
	return false, fmt.Sprintf("got %d structures, want %d", len(la), len(lb))
}

func decodeData(tb testing.TB, data []byte, lenient bool) (*Document, error) {
	tb.Helper()
	d := NewDecoder(bytes.NewReader(data))
	d.Lenient = lenient
	return d.Decode()
}

func encodeData(tb testing.TB, doc *Document, version string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	e.Version = version
	e.BOM = doc.BOM
	if err := e.EncodeDocument(doc); err != nil {
		tb.Fatalf("EncodeDocument: %v", err)
	}
	return buf.Bytes()
}
