package queries_test

import "testing"

// storyFixture is a small portfolio told end to end. The previous audit was
// 2026-11-13; since then the data-centre KPI went backwards and more money was
// spent, and an initiative with no KPI link started spending.
const storyFixture = `
INSERT INTO initiatives VALUES
    ('DC', 'Data-centre exit', 'Infrastructure', 'Ann', 'active', DATE '2026-01-01', DATE '2027-06-30', 500000, 10),
    ('HOLD', 'Shiny dashboard', 'Digital', 'Bob', 'active', DATE '2026-09-01', NULL, 50000, NULL),
    ('OK', 'Payroll upgrade', 'Digital', 'Cy', 'active', DATE '2026-01-01', NULL, 300000, 20);
INSERT INTO mappings (system, key, initiative_id) VALUES
    ('finance', 'PC-DC', 'DC'), ('finance', 'PC-HOLD', 'HOLD'), ('finance', 'PC-OK', 'OK'),
    ('delivery', 'EP-DC', 'DC'), ('delivery', 'EP-OK', 'OK');
INSERT INTO spend (posting_date, amount, project_code, cost_center, gl_account, vendor, description) VALUES
    (DATE '2026-06-01', 500000, 'PC-DC', 'CC1', '6100', 'Acme', 'build'),
    (DATE '2026-11-20', 120000, 'PC-DC', 'CC1', '6100', 'Acme', 'build'),
    (DATE '2026-11-24', 8000, 'PC-HOLD', 'CC2', '6100', 'Beta', 'licences'),
    (DATE '2026-11-02', 100000, 'PC-OK', 'CC3', '6100', 'Gamma', 'licences'),
    (DATE '2026-11-03', 700.50, 'PC-X', 'CC9', '6100', 'Delta', 'unknown project'),
    (DATE '2026-11-25', 299.50, 'PC-X', 'CC9', '6100', 'Delta', 'unknown project'),
    (DATE '2026-11-26', 42, NULL, 'CC9', '6100', 'Echo', 'no code'),
    (DATE '2026-11-28', 999, 'PC-DC', 'CC1', '6100', 'Acme', 'after as_of');
INSERT INTO issues VALUES
    ('DC-1', 'EP-DC', 10.8, 'done', DATE '2026-10-01', DATE '2026-10-13'),
    ('DC-2', 'EP-DC', 10.8, 'done', DATE '2026-10-01', DATE '2026-10-27'),
    ('DC-3', 'EP-DC', 10.8, 'done', DATE '2026-10-01', DATE '2026-11-10'),
    ('OK-1', 'EP-OK', 5, 'done', DATE '2026-10-01', DATE '2026-11-10'),
    ('X-1', 'EP-X', 3, 'open', DATE '2026-10-01', NULL),
    ('X-2', 'EP-X', NULL, 'open', DATE '2026-10-01', NULL),
    ('X-3', NULL, 2, 'open', DATE '2026-10-01', NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('opex', 'Data-centre opex', 'GBP k', 'decrease', 'Ann', 'pnl', 'IT operating costs'),
    ('payroll', 'Payroll errors', 'count', 'decrease', 'Cy', 'none', NULL),
    ('orphan', 'Unmeasured KPI', 'count', 'increase', 'Cy', 'none', NULL);
INSERT INTO kpi_values VALUES
    ('opex', DATE '2026-10-01', 90),
    ('opex', DATE '2026-11-20', 104),
    ('payroll', DATE '2026-11-01', 40);
INSERT INTO links VALUES
    ('DC', 'opex', 100, 80, DATE '2027-06-30', NULL),
    ('OK', 'payroll', 100, 0, DATE '2027-01-01', NULL),
    ('OK', 'orphan', 0, 10, DATE '2027-01-01', NULL);
`

func TestStoryInitiativeStatus(t *testing.T) {
	w := newWorld(t, storyFixture)
	got := w.rows(`SELECT initiative_id, outcome, lacks_balance_sheet_link, funding_hold, velocity_ratio, divergence,
		actual_cost, overrun, review_flag, impact, escalation FROM initiative_status`)
	want := [][]string{
		{"DC", "regressing", "false", "false", "1.08", "true", "620000", "true", "true", "620000", "cio"},
		{"HOLD", "unlinked", "true", "true", "NULL", "false", "8000", "false", "false", "0", "none"},
		{"OK", "no_data", "true", "false", "0.0833", "false", "100000", "false", "false", "0", "none"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestStoryReviewFlagReason(t *testing.T) {
	w := newWorld(t, storyFixture)
	got := w.rows(`SELECT initiative_id, escalation, reason FROM review_flags`)
	want := [][]string{{"DC", "cio",
		"Outcome regressing: Data-centre opex moved away from target; " +
			"delivery velocity 1.08x plan while outcome not arriving; over budget by 120,000"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestStoryAuditChanges(t *testing.T) {
	w := newWorld(t, storyFixture)
	if got := w.one(`SELECT previous_as_of FROM audit_period`); got != "2026-11-13" {
		t.Fatalf("previous_as_of = %s", got)
	}
	got := w.rows(`SELECT initiative_id, field, before, after FROM audit_changes`)
	want := [][]string{
		{"DC", "escalation", "none", "cio"},
		{"DC", "outcome", "on_track", "regressing"}, // on 11-13 the latest value (90) was half way
		{"DC", "review_flag", "false", "true"},
		{"HOLD", "funding_hold", "false", "true"}, // its first spend is in this period
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestStoryReconciliation(t *testing.T) {
	w := newWorld(t, storyFixture)
	got := w.rows(`SELECT metric, lines, amount, detail FROM reconciliation`)
	want := [][]string{
		{"file_total", "8", "730041", "as read from the file"},
		{"duplicate_excluded", "0", "0", "repeat an earlier line's transaction_id and every other column; listed by check_duplicate_spend"},
		{"counted_total", "8", "730041", "split into the four rows below"},
		{"undated", "0", "0", "in no dated rule; listed by check_undated_spend"},
		{"after_as_of", "1", "999", "dated after 2026-11-27; counted in a later audit"},
		{"dated_to_as_of", "7", "729042", "the base of every share in the headline; = mapped + unmapped"},
		{"mapped", "4", "728000", "on 3 initiatives"},
		{"unmapped", "3", "1042", "under 2 project codes; listed by check_unmapped_spend"},
		{"unexplained_difference", "0", "0", "counted less undated, after the as-of date, mapped and unmapped"},
		{"balance_sheet_linked", "2", "620000", "part of mapped: initiatives linked to a P&L or balance-sheet KPI"},
		{"issues_unmapped", "3", "NULL", "2 epics (or no epic), 5 story points"},
		{"kpi_links_without_values", "1", "NULL", "OK / orphan"},
		{"invalid_links", "0", "NULL", "none"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	// The proof, independently of the view: every counted spend line is mapped or unmapped.
	if got := w.one(`SELECT (SELECT sum(amount) FROM spend WHERE posting_date <= DATE '2026-11-27')
		= (SELECT sum(amount) FROM spend_by_period)`); got != "true" {
		t.Errorf("spend_by_period does not add up to the spend total")
	}
	got = w.rows(`SELECT * FROM check_unmapped_spend`)
	want = [][]string{{"NULL", "1", "42", "NULL"}, {"PC-X", "2", "1000", "NULL"}}
	if table(got) != table(want) {
		t.Errorf("check_unmapped_spend: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM check_unmapped_epics`)
	want = [][]string{{"NULL", "1", "2"}, {"EP-X", "2", "3"}}
	if table(got) != table(want) {
		t.Errorf("check_unmapped_epics: got\n%swant\n%s", table(got), table(want))
	}
}

func TestStoryPeriodsAndCharts(t *testing.T) {
	w := newWorld(t, storyFixture)
	got := w.rows(`SELECT * FROM spend_by_period`)
	want := [][]string{
		{"2026-05-25", "2026-06-08", "DC", "regressing", "500000", "500000"},
		{"2026-10-26", "2026-11-09", "OK", "no_data", "100000", "100000"},
		{"2026-10-26", "2026-11-09", "NULL", "unmapped", "700.5", "700.5"},
		{"2026-11-09", "2026-11-23", "DC", "regressing", "120000", "620000"},
		{"2026-11-23", "2026-12-07", "HOLD", "unlinked", "8000", "8000"},
		{"2026-11-23", "2026-12-07", "NULL", "unmapped", "341.5", "1042"},
	}
	if table(got) != table(want) {
		t.Errorf("spend_by_period: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM spend_by_outcome_period WHERE period_start >= DATE '2026-10-26'`)
	want = [][]string{
		{"2026-10-26", "no_data", "100000"},
		{"2026-10-26", "unmapped", "700.5"},
		{"2026-11-09", "regressing", "120000"},
		{"2026-11-23", "unlinked", "8000"},
		{"2026-11-23", "unmapped", "341.5"},
	}
	if table(got) != table(want) {
		t.Errorf("spend_by_outcome_period: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM divergence`)
	want = [][]string{
		{"DC", "Data-centre exit", "1.08", "-0.8055", "620000", "regressing", "delivery green, outcome red", "true"},
		// payroll: progress 0.6 at elapsed 0.9041; its orphan KPI makes the outcome no_data
		{"OK", "Payroll upgrade", "0.0833", "-0.3041", "100000", "no_data", "delivery red, outcome red", "false"},
	}
	if table(got) != table(want) {
		t.Errorf("divergence: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM portfolio_summary`)
	want = [][]string{
		{"Digital", "2", "350000", "108000", "0"},
		{"Infrastructure", "1", "500000", "620000", "1"},
	}
	if table(got) != table(want) {
		t.Errorf("portfolio_summary: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT period_start, points, planned_points, complete FROM velocity_by_period
		WHERE initiative_id = 'DC' AND period_start >= DATE '2026-10-12'`)
	want = [][]string{
		{"2026-10-12", "10.8", "10", "true"},
		{"2026-10-26", "10.8", "10", "true"},
		{"2026-11-09", "10.8", "10", "true"},
		{"2026-11-23", "0", "10", "false"},
	}
	if table(got) != table(want) {
		t.Errorf("velocity_by_period: got\n%swant\n%s", table(got), table(want))
	}
	if got := w.one(`SELECT count(*) FROM velocity_by_period WHERE initiative_id = 'DC'`); got != "25" {
		t.Errorf("DC has %s velocity periods, want 25 (periods -1 .. 23)", got)
	}
	got = w.rows(`SELECT initiative_id, kpi_id, date, value FROM kpi_series`)
	want = [][]string{
		{"DC", "opex", "2026-10-01", "90"},
		{"DC", "opex", "2026-11-20", "104"},
		{"OK", "payroll", "2026-11-01", "40"},
	}
	if table(got) != table(want) {
		t.Errorf("kpi_series: got\n%swant\n%s", table(got), table(want))
	}
}

func TestAmbiguousMappingsCountSpendOnce(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('A', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('B', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL);
INSERT INTO mappings (system, key, initiative_id) VALUES
    ('finance', 'PC-1', 'B'), ('finance', 'PC-1', 'A'), ('finance', 'PC-GHOST', 'NOPE'),
    ('delivery', 'EP-1', 'A');
INSERT INTO spend (posting_date, amount, project_code, cost_center, gl_account, vendor, description) VALUES
    (DATE '2026-11-01', 100, 'PC-1', NULL, NULL, NULL, NULL),
    (DATE '2026-11-01', 7, 'PC-GHOST', NULL, NULL, NULL, NULL);
`)
	got := w.rows(`SELECT initiative_id, actual_cost FROM initiative_status`)
	want := [][]string{{"A", "100"}, {"B", "0"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM check_ambiguous_mappings`)
	want = [][]string{
		{"finance", "PC-1", "mapped to 2 initiatives (A, B)"},
		{"finance", "PC-GHOST", "mapped to unknown initiative NOPE"},
	}
	if table(got) != table(want) {
		t.Errorf("check_ambiguous_mappings: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT metric, amount FROM reconciliation WHERE metric IN ('mapped', 'unmapped', 'unexplained_difference')`)
	want = [][]string{{"mapped", "100"}, {"unmapped", "7"}, {"unexplained_difference", "0"}}
	if table(got) != table(want) {
		t.Errorf("reconciliation: got\n%swant\n%s", table(got), table(want))
	}
}
