package site

import "github.com/throughline/throughline/internal/report"

// statusReports is the initiative page's section on what its owner reported
// (report_history) and the latest report judged (report_status), or nil when
// the catalog has no report_history view.
func (r *renderer) statusReports(id string, history map[string][][]any, root string) *tableView {
	h := r.m.Table("report_history")
	if h == nil {
		return nil
	}
	t := r.table("status-reports", project(subTable(h, history[id]),
		"reported_on", "rating", "end_date", "end_date_slip_days", "cumulative_slip_days", "whole_life_cost",
		"cost_change_pct", "cumulative_cost_change_pct", "rebaselined", "consecutive_red"), root, 0, nil)
	t.Empty = "No status report on or before the as-of date."
	t.Caption = "Status reports, oldest first" + latestFindings(r.m.Table("report_status"), id)
	return t
}

// latestFindings says in words what the latest report was judged: stale,
// persistent red, unexplained change, watermelon.
func latestFindings(t *report.Table, id string) string {
	if t == nil || t.Col("initiative_id") < 0 {
		return ""
	}
	words := []struct{ col, text string }{
		{"watermelon", "watermelon: reported green, evidenced red"},
		{"persistent_red", "persistent red"},
		{"unexplained_change", "a change the narrative does not explain"},
		{"stale", "the latest report is stale"},
	}
	out := ""
	for _, row := range t.Rows {
		if row[t.Col("initiative_id")] != id {
			continue
		}
		for _, w := range words {
			if i := t.Col(w.col); i >= 0 && row[i] == true {
				if out == "" {
					out = " — "
				} else {
					out += "; "
				}
				out += w.text
			}
		}
	}
	return out
}
