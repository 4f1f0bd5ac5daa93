package gedcom

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzSeeds adds small inputs that reach each part of the decoder, and
// the testdata/codec files.
func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"",
		"0 HEAD\n0 TRLR\n",
		head7 + "0 @I1@ INDI\n1 NAME a\n2 CONT b\n1 FAMC @VOID@\n0 TRLR\n",
		head551 + "0 @N1@ NOTE a@@b @#DJULIAN@ x\n1 CONC y\n0 TRLR\n",
		head7 + "0 @N1@ SNOTE @@x\n0 TRLR",
		"0 HEAD\r1 CHAR ANSEL\r0 @I1@ INDI\r1 NAME \xE2a\xA1\r0 TRLR\r",
		"0 HEAD\n1 CHAR ANSI\n0 @I1@ INDI\n1 NAME \x80\xE9\n0 TRLR\n",
		"\xEF\xBB\xBF0 HEAD\n1 GEDC\n2 VERS 7.0\n0 TRLR\n",
		"\xFF\xFE0\x00 \x00H\x00E\x00A\x00D\x00\n\x000\x00 \x00T\x00R\x00L\x00R\x00\n\x00",
		"0\x00 \x00H\x00E\x00A\x00D\x00\n\x00",
		"\x000\x00 \x00H\x00E\x00A\x00D",
		"0 HEAD\n\n  1 SOUR x\nfree text\n3 X\n0 TRLR\n\x1a",
		"0 HEAD\n1 NOTE " + strings.Repeat("x", 300) + "\n0 TRLR\n",
		"0 HEAD\n1 X @a b@\n1 @X@ CONT y\n0 @ @ INDI\n",
		"01 HEAD\n0  @I1@\tINDI\n",
	} {
		f.Add([]byte(s))
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "codec", "*.ged"))
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
}

// FuzzDecode checks that decoding never panics, strictly or leniently, and
// that every error is a *SyntaxError with a position.
func FuzzDecode(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			d := NewDecoder(bytes.NewReader(data))
			d.Lenient = lenient
			d.ReuseRecord = lenient
			for {
				_, err := d.Next()
				if err == nil {
					continue
				}
				if err.Error() == "EOF" {
					break
				}
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("lenient=%v: error %v is not a *SyntaxError", lenient, err)
				}
				if se.Pos.Line == 0 {
					t.Fatalf("lenient=%v: error %v has no line", lenient, err)
				}
				break
			}
		}
	})
}

// FuzzRoundTrip checks that what the decoder reads, the encoder writes so
// that the decoder reads the same structures again.
func FuzzRoundTrip(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lenient := range []bool{false, true} {
			d := NewDecoder(bytes.NewReader(data))
			d.Lenient = lenient
			doc, err := d.Decode()
			if err != nil {
				continue
			}
			version := "5.5.1"
			if strings.HasPrefix(doc.Version, "7") {
				version = "7.0"
			}
			var buf bytes.Buffer
			e := NewEncoder(&buf)
			e.Version = version
			if err := e.EncodeDocument(doc); err != nil {
				if errors.Is(err, ErrEncode) {
					continue // a structure only lenient decoding accepts, such as an identifier "# x"
				}
				t.Fatalf("EncodeDocument: %v", err)
			}
			d2 := NewDecoder(bytes.NewReader(buf.Bytes()))
			d2.Lenient = lenient
			doc2, err := d2.Decode()
			if err != nil {
				t.Fatalf("lenient=%v: decode of re-encoded %q: %v", lenient, buf.Bytes(), err)
			}
			want := doc.Records
			if version != "7.0" {
				want = withUTF8Char(want)
			}
			if ok, diff := nodesEqual(doc2.Records, want); !ok {
				t.Fatalf("lenient=%v: decode → encode → decode: %s\ninput %q\nencoded %q", lenient, diff, data, buf.Bytes())
			}
		}
	})
}
