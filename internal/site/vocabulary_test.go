package site

import (
	"html/template"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/report"
)

// set puts v in column col of the first row of view in m.
func set(t *testing.T, m *report.Model, view, col string, v any) {
	t.Helper()
	tb := m.Table(view)
	if tb == nil || len(tb.Rows) == 0 || tb.Col(col) < 0 {
		t.Fatalf("fixture has no %s.%s to set", view, col)
	}
	tb.Rows[0][tb.Col(col)] = v
}

// TestEveryStatusWord renders the views with every status word the SQL can
// emit (report.Vocabulary) and checks that each page shows the word's label
// in its badge class, never the raw code.
func TestEveryStatusWord(t *testing.T) {
	for _, w := range report.Vocabulary {
		t.Run(string(w.Kind)+"/"+w.Code, func(t *testing.T) {
			m := fixtureModel(plainNames)
			var pages []string
			switch w.Kind {
			case report.KindOutcome:
				set(t, m, "initiative_status", "outcome", w.Code)
				set(t, m, "review_flags", "outcome", w.Code)
				set(t, m, "link_status", "status", w.Code)
				pages = []string{"index.html", "review.html", "initiatives/INF-CLOUD.html"}
			case report.KindEscalation:
				set(t, m, "initiative_status", "escalation", w.Code)
				set(t, m, "review_flags", "escalation", w.Code)
				pages = []string{"index.html", "review.html"}
			case report.KindBudget:
				set(t, m, "initiative_status", "budget_status", w.Code)
				set(t, m, "review_flags", "budget_status", w.Code)
				pages = []string{"review.html", "initiatives/INF-CLOUD.html"}
			case report.KindBand:
				set(t, m, "initiative_status", "milestone_variance_band", w.Code)
				set(t, m, "review_flags", "milestone_variance_band", w.Code)
				pages = []string{"review.html", "initiatives/INF-CLOUD.html"}
			case report.KindQuadrant:
				set(t, m, "divergence", "quadrant", w.Code)
				pages = []string{"index.html", "queries/divergence.html"}
			case report.KindSeverity:
				m.Query("check_kpis_without_values").Severity = w.Code
				pages = []string{"data-quality.html"}
			case report.KindFlag, report.KindHold:
				field := map[report.Kind]string{report.KindFlag: "review_flag", report.KindHold: "funding_hold"}[w.Kind]
				set(t, m, "audit_changes", "field", field)
				set(t, m, "audit_changes", "before", w.Code)
				pages = []string{"index.html", "queries/audit_changes.html"}
			case report.KindRating:
				set(t, m, "report_status", "rating", w.Code)
				set(t, m, "report_history", "rating", w.Code)
				set(t, m, "report_history", "previous_rating", w.Code)
				// The first report_status row is a watermelon: it leads the
				// status page's act-on table with its rating.
				pages = []string{"status-reports.html", "initiatives/INF-CLOUD.html", "queries/report_status.html", "queries/report_history.html"}
			default:
				t.Fatalf("no view shows kind %s: add it to this test", w.Kind)
			}
			files := mustRender(t, m)
			want := `<span class="st st-` + string(w.Class) + `">` + template.HTMLEscapeString(w.Label) + `</span>`
			for _, p := range pages {
				page := string(files[p])
				if !strings.Contains(page, want) {
					t.Errorf("%s: no %s for %s %q", p, want, w.Kind, w.Code)
				}
			}
		})
	}
}

// TestRenderersReadOnlyDeclaredColumns: the board pages of a model cut down
// to report.Reads are the pages of the whole model, so the site reads no
// column the build does not check.
func TestRenderersReadOnlyDeclaredColumns(t *testing.T) {
	m := fixtureModel(plainNames)
	m.Pages = nil // report pages name their columns themselves, checked at render
	full := mustRender(t, m)
	cut := mustRender(t, report.Restrict(m))
	for p, b := range full {
		if strings.HasPrefix(p, "queries/") || strings.HasPrefix(p, "reports/") {
			continue // they show every column of a view, by design
		}
		if string(cut[p]) != string(b) {
			t.Errorf("%s differs when views hold only report.Reads' columns: the site reads an undeclared column", p)
		}
	}
}
