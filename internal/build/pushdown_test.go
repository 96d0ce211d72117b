package build_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/throughline/throughline/internal/sample"
)

// TestPushdownGivesTheSameFigures runs docs/pushdown.sql over the sample
// ledger, as a warehouse would, and builds from its output: every
// initiative's figures are byte-identical, and so is every reconciliation
// amount from the counted total on; the file's own rows (and the duplicates
// the pushdown removed upstream) differ, and the reconciliation says it
// received pre-aggregated spend.
func TestPushdownGivesTheSameFigures(t *testing.T) {
	query, err := os.ReadFile(filepath.Join("..", "..", "docs", "pushdown.sql"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	dir := t.TempDir()
	out := filepath.Join(dir, "spend.csv")
	stmts := []string{
		`CREATE TABLE ledger AS SELECT * FROM read_csv('../../sample-data/spend.csv', header = true, auto_detect = false,
			columns = {'posting_date': 'DATE', 'amount': 'DECIMAL(18,2)', 'project_code': 'VARCHAR', 'cost_center': 'VARCHAR',
			'gl_account': 'VARCHAR', 'vendor': 'VARCHAR', 'description': 'VARCHAR', 'transaction_id': 'VARCHAR'})`,
		"COPY (" + strings.TrimRight(strings.TrimSpace(string(query)), ";") + ") TO '" + out + "' (HEADER, DELIMITER ',')",
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	for _, f := range sample.Files {
		if f == "spend.csv" {
			continue
		}
		data, err := os.ReadFile(filepath.Join("..", "..", "sample-data", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	agg, err := runBuild(dir, sample.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	if agg.Diags.HasErrors() {
		t.Fatalf("build on pushed-down spend failed: %v", agg.Diags.Err())
	}
	full := buildSample(t)
	if !bytes.Equal(agg.Files["data/initiative_status.csv"], full.Files["data/initiative_status.csv"]) {
		t.Error("initiative_status.csv differs between the full and the pushed-down ledger")
	}
	a := reconciliation(t, agg.Files["data/reconciliation.csv"])
	f := reconciliation(t, full.Files["data/reconciliation.csv"])
	checkIdentities(t, a)
	for _, m := range []string{"counted_total", "undated", "after_as_of", "dated_to_as_of", "mapped", "unmapped", "balance_sheet_linked"} {
		if a[m].amount.Cmp(f[m].amount) != 0 {
			t.Errorf("%s: %s pushed down, %s in full", m, a[m].amount, f[m].amount)
		}
	}
	if a["file_total"].lines >= f["file_total"].lines {
		t.Errorf("pushdown kept %d of %d rows; it should aggregate", a["file_total"].lines, f["file_total"].lines)
	}
	for _, r := range readCSV(t, agg.Files["data/reconciliation.csv"]) {
		if r["metric"] == "file_total" && !strings.HasPrefix(r["detail"], "pre-aggregated: ") {
			t.Errorf("file_total detail %q does not say the spend was pre-aggregated", r["detail"])
		}
	}
	t.Logf("pushdown: %d rows for %d ledger lines", a["file_total"].lines, f["file_total"].lines)
}
