package queries_test

import "testing"

// reportFixture: R runs red three times in a row, with a slip of 0 days, a
// 5% and a 10% cost rise; G is rated green while its outcome regresses (a
// watermelon); S last reported exactly report_stale_days ago (not stale) and
// T one day before that (stale).
const reportFixture = `
INSERT INTO initiatives VALUES
    ('R', 'Red run', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-06-30', NULL, NULL),
    ('G', 'Green outside', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-06-30', NULL, NULL),
    ('S', 'On the boundary', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-06-30', NULL, NULL),
    ('T', 'Past the boundary', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-06-30', NULL, NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('opex', 'Opex', 'GBP k', 'decrease', 'o', 'pnl', 'IT operating costs');
INSERT INTO kpi_values VALUES ('opex', DATE '2026-10-01', 100), ('opex', DATE '2026-11-20', 120);
INSERT INTO links VALUES ('G', 'opex', 100, 80, DATE '2027-06-30', NULL);
INSERT INTO status_reports VALUES
    ('R', DATE '2026-09-04', 'amber', DATE '2027-03-31', 1000000, 'baseline'),
    ('R', DATE '2026-09-18', 'red', DATE '2027-03-31', NULL, 'no cost given'),
    ('R', DATE '2026-10-02', 'amber_red', DATE '2027-06-30', 1000000, 'slipped a quarter'),
    ('R', DATE '2026-10-16', 'exempt', NULL, 1050000, 'exempt this time'),
    ('R', DATE '2026-10-30', 'red', DATE '2027-06-30', 1050000, NULL),
    ('R', DATE '2026-11-13', 'red', DATE '2027-06-30', 1155000, 'cost up'),
    ('R', DATE '2026-11-27', 'amber_red', DATE '2027-09-30', 1155000, NULL),
    ('G', DATE '2026-11-20', 'green', DATE '2027-06-30', 500000, 'all fine'),
    ('S', DATE '2026-11-13', 'amber', NULL, 200000, NULL),
    ('S', DATE '2026-11-28', 'red', NULL, NULL, 'after the as-of date: not yet seen'),
    ('T', DATE '2026-11-12', 'green', NULL, 0, NULL),
    ('T', DATE '2026-11-12' - 14, 'green', NULL, 0, NULL);
`

func TestReportHistory(t *testing.T) {
	w := newWorld(t, reportFixture)
	got := w.rows(`SELECT initiative_id, reported_on, rating, previous_rating, end_date, end_date_slip_days, cumulative_slip_days,
		whole_life_cost, cost_change_pct, cumulative_cost_change_pct, rebaselined, consecutive_red FROM report_history`)
	want := [][]string{
		{"G", "2026-11-20", "green", "NULL", "2027-06-30", "NULL", "NULL", "500000", "NULL", "NULL", "false", "0"},
		// first report: nothing to compare with
		{"R", "2026-09-04", "amber", "NULL", "2027-03-31", "NULL", "NULL", "1000000", "NULL", "NULL", "false", "0"},
		// a slip of 0 days is no re-baseline; no cost, so no cost change
		{"R", "2026-09-18", "red", "amber", "2027-03-31", "0", "0", "NULL", "NULL", "NULL", "false", "1"},
		// the previous report lacks the cost: no change, but the cumulative one compares with the first that has it
		{"R", "2026-10-02", "amber_red", "red", "2027-06-30", "91", "91", "1000000", "NULL", "0", "true", "2"},
		// exempt breaks the run of reds; it has no end date, so no slip
		{"R", "2026-10-16", "exempt", "amber_red", "NULL", "NULL", "NULL", "1050000", "5", "5", "true", "0"},
		{"R", "2026-10-30", "red", "exempt", "2027-06-30", "NULL", "91", "1050000", "0", "5", "false", "1"},
		{"R", "2026-11-13", "red", "red", "2027-06-30", "0", "91", "1155000", "10", "15.5", "true", "2"},
		// exactly three in a row
		{"R", "2026-11-27", "amber_red", "red", "2027-09-30", "92", "183", "1155000", "0", "15.5", "true", "3"},
		{"S", "2026-11-13", "amber", "NULL", "NULL", "NULL", "NULL", "200000", "NULL", "NULL", "false", "0"},
		{"T", "2026-10-29", "green", "NULL", "NULL", "NULL", "NULL", "0", "NULL", "NULL", "false", "0"},
		// a previous cost of 0 gives no percentage
		{"T", "2026-11-12", "green", "green", "NULL", "NULL", "NULL", "0", "NULL", "NULL", "false", "0"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestReportStatus(t *testing.T) {
	w := newWorld(t, reportFixture)
	got := w.rows(`SELECT initiative_id, reported_on, rating, report_age_days, stale, persistent_red, times_rebaselined,
		cumulative_slip_days, cumulative_cost_change_pct, unexplained_change, watermelon FROM report_status`)
	want := [][]string{
		{"G", "2026-11-20", "green", "7", "false", "false", "0", "NULL", "NULL", "false", "true"},
		// three reds in a row is persistent; a slip with no narrative is unexplained
		{"R", "2026-11-27", "amber_red", "0", "false", "true", "4", "183", "15.5", "true", "false"},
		// 14 days old: on the boundary, not stale
		{"S", "2026-11-13", "amber", "14", "false", "false", "0", "NULL", "NULL", "false", "false"},
		{"T", "2026-11-12", "green", "15", "true", "false", "0", "NULL", "NULL", "false", "false"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	// Four reds in a row needed: three is not persistent.
	w = newWorld(t, reportFixture, "persistent_reports=4::INTEGER")
	if got := w.one(`SELECT persistent_red FROM report_status WHERE initiative_id = 'R'`); got != "false" {
		t.Errorf("persistent_reports 4: persistent_red = %s, want false", got)
	}
}

// TestUnexplainedChange: a cost move of exactly explain_threshold_pct needs no
// words; one past it does; a re-baseline always does.
func TestUnexplainedChange(t *testing.T) {
	const fixture = `
INSERT INTO initiatives VALUES
    ('AT', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('DOWN', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('PAST', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('SAID', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL);
INSERT INTO status_reports VALUES
    ('AT', DATE '2026-11-13', 'amber', NULL, 1000000, 'x'), ('AT', DATE '2026-11-27', 'amber', NULL, 950000, NULL),
    ('DOWN', DATE '2026-11-13', 'amber', NULL, 1000000, 'x'), ('DOWN', DATE '2026-11-27', 'amber', NULL, 949999.99, NULL),
    ('PAST', DATE '2026-11-13', 'amber', NULL, 1000000, 'x'), ('PAST', DATE '2026-11-27', 'amber', NULL, 1000000.01, NULL),
    ('SAID', DATE '2026-11-13', 'amber', NULL, 1000000, 'x'), ('SAID', DATE '2026-11-27', 'amber', NULL, 1100000, 'scope added');
`
	w := newWorld(t, fixture)
	got := w.rows(`SELECT h.initiative_id, h.cost_change_pct, h.rebaselined, s.unexplained_change
		FROM report_history AS h JOIN report_status AS s USING (initiative_id, reported_on)`)
	want := [][]string{
		{"AT", "-5", "false", "false"},   // exactly 5% down
		{"DOWN", "-5", "false", "false"}, // 5.000001% rounds to 5.00: the figure shown decides
		{"PAST", "0", "false", "false"},  // a rise that rounds to 0.00% is no re-baseline
		{"SAID", "10", "true", "false"},  // explained
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	w = newWorld(t, fixture, "explain_threshold_pct=4.99::DOUBLE", "rebaseline_tolerance_pct=10::DOUBLE")
	got = w.rows(`SELECT initiative_id, rebaselined, unexplained_change FROM report_status
		JOIN report_history USING (initiative_id, reported_on)`)
	want = [][]string{{"AT", "false", "true"}, {"DOWN", "false", "true"}, {"PAST", "false", "false"}, {"SAID", "false", "false"}}
	if table(got) != table(want) {
		t.Errorf("threshold 4.99, tolerance 10: got\n%swant\n%s", table(got), table(want))
	}
}

// TestWatermelonAndPersistentRedAreFlagged: both raise a review flag with
// their reason in words and escalate by impact like any other flag.
func TestWatermelonAndPersistentRedAreFlagged(t *testing.T) {
	w := newWorld(t, reportFixture+`
INSERT INTO mappings (system, key, initiative_id) VALUES ('finance', 'PC-G', 'G'), ('finance', 'PC-R', 'R');
INSERT INTO spend (posting_date, amount, project_code) VALUES (DATE '2026-06-01', 300000, 'PC-G'), (DATE '2026-06-01', 1000, 'PC-R');
`)
	got := w.rows(`SELECT initiative_id, impact, escalation, reason FROM review_flags`)
	want := [][]string{
		{"G", "300000", "cio", "Outcome regressing: Opex moved away from target; status report rated green while the evidence is red (watermelon)"},
		{"R", "1000", "pmo", "Persistent red: rated red or amber/red in 3 reports running"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	// On 2026-11-13 R had two reds in a row: the flag is new since then.
	got = w.rows(`SELECT field, before, after FROM audit_changes WHERE initiative_id = 'R' ORDER BY field`)
	want = [][]string{{"escalation", "none", "pmo"}, {"review_flag", "false", "true"}}
	if table(got) != table(want) {
		t.Errorf("audit_changes for R: got\n%swant\n%s", table(got), table(want))
	}
}

// TestWatermelonEvidence: green or amber-green against each kind of red
// evidence; amber against it is honest.
func TestWatermelonEvidence(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('OVER', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('HONEST', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('FINE', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 1000, NULL);
INSERT INTO mappings (system, key, initiative_id) SELECT 'finance', initiative_id, initiative_id FROM initiatives;
INSERT INTO spend (posting_date, amount, project_code) VALUES
    (DATE '2026-06-01', 200, 'OVER'), (DATE '2026-06-01', 200, 'HONEST'), (DATE '2026-06-01', 200, 'FINE');
INSERT INTO status_reports VALUES
    ('OVER', DATE '2026-11-27', 'amber_green', NULL, NULL, NULL),
    ('HONEST', DATE '2026-11-27', 'amber', NULL, NULL, NULL),
    ('FINE', DATE '2026-11-27', 'green', NULL, NULL, NULL);
`)
	got := w.rows(`SELECT initiative_id, watermelon FROM report_status`)
	want := [][]string{{"FINE", "false"}, {"HONEST", "false"}, {"OVER", "true"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}
