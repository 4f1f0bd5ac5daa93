package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"kin/sqlstore"
	"kin/web"
)

// userStore is what kin user needs of the database.
type userStore interface {
	PutUser(ctx context.Context, u sqlstore.User) error
	Users(ctx context.Context) ([]sqlstore.User, error)
	DeleteUser(ctx context.Context, name string) error
}

func runUser(ctx context.Context, m *Main, args []string) error {
	var db, role string
	var stdin bool
	fs := m.newFlagSet("user", "user add NAME --role viewer|editor|admin [--password-stdin] | user list | user remove NAME", `
Manage the people who may log in to kin serve.

"kin user add" creates a user or changes an existing user's role and
password. The password is asked for at the terminal (twice), or read from
the first line of standard input with --password-stdin; it needs at least 8
characters and is stored as a bcrypt hash.

Roles: viewer reads the tree with living people shown as "Living"; editor
also sees living people, edits, uploads and reviews; admin may do
everything.`)
	fs.StringVar(&db, "db", "", "the database: a SQLite file or a postgres:// URL (default $KIN_DB or ./kin.db)")
	fs.StringVar(&role, "role", "viewer", "the user's role: viewer, editor or admin")
	fs.BoolVar(&stdin, "password-stdin", false, "read the password from the first line of standard input")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError("user needs a subcommand: add, list or remove")
	}
	s, err := m.openStore(ctx, db)
	if err != nil {
		return userError(err)
	}
	defer s.Close()
	us, ok := s.(userStore)
	if !ok {
		return fmt.Errorf("user: the database has no user tables")
	}
	switch pos[0] {
	case "add":
		if len(pos) != 2 {
			return usageError("user add takes one NAME")
		}
		if _, err := web.ParseRole(role); err != nil {
			return usageError("--role %q: want viewer, editor or admin", role)
		}
		pw, err := m.readPassword(stdin)
		if err != nil {
			return err
		}
		hash, err := web.HashPassword(pw)
		if err != nil {
			return userError(err)
		}
		if err := us.PutUser(ctx, sqlstore.User{Name: pos[1], Role: role, PasswordHash: hash}); err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "User %q is now %s.\n", pos[1], articleRole(role))
	case "list":
		users, err := us.Users(ctx)
		if err != nil {
			return userError(err)
		}
		for _, u := range users {
			fmt.Fprintf(m.Stdout, "%s\t%s\n", u.Name, u.Role)
		}
	case "remove":
		if len(pos) != 2 {
			return usageError("user remove takes one NAME")
		}
		if err := us.DeleteUser(ctx, pos[1]); err != nil {
			return userError(err)
		}
		fmt.Fprintf(m.Stdout, "Removed user %q.\n", pos[1])
	default:
		return usageError("unknown user subcommand %q: want add, list or remove", pos[0])
	}
	return nil
}

func articleRole(r string) string {
	if r == "admin" || r == "editor" {
		return "an " + r
	}
	return "a " + r
}

// readPassword reads a password from stdin's first line, or asks twice
// at the terminal without echo.
func (m *Main) readPassword(fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(m.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", err
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := m.Stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", usageError("no terminal to ask for the password: use --password-stdin")
	}
	fmt.Fprint(m.Stderr, "Password: ")
	a, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(m.Stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(m.Stderr, "Again: ")
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(m.Stderr)
	if err != nil {
		return "", err
	}
	if string(a) != string(b) {
		return "", fmt.Errorf("the passwords differ")
	}
	return string(a), nil
}
