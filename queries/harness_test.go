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

	"github.com/throughline/throughline/internal/archive"
	cat "github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/warehouse"
	"github.com/throughline/throughline/queries"
)

// schema is the loaded input contract, with its exact types, from the
// loader's own declaration of it (load.Contract).
func schema() string {
	var b strings.Builder
	for _, f := range load.Contract {
		var cols []string
		for _, c := range f.Columns {
			cols = append(cols, c.Name+" "+c.Kind.SQLType())
		}
		if f.Lines {
			cols = append(cols, "source_line INTEGER")
		}
		fmt.Fprintf(&b, "CREATE TABLE %s (%s);\n", f.Table, strings.Join(cols, ", "))
	}
	for _, t := range archive.Tables {
		b.WriteString(t.Empty() + ";\n")
	}
	return b.String()
}

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
	{"escalation_cio", "250000::DECIMAL(18,2)"},
	{"escalation_executive", "1000000::DECIMAL(18,2)"},
	{"recent_spend_days", "90::INTEGER"},
	{"mapping_match", "'normalized'"},
	{"rebaseline_tolerance_pct", "0::DOUBLE"},
	{"report_stale_days", "14::INTEGER"},
	{"persistent_reports", "3::INTEGER"},
	{"explain_threshold_pct", "5::DOUBLE"},
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
	w.exec(schema())
	if strings.TrimSpace(fixture) != "" {
		w.exec(fixture)
	}
	// Rows inserted without a line are numbered as the loader would: a
	// record per line after the header.
	w.exec("UPDATE spend SET source_line = rowid + 2 WHERE source_line IS NULL")
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
	qs, d := cat.Load([]cat.Source{{FS: queries.FS, Display: "queries"}}, cat.Env{Parse: parse, Tables: append(load.Tables(), archive.Names()...)})
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
