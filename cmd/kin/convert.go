package main

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"kin/gedcom"
	"kin/gedcom/convert"
)

const convertDescription = `
Convert rewrites a GEDCOM file in another version: 5.5.1 (or 5.5) to 7.0,
following the GEDCOM 7 migration rules, or 7.0 to 5.5.1, keeping 7.0
structures 5.5.1 has no place for as _ extension structures.

IN and OUT may be .ged files or .gdz GEDZIP archives (GEDZIP holds GEDCOM
7.0 only); the media files of a .gdz input are copied into a .gdz output.
Without -o the converted file is written to standard output. kin convert
never overwrites its input.

The file is read twice, record by record, so files of any size convert in
little memory. Input is read leniently (the deviations real 5.5.1
programs write are accepted, as warnings) unless --strict is given.
Warnings, and a summary line, go to standard error.`

// maxShownWarnings is how many warnings convert prints before summing up
// the rest.
const maxShownWarnings = 20

func runConvert(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet("convert", "convert --to 7.0|5.5.1 IN [-o OUT]", convertDescription)
	to := fs.String("to", "", "the GEDCOM version to write: 7.0 or 5.5.1")
	out := fs.String("o", "", "the file to write, .ged or .gdz (default: standard output)")
	strict := fs.Bool("strict", false, "reject input that breaks its version's rules instead of reading it leniently")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError("want one input file, got %d (usage: kin convert --to 7.0|5.5.1 IN [-o OUT])", len(pos))
	}
	in := pos[0]
	if *to == "" {
		return usageError("missing --to 7.0 or --to 5.5.1")
	}
	s, err := convert.NewStream(*to)
	if err != nil {
		return usageError("--to %s: want 7.0 or 5.5.1", *to)
	}
	if *out != "" {
		if same, err := sameFile(in, *out); err == nil && same {
			return usageError("refusing to overwrite the input file %s", in)
		}
		if isGDZ(*out) && s.Version() != convert.V70 {
			return usageError("%s: a GEDZIP archive holds GEDCOM 7.0 only; write a .ged file for %s", *out, s.Version())
		}
	}

	c := &converter{m: m, in: in, strict: *strict, s: s}
	if err := c.learn(ctx); err != nil {
		return err
	}
	if *out == "" {
		err = c.write(ctx, m.Stdout)
	} else {
		err = c.writeFile(ctx, *out)
	}
	if err != nil {
		return err
	}
	c.report(*out)
	return nil
}

// converter runs one conversion: a first pass over the input for
// convert.Stream.Learn, a second that converts and writes each record.
type converter struct {
	m      *Main
	in     string
	strict bool
	s      *convert.Stream

	size     int64
	p        *progress
	version  string  // the input's declared version
	readWarn []error // the decoder's warnings (first pass only)
	records  int     // records written
}

// decoder opens the input and returns a decoder over it, counting bytes
// from offset for the progress bar.
func (c *converter) decoder(offset int64) (*gedcom.Decoder, io.Closer, error) {
	rc, size, err := openConvertInput(c.in)
	if err != nil {
		return nil, nil, err
	}
	c.size = size
	if c.p == nil {
		c.p = c.m.newProgress("converting "+filepath.Base(c.in), 2*size)
	}
	d := gedcom.NewDecoder(&countingReader{r: rc, p: c.p, n: offset})
	d.Filename = c.in
	d.Lenient = !c.strict
	return d, rc, nil
}

func (c *converter) learn(ctx context.Context) error {
	d, closer, err := c.decoder(0)
	if err != nil {
		return err
	}
	defer closer.Close()
	d.Warn = func(err error) { c.readWarn = append(c.readWarn, err) }
	for i := 0; ; i++ {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			c.p.Done()
			return err
		}
		if i == 0 {
			c.version = d.Version()
			if convert.SameVersion(c.version, c.s.Version()) {
				c.p.Done()
				return fmt.Errorf("%s is already GEDCOM %s; nothing to convert", c.in, c.version)
			}
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				c.p.Done()
				return err
			}
		}
		c.s.Learn(n)
	}
	return nil
}

// write converts the input record by record onto w.
func (c *converter) write(ctx context.Context, w io.Writer) error {
	defer c.p.Done()
	d, closer, err := c.decoder(c.size)
	if err != nil {
		return err
	}
	defer closer.Close()
	d.Warn = func(error) {} // reported by the first pass
	enc := gedcom.NewEncoder(w)
	enc.Version = c.s.Version()
	last := ""
	for i := 0; ; i++ {
		n, err := d.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if i == 0 && n.Tag != "HEAD" {
			if err := c.encode(enc, &gedcom.Node{Tag: "HEAD"}, &last); err != nil {
				return err
			}
		}
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := c.encode(enc, n, &last); err != nil {
			return err
		}
	}
	if last != "TRLR" {
		if err := enc.Encode(&gedcom.Node{Tag: "TRLR"}); err != nil {
			return err
		}
	}
	return enc.Flush()
}

func (c *converter) encode(enc *gedcom.Encoder, n *gedcom.Node, last *string) error {
	for _, o := range c.s.Convert(n) {
		if err := enc.Encode(o); err != nil {
			return fmt.Errorf("write %s record: %w", o.Tag, err)
		}
		c.records++
		*last = o.Tag
	}
	return nil
}

// writeFile writes the output to a temporary file next to name and renames
// it into place once complete, so a failed conversion leaves no half file.
func (c *converter) writeFile(ctx context.Context, name string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	// CreateTemp makes the file private; a converted file is an ordinary one.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if isGDZ(name) {
		err = c.writeGDZ(ctx, tmp)
	} else {
		err = c.write(ctx, tmp)
	}
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// writeGDZ writes a GEDZIP archive: gedcom.ged first, then the media of
// the input archive when the input is one.
func (c *converter) writeGDZ(ctx context.Context, w io.Writer) error {
	z := zip.NewWriter(w)
	f, err := z.Create("gedcom.ged")
	if err != nil {
		return err
	}
	if err := c.write(ctx, f); err != nil {
		return err
	}
	if isGDZ(c.in) {
		src, err := zip.OpenReader(c.in)
		if err != nil {
			return fmt.Errorf("open GEDZIP: %w", err)
		}
		defer src.Close()
		for _, e := range src.File {
			if e.Name == "gedcom.ged" {
				continue
			}
			if err := z.Copy(e); err != nil {
				return fmt.Errorf("copy %s from %s: %w", e.Name, c.in, err)
			}
		}
	}
	return z.Close()
}

// report prints the reader's and the conversion's warnings and a summary
// line to stderr.
func (c *converter) report(out string) {
	w := c.m.Stderr
	warns := c.s.Warnings()
	shown := 0
	for _, err := range c.readWarn {
		if shown < maxShownWarnings {
			fmt.Fprintf(w, "%v\n", err)
		}
		shown++
	}
	total := 0
	for _, cw := range warns {
		total += cw.Count
		if shown < maxShownWarnings {
			sep := ":"
			if cw.Line == 0 {
				sep = ": "
			}
			fmt.Fprintf(w, "%s%s%s\n", c.in, sep, cw.String())
		}
		shown++
	}
	if shown > maxShownWarnings {
		fmt.Fprintf(w, "… and %d more warnings\n", shown-maxShownWarnings)
	}
	if out == "" {
		out = "standard output"
	}
	from := c.version
	if from == "" {
		from = "of no stated version"
	} else {
		from = "GEDCOM " + from
	}
	fmt.Fprintf(w, "kin convert: %s (%s) → %s (GEDCOM %s): %d records, %d conversion warnings, %d reading warnings\n",
		c.in, from, out, c.s.Version(), c.records, total, len(c.readWarn))
}

// openConvertInput opens a .ged file, or the gedcom.ged inside a .gdz
// GEDZIP archive, and returns its size for the progress bar.
func openConvertInput(name string) (io.ReadCloser, int64, error) {
	if !isGDZ(name) {
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
	z, err := zip.OpenReader(name)
	if err != nil {
		return nil, 0, fmt.Errorf("open GEDZIP: %w", err)
	}
	for _, f := range z.File {
		if f.Name == "gedcom.ged" {
			rc, err := f.Open()
			if err != nil {
				z.Close()
				return nil, 0, fmt.Errorf("open gedcom.ged in GEDZIP %s: %w", name, err)
			}
			return gdzEntry{rc, z}, int64(f.UncompressedSize64), nil
		}
	}
	z.Close()
	return nil, 0, fmt.Errorf("%s is not a GEDZIP file: no gedcom.ged in the archive", name)
}

// gdzEntry closes both a GEDZIP entry and its archive.
type gdzEntry struct {
	io.ReadCloser
	z *zip.ReadCloser
}

func (e gdzEntry) Close() error {
	err := e.ReadCloser.Close()
	if zerr := e.z.Close(); err == nil {
		err = zerr
	}
	return err
}

func isGDZ(name string) bool { return strings.EqualFold(filepath.Ext(name), ".gdz") }

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}
