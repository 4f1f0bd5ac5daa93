package gedcom

import (
	"errors"
	"strconv"
)

// Position is a place in a GEDCOM file. Line and Column are 1-based; Column
// counts bytes of the decoded (UTF-8) line. A zero part is unknown.
type Position struct {
	Filename string
	Line     int
	Column   int
}

// String returns the position as "file:line:col", leaving out the parts
// that are unknown, the way go/token.Position does: "family.ged:12:3",
// "family.ged:12", "12:3", "family.ged", or "-" when nothing is known.
func (p Position) String() string {
	s := p.Filename
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Column > 0 {
			s += ":" + strconv.Itoa(p.Column)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// The sentinel errors a SyntaxError wraps. Test for them with errors.Is.
var (
	// ErrSyntax is a line that does not follow the GEDCOM line grammar:
	// a missing tag, a bad delimiter, a blank line, bad characters in a tag.
	ErrSyntax = errors.New("syntax error")
	// ErrLevel is a bad level number: missing, with a leading zero, or
	// more than one deeper than the line before.
	ErrLevel = errors.New("bad level")
	// ErrXref is a malformed cross-reference identifier (@I1@) on a record.
	ErrXref = errors.New("bad cross-reference identifier")
	// ErrPointer is a malformed pointer payload.
	ErrPointer = errors.New("bad pointer")
	// ErrAt is an @ in a text payload that is not escaped as the GEDCOM
	// version requires.
	ErrAt = errors.New("unescaped @")
	// ErrCONT is a CONT or CONC line where it cannot be: at level 0, under
	// a pointer, or with substructures.
	ErrCONT = errors.New("misplaced CONT or CONC")
	// ErrEncoding is a byte sequence that cannot be decoded in the file's
	// character set, or a character set the file cannot be in.
	ErrEncoding = errors.New("bad character encoding")
	// ErrLineTooLong is a GEDCOM 5.5.1 line longer than 255 characters.
	ErrLineTooLong = errors.New("line too long")
	// ErrTrailer is a missing TRLR record, or content after it.
	ErrTrailer = errors.New("bad trailer")
	// ErrHeader is a file that does not start with a HEAD record.
	ErrHeader = errors.New("bad header")
)

// SyntaxError is an error in a GEDCOM file, at a position. Err is one of the
// sentinel errors above, possibly wrapped with detail:
//
//	family.ged:12:3: level 3 follows level 1
type SyntaxError struct {
	Pos Position
	Err error
}

// Error returns the position followed by the error.
func (e *SyntaxError) Error() string {
	return e.Pos.String() + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, so errors.Is(err, ErrLevel) works.
func (e *SyntaxError) Unwrap() error { return e.Err }

// detail is an error that prints its own message but matches a sentinel
// with errors.Is.
type detail struct {
	sentinel error
	msg      string
}

func (e *detail) Error() string { return e.msg }
func (e *detail) Unwrap() error { return e.sentinel }
