package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func addSeeds(f *testing.F) {
	f.Add("Alec Baldwin and Kim Basinger were married from 1993 to 2002. They share a daughter, Ireland.")
	f.Add(`Harold Eugene "Gene" Vandermeer, 84, was born to Cornelius and Grace (Bos) Vandermeer; he is survived by Dale (Karen) Vandermeer.`)
	f.Add("HARTLEY, Margaret Anne (née Collins). Beloved mother of Susan and the late Michael.")
	f.Add("The engagement is announced between Oliver, elder son of Mr and Mrs James Whitcombe, and Sophie.")
	f.Add("Her twin cousins — Ava and her brother, Liam, the children of Josh's sister, Megan Ortiz — will graduate.")
	f.Add("DJ — DeShawn Jr. — turns 9 next month. \"My dad is Bill Finch,\" she said.")
	f.Add("the younger of Butch's two sons, , , — \" ( ) ' 's 's his her their")
	f.Add("Mr and Mrs\nX, (née\n\n\"")
	if files, err := filepath.Glob(filepath.Join("testdata", "articles", "*.txt")); err == nil {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(string(b))
			}
		}
	}
}

// FuzzExtract checks that extraction never panics and that every cited
// span lies inside the article and holds exactly the quoted sentence.
func FuzzExtract(f *testing.F) {
	addSeeds(f)
	g := NewExtractor()
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		a := &Article{Name: "fuzz", Date: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Text: text}
		x, err := g.Extract(context.Background(), a)
		if err != nil {
			return
		}
		check := func(ev Evidence) {
			if ev.Span.Start < 0 || ev.Span.End > len(text) || ev.Span.Start > ev.Span.End {
				t.Fatalf("span [%d,%d) outside text of %d bytes", ev.Span.Start, ev.Span.End, len(text))
			}
			if text[ev.Span.Start:ev.Span.End] != ev.Sentence {
				t.Fatalf("span [%d,%d) holds %q, quote is %q", ev.Span.Start, ev.Span.End, text[ev.Span.Start:ev.Span.End], ev.Sentence)
			}
		}
		ids := map[string]bool{}
		for _, p := range x.Persons {
			ids[p.ID] = true
			check(p.Evidence)
			for _, ev := range []*Evidence{p.SexEvidence, p.BirthEvidence, p.DeathEvidence} {
				if ev != nil {
					check(*ev)
				}
			}
		}
		for _, r := range x.Relations {
			if !ids[r.A] || !ids[r.B] || r.A == r.B {
				t.Fatalf("relation %+v between unknown or identical persons", r)
			}
			for _, ev := range r.Evidence {
				check(ev)
			}
		}
		tr := x.Tree("src")
		if len(tr.Sources) != 1 || tr.Sources[0].Text != text {
			t.Fatalf("Tree source does not hold the article text")
		}
		_ = x.Gold()
	})
}

// FuzzParseArticle checks that ParseArticle never panics and that a
// parsed article's text is a suffix of the input.
func FuzzParseArticle(f *testing.F) {
	f.Add("date 2024-05-14\nDeShawn Whitfield wed Tiana in 2021.", "")
	f.Add(" date 2025-03-04 Alec Baldwin regrets it.", "")
	f.Add("No date here, and the man and his wife.", "2024-01-01")
	f.Add("date 2024-13-01\nbad", "")
	f.Add("date", "x")
	f.Add("\ufeffdate:2024-01-01 text", "")
	f.Fuzz(func(t *testing.T, in, fallback string) {
		a, err := ParseArticle("fuzz.txt", strings.NewReader(in), fallback)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt") {
				t.Fatalf("error %q does not name the article", err)
			}
			return
		}
		if !strings.HasSuffix(in, a.Text) {
			t.Fatalf("Text %q is not a suffix of the input %q", a.Text, in)
		}
		if a.Date.IsZero() {
			t.Fatalf("no date for %q", in)
		}
	})
}

// TestExtractLargeInput extracts an article of nearly MaxArticleBytes full
// of names and family ties; the work must stay about linear in its length.
func TestExtractLargeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	var b strings.Builder
	for i := 0; b.Len() < MaxArticleBytes-200; i++ {
		fmt.Fprintf(&b, "John Smith%d married Mary Jones%d in %d; he and his wife, Ann, share a son, Bo%d, 7. ", i, i, 1900+i%120, i)
		if i%10 == 0 {
			b.WriteString("\n\nThe couple's daughter, Sue, and her husband, John, were there. They said \"we are happy.\"\n")
		}
	}
	text := b.String()
	start := time.Now()
	x, err := NewExtractor().Extract(context.Background(), &Article{Name: "large", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Text: text})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("%d bytes: %d persons, %d relations in %v", len(text), len(x.Persons), len(x.Relations), took)
	if took > 60*time.Second {
		t.Errorf("extraction of %d bytes took %v, want well under a minute", len(text), took)
	}
}
