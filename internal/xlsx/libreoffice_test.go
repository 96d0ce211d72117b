package xlsx

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/xlsx/xlsxtest"
)

func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("converts with LibreOffice")
	}
	m := fixture()
	b, _, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "board-pack.xlsx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	c := xlsxtest.ConvertWithLibreOffice(t, path, dir)

	for _, sheet := range []string{SheetSummary, SheetNoLink, SheetFlags, SheetOutcomes, SheetBudget, SheetChanges, SheetQuality, "Portfolios", "Q3 (draft) a b", SheetAbout} {
		if len(c.Sheets[sheet]) == 0 {
			t.Errorf("LibreOffice read no rows on %q", sheet)
		}
	}
	xlsxtest.CheckNoLinkSheet(t, c.Sheets[SheetNoLink], m.Table("initiative_status").CSV())

	// Every figure as the model has it, the hostile name as text.
	gate := m.Table("funding_gate")
	got := c.Sheets[SheetNoLink]
	if len(got) != len(gate.Rows)+1 {
		t.Fatalf("%d rows on %q, want %d", len(got), SheetNoLink, len(gate.Rows)+1)
	}
	for i, row := range gate.Rows { // funding_gate is already in sheet order
		want := []string{}
		for _, v := range row {
			switch x := v.(type) {
			case float64:
				want = append(want, strconv.FormatFloat(x, 'f', -1, 64))
			default:
				want = append(want, report.YesNo.Display(x))
			}
		}
		if !slices.Equal(got[i+1], want) {
			t.Errorf("row %d:\n got %q\nwant %q", i+2, got[i+1], want)
		}
	}
	if got[1][1] != hostile {
		t.Errorf("hostile name reads %q in LibreOffice", got[1][1])
	}
}
