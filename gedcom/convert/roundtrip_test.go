package convert

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"kin/gedcom"
)

// lines returns every structure of d as "PATH=payload", pointers written
// as the tag of the record they point to, so a document and its round trip
// compare without regard to identifier names or order.
func lines(d *gedcom.Document) map[string]int {
	tagOf := map[string]string{}
	for _, r := range d.Records {
		if r.Xref != "" {
			tagOf[r.Xref] = r.Tag
		}
	}
	out := map[string]int{}
	for _, r := range d.Records {
		r.Walk(func(path []string, n *gedcom.Node) bool {
			v := n.Value
			if n.Pointer != "" {
				v = "@" + tagOf[n.Pointer] + "@"
			}
			if n.Tag == "DATE" {
				v = gregorian.ReplaceAllString(v, "") // the README's equivalence
			}
			out[strings.Join(path, ".")+"="+v]++
			return true
		})
	}
	return out
}

// roundTripDiff converts a 5.5.1 document to 7.0 and back, through the
// encoder and decoder, and returns the paths whose structures differ, with
// how many structures were lost (-) and gained (+) at each.
func roundTripDiff(tb testing.TB, name string, d *gedcom.Document) map[string][2]int {
	tb.Helper()
	d7, _ := To70(d)
	d7 = decodeBytes(tb, name, encode(tb, d7, V70))
	back, _ := To551(d7)
	back = decodeBytes(tb, name, encode(tb, back, V551))
	a, b := lines(d), lines(back)
	diff := map[string][2]int{}
	for k, n := range a {
		if m := b[k]; m < n {
			p, _, _ := strings.Cut(k, "=")
			c := diff[p]
			c[0] += n - m
			diff[p] = c
		}
	}
	for k, n := range b {
		if m := a[k]; m < n {
			p, _, _ := strings.Cut(k, "=")
			c := diff[p]
			c[1] += n - m
			diff[p] = c
		}
	}
	return diff
}

// roundTripExplained lists the structures that may change in a
// 5.5.1 → 7.0 → 5.5.1 round trip, matched as a suffix of the path, and
// why. Anything else that changes fails TestRoundTrip551.
var roundTripExplained = []struct{ suffix, why string }{
	{"HEAD.CHAR", "the output is UTF-8; CHAR ASCII/ANSEL/UNICODE become CHAR UTF-8"},
	{"HEAD.GEDC.VERS", "5.5 becomes 5.5.1"},
	{"HEAD.GEDC.FORM", "written as LINEAGE-LINKED, whatever its spelling was"},
	{"HEAD.GEDC", "added when the header had none"},
	{"HEAD.FILE", "7.0 removed HEAD.FILE; a file's name is its own"},
	{"HEAD.CHAR.VERS", "the version of the character set goes with CHAR"},
	{"HEAD._SCHMA", "the SCHMA To70 added for the documented extensions it met (_LOC, _PHRASE)"},
	{"HEAD._SCHMA.TAG", "the SCHMA To70 added for the documented extensions it met (_LOC, _PHRASE)"},
	{"STAT", "an ordinance STAT outside the 7.0 list (\"Cleared\") is kept as _STAT"},
	{"_STAT", "an ordinance STAT outside the 7.0 list (\"Cleared\") is kept as _STAT"},
	{"DATE", "dates come back in date.ToV551's normal spelling: \"05 APR 1884\" → \"5 APR 1884\", \"18 Jun 2000\" → \"18 JUN 2000\", B.C. → BCE, dual years and phrases as INT"},
	{"DATE.PHRASE", "a 7.0 PHRASE that date.ToV551 could not fold back into the date"},
	{"DATE._PHRASE", "a 7.0 PHRASE that date.ToV551 could not fold back into the date"},
	{"AGE", "ages come back in canonical form: \"0Y\" → \"0y\", \"< 0 y\" → \"<0y\", \"0\" → \"0y\""},
	{"AGE._PHRASE", "an age phrase other than CHILD/INFANT/STILLBORN"},
	{"FILE", "file names become URIs and back: \"a\\b\" comes back \"a/b\""},
	{"FORM", "media types and back: a FORM that was not a 5.5.1 word comes back as its media subtype"},
	{"OBJE", "an inline OBJE link becomes a pointer to a new OBJE record"},
	{"OBJE.FILE", "moved from an inline OBJE link to its new record"},
	{"OBJE.FILE.FORM", "moved from an inline OBJE link to its new record"},
	{"OBJE.FILE.FORM.TYPE", "moved from an inline OBJE link to its new record; MEDI becomes TYPE"},
	{"OBJE.FILE.FORM.MEDI", "5.5.1 FORM.MEDI of an inline link becomes FORM.TYPE of the new record"},
	{"OBJE.FILE.TITL", "moved from an inline OBJE link to its new record"},
	{"OBJE.FORM", "5.5 FORM moves under FILE"},
	{"OBJE.TITL", "a link's TITL stays on the pointer, as _TITL in 5.5.1"},
	{"OBJE._TITL", "a link's TITL stays on the pointer, as _TITL in 5.5.1"},
	{"OBJE.NOTE", "moved from an inline OBJE link to its new record"},
	{"OBJE.BLOB", "kept as _BLOB"},
	{"OBJE._BLOB", "kept as _BLOB"},
	{"SOUR", "a text citation becomes a pointer to a new SOUR record holding the text in a NOTE"},
	{"SOUR.NOTE", "the text of a text citation, now in its new SOUR record"},
	{"SOUR.TEXT", "a text citation's TEXT moves under DATA"},
	{"SOUR.DATA", "a text citation's TEXT moves under DATA"},
	{"SOUR.DATA.TEXT", "a text citation's TEXT moves under DATA"},
	{"NOTE", "5.5.1 escapes (\"@#DJULIAN@\") are removed from text"},
	{"LANG", "a language name comes back in the spelling of the 5.5.1 list (\"ENGlish\" → \"English\")"},
	{"RELA", "RELA text that is an enumeration value comes back as its word (\"Friend\" → \"friend\")"},
	{"PEDI", "comes back lower case"},
	{"TYPE", "enumerated TYPEs come back in 5.5.1 case"},
	{"MEDI", "comes back lower case"},
	{"STAT", "comes back in 5.5.1 case"},
	{"ADOP", "comes back upper case"},
	{"SEX", "comes back upper case"},
	{"RESN", "comes back lower case"},
	{"QUAY", "a value outside 0–3 is kept as _QUAY"},
	{"_QUAY", "a value outside 0–3 is kept as _QUAY"},
	{"ROLE", "comes back in 5.5.1 form, user text in parentheses"},
	{"ALIA", "a text ALIA (not a pointer) becomes NAME with TYPE AKA"},
	{"NAME", "a text ALIA (not a pointer) becomes NAME with TYPE AKA"},
	{"NAME.TYPE", "a text ALIA (not a pointer) becomes NAME with TYPE AKA"},
	{"EMAI", "the 5.5.1 typo EMAI becomes EMAIL"},
	{"EMAIL", "the 5.5.1 typo EMAI becomes EMAIL"},
	{"_EMAIL", "_EMAIL becomes EMAIL"},
	{"RFN", "an RFN without a colon is kept; one with comes back the same"},
	{"ASSO.TYPE", "5.5 ASSO.TYPE INDI is dropped"},
	{"FONE.TYPE", "user-defined FONE/ROMN TYPEs become LANG und with _PHRASE"},
	{"ROMN.TYPE", "user-defined FONE/ROMN TYPEs become LANG und with _PHRASE"},
	{"_TRAN", "a FONE/ROMN of a user-defined TYPE"},
	{"_TRAN.LANG", "a FONE/ROMN of a user-defined TYPE"},
	{"_TRAN.LANG._PHRASE", "a FONE/ROMN of a user-defined TYPE"},
	{"FONE", "a FONE/ROMN of a user-defined TYPE"},
	{"ROMN", "a FONE/ROMN of a user-defined TYPE"},
	{"SUBM", "a pointer to a missing record becomes @VOID@, kept as _SUBM"},
	{"_SUBM", "a pointer to a missing record becomes @VOID@, kept as _SUBM"},
	{"_PHRASE", "a 7.0 PHRASE 5.5.1 has no place for (LANG und)"},
	{"_CRE", "_CRE/_CREAT become CREA and come back as _CREA"},
	{"_CREAT", "_CRE/_CREAT become CREA and come back as _CREA"},
	{"_CREA", "_CRE/_CREAT become CREA and come back as _CREA"},
	{"_FID", "becomes an EXID of FamilySearch and comes back as _FSFTID"},
	{"_FSFTID", "becomes an EXID of FamilySearch and comes back as _FSFTID"},
	{"EVEN", "a citation's EVEN outside the 7.0 event types becomes an extension value with the text as PHRASE, which comes back as _PHRASE"},
	{"CONL", "an LDS ordinance's Y payload is left out: 7.0 takes none"},
	{"BAPL", "an LDS ordinance's Y payload is left out: 7.0 takes none"},
	{"ENDL", "an LDS ordinance's Y payload is left out: 7.0 takes none"},
	{"SLGC", "an LDS ordinance's Y payload is left out: 7.0 takes none"},
	{"SLGS", "an LDS ordinance's Y payload is left out: 7.0 takes none"},
	{"TITL", "a pointer where 7.0 wants text is written as text"},
	{"LATI", "a coordinate is written in the GEDCOM form (N50.05)"},
	{"LONG", "a coordinate is written in the GEDCOM form (W76.58)"},
	{"_NO", "an event with payload N (DIV N) becomes NO DIV, which 5.5.1 keeps as _NO"},
}

// extExplained reports whether path changed because 7.0 has no place for
// a structure where it stood, so that it became an extension structure
// with an underscore before its tag ("INDI.BIRT.QUAY" lost and
// "INDI.BIRT._QUAY" gained, with everything below them).
func extExplained(path string, diff map[string][2]int) bool {
	parts := strings.Split(path, ".")
	for i, p := range parts {
		var other []string
		if t, ok := strings.CutPrefix(p, "_"); ok && t != "" {
			other = append(append(append(other, parts[:i]...), t), parts[i+1:]...)
		} else {
			other = append(append(append(other, parts[:i]...), "_"+p), parts[i+1:]...)
		}
		prefix := strings.Join(other[:i+1], ".")
		if _, ok := diff[prefix]; ok {
			return true
		}
	}
	return false
}

// yEvents are the events whose 7.0 payload is Y or nothing.
var yEvents = setOf(`ANUL CENS DIV DIVF ENGA MARB MARC MARL MARR MARS ADOP BAPM BARM BASM BIRT
BLES BURI CHR CHRA CONF CREM DEAT EMIG FCOM GRAD IMMI NATU ORDN PROB RETI WILL`)

func explained(path string) bool {
	// Tags that are neither 5.5.1 tags nor extension tags (COMM, WAND,
	// FSID) get an underscore in 7.0 and keep it.
	last := path[strings.LastIndexByte(path, '.')+1:]
	if t := strings.TrimPrefix(last, "_"); !tags551[t] && !tags70only[t] && t != "" {
		if !isExt(last) || !strings.Contains(path, "._") || strings.HasSuffix(path, "._"+t) {
			return true
		}
	}
	// Text on an event line ("1 DEAT Killed in France") moves into a
	// NOTE and the payload becomes Y; a blank payload becomes none; "1
	// DIV N" becomes NO DIV (and _NO in 5.5.1).
	if yEvents[last] {
		return true
	}
	for _, e := range roundTripExplained {
		if path == e.suffix || strings.HasSuffix(path, "."+e.suffix) {
			return true
		}
	}
	return false
}

// TestRoundTrip551 converts 5.5.1 files to 7.0 and back and checks that
// every structure that changes is one roundTripExplained accounts for.
// Run with -v to see, per file, which structures changed and how many.
func TestRoundTrip551(t *testing.T) {
	shared := sharedDir(t)
	var files []string
	for _, pat := range []string{
		"data/gedcom/conversion-551-to-70/5/*.ged",
		"data/gedcom/samples/*/*.ged",
		"data/gedcom/torture55/*.ged",
	} {
		m, err := filepath.Glob(filepath.Join(shared, pat))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if testing.Short() && len(files) > 10 {
		files = files[:10]
	}
	for _, f := range files {
		rel, _ := filepath.Rel(shared, f)
		t.Run(rel, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			diff := roundTripDiff(t, filepath.Base(f), decodeBytes(t, filepath.Base(f), b))
			paths := make([]string, 0, len(diff))
			for p := range diff {
				paths = append(paths, p)
			}
			sort.Strings(paths)
			var report []string
			for _, p := range paths {
				c := diff[p]
				report = append(report, fmt.Sprintf("%s -%d +%d", p, c[0], c[1]))
				if !explained(p) && !extExplained(p, diff) {
					t.Errorf("5.5.1 → 7.0 → 5.5.1 changed %s (-%d +%d), which no rule explains", p, c[0], c[1])
				}
			}
			t.Logf("changed: %s", strings.Join(report, ", "))
		})
	}
}

// roundTrip70Explained lists what may change in 7.0 → 5.5.1 → 7.0.
var roundTrip70Explained = map[string]string{
	"LANG":        "5.5.1 has language names, not tags: en-US comes back as en",
	"FILE":        "a relative reference that looks like a URL once decoded (https%3a//x) comes back as the URL",
	"FORM":        "media types come back in canonical form: image/jpg → image/jpeg",
	"AGE":         "5.5.1 has no weeks: 2w comes back as 14d",
	"DATE.PHRASE": "a period's PHRASE that date.ToV551 folds into the date and date.ToV7 does not take out again",
}

// TestRoundTrip70 converts the FamilySearch 7.0 test files to 5.5.1 and
// back and checks that every structure that changes is explained.
func TestRoundTrip70(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(sharedDir(t), "data/gedcom/gedcom70/*.ged"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			d := decodeFile(t, f)
			d5, _ := To551(d)
			d5 = decodeBytes(t, f, encode(t, d5, V551))
			back, _ := To70(d5)
			back = decodeBytes(t, f, encode(t, back, V70))
			a, b := lines(d), lines(back)
			for k, n := range a {
				if b[k] >= n {
					continue
				}
				p, v, _ := strings.Cut(k, "=")
				// A date in an extension calendar ("_UNKNOWN 13 _MONTH 17")
				// has no 5.5.1 form: it becomes a date phrase and comes
				// back as a PHRASE of an empty DATE.
				ok := strings.HasSuffix(p, "DATE") && strings.Contains(v, "_")
				for suffix := range roundTrip70Explained {
					if p == suffix || strings.HasSuffix(p, "."+suffix) {
						ok = true
					}
				}
				if !ok {
					t.Errorf("7.0 → 5.5.1 → 7.0 lost %s (%d of %d)", k, n-b[k], n)
				}
			}
		})
	}
}
