// Package report holds the model that renderers (site, xlsx) consume: query
// results as plain Go values, the catalog's annotations and the facts of the
// run. Renderers never touch DuckDB; everything they show is in a Model.
package report

import (
	"time"
)

// Type is the kind of a column's values.
type Type string

// Column types. Values in a Table row are nil or, by type:
// Text string, Int int64, Decimal Dec (exact), Float float64, Date time.Time
// (UTC midnight), Bool bool.
const (
	Text    Type = "text"
	Int     Type = "int"
	Decimal Type = "decimal"
	Float   Type = "float"
	Date    Type = "date"
	Bool    Type = "bool"
)

// Column describes one result column.
type Column struct {
	Name   string
	Type   Type
	Format Format
}

// Table is a query result. Rows are in the stable order the query defines.
type Table struct {
	Name    string
	Columns []Column
	Rows    [][]any
}

// Col returns the index of the named column, or -1.
func (t *Table) Col(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Chart is a query's declared chart: `-- chart: bar x=portfolio y=spend series=outcome`.
type Chart struct {
	Type   string // bar, line, area, scatter, pie
	X      string
	Y      []string
	Series string
	Size   string
}

// Query is one catalog entry with its result.
type Query struct {
	Name        string
	File        string // as shown to users, e.g. "queries/040_initiative_status.sql"
	Title       string
	Description string
	Kind        string // "view" or "check"
	Severity    string // checks only: "warning" or "error"
	Chart       *Chart
	Sheet       string // board pack sheet name requested by `-- sheet:`, "" if none
	Hidden      bool   // `-- hidden: true`: no page of its own
	Result      *Table
}

// Input is one input file as loaded. A raw file that source adapters read
// names them in ReadBy, and has no row count (Rows is 0): an adapter's
// result rows need not be the file's records.
type Input struct {
	File   string
	Rows   int64
	SHA256 string
	ReadBy []string
}

// Finding is one row returned by a check query, in words.
type Finding struct {
	Check    string
	Severity string
	Text     string
}

// Model is everything a renderer needs.
type Model struct {
	AsOf        time.Time
	PeriodStart time.Time // the audit period holding AsOf: [PeriodStart, PeriodEnd)
	PeriodEnd   time.Time
	Version     string
	SiteURL     string            // intranet URL of the published site, "" if not configured
	Params      map[string]string // governance parameters, as set
	Queries     []*Query          // catalog order
	Inputs      []Input
	Missing     []string // optional input files not supplied, e.g. "spend.csv"
	Warnings    []string
	Findings    []Finding
	Pages       []Page        // reports/*.md, in navigation order
	Replaced    []Replacement // default views an analyst's file replaced, by view name
}

// Replacement is a default view replaced by an analyst's query file. Every
// renderer lists them, so a pack built on modified rules says so.
type Replacement struct {
	View     string
	File     string // the analyst's file, e.g. "mine/900_link_status.sql"
	Replaces string // the default it replaced, e.g. "queries/030_link_status.sql"
	SHA256   string // of the analyst's file
}

// Page is a markdown report page before rendering.
type Page struct {
	Name   string // file name without .md
	File   string // as shown to users, e.g. "reports/index.md"
	Source []byte
}

// Supplied reports whether the named input file (e.g. "spend.csv") was given.
func (m *Model) Supplied(file string) bool {
	for _, f := range m.Missing {
		if f == file {
			return false
		}
	}
	return true
}

// Query returns the named query, or nil.
func (m *Model) Query(name string) *Query {
	for _, q := range m.Queries {
		if q.Name == name {
			return q
		}
	}
	return nil
}

// Table returns the named query's result, or nil.
func (m *Model) Table(name string) *Table {
	if q := m.Query(name); q != nil {
		return q.Result
	}
	return nil
}
