package build_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/browsertest"
	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/publish"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/sample"
	"github.com/throughline/throughline/internal/xlsx"
	"github.com/throughline/throughline/internal/xlsx/xlsxtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

var (
	sampleOnce sync.Once
	sampleRes  *build.Result
	sampleErr  error
)

// buildSample runs the whole pipeline once on sample-data/ at its as-of date.
func buildSample(t *testing.T) *build.Result {
	t.Helper()
	sampleOnce.Do(func() { sampleRes, sampleErr = runBuild("../../sample-data", sample.AsOf) })
	if sampleErr != nil {
		t.Fatal(sampleErr)
	}
	if sampleRes.Diags.HasErrors() {
		var b strings.Builder
		diag.Print(&b, sampleRes.Diags.Errors(), 20, "")
		t.Fatalf("sample build failed:\n%s", b.String())
	}
	return sampleRes
}

// buildWith builds with the flags given (the sample's as-of date), failing
// the test on any error.
func buildWith(t *testing.T, flags map[string]string) *build.Result {
	t.Helper()
	day, _ := config.ParseDate(sample.AsOf)
	cfg, d := config.Resolve(config.Sources{Flags: flags, Today: day})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	cfg.Quiet = true
	res, err := build.Run(context.Background(), cfg, build.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags.Err())
	}
	return res
}

func runBuild(input, asOf string) (*build.Result, error) {
	day, err := config.ParseDate(asOf)
	if err != nil {
		return nil, err
	}
	cfg, d := config.Resolve(config.Sources{Flags: map[string]string{"input": input}, Today: day})
	if d.HasErrors() {
		return nil, d.Err()
	}
	return build.Run(context.Background(), cfg, build.Options{Version: "test"})
}

func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// TestSampleInitiativeStatusGolden pins the rules' verdict on the sample.
func TestSampleInitiativeStatusGolden(t *testing.T) {
	res := buildSample(t)
	got := res.Files["data/initiative_status.csv"]
	golden := filepath.Join("testdata", "initiative_status.csv")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/build -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("initiative_status.csv differs from %s; if the change is intended run go test ./internal/build -update and review the diff", golden)
	}
}

// TestSampleStories proves the sample's stories come out as a board would
// expect them to.
func TestSampleStories(t *testing.T) {
	res := buildSample(t)
	byID := map[string]map[string]string{}
	for _, r := range readCSV(t, res.Files["data/initiative_status.csv"]) {
		byID[r["initiative_id"]] = r
	}
	expect := []struct {
		id, col, want, why string
	}{
		{sample.ZombieID, "outcome", "regressing", "opex rose instead of falling"},
		{sample.ZombieID, "divergence", "true", "delivery green, outcome red"},
		{sample.ZombieID, "review_flag", "true", ""},
		{sample.ZombieID, "escalation", "executive", "impact over 1M"},
		{sample.TechOnlyID, "lacks_balance_sheet_link", "true", "technical KPI only"},
		{sample.TechOnlyID, "outcome", "on_track", ""},
		{sample.UnlinkedID, "outcome", "unlinked", "no KPI link"},
		{sample.UnlinkedID, "lacks_balance_sheet_link", "true", ""},
		{sample.UnlinkedID, "funding_hold", "true", "spend in the current period"},
		{sample.AchievedID, "outcome", "achieved", ""},
		{sample.StaleID, "outcome", "no_data", "KPI went stale"},
		{sample.OverBudgetID, "overrun", "true", ""},
		{sample.OverBudgetID, "escalation", "cio", ""},
		{sample.SlippedID, "slipped_milestones", "3", ""},
		{sample.SlippedID, "milestone_variance_band", "red", ""},
		{sample.OverBudgetID, "budget_status", "over_budget", ""},
		{sample.OverdueID, "outcome", "overdue", "window passed without the outcome"},
		{sample.ChangedID, "escalation", "pmo", "crossed its budget since the last audit"},
	}
	for _, e := range expect {
		row, ok := byID[e.id]
		if !ok {
			t.Errorf("%s missing from initiative_status", e.id)
			continue
		}
		if row[e.col] != e.want {
			t.Errorf("%s %s = %q, want %q (%s)", e.id, e.col, row[e.col], e.want, e.why)
		}
	}
	changes := readCSV(t, res.Files["data/audit_changes.csv"])
	found := false
	for _, c := range changes {
		if c["initiative_id"] == sample.ChangedID && c["field"] == "review_flag" && c["before"] == "false" && c["after"] == "true" {
			found = true
		}
	}
	if !found {
		t.Errorf("audit_changes has no review_flag false -> true row for %s: %v", sample.ChangedID, changes)
	}
	// The status-report and decommissioning stories (docs/sample.md).
	reports := map[string]map[string]string{}
	for _, r := range readCSV(t, res.Files["data/report_status.csv"]) {
		reports[r["initiative_id"]] = r
	}
	for _, e := range []struct{ id, col, want string }{
		{sample.ZombieID, "watermelon", "true"}, {sample.ZombieID, "rating", "green"},
		{sample.ChangedID, "watermelon", "true"},
		{sample.SlippedID, "persistent_red", "true"}, {sample.SlippedID, "times_rebaselined", "3"},
		{sample.SlippedID, "unexplained_change", "true"}, {sample.SlippedID, "cumulative_slip_days", "182"},
		{sample.OverdueID, "persistent_red", "false"},
		{sample.StaleID, "stale", "true"}, {sample.StaleID, "reported_on", "2026-09-18"},
		{sample.OverBudgetID, "watermelon", "false"},
	} {
		if got := reports[e.id][e.col]; got != e.want {
			t.Errorf("report_status %s %s = %q, want %q", e.id, e.col, got, e.want)
		}
	}
	dual := readCSV(t, res.Files["data/dual_running.csv"])
	if len(dual) != 1 || dual[0]["initiative_id"] != sample.ZombieID || dual[0]["retire_by"] != sample.RetireBy || dual[0]["months_overdue"] != "4" {
		t.Errorf("dual_running = %v, want one row for %s, retire_by %s, 4 months overdue", dual, sample.ZombieID, sample.RetireBy)
	}
	for _, f := range readCSV(t, res.Files["data/review_flags.csv"]) {
		if f["initiative_id"] == sample.ZombieID && !strings.Contains(f["reason"], "legacy not decommissioned: 4 months, ") {
			t.Errorf("%s's reason does not name the dual running: %s", sample.ZombieID, f["reason"])
		}
	}
	gate := readCSV(t, res.Files["data/funding_gate.csv"])
	var ids []string
	for _, g := range gate {
		ids = append(ids, g["initiative_id"])
	}
	sort.Strings(ids)
	if got, want := strings.Join(ids, " "), strings.Join([]string{sample.TechOnlyID, sample.UnlinkedID}, " "); got != want {
		t.Errorf("funding gate lists %s, want %s", got, want)
	}
}

// TestReconciliationAccountsForEverySpendLine: on the sample, each identity
// holds exactly (decimal arithmetic), and the unmapped codes listed add up to
// the unmapped row.
func TestReconciliationAccountsForEverySpendLine(t *testing.T) {
	res := buildSample(t)
	recon := reconciliation(t, res.Files["data/reconciliation.csv"])
	checkIdentities(t, recon)
	var codes report.Dec
	var lines int64
	for _, r := range readCSV(t, res.Files["data/check_unmapped_spend.csv"]) {
		codes = codes.Add(dec(t, r["amount"]))
		n, _ := strconv.ParseInt(r["lines"], 10, 64)
		lines += n
	}
	if u := recon["unmapped"]; codes.Cmp(u.amount) != 0 || lines != u.lines {
		t.Errorf("unmapped codes add to %s in %d lines, the unmapped row says %s in %d", codes, lines, u.amount, u.lines)
	}
	// The sample's ledger stories (docs/sample.md): two republished
	// subscription lines excluded, two undated lines kept out of every dated
	// figure, and the lower-case spellings of INF-CLOUD's code mapped.
	for name, want := range map[string]string{"duplicate_excluded": "2 87315.56", "undated": "2 23250.00", "after_as_of": "0 0.00"} {
		if got := fmt.Sprint(recon[name].lines, " ", recon[name].amount); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	for _, r := range readCSV(t, res.Files["data/check_unmapped_spend.csv"]) {
		if strings.HasPrefix(strings.ToLower(r["project_code"]), "prj-2432") {
			t.Errorf("%s is unmapped: normalized matching should map it", r["project_code"])
		}
	}
}

// TestDeterministicOutput: the same inputs and as-of give byte-identical
// files; only run.json's stage timings may differ.
func TestDeterministicOutput(t *testing.T) {
	a := buildSample(t)
	b, err := runBuild("../../sample-data", sample.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	seconds := regexp.MustCompile(`"seconds": [0-9.e-]+`)
	for p, data := range a.Files {
		other := b.Files[p]
		if path.Base(p) == "run.json" {
			data, other = seconds.ReplaceAll(data, nil), seconds.ReplaceAll(other, nil)
		}
		if !bytes.Equal(data, other) {
			t.Errorf("%s differs between two runs", p)
		}
	}
}

// TestNoExternalURLs: every output file is free of http(s) references except
// those the data itself contains (none in the sample).
func TestNoExternalURLs(t *testing.T) {
	res := buildSample(t)
	re := regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*`)
	// The ECharts bundle names SVG/XML namespaces and its licences; none is fetched.
	vendored := map[string]bool{
		"http://www.apache.org/licenses/LICENSE-2.0": true, "http://www.w3.org/1999/xlink": true,
		"http://www.w3.org/2000/svg": true, "http://www.w3.org/2000/xmlns/": true,
		"http://www.w3.org/XML/1998/namespace": true, "https://github.com/ecomfe/zrender/blob/master/LICENSE.txt": true,
	}
	for p, data := range res.Files {
		if strings.HasSuffix(p, ".xlsx") {
			continue // zip; the pack is checked by its own tests
		}
		if p == "assets/echarts.min.js" {
			for _, u := range re.FindAll(data, -1) {
				if !vendored[string(u)] {
					t.Errorf("%s: unexpected URL %s", p, u)
				}
			}
			continue
		}
		if loc := re.FindIndex(data); loc != nil {
			lo, hi := max(0, loc[0]-40), min(len(data), loc[1]+40)
			t.Errorf("%s references an external URL: ...%s...", p, data[lo:hi])
		}
	}
}

// TestSampleSiteInBrowser publishes the sample site to a folder and opens
// every page from file:// in headless Chromium with the network disabled.
func TestSampleSiteInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	res := buildSample(t)
	dir := filepath.Join(t.TempDir(), "site")
	if err := publish.Publish(dir, res.Files); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckSite(t, dir, browsertest.Options{MarkedQuadrant: []string{sample.ZombieID},
		// At 1440 px the columns the board acts on are in view.
		InView: map[string][]string{
			"funding-gate.html": {"Initiative", "Name", "Recommended action", "Spend to date"},
			"review.html":       {"Initiative", "Name", "Owner", "Reason", "Escalation", "Impact"},
			"index.html":        {"Initiative", "Name", "Outcome", "Escalation", "Actual cost", "Approved budget", "Impact"},
		}})
}

// TestSamplePackInLibreOffice opens the sample's board pack in a real
// spreadsheet application: it must convert to PDF and CSV without error, and
// its "No balance-sheet link" sheet must agree with data/initiative_status.csv.
func TestSamplePackInLibreOffice(t *testing.T) {
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
	xlsxtest.CheckNoLinkSheet(t, c.Sheets[xlsx.SheetNoLink], res.Files["data/initiative_status.csv"])
	if fi, err := os.Stat(c.PDF); err != nil || fi.Size() == 0 {
		t.Errorf("no PDF: %v", err)
	}
}

// TestHostileNamesEndToEnd runs the whole pipeline on the sample with the
// zombie's name, owner and KPI label replaced by markup, quotes, a formula
// and non-ASCII text: the site must show them as inert text (no dialog, no
// console error in a real browser), and the pack must store them as text.
func TestHostileNamesEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	files, err := sample.Generate(1, 1)
	if err != nil {
		t.Fatal(err)
	}
	hostile := map[string][2]string{
		"initiatives.csv": {"Cloud migration and data centre exit", `"</script><img src=x onerror=alert(1)> ""Zombie"" café"`},
		"kpis.csv":        {"Data centre hosting cost", `"=HYPERLINK(""http://x"",""y"") <b>opex</b> ü"`},
	}
	for name, r := range hostile {
		before := files[name]
		files[name] = bytes.Replace(files[name], []byte(r[0]), []byte(r[1]), 1)
		if bytes.Equal(before, files[name]) {
			t.Fatalf("%s: %q not found to replace", name, r[0])
		}
	}
	files["initiatives.csv"] = bytes.Replace(files["initiatives.csv"], []byte("Marcus Webb"), []byte("@Marcus <script>alert(2)</script>"), 1)
	in := filepath.Join(t.TempDir(), "in")
	if err := publish.WriteDir(in, files); err != nil {
		t.Fatal(err)
	}
	res, err := runBuild(in, sample.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("hostile names rejected: %v", res.Diags.Err())
	}
	for p, data := range res.Files {
		if strings.HasSuffix(p, ".html") && bytes.Contains(data, []byte("<img src=x")) {
			t.Errorf("%s holds the raw <img> tag", p)
		}
	}
	out := filepath.Join(t.TempDir(), "site")
	if err := publish.Publish(out, res.Files); err != nil {
		t.Fatal(err)
	}
	browsertest.CheckSite(t, out, browsertest.Options{
		Pages:          []string{"index.html", "review.html", report.InitiativePath(sample.ZombieID), report.QueryPath("initiative_status"), report.QueryPath("divergence")},
		MarkedQuadrant: []string{sample.ZombieID},
	})
	f, err := excelize.OpenReader(bytes.NewReader(res.Files[build.PackFile]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.Rows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r := 1; rows.Next(); r++ {
			cols, _ := rows.Columns()
			for c, v := range cols {
				if !strings.Contains(v, "HYPERLINK") {
					continue
				}
				seen++
				cell, _ := excelize.CoordinatesToCellName(c+1, r)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is a formula: %s", sheet, cell, formula)
				}
			}
		}
	}
	if seen == 0 {
		t.Error("the hostile KPI label appears in no sheet; the check above proved nothing")
	}
}

// DuckDB spills beside the output folder, under a name a later run can
// recognise as stale (prefix .<base>.spill-), never into the working folder.
func TestTempDirIsBesideOut(t *testing.T) {
	got, err := build.TempDir("/srv/intranet/throughline/", 4242)
	if err != nil || got != "/srv/intranet/.throughline.spill-4242" {
		t.Errorf("TempDir = %q, %v", got, err)
	}
	wd, _ := os.Getwd()
	if got, _ := build.TempDir("site", 7); got != filepath.Join(wd, ".site.spill-7") {
		t.Errorf("TempDir(site) = %q", got)
	}
}

// A pack built on a replaced default view says so on its About sheet, with
// the analyst's file and its checksum.
func TestReplacedViewOnAboutSheet(t *testing.T) {
	dir := t.TempDir()
	src := "-- kind: check\nSELECT epic_key, 0::INTEGER AS issues, 0::DOUBLE AS story_points FROM issue_lines WHERE false\n"
	if err := os.WriteFile(filepath.Join(dir, "115_check_unmapped_epics.sql"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := buildWith(t, map[string]string{"input": "../../sample-data", "queries": dir})
	f, err := excelize.OpenReader(bytes.NewReader(res.Files[build.PackFile]))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsx.SheetAbout)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(src))
	want := []string{"check_unmapped_epics", dir + "/115_check_unmapped_epics.sql (replaces queries/115_check_unmapped_epics.sql)", hex.EncodeToString(sum[:])}
	for _, r := range rows {
		if len(r) >= 3 && r[0] == want[0] && r[1] == want[1] && r[2] == want[2] {
			return
		}
	}
	t.Errorf("About sheet has no row %q", want)
}

// An analyst's view may take any name a query file can give, even one like
// the loader's own tables' (fast_spend, raw_spend): what it publishes is its
// own result, never a table of ours of the same name.
func TestAnalystViewNamesAreTheirs(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"200_fast_spend.sql":     "SELECT 'mine' AS owner\n",
		"201_raw_spend.sql":      "SELECT 'mine too' AS owner\n",
		"202_stage_spend.sql":    "SELECT 'and mine' AS owner\n",
		"203_reads_my_views.sql": "SELECT f.owner || ' / ' || r.owner AS both FROM fast_spend AS f CROSS JOIN raw_spend AS r\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := buildWith(t, map[string]string{"input": "../../sample-data", "queries": dir})
	for file, want := range map[string]string{
		"data/fast_spend.csv":     "owner\nmine\n",
		"data/raw_spend.csv":      "owner\nmine too\n",
		"data/stage_spend.csv":    "owner\nand mine\n",
		"data/reads_my_views.csv": "both\nmine / mine too\n",
	} {
		if got := string(res.Files[file]); got != want {
			t.Errorf("%s = %q, want %q", file, got, want)
		}
	}
}
