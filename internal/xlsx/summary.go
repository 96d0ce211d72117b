package xlsx

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/throughline/throughline/internal/report"
	"github.com/xuri/excelize/v2"
)

// page writes a small free-form sheet (Summary, About) row by row with the
// normal API.
type page struct {
	p      *builder
	sheet  string
	row    int // last row written
	cuts   int
	widths []float64 // column widths, for the height of wrapped rows
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
		ck := k
		if c, ok := v.(cellFormat); ok {
			// a figure, set off from the next column's text as in put
			v, f, ck.right = c.v, c.f, true
		}
		if _, ok := v.(time.Time); ok {
			// "As of 2026-11-27": a date beside its label reads as text does,
			// not pushed to the column's far edge as a spreadsheet number is.
			f, ck.left = report.DateF, true
		}
		if err := w.set(i+1, w.row, v, f, ck); err != nil {
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
	key  any // a statusCell, or the text as it is
	name string
	n    float64
}

// countBy counts rows of view t by the named status column, in severity order.
func countBy(t *report.Table, name string) []count {
	if t == nil || t.Col(name) < 0 {
		return nil
	}
	c := t.Col(name)
	sum := map[string]*count{}
	for _, r := range t.Rows {
		k := keyOf(r[c])
		if sum[k] == nil {
			sum[k] = &count{key: status(t.Name, name, "", r[c]), name: k}
			if r[c] == nil {
				sum[k].key = k
			}
		}
		sum[k].n++
	}
	var out []count
	for _, v := range sum {
		out = append(out, *v)
	}
	slices.SortFunc(out, func(a, b count) int {
		return cmp.Or(cmp.Compare(rankOf(a.key), rankOf(b.key)), strings.Compare(a.name, b.name))
	})
	return out
}

func keyOf(v any) string {
	s := text(v)
	if s == "" {
		return "(none)"
	}
	return s
}

// Summary columns: A id, B name, C owner, D status, E money, F words.
var summaryWidths = []float64{16, 34, 18, 22, 16, 70}

// put writes one row of cells from column A, each with its own style; a
// statusCell gets its fill, figures are right-aligned, and the row is as tall
// as its wrapped text needs.
func (w *page) put(vals ...any) error {
	return w.putSpan(1, vals...)
}

// putSpan is put with the first value spanning span columns (merged after).
func (w *page) putSpan(span int, vals ...any) error {
	w.row++
	lines := 1
	for i, v := range vals {
		k := styleKey{}
		f := report.Plain
		switch x := v.(type) {
		case statusCell:
			k.fill = x.class
		case cellFormat:
			f = x.f
			k.right = true
		case string:
			if i < len(w.widths) {
				width := w.width(i)
				if i == 0 {
					for j := 1; j < span; j++ {
						width += w.width(j)
					}
				}
				per := max(int(width*1.05), 8) // a width unit holds about one average character
				n := (utf8.RuneCountInString(x) + per - 1) / per
				if n > 1 {
					k.wrap = true
					lines = max(lines, n)
				}
			}
		case time.Time:
			f, k.left = report.DateF, true // as line does
		}
		if cf, ok := v.(cellFormat); ok {
			v = cf.v
		}
		if err := w.set(i+1, w.row, v, f, k); err != nil {
			return err
		}
	}
	if lines > 1 {
		return w.p.f.SetRowHeight(w.sheet, w.row, 15*float64(min(lines, 20))+2)
	}
	return nil
}

// width is the width of column i (0-based) on this page.
func (w *page) width(i int) float64 {
	if i < len(w.widths) {
		return w.widths[i]
	}
	return 10
}

// pair writes a label (over columns A and B) and one figure in column C.
func (w *page) pair(label string, v any) error {
	if err := w.putSpan(2, label, nil, v); err != nil {
		return err
	}
	a, _ := excelize.CoordinatesToCellName(1, w.row)
	b, _ := excelize.CoordinatesToCellName(2, w.row)
	return w.p.f.MergeCell(w.sheet, a, b)
}

// summary writes the first sheet: what the board must act on, before any
// count. Escalated and flagged initiatives with owner, reason in words and
// money at stake; funding holds; changes since the last audit; then the
// headline figures, counts and spend by outcome.
func (p *builder) summary() error {
	w := &page{p: p, sheet: SheetSummary, widths: summaryWidths}
	for i, width := range summaryWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := p.f.SetColWidth(SheetSummary, col, col, width); err != nil {
			return err
		}
	}
	if err := w.line(styleKey{title: true}, docTitle); err != nil {
		return err
	}
	// A 16-point title needs a taller row, or it prints over the next one.
	if err := p.f.SetRowHeight(SheetSummary, w.row, 26); err != nil {
		return err
	}
	if err := w.put("As of", p.m.AsOf); err != nil {
		return err
	}
	if err := w.put("Audit period", p.m.PeriodStart.Format(dateLayout)+" to "+p.m.PeriodEnd.AddDate(0, 0, -1).Format(dateLayout)); err != nil {
		return err
	}
	if err := p.summaryActions(w); err != nil {
		return err
	}
	if err := p.summaryReports(w); err != nil {
		return err
	}
	if err := p.summaryHolds(w); err != nil {
		return err
	}
	if err := p.summaryChanges(w); err != nil {
		return err
	}

	if err := w.section("Headline figures"); err != nil {
		return err
	}
	if h := p.m.Table("headline"); h != nil && len(h.Rows) > 0 {
		for i, c := range h.Columns {
			f := cmp.Or(c.Format, report.FormatFor(c.Name, c.Type))
			if err := w.pair(Label(c.Name), cellFormat{at(h.Rows[0], i), f}); err != nil {
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
		if err := w.section(by.title, by.header, "", "Initiatives"); err != nil {
			return err
		}
		for _, c := range countBy(st, by.col) {
			if err := w.put(c.key, nil, cellFormat{int64(c.n), report.Integer}); err != nil {
				return err
			}
		}
	}
	if err := p.summaryChart(w); err != nil {
		return err
	}
	if w.cuts > 0 {
		p.warnf("sheet %q: %d cell(s) cut to Excel's limit of %d characters", SheetSummary, w.cuts, maxCellChars)
	}
	return p.printSetup(SheetSummary, 0)
}

// summaryActions lists the flagged initiatives, escalated first, with who
// owns them, the reason in words and the money at stake (review_flags).
func (p *builder) summaryActions(w *page) error {
	if err := w.section("For the board to act on: escalated and flagged initiatives",
		"Initiative", "Name", "Owner", "Escalation", "Money at stake", "Reason"); err != nil {
		return err
	}
	g := p.flagsGrid()
	if len(g.rows) == 0 {
		return w.put("No initiative is flagged for review.")
	}
	col := func(r []any, name string) any { return at(r, g.col(name)) }
	for _, r := range g.rows {
		id := text(col(r, "initiative_id"))
		if err := w.put(id, col(r, "name"), col(r, "owner"), col(r, "escalation"),
			cellFormat{col(r, "impact"), report.Money}, col(r, "reason")); err != nil {
			return err
		}
		if err := w.link(1, w.row, id); err != nil {
			return err
		}
	}
	return nil
}

// summaryReports names, under the flags, what the status reports and the
// decommissioning promises add: watermelons (reported green, evidenced red),
// persistent reds and legacy still running past its retire-by date, each
// with owner, money at stake and what it is in words; then how many latest
// reports are stale or change the plan unexplained. Nothing when the
// catalog has none of these views.
func (p *builder) summaryReports(w *page) error {
	rs, dr := p.m.Table("report_status"), p.m.Table("dual_running")
	if rs == nil && dr == nil {
		return nil
	}
	if err := w.section("Status reports and decommissioning: what the owners' word and the ledger add",
		"Initiative", "Name", "Owner", "Finding", "Money at stake", "In words"); err != nil {
		return err
	}
	st, flags := byID(p.m.Table("initiative_status")), byID(p.m.Table("review_flags"))
	latest := latestReports(p.m.Table("report_history"), rs)
	money := func(id string) any {
		if v := flags.get(id, "impact"); v != nil {
			return v
		}
		return st.get(id, "impact")
	}
	bad := func(s string) statusCell { return statusCell{label: s, class: report.Bad, rank: 1} }
	type finding struct {
		id     string
		what   statusCell
		amount any
		words  string
	}
	var found []finding
	row := func(id string, what statusCell, amount any, words string) error {
		found = append(found, finding{id, what, amount, words})
		return nil
	}
	r := byID(rs)
	rating := func(id string) string {
		s := text(r.get(id, "rating"))
		if w, ok := report.Status(report.KindRating, s); ok {
			return w.Label
		}
		return s
	}
	var stale, unexplained []string
	for _, id := range r.ids {
		yes := func(c string) bool { b, _ := r.get(id, c).(bool); return b }
		on := report.DateF.Display(r.get(id, "reported_on"))
		if yes("watermelon") {
			if err := row(id, bad("Watermelon"), money(id), "Latest report ("+on+") rated "+rating(id)+
				" while the evidence is red: outcome regressing or overdue, delivery diverging, or over budget"); err != nil {
				return err
			}
		}
		if yes("persistent_red") {
			words := "Rated " + rating(id) + " on " + on
			if n := latest.get(id, "consecutive_red"); n != nil {
				words = "Rated red or amber/red in " + report.Integer.Display(n) + " reports running, latest " + rating(id) + " on " + on
			}
			if k, ok := number(r.get(id, "times_rebaselined")); ok && k > 0 {
				words += "; re-baselined " + report.Integer.Display(r.get(id, "times_rebaselined")) + " time(s)"
				if v := r.get(id, "cumulative_slip_days"); v != nil {
					words += ", " + report.Integer.Display(v) + " days' slip"
				}
				if v := r.get(id, "cumulative_cost_change_pct"); v != nil {
					words += ", cost " + report.Percent.Display(v) + " since the first report"
				}
			}
			if err := row(id, bad("Persistent red"), money(id), words); err != nil {
				return err
			}
		}
		if yes("stale") {
			stale = append(stale, id)
		}
		if yes("unexplained_change") {
			unexplained = append(unexplained, id)
		}
	}
	d := byID(dr)
	for _, id := range d.ids {
		months, _ := number(d.get(id, "months_overdue"))
		cost, _ := number(d.get(id, "legacy_spend_after_retire_by"))
		if months <= 0 && cost <= 0 {
			continue
		}
		words := "Legacy not decommissioned: " + report.Integer.Display(d.get(id, "months_overdue")) + " month(s) past its retire-by date " +
			report.DateF.Display(d.get(id, "retire_by")) + "; still running at " + report.Number.Display(d.get(id, "legacy_monthly_run_rate")) + " a month"
		if err := row(id, bad("Dual running"), d.get(id, "legacy_spend_after_retire_by"), words); err != nil {
			return err
		}
	}
	// Money at stake first, as the flags above.
	slices.SortStableFunc(found, func(a, b finding) int {
		x, _ := number(a.amount)
		y, _ := number(b.amount)
		return cmp.Compare(y, x)
	})
	for _, f := range found {
		if err := w.put(f.id, st.get(f.id, "name"), st.get(f.id, "owner"), f.what, cellFormat{f.amount, report.Money}, f.words); err != nil {
			return err
		}
		if err := w.link(1, w.row, f.id); err != nil {
			return err
		}
	}
	if len(found) == 0 {
		if err := w.put("No watermelon, no persistent red and no legacy system running past its retire-by date."); err != nil {
			return err
		}
	}
	for _, l := range []struct {
		ids         []string
		label, what string
	}{
		{stale, "Stale reports", "latest report older than report_stale_days"},
		{unexplained, "Unexplained changes", "latest report re-baselined or moved the cost past explain_threshold_pct with no narrative"},
	} {
		if len(l.ids) == 0 {
			continue
		}
		if err := w.put(nil, nil, nil, statusCell{label: l.label, class: report.Warn, rank: 2},
			cellFormat{int64(len(l.ids)), report.Integer}, strings.Join(l.ids, ", ")+" ("+l.what+")"); err != nil {
			return err
		}
	}
	return nil
}

// summaryHolds lists the initiatives whose funding is on hold.
func (p *builder) summaryHolds(w *page) error {
	if err := w.section("Funding holds: no balance-sheet link, spending this period",
		"Initiative", "Name", "Owner", "Spend this period", "Spend to date", "Recommended action"); err != nil {
		return err
	}
	g := p.noLinkGrid()
	col := func(r []any, name string) any { return at(r, g.col(name)) }
	n := 0
	for _, r := range g.rows {
		if hold, _ := col(r, "funding_hold").(bool); !hold {
			continue
		}
		n++
		id := text(col(r, "initiative_id"))
		if err := w.put(id, col(r, "name"), col(r, "owner"), cellFormat{col(r, "spend_this_period"), report.Money},
			cellFormat{col(r, "spend_to_date"), report.Money}, col(r, "recommended_action")); err != nil {
			return err
		}
		if err := w.link(1, w.row, id); err != nil {
			return err
		}
	}
	if n == 0 {
		return w.put("No funding is on hold.")
	}
	return nil
}

// summaryChanges lists the first changes since the last audit.
func (p *builder) summaryChanges(w *page) error {
	if err := w.section("What changed since the last audit", "Initiative", "Name", "Field", "Before", "After", "Change"); err != nil {
		return err
	}
	g := p.changesGrid()
	if len(g.rows) == 0 {
		return w.put("No changes since the last audit.")
	}
	col := func(r []any, name string) any { return at(r, g.col(name)) }
	for _, r := range g.rows[:min(len(g.rows), changesShown)] {
		id := text(col(r, "initiative_id"))
		if err := w.put(id, col(r, "name"), col(r, "field"), col(r, "before"), col(r, "after"), col(r, "change")); err != nil {
			return err
		}
		if err := w.link(1, w.row, id); err != nil {
			return err
		}
	}
	if more := len(g.rows) - changesShown; more > 0 {
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
	if err := w.section("Spend to date by outcome", "Outcome", "", "Spend"); err != nil {
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
		if err := w.put(status(t.Name, "outcome", "", k), nil, cellFormat{sum[k], report.Money}); err != nil {
			return err
		}
	}
	s := quoteSheet(SheetSummary)
	dark := excelize.Font{Family: font, Color: "000000", Size: 9}
	return p.f.AddChart(SheetSummary, fmt.Sprintf("D%d", first-1), &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       s + fmt.Sprintf("!$C$%d", first-1),
			Categories: fmt.Sprintf("%s!$A$%d:$A$%d", s, first, w.row),
			Values:     fmt.Sprintf("%s!$C$%d:$C$%d", s, first, w.row),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"5B9BD5"}},
			DataLabel:  excelize.ChartDataLabel{Font: dark},
		}},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Spend to date by outcome", Font: &excelize.Font{Family: font, Color: "000000", Size: 11, Bold: true}}}},
		Legend:     excelize.ChartLegend{Position: "none"},
		VaryColors: ptr(false),
		Dimension:  excelize.ChartDimension{Width: 620, Height: 300},
		XAxis:      excelize.ChartAxis{ReverseOrder: true, Font: dark},
		YAxis:      excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: dark},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}},
		Format:     excelize.GraphicOptions{OffsetX: 10},
	})
}
