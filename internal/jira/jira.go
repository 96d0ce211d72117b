package jira

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/diag"
)

// DefaultLayout is the Go time layout of Created and Resolved in an
// English-locale Jira export (Jira's "dd/MMM/yy h:mm a"): 12/Mar/24 9:41 AM.
// Day and hour may have one or two digits.
const DefaultLayout = "2/Jan/06 3:04 PM"

// OutputLayout is how issues.csv writes created and resolved.
const OutputLayout = "2006-01-02 15:04:05"

// Header is the header row of issues.csv (docs/contract.md).
var Header = []string{"issue_key", "epic_key", "story_points", "status", "created", "resolved"}

// Options tune Read.
type Options struct {
	File       string // the export's name in messages, e.g. "export.csv"
	DateLayout string // Go time layout of Created and Resolved; empty means DefaultLayout
}

// Issue is one row of issues.csv, its values as written.
type Issue struct {
	Key, Epic, Points, Status, Created, Resolved string
	Line                                         int // the export line the issue starts on
}

// Result is what Read found: the columns it chose, the issues in file order
// and every problem with its position. Issues is meaningful only when
// Diags has no errors.
type Result struct {
	Mapping Mapping
	Issues  []Issue
	Diags   diag.List
}

// row is an issue with what epic resolution needs.
type row struct {
	typ         string
	epicLink    string
	parent      string // key or numeric id, as exported
	parentCol   Col
	parentLine  int
	id          string
	epicDone    bool
	epicVisited bool
}

// CheckLayout reports whether layout is a usable Go time layout for dates:
// it must carry a year, month and day, and a 12-hour clock must carry AM/PM.
func CheckLayout(layout string) error {
	ref := time.Date(2024, time.March, 12, 21, 41, 7, 0, time.UTC)
	p, err := time.Parse(layout, ref.Format(layout))
	if err != nil || p.Year() != ref.Year() || p.Month() != ref.Month() || p.Day() != ref.Day() {
		return fmt.Errorf("%q is not a Go time layout with a year, month and day (Jira's default is %q)", layout, DefaultLayout)
	}
	if (p.Hour() != 0 || p.Minute() != 0) && (p.Hour() != ref.Hour() || p.Minute() != ref.Minute()) {
		return fmt.Errorf("%q has a 12-hour clock without PM", layout)
	}
	return nil
}

// Read parses a Jira CSV export: a UTF-8 byte order mark, CRLF line ends
// and quoted fields spanning lines are accepted. Every problem is collected
// in Result.Diags with its line and field number; the error is for reading
// r (or an unusable layout) only.
func Read(r io.Reader, opt Options) (*Result, error) {
	layout := opt.DateLayout
	if layout == "" {
		layout = DefaultLayout
	}
	if err := CheckLayout(layout); err != nil {
		return nil, err
	}
	res := &Result{}
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err == io.EOF {
		res.Diags.Errorf(opt.File, 0, 0, "the file is empty; expected a Jira issue export with a header row")
		return res, nil
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		res.Diags.Errorf(opt.File, pe.Line, 0, "cannot read the header row: %v", pe.Err)
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", opt.File, err)
	}
	m, warns, err := MapHeader(header)
	res.Mapping = m
	for _, w := range warns {
		res.Diags.Warnf(opt.File, 1, 0, "%s", w)
	}
	if err != nil {
		res.Diags.Errorf(opt.File, 1, 0, "%v", err)
		return res, nil
	}

	var rows []row
	byKey := map[string]int{}
	byID := map[string]int{}
	errf := func(line int, c int, format string, args ...any) {
		res.Diags.Errorf(opt.File, line, c+1, format, args...)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if errors.As(err, &pe) {
			if pe.Err == csv.ErrFieldCount {
				res.Diags.Errorf(opt.File, pe.StartLine, 0, "the row has %d fields, the header has %d", len(rec), len(header))
			} else {
				res.Diags.Errorf(opt.File, pe.Line, 0, "not valid CSV (byte %d of the line): %v", pe.Column, pe.Err)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", opt.File, err)
		}
		line := func(c int) int { l, _ := cr.FieldPos(c); return l }
		is := Issue{Line: line(0)}
		var rw row

		key, kc := m.value(fKey, rec)
		if key == "" {
			kc = m.Cols[fKey][0].Index
			errf(line(kc), kc, "%s: a value is required", m.Cols[fKey][0].Name)
		} else if first, dup := byKey[key]; dup {
			errf(line(kc), kc, "%s: duplicate %q, first at line %d", colName(m, fKey, kc), key, res.Issues[first].Line)
		}
		is.Key = key
		rw.typ, _ = m.value(fType, rec)
		is.Status, _ = m.value(fStatus, rec)

		v, c := m.value(fCreated, rec)
		if v == "" {
			c = m.Cols[fCreated][0].Index
			errf(line(c), c, "%s: a value is required", m.Cols[fCreated][0].Name)
		} else if t, ok := parseTime(layout, v); ok {
			is.Created = t
		} else {
			errf(line(c), c, "%s: %q is not a date in the layout %q (set --date-format for exports in another locale)", colName(m, fCreated, c), v, layout)
		}
		if v, c := m.value(fResolved, rec); v != "" {
			if t, ok := parseTime(layout, v); ok {
				is.Resolved = t
			} else {
				errf(line(c), c, "%s: %q is not a date in the layout %q (set --date-format for exports in another locale)", colName(m, fResolved, c), v, layout)
			}
		}
		if v, c := m.value(fPoints, rec); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			switch {
			case err != nil || f != f || f > 1e15:
				errf(line(c), c, "%s: %q is not a number", colName(m, fPoints, c), v)
			case f < 0:
				errf(line(c), c, "%s: %q must be zero or more", colName(m, fPoints, c), v)
			default:
				if f == 0 {
					f = 0 // "-0" is written as 0
				}
				is.Points = strconv.FormatFloat(f, 'f', -1, 64)
			}
		}
		rw.epicLink, _ = m.value(fEpicLink, rec)
		if v, c := m.value(fParent, rec); v != "" {
			rw.parent, rw.parentLine = v, line(c)
			for _, col := range m.Cols[fParent] {
				if col.Index == c {
					rw.parentCol = col
				}
			}
		}
		rw.id, _ = m.value(fIssueID, rec)

		if key == "" {
			continue
		}
		if _, dup := byKey[key]; !dup {
			byKey[key] = len(res.Issues)
		}
		if rw.id != "" {
			byID[rw.id] = len(res.Issues)
		}
		res.Issues = append(res.Issues, is)
		rows = append(rows, rw)
	}
	e := epics{res: res, rows: rows, byKey: byKey, byID: byID, file: opt.File}
	for i := range rows {
		e.resolve(i)
	}
	return res, nil
}

// colName is the header name of column index c of field f.
func colName(m Mapping, f, c int) string {
	for _, col := range m.Cols[f] {
		if col.Index == c {
			return col.Name
		}
	}
	return Fields[f].Columns[0]
}

// parseTime reads a Created or Resolved value. Java 20 and later put a
// narrow no-break space before AM/PM; it is read as a space.
func parseTime(layout, v string) (string, bool) {
	v = strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(v)
	t, err := time.Parse(layout, v)
	if err != nil {
		return "", false
	}
	return t.Format(OutputLayout), true
}

// epics works out each issue's epic_key once every row is read, since a
// sub-task may come before its parent.
type epics struct {
	res         *Result
	rows        []row
	byKey, byID map[string]int
	file        string
}

// resolve sets Issues[i].Epic:
//   - an epic is its own epic;
//   - else "Custom field (Epic Link)" when it has a value;
//   - else the parent: "Parent key", else "Parent", else "Parent id" (a
//     numeric id is turned into a key through the export's "Issue id");
//     for a sub-task the epic is the parent's epic, for any other issue the
//     parent is the epic (in Cloud a standard issue's parent is at the epic
//     level, whatever that type is called).
//
// An issue is taken for a sub-task when its type says so ("Sub-task",
// "Subtask"), its parent came from "Parent id" (Data Center exports it for
// sub-tasks only), or its parent is in the export, is not an epic and has
// an epic of its own.
func (e *epics) resolve(i int) string {
	rw, is := &e.rows[i], &e.res.Issues[i]
	if rw.epicDone {
		return is.Epic
	}
	if rw.epicVisited { // a parent cycle: leave it empty
		return ""
	}
	rw.epicVisited = true
	defer func() { rw.epicDone = true }()
	switch {
	case isEpic(rw.typ):
		is.Epic = is.Key
		return is.Epic
	case rw.epicLink != "":
		is.Epic = rw.epicLink
		return is.Epic
	case rw.parent == "":
		return ""
	}
	pk := rw.parent
	p, inFile := e.byKey[pk]
	if isID(pk) {
		j, ok := e.byID[pk]
		if !ok {
			e.res.Diags.Warnf(e.file, rw.parentLine, rw.parentCol.Index+1,
				"%s: issue id %s is not in this export (no \"Parent key\" column, or the parent was not exported); epic_key is left empty", rw.parentCol.Name, pk)
			return ""
		}
		p, inFile, pk = j, true, e.res.Issues[j].Key
	}
	subtask := isSubtask(rw.typ) || normalise(rw.parentCol.Name) == "parent id"
	if inFile && !subtask && !isEpic(e.rows[p].typ) && (e.rows[p].epicLink != "" || e.rows[p].parent != "") {
		subtask = true
	}
	switch {
	case !subtask:
		is.Epic = pk
	case inFile:
		is.Epic = e.resolve(p)
	default:
		e.res.Diags.Warnf(e.file, rw.parentLine, rw.parentCol.Index+1,
			"%s: sub-task %s's parent %s is not in this export, so its epic is unknown; epic_key is left empty", rw.parentCol.Name, is.Key, pk)
	}
	return is.Epic
}

func isEpic(typ string) bool { return normalise(typ) == "epic" }

func isSubtask(typ string) bool {
	t := strings.NewReplacer("-", "", " ", "", "_", "").Replace(normalise(typ))
	return t == "subtask"
}

func isID(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Write writes issues as the contract's issues.csv: the header row, then one
// row per issue in the order given, LF line ends.
func Write(w io.Writer, issues []Issue) error {
	cw := csv.NewWriter(w)
	cw.Write(Header)
	for _, is := range issues {
		cw.Write([]string{is.Key, is.Epic, is.Points, is.Status, is.Created, is.Resolved})
	}
	cw.Flush()
	return cw.Error()
}
