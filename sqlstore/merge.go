package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"kin"
)

// SourceIDForText returns the ID kin gives a source whose text is text:
// "art-" and the first twelve hex digits of the text's SHA-256. The same
// article always gets the same ID, so ingesting it again finds it.
func SourceIDForText(text string) kin.ID {
	sum := sha256.Sum256([]byte(text))
	return kin.ID("art-" + hex.EncodeToString(sum[:6]))
}

// textUID is the record UID of a source with text: its full SHA-256.
func textUID(text string) string {
	if text == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(text))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// MergeOptions says where facts merged with Merge come from.
type MergeOptions struct {
	// Origin labels the facts; the default is "source:" and the ID the
	// first source of the fragment has in the tree.
	Origin string
}

// MergeStats says what Merge did.
type MergeStats struct {
	// Source is the ID the fragment's first source has in the tree, and
	// SourceKnown reports that the tree had it already (the same text or
	// the same URL).
	Source      kin.ID `json:"source"`
	SourceKnown bool   `json:"source_known"`
	// People and Families count the records Merge created.
	People   int `json:"people_added"`
	Families int `json:"families_added"`
	// Matched lists the fragment's people found in the tree, and
	// Ambiguous the ones that matched several people equally well and
	// were therefore added as new people.
	Matched   []PersonMatch `json:"matched,omitempty"`
	Ambiguous []Ambiguity   `json:"ambiguous,omitempty"`
	// Unsure lists people added as new whose best candidate in the tree
	// scored just below MatchThreshold: possible duplicates to check.
	Unsure []PersonMatch `json:"unsure,omitempty"`
	// Added counts new facts; Kept counts facts the tree already held on
	// the same evidence; Corroborated counts facts the tree already held
	// on other evidence, whose citations were added to it.
	Added        int `json:"facts_added"`
	Kept         int `json:"facts_kept"`
	Corroborated int `json:"facts_corroborated"`
	// Conflicts lists the slots in which the merged facts disagree with
	// the tree's (see Tree.Conflicts).
	Conflicts []SlotRef `json:"conflicts,omitempty"`
}

// PersonMatch says that a person of a merged fragment is a person of the
// tree, and why.
type PersonMatch struct {
	Extracted kin.ID   `json:"extracted"`
	Person    kin.ID   `json:"person"`
	Name      string   `json:"name"`
	Score     int      `json:"score"`
	Why       []string `json:"why"`
}

// Ambiguity is a person of a merged fragment who matched several people
// of the tree equally well.
type Ambiguity struct {
	Extracted  kin.ID   `json:"extracted"`
	Name       string   `json:"name"`
	Score      int      `json:"score"`
	Candidates []kin.ID `json:"candidates"`
}

// SlotRef names one slot of one record.
type SlotRef struct {
	Subject kin.ID `json:"subject"`
	Slot    string `json:"slot"`
}

// Merge adds a tree fragment, typically the facts extracted from one news
// article, to the tree in one transaction: if anything fails the tree is
// as it was.
//
// The fragment's source is recognised by the SHA-256 of its text or by its
// URL, so merging the same article twice adds nothing. Its people are
// matched to the tree's people by the rule in merge_match.go (names,
// aliases, sex, birth and death dates and relatives); a person matched
// nowhere, or matched by several people equally well, becomes a new
// person. Families are matched by their partners, or for a family with one
// or no known partner by a shared child. Facts are added beside the
// tree's own, never replacing them: a fact the tree already holds on other
// evidence adds its citations to that fact (they share a slot), and a fact
// that disagrees (another birth or marriage date) becomes a conflict,
// listed by Conflicts and decided by the conclusion rule.
func (t *Tree) Merge(ctx context.Context, add *kin.Tree, opts MergeOptions) (MergeStats, error) {
	var stats MergeStats
	err := t.s.write(ctx, func(tx *Tx) error {
		var err error
		stats, err = t.merge(ctx, tx, add, opts)
		return err
	})
	return stats, err
}

// Empty reports whether the tree holds no records (or does not exist).
func (t *Tree) Empty(ctx context.Context) (bool, error) {
	id, err := t.lookupID(ctx, t.s.DB)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return true, nil
	} else if err != nil {
		return false, err
	}
	var one int
	err = t.s.DB.QueryRowContext(ctx, t.s.q(`SELECT 1 FROM records WHERE tree_id = ? AND superseded_at IS NULL LIMIT 1`), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	} else if err != nil {
		return false, fmt.Errorf("read tree %q: %w", t.name, t.s.formatError(err))
	}
	return false, nil
}

// merge is Merge inside the write transaction tx.
func (t *Tree) merge(ctx context.Context, tx *Tx, add *kin.Tree, opts MergeOptions) (MergeStats, error) {
	var stats MergeStats
	w, err := t.newWriter(ctx, tx)
	if err != nil {
		return stats, err
	}
	defer w.release()
	m := &merger{w: w, r: &reader{s: t.s, q: tx, treeID: w.treeID, at: forever}, stats: &stats}
	for i, src := range add.Sources {
		id, known, err := m.source(ctx, src)
		if err != nil {
			return stats, err
		}
		if i == 0 {
			stats.Source, stats.SourceKnown = id, known
		}
	}
	w.origin = opts.Origin
	if w.origin == "" {
		w.origin = OriginEdit
		if stats.Source != "" {
			w.origin = "source:" + string(stats.Source)
		}
	}
	if err := m.matchPeople(ctx, add); err != nil {
		return stats, err
	}
	for _, p := range add.People {
		if _, ok := w.translate[p.ID]; ok || m.matched[p.ID] {
			continue
		}
		if err := m.newRecord(ctx, p.ID, &Record{Tag: "INDI", Person: p}); err != nil {
			return stats, err
		}
		stats.People++
	}
	if err := m.matchFamilies(ctx, add); err != nil {
		return stats, err
	}
	for _, f := range add.Families {
		if _, ok := w.translate[f.ID]; ok || m.famMatched[f.ID] {
			continue
		}
		if err := m.newRecord(ctx, f.ID, &Record{Tag: "FAM", Family: f}); err != nil {
			return stats, err
		}
		stats.Families++
	}

	// Facts, with every ID translated to the tree's.
	for _, p := range add.People {
		c := *p
		c.ID = w.mapID(p.ID)
		facts, _, err := personFacts(&c)
		if err != nil {
			return stats, fmt.Errorf("person %s: %w", p.ID, err)
		}
		if err := m.addFacts(ctx, c.ID, w.fixCitations(facts)); err != nil {
			return stats, err
		}
	}
	for _, f := range add.Families {
		c := *f
		c.ID = w.mapID(f.ID)
		c.Partners = make([]kin.ID, len(f.Partners))
		for i, p := range f.Partners {
			c.Partners[i] = w.mapID(p)
		}
		c.Children = make([]kin.ChildLink, len(f.Children))
		for i, ch := range f.Children {
			ch.Child = w.mapID(ch.Child)
			c.Children[i] = ch
		}
		facts, _, err := familyFacts(&c)
		if err != nil {
			return stats, fmt.Errorf("family %s: %w", f.ID, err)
		}
		if err := m.addFacts(ctx, c.ID, w.fixCitations(facts)); err != nil {
			return stats, err
		}
	}
	bySubject := map[kin.ID][]*Fact{}
	var subjects []kin.ID
	var enc encoder
	for i, a := range add.Associations {
		c := *a
		c.Person, c.Other = w.mapID(a.Person), w.mapID(a.Other)
		f := associationFact(&enc, &c, i)
		if bySubject[c.Person] == nil {
			subjects = append(subjects, c.Person)
		}
		bySubject[c.Person] = append(bySubject[c.Person], f)
	}
	if enc.err != nil {
		return stats, enc.err
	}
	for _, s := range subjects {
		if err := m.addFacts(ctx, s, w.fixCitations(bySubject[s])); err != nil {
			return stats, err
		}
	}
	if err := m.flushEvidence(ctx); err != nil {
		return stats, err
	}
	if err := w.close(ctx); err != nil {
		return stats, err
	}
	if err := w.saveVocabulary(ctx); err != nil {
		return stats, err
	}
	if err := m.findConflicts(ctx); err != nil {
		return stats, err
	}
	if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE trees SET updated_at = ? WHERE id = ?`), w.now, w.treeID); err != nil {
		return stats, fmt.Errorf("update tree: %w", t.s.formatError(err))
	}
	return stats, nil
}

// merger holds the state of one Merge.
type merger struct {
	w     *writer
	r     *reader
	stats *MergeStats
	// matched and famMatched mark fragment records found in the tree
	// under their own ID (a repeated merge).
	matched, famMatched map[kin.ID]bool
	// evidence collects, by subject, citations of facts the tree already
	// states in another form (an undated marriage beside a dated one):
	// they become one record citation fact per subject.
	evidence map[kin.ID][]kin.Citation
	evOrder  []kin.ID
	touched  []SlotRef
}

// source stores src, or finds it in the tree by its text or URL, and
// returns its ID in the tree.
func (m *merger) source(ctx context.Context, src *kin.Source) (kin.ID, bool, error) {
	w := m.w
	uid := textUID(src.Text)
	old, err := m.r.findSource(ctx, src)
	if err != nil {
		return "", false, err
	}
	setDate := func(id kin.ID) {
		w.srcSeen[id] = true
		if !src.Date.IsZero() {
			_, hi := dateRange(src.Date)
			w.srcDates[id] = hi
		}
	}
	if old != nil {
		if old.id != src.ID {
			w.translate[src.ID] = old.id
		}
		setDate(old.id)
		c := *src
		c.ID = old.id
		var enc encoder
		data := enc.json(c)
		if enc.err != nil {
			return "", false, enc.err
		}
		if old.data.String != string(data) {
			// A source is a record, not a fact: the newer description
			// (a corrected text under the same URL) replaces the old.
			if _, err := w.tx.ExecContext(ctx, w.s.q(`UPDATE records SET superseded_at = ? WHERE tree_id = ? AND rev = ?`), w.now, w.treeID, old.rev); err != nil {
				return "", false, fmt.Errorf("supersede source %s: %w", old.id, w.s.formatError(err))
			}
			if err := w.addRecord(ctx, old.id, &Record{Tag: "SOUR", Xref: old.xref, UID: uid}, data, old.seq); err != nil {
				return "", false, err
			}
		}
		return old.id, true, nil
	}
	if err := m.newRecord(ctx, src.ID, &Record{Tag: "SOUR", UID: uid, Source: src}); err != nil {
		return "", false, err
	}
	id := w.mapID(src.ID)
	setDate(id)
	return id, false, nil
}

// newRecord creates the record r under id, or under a free variant of id.
func (m *merger) newRecord(ctx context.Context, id kin.ID, r *Record) error {
	w := m.w
	if err := w.flush(ctx); err != nil {
		return err
	}
	free, err := w.freeID(ctx, id)
	if err != nil {
		return err
	}
	if free != id {
		w.translate[id] = free
	}
	w.seen[free] = true
	var enc encoder
	var data json.RawMessage
	switch {
	case r.Person != nil:
		c := *r.Person
		c.ID = free
		_, data, err = personFacts(&c)
	case r.Family != nil:
		c := *r.Family
		c.ID = free
		_, data, err = familyFacts(&c)
	case r.Source != nil:
		c := *r.Source
		c.ID = free
		data = enc.json(c)
		err = enc.err
	}
	if err != nil {
		return fmt.Errorf("record %s: %w", id, err)
	}
	w.seq++
	if r.Xref == "" {
		r.Xref = xrefFor(free)
	}
	return w.addRecord(ctx, free, r, data, w.seq)
}

// xrefFor makes a GEDCOM 7 cross-reference identifier ([A-Z0-9_]+) of a
// record ID kin made, "art-a869…/p1" → "ART_A869…_P1", so that every record
// Merge creates has its own xref in an export.
func xrefFor(id kin.ID) kin.Xref {
	b := []byte(strings.ToUpper(string(id)))
	for i, c := range b {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b[i] = '_'
		}
	}
	return kin.Xref(b)
}

// addFacts adds the facts of one subject: facts the subject already has
// on the same evidence are kept; a claim it already has on other
// evidence, or that competes with one of its facts, shares a slot with
// it, so that reads show one fact with every citation, or a conflict.
func (m *merger) addFacts(ctx context.Context, subject kin.ID, facts []*Fact) error {
	w := m.w
	if err := w.flush(ctx); err != nil {
		return err
	}
	old, err := m.r.facts(ctx, `f.subject = ?`, string(subject))
	if err != nil {
		return err
	}
	have := newFactIndex(old)
	for _, f := range facts {
		f.Subject = subject
		if have.find(f, false) != nil {
			m.stats.Kept++
			continue
		}
		have.add(f)
		slot, same, evidenceOnly := m.slotFor(f, old)
		if evidenceOnly {
			m.addEvidence(subject, f.Citations)
			m.stats.Corroborated++
			continue
		}
		if slot != "" {
			f.Slot = slot
			for _, o := range same {
				if o.Slot == "" {
					if err := m.reslot(ctx, o, slot); err != nil {
						return err
					}
				}
			}
			if len(same) > 0 {
				m.touched = append(m.touched, SlotRef{Subject: subject, Slot: slot})
			}
		}
		if err := w.addFact(ctx, f); err != nil {
			return err
		}
		m.stats.Added++
		old = append(old, f)
	}
	return nil
}

// slotFor returns the slot a new fact f takes beside the subject's live
// facts old, and the facts of old that share it. evidenceOnly reports
// that f says nothing the tree does not already say more precisely (an
// undated marriage beside a dated one, "born about 1958" beside "born 11
// June 1958", an unknown sex beside a known one); then only its citations
// are kept.
func (m *merger) slotFor(f *Fact, old []*Fact) (slot string, same []*Fact, evidenceOnly bool) {
	switch f.Kind {
	case KindSex:
		// "Unknown" adds nothing to a sex the tree knows.
		var sex kin.Sex
		if json.Unmarshal(f.Value, &sex) == nil && (sex == "" || sex == kin.SexUnknown) {
			for _, o := range old {
				if o.Kind == KindSex {
					return "", nil, true
				}
			}
		}
		return f.Slot, nil, false
	case KindEvent:
		var e kin.Event
		if json.Unmarshal(f.Value, &e) != nil {
			return f.Slot, nil, false
		}
		slot = f.Slot
		if slot == "" && (e.Type == kin.EventMarriage || e.Type == kin.EventDivorce) {
			// A couple marries once as far as an article can tell; a
			// second date for it is a conflict, not a second wedding.
			slot = "event:" + string(e.Type)
		}
		if slot == "" {
			return "", nil, false
		}
		if e.Date.IsZero() {
			// An undated event ("his wife") contradicts no date: it
			// corroborates the one the subject has, or stands alone
			// without a slot.
			for _, o := range old {
				var oe kin.Event
				if o.Kind == KindEvent && json.Unmarshal(o.Value, &oe) == nil && oe.Type == e.Type {
					return "", nil, true
				}
			}
			if f.Slot == "" {
				return "", nil, false
			}
			return slot, nil, false
		}
		for _, o := range old {
			if o.Kind != KindEvent || o.Subject != f.Subject {
				continue
			}
			var oe kin.Event
			if json.Unmarshal(o.Value, &oe) != nil || oe.Type != e.Type {
				continue
			}
			if o.Slot != "" && o.Slot != slot {
				continue
			}
			if !e.Date.IsZero() && oe.Date.IsZero() {
				continue // "married" does not contradict "married in 2020"
			}
			same = append(same, o)
		}
		if len(same) == 0 {
			return slot, nil, false
		}
		if e.Date.IsZero() {
			return "", nil, true
		}
		lo, hi := dateRange(e.Date)
		for _, o := range same {
			var oe kin.Event
			_ = json.Unmarshal(o.Value, &oe)
			if oe.Date.IsZero() || oe.Date == e.Date {
				continue
			}
			olo, ohi := dateRange(oe.Date)
			if olo != 0 && ohi != 0 && lo != 0 && hi != 0 && lo <= olo && ohi <= hi && (e.Place.Name == "" || e.Place.Name == oe.Place.Name) {
				return "", nil, true
			}
		}
		return slot, same, false
	case KindName, KindAssociation:
		for _, o := range old {
			if o.Kind == f.Kind && o.Object == f.Object && string(o.Value) == string(f.Value) {
				same = append(same, o)
			}
		}
		if len(same) == 0 {
			return "", nil, false
		}
		if same[0].Slot != "" {
			return same[0].Slot, same, false
		}
		sum := sha256.Sum256(append([]byte(f.Object+"\x00"), f.Value...))
		return f.Kind + ":" + hex.EncodeToString(sum[:4]), same, false
	case KindChild:
		for _, o := range old {
			if o.Kind == KindChild && o.Object == f.Object {
				same = append(same, o)
			}
		}
		if len(same) == 0 {
			return "", nil, false
		}
		// Two sources on one child link: one fact with both citations
		// when they agree on the lineage, a conflict when they do not.
		return "child:" + string(f.Object), same, false
	}
	return f.Slot, nil, false
}

// reslot gives a live fact a slot by superseding it with a copy that has
// one; everything else about the fact, its origin included, stays.
func (m *merger) reslot(ctx context.Context, o *Fact, slot string) error {
	w := m.w
	c := *o
	c.Slot = slot
	c.ID = 0
	if o.Earliest != 0 {
		v := int64(o.Earliest)
		c.dateMin = &v
	}
	if o.Latest != 0 {
		v := int64(o.Latest)
		c.dateMax = &v
	}
	added := w.stats.Added
	if err := w.addFact(ctx, &c); err != nil {
		return err
	}
	w.stats.Added = added
	if err := w.flush(ctx); err != nil {
		return err
	}
	if err := w.supersede(ctx, o, c.ID); err != nil {
		return err
	}
	o.Slot, o.ID = slot, c.ID
	return nil
}

func (m *merger) addEvidence(subject kin.ID, cites []kin.Citation) {
	if m.evidence == nil {
		m.evidence = map[kin.ID][]kin.Citation{}
	}
	if _, ok := m.evidence[subject]; !ok {
		m.evOrder = append(m.evOrder, subject)
	}
	for _, c := range cites {
		if !hasCitation(m.evidence[subject], c) {
			m.evidence[subject] = append(m.evidence[subject], c)
		}
	}
}

// flushEvidence stores the collected citations as record citation facts.
func (m *merger) flushEvidence(ctx context.Context) error {
	for _, subject := range m.evOrder {
		f := &Fact{Kind: KindCitation, Value: json.RawMessage("null"), Citations: m.evidence[subject], Seq: 1 << 20}
		m.w.fixCitations([]*Fact{f})
		if err := m.addFacts(ctx, subject, []*Fact{f}); err != nil {
			return err
		}
	}
	return nil
}

// findConflicts lists the touched slots whose facts now disagree.
func (m *merger) findConflicts(ctx context.Context) error {
	done := map[SlotRef]bool{}
	for _, ref := range m.touched {
		if done[ref] {
			continue
		}
		done[ref] = true
		facts, err := m.r.facts(ctx, `f.subject = ? AND f.slot = ?`, string(ref.Subject), ref.Slot)
		if err != nil {
			return err
		}
		if len(facts) > 1 && disagree(facts) {
			m.stats.Conflicts = append(m.stats.Conflicts, ref)
		}
	}
	sort.Slice(m.stats.Conflicts, func(i, j int) bool {
		a, b := m.stats.Conflicts[i], m.stats.Conflicts[j]
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return a.Slot < b.Slot
	})
	return nil
}
