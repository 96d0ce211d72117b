package catalog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/warehouse"
)

// duckParser opens DuckDB's parser for the test, as the build does.
func duckParser(tb testing.TB) Parser {
	tb.Helper()
	ctx := context.Background()
	p, err := warehouse.OpenParser(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { p.Close() })
	return func(sql string) ([]byte, error) { return p.SerializeSQL(ctx, sql) }
}

func errs(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Errors() {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestParseHeader(t *testing.T) {
	src := "-- title: Spend by vendor\n-- description: Where the money goes\n-- chart: bar x=vendor y=amount,budget series=portfolio\n-- sheet: Vendors\n-- a free comment\nSELECT 1\n"
	q, d := Parse("queries/040_spend_by_vendor.sql", "spend_by_vendor", 40, []byte(src), duckParser(t))
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	if q.Title != "Spend by vendor" || q.Description != "Where the money goes" || q.Sheet != "Vendors" || q.Kind != "view" {
		t.Errorf("header parsed as %+v", q)
	}
	if c := q.Chart; c == nil || c.Type != "bar" || c.X != "vendor" || strings.Join(c.Y, "|") != "amount|budget" || c.Series != "portfolio" || q.ChartLine != 3 {
		t.Errorf("chart parsed as %+v (line %d)", q.Chart, q.ChartLine)
	}
}

func TestParseErrors(t *testing.T) {
	parse := duckParser(t)
	cases := []struct{ src, want string }{
		{"-- titel: x\nSELECT 1", `q.sql:1:4: unknown header key "titel" (valid keys: title, description, chart, sheet, kind, severity, hidden)`},
		{"-- kind: report\nSELECT 1", `q.sql:1:10: kind "report" is not valid (valid: view, check)`},
		{"-- kind: check\n-- severity: fatal\nSELECT 1", `q.sql:2:14: severity "fatal" is not valid (valid: warning, error)`},
		{"-- chart: donut x=a y=b\nSELECT 1", `q.sql:1:11: chart: type "donut" is not valid (valid: bar, line, area, scatter, pie)`},
		{"-- chart: bar x=a\nSELECT 1", `q.sql:1:11: chart: x= and y= are required`},
		{"-- chart: bar x=a y=b colour=red\nSELECT 1", `chart: unknown key "colour" (valid keys: x, y, series, size)`},
		{"-- title: a\n-- title: b\nSELECT 1", `q.sql:2:4: header key "title" repeated (first at line 1)`},
		{"-- title:\nSELECT 1", `header key "title" has no value`},
		{"-- title: only a header\n", `q.sql: no SQL`},
		{"SELECT 1;\nSELECT 2", `q.sql:1:9: only one statement is allowed per query file`},
		{"-- hidden: yes\nSELECT 1", `hidden "yes" is not valid (valid: true, false)`},
	}
	for _, tc := range cases {
		_, d := Parse("q.sql", "q", 1, []byte(tc.src), parse)
		if got := errs(d); !strings.Contains(got, tc.want) {
			t.Errorf("source %q:\nwant %s\ngot  %s", tc.src, tc.want, got)
		}
	}
	// A trailing semicolon and a semicolon in a string or comment are fine.
	for _, ok := range []string{"SELECT 1;\n", "SELECT ';' AS x -- ; here\n", "SELECT 1 /* ; */"} {
		if _, d := Parse("q.sql", "q", 1, []byte(ok), parse); d.HasErrors() {
			t.Errorf("%q rejected: %s", ok, errs(d))
		}
	}
}

func TestLoadOrdersByDependencyAndOverrides(t *testing.T) {
	defaults := fstest.MapFS{
		"010_b.sql": {Data: []byte("SELECT * FROM a JOIN spend USING (x)")},
		"020_a.sql": {Data: []byte("WITH c AS (SELECT 1) SELECT * FROM c, initiatives")},
		"030_c.sql": {Data: []byte("-- title: default c\nSELECT 1")},
	}
	analyst := fstest.MapFS{
		"030_c.sql":    {Data: []byte("-- title: analyst c\nSELECT * FROM b")},
		"040_new.sql":  {Data: []byte("SELECT * FROM read_csv('x.csv') UNION ALL SELECT * FROM \"c\"")},
		"050_expr.sql": {Data: []byte("SELECT extract(year FROM d), trim(both ' ' FROM s) FROM spend WHERE a IS DISTINCT FROM b AND x IN (SELECT y FROM initiatives)")},
		"notes.txt":    {Data: []byte("ignored")},
	}
	qs, d := Load([]Source{{defaults, "queries"}, {analyst, "mine"}}, Env{Parse: duckParser(t), Tables: []string{"spend", "initiatives"}})
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	var names []string
	for _, q := range qs {
		names = append(names, q.Name)
	}
	if got := strings.Join(names, " "); got != "a b c new expr" {
		t.Errorf("order = %s, want a b c new expr", got)
	}
	if qs[2].Title != "analyst c" || qs[2].File != "mine/030_c.sql" {
		t.Errorf("override not applied: %+v", qs[2])
	}
}

func TestLoadReportsCyclesAndMissingViews(t *testing.T) {
	fsys := fstest.MapFS{
		"010_a.sql":    {Data: []byte("-- title: a\nSELECT *\nFROM b")},
		"020_b.sql":    {Data: []byte("SELECT * FROM a")},
		"030_c.sql":    {Data: []byte("SELECT *\n  FROM spend JOIN nothere ON true")},
		"bad-name.sql": {Data: []byte("SELECT 1")},
	}
	_, d := Load([]Source{{fsys, "queries"}}, Env{Parse: duckParser(t), Tables: []string{"spend"}})
	got := errs(d)
	for _, want := range []string{
		`queries/020_b.sql:1:15: views form a cycle: a -> b -> a`,
		`queries/030_c.sql:2:19: "nothere" is not a view in the catalog nor an input table (input tables: spend)`,
		`queries/bad-name.sql: query file name must be NNN_name.sql`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestOrderBy(t *testing.T) {
	parse := duckParser(t)
	for src, want := range map[string]bool{
		"SELECT 1 ORDER BY 1":                                      true,
		"SELECT * FROM (SELECT 1 ORDER BY 1)":                      false,
		"SELECT row_number() OVER (ORDER BY x) FROM range(1) t(x)": false,
		"SELECT 'order by' AS s -- order by\n":                     false,
		"WITH a AS (SELECT 1) SELECT * FROM a\norder  by all":      true,
		"SELECT 1 UNION ALL SELECT 2 ORDER BY 1":                   true,
	} {
		q, d := Parse("q.sql", "q", 1, []byte(src), parse)
		if d.HasErrors() {
			t.Errorf("%q: %s", src, errs(d))
			continue
		}
		if q.OrderBy != want {
			t.Errorf("OrderBy of %q = %v, want %v", src, q.OrderBy, want)
		}
	}
}

// Analyst SQL cannot escape the one-SELECT rule: DuckDB's own parser
// decides what a statement is, so whatever its lexer hides a second
// statement behind is refused, at a position in the file.
func TestParseRefusesAllButOneSelect(t *testing.T) {
	parse := duckParser(t)
	cases := []struct{ name, src, want string }{
		{"escape string", "SELECT E'\\'' AS x;\nCOPY (SELECT 1) TO 'out.csv'", `q.sql:1:18: only one statement is allowed per query file`},
		{"escape string hides a macro", "-- title: x\nSELECT E'\\'' AS x; CREATE OR REPLACE MACRO least(a, b) AS a", `q.sql:2:18: only one statement`},
		{"lone CR ends a comment", "SELECT 1 AS x -- note\r; SET memory_limit = '1TB'", `q.sql:1:23: only one statement`},
		{"lone CR, set variable", "-- title: x\nSELECT 1 AS x -- c\r; SET VARIABLE escalation_cio = 1e15", `q.sql:2:20: only one statement`},
		{"set variable alone", "-- title: x\nSET VARIABLE escalation_cio = 1e15", `q.sql:2:1: SET is not allowed: a query file holds exactly one SELECT`},
		{"macro", "CREATE OR REPLACE MACRO least(a, b) AS a", `q.sql:1:1: CREATE is not allowed`},
		{"drop", "\n  DROP TABLE spend", `q.sql:2:3: DROP is not allowed`},
		{"attach", "ATTACH 'evil.duckdb' AS evil", `q.sql:1:1: ATTACH is not allowed`},
		{"copy", "COPY spend TO 'leak.csv'", `q.sql:1:1: COPY is not allowed`},
		{"pragma", "PRAGMA threads = 64", `q.sql:1:1: PRAGMA is not allowed`},
		{"install", "INSTALL httpfs", `q.sql:1:1: INSTALL is not allowed`},
		{"load", "LOAD httpfs", `q.sql:1:1: LOAD is not allowed`},
		{"set", "SET threads = 64", `q.sql:1:1: SET is not allowed`},
		{"statement first, select after", "COPY spend TO 'x.csv'; SELECT 1", `q.sql:1:1: COPY is not allowed`},
		{"getenv", "SELECT 1 AS x,\n  getenv('HOME') AS home", `q.sql:2:3: getenv() is not allowed: a query may not read environment variables`},
		{"getenv as a method", "SELECT h.getenv() AS home FROM (SELECT 'HOME' AS h)", `getenv() is not allowed`},
		{"syntax error", "-- title: x\nSELEC 1", `q.sql:2:1: Parser error: syntax error at or near "SELEC"`},
		{"two selects", "SELECT 1;\n\nSELECT 2", `q.sql:1:9: only one statement`},
		{"only comments", "-- title: x\n/* nothing */", `q.sql: no SQL`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, d := Parse("q.sql", "q", 1, []byte(tc.src), parse)
			if got := errs(d); !strings.Contains(got, tc.want) {
				t.Errorf("source %q:\nwant %s\ngot  %s", tc.src, tc.want, got)
			}
			if q != nil {
				t.Errorf("source %q was accepted", tc.src)
			}
		})
	}
}

// Views may not take the name of an input table (a hidden helper would
// become a temp table shadowing it) or of a DuckDB function or macro; they
// may not read other schemas or databases.
func TestLoadRefusesShadowingNames(t *testing.T) {
	analyst := fstest.MapFS{
		"001_spend.sql":    {Data: []byte("-- hidden: true\nSELECT * FROM spend LIMIT 1")},
		"002_least.sql":    {Data: []byte("SELECT 1 AS x")},
		"003_ok.sql":       {Data: []byte("SELECT * FROM main.spend")},
		"004_sys.sql":      {Data: []byte("SELECT * FROM\n information_schema.tables")},
		"005_cte_ok.sql":   {Data: []byte("WITH spend AS (SELECT 1 AS a) SELECT * FROM spend")},
		"006_reads_e.sql":  {Data: []byte("SELECT * FROM ok2")},
		"007_ok2.sql":      {Data: []byte("WITH x AS (SELECT 1 AS a) SELECT * FROM (SELECT * FROM x), initiatives")},
		"008_subquery.sql": {Data: []byte("SELECT (SELECT count(*) FROM nothere) AS n")},
	}
	env := Env{Parse: duckParser(t), Tables: []string{"spend", "initiatives"}, Functions: []string{"least", "sum"}}
	qs, d := Load([]Source{{analyst, "mine"}}, env)
	got := errs(d)
	for _, want := range []string{
		`mine/001_spend.sql: view "spend" would hide the input table of that name; rename the file (input tables: initiatives, spend)`,
		`mine/002_least.sql: view "least" is named like a DuckDB function or macro; rename the file`,
		`mine/003_ok.sql:1:15: main.spend: a query reads views and input tables by their name alone`,
		`mine/004_sys.sql:2:2: information_schema.tables: a query reads views`,
		`mine/008_subquery.sql:1:30: "nothere" is not a view in the catalog nor an input table`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "005_cte_ok") || strings.Contains(got, "007_ok2") || strings.Contains(got, "006_reads_e") {
		t.Errorf("a CTE or a view was taken for an unknown relation:\n%s", got)
	}
	for _, q := range qs {
		if q.Name == "reads_e" && strings.Join(q.Deps, ",") != "ok2" {
			t.Errorf("reads_e deps = %v, want ok2", q.Deps)
		}
	}
}

// A file that replaces a default says which, and carries its checksum.
func TestLoadRecordsReplacements(t *testing.T) {
	defaults := fstest.MapFS{"010_a.sql": {Data: []byte("SELECT 1 AS x")}, "020_b.sql": {Data: []byte("SELECT 2 AS y")}}
	analyst := fstest.MapFS{"900_a.sql": {Data: []byte("SELECT 3 AS x")}}
	qs, d := Load([]Source{{defaults, "queries"}, {analyst, "mine"}}, Env{Parse: duckParser(t)})
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	for _, q := range qs {
		switch q.Name {
		case "a":
			if q.File != "mine/900_a.sql" || q.Replaces != "queries/010_a.sql" ||
				q.SHA256 != sha("SELECT 3 AS x") {
				t.Errorf("a = %s replaces %q sha %s", q.File, q.Replaces, q.SHA256)
			}
		case "b":
			if q.Replaces != "" {
				t.Errorf("b replaces %q", q.Replaces)
			}
		}
	}
}

// FuzzParse: the header parser and the reading of DuckDB's parse tree never
// panic, and every error points inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("-- title: x\n-- chart: bar x=a y=b\nSELECT 1"))
	f.Add([]byte("-- kind: check\n-- severity: error\nSELECT 1;"))
	f.Add([]byte("--:\n--chart: pie x= y=\n"))
	f.Add([]byte("\ufeff-- title: é\r\nSELECT '--; x' /* ; */ ;"))
	f.Add([]byte("SELECT E'\\'' ; SET threads=1"))
	f.Add([]byte("SELECT 1 -- x\r; ATTACH 'x'"))
	f.Add([]byte("WITH a AS (SELECT 1) SELECT * FROM a, spend JOIN (SELECT * FROM b) USING (x) ORDER BY 1"))
	parse := duckParser(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		q, d := Parse("q.sql", "q", 1, data, parse)
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range d.Errors() {
			if e.Line > lines || e.Line < 0 || e.Col < 0 {
				t.Errorf("%s: position outside the file (%d lines)", e, lines)
			}
		}
		if q == nil && !d.HasErrors() {
			t.Errorf("no query and no error for %q", data)
		}
	})
}

// FuzzReadTree: any JSON, not only DuckDB's, is read without a panic.
func FuzzReadTree(f *testing.F) {
	f.Add([]byte(`{"node":{"type":"SELECT_NODE","modifiers":[{"type":"ORDER_MODIFIER"}],"cte_map":{"map":[{"key":"c"}]},"from_table":{"type":"BASE_TABLE","table_name":"c","query_location":99}}}`))
	f.Add([]byte(`{"class":"FUNCTION","function_name":"getenv","query_location":18446744073709551615}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := readTree(data, 10)
		if err != nil {
			return
		}
		for _, r := range append(st.tables, st.funcs...) {
			if r.off < -1 || r.off > 10 {
				t.Errorf("offset %d outside the text", r.off)
			}
		}
	})
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
