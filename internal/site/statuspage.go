package site

import (
	"cmp"
	"slices"
	"strings"

	"github.com/throughline/throughline/internal/report"
)

// Site paths of the status-report and audit pages.
const (
	pathStatus = "status-reports.html"
	pathAudits = "audits.html"
	runRecord  = "run.json" // written by the build beside the board pack
)

// byID indexes t's rows by initiative_id, first row per id.
type byID struct {
	t    *report.Table
	rows map[string][]any
}

func index(t *report.Table) byID {
	b := byID{t: t, rows: map[string][]any{}}
	for id, rows := range rowsFor(t, "initiative_id") {
		b.rows[id] = rows[0]
	}
	return b
}

// get is column name of id's row, nil when either is missing.
func (b byID) get(id, name string) any {
	row, ok := b.rows[id]
	if !ok {
		return nil
	}
	if i := b.t.Col(name); i >= 0 {
		return row[i]
	}
	return nil
}

// column is t's column name, or a column of type typ with the contract's
// format when t lacks it (a view missing from the model).
func column(t *report.Table, name string, typ report.Type) report.Column {
	if t != nil {
		if i := t.Col(name); i >= 0 {
			return t.Columns[i]
		}
	}
	return report.Column{Name: name, Type: typ, Format: report.FormatFor(name, typ)}
}

// latestHistory is each initiative's report_history row for the report
// report_status judged (same reported_on): its own slip and cost change.
func latestHistory(h, st *report.Table) byID {
	out := byID{t: h, rows: map[string][]any{}}
	if h == nil || st == nil {
		return out
	}
	hi, hd := h.Col("initiative_id"), h.Col("reported_on")
	sd := index(st)
	if hi < 0 || hd < 0 {
		return out
	}
	for _, row := range h.Rows {
		id, _ := row[hi].(string)
		if on := sd.get(id, "reported_on"); on != nil && on == row[hd] {
			out.rows[id] = row
		}
	}
	return out
}

type statusBody struct {
	Missing                        string // why there is nothing to show, "" when there is
	Act, Stale, Unexplained        *tableView
	Rebaselined, Dual, Latest      *tableView
	NoReport                       []cellView // initiatives with no report at all
	StaleDays, PersistentN, Thresh string
}

// statusPage is status-reports.html: what the board must act on first
// (watermelons and persistent reds, with owner, reason and money at stake),
// then stale reports, unexplained changes and re-baselines, dual running,
// and every initiative's latest report.
func (r *renderer) statusPage() {
	m := r.m
	st := m.Table("report_status")
	hist := m.Table("report_history")
	names := index(m.Table("initiative_status"))
	flags := index(m.Table("review_flags"))
	latest := latestHistory(hist, st)
	b := statusBody{StaleDays: m.Params["report_stale_days"], PersistentN: m.Params["persistent_reports"], Thresh: m.Params["explain_threshold_pct"]}
	r.shows[pathStatus] = []string{"report_status", "report_history", "review_flags", "dual_running", "initiative_status"}
	switch {
	case st == nil:
		b.Missing = "The report_status view is not in this run's catalog."
	case !m.Supplied("status_reports.csv"):
		b.Missing = "No status reports supplied (status_reports.csv was not given)."
	}
	ids := []string{}
	if st != nil {
		for _, row := range st.Rows {
			if id, ok := at(row, st.Col("initiative_id")).(string); ok {
				ids = append(ids, id)
			}
		}
	}
	rs := index(st)
	yes := func(id, col string) bool { v, _ := rs.get(id, col).(bool); return v }
	// who is an initiative's name and owner, from initiative_status.
	who := func(id string) []any { return []any{id, names.get(id, "name"), names.get(id, "owner")} }
	whoCols := []report.Column{column(nil, "initiative_id", report.Text), column(nil, "name", report.Text), column(nil, "owner", report.Text)}
	col := func(name string, typ report.Type) report.Column { return column(st, name, typ) }
	hcol := func(name string, typ report.Type) report.Column { return column(hist, name, typ) }

	// For the board to act on: reported green while the evidence is red,
	// and runs of red. The reason and money come from review_flags, where
	// both are flags.
	act := &report.Table{Name: "report_status", Columns: append(slices.Clone(whoCols),
		report.Column{Name: "finding", Type: report.Text, Format: report.Plain}, col("rating", report.Text),
		column(m.Table("review_flags"), "escalation", report.Text), column(m.Table("review_flags"), "impact", report.Decimal),
		column(m.Table("review_flags"), "reason", report.Text))}
	for _, id := range ids {
		var found []string
		if yes(id, "watermelon") {
			found = append(found, "Watermelon")
		}
		if yes(id, "persistent_red") {
			found = append(found, "Persistent red")
		}
		if len(found) == 0 {
			continue
		}
		esc, impact, reason := flags.get(id, "escalation"), flags.get(id, "impact"), flags.get(id, "reason")
		if _, flagged := flags.rows[id]; !flagged {
			esc, impact = names.get(id, "escalation"), names.get(id, "impact")
		}
		act.Rows = append(act.Rows, append(who(id), strings.Join(found, "; "), rs.get(id, "rating"), esc, impact, reason))
	}
	sortRows(act, "impact", true)
	b.Act = r.table("status-act", act, "", 0, nil)
	for i := range b.Act.Rows {
		b.Act.Rows[i][3].Class = "st st-bad"
	}
	b.Act.Empty = "No watermelon and no persistent red."

	stale := &report.Table{Name: "report_status", Columns: append(slices.Clone(whoCols),
		col("reported_on", report.Date), col("report_age_days", report.Int), col("rating", report.Text))}
	unexpl := &report.Table{Name: "report_status", Columns: append(slices.Clone(whoCols),
		col("reported_on", report.Date), col("rating", report.Text), hcol("end_date_slip_days", report.Int),
		hcol("cost_change_pct", report.Float), col("times_rebaselined", report.Int))}
	rebase := &report.Table{Name: "report_status", Columns: append(slices.Clone(whoCols),
		col("times_rebaselined", report.Int), col("cumulative_slip_days", report.Int),
		col("cumulative_cost_change_pct", report.Float), col("rating", report.Text))}
	for _, id := range ids {
		if yes(id, "stale") {
			stale.Rows = append(stale.Rows, append(who(id), rs.get(id, "reported_on"), rs.get(id, "report_age_days"), rs.get(id, "rating")))
		}
		if yes(id, "unexplained_change") {
			unexpl.Rows = append(unexpl.Rows, append(who(id), rs.get(id, "reported_on"), rs.get(id, "rating"),
				latest.get(id, "end_date_slip_days"), latest.get(id, "cost_change_pct"), rs.get(id, "times_rebaselined")))
		}
		if n, ok := num(rs.get(id, "times_rebaselined")); ok && n > 0 {
			rebase.Rows = append(rebase.Rows, append(who(id), rs.get(id, "times_rebaselined"), rs.get(id, "cumulative_slip_days"),
				rs.get(id, "cumulative_cost_change_pct"), rs.get(id, "rating")))
		}
	}
	sortRows(stale, "report_age_days", true)
	sortRows(rebase, "times_rebaselined", true)
	b.Stale = r.table("status-stale", stale, "", 0, nil)
	b.Stale.Empty = "Every latest report is recent enough."
	b.Unexplained = r.table("status-unexplained", unexpl, "", 0, nil)
	b.Unexplained.Empty = "Every change of plan in a latest report is explained in its narrative."
	b.Rebaselined = r.table("status-rebaselined", rebase, "", 0, nil)
	b.Rebaselined.Empty = "No initiative has re-baselined."
	if st != nil && b.Missing == "" {
		if it := m.Table("initiative_status"); it != nil {
			for _, row := range it.Rows {
				id, _ := at(row, it.Col("initiative_id")).(string)
				if _, ok := rs.rows[id]; !ok && id != "" {
					c := cellView{Text: id}
					if r.initiatives[id] {
						c.Href = report.InitiativePath(id)
					}
					b.NoReport = append(b.NoReport, c)
				}
			}
		}
	}

	// Legacy the initiative promised to switch off, still costing money.
	if dr := m.Table("dual_running"); dr != nil {
		dual := &report.Table{Name: "dual_running", Columns: append(slices.Clone(whoCols),
			column(dr, "months_overdue", report.Int), column(dr, "legacy_spend_after_retire_by", report.Decimal),
			column(dr, "legacy_monthly_run_rate", report.Decimal), column(dr, "retire_by", report.Date))}
		d := index(dr)
		for _, row := range dr.Rows {
			id, _ := at(row, dr.Col("initiative_id")).(string)
			dual.Rows = append(dual.Rows, append(who(id), d.get(id, "months_overdue"), d.get(id, "legacy_spend_after_retire_by"),
				d.get(id, "legacy_monthly_run_rate"), d.get(id, "retire_by")))
		}
		sortRows(dual, "legacy_spend_after_retire_by", true)
		b.Dual = r.table("status-dual", dual, "", 0, nil)
		b.Dual.Empty = "No initiative promised to retire a legacy system (no mappings with system retires)."
	} else {
		b.Dual = r.table("status-dual", nil, "", 0, nil)
	}

	all := &report.Table{Name: "report_status", Columns: append(slices.Clone(whoCols),
		col("rating", report.Text), col("reported_on", report.Date), col("report_age_days", report.Int),
		col("watermelon", report.Bool), col("persistent_red", report.Bool), col("stale", report.Bool),
		col("unexplained_change", report.Bool), col("times_rebaselined", report.Int), col("cumulative_slip_days", report.Int),
		col("cumulative_cost_change_pct", report.Float))}
	for _, id := range ids {
		row := who(id)
		for _, c := range all.Columns[3:] {
			row = append(row, rs.get(id, c.Name))
		}
		all.Rows = append(all.Rows, row)
	}
	// Worst rating first, as the board reads it.
	slices.SortStableFunc(all.Rows, func(a, b []any) int {
		return cmp.Compare(ratingRank(a[3]), ratingRank(b[3]))
	})
	b.Latest = r.table("status-latest", all, "", 0, nil)
	b.Latest.Sortable = true
	b.Latest.Empty = "No status report on or before the as-of date."
	if st == nil {
		b.Latest.Empty = "Not available in this run."
	}
	r.page(pathStatus, "Status reports", "status", false, b)
}

// ratingRank orders a rating by severity; unknown words last.
func ratingRank(v any) int {
	s, _ := v.(string)
	if w, ok := report.Status(report.KindRating, s); ok {
		return w.Rank
	}
	return 1 << 20
}

// sortRows orders t's rows by column name (largest first when desc; empty
// last), then by initiative_id.
func sortRows(t *report.Table, name string, desc bool) {
	c, id := t.Col(name), t.Col("initiative_id")
	slices.SortStableFunc(t.Rows, func(a, b []any) int {
		x, xok := num(at(a, c))
		y, yok := num(at(b, c))
		switch {
		case xok && !yok:
			return -1
		case !xok && yok:
			return 1
		case xok && yok && x != y:
			if desc {
				return cmp.Compare(y, x)
			}
			return cmp.Compare(x, y)
		}
		as, _ := at(a, id).(string)
		bs, _ := at(b, id).(string)
		return strings.Compare(as, bs)
	})
}

// at is row[i], nil when i is out of range.
func at(row []any, i int) any {
	if i < 0 || i >= len(row) {
		return nil
	}
	return row[i]
}

type auditsBody struct {
	Table *tableView
	Only  bool // only this audit is kept so far
}

// auditsPage is audits.html: every kept audit, newest first, with its
// headline figures and links to its archived board pack and run record.
// The links are the view's, relative to the site root (archive/<as-of>/…);
// this audit links to the site's own pack and run.json, which are always
// published (its archived copy is not, after an --allow-older build of an
// old date). A link that would leave the site is shown as text.
func (r *renderer) auditsPage() {
	t := r.m.Table("audits")
	p := project(t, "as_of", "spend_to_date", "mapped_share_of_spend", "flagged", "escalated_executive", "escalated_cio", "funding_holds")
	tv := r.table("audits", p, "", 0, nil)
	tv.Empty = "No audit is recorded in this run."
	b := auditsBody{Table: tv}
	if t != nil {
		// The links come right after the date, so they are in view on any
		// screen; the figures follow.
		tv.Cols = slices.Insert(tv.Cols, min(1, len(tv.Cols)), colView{Label: "Board pack"}, colView{Label: "Run record"})
		cur, pack, run := t.Col("current"), t.Col("board_pack"), t.Col("run_json")
		for i, row := range t.Rows {
			pc, rc := link(at(row, pack), "board pack"), link(at(row, run), runRecord)
			if c, _ := at(row, cur).(bool); c {
				tv.Rows[i][0].Text += " (this audit)"
				pc = cellView{Text: "board pack", Href: report.PackPath}
				rc = cellView{Text: runRecord, Href: runRecord}
			}
			tv.Rows[i] = slices.Insert(tv.Rows[i], min(1, len(tv.Rows[i])), pc, rc)
		}
		b.Only = len(t.Rows) == 1
	}
	r.shows[pathAudits] = []string{"audits"}
	r.page(pathAudits, "Audits", "audits", false, b)
}

// link is a cell linking to v, a path relative to the site root, when it
// stays inside the site; otherwise v as text.
func link(v any, text string) cellView {
	s, _ := v.(string)
	if !report.InsideSite(s) {
		return cellView{Text: s}
	}
	return cellView{Text: text, Href: s}
}
