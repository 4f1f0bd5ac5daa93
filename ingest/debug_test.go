package ingest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDebugDump prints the items of every sentence of the article named by
// KIN_INGEST_DEBUG; it is skipped otherwise.
func TestDebugDump(t *testing.T) {
	path := os.Getenv("KIN_INGEST_DEBUG")
	if path == "" {
		t.Skip("KIN_INGEST_DEBUG not set")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	a, err := ParseArticle(path, f, "")
	if err != nil {
		t.Fatal(err)
	}
	g := &Grammar{trace: func(c *sctx) {
		var b strings.Builder
		for _, it := range c.items {
			if it.np == nil {
				b.WriteString(c.toks[it.tok].text + " ")
				continue
			}
			var names []string
			for _, e := range it.np.ents {
				names = append(names, e.find().fullName()+"/"+string(e.find().sex))
			}
			k := ""
			if it.np.kin != nil {
				k = it.np.kin.word + ":"
			}
			fmt.Fprintf(&b, "[%s%s] ", k, strings.Join(names, "+"))
		}
		fmt.Printf("S%d: %s\n", c.si, b.String())
	}}
	x, err := g.Extract(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range x.Relations {
		fmt.Printf("%s %s %s %s\n", r.Type, r.A, r.B, r.Label)
	}
}
