package xlsx

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/report"
)

// column is one column of a sheet: the model's column name, its header
// label, type and format.
type column struct {
	name   string
	label  string
	typ    report.Type
	format report.Format
}

// grid is a sheet's data before it is written.
type grid struct {
	cols []column
	rows [][]any
}

func (g grid) col(name string) int {
	for i, c := range g.cols {
		if c.name == name {
			return i
		}
	}
	return -1
}

// contractTypes are the types of the columns the fixed sheets use, from
// docs/outputs.md, for when a view is missing from the model.
var contractTypes = map[string]report.Type{
	"spend_this_period": report.Decimal, "spend_to_date": report.Decimal, "approved_budget": report.Decimal,
	"actual_cost": report.Decimal, "impact": report.Decimal, "funding_hold": report.Bool,
	"divergence": report.Bool, "overrun": report.Bool, "baseline": report.Float, "target": report.Float,
	"latest_value": report.Float, "latest_date": report.Date, "progress": report.Float,
	"elapsed": report.Float, "due_date": report.Date, "cost_variance_pct": report.Float,
	"schedule_variance_pct": report.Float, "slipped_milestones": report.Int, "value": report.Float,
	"lacks_balance_sheet_link": report.Bool,
}

// Label is the header a column named name gets in the pack: "spend_to_date"
// reads "Spend to date", "initiative_id" reads "Initiative" (report.ColumnLabel).
func Label(name string) string { return report.ColumnLabel(name) }

// statusCell is a status word as the pack shows it: its label, filled by
// its class; rank orders rows by severity.
type statusCell struct {
	label string
	class report.Class
	rank  int
}

// status returns the pack's cell for value v of column col in a row of view
// (field: the row's audit_changes field), or v itself when it is not a known
// status word.
func status(view, col, field string, v any) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	k, known := report.ColumnKind(view, col)
	if view == "audit_changes" && (col == "before" || col == "after") {
		k, known = report.KindOfField[field]
	}
	if !known {
		return v
	}
	if w, ok := report.Status(k, s); ok {
		return statusCell{label: w.Label, class: w.Class, rank: w.Rank}
	}
	return v
}

// grid takes the named columns of t, in that order (all when names is
// empty). A missing view or column gives empty cells and a warning. Status
// words become their labels with their fills; percents (12.5 meaning 12.5%)
// become fractions shown with a percent format, as Excel expects.
func (p *builder) grid(t *report.Table, view string, names ...string) grid {
	var g grid
	if t == nil {
		p.warnf("view %q is missing from the model; its sheet is empty", view)
		t = &report.Table{Name: view}
	}
	if len(names) == 0 {
		for _, c := range t.Columns {
			names = append(names, c.Name)
		}
	}
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = t.Col(n)
		c := column{name: n, label: Label(n), typ: report.Text}
		if idx[i] >= 0 {
			c.typ, c.format = t.Columns[idx[i]].Type, t.Columns[idx[i]].Format
		} else {
			if len(t.Columns) > 0 {
				p.warnf("view %q has no column %q; it is empty in the pack", view, n)
			}
			if ty, ok := contractTypes[n]; ok {
				c.typ = ty
			}
		}
		if c.format == "" {
			c.format = report.FormatFor(n, c.typ)
		}
		g.cols = append(g.cols, c)
	}
	percent := make([]bool, len(g.cols))
	for i := range g.cols {
		if g.cols[i].format == report.Percent {
			percent[i], g.cols[i].format = true, report.Ratio
		}
	}
	fi := t.Col("field")
	for _, r := range t.Rows {
		row := make([]any, len(names))
		field := text(at(r, fi))
		for i, j := range idx {
			if j >= 0 && j < len(r) {
				row[i] = status(view, names[i], field, r[j])
				if f, ok := row[i].(float64); ok && percent[i] {
					// 12.34 (percent, two decimals in SQL) is 0.1234: rounded so
					// the cell holds the shortest double, not 0.12340000000000001.
					row[i] = math.Round(f*1e4) / 1e6
				}
			}
		}
		g.rows = append(g.rows, row)
	}
	return g
}

// rankOf is a cell's severity rank (a status word's), or a large number.
func rankOf(v any) int {
	if s, ok := v.(statusCell); ok {
		return s.rank
	}
	return 1 << 20
}

// sortSeverity orders rows by the named status columns' severity, in turn,
// then by money at stake (the named money column, largest first), then by
// initiative id.
func (g grid) sortSeverity(money string, statuses ...string) {
	var cols []int
	for _, n := range statuses {
		if i := g.col(n); i >= 0 {
			cols = append(cols, i)
		}
	}
	mc, id := g.col(money), g.col("initiative_id")
	slices.SortStableFunc(g.rows, func(a, b []any) int {
		for _, c := range cols {
			if d := cmp.Compare(rankOf(a[c]), rankOf(b[c])); d != 0 {
				return d
			}
		}
		return largestFirst(a, b, mc, id)
	})
}

// withNames puts each initiative's name (from initiative_status) beside its
// id, for sheets whose view carries only the id.
func (p *builder) withNames(g grid) grid {
	id := g.col("initiative_id")
	if id < 0 || g.col("name") >= 0 {
		return g
	}
	names := map[string]any{}
	if st := p.m.Table("initiative_status"); st != nil && st.Col("initiative_id") >= 0 && st.Col("name") >= 0 {
		for _, r := range st.Rows {
			names[text(r[st.Col("initiative_id")])] = r[st.Col("name")]
		}
	}
	cols := slices.Insert(slices.Clone(g.cols), id+1, column{name: "name", label: Label("name"), typ: report.Text, format: report.Plain})
	var rows [][]any
	for _, r := range g.rows {
		rows = append(rows, slices.Insert(slices.Clone(r), id+1, names[text(r[id])]))
	}
	return grid{cols: cols, rows: rows}
}

// sortDesc orders rows by the named column, largest first, empty cells
// last, then by initiative id.
func (g grid) sortDesc(name string) {
	c, id := g.col(name), g.col("initiative_id")
	slices.SortStableFunc(g.rows, func(a, b []any) int { return largestFirst(a, b, c, id) })
}

// largestFirst compares rows by column c, largest first and empty cells
// last, then by column id; a column of -1 is skipped.
func largestFirst(a, b []any, c, id int) int {
	if c >= 0 {
		x, xok := number(a[c])
		y, yok := number(b[c])
		switch {
		case xok && !yok:
			return -1
		case !xok && yok:
			return 1
		case xok && yok && x != y:
			return cmp.Compare(y, x)
		}
	}
	if id >= 0 {
		return strings.Compare(text(a[id]), text(b[id]))
	}
	return 0
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, x == x
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case report.Dec:
		return x.Float64(), true
	}
	return 0, false
}

func text(v any) string {
	s, _ := v.(string)
	return s
}

// noLinkGrid lists every initiative without a balance-sheet link. The set
// comes from initiative_status.lacks_balance_sheet_link when the model has
// it; the figures come from funding_gate.
func (p *builder) noLinkGrid() grid {
	g := p.grid(p.m.Table("funding_gate"), "funding_gate", "initiative_id", "name", "portfolio", "owner", "status",
		"spend_this_period", "spend_to_date", "approved_budget", "funding_hold", "recommended_action")
	st := p.m.Table("initiative_status")
	if st == nil || st.Col("lacks_balance_sheet_link") < 0 || st.Col("initiative_id") < 0 {
		g.sortDesc("spend_to_date")
		return g
	}
	lacks := map[string]bool{}
	var order []string
	sid, slack := st.Col("initiative_id"), st.Col("lacks_balance_sheet_link")
	for _, r := range st.Rows {
		if b, _ := r[slack].(bool); b {
			id := text(r[sid])
			if !lacks[id] {
				order = append(order, id)
			}
			lacks[id] = true
		}
	}
	gid := g.col("initiative_id")
	seen := map[string]bool{}
	kept := g.rows[:0]
	dropped := 0
	for _, r := range g.rows {
		id := text(r[gid])
		if lacks[id] {
			kept = append(kept, r)
			seen[id] = true
		} else {
			dropped++
		}
	}
	g.rows = kept
	if dropped > 0 {
		p.warnf("funding_gate lists %d initiative(s) that have a balance-sheet link in initiative_status; left off %q", dropped, SheetNoLink)
	}
	var missing []string
	for _, id := range order {
		if seen[id] {
			continue
		}
		missing = append(missing, id)
		row := make([]any, len(g.cols))
		for i, c := range g.cols {
			if j := st.Col(c.name); j >= 0 {
				row[i] = st.Rows[slices.IndexFunc(st.Rows, func(r []any) bool { return text(r[sid]) == id })][j]
			}
		}
		g.rows = append(g.rows, row)
	}
	if len(missing) > 0 {
		p.warnf("funding_gate lacks %d initiative(s) without a balance-sheet link (%s); listed from initiative_status without spend figures", len(missing), strings.Join(missing, ", "))
	}
	g.sortDesc("spend_to_date")
	return g
}

// flagsGrid: who must decide first (escalation), then the money at stake.
func (p *builder) flagsGrid() grid {
	g := p.grid(p.m.Table("review_flags"), "review_flags", "initiative_id", "name", "owner", "escalation", "impact", "reason",
		"outcome", "divergence", "budget_status", "milestone_variance_band", "actual_cost", "portfolio")
	g.sortSeverity("impact", "escalation", "outcome")
	return g
}

// outcomesGrid: the worst KPI links first, then the initiative's cost.
func (p *builder) outcomesGrid() grid {
	g := p.withNames(p.grid(p.m.Table("link_status"), "link_status", "initiative_id", "kpi_id", "kpi_name", "status", "unit", "baseline",
		"target", "latest_value", "latest_date", "progress", "elapsed", "due_date"))
	cost := map[string]any{}
	if st := p.m.Table("initiative_status"); st != nil && st.Col("actual_cost") >= 0 && st.Col("initiative_id") >= 0 {
		for _, r := range st.Rows {
			cost[text(r[st.Col("initiative_id")])] = r[st.Col("actual_cost")]
		}
	}
	// Money at stake is the initiative's cost; sorted by it without showing it twice.
	id, sc := g.col("initiative_id"), g.col("status")
	slices.SortStableFunc(g.rows, func(a, b []any) int {
		if d := cmp.Compare(rankOf(at(a, sc)), rankOf(at(b, sc))); d != 0 {
			return d
		}
		x, _ := number(cost[text(at(a, id))])
		y, _ := number(cost[text(at(b, id))])
		return cmp.Or(cmp.Compare(y, x), strings.Compare(text(at(a, id)), text(at(b, id))))
	})
	return g
}

// budgetGrid: over budget first, then the worst milestone band, then cost.
func (p *builder) budgetGrid() grid {
	g := p.grid(p.m.Table("initiative_status"), "initiative_status", "initiative_id", "name", "budget_status", "actual_cost", "approved_budget",
		"milestone_variance_band", "cost_variance_pct", "schedule_variance_pct", "slipped_milestones", "owner", "portfolio")
	g.sortSeverity("actual_cost", "budget_status", "milestone_variance_band")
	return g
}

// changesGrid: each change in words (report.ChangeWords: a plan change as
// the view words it, "K2 target moved from 75 to 80"; a verdict with its
// status words' labels), then the field, the KPI or milestone it is about,
// and the values before and after (status words filled).
func (p *builder) changesGrid() grid {
	t := p.m.Table("audit_changes")
	g := p.grid(t, "audit_changes", "initiative_id", "name", "field", "item", "before", "after")
	fc := g.col("field")
	g.cols = slices.Insert(g.cols, 2, column{name: "change", label: Label("change"), typ: report.Text, format: report.Plain})
	str := func(r []any, name string) string {
		if t == nil {
			return ""
		}
		return text(at(r, t.Col(name)))
	}
	for i, r := range g.rows {
		src := t.Rows[i]
		words := report.ChangeWords(str(src, "field"), str(src, "item"), str(src, "before"), str(src, "after"), str(src, "change"))
		if s, ok := r[fc].(string); ok {
			r[fc] = Label(s)
		}
		g.rows[i] = slices.Insert(r, 2, any(words))
	}
	return g
}

// qualityGrid joins the reconciliation and every check's findings into one
// filterable list.
func (p *builder) qualityGrid() grid {
	g := grid{cols: []column{
		{name: "source", label: "Source", typ: report.Text, format: report.Plain},
		{name: "severity", label: "Severity", typ: report.Text, format: report.Plain},
		{name: "item", label: "Metric or finding", typ: report.Text, format: report.Plain},
		{name: "lines", label: "Lines", typ: report.Int, format: report.Integer},
		{name: "amount", label: "Amount", typ: report.Decimal, format: report.Money},
		{name: "detail", label: "Detail", typ: report.Text, format: report.Plain},
	}}
	if t := p.m.Table("reconciliation"); t != nil {
		li, ai, di := t.Col("lines"), t.Col("amount"), t.Col("detail")
		label := t.Col("label")
		if label < 0 {
			label = t.Col("metric")
		}
		for _, r := range t.Rows {
			g.rows = append(g.rows, []any{"reconciliation", "Reconciliation", at(r, label), at(r, li), at(r, ai), at(r, di)})
		}
	} else {
		p.warnf("view %q is missing from the model", "reconciliation")
	}
	byCheck := map[string][]report.Finding{}
	for _, f := range p.m.Findings {
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}
	used := map[string]bool{}
	for _, q := range p.m.Queries {
		if q.Kind != "check" {
			continue
		}
		used[q.Name] = true
		if fs := byCheck[q.Name]; len(fs) > 0 {
			for _, f := range fs {
				g.rows = append(g.rows, []any{q.Name, status("", "severity", "", cmp.Or(f.Severity, q.Severity)), f.Text, nil, nil, q.Title})
			}
			continue
		}
		if q.Result == nil || len(q.Result.Rows) == 0 {
			g.rows = append(g.rows, []any{q.Name, statusCell{label: "Clean", class: report.Good, rank: 9}, "no findings", nil, nil, q.Title})
			continue
		}
		for _, r := range q.Result.Rows {
			g.rows = append(g.rows, []any{q.Name, status("", "severity", "", q.Severity), describe(q.Result, r), nil, nil, q.Title})
		}
	}
	for _, f := range p.m.Findings {
		if !used[f.Check] {
			g.rows = append(g.rows, []any{f.Check, status("", "severity", "", f.Severity), f.Text, nil, nil, nil})
		}
	}
	return g
}

func at(r []any, i int) any {
	if i < 0 || i >= len(r) {
		return nil
	}
	return r[i]
}

// describe puts a check's row in words: "project_code: P-9; lines: 3".
func describe(t *report.Table, r []any) string {
	var parts []string
	for i, c := range t.Columns {
		v := at(r, i)
		s := c.Format.Display(v)
		if v == nil {
			s = "(empty)"
		}
		if _, ok := v.(time.Time); ok {
			s = v.(time.Time).Format(dateLayout)
		}
		parts = append(parts, c.Name+": "+s)
	}
	return strings.Join(parts, "; ")
}

// rowsByID indexes a view's rows by initiative_id: the first row per id,
// ids in the view's order.
type rowsByID struct {
	t    *report.Table
	ids  []string
	rows map[string][]any
}

func byID(t *report.Table) rowsByID {
	b := rowsByID{t: t, rows: map[string][]any{}}
	if t == nil || t.Col("initiative_id") < 0 {
		return b
	}
	for _, r := range t.Rows {
		id := text(r[t.Col("initiative_id")])
		if _, seen := b.rows[id]; !seen && id != "" {
			b.ids = append(b.ids, id)
			b.rows[id] = r
		}
	}
	return b
}

// get is column name of id's row, nil when either is missing.
func (b rowsByID) get(id, name string) any {
	r, ok := b.rows[id]
	if !ok {
		return nil
	}
	return at(r, b.t.Col(name))
}

// latestReports is each initiative's report_history row for the report
// report_status judged (the same reported_on).
func latestReports(h, rs *report.Table) rowsByID {
	out := rowsByID{t: h, rows: map[string][]any{}}
	if h == nil || h.Col("initiative_id") < 0 || h.Col("reported_on") < 0 {
		return out
	}
	st := byID(rs)
	for _, r := range h.Rows {
		id := text(r[h.Col("initiative_id")])
		if on := st.get(id, "reported_on"); on != nil && on == r[h.Col("reported_on")] {
			out.rows[id] = r
		}
	}
	return out
}
