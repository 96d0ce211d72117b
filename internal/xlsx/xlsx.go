// Package xlsx renders the board pack: an Excel workbook that leads with the
// initiatives lacking a balance-sheet link, then flags, outcomes, budgets,
// changes, data quality, the analysts' own sheets and an About sheet.
//
// Everything comes from a report.Model; the package never touches DuckDB or
// the file system. The same model gives byte-identical bytes.
package xlsx

import (
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/throughline/throughline/internal/report"
	"github.com/xuri/excelize/v2"
)

// Names of the fixed sheets, in pack order. Analyst sheets (`-- sheet:`)
// come between SheetQuality and SheetAbout.
const (
	SheetSummary  = "Summary"
	SheetNoLink   = "No balance-sheet link"
	SheetFlags    = "Review flags"
	SheetOutcomes = "Outcomes"
	SheetBudget   = "Budget & variance"
	SheetChanges  = "Changes since last audit"
	SheetQuality  = "Data quality"
	SheetAbout    = "About"
)

const (
	maxCellChars = 32767   // Excel's limit on a cell's text, UTF-16 code units
	maxDataRows  = 1048575 // rows below the header on one sheet
	maxLinks     = 5000    // hyperlinks per sheet: excelize adds each in O(links), more gets slow
	maxURL       = 2079    // longest hyperlink address Excel follows
	docTitle     = "Throughline board pack"
	font         = "Calibri"
	tableStyle   = "TableStyleMedium2"
	headerFill   = "1F4E78"
	paperA4      = 9
	minColWidth  = 6.0
	maxColWidth  = 60.0
	dateLayout   = "2006-01-02"
	changesShown = 10 // changes listed on the Summary
)

// Render builds the board pack for m. Warnings (e.g. a cell cut to Excel's limit) are returned for run.json.
func Render(m *report.Model) (pack []byte, warnings []string, err error) {
	p := &builder{
		m:      m,
		f:      excelize.NewFile(),
		names:  newSheetNames(),
		styles: map[styleKey]int{},
		warned: map[string]bool{},
	}
	defer p.f.Close()
	if err := p.build(); err != nil {
		return nil, p.warnings, fmt.Errorf("board pack: %w", err)
	}
	zc := newZipCollector()
	p.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zc })
	if _, err := p.f.WriteToBuffer(); err != nil {
		return nil, p.warnings, fmt.Errorf("board pack: write: %w", err)
	}
	b, err := zc.repack(zipTime(m.AsOf))
	if err != nil {
		return nil, p.warnings, fmt.Errorf("board pack: zip: %w", err)
	}
	return b, p.warnings, nil
}

// builder holds one render's state.
type builder struct {
	m        *report.Model
	f        *excelize.File
	names    *sheetNames
	styles   map[styleKey]int
	tables   int
	warnings []string
	warned   map[string]bool
}

func (p *builder) warnf(format string, args ...any) {
	w := "board pack: " + fmt.Sprintf(format, args...)
	if !p.warned[w] {
		p.warned[w] = true
		p.warnings = append(p.warnings, w)
	}
}

func (p *builder) build() error {
	for _, n := range []string{SheetSummary, SheetNoLink, SheetFlags, SheetOutcomes, SheetBudget, SheetChanges, SheetQuality, SheetAbout} {
		p.names.unique(n)
	}
	if err := p.f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	if err := p.summary(); err != nil {
		return fmt.Errorf("sheet %q: %w", SheetSummary, err)
	}
	fixed := []struct {
		name string
		grid func() grid
	}{
		{SheetNoLink, p.noLinkGrid},
		{SheetFlags, p.flagsGrid},
		{SheetOutcomes, p.outcomesGrid},
		{SheetBudget, p.budgetGrid},
		{SheetChanges, p.changesGrid},
		{SheetQuality, p.qualityGrid},
	}
	for _, s := range fixed {
		if err := p.dataSheet(s.name, s.grid()); err != nil {
			return fmt.Errorf("sheet %q: %w", s.name, err)
		}
	}
	for _, q := range p.m.Queries {
		if q.Sheet == "" {
			continue
		}
		name := p.names.unique(q.Sheet)
		if name != q.Sheet {
			p.warnf("%s: sheet name %q is not valid or not unique in Excel; using %q", queryWhere(q), q.Sheet, name)
		}
		if err := p.dataSheet(name, p.grid(q.Result, q.Name)); err != nil {
			return fmt.Errorf("sheet %q (%s): %w", name, q.Name, err)
		}
	}
	if err := p.about(); err != nil {
		return fmt.Errorf("sheet %q: %w", SheetAbout, err)
	}
	// The Summary, the new file's first sheet, is already the active one.
	// SetActiveSheet(0) would re-read every streamed sheet's XML to clear
	// its tab selection: a quarter of a large build's time, for nothing.
	return p.docProps()
}

func queryWhere(q *report.Query) string {
	if q.File != "" {
		return q.File
	}
	return q.Name
}

func (p *builder) docProps() error {
	ts := zipTime(p.m.AsOf).Format(time.RFC3339)
	asOf := p.m.AsOf.Format(dateLayout)
	if err := p.f.SetDocProps(&excelize.DocProperties{
		Title:          docTitle + " " + asOf,
		Subject:        "IT investment governance: outcomes, funding gate and review flags as of " + asOf,
		Creator:        "Throughline",
		LastModifiedBy: "Throughline",
		Description:    fmt.Sprintf("As of %s; audit period %s to %s (exclusive); throughline %s", asOf, p.m.PeriodStart.Format(dateLayout), p.m.PeriodEnd.Format(dateLayout), p.m.Version),
		Keywords:       "board pack; governance; as of " + asOf,
		Category:       "Board pack",
		Created:        ts,
		Modified:       ts,
		Language:       "en",
		Version:        p.m.Version,
	}); err != nil {
		return err
	}
	if err := p.f.SetAppProps(&excelize.AppProperties{Application: "Throughline", Company: "", DocSecurity: 0, AppVersion: "16.0300"}); err != nil {
		return err
	}
	return p.f.SetCustomProps(excelize.CustomProperty{Name: "As of", Value: asOf})
}

// cut shortens s to Excel's cell limit; over counts the cells cut.
func cut(s string) (string, bool) {
	if len(s) <= maxCellChars/3 { // fast path: cannot exceed the limit
		return s, false
	}
	n := 0
	for _, r := range s {
		n += max(utf16.RuneLen(r), 1)
	}
	if n <= maxCellChars {
		return s, false
	}
	return cutUTF16(s, maxCellChars), true
}

// value turns a model value into what a cell holds: numbers stay numbers,
// dates stay dates, booleans read yes/no as on the site, text is cut to fit.
// The second result reports a cut.
func value(v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, false
	case string:
		return cut(x)
	case bool:
		return report.YesNo.Display(x), false
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		return x, false
	case float32:
		return value(float64(x))
	case report.Dec:
		// A cell is a double: write the one nearest the exact value in
		// cents, whose shortest form is those cents (below about 10^13).
		return x.Rescale(2).Float64(), false
	case int64, int, int32:
		return x, false
	case time.Time:
		if x.IsZero() {
			return nil, false
		}
		return x, false
	case cellFormat:
		return value(x.v)
	case statusCell:
		return x.label, false
	}
	return cut(fmt.Sprint(v))
}

// cellFormat is a value with its own format, for columns that mix figures
// (the Data quality sheet's values).
type cellFormat struct {
	v any
	f report.Format
}

var tableNameRe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// tableName is a valid, unique Excel table name for a sheet.
func (p *builder) tableName(sheet string) string {
	p.tables++
	s := strings.Trim(tableNameRe.ReplaceAllString(sheet, "_"), "_")
	if len(s) > 60 {
		s = s[:60]
	}
	return fmt.Sprintf("Pack%02d_%s", p.tables, s)
}
