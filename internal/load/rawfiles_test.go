package load_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/warehouse"
)

// The raw files an adapter reads are recorded in the inputs, each with its
// SHA-256 and the adapters that read it, after the adapters' own entries.

const ledger2 = "Date,Value,Cost code,Supplier,Ref\n" +
	"05/02/2026,£10.00,P-1,Acme,T3\n"

// spendFrom is an adapter over the ledger layout, reading from.
func spendFrom(from string) string {
	return `SELECT
    strptime("Date", '%d/%m/%Y')::DATE AS posting_date,
    replace(replace("Value", '£', ''), ',', '') AS amount,
    "Cost code" AS project_code,
    "Ref" AS transaction_id
FROM ` + from + "\n"
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// raw is the inputs' entry for a raw file.
func raw(file, body string, readBy ...string) report.Input {
	return report.Input{File: file, SHA256: sum(body), ReadBy: readBy}
}

// fromAdapters is the inputs' entries for adapters and the files they read.
func fromAdapters(t *testing.T, ins []report.Input) []report.Input {
	t.Helper()
	var out []report.Input
	for _, in := range ins {
		if strings.HasPrefix(in.File, "sources/") || len(in.ReadBy) > 0 {
			out = append(out, in)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no adapter among the inputs %+v", ins)
	}
	return out
}

// adapterWarnings are the warnings placed in an adapter.
func adapterWarnings(d *diag.List) string {
	var ws []diag.Diagnostic
	for _, w := range d.Warnings() {
		if strings.HasPrefix(w.String(), "sources/") {
			ws = append(ws, w)
		}
	}
	return strings.TrimSpace(lines(ws))
}

func TestAdapterRawFilesByGlob(t *testing.T) {
	_, res, diags, _ := runSources(t, map[string]*string{"spend.csv": nil,
		"raw/b.csv": str(ledger2), "raw/a.csv": str(ledger), "raw/notes.txt": str("not read\n")},
		map[string]string{"spend.hmt.sql": spendFrom("read_csv('raw/*.csv', all_varchar = true)")})
	if diags.HasErrors() || adapterWarnings(diags) != "" {
		t.Fatalf("unexpected problems:\n%s", lines(diags.All()))
	}
	want := []report.Input{
		{File: "sources/spend.hmt.sql", Rows: 3, SHA256: sum(spendFrom("read_csv('raw/*.csv', all_varchar = true)"))},
		raw("raw/a.csv", ledger, "sources/spend.hmt.sql"),
		raw("raw/b.csv", ledger2, "sources/spend.hmt.sql"),
	}
	if got := fromAdapters(t, res.Inputs); !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n%+v\nwant:\n%+v", got, want)
	}
}

// A list of paths, two adapters of one table reading one file, and an
// adapter of another table reading it too: each file once, every reader
// named, in a stable order.
func TestAdapterRawFilesByListAndShared(t *testing.T) {
	adapters := map[string]string{
		"spend.a.sql":  spendFrom("read_csv(['raw/b.csv', 'raw/a.csv'], all_varchar = true)"),
		"spend.b.sql":  spendFrom("read_csv('raw/a.csv', all_varchar = true)"),
		"mappings.sql": `SELECT DISTINCT 'finance' AS system, "Cost code" AS key, 'I-1' AS initiative_id FROM read_csv('raw/a.csv', all_varchar = true)`,
	}
	files := map[string]*string{"spend.csv": nil, "mappings.csv": nil, "raw/a.csv": str(ledger), "raw/b.csv": str(ledger2)}
	_, res, diags, _ := runSources(t, files, adapters)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	var got []string
	for _, in := range fromAdapters(t, res.Inputs) {
		got = append(got, in.File+" "+strings.Join(in.ReadBy, ","))
	}
	want := []string{
		"sources/spend.a.sql ",
		"sources/spend.b.sql ",
		"raw/a.csv sources/mappings.sql,sources/spend.a.sql,sources/spend.b.sql",
		"raw/b.csv sources/spend.a.sql",
		"sources/mappings.sql ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if a := fromAdapters(t, res.Inputs)[2]; !reflect.DeepEqual(a, raw("raw/a.csv", ledger, "sources/mappings.sql", "sources/spend.a.sql", "sources/spend.b.sql")) {
		t.Errorf("raw/a.csv: %+v", a)
	}

	// The same files again, loaded afresh: the same inputs.
	_, again, _, _ := runSources(t, files, adapters)
	if !reflect.DeepEqual(again.Inputs, res.Inputs) {
		t.Errorf("a second load lists:\n%+v\nthe first:\n%+v", again.Inputs, res.Inputs)
	}
}

func TestAdapterRawParquet(t *testing.T) {
	ctx := context.Background()
	w, err := warehouse.Open(ctx, warehouse.Options{Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	pq := filepath.Join(t.TempDir(), "ledger.parquet")
	err = w.Exec(ctx, "COPY (SELECT DATE '2026-02-01' AS d, 12.5 AS amount, 'P-1' AS code) TO "+warehouse.Quote(pq)+" (FORMAT parquet)")
	w.Close()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(pq)
	if err != nil {
		t.Fatal(err)
	}
	body := string(data)
	_, res, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/ledger.parquet": &body},
		map[string]string{"spend.sql": "SELECT d AS posting_date, amount, code AS project_code FROM 'raw/ledger.parquet'"})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	got := fromAdapters(t, res.Inputs)
	if len(got) != 2 || !reflect.DeepEqual(got[1], raw("raw/ledger.parquet", body, "sources/spend.sql")) {
		t.Errorf("inputs %+v lack raw/ledger.parquet with its SHA-256 %s", got, sum(body))
	}
}

// A path computed by an expression cannot be recorded: a warning at it
// says so, and nothing is invented in its place.
func TestAdapterComputedPathWarns(t *testing.T) {
	_, res, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/a.csv": str(ledger)},
		map[string]string{"spend.sql": spendFrom("read_csv(\n     current_setting('allowed_directories')[1] || 'raw/a.csv', all_varchar = true)")})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	want := "sources/spend.sql:7:6: warning: read_csv reads a file named by an expression: the run's inputs cannot record or hash it; give the path as a string literal (or a list of them) to record it"
	if got := adapterWarnings(diags); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := fromAdapters(t, res.Inputs); len(got) != 1 || got[0].Rows != 2 {
		t.Errorf("inputs %+v: want the adapter alone, with 2 rows", got)
	}
}

// The XLSX preset reads the one file it names (no glob).
func TestAdapterRawXLSX(t *testing.T) {
	x := excelize.NewFile()
	rows := [][]any{{"posting_date", "amount", "project_code"}, {"2026-02-01", "12.50", "P-1"}}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		x.SetSheetRow("Sheet1", cell, &r)
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		t.Fatal(err)
	}
	body := buf.String()
	_, res, diags, _ := runSources(t, map[string]*string{"spend.csv": nil, "raw/ledger.xlsx": &body},
		map[string]string{"spend.sql": "SELECT posting_date, amount, project_code FROM read_xlsx('raw/ledger.xlsx')"})
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", lines(diags.Errors()))
	}
	got := fromAdapters(t, res.Inputs)
	if len(got) != 2 || !reflect.DeepEqual(got[1], raw("raw/ledger.xlsx", body, "sources/spend.sql")) {
		t.Errorf("inputs %+v lack raw/ledger.xlsx with its SHA-256 %s", got, sum(body))
	}
}
