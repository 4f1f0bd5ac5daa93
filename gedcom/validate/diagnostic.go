package validate

import (
	"encoding/json"
	"kin/gedcom"
)

// Severity says whether a Diagnostic makes a file invalid.
type Severity int

// Severities. An Error breaks a rule of the GEDCOM specification; a Warning
// is a deviation the validator was told to tolerate (see Options) or a
// practice the specification discourages.
const (
	Error Severity = iota
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as "error" or "warning", for JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem found in a file.
type Diagnostic struct {
	// Pos is where the offending structure starts. Pos.Line is 0 for
	// problems of the whole file, such as a missing trailer.
	Pos gedcom.Position
	// Path is the offending structure's tags from its record down,
	// "INDI.BIRT.DATE"; "" for problems of the whole file.
	Path     string
	Severity Severity
	// Message says what is wrong, without position or path:
	// `"32 JAN 1900" is not a valid date`.
	Message string
}

// String formats d for people, like a compiler error: position, "warning:"
// for warnings, path, message.
//
//	family.ged:1234: INDI.BIRT.DATE: "32 JAN 1900" is not a valid date
//	family.ged:12: warning: HEAD: missing required SUBM
func (d Diagnostic) String() string {
	s := d.Pos.String() + ": "
	if d.Severity == Warning {
		s += "warning: "
	}
	if d.Path != "" {
		s += d.Path + ": "
	}
	return s + d.Message
}

// MarshalJSON encodes d as an object with the fields file, line, path,
// severity and message.
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		File     string   `json:"file"`
		Line     int      `json:"line,omitempty"`
		Path     string   `json:"path,omitempty"`
		Severity Severity `json:"severity"`
		Message  string   `json:"message"`
	}{d.Pos.Filename, d.Pos.Line, d.Path, d.Severity, d.Message})
}
