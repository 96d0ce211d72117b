package build_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"github.com/throughline/throughline/internal/realdata"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/xlsx"
)

type reconRow struct {
	lines  int64
	amount report.Dec
}

func dec(t *testing.T, s string) report.Dec {
	t.Helper()
	if s == "" {
		return report.Dec{}
	}
	d, err := report.ParseDec(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// reconciliation reads data/reconciliation.csv by its machine keys.
func reconciliation(t *testing.T, data []byte) map[string]reconRow {
	t.Helper()
	out := map[string]reconRow{}
	for _, r := range readCSV(t, data) {
		n, err := strconv.ParseInt(r["lines"], 10, 64)
		if err != nil {
			t.Fatalf("%s: lines %q", r["metric"], r["lines"])
		}
		out[r["metric"]] = reconRow{n, dec(t, r["amount"])}
	}
	return out
}

// checkIdentities asserts the reconciliation's identities exactly.
func checkIdentities(t *testing.T, r map[string]reconRow) {
	t.Helper()
	sum := func(keys ...string) reconRow {
		var s reconRow
		for _, k := range keys {
			row, ok := r[k]
			if !ok {
				t.Fatalf("reconciliation has no %q row", k)
			}
			s.lines += row.lines
			s.amount = s.amount.Add(row.amount)
		}
		return s
	}
	same := func(name string, a, b reconRow) {
		if a.lines != b.lines || a.amount.Cmp(b.amount) != 0 {
			t.Errorf("%s: %d lines %s, against %d lines %s", name, a.lines, a.amount, b.lines, b.amount)
		}
	}
	ft, dup, ct := r["file_total"], r["duplicate_excluded"], r["counted_total"]
	same("counted_total = file_total - duplicate_excluded", ct, reconRow{ft.lines - dup.lines, ft.amount.Sub(dup.amount)})
	same("counted_total = undated + after_as_of + dated_to_as_of", ct, sum("undated", "after_as_of", "dated_to_as_of"))
	same("dated_to_as_of = mapped + unmapped", r["dated_to_as_of"], sum("mapped", "unmapped"))
	same("unexplained_difference = 0", r["unexplained_difference"], reconRow{})
}

// treasury is HM Treasury's real spend file as spend.csv, its header renamed
// to the contract's names and nothing else changed, except that the one
// record without an amount (a stray copy of the header row, which the loader
// rightly rejects) is dropped: the test says so and checks it is that row.
func treasury(t *testing.T) []byte {
	t.Helper()
	data := realdata.Read(t, "uk_hmt_spend_over_25k_2010_2025.csv")
	nl := bytes.IndexByte(data, '\n')
	if got := string(data[:nl]); got != "department_family,entity,date,expense_type,expense_area,supplier,transaction_number,amount_gbp,description,source_file" {
		t.Fatalf("the file's header changed: %s", got)
	}
	body := data[nl+1:]
	header := "department_family,cost_center,posting_date,gl_account,project_code,vendor,transaction_id,amount,description,source_file\n"
	r := csv.NewReader(bytes.NewReader(body))
	var drop []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(rec[7]) == "" {
			line, _ := r.FieldPos(0)
			if rec[1] != "Entity" || rec[7] != "" {
				t.Fatalf("line %d has no amount but is not the stray header row: %q", line+1, rec)
			}
			drop = append(drop, line)
		}
	}
	if len(drop) != 1 {
		t.Fatalf("%d records without an amount, want the 1 stray header row", len(drop))
	}
	lines := strings.SplitAfter(string(body), "\n")
	lines = append(lines[:drop[0]-1], lines[drop[0]:]...)
	t.Logf("dropped line %d of the raw file: the stray header row, which has no amount", drop[0]+1)
	return []byte(header + strings.Join(lines, ""))
}

// oracle computes, from the spend file alone with encoding/csv and exact
// decimals, what the reconciliation must say: every line, the undated ones,
// the republished duplicates (same transaction and every other contract
// column, trimmed, amounts in cents), and the spend to date per mapping rule.
type oracle struct {
	file, undated, dup, after, mapped reconRow
}

func cents(t *testing.T, s string) report.Dec { return dec(t, strings.TrimSpace(s)).Rescale(2) }

func computeOracle(t *testing.T, spend []byte, asOf string, mapped func(code string) bool) oracle {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(spend))
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	var o oracle
	seen := map[string]bool{}
	add := func(row *reconRow, amt report.Dec) { row.lines++; row.amount = row.amount.Add(amt) }
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		v := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		amt := cents(t, v("amount"))
		add(&o.file, amt)
		if id := v("transaction_id"); id != "" {
			key := strings.Join([]string{id, v("posting_date"), amt.String(), v("project_code"), v("cost_center"), v("gl_account"), v("vendor"), v("description")}, "\x00")
			if seen[key] {
				add(&o.dup, amt)
				continue
			}
			seen[key] = true
		}
		switch date := v("posting_date"); {
		case date == "":
			add(&o.undated, amt)
		case date > asOf:
			add(&o.after, amt)
		case mapped(v("project_code")):
			add(&o.mapped, amt)
		}
	}
	return o
}

// TestRealTreasuryReconciliation builds HM Treasury's real ledger and checks
// the reconciliation against figures the test computes itself from the file:
// every line and penny in exactly one row, the 29 undated lines kept, the
// republished lines excluded once, case variants of a cost object mapped.
func TestRealTreasuryReconciliation(t *testing.T) {
	spend := treasury(t)
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("spend.csv", string(spend))
	write("initiatives.csv", "initiative_id,name,status,start_date,end_date,approved_budget\n"+
		"IWS,IWS projects,active,2010-01-01,2030-12-31,\n"+
		"OSCAR,Project OSCAR,active,2010-01-01,2030-12-31,20000000\n"+
		"TOWER,New Tower Services,,2010-01-01,2030-12-31,\n"+
		"UKIB,UK Infrastructure Bank,active,2020-01-01,2030-12-31,\n")
	// Keys as an analyst types them: one spelling for several in the ledger,
	// and a prefix rule.
	write("mappings.csv", "system,key,initiative_id\n"+
		"finance,iws projects - hmt only,IWS\n"+
		"finance,OSCAR II,OSCAR\n"+
		"finance,new  tower services,TOWER\n"+
		"finance,ukib - *,UKIB\n")
	const asOf = "2024-12-31"
	res, err := runBuild(dir, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("build failed: %v", res.Diags.Err())
	}
	norm := regexp.MustCompile(`\s+`)
	mapped := func(code string) bool {
		c := strings.ToLower(norm.ReplaceAllString(strings.TrimSpace(code), " "))
		return c == "iws projects - hmt only" || c == "oscar ii" || c == "new tower services" || strings.HasPrefix(c, "ukib - ")
	}
	want := computeOracle(t, spend, asOf, mapped)
	got := reconciliation(t, res.Files["data/reconciliation.csv"])
	checkIdentities(t, got)
	for name, w := range map[string]reconRow{"file_total": want.file, "undated": want.undated,
		"duplicate_excluded": want.dup, "after_as_of": want.after, "mapped": want.mapped} {
		if g := got[name]; g.lines != w.lines || g.amount.Cmp(w.amount) != 0 {
			t.Errorf("%s: %d lines %s, the raw file says %d lines %s", name, g.lines, g.amount, w.lines, w.amount)
		}
	}
	// The figures the issue quotes, so a change in the file is noticed.
	if u := got["undated"]; u.lines != 29 || u.amount.String() != "16363335.79" {
		t.Errorf("undated: %d lines %s, want 29 lines 16363335.79", u.lines, u.amount)
	}
	if got["file_total"].lines != 9578 || got["duplicate_excluded"].lines == 0 {
		t.Errorf("file_total %d lines (want 9578), duplicates %d (want some)", got["file_total"].lines, got["duplicate_excluded"].lines)
	}
	// Every excluded line is listed with the line it repeats.
	if n := int64(len(readCSV(t, res.Files["data/check_duplicate_spend.csv"]))); n != got["duplicate_excluded"].lines {
		t.Errorf("check_duplicate_spend lists %d lines, the reconciliation excludes %d", n, got["duplicate_excluded"].lines)
	}
	var undated int64
	for _, r := range readCSV(t, res.Files["data/check_undated_spend.csv"]) {
		n, _ := strconv.ParseInt(r["lines"], 10, 64)
		undated += n
	}
	if undated != 29 {
		t.Errorf("check_undated_spend lists %d lines, want 29", undated)
	}
	// Headline shares name their base and agree with the reconciliation.
	h := readCSV(t, res.Files["data/headline.csv"])[0]
	if h["spend_to_date"] != got["dated_to_as_of"].amount.String() || h["mapped_spend"] != got["mapped"].amount.String() {
		t.Errorf("headline spend %s / mapped %s, reconciliation %s / %s", h["spend_to_date"], h["mapped_spend"], got["dated_to_as_of"].amount, got["mapped"].amount)
	}
	// An empty status counts as active, with one warning naming the line.
	var warned bool
	for _, w := range res.Diags.Warnings() {
		if strings.HasSuffix(w.File, "initiatives.csv") && w.Line == 4 && strings.Contains(w.Msg, "counted as active") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning for the empty status on initiatives.csv line 4")
	}
	checkPackSums(t, res)
}

// checkPackSums sums every money cell of the pack's initiative sheets exactly
// and compares each column with the data CSV it comes from: no float noise,
// no cent lost.
func checkPackSums(t *testing.T, res *build.Result) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(res.Files[build.PackFile]))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sheet, view, column string }{
		{xlsx.SheetBudget, "initiative_status", "actual_cost"},
		{xlsx.SheetBudget, "initiative_status", "approved_budget"},
		{xlsx.SheetFlags, "review_flags", "impact"},
		{xlsx.SheetNoLink, "funding_gate", "spend_to_date"},
	} {
		rows, err := f.GetRows(c.sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == xlsx.Label(c.column) {
				col = i
			}
		}
		if col < 0 {
			t.Fatalf("%s: no %q column in %v", c.sheet, xlsx.Label(c.column), rows[0])
		}
		var pack report.Dec
		for _, r := range rows[1:] {
			if col < len(r) && r[col] != "" {
				if !regexp.MustCompile(`^-?\d+(\.\d{1,2})?$`).MatchString(r[col]) {
					t.Errorf("%s %s: cell %q is not exact to the cent", c.sheet, c.column, r[col])
				}
				pack = pack.Add(dec(t, r[col]))
			}
		}
		var data report.Dec
		for _, r := range readCSV(t, res.Files["data/"+c.view+".csv"]) {
			data = data.Add(dec(t, r[c.column]))
		}
		if pack.Cmp(data) != 0 {
			t.Errorf("%s %s: pack cells sum to %s, data/%s.csv to %s", c.sheet, c.column, pack, c.view, data)
		}
	}
}

// TestPackMoneyMatchesDataToTheCent on the sample.
func TestPackMoneyMatchesDataToTheCent(t *testing.T) {
	checkPackSums(t, buildSample(t))
}

// TestOnlyInitiatives: a portfolio with nothing but initiatives.csv builds,
// and every page says which inputs were not supplied instead of failing.
func TestOnlyInitiatives(t *testing.T) {
	dir := t.TempDir()
	body := "initiative_id,name,status,start_date,end_date,approved_budget,planned_points\n" +
		"A,Alpha,active,2026-01-01,2026-12-31,,\nB,Beta,,2026-02-01,2026-12-31,1000,\n"
	if err := os.WriteFile(filepath.Join(dir, "initiatives.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := runBuild(dir, "2026-11-27")
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("build failed: %v", res.Diags.Err())
	}
	for _, page := range []string{"index.html", "funding-gate.html", "data-quality.html"} {
		if !bytes.Contains(res.Files[page], []byte("No spend supplied")) {
			t.Errorf("%s does not say no spend was supplied", page)
		}
	}
	st := readCSV(t, res.Files["data/initiative_status.csv"])
	got := fmt.Sprint(st[0]["budget_status"], " ", st[0]["overrun"], " ", st[1]["status"], " ", st[1]["outcome"])
	if got != "no_budget false active unlinked" {
		t.Errorf("budget_status overrun / status outcome = %q", got)
	}
	checkIdentities(t, reconciliation(t, res.Files["data/reconciliation.csv"]))
}

// TestMoneyAtTheEdgesOfItsRange: the largest amounts the contract allows go
// from the input to the data CSVs exactly, sums included (no float on any
// money path).
func TestMoneyAtTheEdgesOfItsRange(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"initiatives.csv": "initiative_id,name,status,start_date,end_date,approved_budget\nA,Alpha,active,2026-01-01,2026-12-31,9999999999999999.99\n",
		"mappings.csv":    "system,key,initiative_id\nfinance,P,A\n",
		"spend.csv": "posting_date,amount,project_code\n2026-02-01,1234567890123456.78,P\n2026-02-02,9999999999999999.99,P\n" +
			"2026-02-03,-9999999999999999.99,P\n2026-02-04,0.01,P\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := runBuild(dir, "2026-11-27")
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("build failed: %v", res.Diags.Err())
	}
	st := readCSV(t, res.Files["data/initiative_status.csv"])[0]
	if st["actual_cost"] != "1234567890123456.79" || st["approved_budget"] != "9999999999999999.99" || st["budget_status"] != "within_budget" {
		t.Errorf("actual_cost %s, approved_budget %s, %s", st["actual_cost"], st["approved_budget"], st["budget_status"])
	}
	r := reconciliation(t, res.Files["data/reconciliation.csv"])
	if got := r["file_total"].amount.String(); got != "1234567890123456.79" {
		t.Errorf("file_total %s, want 1234567890123456.79", got)
	}
	checkIdentities(t, r)
	h := readCSV(t, res.Files["data/headline.csv"])[0]
	if h["spend_to_date"] != "1234567890123456.79" || h["escalated_executive"] != "0" {
		t.Errorf("headline spend_to_date %s, escalated_executive %s", h["spend_to_date"], h["escalated_executive"])
	}
}
