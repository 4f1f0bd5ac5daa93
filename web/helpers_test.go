package web

import (
	"golang.org/x/crypto/bcrypt"

	"kin/date"
)

func mustDate(s string) date.Date {
	d, err := date.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// bcryptFast hashes with the lowest cost, to keep tests quick.
func bcryptFast(pw string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	return string(h), err
}
