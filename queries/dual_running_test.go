package queries_test

import "testing"

// dualFixture: DC promised to retire the on-prem hosting codes (a prefix rule)
// by 2026-06-30 and one more code by its end date; they are still billed.
const dualFixture = `
INSERT INTO initiatives VALUES
    ('DC', 'Data-centre exit', 'P', 'o', 'active', DATE '2026-01-01', DATE '2026-12-31', 5000000, NULL),
    ('DONE', 'Mainframe exit', 'P', 'o', 'done', DATE '2025-01-01', DATE '2026-03-31', NULL, NULL),
    ('EARLY', 'Not yet due', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-12-31', NULL, NULL);
INSERT INTO mappings VALUES
    ('finance', 'PC-DC', 'DC', NULL),
    ('retires', 'onprem-*', 'DC', DATE '2026-06-30'),
    ('retires', 'TAPE', 'DC', NULL),
    ('retires', 'MF-1', 'DONE', DATE '2026-03-31'),
    ('retires', 'OLD-CRM', 'EARLY', DATE '2027-06-30');
INSERT INTO spend (posting_date, amount, project_code) VALUES
    (DATE '2026-06-01', 1000000, 'PC-DC'),
    (DATE '2026-06-30', 40000, 'ONPREM-HOST'),    -- on the retire-by date: not after it
    (DATE '2026-07-01', 40000, 'OnPrem-Host'),
    (DATE '2026-08-01', 30000, 'ONPREM-NET'),
    (DATE '2026-09-01', 30000, 'ONPREM-HOST'),
    (DATE '2026-10-01', 30000, 'ONPREM-HOST'),
    (DATE '2026-11-02', 30000, 'ONPREM-HOST'),    -- in the month of the as-of date: not a complete month
    (DATE '2026-12-01', 99999, 'ONPREM-HOST'),    -- after the as-of date
    (NULL, 5000, 'ONPREM-HOST'),                  -- undated
    (DATE '2026-10-15', 7000, 'TAPE'),            -- before DC's end date: not yet overdue
    (DATE '2026-01-15', 9000, 'MF-1'),
    (DATE '2026-10-15', 1000, 'OLD-CRM');
`

func TestDualRunning(t *testing.T) {
	w := newWorld(t, dualFixture)
	got := w.rows(`SELECT * FROM dual_running`)
	want := [][]string{
		// 40,000 + 30,000 × 4 after 30 June; run rate (Aug + Sep + Oct, TAPE included) / 3
		{"DC", "2026-06-30", "160000", "32333.33", "4"},
		{"DONE", "2026-03-31", "0", "0", "7"},
		{"EARLY", "2027-06-30", "0", "333.33", "0"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT initiative_id, review_flag, impact, escalation FROM initiative_status`)
	want = [][]string{
		// dual-running cost counts toward the impact: 1,000,000 + 160,000
		{"DC", "true", "1160000", "executive"},
		{"DONE", "false", "0", "none"},
		{"EARLY", "false", "0", "none"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	if got := w.one(`SELECT reason FROM review_flags`); got != "Legacy not decommissioned: 4 months, 160,000 of dual-running cost" {
		t.Errorf("reason = %q", got)
	}
}

// TestDualRunningRunRateWholeMonth: on the last day of a month that month is
// complete and counts in the run rate.
func TestDualRunningRunRateWholeMonth(t *testing.T) {
	w := newWorld(t, dualFixture, "as_of=DATE '2026-11-30'")
	if got := w.one(`SELECT legacy_monthly_run_rate FROM dual_running WHERE initiative_id = 'DC'`); got != "32333.33" {
		t.Errorf("run rate as of 2026-11-30 = %s, want 32333.33 (Sep, Oct with TAPE, Nov)", got)
	}
}
