package convert

import (
	"strings"
	"sync"
)

// languages pairs the LANGUAGE_ID names of GEDCOM 5.5.1 with BCP 47 tags,
// following FHISO's legacy-format mapping (the one the gedcom7code
// conversion tests expect).
var languages = [][2]string{
	{"Afrikaans", "af"}, {"Albanian", "sq"}, {"Amharic", "am"},
	{"Anglo-Saxon", "ang"}, {"Arabic", "ar"}, {"Armenian", "hy"}, {"Assamese", "as"},
	{"Belorusian", "be"}, {"Bengali", "bn"}, {"Braj", "bra"}, {"Bulgarian", "bg"},
	{"Burmese", "my"}, {"Cantonese", "yue"}, {"Catalan", "ca"}, {"Catalan_Spn", "ca-ES"},
	{"Church-Slavic", "cu"}, {"Czech", "cs"}, {"Danish", "da"}, {"Dogri", "dgr"},
	{"Dutch", "nl"}, {"English", "en"}, {"Esperanto", "eo"}, {"Estonian", "et"},
	{"Faroese", "fo"}, {"Finnish", "fi"}, {"French", "fr"}, {"Georgian", "ka"},
	{"German", "de"}, {"Greek", "el"}, {"Gujarati", "gu"}, {"Hawaiian", "haw"},
	{"Hebrew", "he"}, {"Hindi", "hi"}, {"Hungarian", "hu"}, {"Icelandic", "is"},
	{"Indonesian", "id"}, {"Italian", "it"}, {"Japanese", "ja"}, {"Kannada", "kn"},
	{"Khmer", "km"}, {"Konkani", "kok"}, {"Korean", "ko"}, {"Lahnda", "lah"},
	{"Lao", "lo"}, {"Latvian", "lv"}, {"Lithuanian", "lt"}, {"Macedonian", "mk"},
	{"Maithili", "mai"}, {"Malayalam", "ml"}, {"Mandrin", "cmn"}, {"Manipuri", "mni"},
	{"Marathi", "mr"}, {"Mewari", "mtr"}, {"Navaho", "nv"}, {"Nepali", "ne"},
	{"Norwegian", "no"}, {"Oriya", "or"}, {"Pahari", "him"}, {"Pali", "pi"},
	{"Panjabi", "pa"}, {"Persian", "fa"}, {"Polish", "pl"}, {"Portuguese", "pt"},
	{"Prakrit", "pra"}, {"Pusto", "ps"}, {"Rajasthani", "raj"}, {"Romanian", "ro"},
	{"Russian", "ru"}, {"Sanskrit", "sa"}, {"Serb", "sr"}, {"Serbo_Croa", "sh"},
	{"Slovak", "sk"}, {"Slovene", "sl"}, {"Spanish", "es"}, {"Swedish", "sv"},
	{"Tagalog", "tl"}, {"Tamil", "ta"}, {"Telugu", "te"}, {"Thai", "th"},
	{"Tibetan", "bo"}, {"Turkish", "tr"}, {"Ukrainian", "uk"}, {"Urdu", "ur"},
	{"Vietnamese", "vi"}, {"Wendic", "wen"}, {"Yiddish", "yi"},
}

// langTagByName maps lower-cased 5.5.1 language names to BCP 47 tags, and
// langNameByTag lower-cased tags back to names. Both are read-only, and
// like every table of the package built on first use, not when a process
// starts.
var langTagByName = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(languages))
	for _, l := range languages {
		m[strings.ToLower(l[0])] = l[1]
	}
	return m
})

var langNameByTag = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, len(languages))
	for _, l := range languages {
		m[strings.ToLower(l[1])] = l[0]
	}
	return m
})

// transLangs maps the TYPE of 5.5.1 FONE and ROMN to the LANG of a 7.0
// TRAN. The keys are "FONE kana" and the like.
var transLangs = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"FONE hangul":    "ko-Hang",
		"FONE kana":      "ja-Hrkt",
		"ROMN pinyin":    "zh-Latn-pinyin",
		"ROMN romaji":    "ja-Latn",
		"ROMN romanji":   "ja-Latn",
		"ROMN wadegiles": "zh-Latn-wadegile",
	}
})

// transBack maps a lower-cased TRAN LANG back to the 5.5.1 tag and TYPE.
var transBack = sync.OnceValue(func() map[string][2]string {
	return map[string][2]string{
		"ko-hang":          {"FONE", "hangul"},
		"ja-hrkt":          {"FONE", "kana"},
		"ja-kana":          {"FONE", "kana"},
		"ja-hira":          {"FONE", "kana"},
		"zh-latn-pinyin":   {"ROMN", "pinyin"},
		"ja-latn":          {"ROMN", "romaji"},
		"zh-latn-wadegile": {"ROMN", "wadegiles"},
	}
})

// mediaTypes maps lower-cased 5.5.1 MULTIMEDIA_FORMAT words (and common
// file extensions used as such) to IANA media types. The first seven are
// 5.5.1's own list.
var mediaTypes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"bmp":  "image/bmp",
		"gif":  "image/gif",
		"jpg":  "image/jpeg",
		"ole":  "application/x-oleobject",
		"pcx":  "image/vnd.zbrush.pcx",
		"tif":  "image/tiff",
		"wav":  "audio/vnd.wave",
		"jpeg": "image/jpeg",
		"tiff": "image/tiff",
		"png":  "image/png",
		"svg":  "image/svg+xml",
		"webp": "image/webp",
		"heic": "image/heic",
		"pdf":  "application/pdf",
		"txt":  "text/plain",
		"htm":  "text/html",
		"html": "text/html",
		"rtf":  "application/rtf",
		"doc":  "application/msword",
		"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"mp3":  "audio/mpeg",
		"ogg":  "audio/ogg",
		"oga":  "audio/ogg",
		"m4a":  "audio/mp4",
		"mp4":  "video/mp4",
		"mpg":  "video/mpeg",
		"mpeg": "video/mpeg",
		"avi":  "video/x-msvideo",
		"mov":  "video/quicktime",
		"webm": "video/webm",
		"zip":  "application/zip",
		"ged":  "text/vnd.familysearch.gedcom",
	}
})

// mediaForms maps media types back to 5.5.1 FORM words; built from
// mediaTypes, preferring the 5.5.1 spelling ("jpg" over "jpeg").
var mediaForms = sync.OnceValue(func() map[string]string {
	types := mediaTypes()
	m := make(map[string]string)
	for f, t := range types {
		if cur, ok := m[t]; !ok || len(f) < len(cur) || (len(f) == len(cur) && f < cur) {
			m[t] = f
		}
	}
	for _, f := range []string{"bmp", "gif", "jpg", "ole", "pcx", "tif", "wav"} {
		m[types[f]] = f
	}
	m["audio/wav"] = "wav"
	m["audio/x-wav"] = "wav"
	m["image/jpg"] = "jpg"
	return m
})

// enumSet describes one 7.0 enumeration: its values, 5.5.1 synonyms that
// map onto a value (keeping the original text as a PHRASE), whether the
// structure allows a PHRASE, and how 5.5.1 spells each value.
type enumSet struct {
	values   []string
	synonyms map[string]string // lower-cased text → value
	phrase   bool
	// lower lists values 5.5.1 writes in lower case.
	lower bool
	// back maps 7.0 values to 5.5.1 text when it is not the value itself.
	back map[string]string
	// closed551 marks enumerations that 5.5.1 also closes (PEDI, MEDI,
	// ADOP, STAT): a 7.0 value with a PHRASE keeps its value in 5.5.1 and
	// the PHRASE as _PHRASE, where an open one (NAME.TYPE) takes the
	// PHRASE text.
	closed551 bool
}

func (e *enumSet) has(v string) bool {
	for _, x := range e.values {
		if x == v {
			return true
		}
	}
	return false
}

var (
	enumPEDI = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"ADOPTED", "BIRTH", "FOSTER", "SEALING", "OTHER"},
			phrase: true, lower: true, closed551: true,
		}
	})
	enumNameType = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"AKA", "BIRTH", "IMMIGRANT", "MAIDEN", "MARRIED", "PROFESSIONAL", "OTHER"},
			synonyms: map[string]string{
				"also known as": "AKA", "alias": "AKA", "maiden name": "MAIDEN",
				"married name": "MARRIED", "birth name": "BIRTH",
			},
			phrase: true, lower: true,
			back: map[string]string{"PROFESSIONAL": "PROFESSIONAL"},
		}
	})
	enumMEDI = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"AUDIO", "BOOK", "CARD", "ELECTRONIC", "FICHE", "FILM",
				"MAGAZINE", "MANUSCRIPT", "MAP", "NEWSPAPER", "PHOTO", "TOMBSTONE", "VIDEO", "OTHER"},
			synonyms: map[string]string{"photograph": "PHOTO", "picture": "PHOTO", "image": "PHOTO",
				"headstone": "TOMBSTONE", "gravestone": "TOMBSTONE", "microfilm": "FILM",
				"microfiche": "FICHE", "sound": "AUDIO", "movie": "VIDEO", "document": "MANUSCRIPT"},
			phrase: true, lower: true, closed551: true,
		}
	})
	enumADOP = sync.OnceValue(func() *enumSet {
		return &enumSet{values: []string{"HUSB", "WIFE", "BOTH"}, phrase: true, closed551: true}
	})
	enumFAMCStat = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"CHALLENGED", "DISPROVEN", "PROVEN"}, phrase: true, lower: true, closed551: true,
		}
	})
	enumOrdStat = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"BIC", "CANCELED", "CHILD", "COMPLETED", "DNS", "DNS_CAN",
				"EXCLUDED", "INFANT", "PRE_1970", "STILLBORN", "SUBMITTED", "UNCLEARED"},
			synonyms: map[string]string{"dns/can": "DNS_CAN", "pre-1970": "PRE_1970", "cancelled": "CANCELED"},
			back:     map[string]string{"DNS_CAN": "DNS/CAN", "PRE_1970": "PRE-1970"},
		}
	})
	enumSEX = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values:   []string{"M", "F", "X", "U"},
			synonyms: map[string]string{"male": "M", "female": "F", "unknown": "U"},
		}
	})
	enumQUAY = sync.OnceValue(func() *enumSet {
		return &enumSet{values: []string{"0", "1", "2", "3"}}
	})
	// enumROLE is ROLE of ASSO and of a citation's EVEN, and what ASSO.RELA
	// becomes.
	enumROLE = sync.OnceValue(func() *enumSet {
		return &enumSet{
			values: []string{"CHIL", "CLERGY", "FATH", "FRIEND", "GODP", "HUSB", "MOTH",
				"MULTIPLE", "NGHBR", "OFFICIATOR", "PARENT", "SPOU", "WIFE", "WITN", "OTHER"},
			synonyms: map[string]string{
				"child": "CHIL", "son": "CHIL", "daughter": "CHIL",
				"father": "FATH", "mother": "MOTH", "husband": "HUSB", "spouse": "SPOU",
				"neighbor": "NGHBR", "neighbour": "NGHBR",
				"godparent": "GODP", "godfather": "GODP", "godmother": "GODP", "god parent": "GODP",
				"witness": "WITN", "parent": "PARENT", "clergy": "CLERGY", "priest": "CLERGY",
				"minister": "CLERGY", "pastor": "CLERGY", "officiant": "OFFICIATOR",
			},
			phrase: true,
		}
	})
)

// roleWords is how To551 writes a 7.0 ROLE as 5.5.1 RELA text.
var roleWords = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"CHIL": "child", "CLERGY": "clergy", "FATH": "father", "FRIEND": "friend",
		"GODP": "godparent", "HUSB": "husband", "MOTH": "mother", "MULTIPLE": "multiple",
		"NGHBR": "neighbor", "OFFICIATOR": "officiator", "PARENT": "parent",
		"SPOU": "spouse", "WIFE": "wife", "WITN": "witness",
	}
})

// roles551 are the ROLE values a 5.5.1 citation's EVEN.ROLE may hold
// without parentheses.
var roles551 = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"CHIL": true, "HUSB": true, "WIFE": true, "MOTH": true, "FATH": true, "SPOU": true}
})

// extURIs are documented extension tags To70 declares in HEAD.SCHMA when
// the output uses them.
var extURIs = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"_LOC":    "http://genealogy.net/GEDCOM#_LOC",
		"_GOV":    "http://genealogy.net/GEDCOM#_GOV",
		"_PHRASE": "https://gedcom.io/terms/v7/PHRASE",
	}
})

// EXID TYPE URIs for the 5.5.1 identifiers, from the GEDCOM registries.
const (
	uriAFN = "https://gedcom.io/terms/v7/AFN"
	uriRFN = "https://gedcom.io/terms/v7/RFN"
	uriRIN = "https://gedcom.io/terms/v7/RIN"
	uriFS  = "https://www.familysearch.org/tree/person/"
)

// tags551 lists the tags of GEDCOM 5.5.1 (and 5.5) lineage-linked form.
// Unlike the tables above it, tags551 and tags70only are plain maps built
// when the package initialises (about 0.03 ms; the tests read them as maps).
var tags551 = setOf(`ABBR ADDR ADOP ADR1 ADR2 ADR3 AFN AGE AGNC ALIA ANCE ANCI ANUL ASSO AUTH
BAPL BAPM BARM BASM BIRT BLES BLOB BURI CALN CAST CAUS CENS CHAN CHAR CHIL CHR CHRA CITY CONC
CONF CONL CONT COPR CORP CREM CTRY DATA DATE DEAT DESC DESI DEST DIV DIVF DSCR EDUC EMAI EMAIL
EMIG ENDL ENGA EVEN FACT FAM FAMC FAMF FAMS FAX FCOM FILE FONE FORM GEDC GIVN GRAD HEAD HUSB
IDNO IMMI INDI LANG LATI LONG MAP MARB MARC MARL MARR MARS MEDI NAME NATI NATU NCHI NICK NMR
NOTE NPFX NSFX OBJE OCCU ORDI ORDN PAGE PEDI PHON PLAC POST PROB PROP PUBL QUAY REFN RELA RELI
REPO RESI RESN RETI RFN RIN ROLE ROMN SEX SLGC SLGS SOUR SPFX SSN STAE STAT SUBM SUBN SURN TEMP
TEXT TIME TITL TRLR TYPE VERS WIFE WILL WWW`)

// tags70only lists the tags of GEDCOM 7.0 that 5.5.1 does not have.
var tags70only = setOf(`CREA CROP EXID HEIGHT INIL LEFT MIME NO PHRASE SCHMA SDATE SNOTE TAG TOP
TRAN UID WIDTH`)

// setOf returns the set of the words of s.
func setOf(s string) map[string]bool {
	words := strings.Fields(s)
	m := make(map[string]bool, len(words))
	for _, t := range words {
		m[t] = true
	}
	return m
}
