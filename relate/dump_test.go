package relate

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"kin"
	"kin/date"
)

func TestDumpTmp(t *testing.T) {
	spec := os.Getenv("DUMP")
	if spec == "" {
		t.Skip()
	}
	g := NewTreeGraph(loadTree(t, os.Getenv("TREE")))
	for _, item := range strings.Split(spec, ",") {
		f := strings.Fields(item)
		var at date.Date
		if len(f) > 2 {
			y, _ := strconv.Atoi(f[2])
			at = date.Year(y)
		}
		r, err := Find(context.Background(), g, kin.ID(f[0]), kin.ID(f[1]), Options{At: at, Now: fixedNow})
		if err != nil {
			fmt.Println(item, "ERR", err)
			continue
		}
		fmt.Printf("{%q, %q, %q, %d, %q},\n", strings.Join(f, " "), f[0], f[1], at.Start.Year, r.Phrase())
	}
}
