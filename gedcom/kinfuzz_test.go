package gedcom

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzToTree checks that mapping never panics on whatever the lenient
// decoder accepts, and that the tree written back with FromTree maps
// again without error to as many people and families.
func FuzzToTree(f *testing.F) {
	for _, name := range []string{"v551.ged", "v70.ged"} {
		b, err := os.ReadFile(filepath.Join("testdata", "kin", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("0 HEAD\n0 @I1@ INDI\n1 FAMC @F1@\n2 PEDI OTHER\n0 @F1@ FAM\n1 CHIL @I1@\n1 HUSB @I1@\n0 TRLR\n"))
	f.Add([]byte("0 HEAD\n0 @I1@ INDI\n1 ADOP\n2 FAMC @F1@\n3 ADOP WIFE\n1 FAMC @F1@\n2 _FREL Adopted\n2 _MREL birth\n0 @F1@ FAM\n1 WIFE @I2@\n1 CHIL @I1@\n2 _MREL Step\n0 @I2@ INDI\n0 TRLR\n"))
	f.Add([]byte("0 @X@ INDI\n1 ASSO @X@\n2 ROLE\n1 BIRT\n2 PLAC\n3 MAP\n4 LATI N\n0 @X@ FAM\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := NewDecoder(bytes.NewReader(data))
		dec.Lenient = true
		dec.Warn = func(error) {}
		doc, err := dec.Decode()
		if err != nil {
			return
		}
		b := NewTreeBuilder()
		b.AllowDuplicateXrefs = true
		for _, r := range doc.Records {
			if err := b.Add(r); err != nil {
				t.Fatalf("Add with AllowDuplicateXrefs: %v", err)
			}
		}
		tree := b.Tree()
		for _, version := range []string{"7.0", "5.5.1"} {
			again, err := ToTree(FromTree(tree, version))
			if err != nil {
				t.Fatalf("ToTree(FromTree(…, %s)): %v", version, err)
			}
			if len(again.People) != len(tree.People) || len(again.Families) != len(tree.Families) {
				t.Fatalf("FromTree %s: got %d people and %d families back, want %d and %d",
					version, len(again.People), len(again.Families), len(tree.People), len(tree.Families))
			}
			if strings.HasPrefix(version, "7") {
				var buf bytes.Buffer
				enc := NewEncoder(&buf)
				if err := enc.EncodeDocument(FromTree(tree, version)); err != nil {
					t.Fatalf("encode FromTree output: %v", err)
				}
			}
		}
	})
}
