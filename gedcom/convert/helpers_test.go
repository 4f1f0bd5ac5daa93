package convert

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"kin/gedcom"
)

// sharedDir returns ../shared next to the directory holding go.mod, or
// skips the test when it is absent.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		up := filepath.Dir(dir)
		if up == dir {
			tb.Skip("../shared not found: no go.mod above the package")
		}
		dir = up
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		tb.Skipf("../shared not found: %v", err)
	}
	return shared
}

// decodeFile reads a GEDCOM file leniently, as kin convert does.
func decodeFile(tb testing.TB, path string) *gedcom.Document {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return decodeBytes(tb, filepath.Base(path), b)
}

func decodeBytes(tb testing.TB, name string, b []byte) *gedcom.Document {
	tb.Helper()
	dec := gedcom.NewDecoder(bytes.NewReader(b))
	dec.Filename = name
	dec.Lenient = true
	doc, err := dec.Decode()
	if err != nil {
		tb.Fatalf("decode %s: %v", name, err)
	}
	return doc
}

// encode writes d in version.
func encode(tb testing.TB, d *gedcom.Document, version string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc := gedcom.NewEncoder(&buf)
	enc.Version = version
	if err := enc.EncodeDocument(d); err != nil {
		tb.Fatalf("encode %s: %v", version, err)
	}
	return buf.Bytes()
}

// canonOptions says which equivalences canon applies on top of those of
// the conversion tests' README.
type canonOptions struct {
	// drop lists paths ("HEAD.SOUR", "_SUBN") left out of the comparison.
	drop map[string]bool
	// alias replaces payloads before comparing.
	alias map[string]string
	// text rewrites PHRASE and NOTE payloads before comparing.
	text *strings.Replacer
}

var gregorian = regexp.MustCompile(`\bGREGORIAN `)
var percent = regexp.MustCompile(`%[0-9a-fA-F]{2}`)

// canon returns the records of d as canonical strings, one per record,
// sorted, applying the equivalences of the conversion tests' README:
// substructures of different tags may come in any order, an empty payload
// equals a missing one, "GREGORIAN " may be left out of dates, extension
// tags declared in HEAD.SCHMA are known by their URI, and cross-reference
// identifiers are arbitrary (each record is named by a hash of its content,
// refined through the records it points to). Percent-escapes in FILE
// payloads compare without regard to case (RFC 3986 section 2.1).
func canon(d *gedcom.Document, opt canonOptions) []string {
	uris := map[string]string{}
	if h := d.Header(); h != nil {
		for _, s := range h.All("SCHMA") {
			for _, t := range s.All("TAG") {
				if f := strings.Fields(t.Value); len(f) == 2 {
					uris[f[0]] = f[1]
				}
			}
		}
	}
	byXref := map[string]*gedcom.Node{}
	for _, r := range d.Records {
		if r.Xref != "" {
			byXref[r.Xref] = r
		}
	}
	name := map[string]string{}
	var str func(n *gedcom.Node, path string) string
	str = func(n *gedcom.Node, path string) string {
		tag := n.Tag
		if u, ok := uris[tag]; ok {
			tag = "<" + u + ">"
		}
		p := path + "." + n.Tag
		if path == "" {
			p = n.Tag
		}
		v := n.Value
		if a, ok := opt.alias[v]; ok {
			v = a
		}
		switch n.Tag {
		case "DATE":
			v = gregorian.ReplaceAllString(v, "")
		case "FILE":
			v = percent.ReplaceAllStringFunc(v, strings.ToUpper)
		case "PHRASE", "NOTE":
			if opt.text != nil {
				v = opt.text.Replace(v)
			}
		case "SCHMA":
			var us []string
			for _, t := range n.Nodes {
				if f := strings.Fields(t.Value); len(f) == 2 {
					us = append(us, f[1])
				}
			}
			sort.Strings(us)
			return "SCHMA{" + strings.Join(us, ",") + "}"
		}
		var b strings.Builder
		b.WriteString(tag)
		if n.Pointer != "" {
			switch {
			case n.Pointer == "VOID":
				b.WriteString(" @VOID@")
			case byXref[n.Pointer] == nil:
				b.WriteString(" @MISSING@")
			default:
				b.WriteString(" @" + name[n.Pointer] + "@")
			}
		} else if v != "" {
			b.WriteString(" " + v)
		}
		// Group substructures by tag, keeping their order within a tag.
		groups := map[string][]string{}
		var tags []string
		for _, s := range n.Nodes {
			if opt.drop[p+"."+s.Tag] {
				continue
			}
			if _, ok := groups[s.Tag]; !ok {
				tags = append(tags, s.Tag)
			}
			groups[s.Tag] = append(groups[s.Tag], str(s, p))
		}
		sort.Strings(tags)
		if len(tags) > 0 {
			b.WriteString("{")
			for _, t := range tags {
				for _, s := range groups[t] {
					b.WriteString(s)
					b.WriteString(";")
				}
			}
			b.WriteString("}")
		}
		return b.String()
	}
	hash := func(s string) string {
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:6])
	}
	var out []string
	for round := 0; round < 4; round++ {
		next := map[string]string{}
		out = out[:0]
		for _, r := range d.Records {
			if opt.drop[r.Tag] {
				continue
			}
			s := str(r, "")
			if r.Xref != "" {
				next[r.Xref] = r.Tag + "-" + hash(s)
			}
			out = append(out, s)
		}
		name = next
	}
	sort.Strings(out)
	return out
}

// diffCanon returns the canonical records only in a and only in b.
func diffCanon(a, b []string) (onlyA, onlyB []string) {
	count := map[string]int{}
	for _, s := range a {
		count[s]++
	}
	for _, s := range b {
		count[s]--
	}
	for _, s := range a {
		if count[s] > 0 {
			onlyA = append(onlyA, s)
			count[s]--
		}
	}
	for _, s := range b {
		if count[s] < 0 {
			onlyB = append(onlyB, s)
			count[s]++
		}
	}
	return onlyA, onlyB
}
