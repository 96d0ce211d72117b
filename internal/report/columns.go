package report

import (
	"sort"
)

// Reads declares, per view, the columns the site and the board pack read.
// It is the contract between the SQL views and the Go renderers, declared
// once: the build checks every view against it right after the views are
// created (an analyst's replacement that drops or renames one is an error
// naming its file and the column), and the renderers' tests check that they
// read nothing else (rendering a model cut down to these columns gives the
// same site and pack). Names are docs/outputs.md's.
var Reads = map[string][]string{
	"audit_period": {"period_index", "period_start", "period_end"},
	"headline": {"spend_to_date", "mapped_spend", "mapped_share_of_spend", "balance_sheet_spend", "balance_sheet_share_of_spend",
		"balance_sheet_share_of_mapped", "undated_spend", "duplicate_lines_excluded", "initiatives", "flagged",
		"escalated_executive", "escalated_cio", "funding_holds", "spend_on_achieved_outcomes"},
	"initiative_status": {"initiative_id", "name", "portfolio", "owner", "status", "outcome", "lacks_balance_sheet_link",
		"funding_hold", "velocity_ratio", "divergence", "actual_cost", "approved_budget", "overrun", "budget_status",
		"cost_variance_pct", "schedule_variance_pct", "milestone_variance_band", "slipped_milestones", "review_flag",
		"impact", "escalation"},
	"link_status": {"initiative_id", "kpi_id", "kpi_name", "status", "baseline", "target", "latest_value", "latest_date",
		"progress", "elapsed", "due_date", "unit", "direction", "financial"},
	"review_flags": {"initiative_id", "name", "portfolio", "owner", "outcome", "divergence", "budget_status",
		"milestone_variance_band", "actual_cost", "impact", "escalation", "reason"},
	"funding_gate": {"initiative_id", "name", "portfolio", "owner", "status", "spend_this_period", "spend_to_date",
		"approved_budget", "funding_hold", "recommended_action"},
	"reconciliation":          {"metric", "label", "lines", "amount", "detail"},
	"audit_changes":           {"initiative_id", "name", "field", "item", "before", "after", "change"},
	"divergence":              {"initiative_id", "name", "velocity_ratio", "outcome_gap", "actual_cost", "outcome", "quadrant"},
	"spend_by_period":         {"period_start", "period_end", "initiative_id", "amount", "cumulative_amount"},
	"spend_by_outcome_period": {"period_start", "outcome", "amount"},
	"velocity_by_period":      {"initiative_id", "period_start", "period_end", "points", "planned_points", "complete"},
	"kpi_series":              {"initiative_id", "kpi_id", "kpi_name", "date", "value", "baseline", "target", "due_date"},
	"milestone_variance": {"initiative_id", "milestone", "start_date", "planned_end_date", "forecast_end_date",
		"actual_end_date", "planned_cost", "forecast_cost", "cost_variance", "schedule_variance_days", "slipped"},
	"report_history": {"initiative_id", "reported_on", "rating", "end_date", "end_date_slip_days", "cumulative_slip_days",
		"whole_life_cost", "cost_change_pct", "cumulative_cost_change_pct", "rebaselined", "consecutive_red"},
	"report_status": {"initiative_id", "reported_on", "rating", "report_age_days", "stale", "persistent_red",
		"times_rebaselined", "cumulative_slip_days", "cumulative_cost_change_pct", "unexplained_change", "watermelon"},
	"dual_running": {"initiative_id", "retire_by", "legacy_spend_after_retire_by", "legacy_monthly_run_rate", "months_overdue"},
	"audits": {"as_of", "current", "spend_to_date", "mapped_share_of_spend", "flagged", "escalated_executive", "escalated_cio",
		"funding_holds", "board_pack", "run_json"},
}

// ReadViews lists the views in Reads, sorted.
func ReadViews() []string {
	out := make([]string, 0, len(Reads))
	for v := range Reads {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// MissingColumns returns the declared columns of view that t lacks, in
// declaration order.
func MissingColumns(view string, t *Table) []string {
	var out []string
	for _, c := range Reads[view] {
		if t == nil || t.Col(c) < 0 {
			out = append(out, c)
		}
	}
	return out
}

// Restrict returns a copy of m whose declared views hold only their declared
// columns (for the renderers' tests: what they read must be declared).
func Restrict(m *Model) *Model {
	out := *m
	out.Queries = nil
	for _, q := range m.Queries {
		nq := *q
		if cols, ok := Reads[q.Name]; ok && q.Result != nil {
			t := &Table{Name: q.Result.Name}
			var idx []int
			for _, c := range cols {
				if i := q.Result.Col(c); i >= 0 {
					idx = append(idx, i)
					t.Columns = append(t.Columns, q.Result.Columns[i])
				}
			}
			for _, r := range q.Result.Rows {
				nr := make([]any, len(idx))
				for k, i := range idx {
					nr[k] = r[i]
				}
				t.Rows = append(t.Rows, nr)
			}
			nq.Result = t
		}
		out.Queries = append(out.Queries, &nq)
	}
	return &out
}
