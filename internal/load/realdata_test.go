package load_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"github.com/throughline/throughline/internal/realdata"
	"io"
	"strings"
	"testing"
)

// TestRealTreasurySpend loads HM Treasury's published "spend over £25k"
// file (9,579 rows, 2010-2025, garbled characters, rows without a date, a
// stray header row inside the data) as spend.csv, with only its header row
// renamed to the contract's names. Undated rows load; the stray header row,
// the one row without an amount, must be reported at the line encoding/csv
// places it on, and nothing else may be reported. With that row dropped,
// every row's source_line is the line encoding/csv gives it.
func TestRealTreasurySpend(t *testing.T) {
	data := realdata.Read(t, "uk_hmt_spend_over_25k_2010_2025.csv")
	nl := bytes.IndexByte(data, '\n')
	header := "department_family,cost_center,posting_date,gl_account,project_code,vendor,transaction_id,amount,description,source_file"
	spend := header + string(data[nl:])

	// The oracle: Go's own CSV reader.
	var want []string
	var kept strings.Builder
	undated := 0
	kept.WriteString(header + "\n")
	r := csv.NewReader(strings.NewReader(spend))
	r.Read()
	w := csv.NewWriter(&kept)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(rec[7]) == "" {
			want = append(want, fmt.Sprintf("in/spend.csv:%d:8: amount: a value is required", line))
			continue
		}
		if strings.TrimSpace(rec[2]) == "" {
			undated++
		}
		w.Write(rec)
	}
	w.Flush()
	if len(want) != 1 || undated != 29 {
		t.Fatalf("oracle found %d rows without an amount and %d undated; has the file changed?", len(want), undated)
	}

	_, res, diags := run(t, map[string]*string{"spend.csv": &spend})
	got := strings.TrimSpace(lines(diags.Errors()))
	if got != strings.Join(want, "\n") {
		t.Errorf("errors differ from encoding/csv's positions.\ngot:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
	for _, in := range res.Inputs {
		if in.File == "spend.csv" && in.Rows != 9579 {
			t.Errorf("spend.csv: %d rows loaded, want 9579", in.Rows)
		}
	}
	if w := lines(diags.Warnings()); !strings.Contains(w, `in/spend.csv:1:1: warning: extra columns ignored: "department_family", "source_file"`) {
		t.Errorf("no extra-columns warning in:\n%s", w)
	}

	// Without the bad row the file loads, undated rows included, each row
	// placed on its line (csv.Writer quotes multi-line fields as the
	// original does, so the lines are re-derived from the written file).
	body := kept.String()
	db, _, diags := run(t, map[string]*string{"spend.csv": &body})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	var n, nUndated int64
	if err := db.QueryRow(context.Background(), "SELECT count(*), count(*) FILTER (WHERE posting_date IS NULL) FROM spend", &n, &nUndated); err != nil {
		t.Fatal(err)
	}
	if n != 9578 || nUndated != 29 {
		t.Errorf("loaded %d rows, %d undated; want 9578 and 29", n, nUndated)
	}
	// Each row is tied to its line by its content: the transaction number
	// and vendor encoding/csv reads on that line.
	rr := csv.NewReader(strings.NewReader(body))
	rr.Read()
	var csvLines []string
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		l, _ := rr.FieldPos(0)
		csvLines = append(csvLines, fmt.Sprintf("%d %s|%s", l, strings.TrimSpace(rec[6]), strings.TrimSpace(rec[5])))
	}
	var dbLines []string
	if err := db.Rows(context.Background(), "SELECT source_line, coalesce(transaction_id, ''), coalesce(vendor, '') FROM spend ORDER BY source_line", func(v []any) error {
		dbLines = append(dbLines, fmt.Sprintf("%d %s|%s", v[0], v[1], v[2]))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(dbLines) != len(csvLines) {
		t.Fatalf("%d source lines, %d csv records", len(dbLines), len(csvLines))
	}
	for i := range dbLines {
		if dbLines[i] != csvLines[i] {
			t.Fatalf("row %d: loaded as line %q, encoding/csv says %q", i, dbLines[i], csvLines[i])
		}
	}
}
