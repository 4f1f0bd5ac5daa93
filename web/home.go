package web

import (
	"context"
	"net/http"
	"strconv"

	"kin"
	"kin/sqlstore"
)

func (s *Server) showHomePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	trees, err := s.Store.Trees(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var current *sqlstore.TreeInfo
	for i := range trees {
		if trees[i].Name == s.tree().Name() {
			current = &trees[i]
		}
	}
	data := map[string]any{"Trees": trees, "Current": current, "Empty": current == nil || current.People == 0}
	if seesLiving(ctx) {
		if revs, err := s.tree().Reviews(ctx, sqlstore.ReviewPending); err == nil {
			data["Pending"] = len(revs)
		}
	}
	if srcs, err := s.tree().Sources(ctx); err == nil {
		n := len(srcs)
		if n > 10 {
			srcs = srcs[n-10:]
		}
		data["Recent"] = srcs
	}
	s.render(w, r, "home", http.StatusOK, data)
}

// searchResults finds people whose names match q (substring, Soundex and
// Daitch–Mokotoff as the store offers), hiding living people from
// viewers: they are left out of results altogether, since a list of
// "Living" matches would still say that someone of that name lives.
func (s *Server) searchResults(ctx context.Context, q string, limit, offset int) ([]personLink, bool, error) {
	if q == "" {
		return nil, false, nil
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if offset < 0 || offset > 10000 {
		return nil, false, invalidf("offset must be between 0 and 10000")
	}
	matches, err := s.findNames(ctx, q, offset+limit+1)
	if err != nil {
		return nil, false, err
	}
	sv, err := s.view(ctx)
	if err != nil {
		return nil, false, err
	}
	priv := s.privacy(ctx, s.graph(sv))
	var out []personLink
	for i, m := range matches {
		if i < offset {
			continue
		}
		h, err := priv.hidden(ctx, m.Person, nil)
		if err != nil {
			return nil, false, err
		}
		if h {
			continue
		}
		l := link(m.Person, false)
		if !m.Exact {
			l.Detail = "sounds like"
		}
		out = append(out, l)
	}
	more := len(matches) > offset+limit
	if len(out) > limit {
		out = out[:limit]
	}
	return out, more, nil
}

// findNames returns up to n people matching q: by spelling or Soundex
// (sqlstore.Tree.Find), then, when those are fewer than n, by
// Daitch–Mokotoff (sqlstore.Tree.FindSounds), each person once.
func (s *Server) findNames(ctx context.Context, q string, n int) ([]sqlstore.Match, error) {
	t := s.tree()
	matches, err := t.Find(ctx, q, n)
	if code := kin.ErrorCode(err); code == kin.ENOTFOUND {
		matches = nil
	} else if err != nil {
		return nil, err
	}
	if len(matches) >= n {
		return matches, nil
	}
	more, err := t.FindSounds(ctx, q, n)
	if code := kin.ErrorCode(err); code == kin.ENOTFOUND {
		return matches, nil
	} else if err != nil {
		return nil, err
	}
	seen := make(map[kin.ID]bool, len(matches))
	for _, m := range matches {
		seen[m.Person.ID] = true
	}
	for _, m := range more {
		if len(matches) == n {
			break
		}
		if !seen[m.Person.ID] {
			m.Exact = false // Find has listed everyone spelled that way
			matches = append(matches, m)
		}
	}
	return matches, nil
}

func (s *Server) showSearchPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	res, more, err := s.searchResults(r.Context(), q, 50, 0)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.render(w, r, "search", http.StatusOK, map[string]any{"Q": q, "Results": res, "More": more, "Title": "Search"})
}

// page reads limit and offset query parameters.
func pageParams(r *http.Request, def int) (limit, offset int, err error) {
	limit, offset = def, 0
	if v := r.URL.Query().Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 500 {
			return 0, 0, invalidf("limit must be a number from 1 to 500")
		}
	}
	if v := r.URL.Query().Get("offset"); v != "" {
		if offset, err = strconv.Atoi(v); err != nil || offset < 0 {
			return 0, 0, invalidf("offset must be a number from 0")
		}
	}
	return limit, offset, nil
}

// list is a page of an API collection.
type list struct {
	Items      any  `json:"items"`
	Offset     int  `json:"offset"`
	Limit      int  `json:"limit"`
	NextOffset *int `json:"next_offset,omitempty"`
}

func newList[T any](items []T, limit, offset int, more bool) list {
	if items == nil {
		items = []T{}
	}
	l := list{Items: items, Offset: offset, Limit: limit}
	if more {
		n := offset + limit
		l.NextOffset = &n
	}
	return l
}

func paginate[T any](all []T, limit, offset int) ([]T, bool) {
	if offset >= len(all) {
		return nil, false
	}
	end := min(len(all), offset+limit)
	return all[offset:end], end < len(all)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) {
	limit, offset, err := pageParams(r, 20)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res, more, err := s.searchResults(r.Context(), r.URL.Query().Get("q"), limit, offset)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(res, limit, offset, more))
}

func (s *Server) apiTrees(w http.ResponseWriter, r *http.Request) {
	trees, err := s.Store.Trees(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(trees, len(trees), 0, false))
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) {
	sess := sessionOf(r.Context())
	out := map[string]any{"role": sess.role.String(), "csrf_token": sess.csrf}
	if sess.user != nil {
		out["user"] = sess.user.Name
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) {
	var in struct{ Name, Password string }
	if err := decodeJSON(r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	u, err := s.startSession(w, r, in.Name, in.Password)
	if err != nil {
		if kin.ErrorCode(err) == kin.EINVALID {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]string{"code": "unauthenticated", "message": kin.ErrorMessage(err)}})
			return
		}
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"user": u.Name, "role": u.Role})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) {
	if err := s.endSession(w, r); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
