package validate

import (
	"errors"
	"io"
	"strings"
	"testing"

	"kin/gedcom"
)

// check decodes src and validates it as file "t.ged".
func check(t *testing.T, src string, opts Options) []string {
	t.Helper()
	d := gedcom.NewDecoder(strings.NewReader(src))
	d.Filename = "t.ged"
	d.AllowMissingTrailer = true
	v := New(opts)
	v.Filename = "t.ged"
	var ds []Diagnostic
	for {
		n, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		ds = append(ds, v.Record(n)...)
	}
	ds = append(ds, v.Finish()...)
	var out []string
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

// doc wraps body (records from line 4) in a 7.0 header and trailer.
func doc(body string) string {
	return "0 HEAD\n1 GEDC\n2 VERS 7.0\n" + body + "0 TRLR\n"
}

// doc551 wraps body (records from line 10) in a 5.5.1 header and trailer.
func doc551(body string) string {
	return "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n1 SOUR kin\n1 SUBM @U1@\n0 @U1@ SUBM\n1 NAME Submitter\n" + body + "0 TRLR\n"
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts Options
		want []string
	}{
		{"minimal", doc(""), Options{}, nil},
		{"wrong context", doc("0 @I1@ INDI\n1 HUSB @I1@\n"), Options{},
			[]string{"t.ged:5: INDI.HUSB: HUSB is not allowed in INDI"}},
		{"wrong context nested", doc("0 @I1@ INDI\n1 SEX M\n2 PHRASE male\n"), Options{},
			[]string{"t.ged:6: INDI.SEX.PHRASE: PHRASE is not allowed in INDI.SEX"}},
		{"unknown tag", doc("0 @I1@ INDI\n1 FOO bar\n"), Options{},
			[]string{"t.ged:5: INDI.FOO: FOO is not a standard tag"}},
		{"unknown tag lenient", doc("0 @I1@ INDI\n1 FOO bar\n"), Options{Lenient: true},
			[]string{"t.ged:5: warning: INDI.FOO: FOO is not a standard tag"}},
		{"unknown record", doc("0 FOO\n"), Options{},
			[]string{"t.ged:4: FOO: FOO is not a record type"}},
		{"extension tags anywhere", doc("0 @I1@ INDI\n1 _FOO bar\n2 NAME x\n1 BIRT\n2 _WHEN then\n0 _REC\n1 SEX nonsense\n"), Options{}, nil},
		{"cardinality exceeded", doc("0 @I1@ INDI\n1 SEX M\n1 SEX F\n"), Options{},
			[]string{"t.ged:6: INDI.SEX: more than one SEX in INDI"}},
		{"missing required record substructure", doc("0 @R1@ REPO\n"), Options{},
			[]string{"t.ged:4: REPO: missing required NAME"}},
		{"missing required TYPE", doc("0 @I1@ INDI\n1 EVEN\n"), Options{},
			[]string{"t.ged:5: INDI.EVEN: missing required TYPE"}},
		{"missing required ROLE", doc("0 @I1@ INDI\n1 ASSO @I1@\n"), Options{},
			[]string{"t.ged:5: INDI.ASSO: missing required ROLE"}},
		{"5.x version checked as 5.5.1", "0 HEAD\n1 GEDC\n2 VERS 5.01\n1 CHAR ASCII\n0 @I1@ INDI\n1 SEX m\n1 FOO x\n0 TRLR\n", Options{},
			[]string{
				`t.ged:3: warning: HEAD.GEDC.VERS: unsupported GEDCOM version "5.01"; checked as 5.5.1`,
				"t.ged:2: warning: HEAD.GEDC: missing required FORM",
				"t.ged:1: warning: HEAD: missing required SOUR",
				"t.ged:1: warning: HEAD: missing required SUBM",
				"t.ged:7: warning: INDI.FOO: FOO is not a standard tag",
			}},
		{"missing GEDC", "0 HEAD\n0 TRLR\n", Options{},
			[]string{"t.ged:1: HEAD: missing required GEDC"}},
		{"bad enum", doc("0 @I1@ INDI\n1 SEX Q\n"), Options{},
			[]string{`t.ged:5: INDI.SEX: "Q" is not one of F, M, U, X`}},
		{"enum in wrong case", doc("0 @I1@ INDI\n1 SEX m\n"), Options{},
			[]string{`t.ged:5: INDI.SEX: "m" is not a valid value: write M`}},
		{"enum in wrong case tolerated", doc("0 @I1@ INDI\n1 SEX m\n"), Options{AllowNonStandardEnums: true},
			[]string{`t.ged:5: warning: INDI.SEX: "m" is not a valid value: write M`}},
		{"extension enum value", doc("0 @I1@ INDI\n1 SEX _OTHER\n1 RESN PRIVACY, _SECRET\n"), Options{}, nil},
		{"bad list enum", doc("0 @I1@ INDI\n1 RESN PRIVACY, HIDDEN\n"), Options{},
			[]string{`t.ged:5: INDI.RESN: "HIDDEN" is not one of CONFIDENTIAL, LOCKED, PRIVACY`}},
		{"date out of range", doc("0 @I1@ INDI\n1 BIRT\n2 DATE 32 JAN 1900\n"), Options{},
			[]string{`t.ged:6: warning: INDI.BIRT.DATE: "32 JAN 1900" is not a valid date: day 32 out of range for JAN`}},
		{"bad date", doc("0 @I1@ INDI\n1 BIRT\n2 DATE 1900-01-01\n"), Options{},
			[]string{`t.ged:6: INDI.BIRT.DATE: "1900-01-01" is not a valid date: expected a year, found "1900-01-01"`}},
		{"5.5.1 date in a 7.0 file", doc("0 @I1@ INDI\n1 BIRT\n2 DATE 1 JANUARY 1900\n"), Options{},
			[]string{`t.ged:6: INDI.BIRT.DATE: "1 JANUARY 1900" is not a valid GEDCOM 7.0 date`}},
		{"sloppy date", doc("0 @I1@ INDI\n1 BIRT\n2 DATE 1 jan 1900\n"), Options{},
			[]string{`t.ged:6: INDI.BIRT.DATE: "1 jan 1900" is not a valid GEDCOM 7.0 date`}},
		{"sloppy date tolerated", doc("0 @I1@ INDI\n1 BIRT\n2 DATE 1 jan 1900\n"), Options{AllowSloppyDates: true},
			[]string{`t.ged:6: warning: INDI.BIRT.DATE: "1 jan 1900" is not a valid GEDCOM 7.0 date`}},
		{"bad date period", doc("0 @S1@ SOUR\n1 DATA\n2 EVEN BIRT\n3 DATE ABT 1900\n"), Options{},
			[]string{`t.ged:7: SOUR.DATA.EVEN.DATE: "ABT 1900" is not a valid date period: a date period starts with FROM or TO`}},
		{"bad exact date", doc("0 @I1@ INDI\n1 CHAN\n2 DATE ABT 2000\n"), Options{},
			[]string{`t.ged:6: INDI.CHAN.DATE: "ABT 2000" is not a valid exact date: an exact date is day, month and year, such as 12 AUG 1401`}},
		{"bad time", doc("0 @I1@ INDI\n1 CHAN\n2 DATE 1 JAN 2000\n3 TIME 25:00\n"), Options{},
			[]string{`t.ged:7: INDI.CHAN.DATE.TIME: "25:00" is not a valid time: hour 25 out of range 0-23`}},
		{"bad age", doc("0 @I1@ INDI\n1 DEAT\n2 AGE 12 years\n"), Options{},
			[]string{`t.ged:6: INDI.DEAT.AGE: "12 years" is not a valid age: unknown unit " ": expected y, m, w or d`}},
		{"pointer to wrong record type", doc("0 @I1@ INDI\n1 FAMC @I1@\n"), Options{},
			[]string{"t.ged:5: INDI.FAMC: @I1@ points to an INDI record, want FAM"}},
		{"forward pointer to wrong record type", doc("0 @I1@ INDI\n1 FAMS @I2@\n0 @I2@ INDI\n"), Options{},
			[]string{"t.ged:5: INDI.FAMS: @I2@ points to an INDI record, want FAM"}},
		{"dangling pointer", doc("0 @I1@ INDI\n1 FAMC @F9@\n"), Options{},
			[]string{"t.ged:5: INDI.FAMC: @F9@ points to no record"}},
		{"dangling pointer in extension", doc("0 @I1@ INDI\n1 _LINK @X9@\n"), Options{},
			[]string{"t.ged:5: warning: INDI._LINK: @X9@ points to no record"}},
		{"void pointer", doc("0 @F1@ FAM\n1 HUSB @VOID@\n1 CHIL @VOID@\n"), Options{}, nil},
		{"duplicate xref", doc("0 @I1@ INDI\n0 @I1@ INDI\n"), Options{},
			[]string{"t.ged:5: INDI: duplicate cross-reference identifier @I1@ (first defined on line 4)"}},
		{"missing TRLR", "0 HEAD\n1 GEDC\n2 VERS 7.0\n", Options{},
			[]string{"t.ged: missing TRLR record at the end of the file"}},
		{"bad language tag", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 LANG en_US\n0 TRLR\n", Options{},
			[]string{`t.ged:4: HEAD.LANG: "en_US" is not a valid language tag`}},
		{"good language tags", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 LANG zh-Hant-TW\n0 @I1@ INDI\n1 NAME x\n2 TRAN y\n3 LANG sr-Latn-RS-x-private\n0 TRLR\n", Options{}, nil},
		{"pointer where text is expected", doc("0 @N1@ SNOTE text\n0 @I1@ INDI\n1 NOTE @N1@\n"), Options{},
			[]string{"t.ged:6: INDI.NOTE: unexpected pointer @N1@: NOTE takes text"}},
		{"text where pointer is expected", doc("0 @I1@ INDI\n1 FAMC F1\n"), Options{},
			[]string{`t.ged:5: INDI.FAMC: "F1" is not a pointer to a FAM record`}},
		{"payload where none is allowed", doc("0 @I1@ INDI\n1 CHAN today\n2 DATE 1 JAN 2000\n"), Options{},
			[]string{`t.ged:5: INDI.CHAN: unexpected payload "today": CHAN takes none`}},
		{"bad Y flag", doc("0 @I1@ INDI\n1 BIRT N\n"), Options{},
			[]string{`t.ged:5: INDI.BIRT: "N" is not Y or empty`}},
		{"bad integer", doc("0 @I1@ INDI\n1 NCHI two\n"), Options{},
			[]string{`t.ged:5: INDI.NCHI: "two" is not a non-negative integer`}},
		{"bad personal name", doc("0 @I1@ INDI\n1 NAME John /Smith\n"), Options{},
			[]string{`t.ged:5: INDI.NAME: "John /Smith" is not a valid personal name: the surname needs a / on each side`}},
		{"bad media type", doc("0 @O1@ OBJE\n1 FILE photo.jpg\n2 FORM jpeg\n"), Options{},
			[]string{`t.ged:6: OBJE.FILE.FORM: "jpeg" is not a valid media type`}},
		{"bad latitude", doc("0 @I1@ INDI\n1 BIRT\n2 PLAC Here\n3 MAP\n4 LATI N91.5\n4 LONG E1.5\n"), Options{},
			[]string{`t.ged:8: INDI.BIRT.PLAC.MAP.LATI: "N91.5" is not a valid latitude`}},
		{"bad SCHMA tag definition", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG MYTAG http://example.com/x\n0 TRLR\n", Options{},
			[]string{`t.ged:5: HEAD.SCHMA.TAG: "MYTAG http://example.com/x" is not an extension tag followed by a URI`}},
		{"SCHMA alias of a standard record", "0 HEAD\n1 GEDC\n2 VERS 7.0\n1 SCHMA\n2 TAG _USER https://gedcom.io/terms/v7/record-SUBM\n0 @U1@ _USER\n0 @I1@ INDI\n1 SUBM @U1@\n0 TRLR\n", Options{},
			[]string{"t.ged:6: _USER: missing required NAME"}},
		{"7.1 file", "0 HEAD\n1 GEDC\n2 VERS 7.1\n0 @I1@ INDI\n1 SEX M\n0 TRLR\n", Options{}, nil},
		{"5.5.1 valid", doc551("0 @I1@ INDI\n1 NAME John /Smith/\n1 SEX M\n1 FAMC @F1@\n2 PEDI birth\n1 NOTE @N1@\n1 NOTE a note\n0 @F1@ FAM\n1 CHIL @I1@\n0 @N1@ NOTE text\n"), Options{}, nil},
		{"5.5.1 nonstandard enum", doc551("0 @I1@ INDI\n1 FAMC @F1@\n2 PEDI natural\n0 @F1@ FAM\n"), Options{},
			[]string{`t.ged:12: warning: INDI.FAMC.PEDI: "natural" is not one of adopted, birth, foster, sealing`}},
		{"5.5.1 nonstandard enum strict", doc551("0 @I1@ INDI\n1 FAMC @F1@\n2 PEDI natural\n0 @F1@ FAM\n"), Options{Strict: true},
			[]string{`t.ged:12: INDI.FAMC.PEDI: "natural" is not one of adopted, birth, foster, sealing`}},
		{"5.5.1 missing SUBM", "0 HEAD\n1 SOUR kin\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n0 TRLR\n", Options{},
			[]string{"t.ged:1: warning: HEAD: missing required SUBM"}},
		{"5.5.1 missing SUBM strict", "0 HEAD\n1 SOUR kin\n1 GEDC\n2 VERS 5.5.1\n2 FORM LINEAGE-LINKED\n1 CHAR UTF-8\n0 TRLR\n", Options{Strict: true},
			[]string{"t.ged:1: HEAD: missing required SUBM"}},
		{"5.5.1 bad date", doc551("0 @I1@ INDI\n1 BIRT\n2 DATE JAN 1 1900\n"), Options{},
			[]string{`t.ged:12: INDI.BIRT.DATE: "JAN 1 1900" is not a valid date: expected a month, found "1"`}},
		{"5.5.1 sloppy date", doc551("0 @I1@ INDI\n1 BIRT\n2 DATE 1 January 1900\n"), Options{},
			[]string{`t.ged:12: warning: INDI.BIRT.DATE: "1 January 1900" is not a valid GEDCOM 5.5.1 date`}},
		{"5.5.1 dangling pointer", doc551("0 @I1@ INDI\n1 FAMS @F2@\n"), Options{},
			[]string{"t.ged:11: INDI.FAMS: @F2@ points to no record"}},
		{"5.5.1 misplaced tag", doc551("0 @I1@ INDI\n1 HUSB @I1@\n"), Options{},
			[]string{"t.ged:11: warning: INDI.HUSB: HUSB is not allowed in INDI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := check(t, tt.src, tt.opts)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDiagnosticString(t *testing.T) {
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{"error", Diagnostic{Pos: gedcom.Position{Filename: "family.ged", Line: 1234}, Path: "INDI.BIRT.DATE", Message: `"32 JAN 1900" is not a valid date`},
			`family.ged:1234: INDI.BIRT.DATE: "32 JAN 1900" is not a valid date`},
		{"warning", Diagnostic{Pos: gedcom.Position{Filename: "family.ged", Line: 12}, Path: "HEAD", Severity: Warning, Message: "missing required SUBM"},
			"family.ged:12: warning: HEAD: missing required SUBM"},
		{"whole file", Diagnostic{Pos: gedcom.Position{Filename: "family.ged"}, Message: "missing TRLR record at the end of the file"},
			"family.ged: missing TRLR record at the end of the file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLanguageTag(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"en", true}, {"en-US", true}, {"zh-Hant-TW", true}, {"sl-rozaj-biske", true},
		{"de-CH-1901", true}, {"x-whatever", true}, {"i-klingon", true}, {"es-419", true},
		{"en-a-bbb-x-a-ccc", true}, {"und", true},
		{"", false}, {"en_US", false}, {"e", false}, {"en-", false}, {"toolonglanguage", false},
		{"en-a", false}, {"en-x", false}, {"1en", false},
	}
	for _, tt := range tests {
		if got := isLanguageTag(tt.in); got != tt.want {
			t.Errorf("isLanguageTag(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestDocument(t *testing.T) {
	d := &gedcom.Document{Records: []*gedcom.Node{
		{Tag: "HEAD", Line: 1, Nodes: []*gedcom.Node{{Tag: "GEDC", Line: 2, Nodes: []*gedcom.Node{{Tag: "VERS", Value: "7.0", Line: 3}}}}},
		{Tag: "INDI", Xref: "I1", Line: 4, Nodes: []*gedcom.Node{{Tag: "FAMC", Pointer: "F1", Line: 5}, {Tag: "BIRT", Xref: "X", Line: 6}}},
		{Tag: "TRLR", Line: 7},
	}}
	var got []string
	for _, diag := range Document(d, Options{}) {
		got = append(got, diag.String())
	}
	want := []string{
		"6: INDI.BIRT: a substructure cannot have a cross-reference identifier (@X@)",
		"5: INDI.FAMC: @F1@ points to no record",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Document:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
