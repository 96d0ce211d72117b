package site

import (
	"fmt"
	"strconv"

	"github.com/throughline/throughline/internal/report"
)

// maxTableRows bounds a table on a page; the CSV download has every row.
const maxTableRows = 1000

// tableView is a table ready for the page template.
type tableView struct {
	ID       string
	Caption  string
	Cols     []colView
	Rows     [][]cellView
	Note     string
	Sortable bool // script adds sort buttons and a filter box
	Empty    string
}

type colView struct {
	Label   string
	Numeric bool
	Wide    bool // prose (a reason, an action): give it room and wrap it
}

// wideColumns hold sentences rather than labels.
var wideColumns = map[string]bool{"reason": true, "recommended_action": true, "description": true, "problem": true, "detail": true, "change": true}

type cellView struct {
	Text  string
	Href  string // relative link, "" for none
	Class string // status class, always beside the status word itself
	Sort  string // machine sort key for numbers, dates and status words
}

// flagColumns are booleans whose "yes" is a warning sign.
var flagColumns = map[string]bool{
	"review_flag": true, "divergence": true, "overrun": true, "funding_hold": true,
	"lacks_balance_sheet_link": true, "slipped": true, "rebaselined": true, "stale": true, "persistent_red": true,
	"unexplained_change": true, "watermelon": true,
}

// label turns a column name into a heading (report.ColumnLabel).
func label(name string) string { return report.ColumnLabel(name) }

// badge is the class of a status word's badge.
func badge(w *report.Word) string { return "st st-" + string(w.Class) }

func isNumeric(t report.Type) bool {
	return t == report.Int || t == report.Decimal || t == report.Float
}

// cell formats one value of column col in a row of view through its
// column's format; a status word shows its label and badge, and sorts by
// severity. field is the row's audit_changes field, "" elsewhere.
func (r *renderer) cell(view, field string, col report.Column, v any, root string) cellView {
	text, w := report.Label(view, col.Name, field, col, v)
	c := cellView{Text: text}
	if w != nil {
		c.Class = badge(w)
		c.Sort = fmt.Sprintf("%d", w.Rank)
	}
	if f, ok := num(v); ok && isNumeric(col.Type) {
		c.Sort = strconv.FormatFloat(f, 'g', -1, 64)
	}
	if col.Type == report.Date && v != nil {
		c.Sort = c.Text
	}
	if s, ok := v.(string); ok && col.Name == "initiative_id" && r.initiatives[s] {
		c.Href = root + report.InitiativePath(s)
	}
	if b, ok := v.(bool); ok && flagColumns[col.Name] && b {
		c.Class = "st st-bad"
	}
	return c
}

// table renders t (optionally only rows keep[i]) with at most limit rows.
func (r *renderer) table(id string, t *report.Table, root string, limit int, keep func(row []any) bool) *tableView {
	tv := &tableView{ID: id, Empty: "No rows."}
	if t == nil {
		tv.Empty = "Not available in this run."
		return tv
	}
	for _, c := range t.Columns {
		tv.Cols = append(tv.Cols, colView{Label: label(c.Name), Numeric: isNumeric(c.Type), Wide: wideColumns[c.Name]})
	}
	n := 0
	for _, row := range t.Rows {
		if keep != nil && !keep(row) {
			continue
		}
		n++
		if limit > 0 && n > limit {
			continue
		}
		cells := make([]cellView, len(t.Columns))
		field := ""
		if fi := t.Col("field"); fi >= 0 {
			field, _ = row[fi].(string)
		}
		for i, c := range t.Columns {
			cells[i] = r.cell(t.Name, field, c, row[i], root)
		}
		tv.Rows = append(tv.Rows, cells)
	}
	if limit > 0 && n > limit {
		tv.Note = fmt.Sprintf("First %s of %s rows; download the CSV for all.", report.Integer.Display(int64(limit)), report.Integer.Display(int64(n)))
	}
	return tv
}

// rowsFor indexes t's rows by the text in column name.
func rowsFor(t *report.Table, name string) map[string][][]any {
	out := map[string][][]any{}
	if t == nil {
		return out
	}
	i := t.Col(name)
	if i < 0 {
		return out
	}
	for _, row := range t.Rows {
		if s, ok := row[i].(string); ok {
			out[s] = append(out[s], row)
		}
	}
	return out
}

// subTable is t restricted to rows.
func subTable(t *report.Table, rows [][]any) *report.Table {
	if t == nil {
		return nil
	}
	return &report.Table{Name: t.Name, Columns: t.Columns, Rows: rows}
}
