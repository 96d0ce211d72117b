package load_test

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/warehouse"
)

// runSources writes files into an input folder (a nil value skips a valid
// file) and loads it with the adapters (file name -> SQL).
func runSources(t *testing.T, files map[string]*string, adapters map[string]string) (*warehouse.DB, *load.Result, *diag.List, string) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range valid {
		if o, ok := files[name]; ok {
			if o == nil {
				continue
			}
			body = *o
		}
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range files {
		if _, ok := valid[name]; ok || body == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(in, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(in, name), []byte(*body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(t.TempDir(), filepath.Join(in, "link")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	parser, err := warehouse.OpenParser(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer parser.Close()
	var opt load.Options
	var diags diag.List
	// In file name order, as the build reads the sources folder.
	for _, name := range slices.Sorted(maps.Keys(adapters)) {
		sql := adapters[name]
		a, d := catalog.ParseAdapter("sources/"+name, []byte(sql), func(s string) ([]byte, error) { return parser.SerializeSQL(ctx, s) }, load.Readers())
		diags.Append(d)
		if a != nil {
			opt.Adapters = append(opt.Adapters, &load.Adapter{Table: load.AdapterTable(name), Parsed: a})
		}
	}
	db, err := warehouse.Open(ctx, warehouse.Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	res, d, err := load.LoadWith(ctx, db, in, "in", opt)
	if err != nil {
		t.Fatal(err)
	}
	diags.Append(d)
	return db, res, &diags, dir
}

// A ledger in its own layout: day-first dates, pound signs and thousands
// separators, other column names. The adapter reshapes it in SQL.
const ledger = "Date,Value,Cost code,Supplier,Ref\n" +
	"03/02/2026,\"£1,200.50\",P-1,Acme,T1\n" +
	"04/02/2026,-£200.00,P-1,Acme,T2\n"

const ledgerAdapter = `-- the finance system's export
SELECT
    strptime("Date", '%d/%m/%Y')::DATE AS posting_date,
    replace(replace("Value", '£', ''), ',', '') AS amount,
    "Cost code" AS project_code,
    "Supplier" AS vendor,
    "Ref" AS transaction_id,
    row_number() OVER () + 1 AS source_line
FROM read_csv('raw/ledger.csv', all_varchar = true)
`

func TestAdapterReshapesALedger(t *testing.T) {
	db, res, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/ledger.csv": str(ledger)},
		map[string]string{"spend.sql": ledgerAdapter})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	var n int64
	var total, first string
	if err := db.QueryRow(context.Background(), "SELECT count(*), sum(amount)::VARCHAR, min(posting_date)::VARCHAR FROM spend", &n, &total, &first); err != nil {
		t.Fatal(err)
	}
	if n != 2 || total != "1000.50" || first != "2026-02-03" {
		t.Errorf("spend: %d rows, total %s, first %s; want 2, 1000.50, 2026-02-03", n, total, first)
	}
	var srcLines string
	if err := db.QueryRow(context.Background(), "SELECT string_agg(source_line::VARCHAR, ',' ORDER BY source_line) FROM spend", &srcLines); err != nil {
		t.Fatal(err)
	}
	if srcLines != "2,3" {
		t.Errorf("source_line %s, want the adapter's 2,3", srcLines)
	}
	if !hasInput(res.Inputs, "sources/spend.sql", 2) {
		t.Errorf("inputs %+v lack the adapter with 2 rows", res.Inputs)
	}
}

func hasInput(ins []report.Input, file string, rows int64) bool {
	for _, in := range ins {
		if in.File == file && in.Rows == rows {
			return true
		}
	}
	return false
}

// A bad value is reported at the adapter's line and column for that
// column, with the result row and the raw line the adapter passed on.
func TestAdapterErrorsArePlacedInTheAdapter(t *testing.T) {
	bad := strings.Replace(ledger, "-£200.00", "-£2OO.00", 1)
	_, _, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/ledger.csv": str(bad)},
		map[string]string{"spend.sql": ledgerAdapter})
	want := `sources/spend.sql:4:5: amount: "-2OO.00" is not a decimal (result row 2, from line 3)`
	if got := strings.TrimSpace(lines(diags.Errors())); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestAdapterMissingColumnAndSQLError(t *testing.T) {
	_, _, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/ledger.csv": str(ledger),
		"milestones.csv": nil},
		map[string]string{
			"spend.sql":      "SELECT \"Date\" AS posting_date FROM read_csv('raw/ledger.csv', all_varchar = true)",
			"milestones.sql": "SELECT\n  no_such_column AS milestone\nFROM read_csv('raw/ledger.csv')",
		})
	got := lines(diags.Errors())
	for _, want := range []string{
		`sources/spend.sql:1:1: missing required column "amount" (the adapter returns: "posting_date")`,
		`sources/milestones.sql:2:3: Binder error: Referenced column "no_such_column" not found`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in:\n%s", want, got)
		}
	}
}

// Every way out of the input folder is refused at its position: an
// absolute path, .., a symbolic link, a glob, the Go presets, a second
// statement, getenv.
func TestAdapterSandbox(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.csv")
	// runSources links in/link to a folder outside the input folder.
	if err := os.WriteFile(secret, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct{ sql, want string }{
		"absolute": {"SELECT *\nFROM read_csv('" + secret + "')", "sources/kpis.sql:2:6: Permission error: Cannot access file"},
		"dotdot":   {"SELECT * FROM read_csv('../../" + filepath.Base(outside) + "/secret.csv')", "sources/kpis.sql:1:15: Permission error"},
		"link":     {"SELECT * FROM read_csv('link/*.csv')", "sources/kpis.sql:1:15: Permission error"},
		"glob":     {"SELECT * FROM glob('/*')", "sources/kpis.sql:1:15: Permission error"},
		"quoted":   {"SELECT * FROM '" + secret + "'", "sources/kpis.sql:1:15: Permission error"},
		"text":     {"SELECT * FROM read_text('/etc/passwd')", "sources/kpis.sql:1:15: Permission error"},
		"jira":     {"SELECT * FROM jira_issues('" + secret + "')", "sources/kpis.sql:1:15: Binder error: cannot read \"" + secret + "\": an adapter reads only inside the input folder"},
		"xlsx":     {"SELECT * FROM read_xlsx('../secret.xlsx')", `secret.xlsx": an adapter reads only inside the input folder`},
		"second":   {"SELECT 1 AS kpi_id; SELECT 2", "sources/kpis.sql:1:19: only one statement is allowed per adapter"},
		"set":      {"SET enable_external_access = true", "sources/kpis.sql:1:1: SET is not allowed"},
		"getenv":   {"SELECT getenv('HOME') AS kpi_id", "sources/kpis.sql:1:8: getenv() is not allowed"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, _, diags, dir := func() (*warehouse.DB, *load.Result, *diag.List, string) {
				return runSources(t, map[string]*string{"kpis.csv": nil, "kpi_values.csv": nil, "links.csv": nil},
					map[string]string{"kpis.sql": c.sql})
			}()
			_ = dir
			got := lines(diags.Errors())
			if !strings.Contains(got, c.want) {
				t.Errorf("no %q in:\n%s", c.want, got)
			}
		})
	}
}

// A contract table may come as <table>.xlsx (the sheet named after it, or
// the first) or <table>.parquet; problems are placed at the sheet row and
// column, or the Parquet row.
func TestXLSXAndParquetTables(t *testing.T) {
	x := excelize.NewFile()
	x.SetSheetName("Sheet1", "Notes")
	x.NewSheet("initiatives")
	rows := [][]any{
		{"initiative_id", "name", "status", "start_date", "end_date", "approved_budget"},
		{"I-1", "Cloud migration", "active", 46023, "2026-12-31", 1000000},
		{"I-2", "CRM", "done", "2025-01-01", "2025-12-31", "5OO"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("initiatives", cell, &r)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	xlsx := buf.String()
	_, res, diags, _ := runSources(t, map[string]*string{"initiatives.csv": nil, "initiatives.xlsx": &xlsx}, nil)
	want := `in/initiatives.xlsx:3:6: approved_budget: "5OO" is not a decimal`
	if got := strings.TrimSpace(lines(diags.Errors())); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if !hasInput(res.Inputs, "initiatives.xlsx", 2) {
		t.Errorf("inputs %+v lack initiatives.xlsx with 2 rows", res.Inputs)
	}

	// Parquet, written by DuckDB from the valid CSV; the serial date 46023
	// above is 2026-01-01 and loads as one.
	ctx := context.Background()
	dir := t.TempDir()
	pq := filepath.Join(dir, "spend.parquet")
	w, err := warehouse.Open(ctx, warehouse.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Exec(ctx, "COPY (SELECT DATE '2026-02-01' AS posting_date, CAST(12.5 AS DECIMAL(18,2)) AS amount, 'P-1' AS project_code UNION ALL SELECT NULL, NULL, 'P-1') TO "+warehouse.Quote(pq)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	data, err := os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	p := string(data)
	fixed := strings.Replace(xlsx, "5OO", "500", 1)
	_ = fixed
	db, _, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "spend.parquet": &p}, nil)
	if got := strings.TrimSpace(lines(diags.Errors())); got != "in/spend.parquet:2:2: amount: a value is required" {
		t.Errorf("got:\n%s", got)
	}
	_ = db
}
