package site

import (
	"strconv"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/reports"
)

// defaultParams are the run's parameters at their defaults, from config,
// the one place defaults live.
func defaultParams() map[string]string {
	out := map[string]string{}
	for _, v := range (&config.Config{AsOf: d("2026-11-27"), Params: config.DefaultParams()}).Vars() {
		out[v.Name] = v.Value
	}
	return out
}

// d parses an ISO date for fixtures.
func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// tbl builds a table from "name type, name type" with contract formats.
func tbl(name, cols string, rows ...[]any) *report.Table {
	t := &report.Table{Name: name}
	for _, c := range strings.Split(cols, ",") {
		f := strings.Fields(c)
		typ := report.Type(f[1])
		t.Columns = append(t.Columns, report.Column{Name: f[0], Type: typ, Format: report.FormatFor(f[0], typ)})
	}
	for _, r := range rows {
		if len(r) != len(t.Columns) {
			panic(name + ": row has wrong width")
		}
		for i, c := range t.Columns {
			// decimal columns hold exact decimals, as the warehouse gives them
			if f, ok := r[i].(float64); ok && c.Type == report.Decimal {
				r[i] = dec(f)
			}
		}
	}
	t.Rows = rows
	return t
}

func dec(f float64) report.Dec {
	d, err := report.ParseDec(strconv.FormatFloat(f, 'f', 2, 64))
	if err != nil {
		panic(err)
	}
	return d
}

func r(v ...any) []any { return v }

// names used by the fixture; the hostile fixture swaps in nasty text.
type names struct {
	cloud, lake, crm, owner, kpi string
}

var plainNames = names{"Cloud migration", "Data lake", "CRM replacement", "Ana Silva", "Hosting cost per user"}

var hostileNames = names{
	cloud: `</script><script>alert(1)</script>`,
	lake:  `<img src=x onerror=alert(1)> "quoted" & 'single'`,
	crm:   `Système de relation client — 顧客管理 </SCRIPT>`,
	owner: `O'Brien "<b>boss</b>" </script>`,
	kpi:   `KPI </script><img src=x onerror=alert(1)> ünïcödé`,
}

// fixtureModel is a tiny portfolio covering every view in docs/outputs.md.
func fixtureModel(n names) *report.Model {
	const (
		cloud = "INF-CLOUD"
		lake  = "DATA-LAKE"
		crm   = "CRM/X 1" // not URL-safe on purpose
		dgor  = "delivery green, outcome red"
		dgog  = "delivery green, outcome green"
		dror  = "delivery red, outcome red"
	)
	q := func(name, title, kind string, chart *report.Chart, t *report.Table) *report.Query {
		return &report.Query{Name: name, File: "queries/" + name + ".sql", Title: title, Description: "The " + strings.ReplaceAll(name, "_", " ") + " view.", Kind: kind, Chart: chart, Result: t}
	}
	check := func(name, sev string, t *report.Table) *report.Query {
		c := q(name, "", "check", nil, t)
		c.Severity = sev
		return c
	}
	m := &report.Model{
		AsOf: d("2026-11-27"), PeriodStart: d("2026-11-01"), PeriodEnd: d("2026-12-01"), Version: "test",
		Params:   defaultParams(),
		Inputs:   []report.Input{{File: "sample-data/spend.csv", Rows: 6, SHA256: "abc123"}},
		Warnings: []string{"kpis.csv: 1 KPI has no values"},
		Findings: []report.Finding{{Check: "check_unmapped_spend", Severity: "warning", Text: "project P-99: 2 lines, 1,200 unmapped"}},
	}
	m.Queries = []*report.Query{
		q("audit_period", "Audit period", "view", nil, tbl("audit_period", "as_of date, period_index int, period_start date, period_end date, previous_as_of date",
			r(d("2026-11-27"), int64(5), d("2026-11-01"), d("2026-12-01"), d("2026-10-30")))),
		q("headline", "Headline", "view", nil, tbl("headline", "spend_to_date decimal, mapped_spend decimal, mapped_share_of_spend float, balance_sheet_spend decimal, balance_sheet_share_of_spend float, balance_sheet_share_of_mapped float, undated_spend decimal, duplicate_lines_excluded int, initiatives int, flagged int, escalated_executive int, escalated_cio int, funding_holds int, spend_on_achieved_outcomes decimal",
			r(1234567.5, 1111110.75, 0.9, 769630.2, 0.6234, 0.6927, 15000.0, int64(2), int64(3), int64(2), int64(1), int64(1), int64(1), 250000.0))),
		q("initiative_status", "Initiative status", "view", nil, tbl("initiative_status", "initiative_id text, name text, portfolio text, owner text, status text, outcome text, lacks_balance_sheet_link bool, funding_hold bool, velocity_ratio float, divergence bool, actual_cost decimal, approved_budget decimal, overrun bool, budget_status text, cost_variance_pct float, schedule_variance_pct float, milestone_variance_band text, slipped_milestones int, review_flag bool, impact decimal, escalation text",
			r(cloud, n.cloud, "Infrastructure", n.owner, "active", "behind", false, false, 1.1, true, 900000.0, 800000.0, true, "over_budget", 12.5, 5.0, "red", int64(1), true, 500000.0, "executive"),
			r(crm, n.crm, "Sales", n.owner, "active", "regressing", true, true, 0.5, false, 300000.0, 400000.0, false, "within_budget", -25.0, 20.0, "yellow", int64(0), true, 120000.0, "cio"),
			r(lake, n.lake, "Data", "Ben Okafor", "active", "on_track", false, false, 0.95, false, 34567.5, nil, false, "no_budget", -65.43, 0.0, "green", int64(0), false, 0.0, "none"))),
		q("link_status", "Link status", "view", nil, tbl("link_status", "initiative_id text, kpi_id text, baseline float, target float, latest_value float, latest_date date, progress float, elapsed float, status text, due_date date, start_date date, kpi_name text, unit text, direction text, financial bool",
			r(cloud, "K-HOST", 10.0, 6.0, 9.5, d("2026-10-31"), 0.125, 0.6, "behind", d("2027-06-30"), d("2026-01-01"), n.kpi, "EUR", "decrease", true),
			r(lake, "K-TTI", 30.0, 10.0, 18.0, d("2026-10-31"), 0.6, 0.5, "on_track", d("2027-03-31"), d("2026-02-01"), "Time to insight", "days", "decrease", false))),
		q("divergence", "Divergence", "view", &report.Chart{Type: "scatter", X: "velocity_ratio", Y: []string{"outcome_gap"}, Series: "quadrant", Size: "actual_cost"}, tbl("divergence", "initiative_id text, name text, velocity_ratio float, outcome_gap float, actual_cost decimal, outcome text, quadrant text, divergence bool",
			r(cloud, n.cloud, 1.1, -0.475, 900000.0, "behind", dgor, true),
			r(crm, n.crm, 0.5, -0.3, 300000.0, "regressing", dror, false),
			r(lake, n.lake, 0.95, 0.1, 34567.5, "on_track", dgog, false))),
		q("review_flags", "Review flags", "view", nil, tbl("review_flags", "initiative_id text, name text, portfolio text, owner text, outcome text, divergence bool, overrun bool, budget_status text, milestone_variance_band text, actual_cost decimal, impact decimal, escalation text, reason text",
			r(cloud, n.cloud, "Infrastructure", n.owner, "behind", true, true, "over_budget", "red", 900000.0, 500000.0, "executive", "delivery on plan but hosting cost per user is behind; 12.5% over budget"),
			r(crm, n.crm, "Sales", n.owner, "regressing", false, false, "within_budget", "yellow", 300000.0, 120000.0, "cio", "outcome regressing"))),
		q("funding_gate", "Funding gate", "view", nil, tbl("funding_gate", "initiative_id text, name text, portfolio text, owner text, status text, spend_this_period decimal, spend_to_date decimal, approved_budget decimal, funding_hold bool, recommended_action text",
			r(crm, n.crm, "Sales", n.owner, "active", 20000.0, 300000.0, 400000.0, true, "hold funding until a balance-sheet KPI is linked"))),
		q("reconciliation", "Reconciliation", "view", nil, tbl("reconciliation", "metric text, label text, lines int, amount decimal, detail text",
			r("dated_to_as_of", "Spend to date", int64(9), 1235767.5, ""), r("mapped", "Mapped", int64(7), 1234567.5, ""), r("unmapped", "Unmapped", int64(2), 1200.0, "P-99"))),
		q("audit_changes", "Audit changes", "view", nil, tbl("audit_changes", "initiative_id text, name text, field text, item text, before text, after text, change text",
			r(cloud, n.cloud, "escalation", nil, "cio", "executive", "escalation changed from cio to executive"),
			r(cloud, n.cloud, "target", "K-HOST", "8", "6", "K-HOST target moved from 8 to 6"),
			r(crm, n.crm, "funding_hold", nil, "false", "true", "funding_hold changed from false to true"))),
		q("spend_by_period", "Spend by period", "view", &report.Chart{Type: "line", X: "period_start", Y: []string{"cumulative_amount"}, Series: "initiative_id"}, tbl("spend_by_period", "period_start date, period_end date, initiative_id text, outcome text, amount decimal, cumulative_amount decimal",
			r(d("2026-09-01"), d("2026-10-01"), cloud, "behind", 400000.0, 400000.0),
			r(d("2026-09-01"), d("2026-10-01"), lake, "on_track", 14567.5, 14567.5),
			r(d("2026-09-01"), d("2026-10-01"), nil, "unmapped", 1200.0, 1200.0),
			r(d("2026-10-01"), d("2026-11-01"), cloud, "behind", 300000.0, 700000.0),
			r(d("2026-10-01"), d("2026-11-01"), crm, "regressing", 280000.0, 280000.0),
			r(d("2026-11-01"), d("2026-12-01"), cloud, "behind", 200000.0, 900000.0),
			r(d("2026-11-01"), d("2026-12-01"), crm, "regressing", 20000.0, 300000.0),
			r(d("2026-11-01"), d("2026-12-01"), lake, "on_track", 20000.0, 34567.5))),
		q("spend_by_outcome_period", "Spend by outcome and period", "view", &report.Chart{Type: "bar", X: "period_start", Y: []string{"amount"}, Series: "outcome"}, tbl("spend_by_outcome_period", "period_start date, outcome text, amount decimal",
			r(d("2026-09-01"), "behind", 400000.0), r(d("2026-09-01"), "on_track", 14567.5), r(d("2026-09-01"), "unmapped", 1200.0),
			r(d("2026-10-01"), "behind", 300000.0), r(d("2026-10-01"), "regressing", 280000.0),
			r(d("2026-11-01"), "behind", 200000.0), r(d("2026-11-01"), "on_track", 20000.0), r(d("2026-11-01"), "regressing", 20000.0))),
		q("velocity_by_period", "Velocity by period", "view", nil, tbl("velocity_by_period", "initiative_id text, period_start date, period_end date, points float, planned_points float, complete bool",
			r(cloud, d("2026-10-01"), d("2026-11-01"), 22.0, 20.0, true), r(cloud, d("2026-11-01"), d("2026-12-01"), 12.0, 20.0, false),
			r(crm, d("2026-10-01"), d("2026-11-01"), 5.0, 10.0, true))),
		q("kpi_series", "KPI series", "view", nil, tbl("kpi_series", "initiative_id text, kpi_id text, kpi_name text, date date, value float, baseline float, target float, due_date date",
			r(cloud, "K-HOST", n.kpi, d("2026-08-31"), 10.0, 10.0, 6.0, d("2027-06-30")),
			r(cloud, "K-HOST", n.kpi, d("2026-09-30"), 9.8, 10.0, 6.0, d("2027-06-30")),
			r(cloud, "K-HOST", n.kpi, d("2026-10-31"), 9.5, 10.0, 6.0, d("2027-06-30")),
			r(lake, "K-TTI", "Time to insight", d("2026-10-31"), 18.0, 30.0, 10.0, d("2027-03-31")))),
		q("milestone_variance", "Milestone variance", "view", nil, tbl("milestone_variance", "initiative_id text, milestone text, start_date date, planned_end_date date, forecast_end_date date, actual_end_date date, planned_cost decimal, forecast_cost decimal, cost_variance decimal, schedule_variance_days int, slipped bool",
			r(cloud, "Landing zone", d("2026-01-01"), d("2026-06-30"), d("2026-08-31"), nil, 300000.0, 350000.0, 50000.0, int64(62), true))),
		q("portfolio_summary", "Portfolio summary", "view", &report.Chart{Type: "pie", X: "portfolio", Y: []string{"actual_cost"}}, tbl("portfolio_summary", "portfolio text, initiatives int, approved_budget decimal, actual_cost decimal, flagged int",
			r("Data", int64(1), 100000.0, 34567.5, int64(0)), r("Infrastructure", int64(1), 800000.0, 900000.0, int64(1)), r("Sales", int64(1), 400000.0, 300000.0, int64(1)))),
		q("report_history", "Status report history", "view", nil, tbl("report_history", "initiative_id text, reported_on date, rating text, previous_rating text, end_date date, end_date_slip_days int, cumulative_slip_days int, whole_life_cost decimal, cost_change_pct float, cumulative_cost_change_pct float, rebaselined bool, consecutive_red int",
			r(cloud, d("2026-11-13"), "green", nil, d("2027-06-30"), nil, nil, 1000000.0, nil, nil, false, int64(0)),
			r(cloud, d("2026-11-27"), "green", "green", d("2027-06-30"), int64(0), int64(0), 1000000.0, 0.0, 0.0, false, int64(0)),
			r(crm, d("2026-10-30"), "amber_red", nil, d("2027-01-31"), nil, nil, 400000.0, nil, nil, false, int64(1)),
			r(crm, d("2026-11-13"), "red", "amber_red", d("2027-03-31"), int64(59), int64(59), 440000.0, 10.0, 10.0, true, int64(2)),
			r(crm, d("2026-11-27"), "red", "red", d("2027-05-31"), int64(61), int64(120), 480000.0, 9.09, 20.0, true, int64(3)),
			r(lake, d("2026-09-18"), "amber_green", nil, d("2027-03-31"), nil, nil, 100000.0, nil, nil, false, int64(0)))),
		q("report_status", "Status reports", "view", nil, tbl("report_status", "initiative_id text, reported_on date, rating text, report_age_days int, stale bool, persistent_red bool, times_rebaselined int, cumulative_slip_days int, cumulative_cost_change_pct float, unexplained_change bool, watermelon bool",
			r(cloud, d("2026-11-27"), "green", int64(0), false, false, int64(0), int64(0), 0.0, false, true),
			r(crm, d("2026-11-27"), "red", int64(0), false, true, int64(2), int64(120), 20.0, true, false),
			r(lake, d("2026-09-18"), "amber_green", int64(70), true, false, int64(0), nil, nil, false, false))),
		q("dual_running", "Dual running", "view", nil, tbl("dual_running", "initiative_id text, retire_by date, legacy_spend_after_retire_by decimal, legacy_monthly_run_rate decimal, months_overdue int",
			r(cloud, d("2026-06-30"), 204070.07, 40474.29, int64(4)))),
		q("audits", "Audits", "view", nil, tbl("audits", "as_of date, current bool, spend_to_date decimal, mapped_share_of_spend float, flagged int, escalated_executive int, escalated_cio int, funding_holds int, board_pack text, run_json text",
			r(d("2026-11-27"), true, 1234567.5, 0.9, int64(2), int64(1), int64(1), int64(1), "archive/2026-11-27/board-pack.xlsx", "archive/2026-11-27/run.json"),
			r(d("2026-11-13"), false, 1100000.0, 0.88, int64(1), int64(0), int64(1), int64(1), "archive/2026-11-13/board-pack.xlsx", "archive/2026-11-13/run.json"),
			r(d("2026-10-30"), false, 900000.0, 0.8, int64(1), int64(0), int64(0), int64(0), "../../outside/board-pack.xlsx", "/srv/run.json"))),
		check("check_invalid_links", "warning", tbl("check_invalid_links", "initiative_id text, kpi_id text, problem text")),
		check("check_kpis_without_values", "warning", tbl("check_kpis_without_values", "initiative_id text, kpi_id text, problem text", r(crm, "K-NPS", "no values for KPI "+n.kpi))),
		check("check_unmapped_spend", "warning", tbl("check_unmapped_spend", "project_code text, lines int, amount decimal", r("P-99", int64(2), 1200.0))),
		check("check_unmapped_epics", "warning", tbl("check_unmapped_epics", "epic_key text, issues int, story_points float", r(nil, int64(3), 8.0))),
	}
	analyst := q("analyst_area", n.kpi+" by period", "view", &report.Chart{Type: "area", X: "period_start", Y: []string{"amount"}, Series: "outcome"}, m.Table("spend_by_outcome_period"))
	analyst.File = "workspace/queries/900_analyst.sql"
	hidden := q("hidden_helper", "Hidden", "view", nil, tbl("hidden_helper", "x int", r(int64(1))))
	hidden.Hidden = true
	m.Queries = append(m.Queries, analyst, hidden)
	m.Pages = []report.Page{
		{Name: "notes", File: "reports/notes.md", Source: []byte("---\ntitle: Notes for " + n.kpi + "\norder: 20\n---\n\nText with <b>raw</b> html and {{value initiative_status.name}}.\n\n```table review_flags limit=1\n```\n")},
		{Name: "index", File: "reports/index.md", Source: defaultNarrative()},
	}
	return m
}

func defaultNarrative() []byte {
	b, err := reports.FS.ReadFile("index.md")
	if err != nil {
		panic(err)
	}
	return b
}
