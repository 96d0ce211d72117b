package warehouse

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/report"
)

// Results reach renderers as plain Go values of the documented types: a
// DECIMAL is a float64 with its scale applied (not duckdb.Decimal, which
// excelize would write as text), a DATE is UTC midnight.
func TestQueryConvertsTypes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tbl, err := db.Query(ctx, `SELECT CAST(1234.56 AS DECIMAL(18,2)) AS actual_cost, CAST(-0.5 AS DECIMAL(38,4)) AS d2,
		DATE '2026-11-27' AS due_date, true AS review_flag, CAST(42 AS BIGINT) AS n, CAST(7 AS INTEGER) AS i,
		0.125::DOUBLE AS progress, 'x' AS name, CAST(NULL AS VARCHAR) AS empty, sum(x)::HUGEINT AS big FROM range(3) t(x)`)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		typ report.Type
		fmt report.Format
		val any
	}{
		{report.Decimal, report.Money, "1234.56"},
		{report.Decimal, report.Number, "-0.5000"},
		{report.Date, report.DateF, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)},
		{report.Bool, report.YesNo, true},
		{report.Int, report.Integer, int64(42)},
		{report.Int, report.Integer, int64(7)},
		{report.Float, report.Ratio, 0.125},
		{report.Text, report.Plain, "x"},
		{report.Text, report.Plain, nil},
		{report.Int, report.Integer, int64(3)},
	}
	if len(tbl.Rows) != 1 || len(tbl.Columns) != len(want) {
		t.Fatalf("got %d rows, %d columns", len(tbl.Rows), len(tbl.Columns))
	}
	for i, w := range want {
		c := tbl.Columns[i]
		got := tbl.Rows[0][i]
		if d, ok := got.(report.Dec); ok {
			got = d.String() // exact, never through a double
		}
		if c.Type != w.typ || c.Format != w.fmt || got != w.val {
			t.Errorf("%s: %s/%s %#v, want %s/%s %#v", c.Name, c.Type, c.Format, got, w.typ, w.fmt, w.val)
		}
	}
}

// A DuckDB error keeps its message; the JSON form carries the position.
func TestAsSQLError(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Exec(ctx, "SELECT nope FROM range(1)")
	se := AsSQLError(err)
	if se == nil || se.Msg == "" {
		t.Fatalf("AsSQLError(%v) = %v", err, se)
	}
	if AsSQLError(context.Canceled) != nil {
		t.Error("a non-DuckDB error was taken for a SQL error")
	}
}

// spill is a query that cannot finish in a small memory limit without
// spilling to disk.
const spill = "SELECT count(*) FROM (SELECT x, md5(x::VARCHAR) AS h FROM range(2000000) t(x) ORDER BY h)"

// A locked database still spills to its temp folder, up to the cap, and
// nothing can change the settings, read a file or load an extension.
func TestLockSpillsWithinTheCap(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		max  string
		fail string
	}{{"1GB", ""}, {"1MB", "max_temp_directory_size"}} {
		dir := t.TempDir()
		db, err := Open(ctx, Options{Threads: 1, MemoryLimit: "30MB", TempDir: dir, MaxTempSize: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Lock(ctx); err != nil {
			t.Fatal(err)
		}
		var n int64
		err = db.QueryRow(ctx, spill, &n)
		switch {
		case tc.fail == "" && (err != nil || n != 2000000):
			t.Errorf("max %s: spilling failed: %v (count %d)", tc.max, err, n)
		case tc.fail != "" && (err == nil || !strings.Contains(err.Error(), tc.fail)):
			t.Errorf("max %s: want an error naming %s, got %v", tc.max, tc.fail, err)
		}
		// DuckDB lets SQL write into its own temp folder even when locked, so
		// the one-SELECT rule of the catalog is what keeps COPY and ATTACH
		// out of it; everywhere else they are refused.
		other := t.TempDir()
		for _, s := range []string{"SET memory_limit = '10GB'", "SET threads = 8", "SET temp_directory = '.tmp'",
			"SET max_temp_directory_size = '1TB'", "SET enable_external_access = true", "RESET lock_configuration",
			"SELECT * FROM read_text('/etc/hostname')", "INSTALL httpfs", "ATTACH '" + other + "/x.duckdb' AS x",
			"COPY (SELECT 1) TO '" + other + "/leak.csv'"} {
			if err := db.Exec(ctx, s); err == nil {
				t.Errorf("%s: allowed after Lock", s)
			}
		}
	}
}

// Without a temp folder nothing spills, and DuckDB's ./.tmp is never used.
func TestNoTempDirMeansNoSpill(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var dir string
	if err := db.QueryRow(ctx, "SELECT current_setting('temp_directory')", &dir); err != nil || dir != "" {
		t.Errorf("temp_directory = %q (%v), want none", dir, err)
	}
}
