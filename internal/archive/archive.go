// Package archive says what of each publication is kept under OUT/archive/
// and for how long, and declares the tables the next build reads back from
// it (docs/publishing.md, docs/outputs.md). It reads and writes nothing:
// package publish carries the archive forward, package build reads it.
package archive

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Dir is the folder of the published site that holds the kept audits,
// one folder per as-of date: archive/2026-11-27/.
const Dir = "archive"

// Kept reports whether a published file (a slash path relative to the site
// root) is kept with its audit: the board pack, run.json and data/.
func Kept(p string) bool {
	return p == "board-pack.xlsx" || p == "run.json" || strings.HasPrefix(p, "data/")
}

// Path is where file p of the audit as of asOf is kept.
func Path(asOf, p string) string { return path.Join(Dir, asOf, p) }

// IsDate reports whether name is an archive folder's name (YYYY-MM-DD).
func IsDate(name string) bool {
	t, err := time.Parse("2006-01-02", name)
	return err == nil && len(name) == 10 && t.Format("2006-01-02") == name
}

// Retain returns the as-of dates kept when asOf joins dates: the newest
// keep, newest first. asOf itself may fall out (an --allow-older build of
// an old date when keep newer audits are already kept).
func Retain(dates []string, asOf string, keep int) []string {
	seen := map[string]bool{asOf: true}
	all := []string{asOf}
	for _, d := range dates {
		if !seen[d] && IsDate(d) {
			seen[d] = true
			all = append(all, d)
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(all)))
	if keep < len(all) {
		all = all[:keep]
	}
	return all
}

// List returns the as-of dates archived in the published site at site,
// oldest first; none when nothing is published.
func List(site string) []string {
	entries, err := os.ReadDir(filepath.Join(site, Dir))
	if err != nil {
		return nil
	}
	var ds []string
	for _, e := range entries {
		if e.IsDir() && IsDate(e.Name()) {
			ds = append(ds, e.Name())
		}
	}
	sort.Strings(ds)
	return ds
}

// Table is a table the rules read from the archive, built from one data
// CSV of each kept audit (All) or of the previous audit only.
type Table struct {
	Name    string
	File    string // the data file, relative to an audit's folder
	All     bool   // every kept audit before this one (with its as_of), not only the previous
	Columns []Column
}

// Column is a column of an archive table and its SQL type.
type Column struct{ Name, Type string }

// Tables are the archive tables, documented in docs/outputs.md.
var Tables = []Table{
	{Name: "archive_audits", File: "data/headline.csv", All: true, Columns: []Column{
		{"as_of", "DATE"}, {"spend_to_date", "DECIMAL(38,2)"}, {"mapped_share_of_spend", "DOUBLE"},
		{"flagged", "INTEGER"}, {"escalated_executive", "INTEGER"}, {"escalated_cio", "INTEGER"}, {"funding_holds", "INTEGER"},
	}},
	{Name: "archive_links", File: "data/link_status.csv", Columns: []Column{
		{"initiative_id", "VARCHAR"}, {"kpi_id", "VARCHAR"}, {"baseline", "DOUBLE"}, {"target", "DOUBLE"}, {"due_date", "DATE"},
	}},
	{Name: "archive_budgets", File: "data/initiative_status.csv", Columns: []Column{
		{"initiative_id", "VARCHAR"}, {"approved_budget", "DECIMAL(18,2)"},
	}},
	{Name: "archive_milestones", File: "data/milestone_variance.csv", Columns: []Column{
		{"initiative_id", "VARCHAR"}, {"milestone", "VARCHAR"}, {"planned_end_date", "DATE"}, {"planned_cost", "DECIMAL(18,2)"},
	}},
}

// Names lists the archive tables' names, for the query catalog.
func Names() []string {
	var ns []string
	for _, t := range Tables {
		ns = append(ns, t.Name)
	}
	return ns
}

// Empty is the SQL that creates t with no rows.
func (t Table) Empty() string {
	var cols []string
	for _, c := range t.Columns {
		cols = append(cols, c.Name+" "+c.Type)
	}
	return "CREATE OR REPLACE TABLE " + t.Name + " (" + strings.Join(cols, ", ") + ")"
}
