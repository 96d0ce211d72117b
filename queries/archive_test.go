package queries_test

import "testing"

// TestPlanChangesSinceArchivedAudit: a target, a due date, a budget and a
// milestone date that changed in the extracts since the previous archived
// audit are listed in words; unchanged ones and new links are not.
func TestPlanChangesSinceArchivedAudit(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES
    ('DC', 'Data-centre exit', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-06-30', 5500000, NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES
    ('opex', 'Opex', 'GBP k', 'decrease', 'o', 'pnl', 'IT'), ('new', 'New', 'n', 'increase', 'o', 'none', NULL);
INSERT INTO links VALUES ('DC', 'opex', 410, 300, DATE '2027-06-30', NULL), ('DC', 'new', 0, 1, DATE '2027-06-30', NULL);
INSERT INTO milestones VALUES ('DC', 'Wave 1', DATE '2026-01-01', DATE '2026-09-30', NULL, NULL, 100000, NULL);
INSERT INTO archive_links VALUES ('DC', 'opex', 410, 250, DATE '2027-03-31');
INSERT INTO archive_budgets VALUES ('DC', 4500000);
INSERT INTO archive_milestones VALUES ('DC', 'Wave 1', DATE '2026-06-30', 100000);
`)
	got := w.rows(`SELECT field, item, before, after, change FROM audit_changes`)
	want := [][]string{
		{"approved_budget", "NULL", "4500000.00", "5500000.00", "approved budget moved from 4500000.00 to 5500000.00"},
		{"due_date", "opex", "2027-03-31", "2027-06-30", "opex due date moved from 2027-03-31 to 2027-06-30"},
		{"milestone_end", "Wave 1", "2026-06-30", "2026-09-30", "Wave 1 planned end moved from 2026-06-30 to 2026-09-30"},
		{"target", "opex", "250", "300", "opex target moved from 250 to 300"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

// TestAuditsListsArchive: this audit first, then the kept ones newest first,
// each with links to its pack and run record.
func TestAuditsListsArchive(t *testing.T) {
	w := newWorld(t, `
INSERT INTO archive_audits VALUES (DATE '2026-10-30', 100.00, 0.5, 2, 1, 0, 1), (DATE '2026-11-13', 200.00, 0.6, 3, 1, 1, 0);
`)
	got := w.rows(`SELECT as_of, current, spend_to_date, flagged, board_pack, run_json FROM audits`)
	want := [][]string{
		{"2026-11-27", "true", "0", "0", "archive/2026-11-27/board-pack.xlsx", "archive/2026-11-27/run.json"},
		{"2026-11-13", "false", "200", "3", "archive/2026-11-13/board-pack.xlsx", "archive/2026-11-13/run.json"},
		{"2026-10-30", "false", "100", "2", "archive/2026-10-30/board-pack.xlsx", "archive/2026-10-30/run.json"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}
