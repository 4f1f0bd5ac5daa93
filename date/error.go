package date

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by SyntaxError. Check them with errors.Is.
var (
	// ErrSyntax means the text does not follow the grammar.
	ErrSyntax = errors.New("syntax error")
	// ErrRange means a day, month or year is out of range for its
	// calendar: "32 JAN 1900", "30 FEB 1900", "YEAR 0". The grammar is
	// satisfied, so Parse and ParseV7 return the date as written together
	// with the error; a validator may report it as a warning.
	ErrRange = errors.New("value out of range")
	// ErrMonth means a month does not belong to the date's calendar
	// ("HEBREW 1 JAN 5760").
	ErrMonth = errors.New("month not in calendar")
	// ErrEpoch means an epoch the calendar does not allow ("HEBREW 5760
	// BCE").
	ErrEpoch = errors.New("epoch not in calendar")
	// ErrCalendar means an unknown 5.5.1 calendar escape ("@#DMAYAN@").
	ErrCalendar = errors.New("unknown calendar")
)

// SyntaxError reports a problem in a date, age or time payload.
type SyntaxError struct {
	What   string // "date", "age" or "time"
	Input  string // the payload
	Column int    // 1-based byte column in Input; len(Input)+1 at the end
	Err    error  // wraps one of the sentinel errors
}

// Error returns the payload, the column and what is wrong, as in
// `date "32 JAN 1900":1: day 32 out of range for JAN`.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s %q:%d: %v", e.What, e.Input, e.Column, e.Err)
}

// Unwrap returns the underlying error, which wraps a sentinel error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// detail is an error message that wraps a sentinel error without repeating
// it.
type detail struct {
	kind error
	msg  string
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.kind }

func errorf(kind error, format string, args ...any) error {
	return &detail{kind: kind, msg: fmt.Sprintf(format, args...)}
}
