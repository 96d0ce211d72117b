package site

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/throughline/throughline/internal/browsertest"
	"github.com/throughline/throughline/internal/report"
)

// writeSite writes files under dir, plus the data/<name>.csv downloads,
// run.json and the archived audits the pipeline adds, so that every link
// resolves.
func writeSite(t *testing.T, dir string, m *report.Model, files map[string][]byte) {
	t.Helper()
	for _, q := range m.Queries {
		files[report.DataPath(q.Name)] = []byte("stub\n")
	}
	files[report.PackPath] = []byte("stub\n")
	files[runRecord] = []byte("{}\n")
	if a := m.Table("audits"); a != nil {
		for _, row := range a.Rows {
			for _, c := range []string{"board_pack", "run_json"} {
				if p, _ := at(row, a.Col(c)).(string); report.InsideSite(p) {
					files[p] = []byte("stub\n")
				}
			}
		}
	}
	for p, b := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowser loads the plain and the hostile fixture sites in one headless
// Chromium from file:// with the network blocked.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	dir := t.TempDir()
	for sub, n := range map[string]names{"plain": plainNames, "hostile": hostileNames} {
		m := fixtureModel(n)
		writeSite(t, filepath.Join(dir, sub), m, mustRender(t, m))
	}
	browsertest.CheckSite(t, dir, browsertest.Options{
		DivergencePage: "plain/index.html",
		MarkedQuadrant: []string{"INF-CLOUD"},
		InView:         boardColumns("plain/"),
	})
	// On a phone every chart fits the window.
	browsertest.CheckSite(t, dir, browsertest.Options{
		Width: 390, Height: 844,
		Pages: []string{"plain/index.html", "plain/review.html", "plain/status-reports.html", "plain/funding-gate.html",
			"plain/audits.html", "plain/initiatives/INF-CLOUD.html"},
	})
}

// boardColumns are the columns the board acts on, which must be in view at
// 1440 px without scrolling, by page (under prefix).
func boardColumns(prefix string) map[string][]string {
	return map[string][]string{
		prefix + "funding-gate.html":   {"Initiative", "Name", "Recommended action", "Spend to date"},
		prefix + "review.html":         {"Initiative", "Name", "Owner", "Reason", "Escalation", "Impact"},
		prefix + "index.html":          {"Initiative", "Name", "Outcome", "Escalation", "Actual cost", "Approved budget", "Impact"},
		prefix + "status-reports.html": {"Initiative", "Name", "Owner", "Finding", "Rating", "Escalation", "Impact", "Reason"},
		prefix + "audits.html":         {"As of", "Spend to date", "Flagged for review", "Board pack", "Run record"},
	}
}
