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
// and again whenever the database's write version has moved (a change
// made through this server, or by another program on the same database);
// an index is used only at the write version it was built at, so until
// the rebuild is done relate searches the store directly.
type relIndex struct {
	mu      sync.Mutex
	ix      *relate.Index
	snap    *snapshot     // with Server.KeepTree: the tree ix was built from
	version int64         // the write version ix (and snap) were built at
	kick    chan struct{} // a change may have happened
	ready   chan struct{} // closed after the first build, however it ended
	stop    context.CancelFunc
	done    chan struct{}
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
	built := int64(-1)
	for {
		// The version is read before the links, so an index never
		// stands for a newer version than it has seen.
		v, err := s.Store.WriteVersion(ctx)
		if err == nil && v != built {
			start := time.Now()
			var ix *relate.Index
			var sn *snapshot
			var n int
			ix, n, err = buildIndex(ctx, s.Store.Tree(s.TreeName))
			if err == nil && s.KeepTree {
				// The index alone comes first (seconds, against minutes
				// for the snapshot of a large tree), so the finder
				// searches an index while the snapshot loads. The old
				// snapshot is dropped: two would not fit.
				ri.mu.Lock()
				ri.ix, ri.snap, ri.version = ix, nil, v
				ri.mu.Unlock()
				s.Logger.Info("relationship index built", "people", n, "version", v, "duration", time.Since(start).Round(time.Millisecond))
				start = time.Now()
				sn, n, err = buildSnapshot(ctx, s.Store.Tree(s.TreeName))
				if err == nil {
					ix = sn.index()
				}
			}
			if err == nil {
				ri.mu.Lock()
				ri.ix, ri.snap, ri.version = ix, sn, v
				ri.mu.Unlock()
				built = v
				what := "relationship index built"
				if sn != nil {
					what = "served tree loaded"
				}
				s.Logger.Info(what, "people", n, "version", v, "duration", time.Since(start).Round(time.Millisecond))
			}
		}
		if err != nil && ctx.Err() == nil {
			s.Logger.Error("relationship index", "err", err)
		}
		if first {
			close(ri.ready)
			first = false
		}
		select {
		case <-ri.kick:
		case <-ctx.Done():
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

// changed tells the builder that the tree may have changed: it reads the
// write version again and rebuilds the index if it has moved.
func (ri *relIndex) changed() {
	if ri == nil {
		return
	}
	select {
	case ri.kick <- struct{}{}:
	default:
	}
}

// at returns the index and the snapshot (nil without Server.KeepTree, or
// while it loads) when they were built at write version v, or nils. With
// a snapshot, the index is its index.
func (ri *relIndex) at(v int64) (*relate.Index, *snapshot) {
	if ri == nil {
		return nil, nil
	}
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if ri.version != v {
		return nil, nil
	}
	return ri.ix, ri.snap
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
