package xlsx

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/report"
	"github.com/xuri/excelize/v2"
)

// page writes a small free-form sheet (Summary, About) row by row with the
// normal API.
type page struct {
	p     *builder
	sheet string
	row   int // last row written
	cuts  int
}

// set writes v in format f at (col, row), typed as for the data sheets.
func (w *page) set(col, row int, v any, f report.Format, k styleKey) error {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	val, wasCut := value(v)
	if wasCut {
		w.cuts++
	}
	if k.numFmt == "" {
		k.numFmt = f.ExcelNumFmt()
	}
	st, err := w.p.style(k)
	if err != nil {
		return err
	}
	if val != nil {
		if s, ok := val.(string); ok {
			err = w.p.f.SetCellStr(w.sheet, cell, s) // never a formula
		} else {
			err = w.p.f.SetCellValue(w.sheet, cell, val)
		}
		if err != nil {
			return err
		}
	}
	return w.p.f.SetCellStyle(w.sheet, cell, cell, st)
}

// line writes one row of plain values starting in column A.
func (w *page) line(k styleKey, vals ...any) error {
	w.row++
	for i, v := range vals {
		f := report.Plain
		if c, ok := v.(cellFormat); ok {
			v, f = c.v, c.f
		}
		if _, ok := v.(time.Time); ok {
			f = report.DateF
		}
		if err := w.set(i+1, w.row, v, f, k); err != nil {
			return err
		}
	}
	return nil
}

func (w *page) section(title string, headers ...string) error {
	w.row++ // blank line before
	if err := w.line(styleKey{bold: true, title: false}, title); err != nil {
		return err
	}
	if len(headers) == 0 {
		return nil
	}
	vals := make([]any, len(headers))
	for i, h := range headers {
		vals[i] = h
	}
	return w.line(styleKey{header: true}, vals...)
}

// link makes an existing cell a link to an initiative's page on the site.
func (w *page) link(col, row int, id string) error {
	if w.p.m.SiteURL == "" || id == "" {
		return nil
	}
	url := w.p.m.SiteURL + report.InitiativePath(id)
	if len(url) > maxURL {
		return nil
	}
	cell, _ := excelize.CoordinatesToCellName(col, row)
	tip := "Open " + id + " on the governance site"
	if err := w.p.f.SetCellHyperLink(w.sheet, cell, url, "External", excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
		return err
	}
	st, err := w.p.style(styleKey{link: true})
	if err != nil {
		return err
	}
	return w.p.f.SetCellStyle(w.sheet, cell, cell, st)
}

// count is one bucket of a count or sum by status word.
type count struct {
	key string
	n   float64
}

// rank orders status words red, amber, green, then the rest.
func rank(word string) int {
	for i, ws := range ragWords {
		if slices.Contains(ws, strings.ToLower(word)) {
			return i
		}
	}
	return len(ragWords)
}

// countBy counts rows of t by the named column.
func countBy(t *report.Table, name string) []count {
	if t == nil || t.Col(name) < 0 {
		return nil
	}
	c := t.Col(name)
	sum := map[string]float64{}
	for _, r := range t.Rows {
		sum[keyOf(r[c])]++
	}
	return sorted(sum, func(a, b count) int {
		return cmp.Or(cmp.Compare(rank(a.key), rank(b.key)), strings.Compare(a.key, b.key))
	})
}

func keyOf(v any) string {
	s := text(v)
	if s == "" {
		return "(none)"
	}
	return s
}

func sorted(m map[string]float64, f func(a, b count) int) []count {
	var out []count
	for k, v := range m {
		out = append(out, count{k, v})
	}
	slices.SortFunc(out, f)
	return out
}

// summary writes the first sheet: what a board member reads first.
func (p *builder) summary() error {
	w := &page{p: p, sheet: SheetSummary}
	for col, width := range map[string]float64{"A": 36, "B": 18, "C": 18, "D": 18, "E": 3} {
		if err := p.f.SetColWidth(SheetSummary, col, col, width); err != nil {
			return err
		}
	}
	if err := w.line(styleKey{title: true}, docTitle); err != nil {
		return err
	}
	if err := w.line(styleKey{}, "As of", p.m.AsOf); err != nil {
		return err
	}
	last := p.m.PeriodEnd.AddDate(0, 0, -1)
	if err := w.line(styleKey{}, "Audit period (first and last day)", p.m.PeriodStart, last); err != nil {
		return err
	}

	// Headline figures, one per line, as on the site overview.
	if err := w.section("Headline"); err != nil {
		return err
	}
	if h := p.m.Table("headline"); h != nil && len(h.Rows) > 0 {
		for i, c := range h.Columns {
			f := cmp.Or(c.Format, report.FormatFor(c.Name, c.Type))
			if err := w.line(styleKey{}, Label(c.Name), cellFormat{at(h.Rows[0], i), f}); err != nil {
				return err
			}
		}
	} else {
		p.warnf("view %q is missing or empty; the Summary has no headline figures", "headline")
		if err := w.line(styleKey{}, "No headline figures in this run."); err != nil {
			return err
		}
	}

	st := p.m.Table("initiative_status")
	for _, by := range []struct{ col, title, header string }{
		{"outcome", "Initiatives by outcome", "Outcome"},
		{"escalation", "Initiatives by escalation", "Escalation"},
	} {
		counts := countBy(st, by.col)
		if err := w.section(by.title, by.header, "Initiatives"); err != nil {
			return err
		}
		first := w.row + 1
		for _, c := range counts {
			if err := w.line(styleKey{}, c.key, cellFormat{int64(c.n), report.Integer}); err != nil {
				return err
			}
		}
		if len(counts) > 0 {
			if err := p.setRAG(SheetSummary, fmt.Sprintf("A%d:A%d", first, w.row), fmt.Sprintf("A%d", first)); err != nil {
				return err
			}
		}
	}

	if err := p.summaryChanges(w); err != nil {
		return err
	}
	if err := p.summaryChart(w); err != nil {
		return err
	}
	if w.cuts > 0 {
		p.warnf("sheet %q: %d cell(s) cut to Excel's limit of %d characters", SheetSummary, w.cuts, maxCellChars)
	}
	return p.printSetup(SheetSummary, 1)
}

// summaryChanges lists the first changes since the last audit.
func (p *builder) summaryChanges(w *page) error {
	if err := w.section("What changed since the last audit", "Initiative", "Field", "Before", "After"); err != nil {
		return err
	}
	t := p.m.Table("audit_changes")
	if t == nil || len(t.Rows) == 0 {
		return w.line(styleKey{}, "No changes since the last audit.")
	}
	id, name, field, before, after := t.Col("initiative_id"), t.Col("name"), t.Col("field"), t.Col("before"), t.Col("after")
	first := w.row + 1
	for _, r := range t.Rows[:min(len(t.Rows), changesShown)] {
		who := cmp.Or(text(at(r, name)), text(at(r, id)))
		if err := w.line(styleKey{}, who, at(r, field), at(r, before), at(r, after)); err != nil {
			return err
		}
		if err := w.link(1, w.row, text(at(r, id))); err != nil {
			return err
		}
	}
	if err := p.setRAG(SheetSummary, fmt.Sprintf("C%d:D%d", first, w.row), fmt.Sprintf("C%d", first)); err != nil {
		return err
	}
	if more := len(t.Rows) - changesShown; more > 0 {
		if err := w.line(styleKey{link: true}, fmt.Sprintf("…and %d more on the sheet %q", more, SheetChanges)); err != nil {
			return err
		}
		cell := fmt.Sprintf("A%d", w.row)
		return p.f.SetCellHyperLink(SheetSummary, cell, quoteSheet(SheetChanges)+"!A1", "Location")
	}
	return nil
}

// summaryChart totals spend_by_outcome_period by outcome and charts it.
func (p *builder) summaryChart(w *page) error {
	t := p.m.Table("spend_by_outcome_period")
	if err := w.section("Spend to date by outcome", "Outcome", "Spend"); err != nil {
		return err
	}
	if t == nil || t.Col("outcome") < 0 || t.Col("amount") < 0 {
		p.warnf("view %q is missing; the Summary has no chart", "spend_by_outcome_period")
		return w.line(styleKey{}, "No spend figures in this run.")
	}
	oc, ac := t.Col("outcome"), t.Col("amount")
	// Summed exactly: a board total must equal the data CSV's to the cent.
	sum := map[string]report.Dec{}
	for _, r := range t.Rows {
		switch x := r[ac].(type) {
		case report.Dec:
			sum[keyOf(r[oc])] = sum[keyOf(r[oc])].Add(x)
		case int64:
			sum[keyOf(r[oc])] = sum[keyOf(r[oc])].Add(report.NewDec(big.NewInt(x), 0))
		}
	}
	keys := make([]string, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(sum[b].Cmp(sum[a]), strings.Compare(a, b)) })
	if len(keys) == 0 {
		return w.line(styleKey{}, "No spend recorded.")
	}
	first := w.row + 1
	for _, k := range keys {
		if err := w.line(styleKey{}, k, cellFormat{sum[k], report.Money}); err != nil {
			return err
		}
	}
	if err := p.setRAG(SheetSummary, fmt.Sprintf("A%d:A%d", first, w.row), fmt.Sprintf("A%d", first)); err != nil {
		return err
	}
	s := quoteSheet(SheetSummary)
	return p.f.AddChart(SheetSummary, "F2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       s + fmt.Sprintf("!$B$%d", first-1),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", s, first, w.row),
			Values:     fmt.Sprintf("%s!$B$%d:$B$%d", s, first, w.row),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}},
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Spend to date by outcome"}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: ptr(false),
		Dimension:  excelize.ChartDimension{Width: 560, Height: 320},
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true},
		Format:     excelize.GraphicOptions{OffsetX: 10},
	})
}
