package sqlstore

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"kin"
)

// checkDecode decodes b with each decoder of decodejson.go and with
// encoding/json, and fails unless both give the same value and the same
// error. It returns how many of the fast paths took b.
func checkDecode(t *testing.T, b []byte) int {
	t.Helper()
	same := func(what string, got, want any, gerr, werr error) {
		t.Helper()
		if (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("%s of %q: error %v, encoding/json's %v", what, b, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s of %q:\ngot           %#v\nencoding/json %#v", what, b, got, want)
		}
	}
	gotName, gerr := decodeName(b)
	var wantName kin.Name
	werr := json.Unmarshal(b, &wantName)
	same("name", gotName, wantName, gerr, werr)

	gotEvent, gerr := decodeEventValue(b)
	var wantEvent kin.Event
	werr = json.Unmarshal(b, &wantEvent)
	same("event", gotEvent, wantEvent, gerr, werr)

	// A sex is decoded into the person, over what an earlier fact set.
	gotSex, wantSex := kin.Sex("before"), kin.Sex("before")
	gerr = decodeString(b, &gotSex)
	werr = json.Unmarshal(b, &wantSex)
	same("sex", gotSex, wantSex, gerr, werr)
	var gotLineage, wantLineage kin.Lineage
	gerr = decodeString(b, &gotLineage)
	werr = json.Unmarshal(b, &wantLineage)
	same("lineage", gotLineage, wantLineage, gerr, werr)

	gotPerson, wantPerson := new(kin.Person), new(kin.Person)
	gerr = decodePerson(b, gotPerson)
	werr = json.Unmarshal(b, wantPerson)
	same("person", gotPerson, wantPerson, gerr, werr)
	gotFamily, wantFamily := new(kin.Family), new(kin.Family)
	gerr = decodeFamily(b, gotFamily)
	werr = json.Unmarshal(b, wantFamily)
	same("family", gotFamily, wantFamily, gerr, werr)

	n := 0
	if _, ok := nameFast(b); ok {
		n++
	}
	if _, ok := eventFast(b); ok {
		n++
	}
	if _, ok := stringFast(b); ok {
		n++
	}
	if _, ok := recordDataFast(b); ok {
		n++
	}
	return n
}

// decodeCases are stored values and near misses: fast tells whether the
// fast path must take the value (a value it need not take goes to
// encoding/json, which is always right, but the fast path should take
// what kin writes for nearly every fact).
var decodeCases = []struct {
	in   string
	fast bool
}{
	// What kin writes.
	{`{"Given":"Concetta","Surname":"Mancini"}`, true},
	{`{"Given":"Jürgen","Surname":"Groß"}`, true},
	{`{"Given":"伟","Surname":"王"}`, true},
	{`{"Prefix":"Dr.","Given":"Eduardo","Nickname":"Edu","SurnamePrefix":"van der","Surname":"Baldwin","Suffix":"Jr.","Type":"AKA"}`, true},
	{`{}`, true},
	{`"F"`, true},
	{`"M"`, true},
	{`""`, true},
	{`"ADOPTED"`, true},
	{`{"Type":"BIRT","Date":{"Start":{"Year":1566,"Month":11,"Day":26}}}`, true},
	{`{"Type":"CHR","Date":{"Start":{"Year":1567}},"Place":{"Name":"Torino, Torino, Piemonte, Italia"}}`, true},
	{`{"Type":"OCCU","Detail":"Baker","Value":"Baker"}`, true},
	{`{"Type":"BIRT","Date":{"Start":{"Year":1876},"Modifier":4}}`, true},
	{`{"Type":"MARR","Date":{"Start":{"Year":1750,"DualYear":1751},"End":{"Year":1760},"Modifier":7}}`, true},
	{`{"ID":"E1","Type":"DEAT","Date":{"Start":{"Calendar":2,"Year":44,"BCE":true},"Phrase":"x","Interpreted":true},"Cause":"fever"}`, true},
	{`{"Date":{"Start":{"Year":-0}}}`, true},
	{`{"Date":{"Start":{"Year":-2147483648,"DualYear":2147483647,"Month":255,"Day":0}}}`, true},
	{`{"Date":{"Start":{"BCE":false}},"Place":{}}`, true},
	{`{"ID":"I500000","Xref":"I500000"}`, true},
	{`{"ID":"I2","Xref":"I2","ExternalIDs":[{"Kind":"UID","Value":"65A820F72FF2A4D1BCC73CADBD9021D7"}]}`, true},
	{`{"ID":"I2","ExternalIDs":[{"Kind":"EXID","Value":"x","Type":"t"},{}]}`, true},
	{`{"ID":"I2","ExternalIDs":[]}`, true},
	{`{"ID":"I8","Xref":"I8","Notes":[{"Text":"Selon l'acte de décès, le défunt était âgé d'environ soixante-dix ans."}]}`, true},
	{`{"ID":"I8","Notes":[{"ID":"N1","Xref":"N1","Text":"t","MIME":"text/html","Lang":"fr"},{}]}`, true},
	{`{"Notes":[]}`, true},
	{`{"Given":"A\"B"}`, true},
	{`{"Given":"A\nB\\C\/D\b\f\r\t"}`, true},
	{`{"Given":"é\n\"ü\""}`, true},
	{`"\""`, true},
	{`{"Notes":[{"Text":"a\"b"}]}`, true},
	{`{"ID":"I8","Notes":[{"Text":"First line.\nSecond line, \"quoted\"."}]}`, true},
	{`{"Type":"EVEN","Detail":"a\tb","Place":{"Name":"\\"}}`, true},

	// Valid JSON the fast path leaves to encoding/json.
	{`{"Given":"A\u00e9"}`, false},
	{`{"Given":"A\nB\u0041"}`, false},
	{`{"Given":"A\x"}`, false},
	{`{"Given":"A\'"}`, false},
	{`{"Given":"A\`, false},
	{`{"Given":"A\"`, false},
	{"{\"Given\":\"\\n\xff\"}", false},
	{"{\"Given\":\"\\n\x01\"}", false},
	{`{"Giv\u0065n":"a"}`, false},
	{`{"Given\n":"a"}`, false},
	{"{\"Given\":\"A\tB\"}", false}, // a raw tab: invalid JSON
	{"{\"Given\":\"A\xffB\"}", false},
	{"{\"Given\":\"\xe2\x80\"}", false},
	{`{"given":"a"}`, false},
	{`{"GIVEN":"a"}`, false},
	{`{"Given":"a","given":"b"}`, false},
	{`{"Given":"a","Given":"b"}`, false},
	{`{"Given":null}`, false},
	{`{"Given":1}`, false},
	{`{ "Given":"a"}`, false},
	{`{"Given" :"a"}`, false},
	{`{"Given":"a"} `, false},
	{` {"Given":"a"}`, false},
	{`{"Given":"a"}x`, false},
	{`{"Given":"a",}`, false},
	{`{"Given":"a"`, false},
	{`{"Given":"a`, false},
	{`{"Citations":null}`, false},
	{`{"Citations":[{"Source":"S1"}]}`, false},
	{`{"Unknown":1}`, false},
	{`null`, false},
	{`"F" `, false},
	{`"\u0046"`, false},
	{`F`, false},
	{``, false},
	{`{"Date":{"Start":{"Year":1e3}}}`, false},
	{`{"Date":{"Start":{"Year":1000.0}}}`, false},
	{`{"Date":{"Start":{"Year":01}}}`, false},
	{`{"Date":{"Start":{"Year":-}}}`, false},
	{`{"Date":{"Start":{"Year":2147483648}}}`, false},
	{`{"Date":{"Start":{"Year":-2147483649}}}`, false},
	{`{"Date":{"Start":{"Year":99999999999999999999}}}`, false},
	{`{"Date":{"Start":{"Month":256}}}`, false},
	{`{"Date":{"Start":{"Month":-1}}}`, false},
	{`{"Date":{"Modifier":300}}`, false},
	{`{"Date":{"Start":{"Year":1},"Start":{"Month":2}}}`, false},
	{`{"Date":{"Start":{"Year":1}},"Date":{"Modifier":2}}`, false},
	{`{"Date":{"Start":{"Year":1,"Year":2}}}`, false},
	{`{"Date":{"Start":{"ExtCalendar":"_X"}}}`, false},
	{`{"Date":{"Start":null}}`, false},
	{`{"Date":null}`, false},
	{`{"Date":{"Start":{"BCE":tru}}}`, false},
	{`{"Date":{"Start":{"BCE":truex}}}`, false},
	{`{"Date":{"Start":{"BCE":1}}}`, false},
	{`{"Date":{"Interpreted":"true"}}`, false},
	{`{"Place":{"Name":"x","Lat":1.5,"Long":2}}`, false},
	{`{"Place":{"Known":true}}`, false},
	{`{"Place":{"Name":"x","Name":"y"}}`, false},
	{`{"Place":"x"}`, false},
	{`{"Participants":[{"Person":"I2"}]}`, false},
	{`{"ExternalIDs":null}`, false},
	{`{"ExternalIDs":[null]}`, false},
	{`{"ExternalIDs":[{"Kind":"a"},]}`, false},
	{`{"ExternalIDs":[{"Kind":"a"}`, false},
	{`{"ExternalIDs":[{"Kind":"a","Kind":"b"}]}`, false},
	{`{"ExternalIDs":[1]}`, false},
	{`{"Notes":[{"Text":"a"}],"Notes":[]}`, false},
	{`{"ID":"I1","Private":true}`, false},
	{`{"ID":"I1","Media":[{"Media":"M1"}]}`, false},
	{`{"ID":"F1","Partners":["I1"]}`, false},
	{`[]`, false},
	{`{`, false},
	{`}`, false},
}

// TestDecodeJSONMatches checks the decoders of decodejson.go against
// encoding/json, for the cases above and for every value kin stores for
// the people and families of the GEDCOM fixtures in ../gedcom/testdata
// and ../shared/data/gedcom (and of KIN_JSON_GED, a large file, when
// set); and that the fast path takes what kin writes.
func TestDecodeJSONMatches(t *testing.T) {
	for _, tt := range decodeCases {
		n := checkDecode(t, []byte(tt.in))
		if tt.fast && n == 0 {
			t.Errorf("%s: no fast path took it", tt.in)
		}
		if !tt.fast && n > 0 {
			t.Errorf("%s: a fast path took it", tt.in)
		}
	}
	for _, tt := range fastCases() {
		b, err := compactJSON(tt.v)
		if err == nil {
			checkDecode(t, b)
		}
	}
	files, _ := filepath.Glob(filepath.Join("..", "gedcom", "testdata", "kin", "*.ged"))
	shared := filepath.Join("..", "..", "shared", "data", "gedcom")
	filepath.WalkDir(shared, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".ged") {
			files = append(files, path)
		}
		return nil
	})
	if path := os.Getenv("KIN_JSON_GED"); path != "" {
		files = append(files, path)
	}
	values, fast := 0, 0
	check := func(b []byte) {
		values++
		if checkDecode(t, b) > 0 {
			fast++
		}
	}
	for _, path := range files {
		tr := mapFile(t, path)
		if tr == nil {
			continue
		}
		for _, p := range tr.People {
			facts, data, err := personFacts(p)
			if err != nil {
				continue
			}
			check(data)
			for _, f := range facts {
				check(f.Value)
			}
		}
		for _, fam := range tr.Families {
			facts, data, err := familyFacts(fam)
			if err != nil {
				continue
			}
			check(data)
			for _, f := range facts {
				check(f.Value)
			}
		}
	}
	if values == 0 {
		t.Fatal("no stored values checked")
	}
	t.Logf("%d files, %d stored values checked, %d taken by a fast path", len(files), values, fast)
}

// FuzzDecodeJSON checks the decoders of decodejson.go against
// encoding/json for any bytes.
func FuzzDecodeJSON(f *testing.F) {
	for _, tt := range decodeCases {
		f.Add([]byte(tt.in))
	}
	f.Add([]byte(strings.Repeat(`{"Date":`, 3)))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b)
	})
}

// BenchmarkDecodeJSON compares the decoders of decodejson.go with
// encoding/json on values as kin stores them.
func BenchmarkDecodeJSON(b *testing.B) {
	values := []struct {
		name, json string
		decode     func([]byte) error
		std        func([]byte) error
	}{
		{"name", `{"Given":"Concetta","Surname":"Mancini"}`,
			func(v []byte) error { _, err := decodeName(v); return err },
			func(v []byte) error { var n kin.Name; return json.Unmarshal(v, &n) }},
		{"event", `{"Type":"DEAT","Date":{"Start":{"Year":1640,"Month":12,"Day":17}},"Place":{"Name":"Torino, Torino, Piemonte, Italia"}}`,
			func(v []byte) error { _, err := decodeEventValue(v); return err },
			func(v []byte) error { var e kin.Event; return json.Unmarshal(v, &e) }},
		{"person with a note", `{"ID":"I49922","Xref":"I49922","Notes":[{"Text":"Según el registro parroquial, fue bautizado al día siguiente de su nacimiento.\nEnligt husförhörslängden flyttade familjen."}]}`,
			func(v []byte) error { return decodePerson(v, new(kin.Person)) },
			func(v []byte) error { return json.Unmarshal(v, new(kin.Person)) }},
	}
	for _, v := range values {
		in := []byte(v.json)
		b.Run(v.name+"/fast", func(b *testing.B) {
			for b.Loop() {
				if err := v.decode(in); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(v.name+"/encoding-json", func(b *testing.B) {
			for b.Loop() {
				if err := v.std(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
