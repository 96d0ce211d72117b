package queries_test

import "testing"

func TestEscalationThresholds(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('cio_at',     'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('cio_below',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('exec_at',    'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('exec_below', 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100, NULL),
    ('in_budget',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 2000000, NULL),
    ('on_budget',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, 500, NULL),
    ('no_budget',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL);
INSERT INTO mappings (system, key, initiative_id) SELECT 'finance', initiative_id, initiative_id FROM initiatives;
INSERT INTO spend (posting_date, amount, project_code, cost_center, gl_account, vendor, description) VALUES
    (DATE '2026-06-01', 250000.00,  'cio_at', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 249999.99,  'cio_below', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 600000.00,  'exec_at', NULL, NULL, NULL, NULL),
    (DATE '2026-07-01', 400000.00,  'exec_at', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 999999.99,  'exec_below', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 1500000.00, 'in_budget', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 500.00,     'on_budget', NULL, NULL, NULL, NULL),
    (DATE '2026-06-01', 500.00,     'no_budget', NULL, NULL, NULL, NULL);
`)
	got := w.rows(`SELECT initiative_id, actual_cost, overrun, review_flag, impact, escalation FROM initiative_status`)
	want := [][]string{
		{"cio_at", "250000", "true", "true", "250000", "cio"},
		{"cio_below", "249999.99", "true", "true", "249999.99", "pmo"},
		{"exec_at", "1000000", "true", "true", "1000000", "executive"},
		{"exec_below", "999999.99", "true", "true", "999999.99", "cio"},
		{"in_budget", "1500000", "false", "false", "0", "none"},
		{"no_budget", "500", "false", "false", "0", "none"}, // no approved budget: no overrun to measure
		{"on_budget", "500", "false", "false", "0", "none"}, // spend equal to budget is not an overrun
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT initiative_id, impact, escalation, reason FROM review_flags`)
	want = [][]string{
		{"exec_at", "1000000", "executive", "Over budget by 999,900"},
		{"exec_below", "999999.99", "cio", "Over budget by 999,900"},
		{"cio_at", "250000", "cio", "Over budget by 249,900"},
		{"cio_below", "249999.99", "pmo", "Over budget by 249,900"},
	}
	if table(got) != table(want) {
		t.Errorf("review_flags: got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT * FROM headline`)
	want = [][]string{{"4000999.98", "4000999.98", "1", "0", "0", "0", "0", "0", "7", "4", "1", "2", "0", "0"}}
	if table(got) != table(want) {
		t.Errorf("headline: got\n%swant\n%s", table(got), table(want))
	}
}

func TestVarianceBands(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives SELECT id, 'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL
    FROM (VALUES ('c9'), ('c10'), ('c29'), ('c30'), ('under'), ('mixed'), ('none'), ('sched')) AS t(id);
INSERT INTO milestones VALUES
    -- cost: planned - forecast, as a percent of planned
    ('c9',  'm', NULL, NULL, NULL, NULL, 10000, 10999),  -- -9.99%: green
    ('c10', 'm', NULL, NULL, NULL, NULL, 100, 110),      -- -10%: yellow
    ('c29', 'm', NULL, NULL, NULL, NULL, 10000, 12999),  -- -29.99%: yellow
    ('c30', 'm', NULL, NULL, NULL, NULL, 100, 130),      -- -30%: red
    ('under', 'm', NULL, NULL, NULL, NULL, 100, 65),     -- +35% (under budget) is red too: size counts
    ('mixed', 'a', NULL, NULL, NULL, NULL, 100, 150),
    ('mixed', 'b', NULL, NULL, NULL, NULL, 300, 270),    -- (-50 + 30) / 400 = -5%
    ('mixed', 'c', NULL, NULL, NULL, NULL, 500, NULL),   -- no forecast: left out of both sums
    ('none', 'm', NULL, NULL, NULL, NULL, NULL, NULL),
    -- schedule: planned end - end, over planned duration (start to planned end)
    ('sched', 'done early', DATE '2026-01-01', DATE '2026-04-11', NULL, DATE '2026-04-01', NULL, NULL),  -- +10 of 100
    ('sched', 'forecast passed', DATE '2026-01-01', DATE '2026-10-01', DATE '2026-11-01', NULL, NULL, NULL), -- end = as_of: -57 of 273
    ('sched', 'forecast ahead', DATE '2026-06-01', DATE '2026-12-01', DATE '2026-12-27', NULL, NULL, NULL),  -- -26 of 183
    ('sched', 'no dates', DATE '2026-01-01', DATE '2026-12-31', NULL, NULL, NULL, NULL);                  -- left out
`)
	got := w.rows(`SELECT initiative_id, cost_variance_pct, schedule_variance_pct, milestone_variance_band, slipped_milestones
		FROM initiative_status`)
	want := [][]string{
		{"c10", "-10", "NULL", "yellow", "0"},
		{"c29", "-29.99", "NULL", "yellow", "0"},
		{"c30", "-30", "NULL", "red", "0"},
		{"c9", "-9.99", "NULL", "green", "0"},
		{"mixed", "-5", "NULL", "green", "0"},
		{"none", "NULL", "NULL", "NULL", "0"},
		{"sched", "NULL", "-13.13", "yellow", "1"}, // 100 * (10 - 57 - 26) / (100 + 273 + 183)
		{"under", "35", "NULL", "red", "0"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	got = w.rows(`SELECT milestone, cost_variance, schedule_variance_days, slipped FROM milestone_variance
		WHERE initiative_id IN ('sched', 'mixed')`)
	want = [][]string{
		{"a", "-50", "NULL", "false"},
		{"b", "30", "NULL", "false"},
		{"c", "NULL", "NULL", "false"},
		{"done early", "NULL", "10", "false"},
		{"forecast passed", "NULL", "-57", "true"}, // planned end passed, not finished
		{"forecast ahead", "NULL", "-26", "false"},
		{"no dates", "NULL", "NULL", "false"},
	}
	if table(got) != table(want) {
		t.Errorf("milestone_variance: got\n%swant\n%s", table(got), table(want))
	}
}
