package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"kin"
	"kin/date"
	"kin/sqlstore"
)

// personFinder is what resolving a person argument needs from a tree;
// *sqlstore.Tree has it.
type personFinder interface {
	Lookup(ctx context.Context, ref string) (*kin.Person, error)
	Find(ctx context.Context, query string, limit int) ([]sqlstore.Match, error)
}

var _ personFinder = (*sqlstore.Tree)(nil)

// resolveLimit is how many name matches resolvePerson looks at.
const resolveLimit = 200

// errAmbiguous and errNoPerson are what resolvePerson's errors wrap.
var (
	errAmbiguous = errors.New("names more than one person")
	errNoPerson  = errors.New("names nobody")
)

// resolvePerson returns the person a command argument names in t: the
// person with that ID or xref ("I1", "@I1@"); else the one person whose
// full name is the argument (case and accents ignored); else the one
// person whose names contain every word of it. An argument that names
// several people is a usage error (exit 2) listing them with their IDs and
// years; one that names nobody is an error (exit 1), with the names that
// only sound alike as suggestions.
func resolvePerson(ctx context.Context, t personFinder, ref string) (*kin.Person, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, usageError("an empty name names nobody")
	}
	p, err := t.Lookup(ctx, ref)
	if err == nil {
		return p, nil
	}
	if kin.ErrorCode(err) != kin.ENOTFOUND {
		return nil, userError(err)
	}
	matches, err := t.Find(ctx, ref, resolveLimit)
	if err != nil && kin.ErrorCode(err) != kin.EINVALID {
		return nil, userError(err)
	}
	var exact, full []*kin.Person
	var sounds []sqlstore.Match
	want := sqlstore.Fold(ref)
	for _, m := range matches {
		if !m.Exact {
			sounds = append(sounds, m)
			continue
		}
		exact = append(exact, m.Person)
		for _, n := range m.Person.Names {
			if sqlstore.Fold(n.Full()) == want || sqlstore.Fold(n.String()) == want {
				full = append(full, m.Person)
				break
			}
		}
	}
	switch {
	case len(full) == 1:
		return full[0], nil
	case len(full) > 1:
		return nil, ambiguous(ref, full, false)
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) > 1:
		return nil, ambiguous(ref, exact, len(matches) >= resolveLimit)
	}
	msg := fmt.Sprintf("%q %v in the tree (no ID, xref or name fits)", ref, errNoPerson)
	if len(sounds) > 0 {
		var ps []*kin.Person
		for _, m := range sounds {
			ps = append(ps, m.Person)
		}
		msg += "; names that sound alike:\n" + listPeople(ps)
	}
	return nil, &resolveError{msg: msg, err: errNoPerson}
}

// resolveError is resolvePerson's error: a message for the terminal that
// unwraps to errAmbiguous or errNoPerson.
type resolveError struct {
	msg string
	err error
}

func (e *resolveError) Error() string { return e.msg }
func (e *resolveError) Unwrap() error { return e.err }

func ambiguous(ref string, ps []*kin.Person, more bool) error {
	n := fmt.Sprint(len(ps))
	if more {
		n = "at least " + n
	}
	msg := fmt.Sprintf("%q %v (%s); give an ID:\n%s", ref, errAmbiguous, n, listPeople(ps))
	return &exitError{code: 2, err: &resolveError{msg: msg, err: errAmbiguous}}
}

// listPeople lists up to ten people, one a line: ID, name and years.
func listPeople(ps []*kin.Person) string {
	var b strings.Builder
	for i, p := range ps {
		if i == 10 {
			fmt.Fprintf(&b, "  … and %d more", len(ps)-i)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  %-10s %s%s", p.ID, displayName(p), lifeYears(p))
	}
	return strings.TrimRight(b.String(), "\n")
}

// displayName is a person's preferred full name, or their ID.
func displayName(p *kin.Person) string {
	if n := p.Name().Full(); n != "" {
		return n
	}
	if n := p.Name().String(); n != "" {
		return n
	}
	return string(p.ID)
}

// lifeYears is " (1958–)", " (1900–1970)", " (–1970)" or "".
func lifeYears(p *kin.Person) string {
	year := func(t kin.EventType) string {
		e, ok := p.Event(t)
		if !ok || e.Date.IsZero() {
			return ""
		}
		if y := e.Date.Start.Year; y != 0 && e.Date.Modifier == date.None {
			return fmt.Sprint(y)
		}
		return e.Date.String()
	}
	b, d := year(kin.EventBirth), year(kin.EventDeath)
	if b == "" && d == "" {
		return ""
	}
	return " (" + b + "–" + d + ")"
}
