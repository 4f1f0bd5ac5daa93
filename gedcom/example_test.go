package gedcom_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"kin/gedcom"
)

func ExampleDecoder_Next() {
	const file = `0 HEAD
1 GEDC
2 VERS 5.5.1
1 CHAR UTF-8
0 @I1@ INDI
1 NAME Ada /Lovelace/
1 NOTE Mathematician,
2 CONC  writer of the first program.
2 CONT E-mail: ada@@example.org
0 TRLR
`
	d := gedcom.NewDecoder(strings.NewReader(file))
	for {
		rec, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		if rec.Tag == "INDI" {
			fmt.Printf("%s: %s\n%s\n", rec.Xref, rec.ValueOf("NAME"), rec.ValueOf("NOTE"))
		}
	}
	fmt.Println("version", d.Version(), "in", d.Encoding())
	// Output:
	// I1: Ada /Lovelace/
	// Mathematician, writer of the first program.
	// E-mail: ada@example.org
	// version 5.5.1 in UTF-8
}

func ExampleSyntaxError() {
	d := gedcom.NewDecoder(strings.NewReader("0 HEAD\n1 GEDC\n2 VERS 7.0\n0 @I1@ INDI\n2 NAME x\n0 TRLR\n"))
	d.Filename = "family.ged"
	_, err := d.Decode()
	fmt.Println(err)
	fmt.Println(errors.Is(err, gedcom.ErrLevel))
	// Output:
	// family.ged:5:1: level 2 follows level 0
	// true
}

func ExampleEncoder() {
	rec := &gedcom.Node{Xref: "N1", Tag: "NOTE", Value: "Write to me@example.org\nor call."}
	for _, version := range []string{"7.0", "5.5.1"} {
		e := gedcom.NewEncoder(os.Stdout)
		e.Version = version
		if err := e.Encode(rec); err != nil {
			fmt.Println(err)
		}
		e.Flush()
	}
	// Output:
	// 0 @N1@ NOTE Write to me@example.org
	// 1 CONT or call.
	// 0 @N1@ NOTE Write to me@@example.org
	// 1 CONT or call.
}

func ExampleDecoder_lenient() {
	const file = "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n0 @I1@ INDI\n1 EMAIL me@example.org\n0 TRLR\n"
	d := gedcom.NewDecoder(strings.NewReader(file))
	d.Lenient = true
	d.Warn = func(err error) { fmt.Println("warning:", err) }
	doc, err := d.Decode()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Records[1].ValueOf("EMAIL"))
	// Output:
	// warning: 6:11: @ in text must be doubled as @@ (accepted by AllowBadAtSigns; later cases are not reported)
	// me@example.org
}
