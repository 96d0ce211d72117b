package site

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

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
	Wide    bool // prose (a reason, an action): give it room to read
}

// wideColumns hold sentences rather than labels.
var wideColumns = map[string]bool{"reason": true, "recommended_action": true, "description": true, "problem": true, "detail": true}

type cellView struct {
	Text  string
	Href  string // relative link, "" for none
	Class string // status class, always beside the status word itself
	Sort  string // machine sort key for numbers and dates
}

// statusWords get a coloured badge; the word is always shown too.
var statusWords = map[string]string{
	"achieved": "good", "on track": "good", "on_track": "good", "green": "good", "none": "good",
	"delivery green, outcome green": "good",
	"behind":                        "warn", "at risk": "warn", "warning": "warn", "cio": "warn", "amber": "warn",
	"delivery red, outcome green": "warn", "watch": "warn", "no data": "muted", "unmapped": "muted",
	"regressing": "bad", "overdue": "bad", "error": "bad", "executive": "bad", "red": "bad",
	"delivery green, outcome red": "bad", "delivery red, outcome red": "bad", "hold": "bad",
	"over_budget": "bad", "within_budget": "good", "no_budget": "muted", "yellow": "warn", "no_data": "muted",
}

// statusColumns carry status words.
var statusColumns = map[string]bool{
	"status": true, "outcome": true, "escalation": true, "quadrant": true, "milestone_variance_band": true,
	"budget_status": true,
	"severity":      true, "after": true, "before": true,
}

// flagColumns are booleans whose "yes" is a warning sign.
var flagColumns = map[string]bool{
	"review_flag": true, "divergence": true, "overrun": true, "funding_hold": true,
	"lacks_balance_sheet_link": true, "slipped": true,
}

// label turns a column name into a heading: "spend_to_date" → "Spend to date".
func label(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	s = strings.ReplaceAll(s, " pct", " %")
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func isNumeric(t report.Type) bool {
	return t == report.Int || t == report.Decimal || t == report.Float
}

// cell formats one value through its column's format.
func (r *renderer) cell(col report.Column, v any, root string) cellView {
	c := cellView{Text: col.Format.Display(v)}
	if f, ok := num(v); ok && isNumeric(col.Type) {
		c.Sort = strconv.FormatFloat(f, 'g', -1, 64)
	}
	if col.Type == report.Date && v != nil {
		c.Sort = c.Text
	}
	if s, ok := v.(string); ok {
		if col.Name == "initiative_id" && r.initiatives[s] {
			c.Href = root + report.InitiativePath(s)
		}
		if statusColumns[col.Name] {
			if cls, ok := statusWords[strings.ToLower(s)]; ok {
				c.Class = "st st-" + cls
			}
		}
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
		for i, c := range t.Columns {
			cells[i] = r.cell(c, row[i], root)
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
