package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/xlsx"
	"github.com/throughline/throughline/internal/xlsx/xlsxtest"
)

// TestSamplePackPrinted prints the sample's board pack through LibreOffice:
// page one names what the board must act on (every escalated initiative,
// before any count), and the About sheet prints every definition and warning
// in full (nothing cut or overprinted by the next row).
func TestSamplePackPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice test skipped in -short mode")
	}
	res := buildSample(t)
	dir := t.TempDir()
	path := filepath.Join(dir, build.PackFile)
	if err := os.WriteFile(path, res.Files[build.PackFile], 0o644); err != nil {
		t.Fatal(err)
	}
	c := xlsxtest.ConvertWithLibreOffice(t, path, filepath.Join(dir, "converted"))
	pages := xlsxtest.PDFPages(t, c.PDF)
	one := pages[0]
	for _, want := range []string{"Throughline board pack", "As of", "For the board to act on",
		"INF-CLOUD", "CUS-CRM", "CUS-LOYAL", "Escalate to executive", "Escalate to CIO", "Marcus Webb",
		"Outcome regressing", "Funding holds", "OPS-RPA", "What changed since the last audit", "DAT-BI"} {
		if !strings.Contains(one, want) {
			t.Errorf("page one of the printed pack lacks %q:\n%s", want, one)
		}
	}
	if a, h := strings.Index(one, "For the board to act on"), strings.Index(one, "Headline figures"); h >= 0 && h < a {
		t.Errorf("page one shows counts before what to act on:\n%s", one)
	}
	// The title and the as-of line are on lines of their own.
	for _, line := range strings.Split(one, "\n") {
		if strings.Contains(line, "Throughline board pack") && strings.Contains(line, "As of") && !strings.Contains(line, ", as of") {
			t.Errorf("title and as-of print on one line: %q", line)
		}
	}
	var about strings.Builder
	for _, p := range pages {
		if strings.Contains(p, "About") && (about.Len() > 0 || strings.Contains(p, "About this pack")) {
			about.WriteString(p)
		}
	}
	if about.Len() == 0 {
		t.Fatal("no About sheet in the printed pack")
	}
	text := xlsxtest.Words(about.String())
	for _, want := range xlsx.Definitions(res.Model.Params) {
		if !strings.Contains(text, xlsxtest.Words(want[1])) {
			t.Errorf("the printed About sheet cuts or overprints the definition of %s: %q", want[0], want[1])
		}
	}
	for _, w := range res.Model.Warnings {
		if !strings.Contains(text, xlsxtest.Words(w)) {
			t.Errorf("the printed About sheet cuts or overprints the warning %q", w)
		}
	}
}
