package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"time"

	"kin"
	"kin/gedcom"
	"kin/ingest"
	"kin/sqlstore"
)

func (s *Server) showUploadPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "upload", http.StatusOK, map[string]any{"Title": "Upload", "MaxMB": s.maxUpload() >> 20, "CanImport": s.Import != nil})
}

// uploadResult says what an upload did.
type uploadResult struct {
	Kind    string                `json:"kind"` // "gedcom" or "article"
	File    string                `json:"file"`
	Import  *sqlstore.ImportStats `json:"import,omitempty"`
	Review  int64                 `json:"review_id,omitempty"`
	People  int                   `json:"people_found,omitempty"`
	Message string                `json:"message"`
}

// upload takes a multipart form with a file (field "file"), of kind
// "gedcom" or "article" (field "kind"; guessed from the name when empty):
// a GEDCOM file is imported into the tree, an article's facts are queued
// for review.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.maxUpload()+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.Error(w, r, invalidf("The file is larger than the limit of %d MB.", s.maxUpload()>>20))
			return
		}
		s.Error(w, r, invalidf("Send the file as multipart/form-data in the field \"file\"."))
		return
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.Error(w, r, invalidf("Choose a file to upload."))
		return
	}
	defer f.Close()
	res, err := s.store(r.Context(), r.FormValue("kind"), path.Base(hdr.Filename), f, r.FormValue("date"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if isAPI(r) || r.Header.Get("Accept") == "application/json" {
		writeJSON(w, http.StatusOK, res)
		return
	}
	s.render(w, r, "upload", http.StatusOK, map[string]any{"Title": "Upload", "MaxMB": s.maxUpload() >> 20, "CanImport": s.Import != nil, "Result": res})
}

// store imports a GEDCOM file or queues an article's facts.
func (s *Server) store(ctx context.Context, kind, name string, r io.Reader, articleDate string) (*uploadResult, error) {
	if kind == "" {
		kind = "article"
		if ext := strings.ToLower(path.Ext(name)); ext == ".ged" || ext == ".gdz" {
			kind = "gedcom"
		}
	}
	switch kind {
	case "gedcom":
		if s.Import == nil {
			return nil, invalidf("This server does not import GEDCOM files.")
		}
		stats, err := s.Import(ctx, s.tree(), name, r)
		if err != nil {
			return nil, err
		}
		return &uploadResult{Kind: kind, File: name, Import: &stats,
			Message: fmt.Sprintf("Imported %s: %d people, %d families, %d sources.", name, stats.People, stats.Families, stats.Sources)}, nil
	case "article":
		a, err := ingest.ParseArticle(name, io.LimitReader(r, ingest.MaxArticleBytes+1), articleDate)
		if err != nil {
			return nil, invalidf("%s: %s", name, articleError(err))
		}
		x, err := ingest.NewExtractor().Extract(ctx, a)
		if err != nil {
			return nil, invalidf("%s: %s", name, articleError(err))
		}
		frag := x.Tree(kin.ID("article:" + name))
		id, err := s.tree().AddPending(ctx, "article:"+name, frag)
		if err != nil {
			return nil, err
		}
		return &uploadResult{Kind: kind, File: name, Review: id, People: len(frag.People),
			Message: fmt.Sprintf("Found %d people in %s; their facts wait in the review queue.", len(frag.People), name)}, nil
	}
	return nil, invalidf("Unknown kind %q: want gedcom or article.", kind)
}

func articleError(err error) string {
	if errors.Is(err, ingest.ErrNoDate) {
		return `the article needs a first line "date YYYY-MM-DD" (or give its date)`
	}
	return err.Error()
}

// download writes the tree as GEDCOM 7.0 (?version=5.5.1 for 5.5.1). A
// reader who may not see living people gets the tree with living people
// reduced to "Living" and their events, notes and sources left out.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	version := r.URL.Query().Get("version")
	switch version {
	case "", "7", "7.0":
		version = "7.0"
	case "5.5.1":
	default:
		s.Error(w, r, invalidf("version must be 7.0 or 5.5.1"))
		return
	}
	t := s.tree()
	w.Header().Set("Content-Type", "text/vnd.familysearch.gedcom; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(t.Name())+`.ged"`)
	bw := bufio.NewWriterSize(w, 1<<16)
	if seesLiving(ctx) && s.Export != nil {
		if err := s.Export(ctx, t, version, bw); err != nil {
			s.Logger.Error("export", "err", err)
			return
		}
		bw.Flush()
		return
	}
	tree, err := t.Load(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !seesLiving(ctx) {
		redact(tree, s.now())
	}
	enc := gedcom.NewEncoder(bw)
	enc.Version = version
	if err := enc.EncodeDocument(gedcom.FromTree(tree, version)); err != nil {
		s.Logger.Error("export", "err", err)
		return
	}
	if err := enc.Flush(); err != nil {
		s.Logger.Error("export", "err", err)
		return
	}
	bw.Flush()
}

// redact replaces every living person of t by "Living" with nothing else
// kept, and drops the associations they are part of.
func redact(t *kin.Tree, now time.Time) {
	ix := kin.NewIndex(t)
	hidden := map[kin.ID]bool{}
	for _, p := range t.People {
		var rels []*kin.Person
		for _, f := range ix.ChildFamilies(p.ID) {
			for _, id := range f.Partners {
				rels = append(rels, ix.Person(id))
			}
		}
		for _, f := range ix.PartnerFamilies(p.ID) {
			rels = append(rels, ix.Person(f.OtherPartner(p.ID)))
			for _, c := range f.Children {
				rels = append(rels, ix.Person(c.Child))
			}
		}
		if isPrivate(p, rels, now) {
			hidden[p.ID] = true
		}
	}
	for i, p := range t.People {
		if hidden[p.ID] {
			lp := livingPerson(p.ID)
			lp.Xref = p.Xref
			t.People[i] = lp
		}
	}
	for _, f := range t.Families {
		for _, id := range f.Partners {
			if hidden[id] {
				f.Events, f.Citations = nil, nil
				f.SetNotes(nil)
				f.SetMedia(nil)
				break
			}
		}
		for i := range f.Children {
			if hidden[f.Children[i].Child] {
				f.Children[i].SetCitations(nil)
			}
		}
	}
	var assocs []*kin.Association
	for _, a := range t.Associations {
		if !hidden[a.Person] && !hidden[a.Other] {
			assocs = append(assocs, a)
		}
	}
	t.Associations = assocs
}
