package load_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realData returns a file from the shared real-data folder beside the
// repository; CI always has it, so there a missing file fails.
func realData(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "realdata", name))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("real data missing in CI: %v", err)
		}
		t.Skipf("%s not found in ../shared/realdata beside the repository", name)
	}
	return data
}

// TestRealTreasurySpend loads HM Treasury's published "spend over £25k"
// file (9,579 rows, 2010-2025, garbled characters, rows without a date, a
// stray header row inside the data) as spend.csv, with only its header row
// renamed to the contract's names. Every problem must be reported at the
// line encoding/csv places it on, and nothing else may be reported.
func TestRealTreasurySpend(t *testing.T) {
	data := realData(t, "uk_hmt_spend_over_25k_2010_2025.csv")
	nl := bytes.IndexByte(data, '\n')
	header := "department_family,entity,posting_date,gl_account,project_code,vendor,transaction_number,amount,description,source_file"
	spend := header + string(data[nl:])

	// The oracle: Go's own CSV reader finds the rows with an empty date or amount.
	var want []string
	r := csv.NewReader(strings.NewReader(spend))
	r.Read()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(rec[2]) == "" {
			want = append(want, fmt.Sprintf("in/spend.csv:%d:3: posting_date: a value is required", line))
		}
		if strings.TrimSpace(rec[7]) == "" {
			want = append(want, fmt.Sprintf("in/spend.csv:%d:8: amount: a value is required", line))
		}
	}
	if len(want) < 30 {
		t.Fatalf("oracle found only %d problems; has the file changed?", len(want))
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
	if w := lines(diags.Warnings()); !strings.Contains(w, `in/spend.csv:1:1: warning: extra columns ignored: "department_family", "entity", "transaction_number", "source_file"`) {
		t.Errorf("no extra-columns warning in:\n%s", w)
	}
}
