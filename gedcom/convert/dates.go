package convert

// TEMPORARY until package date's conversion functions land; not committed.
func dateToV7(s string) (string, string) { return s, "" }
func ageToV7(s string) (string, string)  { return s, "" }
func dateToV551(p, phrase string) string { return p }
