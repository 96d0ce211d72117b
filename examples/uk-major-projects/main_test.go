package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"github.com/throughline/throughline/internal/realdata"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/publish"
)

// gmppDir finds the raw GMPP files: $GMPP_DIR, else ../shared/realdata/gmpp
// beside the repository. Without them the test skips, except in CI.
func gmppDir(t *testing.T) string {
	t.Helper()
	if dir := os.Getenv("GMPP_DIR"); dir != "" {
		return dir
	}
	return realdata.Path(t, "gmpp")
}

// buildExample converts the raw files and runs the whole build on them, as
// `make examples` does.
func buildExample(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files, err := Convert(dir)
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	if err := publish.WriteDir(in, files); err != nil {
		t.Fatal(err)
	}
	cfgFile, err := os.ReadFile("throughline.toml")
	if err != nil {
		t.Fatal(err)
	}
	day, _ := config.ParseDate(AsOf)
	cfg, d := config.Resolve(config.Sources{Flags: map[string]string{"input": in, "out": filepath.Join(t.TempDir(), "site")},
		File: "throughline.toml", FileData: cfgFile, Today: day})
	if d.HasErrors() {
		t.Fatal(d.Err())
	}
	res, err := build.Run(context.Background(), cfg, build.Options{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		var b strings.Builder
		diag.Print(&b, res.Diags.Errors(), 20, "")
		t.Fatalf("the example does not build:\n%s", b.String())
	}
	return res.Files
}

func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// raw reads a snapshot straight from its file for the test's own figures:
// the header row and one map per project, keyed by lower-case header.
func raw(t *testing.T, dir string, s Snapshot) []map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, s.File))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(Decode(b)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if s.Transposed {
		recs = transpose(recs)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			if i < len(rec) {
				m[strings.ToLower(strings.Join(strings.Fields(h), " "))] = strings.TrimSpace(rec[i])
			}
		}
		out = append(out, m)
	}
	return out
}

// field is the value of the first column whose header starts with prefix.
func field(m map[string]string, prefixes ...string) string {
	for _, p := range prefixes {
		for h, v := range m {
			if strings.HasPrefix(h, p) {
				return v
			}
		}
	}
	return ""
}

// testRating is the test's own reading of a DCA cell: letters only.
func testRating(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	w := b.String()
	switch {
	case w == "" || w == "na" || w == "notapplicable":
		return ""
	case w == "amberred":
		return "amber_red"
	case w == "ambergreen":
		return "amber_green"
	case w == "amber" || w == "red" || w == "green":
		return w
	case strings.HasPrefix(w, "exempt") || strings.HasPrefix(w, "section"):
		return "exempt"
	}
	return "not_rated"
}

// TestRatingCountsPerSnapshot: the published history has, per snapshot, as
// many reports of each rating as the raw file holds (IPA where given, else
// SRO).
func TestRatingCountsPerSnapshot(t *testing.T) {
	dir := gmppDir(t)
	files := buildExample(t, dir)
	got := map[string]int{}
	for _, r := range readCSV(t, files["data/report_history.csv"]) {
		got[r["reported_on"]+" "+r["rating"]]++
	}
	want := map[string]int{}
	for _, s := range Snapshots {
		n := 0
		for _, m := range raw(t, dir, s) {
			if field(m, "gmpp id") == "" {
				continue
			}
			r := testRating(field(m, "ipa delivery"))
			if r == "" {
				r = testRating(field(m, "sro delivery"))
			}
			if r == "" {
				r = "not_rated"
			}
			want[s.AsOf+" "+r]++
			n++
		}
		t.Logf("%s: %d projects", s.AsOf, n)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d reports, the raw file has %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("%s: %d reports, the raw file has none", k, n)
		}
	}
	// The published counts of the last snapshot, from the annual report data.
	for k, n := range map[string]int{"2025-03-31 red": 31, "2025-03-31 amber": 135, "2025-03-31 green": 30, "2019-09-30 amber_red": 32} {
		if got[k] != n {
			t.Errorf("%s: %d, want %d", k, got[k], n)
		}
	}
}

// TestSlips: a few projects' end-date slips and cost changes, computed here
// from the raw cells, match the history.
func TestSlips(t *testing.T) {
	dir := gmppDir(t)
	files := buildExample(t, dir)
	hist := map[string]map[string]string{}
	for _, r := range readCSV(t, files["data/report_history.csv"]) {
		hist[r["initiative_id"]+" "+r["reported_on"]] = r
	}
	ends := map[string]time.Time{}
	for _, s := range Snapshots {
		for _, m := range raw(t, dir, s) {
			v := field(m, "project - end date", "end date")
			for _, layout := range []string{"02/01/2006", "2006-01-02", "2006-01-02 15:04:05"} {
				if d, err := time.Parse(layout, v); err == nil {
					ends[field(m, "gmpp id")+" "+s.AsOf] = d
				}
			}
		}
	}
	cases := []struct {
		id, from, to string
		days         int // as read off the raw files by hand
	}{
		{"BEIS_0001_1617-Q2", "2019-09-30", "2021-03-31", 365},  // 31/03/2021 → 31/03/2022
		{"BEIS_0005_1920-Q4", "2023-03-31", "2024-03-31", -31},  // 2032-08-11 → 2032-07-11 00:00:00: earlier
		{"BEIS_0008_2021-Q3", "2021-03-31", "2022-03-31", 1022}, // 02/11/2026 → 2029-08-20
		{"BEIS_0008_2021-Q3", "2022-03-31", "2023-03-31", 50},
		{"BEIS_0008_2021-Q3", "2023-03-31", "2024-03-31", 0},
		{"BEIS_0008_2021-Q3", "2024-03-31", "2025-03-31", 174}, // → 01/04/2030
	}
	for _, c := range cases {
		a, b := ends[c.id+" "+c.from], ends[c.id+" "+c.to]
		if a.IsZero() || b.IsZero() {
			t.Errorf("%s: no raw end date at %s or %s", c.id, c.from, c.to)
			continue
		}
		raw := int(b.Sub(a).Hours() / 24)
		h := hist[c.id+" "+c.to]
		if h["end_date_slip_days"] != strconv.Itoa(raw) || raw != c.days {
			t.Errorf("%s at %s: slip %q in the history, %d from the raw files, %d by hand", c.id, c.to, h["end_date_slip_days"], raw, c.days)
		}
	}
	// £763.98m (2020-21) → £1,278m (2021-22): +67.28%.
	if got := hist["BEIS_0008_2021-Q3 2022-03-31"]["cost_change_pct"]; got != "67.28" {
		t.Errorf("BEIS_0008_2021-Q3 cost change at 2022-03-31 = %s, want 67.28", got)
	}
}

// TestNormalisers: the messy cells of the raw files.
func TestNormalisers(t *testing.T) {
	for in, want := range map[string]string{
		"31/05/2023": "2023-05-31", "2025-02-28 00:00:00": "2025-02-28", "2026-12-31": "2026-12-31",
		"Low: 31/03/2026, Mid: 30/09/2026, High: 31/12/2026": "2026-09-30", "Low: 31/03/2025": "2025-03-31",
		"Exempt under Section 43 of the Freedom of Information Act 2000": "", "Data Not Provided": "",
	} {
		if got := Date(in); got != want {
			t.Errorf("Date(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"£2,013.02": "2013020000.00", "558": "558000000.00", "Low: 797.93, Mid: 820.57": "820570000.00",
		"Section 43 - Commercial interests": "", "NA": "",
	} {
		if got := Pounds(in); got != want {
			t.Errorf("Pounds(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[[2]string]string{
		{"Amber/Red", ""}: "amber_red", {"", "AMBER"}: "amber", {"NA", "Green"}: "green", {"Not Applicable ", ""}: "not_rated",
		{"Exempt under Section 26", ""}: "exempt", {"Section 24 - National security", "Section 24 - National security"}: "exempt",
		{"The project is not in a position to provide this information", ""}: "not_rated",
	} {
		if got := Rating(in[0], in[1]); got != want {
			t.Errorf("Rating(%q, %q) = %q, want %q", in[0], in[1], got, want)
		}
	}
}
