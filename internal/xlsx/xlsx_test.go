package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/report"
	"github.com/xuri/excelize/v2"
)

// render renders m and reopens the pack with excelize.
func render(t *testing.T, m *report.Model) (*excelize.File, []byte, []string) {
	t.Helper()
	b, warnings, err := Render(m)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("reopen pack: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, b, warnings
}

func cellValue(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return v
}

func cellType(t *testing.T, f *excelize.File, sheet, cell string) excelize.CellType {
	t.Helper()
	ty, err := f.GetCellType(sheet, cell)
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, cell, err)
	}
	return ty
}

func numFmt(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

func TestSheetOrder(t *testing.T) {
	f, _, warnings := render(t, fixture())
	want := []string{SheetSummary, SheetNoLink, SheetFlags, SheetOutcomes, SheetBudget, SheetChanges, SheetQuality,
		"Portfolios", "Q3 (draft) a b", "Status report history", "Status reports", "Dual running", SheetAbout}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets:\n got %q\nwant %q", got, want)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d, want the Summary", f.GetActiveSheetIndex())
	}
	if !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, `"Q3 [draft]: a/b*?"`) }) {
		t.Errorf("no warning about the renamed sheet: %q", warnings)
	}
}

func TestNoBalanceSheetLink(t *testing.T) {
	f, _, _ := render(t, fixture())
	rows, err := f.GetRows(SheetNoLink)
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"Initiative", "Name", "Portfolio", "Owner", "Status", "Spend this period", "Spend to date",
		"Approved budget", "Funding hold", "Recommended action"}
	if !slices.Equal(rows[0], wantHeader) {
		t.Errorf("header:\n got %q\nwant %q", rows[0], wantHeader)
	}
	// Exactly the initiatives with lacks_balance_sheet_link, by spend to date descending.
	var ids []string
	for _, r := range rows[1:] {
		ids = append(ids, r[0])
	}
	if want := []string{"INI-002", "INI-003", "INI 005/x"}; !slices.Equal(ids, want) {
		t.Errorf("initiatives %q, want %q", ids, want)
	}
	for cell, want := range map[string]string{"G2": "1250000.5", "F3": "20000", "H4": "50000", "I2": "yes", "I3": "no"} {
		if got := cellValue(t, f, SheetNoLink, cell); got != want {
			t.Errorf("%s = %q, want %q", cell, got, want)
		}
	}
	for _, cell := range []string{"F2", "G2", "H2", "G4"} {
		if ty := cellType(t, f, SheetNoLink, cell); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
			t.Errorf("%s has type %v, want a number", cell, ty)
		}
		if nf := numFmt(t, f, SheetNoLink, cell); nf != report.Money.ExcelNumFmt() {
			t.Errorf("%s format %q, want money %q", cell, nf, report.Money.ExcelNumFmt())
		}
	}
	if ty := cellType(t, f, SheetNoLink, "A2"); ty != excelize.CellTypeSharedString && ty != excelize.CellTypeInlineString {
		t.Errorf("A2 type %v, want text", ty)
	}
}

func TestSheetSetup(t *testing.T) {
	f, _, _ := render(t, fixture())
	wantRange := map[string]string{
		SheetNoLink: "A1:J4", SheetFlags: "A1:L3", SheetOutcomes: "A1:M6", SheetBudget: "A1:K6",
		SheetChanges: "A1:G5", SheetQuality: "A1:F7", "Portfolios": "A1:E3", "Q3 (draft) a b": "A1:H2",
	}
	defined := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm.Print_Titles" {
			defined[d.Scope] = d.RefersTo
		}
	}
	for sheet, rng := range wantRange {
		panes, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("%s: panes %+v, want the header row frozen", sheet, panes)
		}
		tables, err := f.GetTables(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if len(tables) != 1 || tables[0].Range != rng {
			t.Errorf("%s: tables %+v, want one over %s (autofilter on the header)", sheet, tables, rng)
		}
		id, _ := f.GetCellStyle(sheet, "A1")
		if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("%s: header not bold", sheet)
		}
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *pl.Orientation != "landscape" || *pl.FitToWidth != 1 || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout %s fit %dx%d, want landscape fitted to width", sheet, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
		}
		if want := quoteSheet(sheet) + "!$1:$1"; defined[sheet] != want {
			t.Errorf("%s: print titles %q, want %q", sheet, defined[sheet], want)
		}
		w, _ := f.GetColWidth(sheet, "A")
		if w < minColWidth || w > maxColWidth {
			t.Errorf("%s: column A width %v out of bounds", sheet, w)
		}
	}
	if got := fillOf(t, f, SheetFlags, cellOf(t, f, SheetFlags, "INI-002", "Escalation")); got != fills[report.Bad][0] {
		t.Errorf("review flags: executive escalation filled %q, want red %q", got, fills[report.Bad][0])
	}
}

func TestTypesAndFormats(t *testing.T) {
	f, _, _ := render(t, fixture())
	cases := []struct {
		sheet, id, header, raw, format string
	}{
		{SheetOutcomes, "INI-001", "Baseline", "10", report.Number.ExcelNumFmt()},
		{SheetOutcomes, "INI-001", "Latest date", "46327", "yyyy-mm-dd"}, // 2026-11-01
		{SheetOutcomes, "INI-001", "Progress", "0.6", "0.0%"},
		{SheetOutcomes, "INI-001", "Elapsed", "0.5", "0.0%"},
		{SheetOutcomes, "INI-001", "Due date", "46568", "yyyy-mm-dd"},
		// Percents are fractions with a percent format, never 25 with a literal "%".
		{SheetBudget, "INI-001", "Cost variance %", "-0.1667", "0.0%"},
		{SheetBudget, "INI 005/x", "Slipped milestones", "1", "#,##0"},
		{SheetFlags, "INI-002", "Impact", "1250000.5", report.Money.ExcelNumFmt()},
	}
	for _, c := range cases {
		cell := cellOf(t, f, c.sheet, c.id, c.header)
		if got := cellValue(t, f, c.sheet, cell); got != c.raw {
			t.Errorf("%s!%s (%s, %s) = %q, want %q", c.sheet, cell, c.id, c.header, got, c.raw)
		}
		if ty := cellType(t, f, c.sheet, cell); ty != excelize.CellTypeNumber && ty != excelize.CellTypeUnset {
			t.Errorf("%s!%s type %v, want a number", c.sheet, cell, ty)
		}
		if got := numFmt(t, f, c.sheet, cell); got != c.format {
			t.Errorf("%s!%s format %q, want %q", c.sheet, cell, got, c.format)
		}
	}
	for _, c := range []struct{ cell, raw, format string }{
		{"D2", "120", "#,##0"}, {"E2", "2235000.5", report.Money.ExcelNumFmt()}, // file_total lines, amount
	} {
		if got := cellValue(t, f, SheetQuality, c.cell); got != c.raw {
			t.Errorf("%s!%s = %q, want %q", SheetQuality, c.cell, got, c.raw)
		}
		if got := numFmt(t, f, SheetQuality, c.cell); got != c.format {
			t.Errorf("%s!%s format %q, want %q", SheetQuality, c.cell, got, c.format)
		}
	}
	if v, _ := f.GetCellValue(SheetOutcomes, cellOf(t, f, SheetOutcomes, "INI-001", "Latest date")); v != "2026-11-01" {
		t.Errorf("latest date shows %q, want 2026-11-01", v)
	}
	// The review flags are sorted by escalation, then impact.
	if a, _ := f.GetCellValue(SheetFlags, "A2"); a != "INI-002" {
		t.Errorf("first flag %q, want INI-002 (escalated to executive)", a)
	}
	if b, _ := f.GetCellValue(SheetFlags, "B2"); b == "" {
		t.Errorf("review flags: no name beside the id")
	}
}

func TestHyperlinks(t *testing.T) {
	m := fixture()
	f, _, _ := render(t, m)
	for _, c := range []struct{ sheet, cell, id string }{
		{SheetNoLink, "A2", "INI-002"}, {SheetNoLink, "A4", "INI 005/x"}, {SheetFlags, "A3", "INI-003"},
		{SheetOutcomes, "A2", "INI-002"}, {SheetChanges, "A2", "INI-002"}, {"Q3 (draft) a b", "A2", "INI-002"},
	} {
		ok, url, err := f.GetCellHyperLink(c.sheet, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if want := m.SiteURL + report.InitiativePath(c.id); !ok || url != want {
			t.Errorf("%s!%s links to %q (%v), want %q", c.sheet, c.cell, url, ok, want)
		}
	}
	m.SiteURL = ""
	f, _, _ = render(t, m)
	for _, sheet := range f.GetSheetList() {
		if cells, _ := f.GetHyperLinkCells(sheet, "External"); len(cells) > 0 {
			t.Errorf("%s: links %v without a site URL", sheet, cells)
		}
	}
}

func TestHostileText(t *testing.T) {
	m := fixture()
	long := strings.Repeat("x", maxCellChars+10)
	m.Table("funding_gate").Rows[1][1] = long
	f, _, warnings := render(t, m)
	for _, sheet := range []string{SheetNoLink, SheetFlags, SheetChanges, SheetSummary} {
		rows, _ := f.GetRows(sheet)
		for r, row := range rows {
			for c, v := range row {
				if !strings.HasPrefix(v, "=") && !strings.HasPrefix(v, "+") && !strings.HasPrefix(v, "-") && !strings.HasPrefix(v, "@") {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fx, _ := f.GetCellFormula(sheet, cell); fx != "" {
					t.Errorf("%s!%s is a formula %q", sheet, cell, fx)
				}
				if ty := cellType(t, f, sheet, cell); ty != excelize.CellTypeSharedString && ty != excelize.CellTypeInlineString {
					t.Errorf("%s!%s = %q has type %v, want text", sheet, cell, v, ty)
				}
			}
		}
	}
	if v, _ := f.GetCellValue(SheetNoLink, "B2"); v != hostile {
		t.Errorf("B2 = %q, want the name as text", v)
	}
	if v, _ := f.GetCellValue(SheetNoLink, "C3"); v != "Finance" {
		t.Fatalf("row order changed: C4 = %q", v)
	}
	if v, _ := f.GetCellValue(SheetNoLink, "B3"); len(v) != maxCellChars {
		t.Errorf("long name has %d characters, want %d", len(v), maxCellChars)
	}
	if !slices.ContainsFunc(warnings, func(w string) bool { return strings.Contains(w, "cut to Excel's limit") && strings.Contains(w, "B3") }) {
		t.Errorf("no warning for the cut cell: %q", warnings)
	}
}

func TestSheetAnnotations(t *testing.T) {
	m := fixture()
	m.Query("portfolio_summary").Sheet = "Summary"
	m.Query("divergence").Sheet = strings.Repeat("Divergence ", 4)
	m.Query("headline").Sheet = strings.Repeat("Divergence ", 4) // collides after the cut
	m.Query("reconciliation").Sheet = "'quoted'"
	f, _, warnings := render(t, m)
	got := f.GetSheetList()
	want := []string{SheetSummary, SheetNoLink, SheetFlags, SheetOutcomes, SheetBudget, SheetChanges, SheetQuality,
		"quoted", "Divergence Divergence Divergenc", "Summary (2)", "Divergence Divergence Diver (2)",
		"Status report history", "Status reports", "Dual running", SheetAbout}
	if !slices.Equal(got, want) {
		t.Errorf("sheets:\n got %q\nwant %q", got, want)
	}
	if len(warnings) < 4 {
		t.Errorf("want a warning per renamed sheet, got %q", warnings)
	}
}

func TestDeterministic(t *testing.T) {
	a, _, err := Render(fixture())
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		b, _, err := Render(fixture())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatal("two renders of the same model differ")
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first entry %q", zr.File[0].Name)
	}
	asOf := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for _, zf := range zr.File {
		if !zf.Modified.Equal(asOf) {
			t.Errorf("%s modified %v, want the as-of date", zf.Name, zf.Modified)
		}
		if zf.Name == "docProps/core.xml" {
			rc, _ := zf.Open()
			core, _ := io.ReadAll(rc)
			rc.Close()
			for _, tag := range []string{"dcterms:created", "dcterms:modified"} {
				if !strings.Contains(string(core), `<`+tag+` xsi:type="dcterms:W3CDTF">2026-11-27T00:00:00Z</`+tag+`>`) {
					t.Errorf("core.xml %s is not the as-of date:\n%s", tag, core)
				}
			}
		}
	}
}

func TestDocProps(t *testing.T) {
	f, _, _ := render(t, fixture())
	p, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Throughline board pack 2026-11-27" || !strings.Contains(p.Subject, "2026-11-27") || p.Created != "2026-11-27T00:00:00Z" {
		t.Errorf("doc props %+v", p)
	}
	custom, _ := f.GetCustomProps()
	if len(custom) != 1 || custom[0].Name != "As of" || custom[0].Value != "2026-11-27" {
		t.Errorf("custom props %+v", custom)
	}
}

func TestSummary(t *testing.T) {
	f, _, _ := render(t, fixture())
	rows, _ := f.GetRows(SheetSummary)
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		"Throughline board pack", "As of|2026-11-27", "Audit period|2026-10-01 to 2026-12-31",
		"For the board to act on", "INI-002|", "|Escalate to executive|1,250,000.50|",
		"Spend to date||2,040,000.50", "Mapped, share of spend to date||90.4%", "Balance-sheet link, share of mapped spend||38.2%",
		"Regressing||1", "Escalate to executive||1", "None||3",
		hostile + "|Escalation|Escalate to CIO|Escalate to executive", "Regressing||1,250,000.50", "Unmapped spend||195,000.00",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Summary lacks %q:\n%s", want, text)
		}
	}
	// What the board acts on comes before any count.
	if a, h := strings.Index(text, "For the board to act on"), strings.Index(text, "Headline figures"); a < 0 || h < a {
		t.Errorf("the actions do not lead the Summary:\n%s", text)
	}
	if _, ok := f.Pkg.Load("xl/charts/chart1.xml"); !ok {
		t.Error("the Summary has no chart")
	}
}

// TestSummaryStatusReports: page one names the watermelons, persistent
// reds and dual-running initiatives among what the board must act on, with
// their reasons, before any count; and changes read in words.
func TestSummaryStatusReports(t *testing.T) {
	f, _, _ := render(t, fixture())
	rows, _ := f.GetRows(SheetSummary)
	var all []string
	for _, r := range rows {
		all = append(all, strings.Join(r, "|"))
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{
		// The flags block carries each one's reason from review_flags.
		"INI-002|" + hostile + "|+Bob|Escalate to executive|1,250,000.50|KPI regressing",
		"Status reports and decommissioning",
		"INI-002|" + hostile + "|+Bob|Watermelon|1,250,000.50|Latest report (2026-11-27) rated Green while the evidence is red",
		"INI-003|-Data platform|@Cy|Persistent red|90,000.00|Rated red or amber/red in 3 reports running, latest Red on 2026-11-27; re-baselined 2 time(s), 120 days' slip, cost 20.0% since the first report",
		"INI-002|" + hostile + "|+Bob|Dual running|204,070.07|Legacy not decommissioned: 4 month(s) past its retire-by date 2026-06-30; still running at 40,474.29 a month",
		"|||Stale reports|1|INI-001 (", "|||Unexplained changes|1|INI-003 (",
		"|Target|75|80|K2 target moved from 75 to 80", "|Escalation|Escalate to CIO|Escalate to executive|Escalation: Escalate to CIO → Escalate to executive",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("Summary lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "INI-004|CRM refresh|Dee|Dual running") {
		t.Error("a legacy system not yet past its retire-by date is named as dual running")
	}
	if a, h := strings.Index(text, "Watermelon"), strings.Index(text, "Headline figures"); a < 0 || h < a {
		t.Errorf("the status-report findings do not come before the counts:\n%s", text)
	}
	c := cellOf(t, f, SheetChanges, "INI-002", "Change")
	if got, _ := f.GetCellValue(SheetChanges, c); got != "Escalation: Escalate to CIO → Escalate to executive" {
		t.Errorf("%s!%s = %q, want the change in words", SheetChanges, c, got)
	}
}

func TestEmptyModel(t *testing.T) {
	m := &report.Model{AsOf: day("2026-11-27"), PeriodStart: day("2026-10-01"), PeriodEnd: day("2027-01-01")}
	f, _, warnings := render(t, m)
	if n := len(f.GetSheetList()); n != 8 {
		t.Errorf("%d sheets, want the 8 fixed ones", n)
	}
	if len(warnings) == 0 {
		t.Error("no warnings for missing views")
	}
}

// cellOf finds the cell of the row whose column A is id, in the column
// headed header.
func cellOf(t *testing.T, f *excelize.File, sheet, id, header string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", sheet, err)
	}
	col := slices.Index(rows[0], header)
	if col < 0 {
		t.Fatalf("%s: no column %q in %v", sheet, header, rows[0])
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == id {
			c, _ := excelize.CoordinatesToCellName(col+1, i+1)
			return c
		}
	}
	t.Fatalf("%s: no row for %q", sheet, id)
	return ""
}

// fillOf is a cell's fill colour.
func fillOf(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Fill.Color) == 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToUpper(st.Fill.Color[0]), "#")
}
