package sample

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite ../../sample-data from Generate(1, 1)")

const sampleDir = "../../sample-data"

// TestSampleData checks that sample-data/ holds exactly Generate(1, 1).
// Run `go test ./internal/sample -update` after changing the generator.
func TestSampleData(t *testing.T) {
	got := mustGenerate(t, 1, 1)
	if *update {
		for _, name := range Files {
			if err := os.WriteFile(filepath.Join(sampleDir, name), got[name], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	entries, err := os.ReadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := slices.Sorted(slices.Values(Files))
	if !slices.Equal(names, want) {
		t.Errorf("sample-data holds %v, want exactly %v", names, want)
	}
	for _, name := range Files {
		disk, err := os.ReadFile(filepath.Join(sampleDir, name))
		if err != nil {
			t.Error(err)
			continue
		}
		if !bytes.Equal(disk, got[name]) {
			t.Errorf("sample-data/%s differs from Generate(1, 1); run go test ./internal/sample -update", name)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := mustGenerate(t, 7, 1), mustGenerate(t, 7, 1)
	for _, name := range Files {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: two calls with the same seed differ", name)
		}
	}
	c := mustGenerate(t, 8, 1)
	for _, name := range []string{"spend.csv", "issues.csv", "kpi_values.csv", "links.csv"} {
		if bytes.Equal(a[name], c[name]) {
			t.Errorf("%s: seeds 7 and 8 give the same bytes", name)
		}
	}
}

func TestGenerateScale(t *testing.T) {
	one, two := mustGenerate(t, 1, 1), mustGenerate(t, 1, 2)
	lines := func(m map[string][]byte, name string) int { return bytes.Count(m[name], []byte("\n")) - 1 }
	for _, name := range []string{"spend.csv", "issues.csv"} {
		r := float64(lines(two, name)) / float64(lines(one, name))
		if r < 1.8 || r > 2.2 {
			t.Errorf("%s: scale 2 has %.2f times the lines of scale 1, want about 2", name, r)
		}
	}
	if n, want := lines(two, "initiatives.csv"), 2*lines(one, "initiatives.csv"); n != want {
		t.Errorf("scale 2 has %d initiatives, want %d", n, want)
	}
	checkContract(t, two)
	if _, err := Generate(1, 0); err == nil {
		t.Error("Generate(1, 0) succeeded, want an error")
	}
}

func TestGenerateContract(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		checkContract(t, mustGenerate(t, seed, 1))
	}
}

func mustGenerate(t testing.TB, seed uint64, scale int) map[string][]byte {
	t.Helper()
	m, err := Generate(seed, scale)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// table is a parsed CSV file: header and rows of named fields.
type table struct {
	name   string
	header []string
	rows   []map[string]string
}

func readTable(t testing.TB, name string, data []byte) *table {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tb := &table{name: name, header: recs[0]}
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range tb.header {
			row[h] = rec[i]
		}
		tb.rows = append(tb.rows, row)
	}
	return tb
}

// index returns the rows by the values of cols joined with "|".
func (tb *table) index(cols ...string) map[string]map[string]string {
	m := map[string]map[string]string{}
	for _, r := range tb.rows {
		var k []string
		for _, c := range cols {
			k = append(k, r[c])
		}
		m[strings.Join(k, "|")] = r
	}
	return m
}

var contractHeaders = map[string]string{
	"initiatives.csv": "initiative_id,name,portfolio,owner,status,start_date,end_date,approved_budget,planned_points",
	"spend.csv":       "posting_date,amount,project_code,cost_center,gl_account,vendor,description,transaction_id",
	"issues.csv":      "issue_key,epic_key,story_points,status,created,resolved",
	"mappings.csv":    "system,key,initiative_id,retire_by",
	"milestones.csv":  "initiative_id,milestone,start_date,planned_end_date,forecast_end_date,actual_end_date,planned_cost,forecast_cost",
	"kpis.csv":        "kpi_id,name,unit,direction,owner,statement,line_item",
	"kpi_values.csv":  "kpi_id,date,value",
	"links.csv":       "initiative_id,kpi_id,baseline,target,due_date,start_date",

	"status_reports.csv": "initiative_id,reported_on,rating,end_date,whole_life_cost,narrative",
}

// required columns and the keys that must be unique, per file.
var (
	required = map[string][]string{
		"initiatives.csv": {"initiative_id", "name", "status", "start_date", "end_date", "approved_budget"},
		"spend.csv":       {"amount", "transaction_id"},
		"issues.csv":      {"issue_key", "created"},
		"mappings.csv":    {"system", "key", "initiative_id"},
		"milestones.csv":  {"initiative_id", "milestone", "start_date", "planned_end_date"},
		"kpis.csv":        {"kpi_id", "name", "direction"},
		"kpi_values.csv":  {"kpi_id", "date", "value"},
		"links.csv":       {"initiative_id", "kpi_id", "baseline", "target", "due_date"},

		"status_reports.csv": {"initiative_id", "reported_on", "rating"},
	}
	keys = map[string][]string{
		"initiatives.csv": {"initiative_id"},
		"issues.csv":      {"issue_key"},
		"mappings.csv":    {"system", "key"},
		"milestones.csv":  {"initiative_id", "milestone"},
		"kpis.csv":        {"kpi_id"},
		"kpi_values.csv":  {"kpi_id", "date"},
		"links.csv":       {"initiative_id", "kpi_id"},

		"status_reports.csv": {"initiative_id", "reported_on"},
	}
	dateCols = map[string][]string{
		"initiatives.csv": {"start_date", "end_date"},
		"spend.csv":       {"posting_date"},
		"issues.csv":      {"created", "resolved"},
		"milestones.csv":  {"start_date", "planned_end_date", "forecast_end_date", "actual_end_date"},
		"kpi_values.csv":  {"date"},
		"links.csv":       {"due_date", "start_date"},
		"mappings.csv":    {"retire_by"},

		"status_reports.csv": {"reported_on", "end_date"},
	}
	moneyCols = map[string][]string{
		"initiatives.csv": {"approved_budget"},
		"spend.csv":       {"amount"},
		"milestones.csv":  {"planned_cost", "forecast_cost"},

		"status_reports.csv": {"whole_life_cost"},
	}
	numberCols = map[string][]string{
		"initiatives.csv": {"planned_points"},
		"issues.csv":      {"story_points"},
		"kpi_values.csv":  {"value"},
		"links.csv":       {"baseline", "target"},
	}
	enums = map[string]map[string][]string{
		"initiatives.csv": {"status": {"proposed", "active", "on_hold", "done", "cancelled"}},
		"mappings.csv":    {"system": {"finance", "delivery", "retires"}},

		"status_reports.csv": {"rating": {"green", "amber_green", "amber", "amber_red", "red", "exempt", "not_rated"}},
		"kpis.csv":           {"direction": {"increase", "decrease"}, "statement": {"", "pnl", "balance_sheet", "none"}},
	}
	moneyRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]{1,2})?$`)
)

// parseDay parses a contract date, allowing a time of day after it.
func parseDay(s string) (day, error) {
	layout := "2006-01-02"
	if len(s) > 10 {
		layout = "2006-01-02 15:04:05"
	}
	tm, err := time.Parse(layout, s)
	if err != nil {
		return 0, err
	}
	return day(tm.Unix() / 86400), nil
}

// checkContract checks a data set against input contract v1 and the sample's
// own promises (nothing dated after the as-of date, timestamps on some issues).
func checkContract(t *testing.T, m map[string][]byte) {
	t.Helper()
	tables := map[string]*table{}
	for _, name := range Files {
		data := m[name]
		if len(data) == 0 || data[len(data)-1] != '\n' || bytes.Contains(data, []byte("\r")) {
			t.Errorf("%s: want LF-terminated lines", name)
		}
		tb := readTable(t, name, data)
		tables[name] = tb
		if h := strings.Join(tb.header, ","); h != contractHeaders[name] {
			t.Errorf("%s: header %q, want %q", name, h, contractHeaders[name])
		}
		seen := map[string]int{}
		for i, r := range tb.rows {
			line := i + 2
			for _, c := range required[name] {
				if r[c] == "" {
					t.Errorf("%s:%d: %s is required", name, line, c)
				}
			}
			if k := keys[name]; k != nil {
				var parts []string
				for _, c := range k {
					parts = append(parts, r[c])
				}
				key := strings.Join(parts, "|")
				if prev, ok := seen[key]; ok {
					t.Errorf("%s:%d: key %s repeats line %d", name, line, key, prev)
				}
				seen[key] = line
			}
			for _, c := range dateCols[name] {
				if r[c] == "" {
					continue
				}
				if _, err := parseDay(r[c]); err != nil {
					t.Errorf("%s:%d: %s: %v", name, line, c, err)
				}
			}
			for _, c := range moneyCols[name] {
				if r[c] != "" && !moneyRE.MatchString(r[c]) {
					t.Errorf("%s:%d: %s %q is not money", name, line, c, r[c])
				}
				if c != "amount" && strings.HasPrefix(r[c], "-") {
					t.Errorf("%s:%d: %s is negative", name, line, c)
				}
			}
			for _, c := range numberCols[name] {
				if r[c] == "" {
					continue
				}
				v, err := strconv.ParseFloat(r[c], 64)
				if err != nil {
					t.Errorf("%s:%d: %s: %v", name, line, c, err)
				}
				if (c == "planned_points" || c == "story_points") && v < 0 {
					t.Errorf("%s:%d: %s is negative", name, line, c)
				}
			}
			for c, vals := range enums[name] {
				if !slices.Contains(vals, r[c]) {
					t.Errorf("%s:%d: %s %q not one of %v", name, line, c, r[c], vals)
				}
			}
		}
	}

	ids := tables["initiatives.csv"].index("initiative_id")
	kpiIDs := tables["kpis.csv"].index("kpi_id")
	for _, name := range []string{"mappings.csv", "milestones.csv", "links.csv", "status_reports.csv"} {
		for i, r := range tables[name].rows {
			if ids[r["initiative_id"]] == nil {
				t.Errorf("%s:%d: initiative %q does not exist", name, i+2, r["initiative_id"])
			}
		}
	}
	for _, name := range []string{"kpi_values.csv", "links.csv"} {
		for i, r := range tables[name].rows {
			if kpiIDs[r["kpi_id"]] == nil {
				t.Errorf("%s:%d: kpi %q does not exist", name, i+2, r["kpi_id"])
			}
		}
	}
	after := func(name, a, b string) {
		for i, r := range tables[name].rows {
			if r[a] == "" || r[b] == "" {
				continue
			}
			x, _ := parseDay(r[a])
			y, _ := parseDay(r[b])
			if y < x {
				t.Errorf("%s:%d: %s %s before %s %s", name, i+2, b, r[b], a, r[a])
			}
		}
	}
	for i, r := range tables["initiatives.csv"].rows {
		if r["end_date"] <= r["start_date"] {
			t.Errorf("initiatives.csv:%d: end_date %s not after start_date %s", i+2, r["end_date"], r["start_date"])
		}
	}
	after("milestones.csv", "start_date", "planned_end_date")
	after("milestones.csv", "start_date", "actual_end_date")
	after("issues.csv", "created", "resolved")
	notAfter := func(name, col string, limit day) {
		for i, r := range tables[name].rows {
			if v, _ := parseDay(r[col]); r[col] != "" && v > limit {
				t.Errorf("%s:%d: %s %s is after %s", name, i+2, col, r[col], limit)
			}
		}
	}
	notAfter("spend.csv", "posting_date", asOf)
	notAfter("kpi_values.csv", "date", asOf)
	notAfter("issues.csv", "resolved", asOf)
	notAfter("issues.csv", "created", asOf)
	notAfter("milestones.csv", "actual_end_date", asOf)
	spend := tables["spend.csv"].rows
	// The ledger's tail: two lines a later release republished exactly, then
	// two lines nobody dated (docs/sample.md); every line before them is
	// dated, in posting order.
	n := len(spend)
	dated := spend[:n-4]
	if dated[0]["posting_date"] != "2024-11-28" || dated[len(dated)-1]["posting_date"] != AsOf {
		t.Errorf("spend runs %s..%s, want 2024-11-28..%s", dated[0]["posting_date"], dated[len(dated)-1]["posting_date"], AsOf)
	}
	if spend[n-1]["posting_date"] != "" || spend[n-2]["posting_date"] != "" || spend[n-3]["posting_date"] == "" {
		t.Errorf("want exactly the last two lines undated")
	}
	seen := map[string]map[string]string{}
	var repeats int
	for _, r := range spend {
		if first, ok := seen[r["transaction_id"]]; ok {
			repeats++
			if fmt.Sprint(first) != fmt.Sprint(r) {
				t.Errorf("transaction %s repeats with other columns changed", r["transaction_id"])
			}
		}
		seen[r["transaction_id"]] = r
	}
	if repeats != 2 {
		t.Errorf("%d republished lines, want 2", repeats)
	}
	var timed, credits, empty, unmapped int
	codes := tables["mappings.csv"].index("system", "key")
	for _, r := range spend {
		switch {
		case strings.HasPrefix(r["amount"], "-"):
			credits++
		}
		switch {
		case r["project_code"] == "":
			empty++
		case codes["finance|"+r["project_code"]] == nil:
			unmapped++
		}
	}
	for _, r := range tables["issues.csv"].rows {
		if len(r["created"]) > 10 {
			timed++
		}
	}
	if timed == 0 || credits == 0 || empty == 0 || unmapped == 0 {
		t.Errorf("want some timestamped issues (%d), credits (%d), empty (%d) and unmapped (%d) project codes", timed, credits, empty, unmapped)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(1, 10); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDensity: density multiplies the ledger, not the initiatives.
func TestDensity(t *testing.T) {
	one, err := Generate(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	three, err := GenerateDense(1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	lines := func(b []byte) int { return bytes.Count(b, []byte("\n")) }
	if lines(one["initiatives.csv"]) != lines(three["initiatives.csv"]) {
		t.Errorf("initiatives %d, then %d", lines(one["initiatives.csv"]), lines(three["initiatives.csv"]))
	}
	if r := float64(lines(three["spend.csv"])) / float64(lines(one["spend.csv"])); r < 2.5 || r > 3.5 {
		t.Errorf("spend lines grew %.2fx at density 3", r)
	}
	if r := float64(lines(three["issues.csv"])) / float64(lines(one["issues.csv"])); r < 2 {
		t.Errorf("issues grew %.2fx at density 3", r)
	}
}
