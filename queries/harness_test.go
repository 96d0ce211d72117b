package queries_test

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	cat "github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/warehouse"
	"github.com/throughline/throughline/queries"
)

// schema is the loaded input contract of docs/outputs.md, with its exact types.
const schema = `
CREATE TABLE initiatives (initiative_id VARCHAR, name VARCHAR, portfolio VARCHAR, owner VARCHAR,
    status VARCHAR, start_date DATE, end_date DATE, approved_budget DECIMAL(18,2), planned_points DOUBLE);
CREATE TABLE spend (posting_date DATE, amount DECIMAL(18,2), project_code VARCHAR, cost_center VARCHAR,
    gl_account VARCHAR, vendor VARCHAR, description VARCHAR);
CREATE TABLE issues (issue_key VARCHAR, epic_key VARCHAR, story_points DOUBLE, status VARCHAR,
    created DATE, resolved DATE);
CREATE TABLE mappings (system VARCHAR, key VARCHAR, initiative_id VARCHAR);
CREATE TABLE milestones (initiative_id VARCHAR, milestone VARCHAR, start_date DATE, planned_end_date DATE,
    forecast_end_date DATE, actual_end_date DATE, planned_cost DECIMAL(18,2), forecast_cost DECIMAL(18,2));
CREATE TABLE kpis (kpi_id VARCHAR, name VARCHAR, unit VARCHAR, direction VARCHAR, owner VARCHAR,
    statement VARCHAR, line_item VARCHAR);
CREATE TABLE kpi_values (kpi_id VARCHAR, date DATE, value DOUBLE);
CREATE TABLE links (initiative_id VARCHAR, kpi_id VARCHAR, baseline DOUBLE, target DOUBLE,
    due_date DATE, start_date DATE);
`

// defaultParams are the governance parameters' defaults, as SQL literals.
var defaultParams = [][2]string{
	{"as_of", "DATE '2026-11-27'"},
	{"cadence_days", "14::INTEGER"},
	{"cadence_anchor", "DATE '2026-01-05'"},
	{"stale_after_days", "45::INTEGER"},
	{"behind_tolerance", "0.25::DOUBLE"},
	{"regress_tolerance", "0.10::DOUBLE"},
	{"velocity_healthy", "0.9::DOUBLE"},
	{"velocity_periods", "3::INTEGER"},
	{"escalation_cio", "250000::DOUBLE"},
	{"escalation_executive", "1000000::DOUBLE"},
	{"recent_spend_days", "90::INTEGER"},
}

// world is an in-memory DuckDB holding the contract tables and every view of
// the default catalog.
type world struct {
	t  testing.TB
	db *sql.DB
}

// newWorld loads the fixture statements (INSERTs into the contract tables),
// sets the parameters (defaults, overridden by "name=SQL literal" pairs) and
// creates every catalog view in file-name order.
func newWorld(t testing.TB, fixture string, params ...string) *world {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatalf("open duckdb: %v", err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	w := &world{t: t, db: db}
	w.exec(schema)
	if strings.TrimSpace(fixture) != "" {
		w.exec(fixture)
	}
	set := map[string]string{}
	for _, p := range defaultParams {
		set[p[0]] = p[1]
	}
	for _, p := range params {
		name, value, ok := strings.Cut(p, "=")
		if _, known := set[name]; !ok || !known {
			t.Fatalf("bad parameter override %q", p)
		}
		set[name] = value
	}
	for _, p := range defaultParams {
		w.exec(fmt.Sprintf("SET VARIABLE %s = %s", p[0], set[p[0]]))
	}
	for _, v := range catalog(t) {
		if _, err := db.Exec("CREATE VIEW " + v.name + " AS " + v.body); err != nil {
			t.Fatalf("create view from %s: %v", v.file, err)
		}
	}
	return w
}

type catalogView struct {
	file, name, body string
	q                *cat.Query
}

// catalog reads queries.FS with the real catalog parser, in creation order.
func catalog(t testing.TB) []catalogView {
	t.Helper()
	p, err := warehouse.OpenParser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	parse := func(sql string) ([]byte, error) { return p.SerializeSQL(context.Background(), sql) }
	qs, d := cat.Load([]cat.Source{{FS: queries.FS, Display: "queries"}}, cat.Env{Parse: parse, Tables: load.Tables()})
	if d.HasErrors() {
		var b strings.Builder
		for _, e := range d.Errors() {
			b.WriteString(e.String() + "\n")
		}
		t.Fatalf("the default catalog does not parse:\n%s", b.String())
	}
	var out []catalogView
	for _, q := range qs {
		out = append(out, catalogView{file: q.File, name: q.Name, body: strings.TrimRight(strings.TrimSpace(q.Text), ";"), q: q})
	}
	return out
}

func (w *world) exec(query string) {
	w.t.Helper()
	if _, err := w.db.Exec(query); err != nil {
		w.t.Fatalf("exec: %v\n%s", err, query)
	}
}

// rows runs query and returns every cell as text (see cell).
func (w *world) rows(query string) [][]string {
	w.t.Helper()
	rs, err := w.db.Query(query)
	if err != nil {
		w.t.Fatalf("query: %v\n%s", err, query)
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		w.t.Fatal(err)
	}
	var out [][]string
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			w.t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = cell(v)
		}
		out = append(out, row)
	}
	if err := rs.Err(); err != nil {
		w.t.Fatalf("query: %v\n%s", err, query)
	}
	return out
}

// one runs a query that must return exactly one row and one column.
func (w *world) one(query string) string {
	w.t.Helper()
	rows := w.rows(query)
	if len(rows) != 1 || len(rows[0]) != 1 {
		w.t.Fatalf("want one value, got %v\n%s", rows, query)
	}
	return rows[0][0]
}

// cell renders a scanned value: NULL, ISO dates, exact decimals, shortest floats.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		return x.Format("2006-01-02")
	case duckdb.Decimal:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// table renders rows as lines of " | "-joined cells, for readable diffs.
func table(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | "))
		b.WriteByte('\n')
	}
	return b.String()
}
