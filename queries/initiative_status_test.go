package queries_test

import "testing"

// All fixtures here are judged at the default as_of 2026-11-27, which lies in
// audit period 23, [2026-11-23, 2026-12-07); the previous audit (2026-11-13)
// lies in period 22, [2026-11-09, 2026-11-23).

func TestOutcomeIsWorstValidLink(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('A', 'A', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('B', 'B', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('C', 'C', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('D', 'D', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('up', 'Up', 'x', 'increase', 'o', 'none', NULL),
    ('down', 'Down', 'x', 'decrease', 'o', 'none', NULL),
    ('empty', 'Empty', 'x', 'increase', 'o', 'none', NULL);
INSERT INTO kpi_values VALUES ('up', DATE '2026-11-01', 10), ('down', DATE '2026-11-01', 12);
INSERT INTO links VALUES
    ('A', 'up', 0, 10, DATE '2027-06-30', NULL),    -- achieved
    ('A', 'down', 10, 0, DATE '2027-06-30', NULL),  -- regressing (progress -0.2)
    ('B', 'up', 0, 10, DATE '2027-06-30', NULL),    -- achieved
    ('B', 'empty', 0, 10, DATE '2027-06-30', NULL), -- no_data
    ('C', 'up', 0, 10, DATE '2027-06-30', NULL),    -- achieved
    ('C', 'down', 0, 10, DATE '2027-06-30', NULL),  -- invalid: counts for nothing
    ('D', 'down', 0, 10, DATE '2027-06-30', NULL);  -- only an invalid link
`)
	got := w.rows(`SELECT initiative_id, outcome FROM initiative_status`)
	want := [][]string{{"A", "regressing"}, {"B", "no_data"}, {"C", "achieved"}, {"D", "unlinked"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestBalanceSheetLinkAndFundingHold(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('closed_quiet',  'n', 'P', 'o', 'closed', DATE '2026-01-01', NULL, NULL, NULL),
    ('closed_edge',   'n', 'P', 'o', 'closed', DATE '2026-01-01', NULL, NULL, NULL),
    ('closed_recent', 'n', 'P', 'o', 'closed', DATE '2026-01-01', NULL, NULL, NULL),
    ('active_spend',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('held_prev',     'n', 'P', 'o', 'on_hold', DATE '2026-01-01', NULL, NULL, NULL),
    ('linked',        'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('bad_link',      'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('nonfin_link',   'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL);
INSERT INTO mappings (system, key, initiative_id) VALUES
    ('finance', 'PC-EDGE', 'closed_edge'), ('finance', 'PC-RECENT', 'closed_recent'),
    ('finance', 'PC-ACTIVE', 'active_spend'), ('finance', 'PC-PREV', 'held_prev'),
    ('finance', 'PC-LINKED', 'linked'), ('finance', 'PC-BAD', 'bad_link'),
    ('finance', 'PC-NONFIN', 'nonfin_link');
INSERT INTO spend (posting_date, amount, project_code, cost_center, gl_account, vendor, description) VALUES
    (DATE '2026-08-29', 100, 'PC-EDGE', NULL, NULL, NULL, 'as_of - 90 days: not recent'),
    (DATE '2026-08-30', 100, 'PC-RECENT', NULL, NULL, NULL, 'as_of - 89 days: recent'),
    (DATE '2026-11-23', 100, 'PC-ACTIVE', NULL, NULL, NULL, 'first day of the current period'),
    (DATE '2026-11-22', 100, 'PC-PREV', NULL, NULL, NULL, 'last day of the previous period'),
    (DATE '2026-11-27', 100, 'PC-LINKED', NULL, NULL, NULL, 'on as_of'),
    (DATE '2026-11-27', 100, 'PC-BAD', NULL, NULL, NULL, 'on as_of'),
    (DATE '2026-11-28', 100, 'PC-NONFIN', NULL, NULL, NULL, 'after as_of: not counted');
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('opex', 'Opex', 'GBP', 'decrease', 'o', 'pnl', 'Operating expenses'),
    ('nps', 'NPS', 'pts', 'increase', 'o', 'none', NULL);
INSERT INTO links VALUES
    ('linked', 'opex', 100, 80, DATE '2027-06-30', NULL),
    ('bad_link', 'opex', 100, 120, DATE '2027-06-30', NULL),
    ('nonfin_link', 'nps', 10, 20, DATE '2027-06-30', NULL);
`)
	got := w.rows(`SELECT initiative_id, lacks_balance_sheet_link, funding_hold, actual_cost FROM initiative_status`)
	want := [][]string{
		{"active_spend", "true", "true", "100"},   // spend on the current period's first day
		{"bad_link", "true", "true", "100"},       // an invalid link to a financial KPI does not count
		{"closed_edge", "false", "false", "100"},  // spend exactly recent_spend_days ago is not recent
		{"closed_quiet", "false", "false", "0"},   // closed, no spend: nothing to gate
		{"closed_recent", "true", "false", "100"}, // one day later it is, but not in this period
		{"held_prev", "true", "false", "100"},     // on hold; its spend is in the previous period
		{"linked", "false", "false", "100"},
		{"nonfin_link", "true", "false", "0"}, // spend after as_of does not count
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	// The gate lists exactly the initiatives that lack a link, biggest spend first.
	got = w.rows(`SELECT initiative_id, spend_this_period, spend_to_date, recommended_action FROM funding_gate`)
	want = [][]string{
		{"active_spend", "100", "100", "Funding hold: map to a financial KPI before further spend"},
		{"bad_link", "100", "100", "Funding hold: map to a financial KPI before further spend"},
		{"closed_recent", "0", "100", "Map to a financial KPI"},
		{"held_prev", "0", "100", "Map to a financial KPI"},
		{"nonfin_link", "0", "0", "Map to a financial KPI"},
	}
	if table(got) != table(want) {
		t.Errorf("funding_gate: got\n%swant\n%s", table(got), table(want))
	}
}

func TestVelocityRatio(t *testing.T) {
	fixture := `
INSERT INTO initiatives VALUES
    ('steady',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, 10),
    ('zero',    'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, 0),
    ('noplan',  'n', 'P', 'o', 'active', DATE '2026-01-01', NULL, NULL, NULL),
    ('late',    'n', 'P', 'o', 'active', DATE '2026-11-01', NULL, NULL, 10),
    ('new',     'n', 'P', 'o', 'active', DATE '2026-11-25', NULL, NULL, 10);
INSERT INTO mappings (system, key, initiative_id) VALUES
    ('delivery', 'E-STEADY', 'steady'), ('delivery', 'E-ZERO', 'zero'), ('delivery', 'E-NOPLAN', 'noplan'),
    ('delivery', 'E-LATE', 'late'), ('delivery', 'E-NEW', 'new');
INSERT INTO issues VALUES
    -- periods: 20 [10-12, 10-26), 21 [10-26, 11-09), 22 [11-09, 11-23), 23 [11-23, 12-07)
    ('S1', 'E-STEADY', 6,    'done', DATE '2026-10-01', DATE '2026-10-12'),
    ('S2', 'E-STEADY', 8,    'done', DATE '2026-10-01', DATE '2026-11-08'),
    ('S3', 'E-STEADY', 12,   'done', DATE '2026-10-01', DATE '2026-11-22'),
    ('S4', 'E-STEADY', NULL, 'done', DATE '2026-10-01', DATE '2026-11-22'),
    ('S5', 'E-STEADY', 50,   'done', DATE '2026-10-01', DATE '2026-11-23'),
    ('S6', 'E-STEADY', 40,   'done', DATE '2026-10-01', DATE '2026-10-11'),
    ('Z1', 'E-ZERO',   5,    'done', DATE '2026-10-01', DATE '2026-11-10'),
    ('N1', 'E-NOPLAN', 5,    'done', DATE '2026-10-01', DATE '2026-11-10'),
    ('L1', 'E-LATE',   9,    'done', DATE '2026-10-01', DATE '2026-10-30'),
    ('L2', 'E-LATE',   30,   'done', DATE '2026-10-01', DATE '2026-10-20'),
    ('W1', 'E-NEW',    9,    'done', DATE '2026-10-01', DATE '2026-11-10');
`
	tests := []struct {
		asOf string
		want [][]string
	}{
		{"2026-11-27", [][]string{
			{"late", "0.45"},     // periods 21 and 22 end after its start, 20 does not: (9 + 0) / 2 / 10
			{"new", "NULL"},      // no complete period ends after its start
			{"noplan", "NULL"},   // no planned points
			{"steady", "0.8667"}, // (6 + 8 + 12 + 0) / 3 / 10; 40 (period 19) and 50 (current) are outside
			{"zero", "NULL"},     // planned points 0
		}},
		// period 23 ends exactly on as_of 2026-12-07, so it is complete and counts
		{"2026-12-07", [][]string{
			{"late", "0.3"}, // (9 + 0 + 0) / 3 / 10
			{"new", "0"},    // period 23 ends after its start: one period, no points
			{"noplan", "NULL"},
			{"steady", "2.3333"}, // (8 + 12 + 50) / 3 / 10
			{"zero", "NULL"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			w := newWorld(t, fixture, "as_of=DATE '"+tt.asOf+"'")
			got := w.rows(`SELECT initiative_id, velocity_ratio FROM initiative_status`)
			if table(got) != table(tt.want) {
				t.Errorf("got\n%swant\n%s", table(got), table(tt.want))
			}
		})
	}
}
