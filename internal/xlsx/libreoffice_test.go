package xlsx

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/xlsx/xlsxtest"
)

// viewCSV writes t as the pipeline's data/<view>.csv (docs/outputs.md).
func viewCSV(t *report.Table) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	var header []string
	for _, c := range t.Columns {
		header = append(header, c.Name)
	}
	w.Write(header)
	for _, r := range t.Rows {
		var rec []string
		for _, v := range r {
			switch x := v.(type) {
			case nil:
				rec = append(rec, "")
			case string:
				rec = append(rec, x)
			case bool:
				rec = append(rec, strconv.FormatBool(x))
			case int64:
				rec = append(rec, strconv.FormatInt(x, 10))
			case float64:
				rec = append(rec, strconv.FormatFloat(x, 'f', -1, 64))
			case time.Time:
				rec = append(rec, x.Format("2006-01-02"))
			}
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

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
	xlsxtest.CheckNoLinkSheet(t, c.Sheets[SheetNoLink], viewCSV(m.Table("initiative_status")))

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
