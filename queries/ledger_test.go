package queries_test

import "testing"

// ledgerFixture: one initiative mapped by a prefix rule and an exact key,
// a ledger with republished lines, a legitimate split, undated lines and
// spellings that differ only in case and spacing.
const ledgerFixture = `
INSERT INTO initiatives VALUES
    ('CLOUD', 'Cloud', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-01-01', 1000, NULL),
    ('NET', 'Network', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-01-01', NULL, NULL),
    ('OLD', 'Legacy', 'P', 'o', 'active', DATE '2026-01-01', DATE '2027-01-01', 500, NULL);
INSERT INTO mappings (system, key, initiative_id) VALUES
    ('finance', 'INFRA-*', 'NET'),
    ('finance', 'INFRA-CLOUD-*', 'CLOUD'),
    ('finance', 'INFRA-CLOUD-9', 'OLD'),
    ('finance', 'Project  Oscar', 'OLD');
INSERT INTO spend (posting_date, amount, project_code, cost_center, gl_account, vendor, description, transaction_id, source_line) VALUES
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting', 'T1', 2),
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting', 'T1', 3),
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting, part 2', 'T1', 4),
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting', NULL, 5),
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting', NULL, 6),
    (DATE '2026-11-03', 7.00, 'infra-net-4', NULL, NULL, NULL, NULL, 'T2', 7),
    (DATE '2026-11-03', 9.00, 'INFRA-CLOUD-9', NULL, NULL, NULL, NULL, 'T3', 8),
    (DATE '2026-11-03', 11.00, ' project oscar ', NULL, NULL, NULL, NULL, 'T4', 9),
    (NULL, 50.00, 'INFRA-CLOUD-1', NULL, NULL, NULL, 'accrual', 'T5', 10),
    (NULL, 3.00, NULL, NULL, NULL, NULL, 'journal', 'T6', 11),
    (DATE '2026-12-01', 1000.00, 'INFRA-CLOUD-1', NULL, NULL, NULL, NULL, 'T7', 12),
    (DATE '2026-11-04', 13.00, 'PROJECT-OSCARR', NULL, NULL, NULL, NULL, 'T8', 13),
    (DATE '2026-11-04', 1.00, 'ZZ', NULL, NULL, NULL, NULL, 'T9', 14),
    (DATE '2026-11-02', 100.00, 'INFRA-CLOUD-1', 'C', 'G', 'V', 'hosting', 'T1', 15);
`

func TestDuplicateSpend(t *testing.T) {
	w := newWorld(t, ledgerFixture)
	// Lines 3 and 15 repeat line 2 exactly; line 4 is the same transaction
	// with another description (a split) and stays; 5 and 6 have no
	// transaction_id and are never merged.
	got := w.rows(`SELECT line, duplicate_of_line, transaction_id, amount FROM check_duplicate_spend`)
	want := [][]string{{"3", "2", "T1", "100"}, {"15", "2", "T1", "100"}}
	if table(got) != table(want) {
		t.Errorf("check_duplicate_spend: got\n%swant\n%s", table(got), table(want))
	}
	if got := w.one(`SELECT actual_cost FROM initiative_status WHERE initiative_id = 'CLOUD'`); got != "400" {
		t.Errorf("CLOUD actual_cost %s, want 400 (lines 2, 4, 5, 6)", got)
	}
}

func TestMappingKeys(t *testing.T) {
	cases := []struct {
		name, match string
		want        [][]string
	}{
		// Exact key beats a prefix; the longest prefix wins; case and inner
		// spaces are ignored.
		{"normalized", "'normalized'", [][]string{
			{" project oscar ", "OLD", "Project  Oscar"},
			{"INFRA-CLOUD-1", "CLOUD", "INFRA-CLOUD-*"},
			{"INFRA-CLOUD-9", "OLD", "INFRA-CLOUD-9"},
			{"infra-net-4", "NET", "INFRA-*"},
		}},
		{"exact", "'exact'", [][]string{
			{"INFRA-CLOUD-1", "CLOUD", "INFRA-CLOUD-*"},
			{"INFRA-CLOUD-9", "OLD", "INFRA-CLOUD-9"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, ledgerFixture, "mapping_match="+c.match)
			got := w.rows(`SELECT project_code, initiative_id, mapping_key FROM finance_map ORDER BY project_code`)
			if table(got) != table(c.want) {
				t.Errorf("got\n%swant\n%s", table(got), table(c.want))
			}
		})
	}
}

func TestUnmappedSuggestsNearestKey(t *testing.T) {
	w := newWorld(t, ledgerFixture)
	got := w.rows(`SELECT project_code, lines, amount, nearest_mapped_key FROM check_unmapped_spend`)
	// PROJECT-OSCARR is two edits from "Project  Oscar"; ZZ is too short for any suggestion.
	want := [][]string{{"PROJECT-OSCARR", "1", "13", "Project  Oscar"}, {"ZZ", "1", "1", "NULL"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestUndatedSpend(t *testing.T) {
	w := newWorld(t, ledgerFixture)
	got := w.rows(`SELECT * FROM check_undated_spend`)
	want := [][]string{{"NULL", "NULL", "1", "3"}, {"INFRA-CLOUD-1", "CLOUD", "1", "50"}}
	if table(got) != table(want) {
		t.Errorf("check_undated_spend: got\n%swant\n%s", table(got), table(want))
	}
	// Undated lines are in no dated figure.
	if got := w.one(`SELECT spend_to_date FROM headline`); got != "441" {
		t.Errorf("spend_to_date %s, want 441", got)
	}
}

func TestReconciliationIdentities(t *testing.T) {
	w := newWorld(t, ledgerFixture)
	got := w.rows(`SELECT metric, lines, amount FROM reconciliation WHERE amount IS NOT NULL`)
	want := [][]string{
		{"file_total", "14", "1694"},
		{"duplicate_excluded", "2", "200"},
		{"counted_total", "12", "1494"},
		{"undated", "2", "53"},
		{"after_as_of", "1", "1000"},
		{"dated_to_as_of", "9", "441"},
		{"mapped", "7", "427"},
		{"unmapped", "2", "14"},
		{"unexplained_difference", "0", "0"},
		{"balance_sheet_linked", "0", "0"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	// The identities, computed from the rows themselves.
	if got := w.one(`SELECT
		(SELECT lines FROM reconciliation WHERE metric = 'counted_total') =
			(SELECT sum(lines) FROM reconciliation WHERE metric IN ('undated', 'after_as_of', 'dated_to_as_of'))
		AND (SELECT amount FROM reconciliation WHERE metric = 'dated_to_as_of') =
			(SELECT sum(amount) FROM reconciliation WHERE metric IN ('mapped', 'unmapped'))`); got != "true" {
		t.Error("an identity does not hold")
	}
}

func TestBudgetStatus(t *testing.T) {
	w := newWorld(t, ledgerFixture)
	got := w.rows(`SELECT initiative_id, approved_budget, actual_cost, overrun, budget_status FROM initiative_status`)
	want := [][]string{
		{"CLOUD", "1000", "400", "false", "within_budget"},
		{"NET", "NULL", "7", "false", "no_budget"},
		{"OLD", "500", "20", "false", "within_budget"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}

func TestStalenessPerKPI(t *testing.T) {
	// An annual KPI says stale_after_days 400; a monthly one keeps the global 45.
	fixture := `
INSERT INTO initiatives VALUES ('A', 'a', 'P', 'o', 'active', DATE '2025-01-01', DATE '2027-01-01', 1, NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item, stale_after_days) VALUES
    ('annual', 'Annual', 'u', 'increase', 'o', 'none', NULL, 400),
    ('monthly', 'Monthly', 'u', 'increase', 'o', 'none', NULL, NULL),
    ('edge', 'Edge', 'u', 'increase', 'o', 'none', NULL, 400);
INSERT INTO kpi_values VALUES
    ('annual', DATE '2025-12-31', 8), ('monthly', DATE '2025-12-31', 8), ('edge', DATE '2025-10-23', 8);
INSERT INTO links VALUES
    ('A', 'annual', 0, 10, DATE '2027-01-01', NULL),
    ('A', 'monthly', 0, 10, DATE '2027-01-01', NULL),
    ('A', 'edge', 0, 10, DATE '2027-01-01', NULL);
`
	w := newWorld(t, fixture)
	// 2026-11-27 - 2025-10-23 = 400 days: on the boundary, still fresh.
	got := w.rows(`SELECT kpi_id, status FROM link_status`)
	want := [][]string{{"annual", "on_track"}, {"edge", "on_track"}, {"monthly", "no_data"}}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
	w = newWorld(t, fixture, "as_of=DATE '2026-11-28'")
	if got := w.one(`SELECT status FROM link_status WHERE kpi_id = 'edge'`); got != "no_data" {
		t.Errorf("edge one day past 400: %s, want no_data", got)
	}
}

func TestUnitSanity(t *testing.T) {
	w := newWorld(t, `
INSERT INTO initiatives VALUES ('A', 'a', 'P', 'o', 'active', DATE '2025-01-01', DATE '2027-01-01', 4500000, NULL);
INSERT INTO milestones VALUES
    ('A', 'In millions', DATE '2025-01-01', DATE '2025-06-01', NULL, NULL, 45000001, 4.5),
    ('A', 'At ten times', DATE '2025-01-01', DATE '2025-06-01', NULL, NULL, 45000000, NULL);
INSERT INTO kpis (kpi_id, name, unit, direction, owner, statement, line_item) VALUES ('K', 'k', 'u', 'increase', 'o', 'none', NULL);
INSERT INTO kpi_values VALUES ('K', DATE '2026-01-31', 410), ('K', DATE '2026-02-28', 0.41), ('K', DATE '2026-03-31', 41), ('K', DATE '2026-04-30', 4100);
`)
	got := w.rows(`SELECT input, item FROM check_unit_sanity`)
	want := [][]string{
		{"kpi_values.csv", "K on 2026-02-28"},
		{"milestones.csv", "A / In millions"},
	}
	if table(got) != table(want) {
		t.Errorf("got\n%swant\n%s", table(got), table(want))
	}
}
