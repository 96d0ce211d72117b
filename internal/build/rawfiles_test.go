package build_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/xlsx"
)

// rawSpendWorkspace is the sample with its ledger split into two raw CSVs
// under raw/, read by one adapter through a glob. It returns the input and
// sources folders and the raw files' bytes by name.
func rawSpendWorkspace(t *testing.T) (string, string, map[string][]byte) {
	t.Helper()
	in, src := filepath.Join(t.TempDir(), "in"), t.TempDir()
	if err := os.MkdirAll(filepath.Join(in, "raw"), 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("../../sample-data")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join("../../sample-data", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "spend.csv" {
			continue
		}
		if err := os.WriteFile(filepath.Join(in, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("../../sample-data/spend.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	half := len(recs) / 2
	raws := map[string][]byte{}
	for name, part := range map[string][][]string{"raw/spend-1.csv": recs[1:half], "raw/spend-2.csv": recs[half:]} {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(recs[0])
		w.WriteAll(part)
		raws[name] = b.Bytes()
		if err := os.WriteFile(filepath.Join(in, filepath.FromSlash(name)), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	adapter := "SELECT * FROM read_csv('raw/spend-*.csv', all_varchar = true)\n"
	if err := os.WriteFile(filepath.Join(src, "spend.ledger.sql"), []byte(adapter), 0o644); err != nil {
		t.Fatal(err)
	}
	return in, src, raws
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// The raw files an adapter read are in run.json's inputs with their
// SHA-256 and the adapter, on the data-quality page and on the About
// sheet; two builds over them give the same run.json but for timings.
func TestRawFilesRecorded(t *testing.T) {
	in, src, raws := rawSpendWorkspace(t)
	flags := map[string]string{"input": in, "sources": src}
	res := buildWith(t, flags)

	var doc struct {
		Inputs []map[string]any `json:"inputs"`
	}
	if err := json.Unmarshal(res.Files["run.json"], &doc); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	for _, e := range doc.Inputs {
		if f := e["file"].(string); strings.HasPrefix(f, "raw/") || strings.HasSuffix(f, ".sql") {
			got = append(got, e)
		}
	}
	adapter := filepath.ToSlash(filepath.Join(src, "spend.ledger.sql"))
	want := []map[string]any{
		{"file": adapter, "rows": got[0]["rows"], "sha256": sha([]byte("SELECT * FROM read_csv('raw/spend-*.csv', all_varchar = true)\n"))},
		{"file": "raw/spend-1.csv", "sha256": sha(raws["raw/spend-1.csv"]), "read_by": []any{adapter}},
		{"file": "raw/spend-2.csv", "sha256": sha(raws["raw/spend-2.csv"]), "read_by": []any{adapter}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("run.json inputs:\n%v\nwant:\n%v", got, want)
	}
	if rows, _ := got[0]["rows"].(float64); rows < 10 {
		t.Errorf("the adapter's entry has %v rows", got[0]["rows"])
	}

	page := string(res.Files["data-quality.html"])
	for _, s := range []string{"raw/spend-2.csv", sha(raws["raw/spend-2.csv"]), ">Read by</th>"} {
		if !strings.Contains(page, s) {
			t.Errorf("data-quality.html lacks %q", s)
		}
	}

	f, err := excelize.OpenReader(bytes.NewReader(res.Files[build.PackFile]))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(xlsx.SheetAbout)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || len(r) >= 3 && r[0] == "raw/spend-1.csv" && strings.HasPrefix(r[1], "read by ") && strings.HasSuffix(r[1], "spend.ledger.sql") && r[2] == sha(raws["raw/spend-1.csv"])
	}
	if !found {
		t.Errorf("About sheet has no row for raw/spend-1.csv saying which adapter read it, with its SHA-256")
	}

	again := buildWith(t, flags)
	seconds := regexp.MustCompile(`"seconds": [0-9.e-]+`)
	if a, b := seconds.ReplaceAll(res.Files["run.json"], nil), seconds.ReplaceAll(again.Files["run.json"], nil); !bytes.Equal(a, b) {
		t.Errorf("run.json differs between two builds:\n%s\n%s", a, b)
	}
}
