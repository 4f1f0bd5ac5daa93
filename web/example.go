package web

import (
	"net/http"

	"kin"
)

// loadExample loads the example tree and article written for kin (in
// example/) into an empty tree, so a newcomer sees a real tree at once.
func (s *Server) loadExample(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if trees, err := s.Store.Trees(ctx); err == nil {
		for _, t := range trees {
			if t.Name == s.tree().Name() && t.People > 0 {
				s.Error(w, r, kin.Errorf(kin.ECONFLICT, "The tree already has people; the example loads only into an empty tree."))
				return
			}
		}
	}
	ged, err := exampleFS.Open("example/example.ged")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer ged.Close()
	if _, err := s.store(ctx, "gedcom", "example.ged", ged, ""); err != nil {
		s.Error(w, r, err)
		return
	}
	art, err := exampleFS.Open("example/article.txt")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer art.Close()
	if _, err := s.store(ctx, "article", "example-article.txt", art, ""); err != nil {
		s.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	b, err := staticFS.ReadFile("static/openapi.json")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
