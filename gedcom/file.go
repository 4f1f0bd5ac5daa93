package gedcom

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Lenient is an option for ReadFile that turns on every lenient option of
// the Decoder: gedcom.ReadFile("old.ged", gedcom.Lenient).
func Lenient(d *Decoder) { d.Lenient = true }

// GEDZIPName is the name of the dataset inside a GEDZIP archive.
const GEDZIPName = "gedcom.ged"

// ReadFile reads a GEDCOM file (.ged) or a GEDZIP archive (.gdz, or any
// file that starts like a zip archive). Each option configures the Decoder
// before it reads, for example Lenient, or a func setting Warn.
//
// For a GEDZIP archive the dataset is its gedcom.ged entry, whose
// positions are reported as "family.gdz!gedcom.ged:12:3", and the
// Document's Files give access to the other entries. The archive is read
// into memory.
func ReadFile(path string, options ...func(*Decoder)) (*Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read gedcom: %w", err)
	}
	defer f.Close()
	var magic [4]byte
	n, _ := io.ReadFull(f, magic[:])
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, fmt.Errorf("read gedcom: %w", err)
	}
	if strings.EqualFold(filepath.Ext(path), ".gdz") || (n == 4 && string(magic[:]) == "PK\x03\x04") {
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, fmt.Errorf("read gedzip %s: %w", path, err)
		}
		return ReadGEDZIP(bytes.NewReader(data), int64(len(data)), path, options...)
	}
	d := NewDecoder(f)
	d.Filename = path
	for _, opt := range options {
		opt(d)
	}
	return d.Decode()
}

// ReadGEDZIP reads a GEDZIP archive of size bytes from r. name is used in
// positions. The Document's Files read the archive's other entries from r,
// which must stay usable while they are needed.
func ReadGEDZIP(r io.ReaderAt, size int64, name string, options ...func(*Decoder)) (*Document, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("read gedzip %s: %w", name, err)
	}
	f, err := z.Open(GEDZIPName)
	if err != nil {
		return nil, fmt.Errorf("read gedzip %s: no %s entry: %w", name, GEDZIPName, err)
	}
	defer f.Close()
	d := NewDecoder(f)
	d.Filename = name + "!" + GEDZIPName
	for _, opt := range options {
		opt(d)
	}
	doc, err := d.Decode()
	if err != nil {
		return nil, err
	}
	doc.Files = z
	return doc, nil
}

// WriteFile writes d to path in the given GEDCOM version ("7.0" or
// "5.5.1"; "" means d.Version if it is a 5.5 version, else 7.0), in UTF-8,
// keeping d's byte order mark and line ending. A path ending in .gdz gets
// a GEDZIP archive: gedcom.ged and a copy of every file in d.Files. The
// file is written to a temporary name and renamed into place.
func WriteFile(path string, d *Document, version string) (err error) {
	if version == "" {
		version = "7.0"
		if strings.HasPrefix(d.Version, "5") {
			version = "5.5.1"
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write gedcom: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if strings.EqualFold(filepath.Ext(path), ".gdz") {
		err = writeGEDZIP(tmp, d, version)
	} else {
		err = encodeTo(tmp, d, version)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func encodeTo(w io.Writer, d *Document, version string) error {
	e := NewEncoder(w)
	e.Version = version
	e.BOM = d.BOM
	e.LineEnding = d.LineEnding
	return e.EncodeDocument(d)
}

// writeGEDZIP writes d as a GEDZIP archive: gedcom.ged first, then the
// files of d.Files in lexical order.
func writeGEDZIP(w io.Writer, d *Document, version string) error {
	z := zip.NewWriter(w)
	ged, err := z.CreateHeader(&zip.FileHeader{Name: GEDZIPName, Method: zip.Deflate})
	if err != nil {
		return err
	}
	if err := encodeTo(ged, d, version); err != nil {
		return err
	}
	if d.Files != nil {
		err := fs.WalkDir(d.Files, ".", func(name string, de fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if de.IsDir() || name == GEDZIPName || !de.Type().IsRegular() {
				return nil
			}
			return copyToZip(z, d.Files, name, de)
		})
		if err != nil {
			return fmt.Errorf("copy media: %w", err)
		}
	}
	return z.Close()
}

func copyToZip(z *zip.Writer, fsys fs.FS, name string, de fs.DirEntry) error {
	info, err := de.Info()
	if err != nil {
		return err
	}
	h, err := zip.FileInfoHeader(info)
	if err != nil {
		return err
	}
	h.Name = name
	h.Method = zip.Deflate
	if isCompressed(name) {
		h.Method = zip.Store
	}
	w, err := z.CreateHeader(h)
	if err != nil {
		return err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// isCompressed reports whether a file's extension names a format that is
// compressed already, which is stored rather than deflated again.
func isCompressed(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp3", ".mp4", ".m4a", ".oga", ".ogg", ".zip", ".gdz", ".pdf", ".heic":
		return true
	}
	return false
}

// Schema returns the extension tags the header declares with HEAD.SCHMA.TAG
// ("_SKYPEID http://xmlns.com/foaf/0.1/skypeID"), as tag → URI. It is
// empty when the header declares none.
func (d *Document) Schema() map[string]string {
	m := make(map[string]string)
	for _, tag := range d.Header().First("SCHMA").All("TAG") {
		tg, uri, ok := strings.Cut(strings.TrimSpace(tag.Value), " ")
		if ok {
			m[tg] = strings.TrimSpace(uri)
		}
	}
	return m
}
