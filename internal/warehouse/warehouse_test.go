package warehouse

import (
	"context"
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
