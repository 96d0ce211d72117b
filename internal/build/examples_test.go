package build_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/throughline/throughline/internal/realdata"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/report"
)

// buildExample builds examples/<name> as `make examples` does (its
// throughline.toml, paths relative to the example), into a temp folder.
func buildExample(t *testing.T, name string) *build.Result {
	t.Helper()
	realdata.Path(t, ".")
	dir, err := filepath.Abs(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "throughline.toml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg, d := config.Resolve(config.Sources{File: "throughline.toml", FileData: data, Today: time.Now()})
	if d.HasErrors() {
		t.Fatalf("config: %v", d.Errors())
	}
	cfg.Input = filepath.Join(dir, cfg.Input)
	cfg.Sources = filepath.Join(dir, cfg.Sources)
	cfg.Out = filepath.Join(t.TempDir(), "site")
	cfg.Threads = 2
	cfg.Quiet = true
	start := time.Now()
	res, err := build.Run(context.Background(), cfg, build.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("%s does not build:\n%v", name, res.Diags.Errors())
	}
	t.Logf("%s built in %s", name, time.Since(start).Round(time.Millisecond))
	return res
}

// metric returns a reconciliation row's lines and amount.
func metric(t *testing.T, res *build.Result, name string) (int64, string) {
	t.Helper()
	for _, q := range res.Model.Queries {
		if q.Name != "reconciliation" {
			continue
		}
		tb := q.Result
		for _, row := range tb.Rows {
			if row[tb.Col("metric")] == name {
				lines, _ := row[tb.Col("lines")].(int64)
				amt, _ := row[tb.Col("amount")].(report.Dec)
				return lines, amt.String()
			}
		}
	}
	t.Fatalf("no reconciliation metric %q", name)
	return 0, ""
}

func headline(t *testing.T, res *build.Result, col string) any {
	t.Helper()
	for _, q := range res.Model.Queries {
		if q.Name == "headline" && len(q.Result.Rows) == 1 {
			return q.Result.Rows[0][q.Result.Col(col)]
		}
	}
	t.Fatalf("no headline column %q", col)
	return nil
}

// records reads a raw CSV with encoding/csv, as a map per record.
func records(t *testing.T, file string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(realdata.Path(t, "."), file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for i, h := range header {
			m[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, m)
	}
}

// rawCents turns a decimal (exponent allowed) times scale into cents,
// rounded half away from zero as the contract's DECIMAL(18,2) is (the HM
// Treasury file carries float noise such as 437289.25999999995).
func rawCents(t *testing.T, s string, scale int64) *big.Int {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("%q is not a number", s)
	}
	r.Mul(r, big.NewRat(scale*100, 1))
	neg := r.Sign() < 0
	r.Abs(r)
	r.Add(r, big.NewRat(1, 2))
	c := new(big.Int).Quo(r.Num(), r.Denom())
	if neg {
		c.Neg(c)
	}
	return c
}

func money(c *big.Int) string {
	neg := c.Sign() < 0
	a := new(big.Int).Abs(c)
	q, m := new(big.Int).QuoRem(a, big.NewInt(100), new(big.Int))
	s := fmt.Sprintf("%s.%02d", q, m.Int64())
	if neg {
		s = "-" + s
	}
	return s
}

// TestExampleUKTreasury checks the reconciliation of the HM Treasury
// example against the raw file read here with encoding/csv and exact
// decimals: every payment line and its total to the penny, the undated
// lines, the republished duplicates.
func TestExampleUKTreasury(t *testing.T) {
	res := buildExample(t, "uk-treasury-spend")
	rows := records(t, "uk_hmt_spend_over_25k_2010_2025.csv")
	total, undated, dupAmt := new(big.Int), new(big.Int), new(big.Int)
	var n, nUndated, nDup int64
	seen := map[string]bool{}
	for _, r := range rows {
		if r["department_family"] == "Department Family" {
			continue // the release's header row repeated inside the data
		}
		c := rawCents(t, r["amount_gbp"], 1)
		n++
		total.Add(total, c)
		if r["date"] == "" {
			nUndated++
			undated.Add(undated, c)
		}
		if r["transaction_number"] != "" {
			key := strings.Join([]string{r["transaction_number"], r["date"], c.String(), r["expense_area"],
				r["entity"], r["expense_type"], r["supplier"], r["description"]}, "\x00")
			if seen[key] {
				nDup++
				dupAmt.Add(dupAmt, c)
			}
			seen[key] = true
		}
	}
	if len(rows) != 9579 {
		t.Fatalf("the raw file has %d records, want 9579; has it changed?", len(rows))
	}
	// run.json records the raw file the adapter read, with the checksum
	// the real data's SHA256SUMS.txt gives it.
	sums, err := os.ReadFile(filepath.Join(realdata.Path(t, "."), "SHA256SUMS.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Inputs []struct {
			File   string   `json:"file"`
			SHA256 string   `json:"sha256"`
			ReadBy []string `json:"read_by"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(res.Files["run.json"], &doc); err != nil {
		t.Fatal(err)
	}
	recorded := false
	for _, in := range doc.Inputs {
		if in.File == "uk_hmt_spend_over_25k_2010_2025.csv" && len(in.ReadBy) == 1 && strings.HasSuffix(in.ReadBy[0], "sources/spend.sql") {
			recorded = bytes.Contains(sums, []byte(in.SHA256+"  ./uk_hmt_spend_over_25k_2010_2025.csv\n"))
		}
	}
	if !recorded {
		t.Errorf("run.json's inputs do not record the raw ledger with its SHA256SUMS.txt checksum: %+v", doc.Inputs)
	}
	for _, c := range []struct {
		metric string
		lines  int64
		amount string
	}{
		{"file_total", n, money(total)},
		{"undated", nUndated, money(undated)},
		{"duplicate_excluded", nDup, money(dupAmt)},
		{"unexplained_difference", 0, "0.00"},
	} {
		lines, amount := metric(t, res, c.metric)
		if lines != c.lines || amount != c.amount {
			t.Errorf("%s: %d lines, %s; the raw file says %d lines, %s", c.metric, lines, amount, c.lines, c.amount)
		}
	}
}

// TestExampleUSFederalIT checks the US example's spend (contract
// obligations in $M, turned into exact dollars here) and initiative count
// (investments in the projects feed) against the raw files.
func TestExampleUSFederalIT(t *testing.T) {
	res := buildExample(t, "us-federal-it")
	total := new(big.Int)
	var n int64
	for _, r := range records(t, "itdashboard_contracts_2012.csv") {
		a := r["Action Obligation Amount (In $ million) (USAspending)"]
		if a == "" {
			continue
		}
		n++
		total.Add(total, rawCents(t, a, 1000000))
	}
	if lines, amount := metric(t, res, "file_total"); lines != n || amount != money(total) {
		t.Errorf("file_total: %d lines, %s; the contracts feed has %d obligations, %s", lines, amount, n, money(total))
	}
	uiis := map[string]bool{}
	for _, r := range records(t, "itdashboard_projects_2012.csv") {
		uiis[r["Unique Investment Identifier"]] = true
	}
	if got := headline(t, res, "initiatives"); fmt.Sprint(got) != fmt.Sprint(len(uiis)) {
		t.Errorf("headline initiatives %v, the projects feed has %d investments", got, len(uiis))
	}
	if lines, _ := metric(t, res, "unexplained_difference"); lines != 0 {
		t.Errorf("unexplained difference: %d lines", lines)
	}
}
