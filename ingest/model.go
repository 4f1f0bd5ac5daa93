package ingest

import (
	"strings"

	"kin"
)

// entity is a person of the story while the article is read.
type entity struct {
	id        int
	name      nameParts
	forms     []string // every surface form of the name, first seen first
	nicks     []string
	maiden    string
	neeSure   bool  // the maiden name was given with née
	remarried years // "remarried in 2015" without the new spouse's name
	topicKin  bool  // named as a relative of the article's main person
	sex       byte
	sexSent   int // sentence that gave the sex, -1 when unknown
	weak      bool
	person    bool // known to be a person, not a capitalised word or place
	family    bool // takes part in a kinship statement
	birth     years
	birthP    int // priority of the birth evidence (higher wins)
	birthS    int // sentence of the birth evidence
	death     years
	deathS    int
	dead      bool
	mentions  []mentionPos
	first     int // sentence of the first mention
	merged    *entity
	doc       *doc
	lastSent  int // 1 + the sentence of the latest mention, for doc.sentEnts
}

// mentionPos records where a person was mentioned; possessors ("Butch's
// two sons") are less likely antecedents of a pronoun.
type mentionPos struct {
	pos    int
	poss   bool
	plural bool // "they", "the couple": not an antecedent of "he" or "she"
}

// find follows merges to the surviving entity.
func (e *entity) find() *entity {
	for e.merged != nil {
		e = e.merged
	}
	return e
}

func (e *entity) fullName() string { return e.name.full() }

func (e *entity) addForm(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	for _, f := range e.forms {
		if f == s {
			return
		}
	}
	e.forms = append(e.forms, s)
}

func (e *entity) setSex(s byte, sent int) {
	if s == 'M' || s == 'F' {
		if e.sex == 'U' || e.sex == 0 {
			e.sex = s
			e.sexSent = sent
		}
	}
}

func (e *entity) setBirth(y years, prio, sent int) {
	if y.known() && prio > e.birthP {
		e.birth, e.birthP, e.birthS = y, prio, sent
	}
}

// fact is one extracted claim about two people.
type fact struct {
	kind      relKind // kChild (a is parent of b), kSpouse, kSibling, kOther
	a, b      *entity
	start     years
	startP    int
	end       years
	endReason string
	half      *bool
	label     string
	year      years
	lineage   kin.Lineage
	sent      int
	conf      kin.Confidence
	ex        bool  // a spouse relation that ended (divorce, split) without a date
	also      []int // other sentences that make the same claim
	resolved  bool  // a step-child claim explained by a parent's marriage
	dur       int   // "wife of 45 years": the years the marriage lasted
}

// Priorities of date evidence: an explicit date beats one computed from an
// age or duration, which beats a reported (hedged) one.
const (
	prioHedged   = 1
	prioComputed = 2
	prioExplicit = 3
)
