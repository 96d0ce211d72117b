package queries_test

import "testing"

// linkFixture holds one link per case, each on its own KPI, all judged at the
// default as_of 2026-11-27 (stale after 45 days, behind 0.25, regress 0.10).
const linkFixture = `
INSERT INTO initiatives VALUES
    ('I1', 'One', 'P', 'o', 'active', DATE '2026-01-01', NULL, 100000, 10);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('achieved',     'Achieved exactly',   'x', 'decrease', 'o', 'pnl', 'Opex'),
    ('minus10',      'Progress -0.10',     'x', 'decrease', 'o', 'none', NULL),
    ('minus12',      'Progress -0.12',     'x', 'decrease', 'o', 'none', NULL),
    ('due_today',    'Due on as_of',       'x', 'increase', 'o', 'none', NULL),
    ('due_past',     'Due day before',     'x', 'increase', 'o', 'none', NULL),
    ('novalues',     'No values',          'x', 'increase', 'o', 'none', NULL),
    ('wrongdir',     'Wrong direction',    'x', 'increase', 'o', 'balance_sheet', 'Assets'),
    ('flat',         'Target = baseline',  'x', 'increase', 'o', 'none', NULL),
    ('backwards',    'Due before start',   'x', 'increase', 'o', 'none', NULL),
    ('stale46',      'Value 46 days old',  'x', 'increase', 'o', 'none', NULL),
    ('stale45',      'Value 45 days old',  'x', 'increase', 'o', 'none', NULL),
    ('before_start', 'Value before start', 'x', 'increase', 'o', 'none', NULL),
    ('future',       'Value after as_of',  'x', 'increase', 'o', 'none', NULL),
    ('edge',         'Exactly tolerance',  'x', 'increase', 'o', 'balance_sheet', ''),
    ('behind',       'Just behind',        'x', 'increase', 'o', 'none', NULL),
    ('noise',        'Float noise',        'x', 'decrease', 'o', 'none', NULL);
INSERT INTO links VALUES
    ('I1', 'achieved',     100, 50, DATE '2027-06-30', NULL),
    ('I1', 'minus10',      100, 50, DATE '2027-06-30', NULL),
    ('I1', 'minus12',      100, 50, DATE '2027-06-30', NULL),
    ('I1', 'due_today',    0, 10, DATE '2026-11-27', NULL),
    ('I1', 'due_past',     0, 10, DATE '2026-11-26', NULL),
    ('I1', 'novalues',     0, 10, DATE '2027-06-30', NULL),
    ('I1', 'wrongdir',     10, 0, DATE '2027-06-30', NULL),
    ('I1', 'flat',         10, 10, DATE '2027-06-30', NULL),
    ('I1', 'backwards',    0, 10, DATE '2026-03-01', DATE '2026-03-01'),
    ('I1', 'stale46',      0, 10, DATE '2027-06-30', NULL),
    ('I1', 'stale45',      0, 10, DATE '2027-06-30', NULL),
    ('I1', 'before_start', 0, 10, DATE '2027-06-30', DATE '2026-11-20'),
    ('I1', 'future',       0, 10, DATE '2027-06-30', NULL),
    ('I1', 'edge',         0, 10, DATE '2027-03-17', NULL),
    ('I1', 'behind',       0, 10, DATE '2027-03-17', NULL),
    ('I1', 'noise',        2, 1, DATE '2027-06-30', NULL);
INSERT INTO kpi_values VALUES
    ('achieved',     DATE '2026-11-01', 50),
    ('minus10',      DATE '2026-11-01', 105),
    ('minus12',      DATE '2026-11-01', 106),
    ('due_today',    DATE '2026-11-01', 9),
    ('due_past',     DATE '2026-11-01', 9),
    ('wrongdir',     DATE '2026-11-01', 5),
    ('flat',         DATE '2026-11-01', 5),
    ('backwards',    DATE '2026-11-01', 5),
    ('stale46',      DATE '2026-10-12', 9),
    ('stale45',      DATE '2026-10-13', 9),
    ('before_start', DATE '2026-11-15', 9),
    ('future',       DATE '2026-11-01', 8),
    ('future',       DATE '2026-11-28', 10),
    ('edge',         DATE '2026-11-01', 5),
    ('behind',       DATE '2026-11-01', 4.9),
    ('noise',        DATE '2026-11-01', 2.1);
`

func TestLinkStatus(t *testing.T) {
	w := newWorld(t, linkFixture)
	tests := []struct {
		kpi, status, progress, elapsed, why string
	}{
		{"achieved", "achieved", "1", "0.6055", "progress exactly 1 is achieved"},
		{"minus10", "behind", "-0.1", "0.6055", "progress exactly -0.10 is not regressing"},
		{"minus12", "regressing", "-0.12", "0.6055", "progress below -0.10 is regressing"},
		{"due_today", "on_track", "0.9", "1", "as_of = due_date is not overdue"},
		{"due_past", "overdue", "0.9", "1", "as_of after due_date is overdue"},
		{"novalues", "no_data", "NULL", "0.6055", "a link without values has no data"},
		{"wrongdir", "invalid", "0.5", "0.6055", "an increase KPI with target below baseline is invalid"},
		{"flat", "invalid", "NULL", "0.6055", "target = baseline is invalid"},
		{"backwards", "invalid", "0.5", "NULL", "due_date <= start is invalid"},
		{"stale46", "no_data", "0.9", "0.6055", "a value 46 days old is stale"},
		{"stale45", "on_track", "0.9", "0.6055", "a value 45 days old is not stale"},
		{"before_start", "no_data", "0.9", "0.0315", "a value dated before the link's start does not count"},
		{"future", "on_track", "0.8", "0.6055", "a value dated after as_of does not count"},
		{"edge", "on_track", "0.5", "0.75", "progress exactly elapsed - 0.25 is not behind"},
		{"behind", "behind", "0.49", "0.75", "progress below elapsed - 0.25 is behind"},
		// (2.1 - 2) / (1 - 2) is -0.10000000000000009 in binary floating point; the
		// rule compares the rounded progress people see, so this is not regressing.
		{"noise", "behind", "-0.1", "0.6055", "float noise does not tip -0.10 into regressing"},
	}
	for _, tt := range tests {
		t.Run(tt.kpi, func(t *testing.T) {
			got := w.rows("SELECT status, progress, elapsed FROM link_status WHERE kpi_id = '" + tt.kpi + "'")
			want := [][]string{{tt.status, tt.progress, tt.elapsed}}
			if table(got) != table(want) {
				t.Errorf("%s: got %v, want %v", tt.why, got, want)
			}
		})
	}
}

func TestLinkStatusFinancialAndLatest(t *testing.T) {
	w := newWorld(t, linkFixture)
	got := w.rows(`SELECT kpi_id, financial, latest_value, latest_date, start_date FROM link_status
		WHERE kpi_id IN ('achieved', 'wrongdir', 'edge', 'future', 'before_start') ORDER BY kpi_id`)
	want := [][]string{
		{"achieved", "true", "50", "2026-11-01", "2026-01-01"},     // pnl with a line item
		{"before_start", "false", "9", "2026-11-15", "2026-11-20"}, // the link's own start wins
		{"edge", "false", "5", "2026-11-01", "2026-01-01"},         // balance sheet without a line item
		{"future", "false", "8", "2026-11-01", "2026-01-01"},       // the 2026-11-28 value is ignored
		{"wrongdir", "true", "5", "2026-11-01", "2026-01-01"},      // financial, though invalid
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestCheckInvalidLinks(t *testing.T) {
	w := newWorld(t, linkFixture)
	got := w.rows(`SELECT kpi_id, problem FROM check_invalid_links`)
	want := [][]string{
		{"backwards", "due date on or before start date"},
		{"flat", "target equals baseline"},
		{"wrongdir", "KPI should increase but target is below baseline"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestCheckKPIsWithoutValues(t *testing.T) {
	w := newWorld(t, linkFixture)
	got := w.rows(`SELECT kpi_id, problem FROM check_kpis_without_values`)
	want := [][]string{
		{"before_start", "no values since the link started on 2026-11-20"},
		{"novalues", "no values on or before 2026-11-27"},
		{"stale46", "latest value dated 2026-10-12 is 46 days old, more than 45"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}
