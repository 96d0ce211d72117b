// Package xlsxtest checks a board pack the way a reader opens it: converted
// headless by LibreOffice, then compared with the view CSVs.
package xlsxtest

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// csvFilter exports every sheet (last token -1, LibreOffice 7.2+) as UTF-8
// CSV with raw values: numbers unformatted, dates ISO.
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// Converted is a workbook as LibreOffice read it.
type Converted struct {
	PDF    string                // the PDF export, one file for all sheets
	Sheets map[string][][]string // each sheet's cells, by sheet name, from the CSV export
}

// ConvertWithLibreOffice converts xlsxPath headless to PDF and to one CSV
// per sheet in outDir, with a fresh LibreOffice profile, and fails t on any
// conversion error. Without soffice on PATH it skips t, unless the
// environment has CI=true, where it fails.
func ConvertWithLibreOffice(t testing.TB, xlsxPath, outDir string) *Converted {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("soffice not found on PATH and CI=true: install libreoffice-calc")
		}
		t.Skip("soffice not found on PATH: install libreoffice-calc to open the board pack in a real spreadsheet application")
	}
	checkVersion(t, soffice)
	profile, err := os.MkdirTemp("", "throughline-lo-profile-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(profile) })

	base := strings.TrimSuffix(filepath.Base(xlsxPath), filepath.Ext(xlsxPath))
	run(t, soffice, profile, "pdf", xlsxPath, outDir)
	c := &Converted{PDF: filepath.Join(outDir, base+".pdf"), Sheets: map[string][][]string{}}
	if st, err := os.Stat(c.PDF); err != nil || st.Size() == 0 {
		t.Fatalf("LibreOffice wrote no PDF for %s: %v", xlsxPath, err)
	}

	run(t, soffice, profile, csvFilter, xlsxPath, outDir)
	f, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatalf("open %s: %v", xlsxPath, err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		path := filepath.Join(outDir, base+"-"+sheet+".csv")
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("LibreOffice wrote no CSV for sheet %q: %v", sheet, err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		c.Sheets[sheet] = rows
	}
	return c
}

var versionRe = regexp.MustCompile(`LibreOffice (\d+)\.(\d+)`)

func checkVersion(t testing.TB, soffice string) {
	t.Helper()
	out, err := exec.Command(soffice, "--version").Output()
	if err != nil {
		t.Fatalf("soffice --version: %v", err)
	}
	m := versionRe.FindStringSubmatch(string(out))
	if m == nil {
		t.Fatalf("soffice --version: cannot read %q", out)
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major < 7 || major == 7 && minor < 2 {
		t.Fatalf("LibreOffice %s.%s cannot export every sheet to CSV; need 7.2 or later", m[1], m[2])
	}
}

// run converts in to format in outDir and fails t on any error LibreOffice
// reports. The profile directory keeps runs apart.
func run(t testing.TB, soffice, profile, format, in, outDir string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--headless", "--norestore", "--nolockcheck", "--convert-to", format, "--outdir", outDir, in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	out := stdout.String() + stderr.String()
	if err != nil {
		t.Fatalf("soffice --convert-to %s %s: %v\n%s", format, in, err, out)
	}
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Error") {
			t.Fatalf("soffice --convert-to %s %s reported an error:\n%s", format, in, out)
		}
	}
	if !strings.Contains(out, "convert ") {
		t.Fatalf("soffice --convert-to %s %s converted nothing:\n%s", format, in, out)
	}
}

// CheckNoLinkSheet compares the converted "No balance-sheet link" sheet
// (header row first, as the pack writes it) with the initiative_status view
// CSV (docs/outputs.md format): the same initiatives as those with
// lacks_balance_sheet_link=true, each once, with matching name, approved
// budget and funding hold, sorted by spend to date descending.
func CheckNoLinkSheet(t testing.TB, sheet [][]string, initiativeStatusCSV []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(initiativeStatusCSV))
	status, err := r.ReadAll()
	if err != nil || len(status) == 0 {
		t.Fatalf("initiative_status CSV: %v", err)
	}
	col := func(header []string, name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("no column %q in %q", name, header)
		}
		return i
	}
	sid, slack := col(status[0], "initiative_id"), col(status[0], "lacks_balance_sheet_link")
	sname, sbudget, shold := col(status[0], "name"), col(status[0], "approved_budget"), col(status[0], "funding_hold")
	want := map[string][]string{}
	for _, row := range status[1:] {
		if row[slack] == "true" {
			want[row[sid]] = row
		}
	}
	if len(sheet) == 0 {
		t.Fatal("the No balance-sheet link sheet is empty")
	}
	h := sheet[0]
	id, name, budget, hold, spend := col(h, "Initiative"), col(h, "Name"), col(h, "Approved budget"), col(h, "Funding hold"), col(h, "Spend to date")
	got := map[string]bool{}
	prev := math.Inf(1)
	for i, row := range sheet[1:] {
		line := fmt.Sprintf("row %d (%s)", i+2, row[id])
		if row[id] == "" && len(want) == 0 {
			continue // the empty table's body row
		}
		w, ok := want[row[id]]
		switch {
		case !ok:
			t.Errorf("%s: not an initiative without a balance-sheet link", line)
			continue
		case got[row[id]]:
			t.Errorf("%s: listed twice", line)
		}
		got[row[id]] = true
		if row[name] != w[sname] {
			t.Errorf("%s: name %q, want %q", line, row[name], w[sname])
		}
		if !sameNumber(row[budget], w[sbudget]) {
			t.Errorf("%s: approved budget %q, want %q", line, row[budget], w[sbudget])
		}
		if wantHold := map[string]string{"true": "yes", "false": "no", "": ""}[w[shold]]; row[hold] != wantHold {
			t.Errorf("%s: funding hold %q, want %q", line, row[hold], wantHold)
		}
		if s, err := strconv.ParseFloat(row[spend], 64); err == nil {
			if s > prev {
				t.Errorf("%s: spend to date %v after %v: not sorted descending", line, s, prev)
			}
			prev = s
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("initiative %s lacks a balance-sheet link but is not on the sheet", id)
		}
	}
}

// sameNumber compares two decimals as money: equal to the cent.
func sameNumber(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && math.Abs(x-y) < 0.005
}

// PDFPages returns the text of each page of pdf, laid out as printed
// (pdftotext -layout). Without pdftotext it skips t, unless CI=true.
func PDFPages(t testing.TB, pdf string) []string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pdftotext not found on PATH and CI=true: install poppler-utils")
		}
		t.Skip("pdftotext not found on PATH: install poppler-utils")
	}
	out, err := exec.Command(bin, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	return strings.Split(string(out), "\f")
}

// Words collapses runs of white space to one space, so text wrapped across
// printed lines reads as one string.
func Words(s string) string { return strings.Join(strings.Fields(s), " ") }
