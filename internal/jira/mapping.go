// Package jira turns a Jira issue export (CSV, Data Center or Cloud) into the
// input contract's issues.csv. It reads nothing but the export it is given
// and writes nothing but the CSV it is asked for; the CLI decides where.
package jira

import (
	"fmt"
	"strings"
)

// A Field is one thing read from an export, with the header names that may
// hold it in order of preference.
type Field struct {
	Name     string   // what it feeds, for messages
	Columns  []string // header names, most preferred first
	Required bool     // a header without any of Columns is not a Jira export
}

// Fields lists everything Read looks for. Header names are matched without
// regard to case or surrounding spaces.
var Fields = []Field{
	{Name: "issue_key", Columns: []string{"Issue key"}, Required: true},
	{Name: "issue type", Columns: []string{"Issue Type"}, Required: true},
	{Name: "status", Columns: []string{"Status"}, Required: true},
	{Name: "created", Columns: []string{"Created"}, Required: true},
	{Name: "resolved", Columns: []string{"Resolved"}, Required: true},
	// Company-managed projects and Data Center use "Story Points";
	// team-managed Cloud projects use "Story point estimate". A Cloud export
	// spanning both kinds of project has both columns.
	{Name: "story_points", Columns: []string{"Custom field (Story Points)", "Custom field (Story point estimate)"}},
	{Name: "epic link", Columns: []string{"Custom field (Epic Link)"}},
	// Cloud: "Parent" holds the parent's numeric id, "Parent key" its key
	// (some exports put the key in "Parent"). Data Center: "Parent id" holds
	// a sub-task's parent id.
	{Name: "parent", Columns: []string{"Parent key", "Parent", "Parent id"}},
	{Name: "issue id", Columns: []string{"Issue id"}},
}

// Indexes into Fields and Mapping.Cols.
const (
	fKey = iota
	fType
	fStatus
	fCreated
	fResolved
	fPoints
	fEpicLink
	fParent
	fIssueID
)

// A Col is one header column chosen for a field.
type Col struct {
	Name  string // as written in the header
	Index int    // 0-based position in the row
}

// Mapping says which columns of an export feed each of Fields: Cols[i] holds
// the columns for Fields[i], most preferred first, repeats of a name
// included (a row's value is the first non-empty one). A field without
// columns is absent from the export.
type Mapping struct {
	Cols [][]Col
}

// Found reports whether the export has a column for Fields[i].
func (m Mapping) Found(i int) bool { return len(m.Cols[i]) > 0 }

// value returns a row's value for Fields[i], trimmed, and the 0-based index
// of the column it came from (-1 when the field is absent or empty).
func (m Mapping) value(i int, row []string) (string, int) {
	for _, c := range m.Cols[i] {
		if c.Index < len(row) {
			if v := strings.TrimSpace(row[c.Index]); v != "" {
				return v, c.Index
			}
		}
	}
	return "", -1
}

// MapHeader chooses the columns of a Jira export's header. It fails when a
// required field has no column, with a message naming every column looked
// for and the ones the header has. Warnings are for a missing optional
// field or a repeated column that is read.
func MapHeader(header []string) (m Mapping, warnings []string, err error) {
	pos := map[string][]int{}
	for i, h := range header {
		k := normalise(h)
		pos[k] = append(pos[k], i)
	}
	m = Mapping{Cols: make([][]Col, len(Fields))}
	var missing []string
	for i, f := range Fields {
		for _, name := range f.Columns {
			idx := pos[normalise(name)]
			for _, j := range idx {
				m.Cols[i] = append(m.Cols[i], Col{Name: strings.TrimSpace(header[j]), Index: j})
			}
			if len(idx) > 1 {
				warnings = append(warnings, fmt.Sprintf("column %q appears %d times; the first non-empty value of a row is used", name, len(idx)))
			}
		}
		if !m.Found(i) && f.Required {
			missing = append(missing, fmt.Sprintf("%q", f.Columns[0]))
		}
	}
	if len(missing) > 0 {
		what := "column"
		if len(missing) > 1 {
			what = "columns"
		}
		return m, nil, fmt.Errorf("not a Jira issue export: no %s %s (looked for %s; the header has: %s)",
			what, strings.Join(missing, ", "), lookedFor(), shortList(header, 20))
	}
	if !m.Found(fPoints) {
		warnings = append(warnings, fmt.Sprintf("no story points column (looked for %s); story_points is left empty", orList(Fields[fPoints].Columns)))
	}
	if !m.Found(fEpicLink) && !m.Found(fParent) {
		warnings = append(warnings, fmt.Sprintf("no epic column (looked for %s, %s); only epics get an epic_key (their own)",
			orList(Fields[fEpicLink].Columns), orList(Fields[fParent].Columns)))
	}
	return m, warnings, nil
}

// lookedFor names every column MapHeader looks for, in Fields order.
func lookedFor() string {
	var names []string
	for _, f := range Fields {
		for _, c := range f.Columns {
			names = append(names, c)
		}
	}
	return strings.Join(names, ", ")
}

func orList(names []string) string {
	if len(names) == 1 {
		return fmt.Sprintf("%q", names[0])
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// shortList joins at most max names; a Jira export has hundreds of columns.
func shortList(names []string, max int) string {
	if len(names) <= max {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s, ... (%d more)", strings.Join(names[:max], ", "), len(names)-max)
}

func normalise(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
