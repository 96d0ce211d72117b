package catalog

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/throughline/throughline/internal/diag"
)

func errs(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Errors() {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestParseHeader(t *testing.T) {
	src := "-- title: Spend by vendor\n-- description: Where the money goes\n-- chart: bar x=vendor y=amount,budget series=portfolio\n-- sheet: Vendors\n-- a free comment\nSELECT 1\n"
	q, d := Parse("queries/040_spend_by_vendor.sql", "spend_by_vendor", 40, []byte(src))
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
		_, d := Parse("q.sql", "q", 1, []byte(tc.src))
		if got := errs(d); !strings.Contains(got, tc.want) {
			t.Errorf("source %q:\nwant %s\ngot  %s", tc.src, tc.want, got)
		}
	}
	// A trailing semicolon and a semicolon in a string or comment are fine.
	for _, ok := range []string{"SELECT 1;\n", "SELECT ';' AS x -- ; here\n", "SELECT 1 /* ; */"} {
		if _, d := Parse("q.sql", "q", 1, []byte(ok)); d.HasErrors() {
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
	qs, d := Load([]Source{{defaults, "queries"}, {analyst, "mine"}}, []string{"spend", "initiatives"})
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
	_, d := Load([]Source{{fsys, "queries"}}, []string{"spend"})
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

func TestHasOrderBy(t *testing.T) {
	for src, want := range map[string]bool{
		"SELECT 1 ORDER BY 1":                                 true,
		"SELECT * FROM (SELECT 1 ORDER BY 1)":                 false,
		"SELECT row_number() OVER (ORDER BY x) FROM t":        false,
		"SELECT 'order by' AS s -- order by\n":                false,
		"WITH a AS (SELECT 1) SELECT * FROM a\norder  by all": true,
	} {
		if got := HasOrderBy(src); got != want {
			t.Errorf("HasOrderBy(%q) = %v, want %v", src, got, want)
		}
	}
}

// FuzzParse: the header parser never panics, and every error it reports
// points inside the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte("-- title: x\n-- chart: bar x=a y=b\nSELECT 1"))
	f.Add([]byte("-- kind: check\n-- severity: error\nSELECT 1;"))
	f.Add([]byte("--:\n--chart: pie x= y=\n"))
	f.Add([]byte("\ufeff-- title: é\r\nSELECT '--; x' /* ; */ ;"))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, d := Parse("q.sql", "q", 1, data)
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range d.Errors() {
			if e.Line > lines || e.Line < 0 || e.Col < 0 {
				t.Errorf("%s: position outside the file (%d lines)", e, lines)
			}
		}
		if q == nil && !d.HasErrors() {
			t.Errorf("no query and no error for %q", data)
		}
		references(string(data))
		HasOrderBy(string(data))
	})
}
