package gedcom

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// anselSpacing maps the ANSEL (ANSI Z39.47-1985) spacing characters of the
// upper half, with the additions of MARC-8 (0x88, 0x89, 0x8D, 0x8E, 0xC7,
// 0xC8) and of the GEDCOM 5.5 ANSEL table (0xBE, 0xBF, 0xCD, 0xCE, 0xCF),
// to Unicode. Zero means the byte is not defined.
var anselSpacing = [128]rune{
	0x08: 0x0098, // non-sort begin (MARC-8)
	0x09: 0x009C, // non-sort end (MARC-8)
	0x0D: 0x200D, // zero width joiner (MARC-8)
	0x0E: 0x200C, // zero width non-joiner (MARC-8)
	0x21: 0x0141, // Ł
	0x22: 0x00D8, // Ø
	0x23: 0x0110, // Đ
	0x24: 0x00DE, // Þ
	0x25: 0x00C6, // Æ
	0x26: 0x0152, // Œ
	0x27: 0x02B9, // ʹ soft sign, prime
	0x28: 0x00B7, // · middle dot
	0x29: 0x266D, // ♭ musical flat
	0x2A: 0x00AE, // ® registered
	0x2B: 0x00B1, // ± plus-minus
	0x2C: 0x01A0, // Ơ
	0x2D: 0x01AF, // Ư
	0x2E: 0x02BC, // ʼ alif, left half ring
	0x30: 0x02BB, // ʻ ayn, right half ring
	0x31: 0x0142, // ł
	0x32: 0x00F8, // ø
	0x33: 0x0111, // đ
	0x34: 0x00FE, // þ
	0x35: 0x00E6, // æ
	0x36: 0x0153, // œ
	0x37: 0x02BA, // ʺ hard sign, double prime
	0x38: 0x0131, // ı dotless i
	0x39: 0x00A3, // £
	0x3A: 0x00F0, // ð
	0x3C: 0x01A1, // ơ
	0x3D: 0x01B0, // ư
	0x3E: 0x25A1, // □ empty box (GEDCOM)
	0x3F: 0x25A0, // ■ black box (GEDCOM)
	0x40: 0x00B0, // ° degree
	0x41: 0x2113, // ℓ script l
	0x42: 0x2117, // ℗ sound recording copyright
	0x43: 0x00A9, // © copyright
	0x44: 0x266F, // ♯ musical sharp
	0x45: 0x00BF, // ¿
	0x46: 0x00A1, // ¡
	0x47: 0x00DF, // ß (MARC-8)
	0x48: 0x20AC, // € (MARC-8)
	0x4D: 0x0065, // midline e (GEDCOM; no Unicode equivalent)
	0x4E: 0x006F, // midline o (GEDCOM; no Unicode equivalent)
	0x4F: 0x00DF, // ß es zet (GEDCOM)
}

// anselCombining maps the ANSEL combining diacritics 0xE0–0xFE to Unicode
// combining characters. Zero means the byte is not defined.
var anselCombining = [32]rune{
	0x00: 0x0309, // hook above
	0x01: 0x0300, // grave
	0x02: 0x0301, // acute
	0x03: 0x0302, // circumflex
	0x04: 0x0303, // tilde
	0x05: 0x0304, // macron
	0x06: 0x0306, // breve
	0x07: 0x0307, // dot above
	0x08: 0x0308, // diaeresis
	0x09: 0x030C, // caron
	0x0A: 0x030A, // ring above
	0x0B: 0xFE20, // ligature left half
	0x0C: 0xFE21, // ligature right half
	0x0D: 0x0315, // comma above right
	0x0E: 0x030B, // double acute
	0x0F: 0x0310, // candrabindu
	0x10: 0x0327, // cedilla
	0x11: 0x0328, // ogonek
	0x12: 0x0323, // dot below
	0x13: 0x0324, // diaeresis below
	0x14: 0x0325, // ring below
	0x15: 0x0333, // double low line
	0x16: 0x0332, // low line
	0x17: 0x0326, // comma below
	0x18: 0x031C, // left half ring below
	0x19: 0x032E, // breve below
	0x1A: 0xFE22, // double tilde left half
	0x1B: 0xFE23, // double tilde right half
	0x1E: 0x0313, // comma above
}

// appendANSEL appends ANSEL text b to dst as UTF-8 in NFC. ANSEL writes combining
// diacritics before the letter they modify; Unicode writes them after, so
// the marks are held until their base character has been written. Bytes
// that ANSEL does not define become U+FFFD; bad is the index of the first.
func appendANSEL(dst, b []byte) (_ []byte, bad int) {
	bad = -1
	out := make([]byte, 0, len(b)+len(b)/2)
	var marks []rune
	var held [4]rune
	marks = held[:0]
	for i, c := range b {
		var r rune
		switch {
		case c < 0x80:
			r = rune(c)
		case c >= 0xE0:
			if m := anselCombining[c-0xE0]; m != 0 {
				marks = append(marks, m)
				continue
			}
		default:
			r = anselSpacing[c-0x80]
		}
		if r == 0 && c != 0 {
			if bad < 0 {
				bad = i
			}
			r = utf8.RuneError
		}
		out = utf8.AppendRune(out, r)
		for _, m := range marks {
			out = utf8.AppendRune(out, m)
		}
		marks = marks[:0]
	}
	for _, m := range marks {
		out = utf8.AppendRune(out, m)
	}
	// Normalise out alone: norm's Append would also recompose the end of
	// dst, which belongs to another field.
	return append(dst, norm.NFC.Bytes(out)...), bad
}
