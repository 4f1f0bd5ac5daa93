package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"kin"
)

// Review states of a queued fragment.
const (
	ReviewPending  = "pending"
	ReviewAccepted = "accepted"
	ReviewRejected = "rejected"
)

// Review is a tree fragment queued with AddPending and what became of it.
type Review struct {
	ID         int64      `json:"id"`
	Origin     string     `json:"origin"`
	Status     string     `json:"status"`
	RecordedAt time.Time  `json:"recorded_at"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	Tree       *kin.Tree  `json:"-"`
}

// Reviews lists the queued fragments with status (ReviewPending …; ""
// for all), oldest first.
func (t *Tree) Reviews(ctx context.Context, status string) ([]Review, error) {
	treeID, err := t.lookupID(ctx, t.s.DB)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return t.reviews(ctx, t.s.DB, treeID, `status = ? OR ? = ''`, status, status)
}

// Review returns the queued fragment with id.
func (t *Tree) Review(ctx context.Context, id int64) (*Review, error) {
	treeID, err := t.lookupID(ctx, t.s.DB)
	if err != nil {
		return nil, err
	}
	list, err := t.reviews(ctx, t.s.DB, treeID, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, kin.Errorf(kin.ENOTFOUND, "Nothing queued for review as #%d in tree %q.", id, t.name)
	}
	return &list[0], nil
}

func (t *Tree) reviews(ctx context.Context, q Querier, treeID int64, cond string, args ...any) ([]Review, error) {
	rows, err := q.QueryContext(ctx, t.s.q(`SELECT id, origin, status, data, recorded_at, decided_at FROM pending WHERE tree_id = ? AND (`+cond+`) ORDER BY id`), append([]any{treeID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("list reviews: %w", t.s.formatError(err))
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		var r Review
		var data string
		var rec int64
		var dec sql.NullInt64
		if err := rows.Scan(&r.ID, &r.Origin, &r.Status, &data, &rec, &dec); err != nil {
			return nil, fmt.Errorf("list reviews: %w", err)
		}
		r.RecordedAt = time.UnixMicro(rec).UTC()
		if dec.Valid {
			d := time.UnixMicro(dec.Int64).UTC()
			r.DecidedAt = &d
		}
		r.Tree = new(kin.Tree)
		if err := json.Unmarshal([]byte(data), r.Tree); err != nil {
			return nil, fmt.Errorf("review %d: %w", r.ID, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list reviews: %w", err)
	}
	return out, nil
}

// Accept merges the queued fragment id into the tree as Merge does and
// marks it accepted, in one transaction. A rejected fragment can still be
// accepted; an accepted one cannot be accepted again.
func (t *Tree) Accept(ctx context.Context, id int64, opts MergeOptions) (MergeStats, error) {
	var stats MergeStats
	err := t.s.write(ctx, func(tx *Tx) error {
		r, err := t.decide(ctx, tx, id, ReviewAccepted)
		if err != nil {
			return err
		}
		stats, err = t.merge(ctx, tx, r.Tree, opts)
		return err
	})
	return stats, err
}

// Reject marks the queued fragment id rejected. Nothing of it enters the
// tree, and the record of the decision stays.
func (t *Tree) Reject(ctx context.Context, id int64) error {
	return t.s.write(ctx, func(tx *Tx) error {
		_, err := t.decide(ctx, tx, id, ReviewRejected)
		return err
	})
}

// decide records the decision status on the queued fragment id.
func (t *Tree) decide(ctx context.Context, tx *Tx, id int64, status string) (*Review, error) {
	treeID, err := t.lookupID(ctx, tx)
	if err != nil {
		return nil, err
	}
	list, err := t.reviews(ctx, tx, treeID, `id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, kin.Errorf(kin.ENOTFOUND, "Nothing queued for review as #%d in tree %q.", id, t.name)
	}
	r := &list[0]
	if r.Status == status || r.Status == ReviewAccepted {
		return nil, kin.Errorf(kin.ECONFLICT, "#%d was %s already.", id, r.Status)
	}
	if _, err := tx.ExecContext(ctx, t.s.q(`UPDATE pending SET status = ?, decided_at = ? WHERE tree_id = ? AND id = ?`), status, t.s.now(), treeID, id); err != nil {
		return nil, fmt.Errorf("decide #%d: %w", id, t.s.formatError(err))
	}
	return r, nil
}

// Ingested says whether the tree has seen a source before.
type Ingested struct {
	// Source is the ID of the source in the tree, when it is there.
	Source kin.ID
	// Review is the latest queued fragment whose first source is the
	// same, when there is one.
	Review *Review
}

// FindIngested looks for src in the tree and in the review queue, by the
// SHA-256 of its text or by its URL.
func (t *Tree) FindIngested(ctx context.Context, src *kin.Source) (Ingested, error) {
	var out Ingested
	r, err := t.reader(ctx)
	if kin.ErrorCode(err) == kin.ENOTFOUND {
		return out, nil
	} else if err != nil {
		return out, err
	}
	rec, err := r.findSource(ctx, src)
	if err != nil {
		return out, err
	}
	if rec != nil {
		out.Source = rec.id
	}
	list, err := t.reviews(ctx, t.s.DB, r.treeID, `1 = 1`)
	if err != nil {
		return out, err
	}
	uid := textUID(src.Text)
	for i := len(list) - 1; i >= 0; i-- {
		if len(list[i].Tree.Sources) == 0 {
			continue
		}
		s := list[i].Tree.Sources[0]
		if (uid != "" && textUID(s.Text) == uid) || (src.URL != "" && s.URL == src.URL) {
			out.Review = &list[i]
			break
		}
	}
	return out, nil
}

// findSource returns the live source record with the text of src (by its
// SHA-256) or, failing that, with its URL; nil when there is none.
func (r *reader) findSource(ctx context.Context, src *kin.Source) (*record, error) {
	if uid := textUID(src.Text); uid != "" {
		row := r.q.QueryRowContext(ctx, r.s.q(`SELECT `+recordCols+` FROM records WHERE tree_id = ? AND uid = ? AND tag = 'SOUR' AND `+live("")+` LIMIT 1`), r.treeID, uid, r.at, r.at)
		rec, err := scanRecord(row)
		if err == nil {
			return rec, nil
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("find source %s: %w", src.ID, r.s.formatError(err))
		}
	}
	if src.URL == "" {
		return nil, nil
	}
	var found *record
	err := r.eachRecord(ctx, `tag = 'SOUR' AND data LIKE '%"URL"%'`, func(rec *record) error {
		if found != nil {
			return nil
		}
		s, err := rec.source()
		if err != nil {
			return err
		}
		if s.URL == src.URL {
			found = rec
		}
		return nil
	})
	return found, err
}
