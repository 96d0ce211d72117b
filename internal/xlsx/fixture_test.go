package xlsx

import (
	"strconv"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/report"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// table builds a report.Table from "name:type" column specs, formats as the
// pipeline sets them.
func table(name string, spec string, rows ...[]any) *report.Table {
	t := &report.Table{Name: name}
	for _, c := range strings.Fields(spec) {
		n, ty, _ := strings.Cut(c, ":")
		t.Columns = append(t.Columns, report.Column{Name: n, Type: report.Type(ty), Format: report.FormatFor(n, report.Type(ty))})
	}
	for _, r := range rows {
		for i, c := range t.Columns {
			// decimal columns hold exact decimals, as the warehouse gives them
			if f, ok := r[i].(float64); ok && c.Type == report.Decimal {
				d, err := report.ParseDec(strconv.FormatFloat(f, 'f', 2, 64))
				if err != nil {
					panic(err)
				}
				r[i] = d
			}
		}
	}
	t.Rows = rows
	return t
}

func view(name, title string, t *report.Table) *report.Query {
	return &report.Query{Name: name, File: "queries/" + name + ".sql", Title: title, Description: "The " + title + ".", Kind: "view", Result: t}
}

const hostile = `=HYPERLINK("http://x","y")`

// fixture is a small portfolio: five initiatives, three without a
// balance-sheet link (one with a hostile name), two flagged.
func fixture() *report.Model {
	status := table("initiative_status", "initiative_id:text name:text portfolio:text owner:text status:text outcome:text "+
		"lacks_balance_sheet_link:bool funding_hold:bool velocity_ratio:float divergence:bool actual_cost:decimal "+
		"approved_budget:decimal overrun:bool budget_status:text cost_variance_pct:float schedule_variance_pct:float milestone_variance_band:text "+
		"slipped_milestones:int review_flag:bool impact:decimal escalation:text",
		[]any{"INI-001", "Core banking", "Finance", "Ada", "active", "on_track", false, false, 1.1, false, 500000.0, 600000.0, false, "within_budget", -16.67, 2.5, "green", int64(0), false, nil, "none"},
		[]any{"INI-002", hostile, "Retail", "+Bob", "active", "regressing", true, true, 1.3, true, 1250000.5, 1000000.0, true, "over_budget", 25.0, 12.0, "red", int64(2), true, 1250000.5, "executive"},
		[]any{"INI-003", "-Data platform", "Finance", "@Cy", "active", "behind", true, false, 0.8, false, 90000.0, 400000.0, false, "within_budget", -77.5, 0.0, "green", int64(0), true, 90000.0, "cio"},
		[]any{"INI-004", "CRM refresh", "Retail", "Dee", "closed", "achieved", false, false, nil, false, 200000.0, 200000.0, false, "within_budget", 0.0, 0.0, "green", int64(0), false, nil, "none"},
		[]any{"INI 005/x", "Branch kiosks", "Retail", "Eve", "active", "no_data", true, false, nil, false, 0.0, 50000.0, false, "within_budget", -100.0, nil, "yellow", int64(1), false, nil, "none"},
	)
	gate := table("funding_gate", "initiative_id:text name:text portfolio:text owner:text status:text spend_this_period:decimal "+
		"spend_to_date:decimal approved_budget:decimal funding_hold:bool recommended_action:text",
		[]any{"INI-002", hostile, "Retail", "+Bob", "active", 300000.0, 1250000.5, 1000000.0, true, "Hold funding until a balance-sheet KPI is linked"},
		[]any{"INI-003", "-Data platform", "Finance", "@Cy", "active", 20000.0, 90000.0, 400000.0, false, "Link a balance-sheet KPI before the next gate"},
		[]any{"INI 005/x", "Branch kiosks", "Retail", "Eve", "active", 0.0, 0.0, 50000.0, false, "Link a balance-sheet KPI before the next gate"},
	)
	flags := table("review_flags", "initiative_id:text name:text portfolio:text owner:text outcome:text divergence:bool overrun:bool "+
		"budget_status:text milestone_variance_band:text actual_cost:decimal impact:decimal escalation:text reason:text",
		[]any{"INI-003", "-Data platform", "Finance", "@Cy", "behind", false, false, "within_budget", "green", 90000.0, 90000.0, "cio", "Outcome behind plan while 78% of budget is unspent."},
		[]any{"INI-002", hostile, "Retail", "+Bob", "regressing", true, true, "over_budget", "red", 1250000.5, 1250000.5, "executive", "KPI regressing while delivery looks healthy; 25% over budget."},
	)
	links := table("link_status", "initiative_id:text kpi_id:text baseline:float target:float latest_value:float latest_date:date "+
		"progress:float elapsed:float status:text due_date:date start_date:date kpi_name:text unit:text direction:text financial:bool",
		[]any{"INI-001", "K1", 10.0, 20.0, 16.0, day("2026-11-01"), 0.6, 0.5, "on_track", day("2027-06-30"), day("2026-01-01"), "Cost to serve", "GBP", "decrease", true},
		[]any{"INI-002", "K2", 50.0, 80.0, 45.0, day("2026-10-15"), -0.1667, 0.7, "regressing", day("2027-03-31"), day("2026-01-01"), "NPS", "points", "increase", false},
		[]any{"INI-003", "K3", 0.0, 100.0, 30.0, day("2026-09-30"), 0.3, 0.8, "behind", day("2027-01-31"), day("2026-02-01"), "Data products", "count", "increase", false},
		[]any{"INI-004", "K4", 1.0, 2.0, 2.1, day("2026-08-31"), 1.1, 1.0, "achieved", day("2026-09-30"), day("2025-10-01"), "Leads", "k", "increase", true},
		[]any{"INI 005/x", "K5", 5.0, 10.0, nil, nil, nil, 0.4, "no_data", day("2027-12-31"), day("2026-06-01"), "Footfall", "k", "increase", false},
	)
	changes := table("audit_changes", "initiative_id:text name:text field:text item:text before:text after:text change:text",
		[]any{"INI-002", hostile, "escalation", nil, "cio", "executive", "escalation changed from cio to executive"},
		[]any{"INI-002", hostile, "outcome", nil, "behind", "regressing", "outcome changed from behind to regressing"},
		[]any{"INI-002", hostile, "target", "K2", "75", "80", "K2 target moved from 75 to 80"},
		[]any{"INI-003", "-Data platform", "review_flag", nil, "false", "true", "review_flag changed from false to true"},
	)
	history := table("report_history", "initiative_id:text reported_on:date rating:text previous_rating:text end_date:date "+
		"end_date_slip_days:int cumulative_slip_days:int whole_life_cost:decimal cost_change_pct:float cumulative_cost_change_pct:float "+
		"rebaselined:bool consecutive_red:int",
		[]any{"INI-002", day("2026-11-13"), "green", nil, day("2027-03-31"), nil, nil, 1000000.0, nil, nil, false, int64(0)},
		[]any{"INI-002", day("2026-11-27"), "green", "green", day("2027-03-31"), int64(0), int64(0), 1000000.0, 0.0, 0.0, false, int64(0)},
		[]any{"INI-003", day("2026-11-13"), "red", "amber_red", day("2027-03-31"), int64(59), int64(59), 440000.0, 10.0, 10.0, true, int64(2)},
		[]any{"INI-003", day("2026-11-27"), "red", "red", day("2027-05-31"), int64(61), int64(120), 480000.0, 9.09, 20.0, true, int64(3)},
	)
	reports := table("report_status", "initiative_id:text reported_on:date rating:text report_age_days:int stale:bool persistent_red:bool "+
		"times_rebaselined:int cumulative_slip_days:int cumulative_cost_change_pct:float unexplained_change:bool watermelon:bool",
		[]any{"INI-001", day("2026-09-18"), "amber_green", int64(70), true, false, int64(0), nil, nil, false, false},
		[]any{"INI-002", day("2026-11-27"), "green", int64(0), false, false, int64(0), int64(0), 0.0, false, true},
		[]any{"INI-003", day("2026-11-27"), "red", int64(0), false, true, int64(2), int64(120), 20.0, true, false},
	)
	dual := table("dual_running", "initiative_id:text retire_by:date legacy_spend_after_retire_by:decimal legacy_monthly_run_rate:decimal months_overdue:int",
		[]any{"INI-002", day("2026-06-30"), 204070.07, 40474.29, int64(4)},
		[]any{"INI-004", day("2027-06-30"), 0.0, 1000.0, int64(0)},
	)
	headline := table("headline", "spend_to_date:decimal mapped_spend:decimal mapped_share_of_spend:float balance_sheet_spend:decimal "+
		"balance_sheet_share_of_spend:float balance_sheet_share_of_mapped:float undated_spend:decimal duplicate_lines_excluded:int initiatives:int "+
		"flagged:int escalated_executive:int escalated_cio:int funding_holds:int spend_on_achieved_outcomes:decimal",
		[]any{2040000.5, 1845000.5, 0.9044, 705024.17, 0.3456, 0.3821, 0.0, int64(0), int64(5), int64(2), int64(1), int64(1), int64(1), 200000.0})
	byOutcome := table("spend_by_outcome_period", "period_start:date outcome:text amount:decimal",
		[]any{day("2026-07-01"), "on_track", 300000.0}, []any{day("2026-07-01"), "regressing", 950000.5},
		[]any{day("2026-10-01"), "on_track", 200000.0}, []any{day("2026-10-01"), "regressing", 300000.0},
		[]any{day("2026-10-01"), "behind", 90000.0}, []any{day("2026-10-01"), "unmapped", 195000.0},
		[]any{day("2026-10-01"), "achieved", 200000.0})
	recon := table("reconciliation", "metric:text label:text lines:int amount:decimal detail:text",
		[]any{"file_total", "Every line of spend.csv", int64(120), 2235000.5, "all spend lines"},
		[]any{"mapped", "Mapped to an initiative", int64(110), 2040000.5, "on 4 initiatives"})
	unmapped := table("check_unmapped_spend", "project_code:text lines:int amount:decimal",
		[]any{"P-999", int64(3), 195000.0}, []any{nil, int64(1), 12.5})
	portfolio := table("portfolio_summary", "portfolio:text initiatives:int approved_budget:decimal actual_cost:decimal flagged:int",
		[]any{"Finance", int64(2), 1000000.0, 590000.0, int64(1)}, []any{"Retail", int64(3), 1250000.0, 1450000.5, int64(1)})
	divergence := table("divergence", "initiative_id:text name:text velocity_ratio:float outcome_gap:float actual_cost:decimal outcome:text quadrant:text divergence:bool",
		[]any{"INI-002", hostile, 1.3, -0.8667, 1250000.5, "regressing", "delivery green, outcome red", true})

	qs := []*report.Query{
		view("link_status", "KPI link status", links),
		view("initiative_status", "Initiative status", status),
		view("reconciliation", "Reconciliation", recon),
		view("audit_changes", "Changes since the last audit", changes),
		view("funding_gate", "Funding gate", gate),
		view("review_flags", "Review flags", flags),
		view("headline", "Headline", headline),
		view("spend_by_outcome_period", "Spend by outcome and period", byOutcome),
		view("portfolio_summary", "Portfolio summary", portfolio),
		view("divergence", "Divergence", divergence),
		{Name: "check_unmapped_spend", File: "queries/900_check_unmapped_spend.sql", Title: "Unmapped spend", Kind: "check", Severity: "warning", Result: unmapped},
		{Name: "check_invalid_links", File: "queries/901_check_invalid_links.sql", Title: "Invalid links", Kind: "check", Severity: "warning",
			Result: table("check_invalid_links", "initiative_id:text kpi_id:text problem:text")},
	}
	qs[8].Sheet = "Portfolios"
	qs[9].Sheet = "Q3 [draft]: a/b*?"
	for _, v := range []struct {
		name, sheet string
		t           *report.Table
	}{{"report_history", "Status report history", history}, {"report_status", "Status reports", reports}, {"dual_running", "Dual running", dual}} {
		q := view(v.name, v.sheet, v.t)
		q.Sheet = v.sheet
		qs = append(qs, q)
	}
	return &report.Model{
		AsOf:        day("2026-11-27"),
		PeriodStart: day("2026-10-01"),
		PeriodEnd:   day("2027-01-01"),
		Version:     "v1.2.3",
		SiteURL:     "https://intranet.example/governance/",
		Params:      map[string]string{"cadence_days": "91", "escalation_executive": "1000000"},
		Queries:     qs,
		Inputs: []report.Input{
			{File: "sample-data/spend.csv", Rows: 120, SHA256: strings.Repeat("ab", 32)},
			{File: "sample-data/initiatives.csv", Rows: 5, SHA256: strings.Repeat("cd", 32)},
		},
		Findings: []report.Finding{{Check: "load", Severity: "warning", Text: "spend.csv: 2 lines dated after the as-of date were ignored"}},
	}
}
