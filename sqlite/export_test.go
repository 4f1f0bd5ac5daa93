package sqlite

import "kin/sqlstore"

// PrepareInsert and IsRawStmt let the tests reach the fast INSERT path.
var PrepareInsert = prepareInsert

func IsRawStmt(s sqlstore.Stmt) bool {
	_, ok := s.(*rawStmt)
	return ok
}

var FormatError = formatError

// LiveRawStmts is how many raw statements are prepared and not closed.
func LiveRawStmts() int64 { return liveStmts.Load() }
