package gedcom

import "io/fs"

// Node is one GEDCOM structure: a line and its substructures. A level-0 Node
// is a record (HEAD, INDI, FAM, …, TRLR). Nodes keep every structure of the
// file, those kin understands and those it does not (extension tags,
// vendor quirks), so a file read and written again loses nothing.
//
// The payload of a line is either text (Value) or a pointer (Pointer); never
// both. CONT and CONC lines are not Nodes: they are joined into Value when
// read (a CONT adds "\n") and made again when written.
type Node struct {
	Xref    string // the record's own identifier, without @ ("I1"); "" if none
	Tag     string // "INDI", "BIRT", "_MYTAG"
	Value   string // the text payload, decoded: "@@" escapes undone, CONT/CONC joined
	Pointer string // a pointer payload without @ ("I1", "VOID"); "" if the payload is not a pointer
	Nodes   []*Node

	// Line is the 1-based line number the structure started on in its
	// file; 0 for structures built in memory.
	Line int
}

// HasPointer reports whether n's payload is a pointer.
func (n *Node) HasPointer() bool { return n.Pointer != "" }

// First returns n's first substructure with tag, or nil.
func (n *Node) First(tag string) *Node {
	if n == nil {
		return nil
	}
	for _, c := range n.Nodes {
		if c.Tag == tag {
			return c
		}
	}
	return nil
}

// All returns n's substructures with tag, in order.
func (n *Node) All(tag string) []*Node {
	if n == nil {
		return nil
	}
	var out []*Node
	for _, c := range n.Nodes {
		if c.Tag == tag {
			out = append(out, c)
		}
	}
	return out
}

// ValueOf returns the Value of n's first substructure with tag, or "".
func (n *Node) ValueOf(tag string) string {
	if c := n.First(tag); c != nil {
		return c.Value
	}
	return ""
}

// Add appends a substructure and returns it.
func (n *Node) Add(tag, value string) *Node {
	c := &Node{Tag: tag, Value: value}
	n.Nodes = append(n.Nodes, c)
	return c
}

// AddPointer appends a substructure whose payload is a pointer to xref.
func (n *Node) AddPointer(tag, xref string) *Node {
	c := &Node{Tag: tag, Pointer: xref}
	n.Nodes = append(n.Nodes, c)
	return c
}

// Walk calls fn for n and each of its descendants in depth-first order, with
// the path of tags from the record down ("INDI.BIRT.DATE"). If fn returns
// false the node's substructures are skipped.
func (n *Node) Walk(fn func(path []string, n *Node) bool) {
	var walk func(path []string, n *Node)
	walk = func(path []string, n *Node) {
		path = append(path, n.Tag)
		if !fn(path, n) {
			return
		}
		for _, c := range n.Nodes {
			walk(path, c)
		}
	}
	walk(nil, n)
}

// Clone returns a deep copy of n.
func (n *Node) Clone() *Node {
	if n == nil {
		return nil
	}
	c := *n
	if n.Nodes != nil {
		c.Nodes = make([]*Node, len(n.Nodes))
		for i, s := range n.Nodes {
			c.Nodes[i] = s.Clone()
		}
	}
	return &c
}

// Document is a whole GEDCOM file: its records in order, HEAD first and
// TRLR last, and what the reader learned about how the file was written.
type Document struct {
	Records []*Node

	// Version is the GEDCOM version the header declares ("7.0", "5.5.1",
	// "5.5"), or "" when the header does not say.
	Version string
	// Encoding is the character set the file was read in ("UTF-8",
	// "UTF-16LE", "UTF-16BE", "ANSEL", "ASCII", "CP1252").
	Encoding string
	BOM      bool
	// LineEnding is the line terminator the file used most: "\n", "\r\n" or "\r".
	LineEnding string

	// Files holds the files that travel with the dataset: the media of a
	// GEDZIP archive (read lazily from it, by their zip names such as
	// "media/photo.jpg"), or a directory a caller sets. It is nil for a
	// plain .ged file. WriteFile copies every file in it into a GEDZIP,
	// except one named gedcom.ged, which it writes from the records.
	Files fs.FS
}

// Header returns the HEAD record, or nil.
func (d *Document) Header() *Node {
	for _, r := range d.Records {
		if r.Tag == "HEAD" {
			return r
		}
	}
	return nil
}
