package xlsx

import (
	"bytes"
	"testing"

	"github.com/throughline/throughline/internal/report"
)

// setAll puts v in column col of every row of view in m.
func setAll(t *testing.T, m *report.Model, view, col string, v any) {
	t.Helper()
	tb := m.Table(view)
	if tb == nil || tb.Col(col) < 0 || len(tb.Rows) == 0 {
		t.Fatalf("fixture has no %s.%s", view, col)
	}
	for _, r := range tb.Rows {
		r[tb.Col(col)] = v
	}
}

// TestEveryStatusWordFilled renders every status word the SQL can emit
// (report.Vocabulary) into the views and checks the pack shows its label
// with its class's fill, never the code.
func TestEveryStatusWordFilled(t *testing.T) {
	for _, w := range report.Vocabulary {
		t.Run(string(w.Kind)+"/"+w.Code, func(t *testing.T) {
			m := fixture()
			var sheet, id, header string
			switch w.Kind {
			case report.KindOutcome:
				setAll(t, m, "link_status", "status", w.Code)
				sheet, id, header = SheetOutcomes, "INI-001", "Status"
			case report.KindEscalation:
				setAll(t, m, "review_flags", "escalation", w.Code)
				sheet, id, header = SheetFlags, "INI-002", "Escalation"
			case report.KindBudget:
				setAll(t, m, "initiative_status", "budget_status", w.Code)
				sheet, id, header = SheetBudget, "INI-001", "Budget"
			case report.KindBand:
				setAll(t, m, "initiative_status", "milestone_variance_band", w.Code)
				sheet, id, header = SheetBudget, "INI-001", "Milestone variance band"
			case report.KindQuadrant:
				setAll(t, m, "divergence", "quadrant", w.Code)
				sheet, id, header = "Q3 (draft) a b", "INI-002", "Quadrant"
			case report.KindSeverity:
				m.Query("check_unmapped_spend").Severity = w.Code
				sheet, id, header = SheetQuality, "check_unmapped_spend", "Severity"
			case report.KindFlag, report.KindHold:
				field := map[report.Kind]string{report.KindFlag: "review_flag", report.KindHold: "funding_hold"}[w.Kind]
				setAll(t, m, "audit_changes", "field", field)
				setAll(t, m, "audit_changes", "before", w.Code)
				sheet, id, header = SheetChanges, "INI-002", "Before"
			case report.KindRating:
				setAll(t, m, "report_status", "rating", w.Code)
				sheet, id, header = "Status reports", "INI-002", "Rating"
				setAll(t, m, "report_history", "previous_rating", w.Code)
				f, _, _ := render(t, m)
				c := cellOf(t, f, "Status report history", "INI-003", "Previous rating")
				if got, _ := f.GetCellValue("Status report history", c); got != w.Label {
					t.Errorf("Status report history!%s = %q, want the label %q", c, got, w.Label)
				}
				if got, want := fillOf(t, f, "Status report history", c), fills[w.Class][0]; got != want {
					t.Errorf("Status report history!%s (%s) filled %q, want %q (%s)", c, w.Label, got, want, w.Class)
				}
			default:
				t.Fatalf("no sheet shows kind %s: add it to this test", w.Kind)
			}
			f, _, _ := render(t, m)
			cell := cellOf(t, f, sheet, id, header)
			if got, _ := f.GetCellValue(sheet, cell); got != w.Label {
				t.Errorf("%s!%s = %q, want the label %q", sheet, cell, got, w.Label)
			}
			if got, want := fillOf(t, f, sheet, cell), fills[w.Class][0]; got != want {
				t.Errorf("%s!%s (%s) filled %q, want %q (%s)", sheet, cell, w.Label, got, want, w.Class)
			}
		})
	}
}

// TestPackReadsOnlyDeclaredColumns: a model cut down to report.Reads gives
// the same pack, so the pack reads no column the build does not check.
func TestPackReadsOnlyDeclaredColumns(t *testing.T) {
	m := fixture()
	for _, q := range m.Queries {
		q.Sheet = "" // analyst sheets show every column, by design
	}
	_, full, _ := render(t, m)
	_, cut, _ := render(t, report.Restrict(m))
	if !bytes.Equal(full, cut) {
		t.Error("the pack differs when views hold only report.Reads' columns: it reads an undeclared column")
	}
}
