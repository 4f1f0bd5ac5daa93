package gedcom

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func encodeRecords(t *testing.T, version string, records ...*Node) (string, error) {
	t.Helper()
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	e.Version = version
	for _, r := range records {
		if err := e.Encode(r); err != nil {
			return "", err
		}
	}
	if err := e.Flush(); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func TestEncode(t *testing.T) {
	long := strings.Repeat("abcd ", 60) // 300 characters
	tests := []struct {
		name    string
		version string
		node    *Node
		want    string
	}{
		{"pointer and xref", "7.0", &Node{Xref: "F1", Tag: "FAM", Nodes: []*Node{{Tag: "HUSB", Pointer: "I1"}, {Tag: "WIFE", Pointer: "VOID"}}},
			"0 @F1@ FAM\n1 HUSB @I1@\n1 WIFE @VOID@\n"},
		{"empty value has no space", "7.0", &Node{Tag: "INDI", Nodes: []*Node{{Tag: "BIRT"}}}, "0 INDI\n1 BIRT\n"},
		{"CONT for line breaks", "7.0", &Node{Tag: "NOTE", Value: "a\n\nb \nc"}, "0 NOTE a\n1 CONT\n1 CONT b \n1 CONT c\n"},
		{"CR LF and CR in a value", "7.0", &Node{Tag: "NOTE", Value: "a\r\nb\rc"}, "0 NOTE a\n1 CONT b\n1 CONT c\n"},
		{"7.0 doubles only a leading @", "7.0", &Node{Tag: "NOTE", Value: "@me a@b @@c\n@x"}, "0 NOTE @@me a@b @@c\n1 CONT @@x\n"},
		{"5.5.1 doubles every @", "5.5.1", &Node{Tag: "NOTE", Value: "@me a@b\n@x"}, "0 NOTE @@me a@@b\n1 CONT @@x\n"},
		{"5.5.1 keeps date escapes", "5.5.1", &Node{Tag: "DATE", Value: "@#DJULIAN@ 1 JAN 1700"}, "0 DATE @#DJULIAN@ 1 JAN 1700\n"},
		{"7.0 has no CONC", "7.0", &Node{Tag: "NOTE", Value: long}, "0 NOTE " + long + "\n"},
		{"5.5.1 CONC between non-spaces", "5.5.1", &Node{Tag: "NOTE", Value: long},
			"0 NOTE " + strings.Repeat("abcd ", 49) + "ab\n1 CONC cd " + strings.Repeat("abcd ", 10) + "\n"},
		{"5.5.1 CONC never splits @@", "5.5.1", &Node{Tag: "NOTE", Value: strings.Repeat("@", 130)},
			"0 NOTE " + strings.Repeat("@@", 123) + "\n1 CONC " + strings.Repeat("@@", 7) + "\n"},
		{"5.5.1 CONC counts characters", "5.5.1", &Node{Tag: "NOTE", Value: strings.Repeat("é", 250)},
			"0 NOTE " + strings.Repeat("é", 247) + "\n1 CONC " + strings.Repeat("é", 3) + "\n"},
		{"5.5.1 HEAD.CHAR becomes UTF-8", "5.5.1", &Node{Tag: "HEAD", Nodes: []*Node{{Tag: "CHAR", Value: "ANSEL"}}}, "0 HEAD\n1 CHAR UTF-8\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeRecords(t, tt.version, tt.node)
			if err != nil {
				t.Fatalf("Encode() error = %v", err)
			}
			if got != tt.want {
				t.Errorf("Encode() =\n%q\nwant\n%q", got, tt.want)
			}
			for _, line := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
				if tt.version == "5.5.1" && len([]rune(line))+1 > 255 {
					t.Errorf("line of %d characters, want at most 254 and LF", len([]rune(line)))
				}
			}
			// Reading it back gives the same structures.
			doc, err := NewDecoder(strings.NewReader(got)).Decode()
			var se *SyntaxError
			if err != nil && !errors.As(err, &se) {
				t.Fatalf("decode: %v", err)
			}
			if err == nil || errors.Is(err, ErrTrailer) || errors.Is(err, ErrHeader) {
				return // the fragment has no HEAD or TRLR; checked elsewhere
			}
			_ = doc
		})
	}
}

// TestEncodeRoundTrip encodes values that stress escaping and splitting
// in both versions and decodes them again.
func TestEncodeRoundTrip(t *testing.T) {
	values := []string{
		"", "x", "@", "@@", "@I1@", " lead", "trail ", "a  b", strings.Repeat(" ", 300),
		strings.Repeat("x", 1000), strings.Repeat("ab ", 200), "@#DGREGORIAN@ 1 JAN 2000",
		"@#Dunclosed", strings.Repeat("@", 300), "line\nline\n\n", "\n", "ŁódźŁódź" + strings.Repeat("ż", 300),
		strings.Repeat("a", 250) + " " + strings.Repeat("b", 250),
	}
	for _, version := range []string{"7.0", "5.5.1"} {
		for _, v := range values {
			head := &Node{Tag: "HEAD"}
			head.Add("GEDC", "").Add("VERS", version)
			rec := &Node{Xref: "N1", Tag: "SNOTE", Value: v}
			if version != "7.0" {
				rec.Tag = "NOTE"
			}
			out, err := encodeRecords(t, version, head, rec, &Node{Tag: "TRLR"})
			if err != nil {
				t.Fatalf("Encode(%q): %v", v, err)
			}
			doc, err := NewDecoder(strings.NewReader(out)).Decode()
			if err != nil {
				t.Fatalf("version %s, value %q: decode %q: %v", version, v, out, err)
			}
			if got := doc.Records[1].Value; got != v {
				t.Errorf("version %s: value %q came back as %q", version, v, got)
			}
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	tests := []struct {
		name string
		node *Node
	}{
		{"empty tag", &Node{}},
		{"space in tag", &Node{Tag: "A B"}},
		{"@ in xref", &Node{Tag: "INDI", Xref: "I@1"}},
		{"pointer and value", &Node{Tag: "HUSB", Pointer: "I1", Value: "x"}},
		{"bad child", &Node{Tag: "INDI", Nodes: []*Node{{Tag: ""}}}},
		{"nil child", &Node{Tag: "INDI", Nodes: []*Node{nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := encodeRecords(t, "7.0", tt.node); !errors.Is(err, ErrEncode) {
				t.Errorf("Encode() error = %v, want ErrEncode", err)
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestEncodeWriteError(t *testing.T) {
	e := NewEncoder(failWriter{})
	doc := &Document{Records: []*Node{{Tag: "HEAD"}, {Tag: "TRLR"}}}
	if err := e.EncodeDocument(doc); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Errorf("EncodeDocument() error = %v, want the writer's error", err)
	}
}

func TestEncodeBOMAndLineEnding(t *testing.T) {
	var buf bytes.Buffer
	e := NewEncoder(&buf)
	e.BOM = true
	e.LineEnding = "\r\n"
	if err := e.EncodeDocument(&Document{Records: []*Node{{Tag: "HEAD"}, {Tag: "TRLR"}}}); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\xEF\xBB\xBF0 HEAD\r\n0 TRLR\r\n"; got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
}
