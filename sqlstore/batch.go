package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// batch inserts rows into one table many at a time, with one prepared
// multi-row INSERT, which is several times faster than a statement per row
// on both engines.
type batch struct {
	s     *Store
	q     Querier
	table string
	cols  []string
	per   int // rows per full statement
	buf   []any
	full  Stmt
	rows  int
	// follower holds rows that reference this batch's rows (citations of
	// facts): it never writes on its own when full, but after this batch
	// wrote, so that every row it writes finds the row it references and
	// this batch never has to write a part-full statement for it.
	follower *batch
	// leader is set on a follower: the batch its rows reference.
	leader *batch
	// fixed are columns with one value in every row (see fix); on
	// SQLite b.buf starts with their values, bound once a statement.
	fixed     []string
	fixedVals []any
}

func (s *Store) newBatch(q Querier, table string, cols ...string) *batch {
	// Larger statements spread the cost of a statement (database/sql's
	// locking, the driver's reset) over more rows; past a few hundred rows
	// the gain is gone.
	per := 500
	if s.Dialect.MaxParams > 0 && per*len(cols) > s.Dialect.MaxParams {
		per = s.Dialect.MaxParams / len(cols)
	}
	return &batch{s: s, q: q, table: table, cols: cols, per: per}
}

// fix makes the columns cols hold vals in every row the batch writes; add
// then takes only the other columns' values. On SQLite a statement binds
// them once (as ?1, ?2 … in every row) instead of once a row: binding is a
// good part of the cost of a row. It is called before any row is added.
func (b *batch) fix(cols []string, vals ...any) *batch {
	b.fixed, b.fixedVals = cols, vals
	if b.s.Dialect.CopyFrom == nil {
		b.buf = append(b.buf[:0], vals...)
		if b.s.Dialect.MaxParams > 0 && len(vals)+b.per*len(b.cols) > b.s.Dialect.MaxParams {
			b.per = (b.s.Dialect.MaxParams - len(vals)) / len(b.cols)
		}
	}
	return b
}

// setFixed makes the fixed column i hold v in the rows added from now on,
// writing the rows queued with the value before, if it differs. v is a
// comparable value (a string, an integer, nil).
func (b *batch) setFixed(ctx context.Context, i int, v any) error {
	if b.fixedVals[i] == v {
		return nil
	}
	if err := b.flush(ctx); err != nil {
		return err
	}
	b.fixedVals[i] = v
	if b.s.Dialect.CopyFrom == nil {
		b.buf[i] = v
	}
	return nil
}

func (b *batch) insertSQL(n int) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "INSERT INTO %s (%s) VALUES ", b.table, strings.Join(append(append([]string(nil), b.fixed...), b.cols...), ", "))
	var fixed strings.Builder
	for i := range b.fixed {
		fmt.Fprintf(&fixed, "?%d, ", i+1)
	}
	// A bare ? after ?N is numbered N+1, then on from the largest
	// number so far: the rows' own values follow the fixed ones.
	row := "(" + fixed.String() + strings.TrimSuffix(strings.Repeat("?, ", len(b.cols)), ", ") + ")"
	for i := range n {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(row)
	}
	return b.s.q(sb.String())
}

// copyRows is how many rows a COPY batch holds.
const copyRows = 20000

// add queues one row; its values are in the order of the batch's columns.
func (b *batch) add(ctx context.Context, vals ...any) error {
	if len(vals) != len(b.cols) {
		return fmt.Errorf("insert into %s: %d values for %d columns", b.table, len(vals), len(b.cols))
	}
	if b.s.Dialect.CopyFrom != nil {
		b.buf = append(append(b.buf, b.fixedVals...), vals...)
		b.rows++
		if b.rows >= copyRows {
			return b.flush(ctx)
		}
		return nil
	}
	b.buf = append(b.buf, vals...)
	b.rows++
	if b.rows < b.per || b.leader != nil {
		return nil
	}
	if err := b.writeFull(ctx); err != nil {
		return err
	}
	if b.follower != nil {
		return b.follower.drain(ctx)
	}
	return nil
}

// drain writes the queued rows in full statements, keeping the rest.
func (b *batch) drain(ctx context.Context) error {
	for b.rows >= b.per {
		if err := b.writeFull(ctx); err != nil {
			return err
		}
	}
	return nil
}

// writeFull writes the first b.per queued rows with the prepared statement.
func (b *batch) writeFull(ctx context.Context) error {
	if b.full == nil {
		var st Stmt
		var err error
		if b.s.Dialect.PrepareInsert != nil {
			st, err = b.s.Dialect.PrepareInsert(ctx, b.q, b.insertSQL(b.per))
		} else {
			st, err = b.q.PrepareContext(ctx, b.insertSQL(b.per))
		}
		if err != nil {
			return fmt.Errorf("prepare insert into %s: %w", b.table, b.s.formatError(err))
		}
		b.full = st
	}
	nf := len(b.fixedVals)
	n := nf + b.per*len(b.cols)
	if _, err := b.full.ExecContext(ctx, b.buf[:n]...); err != nil {
		return fmt.Errorf("insert into %s: %w", b.table, b.s.formatError(err))
	}
	rest := nf + copy(b.buf[nf:], b.buf[n:])
	clear(b.buf[rest:])
	b.buf, b.rows = b.buf[:rest], b.rows-b.per
	return nil
}

// flush inserts the queued rows.
func (b *batch) flush(ctx context.Context) error {
	if b.rows == 0 {
		if b.follower != nil {
			return b.follower.flush(ctx)
		}
		return nil
	}
	if b.leader != nil && b.leader.rows > 0 {
		// The leader's rows go first, so that these find theirs; it
		// flushes this batch after them.
		return b.leader.flush(ctx)
	}
	if b.s.Dialect.CopyFrom != nil {
		width := len(b.fixed) + len(b.cols)
		rows := make([][]any, b.rows)
		for i := range rows {
			rows[i] = b.buf[i*width : (i+1)*width]
		}
		cols := append(append([]string(nil), b.fixed...), b.cols...)
		if err := b.s.Dialect.CopyFrom(ctx, b.q, b.table, cols, rows); err != nil {
			return fmt.Errorf("copy into %s: %w", b.table, b.s.formatError(err))
		}
		b.buf, b.rows = b.buf[:0], 0
	} else {
		if err := b.drain(ctx); err != nil {
			return err
		}
		if b.rows > 0 {
			if _, err := b.q.ExecContext(ctx, b.insertSQL(b.rows), b.buf...); err != nil {
				return fmt.Errorf("insert into %s: %w", b.table, b.s.formatError(err))
			}
		}
		nf := len(b.fixedVals)
		clear(b.buf[nf:])
		b.buf, b.rows = b.buf[:nf], 0
	}
	if b.follower != nil {
		return b.follower.flush(ctx)
	}
	return nil
}

// follow makes b write its rows only after those of leader, whose rows
// they reference.
func (b *batch) follow(leader *batch) {
	b.leader, leader.follower = leader, b
}

// close flushes the batch and releases its statement.
func (b *batch) close(ctx context.Context) error {
	err := b.flush(ctx)
	if b.full != nil {
		if cerr := b.full.Close(); err == nil && cerr != nil {
			err = cerr
		}
		b.full = nil
	}
	return err
}

// release closes the batch's statement without writing what is queued: a
// write that failed must not leave a prepared statement on the
// connection. After close it does nothing.
func (b *batch) release() {
	if b.full != nil {
		b.full.Close()
		b.full = nil
	}
}
