package load_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/warehouse"
)

// valid is a minimal input folder that passes every rule.
var valid = map[string]string{
	"initiatives.csv": "initiative_id,name,portfolio,owner,status,start_date,end_date,approved_budget,planned_points\n" +
		"I-1,Cloud migration,Infrastructure,Ana,active,2026-01-01,2026-12-31,1000000,20\n" +
		"I-2,CRM,Customer,Ben,done,2025-01-01,2025-12-31,50000.50,\n",
	"spend.csv": "posting_date,amount,project_code,cost_center,gl_account,vendor,description\n" +
		"2026-02-01,1200.50,P-1,CC1,6100,Acme,\"hosting, February\"\n" +
		"2026-02-02,-200,P-1,CC1,6100,Acme,credit\n",
	"mappings.csv":   "system,key,initiative_id\nfinance,P-1,I-1\ndelivery,E-1,I-1\n",
	"issues.csv":     "issue_key,epic_key,story_points,status,created,resolved\nK-1,E-1,5,Done,2026-02-01 10:00:00,2026-02-03\nK-2,E-1,,Open,2026-02-01,\n",
	"kpis.csv":       "kpi_id,name,unit,direction,owner,statement,line_item\nOPEX,DC opex,GBP,decrease,CFO,pnl,Hosting\nMIG,Migration %,%,increase,CTO,,\n",
	"kpi_values.csv": "kpi_id,date,value\nOPEX,2026-01-31,100\nOPEX,2026-02-28,95.5\n",
	"links.csv":      "initiative_id,kpi_id,baseline,target,due_date,start_date\nI-1,OPEX,100,60,2026-12-31,\n",
	"milestones.csv": "initiative_id,milestone,start_date,planned_end_date,forecast_end_date,actual_end_date,planned_cost,forecast_cost\nI-1,Wave 1,2026-01-01,2026-04-30,2026-05-15,,100000,120000\n",
}

// run writes files (valid, with overrides; a nil value removes the file) and loads them.
func run(t *testing.T, override map[string]*string) (*warehouse.DB, *load.Result, *diag.List) {
	t.Helper()
	dir := t.TempDir()
	for name, body := range valid {
		if o, ok := override[name]; ok {
			if o == nil {
				continue
			}
			body = *o
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name := range override {
		if d, ok := strings.CutSuffix(name, "/"); ok {
			if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, diags, err := load.Load(ctx, db, dir, "in")
	if err != nil {
		t.Fatal(err)
	}
	return db, res, diags
}

func str(s string) *string { return &s }

func lines(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestValidLoads(t *testing.T) {
	db, res, diags := run(t, nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	if len(res.Inputs) != 8 {
		t.Fatalf("got %d inputs, want 8", len(res.Inputs))
	}
	for _, in := range res.Inputs {
		if len(in.SHA256) != 64 || in.Rows < 1 {
			t.Errorf("input %+v: want a checksum and rows", in)
		}
	}
	var total float64
	var statement string
	if err := db.QueryRow(context.Background(), "SELECT CAST(sum(amount) AS DOUBLE), (SELECT statement FROM kpis WHERE kpi_id='MIG') FROM spend", &total, &statement); err != nil {
		t.Fatal(err)
	}
	if total != 1000.50 || statement != "none" {
		t.Errorf("spend total %v statement %q, want 1000.5 and none", total, statement)
	}
}

func TestContractRules(t *testing.T) {
	cases := []struct {
		name     string
		override map[string]*string
		want     string
	}{
		{"missing required column", map[string]*string{"spend.csv": str("posting_date,project_code\n2026-01-01,P-1\n")},
			`in/spend.csv:1: missing required column "amount"`},
		{"bad date", map[string]*string{"spend.csv": str("posting_date,amount\n2026-01-01,1\n2026-02-30,2\n")},
			`in/spend.csv:3:1: posting_date: "2026-02-30" is not a date (YYYY-MM-DD, year 1900 to 2999)`},
		{"day-first date", map[string]*string{"kpi_values.csv": str("kpi_id,date,value\nOPEX,31/01/2026,1\n")},
			`in/kpi_values.csv:2:2: date: "31/01/2026" is not a date (YYYY-MM-DD, year 1900 to 2999)`},
		{"bad decimal", map[string]*string{"spend.csv": str("posting_date,amount\n2026-01-01,1\n2026-01-01,2\n2026-01-01,3\n2026-01-01,4\n2026-01-01,5\n2026-01-02,\"12,5O\"\n")},
			`in/spend.csv:7:2: amount: "12,5O" is not a decimal`},
		{"bad enum", map[string]*string{"kpis.csv": str("kpi_id,name,direction\nOPEX,DC opex,down\nMIG,Mig,increase\n")},
			`in/kpis.csv:2:3: direction: "down" is not one of increase, decrease`},
		{"negative budget", map[string]*string{"initiatives.csv": str("initiative_id,name,status,start_date,end_date,approved_budget\nI-1,A,active,2026-01-01,2026-02-01,-5\n")},
			`in/initiatives.csv:2:6: approved_budget: "-5" must be zero or more`},
		{"missing value", map[string]*string{"initiatives.csv": str("initiative_id,name,status,start_date,end_date,approved_budget\nI-1,,active,2026-01-01,2026-02-01,5\n")},
			`in/initiatives.csv:2:2: name: a value is required`},
		{"duplicate key names both lines", map[string]*string{"kpi_values.csv": str("kpi_id,date,value\nOPEX,2026-01-31,1\nOPEX,2026-02-28,2\nOPEX,2026-01-31,3\n")},
			`in/kpi_values.csv:4:1: (kpi_id, date): duplicate ("OPEX", "2026-01-31"), first at line 2`},
		{"dangling reference", map[string]*string{"links.csv": str("initiative_id,kpi_id,baseline,target,due_date\nI-1,NOPE,1,2,2026-12-31\n")},
			`in/links.csv:2:2: kpi_id: "NOPE" is not in kpis.csv`},
		{"end before start", map[string]*string{"initiatives.csv": str("initiative_id,name,status,start_date,end_date,approved_budget\nI-1,A,active,2026-03-01,2026-03-01,5\n")},
			`in/initiatives.csv:2:5: end_date: 2026-03-01 is not after start_date 2026-03-01`},
		{"required file missing", map[string]*string{"initiatives.csv": nil},
			`in/initiatives.csv: required file is missing`},
		{"money beyond DECIMAL(18,2)", map[string]*string{"spend.csv": str("posting_date,amount\n2026-01-01,9999999999999999.99\n2026-01-01,10000000000000000\n")},
			`in/spend.csv:3:2: amount: "10000000000000000" is out of range (at most 16 digits before the point)`},
		{"malformed date still an error", map[string]*string{"spend.csv": str("posting_date,amount\n,1\n2026-1-01,2\n")},
			`in/spend.csv:3:1: posting_date: "2026-1-01" is not a date (YYYY-MM-DD, year 1900 to 2999)`},
		{"every missing column in one message", map[string]*string{"links.csv": str("initiative_id,due_date\nI-1,2026-13-01\n")},
			`in/links.csv:1: missing required columns "kpi_id", "baseline", "target" (the header has: "initiative_id", "due_date")`},
		{"other columns checked despite a missing one", map[string]*string{"links.csv": str("initiative_id,due_date\nI-1,2026-13-01\n")},
			`in/links.csv:2:2: due_date: "2026-13-01" is not a date (YYYY-MM-DD, year 1900 to 2999)`},
		{"year 0000", map[string]*string{"spend.csv": str("posting_date,amount\n0000-01-01,1\n")},
			`in/spend.csv:2:1: posting_date: "0000-01-01" is not a date (YYYY-MM-DD, year 1900 to 2999)`},
		{"story points beyond any sum", map[string]*string{"issues.csv": str("issue_key,story_points,created\nK-1,1e35,2026-01-01\n")},
			`in/issues.csv:2:2: story_points: "1e35" is not a number below 10^15 in size`},
		{"NaN is not a number", map[string]*string{"links.csv": str("initiative_id,kpi_id,baseline,target,due_date\nI-1,OPEX,NaN,1,2026-12-31\n")},
			`in/links.csv:2:3: baseline: "NaN" is not a number below 10^15 in size`},
		{"a folder named like an input", map[string]*string{"spend.csv": nil, "spend.csv/": str("")},
			`in/spend.csv: not a regular file (a folder)`},
		{"ragged row", map[string]*string{"spend.csv": str("posting_date,amount\n2026-01-01,1\n2026-01-01\n")},
			`in/spend.csv:3: row does not have the header's 2 fields`},
		{"multi-line field keeps lines right", map[string]*string{"spend.csv": str("posting_date,amount,description\n2026-01-01,1,\"two\nlines\"\n2026-01-01,x,\n")},
			`in/spend.csv:4:2: amount: "x" is not a decimal`},
		{"rows after a ragged row keep their lines", map[string]*string{"spend.csv": str("posting_date,amount\n2026-01-01\n2026-01-01,1\n2026-01-01,x\n")},
			`in/spend.csv:4:2: amount: "x" is not a decimal`},
		{"bad datetime", map[string]*string{"issues.csv": str("issue_key,created\nK-1,2026-02-01 25:00:00\n")},
			`in/issues.csv:2:2: created: "2026-02-01 25:00:00" is not a date`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, diags := run(t, tc.override)
			got := lines(diags.Errors())
			if !strings.Contains(got, tc.want) {
				t.Errorf("want an error containing\n  %s\ngot:\n%s", tc.want, got)
			}
		})
	}
}

func TestBOMAndCRLFAccepted(t *testing.T) {
	body := "\ufeffposting_date,amount,project_code\r\n2026-02-01,10.25,P-1\r\n2026-02-02,x,P-1\r\n"
	_, _, diags := run(t, map[string]*string{"spend.csv": &body})
	got := lines(diags.Errors())
	if want := "in/spend.csv:3:2: amount: \"x\" is not a decimal"; strings.TrimSpace(got) != want {
		t.Fatalf("got:\n%s\nwant exactly:\n%s", got, want)
	}
	body = "\ufeffposting_date,amount,project_code\r\n2026-02-01,10.25,P-1\r\n"
	db, _, diags := run(t, map[string]*string{"spend.csv": &body})
	if diags.HasErrors() {
		t.Fatalf("BOM + CRLF file rejected:\n%s", lines(diags.Errors()))
	}
	var code string
	if err := db.QueryRow(context.Background(), "SELECT project_code FROM spend", &code); err != nil || code != "P-1" {
		t.Fatalf("project_code = %q (%v), want P-1 without a trailing CR", code, err)
	}
}

// TestSourceLines: every spend row knows the line it starts on, in a file of
// one record per line and in one with multi-line fields and blank lines.
func TestSourceLines(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		want string
	}{
		"one record per line":  {"posting_date,amount\n2026-01-01,1\n,2\n2026-01-03,3\n", "[2 3 4]"},
		"multi-line and blank": {"posting_date,amount,description\n2026-01-01,1,\"two\nlines\"\n\n2026-01-02,2,x\n,3,\"a\n\nb\"\n2026-01-04,4,\n", "[2 5 6 9]"},
	} {
		t.Run(name, func(t *testing.T) {
			db, _, diags := run(t, map[string]*string{"spend.csv": &tc.body})
			if diags.HasErrors() {
				t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
			}
			var got []int64
			// The amounts rise in file order.
			if err := db.Rows(context.Background(), "SELECT source_line FROM spend ORDER BY amount", func(v []any) error {
				got = append(got, v[0].(int64))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("source lines %v, want %s", got, tc.want)
			}
		})
	}
}

// TestNamedPipeInput: an input that is a named pipe is refused at once
// (opening it would wait for a writer forever).
func TestNamedPipeInput(t *testing.T) {
	dir := t.TempDir()
	for name, body := range valid {
		if name == "spend.csv" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "spend.csv"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	done := make(chan *diag.List, 1)
	go func() {
		_, diags, err := load.Load(ctx, db, dir, "in")
		if err != nil {
			t.Error(err)
		}
		done <- diags
	}()
	select {
	case diags := <-done:
		if got := lines(diags.Errors()); !strings.Contains(got, "in/spend.csv: not a regular file (a named pipe)") {
			t.Errorf("got:\n%s", got)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the load is waiting on the named pipe")
	}
}

func TestWarnings(t *testing.T) {
	spend := "posting_date,amount,project_code,extra\n2026-02-01,10,P-1,x\n2026-02-01,7,,x\n2026-02-01,3,LEGACY,x\n"
	_, _, diags := run(t, map[string]*string{"spend.csv": &spend, "milestones.csv": nil})
	if diags.HasErrors() {
		t.Fatalf("warnings must not stop a run:\n%s", lines(diags.Errors()))
	}
	got := lines(diags.Warnings())
	for _, want := range []string{
		`in/milestones.csv: warning: file not supplied; loaded as empty (the sections that need it say so)`,
		`in/spend.csv:1:4: warning: extra columns ignored: "extra"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing warning %q in:\n%s", want, got)
		}
	}
}

func TestManyErrorsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("posting_date,amount\n")
	for i := 0; i < 1000; i++ {
		b.WriteString("2026-01-01,bad\n")
	}
	body := b.String()
	_, _, diags := run(t, map[string]*string{"spend.csv": &body})
	errs := diags.Errors()
	if len(errs) != 101 {
		t.Fatalf("got %d errors, want 100 positioned + 1 summary", len(errs))
	}
	if got := lines(errs); !strings.Contains(got, "amount: 900 more rows where the value is not a decimal") {
		t.Errorf("no summary line in:\n%s", got)
	}
}

// FuzzSpendFile feeds arbitrary bytes as spend.csv: the loader must never fail
// internally, and every positioned error must point inside the file.
func FuzzSpendFile(f *testing.F) {
	f.Add([]byte("posting_date,amount\n2026-01-01,1\n"))
	f.Add([]byte("\ufeffposting_date,amount\r\n2026-01-01,\"1\n2\"\r\n"))
	f.Add([]byte("amount,posting_date,amount\n1,2\n"))
	f.Add([]byte("posting_date,amount\n\"unterminated\n"))
	f.Add([]byte("posting_date,amount\n2026-13-01,1e3\n,\n"))
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Options{Threads: 1})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		for name, body := range valid {
			if name == "spend.csv" {
				body = string(data)
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		_, diags, err := load.Load(ctx, db, dir, "in")
		if err != nil {
			t.Fatalf("internal error on input %q: %v", data, err)
		}
		n := strings.Count(string(data), "\n") + 1
		for _, d := range diags.Errors() {
			if d.Line > n {
				t.Errorf("%s: line beyond the file's %d lines", d, n)
			}
		}
	})
}

// TestFastPathMatchesPositionedPath: the sample's ledger and delivery
// extract, clean, take the one-pass read, and their tables hold exactly what
// the positioned path gives, row for row, in order.
func TestFastPathMatchesPositionedPath(t *testing.T) {
	dump := func(fast bool) (map[string]string, []string) {
		defer load.SetFastPath(fast)()
		over := map[string]*string{}
		for _, f := range []string{"spend.csv", "issues.csv"} {
			b, err := os.ReadFile(filepath.Join("..", "..", "sample-data", f))
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			over[f] = &s
		}
		db, res, diags := run(t, over)
		if diags.HasErrors() {
			t.Fatalf("errors:\n%s", lines(diags.Errors()))
		}
		out := map[string]string{}
		for _, tbl := range []string{"spend", "issues"} {
			var b strings.Builder
			order := "rowid"
			if tbl == "spend" {
				order = "source_line" // a view over the one-pass read's stage
			}
			if err := db.Rows(context.Background(), "SELECT * FROM "+tbl+" ORDER BY "+order, func(v []any) error {
				fmt.Fprintln(&b, v...)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			out[tbl] = b.String()
		}
		return out, res.Fast
	}
	fast, took := dump(true)
	slow, none := dump(false)
	if fmt.Sprint(took) != "[spend.csv issues.csv]" || len(none) != 0 {
		t.Errorf("fast path taken for %v (want spend.csv and issues.csv), then %v (want none)", took, none)
	}
	for tbl := range slow {
		if fast[tbl] != slow[tbl] {
			t.Errorf("%s differs between the one-pass and the positioned read", tbl)
		}
	}
}

// TestPaddedValuesTakeThePositionedPath: the one-pass read does not trim, so
// a value with a leading or trailing space sends the file down the path that
// does; the table holds the trimmed value either way.
func TestPaddedValuesTakeThePositionedPath(t *testing.T) {
	for name, tc := range map[string]struct {
		body string
		fast bool
	}{
		"clean":  {"posting_date,amount,project_code\n2026-02-01,10.25,P-1\n", true},
		"padded": {"posting_date,amount,project_code\n2026-02-01,10.25, P-1 \n", false},
		"spaces": {"posting_date,amount,project_code\n2026-02-01,10.25,\"   \"\n", false},
	} {
		t.Run(name, func(t *testing.T) {
			db, res, diags := run(t, map[string]*string{"spend.csv": &tc.body})
			if diags.HasErrors() {
				t.Fatalf("errors:\n%s", lines(diags.Errors()))
			}
			if got := slices.Contains(res.Fast, "spend.csv"); got != tc.fast {
				t.Errorf("fast path %v, want %v", got, tc.fast)
			}
			var code sql.NullString
			if err := db.QueryRow(context.Background(), "SELECT project_code FROM spend", &code); err != nil {
				t.Fatal(err)
			}
			if want := map[string]string{"clean": "P-1", "padded": "P-1", "spaces": ""}[name]; code.String != want || code.Valid != (want != "") {
				t.Errorf("project_code %+v, want %q", code, want)
			}
		})
	}
}

// FuzzFastPathAgrees: whatever spend.csv holds, the one-pass read and the
// positioned read give the same problems and, when there are none, the same
// table. The one-pass read may only ever hand a file over, never accept what
// the positioned checks refuse.
func FuzzFastPathAgrees(f *testing.F) {
	f.Add("posting_date,amount,project_code\n2026-01-01,1,P\n,2.5,\n")
	f.Add("posting_date,amount\n2026-1-01,1\n")
	f.Add("posting_date,amount\n2026-01-01,+.5\n2026-01-01,5.\n")
	f.Add("posting_date,amount\n2026-01-01,1e3\n")
	f.Add("posting_date,amount\n0000-01-01,1\n")
	f.Add("posting_date,amount,transaction_id\n2026-01-01, 7 ,T\n2026-01-01,-0,T\n")
	f.Add("posting_date,amount\n2026-01-01,9999999999999999.999\n")
	f.Add("posting_date,amount\n2026-01-01 (BC),1\n")
	f.Add("posting_date,amount,project_code\n2026-01-01,1, P\n2026-01-01,1.234,P \n")
	// One database per path for the whole run (a load replaces what the
	// last one left), so an input costs two loads, not two databases.
	ctx := context.Background()
	dbs := map[bool]*warehouse.DB{}
	for _, fast := range []bool{true, false} {
		db, err := warehouse.Open(ctx, warehouse.Options{Threads: 1})
		if err != nil {
			f.Fatal(err)
		}
		defer db.Close()
		dbs[fast] = db
	}
	f.Fuzz(func(t *testing.T, body string) {
		dir := t.TempDir()
		for name, content := range valid {
			if name == "spend.csv" {
				content = body
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		load1 := func(fast bool) (string, string) {
			defer load.SetFastPath(fast)()
			db := dbs[fast]
			_, diags, err := load.Load(ctx, db, dir, "in")
			if err != nil {
				t.Fatalf("internal error on %q: %v", body, err)
			}
			if diags.HasErrors() {
				return lines(diags.Errors()), ""
			}
			var b strings.Builder
			if err := db.Rows(context.Background(), "SELECT * FROM spend ORDER BY source_line", func(v []any) error {
				fmt.Fprintln(&b, v...)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			return "", b.String()
		}
		e1, t1 := load1(true)
		e2, t2 := load1(false)
		if e1 != e2 || t1 != t2 {
			t.Errorf("one-pass and positioned reads disagree on %q:\n%s%s\nthen\n%s%s", body, e1, t1, e2, t2)
		}
	})
}

// TestOneMessagePerMalformedLine: DuckDB rejects a row with two extra fields
// twice (once per field); the user reads one message for the line, with the
// row's real field count.
func TestOneMessagePerMalformedLine(t *testing.T) {
	body := "posting_date,amount\n2026-01-01,1\n2026-01-02,2,x,y\n2026-01-03,3,z\n"
	_, _, diags := run(t, map[string]*string{"spend.csv": &body})
	got := lines(diags.Errors())
	want := "in/spend.csv:3: row does not have the header's 2 fields (Expected Number of Columns: 2 Found: 4)\n" +
		"in/spend.csv:4: row does not have the header's 2 fields (Expected Number of Columns: 2 Found: 3)\n"
	if got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
