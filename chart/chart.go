// Package chart draws family-tree charts as SVG: a pedigree (a person's
// ancestors), descendants, an hourglass (both at once), the path of a
// relationship between two people, and a person's timeline.
//
// The functions are pure: they take the people to draw, already chosen and
// already named (a caller that hides living people passes "Living" as the
// name), lay them out and write a standalone SVG document. They do no I/O
// besides writing to w and look nothing up, so the same input always gives
// the same bytes; the tests compare them with golden files.
//
// Every piece of text is escaped for XML, so a name such as
// "<script>alert(1)</script>" is drawn as text, never run.
package chart

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Box is one person on a chart.
type Box struct {
	// ID is written as the box's data-id attribute.
	ID string
	// Name is the first line of the box; Dates the second ("1900–1980").
	Name  string
	Dates string
	// Sex ("M", "F" or other) picks the box's colour.
	Sex string
	// Href, when set, makes the box a link.
	Href string
}

// Node is a person with the people drawn next to them: parents for a
// pedigree, children for a descendant chart, both for an hourglass.
type Node struct {
	Box
	Parents  []*Node
	Children []*Node
}

// Geometry of a box and the gaps between boxes, in SVG user units.
const (
	boxW   = 180
	boxH   = 44
	gapX   = 24
	gapY   = 14
	margin = 16
)

// placed is a box with its top-left corner.
type placed struct {
	box  Box
	x, y float64
}

// edge joins two placed boxes by index.
type edge struct{ from, to int }

// drawing collects boxes and edges, then writes them.
type drawing struct {
	boxes []placed
	edges []edge
	// horizontal edges run from the right side of one box to the left of
	// the other; vertical ones from bottom to top.
	horizontal bool
	title      string
}

// layout places the tree under n (following next) with the tidy rule:
// leaves take consecutive slots, a parent sits at the middle of its first
// and last child. It returns each node's slot and depth in visiting order
// along with the edges.
type slotted struct {
	box   Box
	slot  float64
	depth int
}

func layout(n *Node, next func(*Node) []*Node, maxDepth int) ([]slotted, []edge) {
	var out []slotted
	var edges []edge
	leaf := 0.0
	var walk func(n *Node, depth int) int
	walk = func(n *Node, depth int) int {
		i := len(out)
		out = append(out, slotted{box: n.Box, depth: depth})
		var kids []int
		if maxDepth <= 0 || depth < maxDepth {
			for _, c := range next(n) {
				if c == nil {
					continue
				}
				k := walk(c, depth+1)
				kids = append(kids, k)
				edges = append(edges, edge{i, k})
			}
		}
		if len(kids) == 0 {
			out[i].slot = leaf
			leaf++
		} else {
			out[i].slot = (out[kids[0]].slot + out[kids[len(kids)-1]].slot) / 2
		}
		return i
	}
	walk(n, 0)
	return out, edges
}

func parentsOf(n *Node) []*Node  { return n.Parents }
func childrenOf(n *Node) []*Node { return n.Children }

// Pedigree writes root's ancestors up to generations back (0: all that
// root holds), root on the left and each generation in a column to its
// right.
func Pedigree(w io.Writer, title string, root *Node, generations int) error {
	s, e := layout(root, parentsOf, generations)
	d := &drawing{horizontal: true, title: title, edges: e}
	for _, n := range s {
		d.boxes = append(d.boxes, placed{n.box, margin + float64(n.depth)*(boxW+gapX*2), margin + n.slot*(boxH+gapY)})
	}
	return d.write(w)
}

// Descendants writes root's descendants down to generations (0: all that
// root holds), root at the top and each generation in a row below.
func Descendants(w io.Writer, title string, root *Node, generations int) error {
	s, e := layout(root, childrenOf, generations)
	d := &drawing{title: title, edges: e}
	for _, n := range s {
		d.boxes = append(d.boxes, placed{n.box, margin + n.slot*(boxW+gapX), margin + float64(n.depth)*(boxH+gapY*3)})
	}
	return d.write(w)
}

// Hourglass writes root's ancestors above it and its descendants below,
// each up to generations away.
func Hourglass(w io.Writer, title string, root *Node, generations int) error {
	up, upEdges := layout(root, parentsOf, generations)
	down, downEdges := layout(root, childrenOf, generations)
	maxUp := 0
	for _, n := range up {
		maxUp = max(maxUp, n.depth)
	}
	// Centre both halves on the root.
	shift := up[0].slot - down[0].slot
	minSlot := 0.0
	for _, n := range down {
		minSlot = min(minSlot, n.slot+shift)
	}
	rowH := float64(boxH + gapY*3)
	d := &drawing{title: title}
	for _, n := range up {
		d.boxes = append(d.boxes, placed{n.box, margin + (n.slot-minSlot)*(boxW+gapX), margin + float64(maxUp-n.depth)*rowH})
	}
	// Edges of the upper half run from parent (above) to child.
	for _, e := range upEdges {
		d.edges = append(d.edges, edge{e.to, e.from})
	}
	base := len(d.boxes)
	for i, n := range down {
		if i == 0 {
			continue // the root is drawn once
		}
		d.boxes = append(d.boxes, placed{n.box, margin + (n.slot+shift-minSlot)*(boxW+gapX), margin + float64(maxUp+n.depth)*rowH})
	}
	index := func(i int) int {
		if i == 0 {
			return 0
		}
		return base + i - 1
	}
	for _, e := range downEdges {
		d.edges = append(d.edges, edge{index(e.from), index(e.to)})
	}
	return d.write(w)
}

// Step is one person on a relationship path. Level is the generation
// relative to the first person (a parent is 1, a grandparent 2, a child
// -1); Label names the link to the next person ("father", "wife").
type Step struct {
	Box
	Level int
	Label string
}

// Path writes a relationship path left to right, each person at the
// height of their generation, so a path up to a common ancestor and down
// again draws as an inverted V, with each link's label beside it.
func Path(w io.Writer, title string, steps []Step) error {
	if len(steps) == 0 {
		return writeEmpty(w, title, "No path.")
	}
	top := steps[0].Level
	for _, s := range steps {
		top = max(top, s.Level)
	}
	d := &drawing{title: title}
	var labels []string
	for i, s := range steps {
		d.boxes = append(d.boxes, placed{s.Box, margin + float64(i)*(boxW+gapX*2), margin + 20 + float64(top-s.Level)*(boxH+gapY*4)})
		if i > 0 {
			d.edges = append(d.edges, edge{i - 1, i})
			labels = append(labels, steps[i-1].Label)
		}
	}
	return d.writeLabelled(w, labels)
}

// Item is one line of a timeline. Year 0 means undated: such items are
// listed after the dated ones without a mark on the axis.
type Item struct {
	Year  int
	Date  string // the date as written, shown before the label
	Label string
}

// Timeline writes items as rows against a horizontal axis of years.
func Timeline(w io.Writer, title string, items []Item) error {
	if len(items) == 0 {
		return writeEmpty(w, title, "No events.")
	}
	lo, hi := 0, 0
	for _, it := range items {
		if it.Year == 0 {
			continue
		}
		if lo == 0 || it.Year < lo {
			lo = it.Year
		}
		if it.Year > hi {
			hi = it.Year
		}
	}
	if lo == 0 {
		lo, hi = 1900, 2000
	}
	// Round to decades and keep at least one.
	lo = lo - ((lo%10)+10)%10
	hi = hi - ((hi%10)+10)%10 + 10
	const axisW, left, rowH = 600.0, 20.0, 22.0
	x := func(y int) float64 { return left + axisW*float64(y-lo)/float64(hi-lo) }
	height := 70 + rowH*float64(len(items))
	width := left + axisW + 420
	b := newWriter(w)
	b.header(width, height, title)
	axisY := 40.0
	b.printf(`<line class="axis" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555"/>`+"\n", num(left), num(axisY), num(left+axisW), num(axisY))
	step := 10
	if hi-lo > 200 {
		step = 50
	} else if hi-lo > 80 {
		step = 20
	}
	for y := lo; y <= hi; y += step {
		b.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#555"/>`, num(x(y)), num(axisY-4), num(x(y)), num(axisY+4))
		b.printf(`<text x="%s" y="%s" font-size="11" text-anchor="middle">%d</text>`+"\n", num(x(y)), num(axisY-8), y)
	}
	for i, it := range items {
		ry := axisY + 24 + rowH*float64(i)
		label := it.Label
		if it.Date != "" {
			label = it.Date + ": " + label
		}
		if it.Year != 0 {
			b.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#bbb" stroke-dasharray="2,2"/>`, num(x(it.Year)), num(axisY), num(x(it.Year)), num(ry))
			b.printf(`<circle cx="%s" cy="%s" r="4" fill="#2a6fb0"/>`, num(x(it.Year)), num(ry))
			b.printf(`<text x="%s" y="%s" font-size="12">%s</text>`+"\n", num(x(it.Year)+8), num(ry+4), esc(label))
		} else {
			b.printf(`<text x="%s" y="%s" font-size="12" fill="#666">%s</text>`+"\n", num(left), num(ry+4), esc(label))
		}
	}
	b.footer()
	return b.err()
}

func writeEmpty(w io.Writer, title, msg string) error {
	b := newWriter(w)
	b.header(300, 60, title)
	b.printf(`<text x="16" y="36" font-size="14">%s</text>`+"\n", esc(msg))
	b.footer()
	return b.err()
}

func (d *drawing) write(w io.Writer) error { return d.writeLabelled(w, nil) }

// writeLabelled writes the drawing; labels, when given, name the edges in
// order.
func (d *drawing) writeLabelled(w io.Writer, labels []string) error {
	width, height := 0.0, 0.0
	for _, p := range d.boxes {
		width = max(width, p.x+boxW+margin)
		height = max(height, p.y+boxH+margin)
	}
	b := newWriter(w)
	b.header(width, height, d.title)
	b.printf(`<g class="edges" fill="none" stroke="#777" stroke-width="1.5">` + "\n")
	for _, e := range d.edges {
		a, c := d.boxes[e.from], d.boxes[e.to]
		if d.horizontal {
			x1, y1 := a.x+boxW, a.y+boxH/2
			x2, y2 := c.x, c.y+boxH/2
			mx := (x1 + x2) / 2
			b.printf(`<path d="M%s %sH%sV%sH%s"/>`+"\n", num(x1), num(y1), num(mx), num(y2), num(x2))
		} else if labels != nil {
			b.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(a.x+boxW), num(a.y+boxH/2), num(c.x), num(c.y+boxH/2))
		} else {
			x1, y1 := a.x+boxW/2, a.y+boxH
			x2, y2 := c.x+boxW/2, c.y
			my := (y1 + y2) / 2
			b.printf(`<path d="M%s %sV%sH%sV%s"/>`+"\n", num(x1), num(y1), num(my), num(x2), num(y2))
		}
	}
	b.printf("</g>\n")
	for i, l := range labels {
		if l == "" {
			continue
		}
		a, c := d.boxes[d.edges[i].from], d.boxes[d.edges[i].to]
		mx, my := (a.x+boxW+c.x)/2, (a.y+c.y)/2+boxH/2-6
		b.printf(`<text class="label" x="%s" y="%s" font-size="11" text-anchor="middle" fill="#444">%s</text>`+"\n", num(mx), num(my), esc(l))
	}
	for _, p := range d.boxes {
		fill := "#eef0f2"
		switch p.box.Sex {
		case "M":
			fill = "#dbe9f7"
		case "F":
			fill = "#f7dde6"
		}
		if p.box.Href != "" {
			b.printf(`<a href="%s">`, esc(p.box.Href))
		}
		b.printf(`<g class="person" data-id="%s"><title>%s</title>`, esc(p.box.ID), esc(strings.TrimSpace(p.box.Name+" "+p.box.Dates)))
		b.printf(`<rect x="%s" y="%s" width="%d" height="%d" rx="6" fill="%s" stroke="#667"/>`, num(p.x), num(p.y), boxW, boxH, fill)
		b.printf(`<text x="%s" y="%s" font-size="13" font-weight="bold">%s</text>`, num(p.x+8), num(p.y+18), esc(clip(p.box.Name, 24)))
		if p.box.Dates != "" {
			b.printf(`<text x="%s" y="%s" font-size="11" fill="#333">%s</text>`, num(p.x+8), num(p.y+35), esc(clip(p.box.Dates, 30)))
		}
		b.printf("</g>")
		if p.box.Href != "" {
			b.printf("</a>")
		}
		b.printf("\n")
	}
	b.footer()
	return b.err()
}

// clip shortens s to n runes with an ellipsis.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// num formats a coordinate without trailing zeros.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\'':
			b.WriteString("&#39;")
		default:
			if r < 0x20 && r != '\t' && r != '\n' || r == 0xFFFD || r == 0xFFFE || r == 0xFFFF {
				b.WriteRune(' ') // not allowed in XML 1.0
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writer writes SVG and keeps the first error.
type writer struct {
	w *bufio.Writer
	e error
}

func newWriter(w io.Writer) *writer { return &writer{w: bufio.NewWriter(w)} }

func (b *writer) printf(format string, args ...any) {
	if b.e != nil {
		return
	}
	_, b.e = fmt.Fprintf(b.w, format, args...)
}

func (b *writer) header(width, height float64, title string) {
	b.printf(`<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="sans-serif">`+"\n", num(width), num(height), num(width), num(height))
	if title != "" {
		b.printf("<title>%s</title>\n", esc(title))
	}
	b.printf(`<rect width="100%%" height="100%%" fill="#fff"/>` + "\n")
}

func (b *writer) footer() { b.printf("</svg>\n") }

func (b *writer) err() error {
	if b.e != nil {
		return b.e
	}
	return b.w.Flush()
}
