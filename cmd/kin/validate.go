package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"kin/gedcom"
	"kin/gedcom/validate"
)

const validateDescription = `
Validate checks each GEDCOM file (.ged, or .gdz GEDZIP) against the GEDCOM
specification its header declares: 7.0, 7.1 or 5.5.1 (5.5 and 5.5.5 are
checked as 5.5.1). It checks the line syntax, which tags may appear where
and how often, every payload (dates, ages, enumerations, language tags,
media types, pointers and the records they point to), cross-reference
identifiers, and the header and trailer.

Diagnostics go to standard output, one a line ("family.ged:12: INDI.BIRT.DATE:
..."; warnings say "warning:"), and a summary for each file to standard
error. GEDCOM 5.5.1 files are checked leniently unless --strict: deviations
that real programs write are warnings. --lenient checks 7.x files the same
way.

Kin exits 0 when every file is valid (warnings allowed), 1 otherwise.`

func runValidate(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet("validate", "validate [flags] FILE...", validateDescription)
	lenient := fs.Bool("lenient", false, "tolerate common deviations in any version, as warnings")
	strict := fs.Bool("strict", false, "check 5.5.1 files strictly: deviations are errors")
	warnings := fs.Bool("warnings", true, "print warnings as well as errors")
	asJSON := fs.Bool("json", false, "print one JSON object per file (JSON Lines) instead of text")
	max := fs.Int("max", 100, "print at most `N` diagnostics per file (0: no limit)")
	version := fs.String("version", "", "check against GEDCOM `VERSION` (7.0, 7.1, 5.5.1) whatever the header says")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return usageError("no files to validate")
	}
	if *lenient && *strict {
		return usageError("--lenient and --strict cannot be used together")
	}
	if *max < 0 {
		return usageError("--max must be 0 or more")
	}
	opts := validate.Options{Version: *version, Lenient: *lenient, Strict: *strict}
	failed := false
	for _, name := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		r := &fileReport{name: name, warnings: *warnings, max: *max, json: *asJSON, out: m.Stdout}
		if err := m.validateFile(ctx, name, opts, r); err != nil {
			r.add(validate.Diagnostic{Pos: gedcom.Position{Filename: name}, Message: err.Error()})
		}
		r.finish(m.Stderr)
		if r.errors > 0 {
			failed = true
		}
	}
	if failed {
		return errSilent
	}
	return nil
}

// fileReport prints one file's diagnostics as they come and its summary.
type fileReport struct {
	name     string
	warnings bool // print warnings
	max      int
	json     bool
	out      io.Writer

	version          string
	records          int
	errors, warns    int
	printed, dropped int
	diags            []validate.Diagnostic // for --json
}

func (r *fileReport) add(d validate.Diagnostic) {
	if d.Severity == validate.Error {
		r.errors++
	} else {
		r.warns++
		if !r.warnings {
			return
		}
	}
	if r.max > 0 && r.printed >= r.max {
		r.dropped++
		return
	}
	r.printed++
	if r.json {
		r.diags = append(r.diags, d)
		return
	}
	fmt.Fprintln(r.out, d.String())
}

func (r *fileReport) finish(stderr io.Writer) {
	if r.json {
		diags := r.diags
		if diags == nil {
			diags = []validate.Diagnostic{}
		}
		b, err := json.Marshal(struct {
			File        string                `json:"file"`
			Version     string                `json:"version,omitempty"`
			Records     int                   `json:"records"`
			Valid       bool                  `json:"valid"`
			Errors      int                   `json:"errors"`
			Warnings    int                   `json:"warnings"`
			Omitted     int                   `json:"omitted,omitempty"`
			Diagnostics []validate.Diagnostic `json:"diagnostics"`
		}{r.name, r.version, r.records, r.errors == 0, r.errors, r.warns, r.dropped, diags})
		if err == nil {
			fmt.Fprintf(r.out, "%s\n", b)
		}
	}
	if r.dropped > 0 && !r.json {
		fmt.Fprintf(stderr, "%s: %d more diagnostics not shown (--max %d)\n", r.name, r.dropped, r.max)
	}
	if r.errors == 0 {
		extra := ""
		if r.warns > 0 {
			extra = ", " + plural(r.warns, "warning")
		}
		fmt.Fprintf(stderr, "%s: valid (GEDCOM %s, %s%s)\n", r.name, r.version, plural(r.records, "record"), extra)
		return
	}
	fmt.Fprintf(stderr, "%s: %s, %s\n", r.name, plural(r.errors, "error"), plural(r.warns, "warning"))
}

// plural returns "1 error", "2,157 records".
func plural(n int, what string) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if n != 1 {
		what += "s"
	}
	return s + " " + what
}

// validateFile streams the records of one file through a Validator. The
// decoder runs leniently so that one deviation does not hide the rest of
// the file; what it tolerated is reported with the validator's policy: an
// error in 7.x files, a warning in 5.5.1 files and with --lenient.
func (m *Main) validateFile(ctx context.Context, name string, opts validate.Options, r *fileReport) error {
	rc, size, err := openGEDCOM(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	p := m.newProgress("validating "+filepath.Base(name), size)
	defer p.Done()

	d := gedcom.NewDecoder(&countingReader{r: rc, p: p})
	d.Filename = name
	d.Lenient = true
	d.ReuseRecord = true // the Validator keeps no record,
	d.ReuseText = true   // and copies the strings it keeps
	var pending []error  // decoder warnings before the header is known
	v := validate.New(opts)
	v.Filename = name
	defer v.Close() // its temporary file, if Predefine made one
	warnSeverity := func() validate.Severity {
		if opts.Lenient || (strings.HasPrefix(v.Version(), "5.") && !opts.Strict) {
			return validate.Warning
		}
		return validate.Error
	}
	syntax := func(err error, sev validate.Severity) {
		diag := validate.Diagnostic{Pos: gedcom.Position{Filename: name}, Severity: sev, Message: err.Error()}
		var se *gedcom.SyntaxError
		if errors.As(err, &se) {
			diag.Pos, diag.Message = se.Pos, se.Err.Error()
		}
		r.add(diag)
	}
	d.Warn = func(err error) {
		// The validator reports a missing header or trailer itself.
		if errors.Is(err, gedcom.ErrTrailer) || errors.Is(err, gedcom.ErrHeader) {
			return
		}
		if r.version == "" {
			pending = append(pending, err)
			return
		}
		syntax(err, warnSeverity())
	}
	first := true
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			syntax(err, validate.Error)
			return nil
		}
		diags := v.Record(rec)
		if first {
			first = false
			r.version = d.Version()
			if opts.Version != "" || r.version == "" {
				r.version = v.Version()
			}
			for _, w := range pending {
				syntax(w, warnSeverity())
			}
			pending = nil
			// A plain file is read ahead for the identifiers its
			// records define, so that memory stays bounded however
			// many records point to records further on.
			if f, ok := rc.(*os.File); ok {
				if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
					if err := v.Predefine(ctx, f, fi.Size()); err != nil {
						return err
					}
					// The table is one pointer-free block that lives
					// to the end, and the validator makes little
					// garbage: left to grow to twice the live heap,
					// as by default, garbage would take as much
					// memory as the table. That matters only for a
					// large table (see gogcTable); one in a
					// temporary file is not in the heap.
					if os.Getenv("GOGC") == "" && v.PredefinedMemory() >= gogcTable {
						defer debug.SetGCPercent(debug.SetGCPercent(20))
					}
				}
			}
		}
		if rec.Tag != "HEAD" && rec.Tag != "TRLR" {
			r.records++
		}
		for _, diag := range diags {
			r.add(diag)
		}
	}
	for _, w := range pending {
		syntax(w, warnSeverity())
	}
	for _, diag := range v.Finish() {
		r.add(diag)
	}
	if r.version == "" {
		r.version = v.Version()
	}
	return nil
}

// gogcTable is the size of Predefine's table from which validateFile
// runs the collector at 20 % heap growth instead of 100 %, which costs
// some 6 % of the CPU. With a smaller table (under about 1.8 million
// identifiers, 1.4 million people in gengedcom's files), garbage as
// large as the table still leaves the peak well under 100 MB: some 35
// MB for the rest, plus twice 16 MB; at the largest table kept in
// memory (validate.DefaultPredefineMemory, 32 MB) it would not.
const gogcTable = 16 << 20

// openGEDCOM opens a .ged file, or the gedcom.ged inside a .gdz GEDZIP
// archive, and returns its size for the progress bar.
func openGEDCOM(name string) (io.ReadCloser, int64, error) {
	if strings.EqualFold(filepath.Ext(name), ".gdz") {
		z, err := zip.OpenReader(name)
		if err != nil {
			return nil, 0, fmt.Errorf("open GEDZIP: %w", err)
		}
		for _, f := range z.File {
			if f.Name == "gedcom.ged" {
				rc, err := f.Open()
				if err != nil {
					z.Close()
					return nil, 0, fmt.Errorf("open gedcom.ged in GEDZIP: %w", err)
				}
				return zipEntry{rc, z}, int64(f.UncompressedSize64), nil
			}
		}
		z.Close()
		return nil, 0, errors.New("not a GEDZIP file: no gedcom.ged in the archive")
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, 0, err
	}
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	return f, size, nil
}

// zipEntry closes both a GEDZIP entry and its archive.
type zipEntry struct {
	io.ReadCloser
	z *zip.ReadCloser
}

func (e zipEntry) Close() error {
	err := e.ReadCloser.Close()
	if zerr := e.z.Close(); err == nil {
		err = zerr
	}
	return err
}
