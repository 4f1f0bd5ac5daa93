package date

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Date
	}{
		{"empty", "", Date{}},
		{"spaces only", "   ", Date{}},
		{"year", "1850", Date{Start: Day{Year: 1850}}},
		{"month year", "JAN 1850", Date{Start: Day{Year: 1850, Month: 1}}},
		{"exact", "12 AUG 1401", Date{Start: Day{Year: 1401, Month: 8, Day: 12}}},
		{"lower case and spaces", "  12   aug\t1401 ", Date{Start: Day{Year: 1401, Month: 8, Day: 12}}},
		{"leading zeros", "01 JAN 0850", Date{Start: Day{Year: 850, Month: 1, Day: 1}}},
		{"about", "ABT 1850", Date{Modifier: About, Start: Day{Year: 1850}}},
		{"about word", "about 1850", Date{Modifier: About, Start: Day{Year: 1850}}},
		{"circa abbreviation", "c. 1850", Date{Modifier: About, Start: Day{Year: 1850}}},
		{"calculated", "CAL 1850", Date{Modifier: Calculated, Start: Day{Year: 1850}}},
		{"estimated", "EST 1850", Date{Modifier: Estimated, Start: Day{Year: 1850}}},
		{"before", "BEF 1 JAN 1900", Date{Modifier: Before, Start: Day{Year: 1900, Month: 1, Day: 1}}},
		{"after word", "After Mar 1900", Date{Modifier: After, Start: Day{Year: 1900, Month: 3}}},
		{"between", "BET 1 JAN 1900 AND 1901", Date{Modifier: Between, Start: Day{Year: 1900, Month: 1, Day: 1}, End: Day{Year: 1901}}},
		{"between reversed", "BET 12 OCT 1950 AND 22 JAN 92", Date{Modifier: Between, Start: Day{Year: 1950, Month: 10, Day: 12}, End: Day{Year: 92, Month: 1, Day: 22}}},
		{"from to", "FROM 1993 TO 2002", Date{Modifier: FromTo, Start: Day{Year: 1993}, End: Day{Year: 2002}}},
		{"from", "FROM 1993", Date{Modifier: From, Start: Day{Year: 1993}}},
		{"to", "TO 2002", Date{Modifier: To, Start: Day{Year: 2002}}},
		{"julian keyword", "JULIAN 4 OCT 1582", Date{Start: Day{Calendar: Julian, Year: 1582, Month: 10, Day: 4}}},
		{"julian escape", "@#DJULIAN@ 4 OCT 1582", Date{Start: Day{Calendar: Julian, Year: 1582, Month: 10, Day: 4}}},
		{"gregorian escape", "@#DGREGORIAN@ 1850", Date{Start: Day{Year: 1850}}},
		{"hebrew escape", "@#DHEBREW@ 1 TSH 5760", Date{Start: Day{Calendar: Hebrew, Year: 5760, Month: 1, Day: 1}}},
		{"french escape", "@#DFRENCH R@ 1 VEND 1", Date{Start: Day{Calendar: FrenchRepublican, Year: 1, Month: 1, Day: 1}}},
		{"french keyword", "FRENCH_R 6 COMP 3", Date{Start: Day{Calendar: FrenchRepublican, Year: 3, Month: 13, Day: 6}}},
		{"hebrew month without calendar", "15 nsn 5760", Date{Start: Day{Calendar: Hebrew, Year: 5760, Month: 8, Day: 15}}},
		{"english month name", "4 July 1776", Date{Start: Day{Year: 1776, Month: 7, Day: 4}}},
		{"calendar per date", "FROM JULIAN 1670 TO 1800", Date{Modifier: FromTo, Start: Day{Calendar: Julian, Year: 1670}, End: Day{Year: 1800}}},
		{"calendar on end", "BET 1700 AND JULIAN 1750", Date{Modifier: Between, Start: Day{Year: 1700}, End: Day{Calendar: Julian, Year: 1750}}},
		{"dual year", "1750/51", Date{Start: Day{Year: 1750, DualYear: 1751}}},
		{"dual year full", "11 FEB 1750/1751", Date{Start: Day{Year: 1750, Month: 2, Day: 11, DualYear: 1751}}},
		{"dual year julian", "@#DJULIAN@ 11 FEB 1731/32", Date{Start: Day{Calendar: Julian, Year: 1731, Month: 2, Day: 11, DualYear: 1732}}},
		{"dual year nearest", "JAN 1701/99", Date{Start: Day{Year: 1701, Month: 1, DualYear: 1699}}},
		{"bce", "44 BCE", Date{Start: Day{Year: 44, BCE: true}}},
		{"b.c.", "15 MAR 44 B.C.", Date{Start: Day{Year: 44, Month: 3, Day: 15, BCE: true}}},
		{"bc", "ABT 500 bc", Date{Modifier: About, Start: Day{Year: 500, BCE: true}}},
		{"ad dropped", "1066 AD", Date{Start: Day{Year: 1066}}},
		{"interpreted", "INT 1900 (about 1900)", Date{Start: Day{Year: 1900}, Interpreted: true, Phrase: "about 1900"}},
		{"interpreted without closing parenthesis", "INT 1900 (about 1900", Date{Start: Day{Year: 1900}, Interpreted: true, Phrase: "about 1900"}},
		{"phrase", "(Stillborn)", Date{Modifier: PhraseOnly, Phrase: "Stillborn"}},
		{"extension calendar", "_UNKNOWN 13 _MONTH 17", Date{Start: Day{Year: 17, Day: 13}.WithExt(Ext{Calendar: "_UNKNOWN", Month: "_MONTH"})}},
		{"extension calendar std month", "_MAYAN 3 POP 17", Date{Start: Day{Year: 17, Day: 3}.WithExt(Ext{Calendar: "_MAYAN", Month: "POP"})}},
		{"extension month", "GREGORIAN _SPRING 1850", Date{Start: Day{Year: 1850}.WithExt(Ext{Month: "_SPRING"})}},
		{"extension epoch", "1850 _AUC", Date{Start: Day{Year: 1850}.WithExt(Ext{Epoch: "_AUC"})}},
		{"5.5.1 unknown escape", "@#DUNKNOWN@ 1850", Date{Start: Day{Year: 1850}.WithExt(Ext{Calendar: "_UNKNOWN"})}},
		{"5.5.1 roman word", "ROMAN 28", Date{Start: Day{Year: 28}.WithExt(Ext{Calendar: "_ROMAN"})}},
		{"hebrew adr in leap year", "HEBREW 30 ADR 5760", Date{Start: Day{Calendar: Hebrew, Year: 5760, Month: 6, Day: 30}}},
		{"hebrew adr in common year", "HEBREW 29 ADR 5783", Date{Start: Day{Calendar: Hebrew, Year: 5783, Month: 6, Day: 29}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		err  string
		is   error
		kept bool // the date is returned along with the error
	}{
		{"day beyond any month", "32 JAN 1900", `date "32 JAN 1900":1: day 32 out of range for JAN`, ErrRange, true},
		{"30 february", "30 FEB 1900", `date "30 FEB 1900":1: day 30 out of range for FEB`, ErrRange, true},
		{"29 february common year", "29 FEB 1900", `date "29 FEB 1900":1: day 29 out of range for FEB 1900`, ErrRange, true},
		{"31 november", "TO 31 NOV 1042", `date "TO 31 NOV 1042":4: day 31 out of range for NOV`, ErrRange, true},
		{"day zero", "0 JAN 1900", `date "0 JAN 1900":1: day 0 out of range for JAN`, ErrRange, true},
		{"year zero", "0", `date "0":1: year 0 does not exist`, ErrRange, false},
		{"huge year", "99999999999999999999", `date "99999999999999999999":1: year 99999999999999999999 out of range`, ErrRange, false},
		{"comp day 6 common year", "FRENCH_R 6 COMP 4", `date "FRENCH_R 6 COMP 4":10: day 6 out of range for COMP 4`, ErrRange, true},
		{"comp day 7", "FRENCH_R 7 COMP 3", `date "FRENCH_R 7 COMP 3":10: day 7 out of range for COMP`, ErrRange, true},
		{"hebrew 30 CSH deficient year", "HEBREW 30 CSH 5761", `date "HEBREW 30 CSH 5761":8: day 30 out of range for CSH 5761`, ErrRange, true},
		{"hebrew 30 adr common year", "HEBREW 30 ADR 5783", `date "HEBREW 30 ADR 5783":8: day 30 out of range for ADR 5783`, ErrRange, true},
		{"hebrew 31", "HEBREW 31 TSH 5760", `date "HEBREW 31 TSH 5760":8: day 31 out of range for TSH`, ErrRange, true},
		{"month not in calendar", "HEBREW 5 JAN 5760", `date "HEBREW 5 JAN 5760":10: JAN is not a month of the HEBREW calendar`, ErrMonth, false},
		{"french month in julian", "JULIAN 1 VEND 1", `date "JULIAN 1 VEND 1":10: VEND is not a month of the JULIAN calendar`, ErrMonth, false},
		{"bce in hebrew", "HEBREW 5760 BCE", `date "HEBREW 5760 BCE":13: BCE is not allowed in the HEBREW calendar`, ErrEpoch, false},
		{"unknown escape", "@#DMAYAN@ 1850", `date "@#DMAYAN@ 1850":1: unknown calendar escape @#DMAYAN@`, ErrCalendar, false},
		{"unclosed escape", "@#DJULIAN 1850", `date "@#DJULIAN 1850":1: calendar escape lacks its closing @`, ErrSyntax, false},
		{"unknown month", "12 JUNO 1850", `date "12 JUNO 1850":4: unknown month "JUNO"`, ErrSyntax, false},
		{"month without year", "JAN", `date "JAN":4: expected a year after JAN`, ErrSyntax, false},
		{"no year after month", "12 JAN", `date "12 JAN":7: expected a year after JAN`, ErrSyntax, false},
		{"between without and", "BET 1850", `date "BET 1850":9: BET without AND`, ErrSyntax, false},
		{"between with to", "BET 1850 TO 1860", `date "BET 1850 TO 1860":10: expected AND, found "TO"`, ErrSyntax, false},
		{"and alone", "AND 1850", `date "AND 1850":1: AND without BET`, ErrSyntax, false},
		{"keyword without date", "ABT", `date "ABT":4: missing date`, ErrSyntax, false},
		{"two keywords", "ABT BEF 1850", `date "ABT BEF 1850":5: missing year`, ErrSyntax, false},
		{"too many words", "1 2 JAN 1850", `date "1 2 JAN 1850":1: too many words in a date: "1"`, ErrSyntax, false},
		{"trailing word", "1850 later", `date "1850 later":6: unexpected "later"`, ErrSyntax, false},
		{"phrase after plain date", "1850 (about)", `date "1850 (about)":6: a phrase in parentheses follows only INT date`, ErrSyntax, false},
		{"text", "Spring 1850", `date "Spring 1850":1: unknown month "Spring"`, ErrSyntax, false},
		{"bad dual", "1750/x", `date "1750/x":6: expected digits after the slash of the dual year "1750/x"`, ErrSyntax, false},
		{"dual in hebrew", "HEBREW 5760/61", `date "HEBREW 5760/61":8: dual year in the HEBREW calendar`, ErrSyntax, false},
		{"day not a number", "x JAN 1850", `date "x JAN 1850":1: expected a day number, found "x"`, ErrSyntax, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error %q", tt.in, d, tt.err)
			}
			if err.Error() != tt.err {
				t.Errorf("Parse(%q) error = %q, want %q", tt.in, err, tt.err)
			}
			if !errors.Is(err, tt.is) {
				t.Errorf("Parse(%q) error %v is not %v", tt.in, err, tt.is)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Errorf("Parse(%q) error is %T, want *SyntaxError", tt.in, err)
			}
			if got := !d.IsZero(); got != tt.kept {
				t.Errorf("Parse(%q) returned date %#v; want a date: %v", tt.in, d, tt.kept)
			}
		})
	}
}

func TestParseV7(t *testing.T) {
	valid := []struct {
		name, in string
	}{
		{"empty", ""},
		{"year", "1850"},
		{"exact", "12 AUG 1401"},
		{"bce", "12 AUG 1401 BCE"},
		{"calendars", "FROM GREGORIAN 1670 TO JULIAN 1800"},
		{"hebrew", "ABT HEBREW 11 SVN 7"},
		{"french", "AFT FRENCH_R 6 FRUC 31"},
		{"extension calendar", "BET 1950 AND _UNKNOWN 26 _MONTH 60"},
		{"extension epoch", "1850 _AUC"},
		{"between", "BET 1 JAN 1900 AND 1901"},
		{"leading zero", "01 JAN 1900"},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseV7(tt.in); err != nil {
				t.Errorf("ParseV7(%q): %v", tt.in, err)
			}
		})
	}
	invalid := []struct {
		name, in, err string
	}{
		{"lower case", "abt 1850", `date "abt 1850":1: "abt" must be written in upper case`},
		{"lower-case month", "12 aug 1401", `date "12 aug 1401":4: "aug" must be written in upper case`},
		{"two spaces", "12  AUG 1401", `date "12  AUG 1401":4: two spaces in a row`},
		{"leading space", " 1850", `date " 1850":1: leading space`},
		{"trailing space", "1850 ", `date "1850 ":5: trailing space`},
		{"tab", "12\tAUG 1401", `date "12\tAUG 1401":3: only single spaces may separate words`},
		{"dual year", "1750/51", `date "1750/51":5: dual year "1750/51" is GEDCOM 5.5.1; GEDCOM 7 puts it in a PHRASE`},
		{"int", "INT 1900 (about)", `date "INT 1900 (about)":10: a phrase in parentheses is GEDCOM 5.5.1; GEDCOM 7 puts it in a PHRASE substructure`},
		{"phrase", "(about)", `date "(about)":1: a phrase in parentheses is GEDCOM 5.5.1; GEDCOM 7 puts it in a PHRASE substructure`},
		{"b.c.", "1401 B.C.", `date "1401 B.C.":6: unexpected "B.C."`},
		{"escape", "@#DJULIAN@ 1850", `date "@#DJULIAN@ 1850":1: calendar escape @#DJULIAN@ is GEDCOM 5.5.1; GEDCOM 7 writes a calendar keyword such as JULIAN`},
		{"alias", "ABOUT 1850", `date "ABOUT 1850":1: unknown month "ABOUT"`},
		{"english month", "4 JULY 1776", `date "4 JULY 1776":3: unknown month "JULY"`},
		{"hebrew month without calendar", "15 NSN 5760", `date "15 NSN 5760":4: NSN is not a month of the GREGORIAN calendar`},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseV7(tt.in)
			if err == nil {
				t.Fatalf("ParseV7(%q) = %v, want error %q", tt.in, d, tt.err)
			}
			if err.Error() != tt.err {
				t.Errorf("ParseV7(%q) error = %q, want %q", tt.in, err, tt.err)
			}
		})
	}
}

func TestParseV7PeriodAndExact(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (Date, error)
		in    string
		err   string
	}{
		{"period empty", ParseV7Period, "", ""},
		{"period from", ParseV7Period, "FROM 1850", ""},
		{"period to", ParseV7Period, "TO JULIAN 1850", ""},
		{"period from to", ParseV7Period, "FROM 1850 TO 1860", ""},
		{"period plain date", ParseV7Period, "1850", `date "1850":1: a date period starts with FROM or TO`},
		{"period between", ParseV7Period, "BET 1850 AND 1860", `date "BET 1850 AND 1860":1: a date period starts with FROM or TO`},
		{"exact", ParseV7Exact, "12 AUG 1401", ""},
		{"exact out of range", ParseV7Exact, "31 NOV 1401", `date "31 NOV 1401":1: day 31 out of range for NOV`},
		{"exact empty", ParseV7Exact, "", `date "":1: an exact date is day, month and year, such as 12 AUG 1401`},
		{"exact partial", ParseV7Exact, "AUG 1401", `date "AUG 1401":1: an exact date is day, month and year, such as 12 AUG 1401`},
		{"exact with calendar", ParseV7Exact, "JULIAN 12 AUG 1401", `date "JULIAN 12 AUG 1401":1: an exact date is day, month and year, such as 12 AUG 1401`},
		{"exact bce", ParseV7Exact, "12 AUG 1401 BCE", `date "12 AUG 1401 BCE":1: an exact date is day, month and year, such as 12 AUG 1401`},
		{"exact about", ParseV7Exact, "ABT 12 AUG 1401", `date "ABT 12 AUG 1401":1: an exact date is day, month and year, such as 12 AUG 1401`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Errorf("parse(%q) error = %q, want %q", tt.in, got, tt.err)
			}
		})
	}
}

func TestParseV551(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"year", "1850", ""},
		{"dual", "11 FEB 1750/51", ""},
		{"julian escape", "@#DJULIAN@ 11 FEB 1750", ""},
		{"french escape", "BET @#DFRENCH R@ 1 VEND 1 AND @#DFRENCH R@ 2 VEND 1", ""},
		{"b.c.", "44 B.C.", ""},
		{"int", "INT 1900 (about 1900)", ""},
		{"phrase", "(unknown)", ""},
		{"7.0 keyword", "JULIAN 1850", `date "JULIAN 1850":1: unknown month "JULIAN"`},
		{"bce", "44 BCE", `date "44 BCE":4: unexpected "BCE"`},
		{"lower case", "abt 1850", `date "abt 1850":1: "abt" must be written in upper case`},
		{"dual with four digits", "1750/1751", `date "1750/1751":6: a dual year ends in two digits, as in 1750/51`},
		{"dual in julian", "@#DJULIAN@ 1750/51", `date "@#DJULIAN@ 1750/51":12: dual years are Gregorian only in GEDCOM 5.5.1`},
		{"int without phrase", "INT 1900", `date "INT 1900":9: INT date lacks its (phrase)`},
		{"unclosed phrase", "(unknown", `date "(unknown":9: phrase lacks its closing parenthesis`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseV551(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Errorf("ParseV551(%q) error = %q, want %q", tt.in, got, tt.err)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		name, in, want, err string
	}{
		{"short hour", "2:50", "02:50", ""},
		{"seconds", "23:59:59", "23:59:59", ""},
		{"fraction utc", "12:00:00.250Z", "12:00:00.250Z", ""},
		{"midnight", "0:00", "00:00", ""},
		{"24 hours", "24:00", "", `time "24:00":1: hour 24 out of range 0-23`},
		{"leap second", "23:59:60", "", `time "23:59:60":7: second 60 out of range 00-59`},
		{"one-digit minute", "12:5", "", `time "12:5":4: expected two-digit minutes`},
		{"no minutes", "12", "", `time "12":3: expected : after the hour`},
		{"fraction without seconds", "12:00.5", "", `time "12:00.5":6: unexpected ".5" after the time`},
		{"empty fraction", "12:00:00.", "", `time "12:00:00.":10: expected digits after the decimal point`},
		{"lower z", "12:00z", "", `time "12:00z":6: unexpected "z" after the time`},
		{"empty", "", "", `time "":1: expected an hour`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTime(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.err {
				t.Fatalf("ParseTime(%q) error = %q, want %q", tt.in, gotErr, tt.err)
			}
			if err == nil && got.String() != tt.want {
				t.Errorf("ParseTime(%q).String() = %q, want %q", tt.in, got.String(), tt.want)
			}
		})
	}
}

func TestParseAge(t *testing.T) {
	tests := []struct {
		name, in, want, word, err string
	}{
		{"empty", "", "", "", ""},
		{"years", "0y", "0y", "", ""},
		{"all units", "> 1y 2m 3w 4d", "> 1y 2m 3w 4d", "", ""},
		{"less", "< 8y", "< 8y", "", ""},
		{"child", "CHILD", "< 8y", "CHILD", ""},
		{"infant lower case", "infant", "< 1y", "infant", ""},
		{"stillborn", "Stillborn", "0y", "Stillborn", ""},
		{"bare number", "0", "0y", "", ""},
		{"bound without space", "<8", "< 8y", "", ""},
		{"upper-case unit", "99Y 11M", "99y 11m", "", ""},
		{"units reordered", "30d11m99y", "99y 11m 30d", "", ""},
		{"space before unit", "> 0 d", "> 0d", "", ""},
		{"unit twice", "1y 2y", "", "", `age "1y 2y":4: y given twice`},
		{"unknown unit", "3q", "", "", `age "3q":2: unknown unit "q": expected y, m, w or d`},
		{"no number", "<", "", "", `age "<":2: expected a number`},
		{"word", "old", "", "", `age "old":1: expected a number, found "o"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAge(tt.in)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.err {
				t.Fatalf("ParseAge(%q) error = %q, want %q", tt.in, gotErr, tt.err)
			}
			if a.String() != tt.want || a.Word != tt.word {
				t.Errorf("ParseAge(%q) = %q (word %q), want %q (word %q)", tt.in, a.String(), a.Word, tt.want, tt.word)
			}
		})
	}
}

func TestParseAgeV7(t *testing.T) {
	tests := []struct {
		name, in, err string
	}{
		{"empty", "", ""},
		{"zero", "0y", ""},
		{"bound", "> 99y 11m 3w 6d", ""},
		{"odd but valid", "1y 400d", ""},
		{"weeks days", "3w 6d", ""},
		{"no space after bound", ">99y", `age ">99y":2: expected one space after >`},
		{"upper-case unit", "8Y", `age "8Y":2: unknown unit "Y": expected y, m, w or d`},
		{"wrong order", "11m 99y", `age "11m 99y":5: 99y comes after m: units go y, m, w, d, once each`},
		{"bare number", "8", `age "8":2: number 8 lacks its unit y, m, w or d`},
		{"two spaces", "1y  2m", `age "1y  2m":3: expected one space between parts`},
		{"trailing space", "1y ", `age "1y ":3: expected one space between parts`},
		{"word", "CHILD", `age "CHILD":1: expected a number, found "C"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAgeV7(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Fatalf("ParseAgeV7(%q) error = %q, want %q", tt.in, got, tt.err)
			}
			if err == nil && a.String() != tt.in {
				t.Errorf("ParseAgeV7(%q).String() = %q", tt.in, a.String())
			}
		})
	}
}

func TestToV7(t *testing.T) {
	tests := []struct {
		name, in, payload, phrase string
	}{
		{"plain", "12 AUG 1401", "12 AUG 1401", ""},
		{"escape", "@#DJULIAN@ 11 FEB 1731", "JULIAN 11 FEB 1731", ""},
		{"french escape", "@#DFRENCH R@ 1 VEND 1", "FRENCH_R 1 VEND 1", ""},
		{"unknown calendar", "@#DUNKNOWN@ 1850", "_UNKNOWN 1850", ""},
		{"b.c.", "ABT 44 B.C.", "ABT 44 BCE", ""},
		{"interpreted", "INT 1900 (about 1900)", "1900", "about 1900"},
		{"phrase", "(Stillborn)", "", "Stillborn"},
		{"true dual date", "30 JAN 1648/49", "30 JAN 1649", "30 JAN 1648/49"},
		{"bare dual year", "1903/4", "BET 1903 AND 1904", "1903/4"},
		{"dual year out of era", "NOV 1401/8", "NOV 1401", "NOV 1401/8"},
		{"out-of-range day kept", "TO 31 NOV 1042", "TO 31 NOV 1042", ""},
		{"unparsable", "Spring 1850", "", "Spring 1850"},
		{"unknown escape", "@#DMAYAN@ 1850", "", "@#DMAYAN@ 1850"},
		{"lenient spacing", "  bet 1850  and 1860 ", "BET 1850 AND 1860", ""},
		{"mixed calendars", "FROM @#DJULIAN@ 1670 TO 1800", "FROM JULIAN 1670 TO GREGORIAN 1800", ""},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			payload, phrase := ToV7(tt.in)
			if payload != tt.payload || phrase != tt.phrase {
				t.Errorf("ToV7(%q) = %q, %q; want %q, %q", tt.in, payload, phrase, tt.payload, tt.phrase)
			}
			if _, err := ParseV7(payload); err != nil && !errors.Is(err, ErrRange) {
				t.Errorf("ToV7(%q) payload %q does not parse with ParseV7: %v", tt.in, payload, err)
			}
		})
	}
}

func TestToV551(t *testing.T) {
	tests := []struct {
		name, payload, phrase, want string
	}{
		{"plain", "12 AUG 1401", "", "12 AUG 1401"},
		{"julian", "JULIAN 11 FEB 1731", "", "@#DJULIAN@ 11 FEB 1731"},
		{"bce", "ABT 44 BCE", "", "ABT 44 B.C."},
		{"phrase on plain date", "1900", "about 1900", "INT 1900 (about 1900)"},
		{"phrase alone", "", "Stillborn", "(Stillborn)"},
		{"phrase on range dropped", "BET 1850 AND 1860", "1850s", "BET 1850 AND 1860"},
		{"mixed calendars", "FROM JULIAN 1670 TO 1800", "", "FROM @#DJULIAN@ 1670 TO @#DGREGORIAN@ 1800"},
		{"french", "FRENCH_R 1 VEND 1", "", "@#DFRENCH R@ 1 VEND 1"},
		{"unknown calendar", "_UNKNOWN 1850", "", "@#DUNKNOWN@ 1850"},
		{"extension calendar", "_MAYAN 3 POP 17", "", "(_MAYAN 3 POP 17)"},
		{"unparsable payload", "garbage", "", "(garbage)"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ToV551(tt.payload, tt.phrase); got != tt.want {
				t.Errorf("ToV551(%q, %q) = %q, want %q", tt.payload, tt.phrase, got, tt.want)
			}
		})
	}
}
