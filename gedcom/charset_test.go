package gedcom

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
)

func utf16Bytes(s string, bigEndian, bom bool) string {
	u := utf16.Encode([]rune(s))
	if bom {
		u = append([]uint16{0xFEFF}, u...)
	}
	b := make([]byte, 0, 2*len(u))
	for _, c := range u {
		if bigEndian {
			b = append(b, byte(c>>8), byte(c))
		} else {
			b = append(b, byte(c), byte(c>>8))
		}
	}
	return string(b)
}

// TestCharsets checks each character set the decoder reads, from the
// byte order mark, the byte pattern, or HEAD.CHAR.
func TestCharsets(t *testing.T) {
	file := func(char, note string) string {
		return "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR " + char + "\n0 @N1@ NOTE " + note + "\n0 TRLR\n"
	}
	tests := []struct {
		name     string
		in       string
		lenient  bool
		encoding string
		note     string
		wantErr  string // the error's text, when decoding fails
	}{
		{name: "UTF-8", in: file("UTF-8", "Kraków Żółć"), encoding: "UTF-8", note: "Kraków Żółć"},
		{name: "UTF-8 BOM beats CHAR", in: "\xEF\xBB\xBF" + file("ANSEL", "Kraków"), encoding: "UTF-8", note: "Kraków"},
		{name: "UNICODE that is UTF-8", in: file("UNICODE", "Kraków"), encoding: "UTF-8", note: "Kraków"},
		{name: "no CHAR means UTF-8", in: "0 HEAD\n0 @N1@ NOTE Åsgard\n0 TRLR\n", encoding: "UTF-8", note: "Åsgard"},
		{name: "UTF-16LE with BOM", in: utf16Bytes(file("UNICODE", "Kraków 𝄞"), false, true), encoding: "UTF-16LE", note: "Kraków 𝄞"},
		{name: "UTF-16BE with BOM", in: utf16Bytes(file("UNICODE", "Kraków"), true, true), encoding: "UTF-16BE", note: "Kraków"},
		{name: "UTF-16LE without BOM", in: utf16Bytes(file("UNICODE", "Kraków"), false, false), encoding: "UTF-16LE", note: "Kraków"},
		{name: "UTF-16BE without BOM", in: utf16Bytes(file("UNICODE", "Kraków"), true, false), encoding: "UTF-16BE", note: "Kraków"},
		{name: "ANSEL", in: file("ANSEL", "Krak\xE2ow \xA1\xE2odz \xB9"), encoding: "ANSEL", note: "Kraków Łódz £"},
		{name: "ANSEL two marks", in: file("ANSEL", "\xE3\xF2a"), encoding: "ANSEL", note: "ậ"},
		{name: "ANSEL mark at end", in: file("ANSEL", "x\xE2"), encoding: "ANSEL", note: "x\u0301"},
		{name: "ANSI is Windows-1252", in: file("ANSI", "\x80 caf\xE9 \x93q\x94"), encoding: "CP1252", note: "€ café “q”"},
		{name: "IBM WINDOWS", in: file("IBM WINDOWS", "caf\xE9"), encoding: "CP1252", note: "café"},
		{name: "LATIN1", in: file("LATIN1", "caf\xE9"), encoding: "ISO-8859-1", note: "café"},
		{name: "IBMPC is code page 437", in: file("IBMPC", "Fr\x82mont \x9C"), encoding: "CP437", note: "Frémont £"},
		{name: "MACINTOSH", in: file("MACINTOSH", "caf\x8E"), encoding: "MACINTOSH", note: "café"},
		{name: "ASCII", in: file("ASCII", "plain"), encoding: "ASCII", note: "plain"},
		{name: "GEDCOM 7 is UTF-8 whatever CHAR says", in: "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 CHAR ANSEL\n0 @N1@ SNOTE Kraków\n0 TRLR\n", encoding: "UTF-8", note: "Kraków"},

		{name: "ASCII with a high byte", in: file("ASCII", "caf\xE9"), wantErr: "5:16: byte 0xe9 is not valid ASCII"},
		{name: "ANSEL undefined byte", in: file("ANSEL", "a\x85b"), wantErr: "5:14: byte 0x85 is not valid ANSEL"},
		{name: "UTF-8 invalid byte", in: file("UTF-8", "a\x85b"), wantErr: "5:14: byte 0x85 is not valid UTF-8"},
		{name: "unknown CHAR", in: file("EBCDIC", "x"), wantErr: "4: unknown character set \"EBCDIC\""},
		{name: "lenient ASCII with a high byte", in: file("ASCII", "caf\xE9"), lenient: true, encoding: "ASCII", note: "caf\uFFFD"},
		{name: "lenient ANSEL undefined byte", in: file("ANSEL", "a\x85b"), lenient: true, encoding: "ANSEL", note: "a\uFFFDb"},
		{name: "lenient unknown CHAR", in: file("EBCDIC", "x"), lenient: true, encoding: "UTF-8", note: "x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.in))
			d.Lenient = tt.lenient
			doc, err := d.Decode()
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Decode() error = %v, want %s", err, tt.wantErr)
				}
				if !errors.Is(err, ErrEncoding) {
					t.Errorf("errors.Is(%v, ErrEncoding) = false", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode() error = %v", err)
			}
			if doc.Encoding != tt.encoding {
				t.Errorf("Encoding = %q, want %q", doc.Encoding, tt.encoding)
			}
			var note string
			for _, r := range doc.Records {
				if r.Xref == "N1" {
					note = r.Value
				}
			}
			if note != tt.note {
				t.Errorf("NOTE = %q, want %q", note, tt.note)
			}
			if tt.lenient && strings.Contains(tt.note, "\uFFFD") && len(d.Warnings) == 0 {
				t.Error("no warning for a replaced byte")
			}
		})
	}
}

// TestFamousFamilyTrees checks two files of the famous-family-trees set
// whose character sets need care: a Brother's Keeper IBMPC (code page
// 437) file, and a file with no CHAR whose text is UTF-8 (0x85 there is
// the second byte of Å, not a character of its own).
func TestFamousFamilyTrees(t *testing.T) {
	root := codecSharedDir(t)
	tests := []struct{ file, encoding, want string }{
		{"samples/famous-family-trees/US-presidents/US+Presidents+Trees+I.ged", "CP437", "John C. Frémont"},
		{"samples/famous-family-trees/religious-figures-and-systems/Wikipedia+Gods+not+Yet+Connected.ged", "UTF-8", "ÅSGARD"},
	}
	for _, tt := range tests {
		doc := readShared(t, root, tt.file, true)
		if doc.Encoding != tt.encoding {
			t.Errorf("%s: Encoding = %q, want %q", tt.file, doc.Encoding, tt.encoding)
		}
		found := false
		for _, r := range doc.Records {
			r.Walk(func(_ []string, n *Node) bool {
				found = found || strings.Contains(n.Value, tt.want)
				return !found
			})
		}
		if !found {
			t.Errorf("%s: no %q in the decoded text", tt.file, tt.want)
		}
	}
}
