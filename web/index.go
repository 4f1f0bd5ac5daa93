package web

import (
	"context"
	"sync"
	"time"

	"kin"
	"kin/relate"
	"kin/sqlstore"
)

// relIndex is the relationship index of the served tree (relate.Index):
// every person and the links of every family, held in memory so that the
// relationship finder searches it instead of asking the database about
// each ancestor. It is built in the background when the server starts,
// and again after every change made through the server; until a build
// that saw the latest change is done, relate searches the store directly.
// Changes made by other programs (kin import into the served database)
// are seen when the server restarts.
type relIndex struct {
	mu    sync.Mutex
	ix    *relate.Index
	gen   uint64 // bumped by every change
	kick  chan struct{}
	ready chan struct{} // closed after the first build, however it ended
	stop  context.CancelFunc
	done  chan struct{}
}

// startIndex starts the background builder.
func (s *Server) startIndex() {
	ctx, cancel := context.WithCancel(context.Background())
	ri := &relIndex{kick: make(chan struct{}, 1), ready: make(chan struct{}), stop: cancel, done: make(chan struct{})}
	s.index = ri
	go s.buildIndexes(ctx, ri)
}

func (s *Server) buildIndexes(ctx context.Context, ri *relIndex) {
	defer close(ri.done)
	first := true
	for {
		ri.mu.Lock()
		gen := ri.gen
		ri.mu.Unlock()
		start := time.Now()
		ix, n, err := buildIndex(ctx, s.tree())
		ri.mu.Lock()
		current := gen == ri.gen
		if err == nil && current {
			ri.ix = ix
		}
		ri.mu.Unlock()
		switch {
		case ctx.Err() != nil:
		case err != nil:
			s.Logger.Error("relationship index", "err", err)
		default:
			s.Logger.Info("relationship index built", "people", n, "duration", time.Since(start).Round(time.Millisecond), "current", current)
		}
		if first {
			close(ri.ready)
			first = false
		}
		if current || err != nil {
			select {
			case <-ri.kick:
			case <-ctx.Done():
				return
			}
		}
		if ctx.Err() != nil {
			return
		}
	}
}

func buildIndex(ctx context.Context, t *sqlstore.Tree) (*relate.Index, int, error) {
	ids, fams, err := t.AllLinks(ctx)
	if err != nil {
		return nil, 0, err
	}
	people := make([]kin.Person, len(ids))
	tree := &kin.Tree{People: make([]*kin.Person, len(ids)), Families: fams}
	for i, id := range ids {
		people[i].ID = id
		tree.People[i] = &people[i]
	}
	return relate.NewIndex(tree), len(ids), nil
}

// changed tells the index that the tree has changed: it is dropped and
// rebuilt in the background.
func (ri *relIndex) changed() {
	if ri == nil {
		return
	}
	ri.mu.Lock()
	ri.gen++
	ri.ix = nil
	ri.mu.Unlock()
	select {
	case ri.kick <- struct{}{}:
	default:
	}
}

// current returns the index when it is up to date, or nil.
func (ri *relIndex) current() *relate.Index {
	if ri == nil {
		return nil
	}
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.ix
}

// indexedTree is the served tree with its relationship index.
type indexedTree struct {
	*sqlstore.Tree
	ix *relate.Index
}

func (g indexedTree) Index() *relate.Index { return g.ix }

// relateGraph returns the graph relate searches: the tree, with the
// relationship index when one is up to date.
func (s *Server) relateGraph() relate.Graph {
	if ix := s.index.current(); ix != nil {
		return indexedTree{Tree: s.tree(), ix: ix}
	}
	return s.tree()
}

// WaitReady waits until the first build of the relationship index has
// ended (at once when IndexRelationships is off), or ctx is done.
func (s *Server) WaitReady(ctx context.Context) error {
	if s.index == nil {
		return nil
	}
	select {
	case <-s.index.ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the background work of the server (the index builder). The
// handler keeps working, searching the store directly.
func (s *Server) Close() error {
	if s.index == nil {
		return nil
	}
	s.index.stop()
	<-s.index.done
	return nil
}
