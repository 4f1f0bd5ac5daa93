package sqlstore

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"sync"
	"unicode/utf8"
)

// compactJSON encodes v as JSON like encoding/json, except that struct
// fields holding their zero value are left out. json.Unmarshal reads the
// result back into the same value, since a missing field decodes as its
// zero value. Facts are kin structs whose fields are mostly empty, so this
// stores them in a third of the space, for any shape a struct takes later.
// Values it cannot encode (a NaN, a map, a channel) are an error.
func compactJSON(v any) (json.RawMessage, error) {
	return appendJSON(make([]byte, 0, 128), v)
}

// appendJSON appends the compact JSON of v to b: by hand for the values
// nearly every fact and record holds (factjson.go), by reflection for the
// others.
func appendJSON(b []byte, v any) ([]byte, error) {
	b, ok, err := appendFast(b, v)
	if !ok {
		b, err = appendCompact(b, reflect.ValueOf(v))
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

// fieldInfo is a struct field's JSON name, or skip.
type fieldInfo struct {
	name []byte // `"Name":`
	skip bool
}

var fieldCache sync.Map // reflect.Type → []fieldInfo

func fieldsOf(t reflect.Type) []fieldInfo {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]fieldInfo)
	}
	fs := make([]fieldInfo, t.NumField())
	for i := range fs {
		sf := t.Field(i)
		name := sf.Name
		if tag, ok := sf.Tag.Lookup("json"); ok {
			if tag == "-" {
				fs[i].skip = true
				continue
			}
			if n, _, _ := cut(tag, ','); n != "" {
				name = n
			}
		}
		if !sf.IsExported() {
			fs[i].skip = true
			continue
		}
		fs[i].name = append(strconv.AppendQuote(nil, name), ':')
	}
	fieldCache.Store(t, fs)
	return fs
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

var marshalerType = reflect.TypeFor[json.Marshaler]()

// jsonFormer is a type whose JSON is that of a plain struct it returns:
// kin types that keep rarely set fields behind a pointer (kin.Event,
// kin.Person, kin.Name) encode as the flat struct they always were.
type jsonFormer interface{ JSONForm() any }

var jsonFormerType = reflect.TypeFor[jsonFormer]()

func appendCompact(b []byte, v reflect.Value) ([]byte, error) {
	if v.IsValid() && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.Type().Implements(jsonFormerType) {
		return appendCompact(b, reflect.ValueOf(v.Interface().(jsonFormer).JSONForm()))
	}
	if v.IsValid() && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface && v.Type().Implements(marshalerType) {
		// A type with its own JSON form (date.Day) is encoded by it.
		out, err := json.Marshal(v.Interface())
		return append(b, out...), err
	}
	switch v.Kind() {
	case reflect.Invalid:
		return append(b, "null"...), nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendCompact(b, v.Elem())
	case reflect.Struct:
		b = append(b, '{')
		first := true
		for i, f := range fieldsOf(v.Type()) {
			fv := v.Field(i)
			if f.skip || fv.IsZero() {
				continue
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, f.name...)
			var err error
			if b, err = appendCompact(b, fv); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return append(b, "null"...), nil
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			// encoding/json writes []byte as base64; kin has none.
			out, err := json.Marshal(v.Interface())
			return append(b, out...), err
		}
		b = append(b, '[')
		for i := range v.Len() {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendCompact(b, v.Index(i)); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case reflect.String:
		return appendString(b, v.String()), nil
	case reflect.Bool:
		return strconv.AppendBool(b, v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("unsupported value %v", f)
		}
		return strconv.AppendFloat(b, f, 'g', -1, 64), nil
	}
	return nil, fmt.Errorf("unsupported type %s", v.Type())
}

// appendString appends s as a JSON string; invalid UTF-8 becomes U+FFFD as
// encoding/json makes it.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
