// Package ingest turns dated news articles into sourced family facts.
//
// An Article is plain text whose first line starts with "date YYYY-MM-DD"
// (ParseArticle reads it). The Grammar extractor (NewExtractor) reads the
// article with a hand-written grammar of English family talk: it splits
// sentences, recognises personal names (titles, particles, initials,
// generational suffixes, quoted nicknames, maiden names and obituary-style
// spouses in parentheses), resolves later mentions (first names, surnames,
// nicknames, pronouns, "the couple") to the same person, and finds kinship
// and partnership statements ("his wife, Tiana", "the daughter of A and B",
// "were married from 1993 to 2002", "the pair share three daughters, A, B
// and C") together with their dates, including dates relative to the
// article's publication date ("now 17", "last year", "his wife of 45
// years").
//
// Every extracted fact carries the byte span and the text of the sentence it
// rests on and a confidence. Extraction.Gold writes the facts in the JSON
// schema of the kin article evaluation set; Extraction.Tree converts them to
// kin domain records (a news-article Source, People, Families with marriage
// and divorce events, Associations), each with a Citation.
//
// Extraction is offline, deterministic and bounded: articles longer than
// MaxArticleBytes are refused, and the work per article is linear in its
// length apart from a per-sentence window.
package ingest
