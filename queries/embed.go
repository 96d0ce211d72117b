// Package queries embeds the default query catalog: the governance rules as
// analyst-readable SQL. A project folder passed with --queries adds views or
// replaces these by name.
package queries

import "embed"

// FS holds the default queries, NNN_name.sql.
//
//go:embed *.sql
var FS embed.FS
