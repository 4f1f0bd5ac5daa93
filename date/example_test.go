package date_test

import (
	"fmt"

	"kin/date"
)

func ExampleParse() {
	d, err := date.Parse("abt @#DJULIAN@ 11 feb 1731/32")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d)
	fmt.Println(d.V551())
	// Output:
	// ABT JULIAN 11 FEB 1732
	// ABT @#DJULIAN@ 11 FEB 1731/32
}

func ExampleParse_error() {
	_, err := date.Parse("32 JAN 1900")
	fmt.Println(err)
	// Output:
	// date "32 JAN 1900":1: day 32 out of range for JAN
}

func ExampleToV7() {
	fmt.Println(date.ToV7("INT 1900 (about 1900)"))
	fmt.Println(date.ToV7("1903/4"))
	// Output:
	// 1900 about 1900
	// BET 1903 AND 1904 1903/4
}

func ExampleDate_Range() {
	d, _ := date.Parse("BET JULIAN 1 JAN 1700 AND 1701")
	first, last := d.Range()
	fmt.Println(date.Date{Start: date.FromJDN(date.Gregorian, first)})
	fmt.Println(date.Date{Start: date.FromJDN(date.Gregorian, last)})
	// Output:
	// 11 JAN 1700
	// 31 DEC 1701
}

func ExampleParseAge() {
	a, _ := date.ParseAge("CHILD")
	fmt.Println(a, a.Word)
	// Output:
	// < 8y CHILD
}
