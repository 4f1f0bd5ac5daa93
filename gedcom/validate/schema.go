package validate

import "sort"

//go:generate go run ./internal/gen -spec ../../../shared/data/gedcom7-spec -o spec_gen.go

// payload is the kind of payload a structure type takes.
type payload uint8

// The payload kinds of the GEDCOM 7 data types and the 5.5.1 ones that
// need checks of their own. payloadAny is a structure whose payload the
// registry does not describe: it is not checked.
const (
	payloadAny           payload = iota
	payloadNone                  // no payload allowed
	payloadText                  // Text, List:Text and 5.5.1 free-text types
	payloadY                     // Y|<NULL>
	payloadPointer               // @XREF@ to a record of the target type
	payloadInteger               // non-negative integer
	payloadName                  // personal name: at most one /surname/
	payloadEnum                  // one value of the enumeration set
	payloadListEnum              // comma-separated values of the set
	payloadDate                  // 7.0 DateValue
	payloadDatePeriod            // 7.0 DatePeriod
	payloadDateExact             // 7.0 DateExact
	payloadTime                  // Time (7.0) or TIME_VALUE (5.5.1)
	payloadAge                   // 7.0 Age
	payloadLanguage              // BCP 47 language tag
	payloadMediaType             // RFC 2045 media type
	payloadFilePath              // URI reference to a file
	payloadURI                   // absolute URI
	payloadLatitude              // N12.345
	payloadLongitude             // E12.345
	payloadTagDef                // SCHMA.TAG: "_TAG URI"
	payloadDate551               // 5.5.1 DATE_VALUE
	payloadDateExact551          // 5.5.1 DATE_EXACT
	payloadDatePeriod551         // 5.5.1 DATE_PERIOD
	payloadAge551                // 5.5.1 AGE_AT_EVENT
)

// schema is the set of structure types of one GEDCOM version, as generated
// into spec_gen.go. structs[0] is the document itself, whose substructures
// are the records.
type schema struct {
	version string
	structs []structType
	// sets holds the enumeration sets' value tags, sorted; sets[0] is
	// unused so that a structType's set 0 means "no set".
	sets [][]string
}

// structType is one structure type.
type structType struct {
	// uri identifies the type; "https://gedcom.io/terms/" is left out of
	// the standard ones ("v7/record-INDI").
	uri     string
	tag     string
	payload payload
	// target is the index of the record type a pointer payload points to.
	target uint16
	// set is the index in schema.sets of an Enum payload's values.
	set uint16
	// subs lists the allowed substructures sorted by key. A 5.5.1 tag may
	// appear twice, for a pointer and a text form (NOTE @N1@ and NOTE text).
	subs []sub
}

// sub is an allowed substructure in its superstructure's context.
type sub struct {
	// key is the tag, or the full URI of an extension structure type that
	// a file declares with HEAD.SCHMA.TAG.
	key string
	typ uint16
	min uint8
	max uint8 // 0 means any number
}

// lookup returns the range [lo, hi) of t.subs whose key is key.
func (t *structType) lookup(key string) (lo, hi int) {
	lo = sort.Search(len(t.subs), func(i int) bool { return t.subs[i].key >= key })
	hi = lo
	for hi < len(t.subs) && t.subs[hi].key == key {
		hi++
	}
	return lo, hi
}

// inSet reports whether v is one of set's values.
func (s *schema) inSet(set uint16, v string) bool {
	vals := s.sets[set]
	i := sort.SearchStrings(vals, v)
	return i < len(vals) && vals[i] == v
}
