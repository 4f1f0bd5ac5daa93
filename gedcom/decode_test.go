package gedcom

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

const (
	head7   = "0 HEAD\n1 GEDC\n2 VERS 7.0\n"
	head551 = "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n"
)

// TestDecodeLines checks the line grammar: what each valid input decodes
// to, and the exact position and kind of each error.
func TestDecodeLines(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		opt     func(*Decoder)
		want    string // nodeDump of the records after HEAD, without TRLR
		wantErr error
		wantPos string // "line:col"
	}{
		{name: "xref and pointer", in: head7 + "0 @I1@ INDI\n1 FAMC @F1@\n0 TRLR\n",
			want: "0 @I1@ INDI\n1 FAMC ->F1\n"},
		{name: "void pointer", in: head7 + "0 @F1@ FAM\n1 HUSB @VOID@\n0 TRLR\n",
			want: "0 @F1@ FAM\n1 HUSB ->VOID\n"},
		{name: "multi-digit levels", in: head7 + "0 @I1@ INDI\n1 A\n2 B\n3 C\n4 D\n5 E\n6 F\n7 G\n8 H\n9 I\n10 J\n11 K\n0 TRLR\n",
			want: "0 @I1@ INDI\n1 A\n2 B\n3 C\n4 D\n5 E\n6 F\n7 G\n8 H\n9 I\n10 J\n11 K\n"},
		{name: "CONT and CONC", in: head551 + "0 @N1@ NOTE first\n1 CONC  half\n1 CONT second\n1 CONT\n1 CONT fourth \n0 TRLR\n",
			want: "0 @N1@ NOTE \"first half\\nsecond\\n\\nfourth \"\n"},
		{name: "CONT after a substructure", in: head551 + "0 @I1@ INDI\n1 NOTE a\n2 SOUR @S1@\n2 CONT b\n0 TRLR\n",
			want: "0 @I1@ INDI\n1 NOTE \"a\\nb\"\n2 SOUR ->S1\n"},
		{name: "7.0 leading @@", in: head7 + "0 @N1@ SNOTE @@me and @you\n1 CONT @@x @@ y\n0 TRLR\n",
			want: "0 @N1@ SNOTE \"@me and @you\\n@x @@ y\"\n"},
		{name: "5.5.1 @@ anywhere", in: head551 + "0 @N1@ NOTE a@@b @@c\n0 TRLR\n",
			want: "0 @N1@ NOTE \"a@b @c\"\n"},
		{name: "5.5.1 date escape kept", in: head551 + "0 @I1@ INDI\n1 BIRT\n2 DATE @#DJULIAN@ 1 JAN 1700\n0 TRLR\n",
			want: "0 @I1@ INDI\n1 BIRT\n2 DATE \"@#DJULIAN@ 1 JAN 1700\"\n"},
		{name: "extension tag and empty payload", in: head7 + "0 @I1@ INDI\n1 _MYTAG\n2 _X y\n0 TRLR\n",
			want: "0 @I1@ INDI\n1 _MYTAG\n2 _X \"y\"\n"},
		{name: "CRLF and CR mixed", in: strings.ReplaceAll(head7, "\n", "\r\n") + "0 @I1@ INDI\r1 SEX M\n0 TRLR\r\n",
			want: "0 @I1@ INDI\n1 SEX \"M\"\n"},
		{name: "no final newline", in: head7 + "0 TRLR", want: ""},
		{name: "BOM", in: "\xEF\xBB\xBF" + head7 + "0 TRLR\n", want: ""},

		{name: "level jump", in: head7 + "0 @I1@ INDI\n2 NAME x\n0 TRLR\n",
			wantErr: ErrLevel, wantPos: "5:1"},
		{name: "level jump deeper", in: head7 + "0 @I1@ INDI\n1 BIRT\n2 DATE 1900\n4 X\n0 TRLR\n",
			wantErr: ErrLevel, wantPos: "7:1"},
		{name: "first line not level 0", in: "1 HEAD\n0 TRLR\n", wantErr: ErrLevel, wantPos: "1:1"},
		{name: "no level", in: head7 + "INDI\n0 TRLR\n", wantErr: ErrLevel, wantPos: "4:1"},
		{name: "leading zero", in: head7 + "0 @I1@ INDI\n01 SEX M\n0 TRLR\n", wantErr: ErrLevel, wantPos: "5:1"},
		{name: "two spaces", in: head7 + "0  @I1@ INDI\n0 TRLR\n", wantErr: ErrSyntax, wantPos: "4:3"},
		{name: "missing tag", in: head7 + "0 @I1@\n0 TRLR\n", wantErr: ErrSyntax, wantPos: "4:7"},
		{name: "unterminated xref", in: head7 + "0 @I1 INDI\n0 TRLR\n", wantErr: ErrXref, wantPos: "4:3"},
		{name: "lower-case xref in 7.0", in: head7 + "0 @i1@ INDI\n0 TRLR\n", wantErr: ErrXref, wantPos: "4:4"},
		{name: "VOID as xref", in: head7 + "0 @VOID@ INDI\n0 TRLR\n", wantErr: ErrXref, wantPos: "4:3"},
		{name: "lower-case tag in 7.0", in: head7 + "0 @I1@ INDI\n1 Sex M\n0 TRLR\n", wantErr: ErrSyntax, wantPos: "5:4"},
		{name: "bad pointer in 7.0", in: head7 + "0 @F1@ FAM\n1 HUSB @i-1@\n0 TRLR\n", wantErr: ErrPointer, wantPos: "5:9"},
		{name: "lone leading @ in 7.0", in: head7 + "0 @N1@ SNOTE @ home\n0 TRLR\n", wantErr: ErrAt, wantPos: "4:14"},
		{name: "lone @ in 5.5.1", in: head551 + "0 @N1@ NOTE me@example.com\n0 TRLR\n", wantErr: ErrAt, wantPos: "5:15"},
		{name: "blank line", in: head7 + "\n0 TRLR\n", wantErr: ErrSyntax, wantPos: "4:1"},
		{name: "leading white space", in: head7 + "  0 TRLR\n", wantErr: ErrSyntax, wantPos: "4:1"},
		{name: "CONT at level 0", in: head7 + "0 CONT x\n0 TRLR\n", wantErr: ErrCONT, wantPos: "4:3"},
		{name: "CONT under a pointer", in: head551 + "0 @F1@ FAM\n1 HUSB @I1@\n2 CONT x\n0 TRLR\n", wantErr: ErrCONT, wantPos: "7:3"},
		{name: "CONT with substructure", in: head551 + "0 @N1@ NOTE a\n1 CONT b\n2 CONT c\n0 TRLR\n", wantErr: ErrCONT, wantPos: "7:1"},
		{name: "missing TRLR", in: head7 + "0 @I1@ INDI\n", wantErr: ErrTrailer, wantPos: "5"},
		{name: "content after TRLR", in: head7 + "0 TRLR\n0 @I1@ INDI\n", wantErr: ErrTrailer, wantPos: "5:1"},
		{name: "empty file", in: "", wantErr: ErrHeader, wantPos: "1"},
		{name: "not HEAD first", in: "0 @I1@ INDI\n0 TRLR\n", wantErr: ErrHeader, wantPos: "1:8"},
		{name: "long 5.5.1 line", in: head551 + "0 @N1@ NOTE " + strings.Repeat("x", 250) + "\n0 TRLR\n", wantErr: ErrLineTooLong, wantPos: "5:256"},
		{name: "long 7.0 line is fine", in: head7 + "0 @N1@ SNOTE " + strings.Repeat("x", 300) + "\n0 TRLR\n",
			want: "0 @N1@ SNOTE \"" + strings.Repeat("x", 300) + "\"\n"},
		{name: "invalid UTF-8", in: head7 + "0 @N1@ SNOTE caf\xE9\n0 TRLR\n", wantErr: ErrEncoding, wantPos: "4:17"},
		{name: "unknown charset", in: "0 HEAD\n1 CHAR EBCDIC\n0 TRLR\n", wantErr: ErrEncoding, wantPos: "2"},

		{name: "lenient level jump", in: head7 + "0 @I1@ INDI\n2 NAME x\n0 TRLR\n", opt: Lenient,
			want: "0 @I1@ INDI\n1 NAME \"x\"\n"},
		{name: "lenient blank lines and indent", in: head551 + "\n  0 @I1@ INDI\n\t1 SEX M\n\n0 TRLR\n", opt: Lenient,
			want: "0 @I1@ INDI\n1 SEX \"M\"\n"},
		{name: "lenient unnumbered line", in: head551 + "0 @I1@ INDI\n1 NOTE a\nb\nc\n1 SEX M\n0 TRLR\n", opt: Lenient,
			want: "0 @I1@ INDI\n1 NOTE \"a\\nb\\nc\"\n1 SEX \"M\"\n"},
		{name: "lenient bad @", in: head551 + "0 @N1@ NOTE me@example.com\n0 TRLR\n", opt: Lenient,
			want: "0 @N1@ NOTE \"me@example.com\"\n"},
		{name: "lenient missing TRLR", in: head551 + "0 @I1@ INDI\n", opt: Lenient,
			want: "0 @I1@ INDI\n"},
		{name: "lenient invalid UTF-8", in: head7 + "0 @N1@ SNOTE caf\xE9\n0 TRLR\n", opt: Lenient,
			want: "0 @N1@ SNOTE \"caf\uFFFD\"\n"},
		{name: "lenient loose spacing", in: head551 + "0  @I1@  INDI\n01 SEX M\n0 TRLR\n", opt: Lenient,
			want: "0 @I1@ INDI\n1 SEX \"M\"\n"},
		{name: "lenient CONT under CONT", in: head551 + "0 @N1@ NOTE a\n1 CONT b\n2 CONT c\n0 TRLR\n", opt: Lenient,
			want: "0 @N1@ NOTE \"a\\nb\\nc\"\n"},
		{name: "ctrl-Z after TRLR", in: head551 + "0 TRLR\n\x1a", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewDecoder(strings.NewReader(tt.in))
			if tt.opt != nil {
				tt.opt(d)
			}
			doc, err := d.Decode()
			if tt.wantErr != nil {
				var se *SyntaxError
				if !errors.As(err, &se) {
					t.Fatalf("Decode() error = %v, want a *SyntaxError", err)
				}
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("Decode() error = %v, want %v", err, tt.wantErr)
				}
				pos := se.Pos.String()
				if tt.wantPos == "" {
					tt.wantPos = pos
				}
				if pos != tt.wantPos {
					t.Errorf("Decode() error at %s, want %s (%v)", pos, tt.wantPos, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decode() error = %v", err)
			}
			recs := doc.Records
			if len(recs) < 2 || recs[0].Tag != "HEAD" || recs[len(recs)-1].Tag != "TRLR" {
				if !(tt.opt != nil && len(recs) >= 1) {
					t.Fatalf("Decode() gave %d records, want HEAD … TRLR", len(recs))
				}
			}
			got := nodeDump(recs[1:])
			got = strings.TrimSuffix(got, "0 TRLR\n")
			if got != tt.want {
				t.Errorf("Decode() =\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestPositionString(t *testing.T) {
	tests := []struct {
		pos  Position
		want string
	}{
		{Position{"family.ged", 12, 3}, "family.ged:12:3"},
		{Position{"family.ged", 12, 0}, "family.ged:12"},
		{Position{"", 12, 3}, "12:3"},
		{Position{"family.ged", 0, 0}, "family.ged"},
		{Position{}, "-"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
	err := &SyntaxError{Pos: Position{"family.ged", 12, 3}, Err: &detail{ErrLevel, "level 3 follows level 1"}}
	if got, want := err.Error(), "family.ged:12:3: level 3 follows level 1"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrLevel) {
		t.Errorf("errors.Is(%v, ErrLevel) = false, want true", err)
	}
}

// TestWarnings checks that lenient decoding reports what it accepted, once
// per kind, through Warn or Warnings.
func TestWarnings(t *testing.T) {
	in := head551 + "0 @N1@ NOTE a@b\n0 @N2@ NOTE c@d\n\n0 TRLR\n"
	d := NewDecoder(strings.NewReader(in))
	d.Filename = "w.ged"
	d.Lenient = true
	if _, err := d.Decode(); err != nil {
		t.Fatal(err)
	}
	if len(d.Warnings) != 2 {
		t.Fatalf("got %d warnings %v, want 2 (one @, one blank line)", len(d.Warnings), d.Warnings)
	}
	if got, want := d.Warnings[0].Error(), "w.ged:5:14: @ in text must be doubled as @@ (accepted by AllowBadAtSigns; later cases are not reported)"; got != want {
		t.Errorf("first warning = %q, want %q", got, want)
	}
	var got []error
	d = NewDecoder(strings.NewReader(in))
	d.Lenient = true
	d.Warn = func(err error) { got = append(got, err) }
	if _, err := d.Decode(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(d.Warnings) != 0 {
		t.Errorf("Warn got %d warnings and Warnings %d, want 2 and 0", len(got), len(d.Warnings))
	}
}

// TestNextStreaming checks Next record by record, Version and Encoding, and
// that an error sticks.
func TestNextStreaming(t *testing.T) {
	d := NewDecoder(strings.NewReader(head551 + "0 @I1@ INDI\n0 @I2@ INDI\n0 TRLR\n"))
	if d.Version() != "" {
		t.Errorf("Version() before Next = %q, want \"\"", d.Version())
	}
	var tags []string
	for {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		tags = append(tags, n.Tag+n.Xref)
		if d.Version() != "5.5.1" || d.Encoding() != "UTF-8" {
			t.Errorf("Version(), Encoding() = %q, %q; want 5.5.1, UTF-8", d.Version(), d.Encoding())
		}
	}
	if got, want := strings.Join(tags, " "), "HEAD INDII1 INDII2 TRLR"; got != want {
		t.Errorf("records = %s, want %s", got, want)
	}
	if _, err := d.Next(); err != io.EOF {
		t.Errorf("Next after EOF = %v, want io.EOF", err)
	}

	d = NewDecoder(strings.NewReader(head7 + "0 @I1@ INDI\n2 X\n0 TRLR\n"))
	var first error
	for range 3 {
		if _, err := d.Next(); err != nil && err != io.EOF {
			if first == nil {
				first = err
			} else if err != first {
				t.Errorf("Next after error = %v, want the same error %v", err, first)
			}
		}
	}
	if first == nil {
		t.Error("Next never returned the level error")
	}
}

func TestReuseRecord(t *testing.T) {
	in := head7 + "0 @I1@ INDI\n1 NAME A\n0 @I2@ INDI\n1 NAME B\n1 SEX F\n0 TRLR\n"
	d := NewDecoder(strings.NewReader(in))
	d.ReuseRecord = true
	var names []string
	for {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, strings.TrimSpace(nodeDump([]*Node{n})))
	}
	want := []string{"0 HEAD\n1 GEDC\n2 VERS \"7.0\"", "0 @I1@ INDI\n1 NAME \"A\"", "0 @I2@ INDI\n1 NAME \"B\"\n1 SEX \"F\"", "0 TRLR"}
	if !equalStrings(names, want) {
		t.Errorf("records = %q, want %q", names, want)
	}
}

// TestLineEndings checks that Document.LineEnding reports the terminator
// used most.
func TestLineEndings(t *testing.T) {
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		in := strings.ReplaceAll(head7+"0 TRLR\n", "\n", eol)
		doc, err := NewDecoder(bytes.NewReader([]byte(in))).Decode()
		if err != nil {
			t.Fatal(err)
		}
		if doc.LineEnding != eol {
			t.Errorf("LineEnding = %q, want %q", doc.LineEnding, eol)
		}
	}
}
