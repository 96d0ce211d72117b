package xlsx

import (
	"slices"
	"strconv"
	"strings"

	"github.com/throughline/throughline/internal/report"
)

// Definitions say in a line how each figure in the pack is defined, with the
// run's parameters filled in; docs/rules.md has the long form.
func Definitions(params map[string]string) [][2]string {
	// The run's values; the defaults live only in the config package.
	p := func(name, _ string) string {
		if v, ok := params[name]; ok {
			return v
		}
		return "(" + name + ", not set in this run)"
	}
	money := func(name, _ string) string {
		v, err := strconv.ParseFloat(p(name, ""), 64)
		if err != nil {
			return p(name, "")
		}
		return report.Money.Display(v)
	}
	return [][2]string{
		{"Spend to date", "All spend posted on or before the as-of date, in the reporting currency; republished duplicates counted once, undated lines apart (both on Data quality)."},
		{"Spend this period", "Spend posted in the current audit period (" + p("cadence_days", "") + " days), up to the as-of date."},
		{"Mapped share of spend", "Share of spend to date whose project code maps to an initiative; the rest is listed on Data quality."},
		{"Balance-sheet share of spend", "Share of spend to date on initiatives linked to a financial KPI (a P&L or balance-sheet line item)."},
		{"Balance-sheet share of mapped", "The same spend as a share of mapped spend only: the two shares differ by what is unmapped."},
		{"No balance-sheet link", "No valid link to a financial KPI, while active or on hold or spending in the last " + p("recent_spend_days", "") + " days."},
		{"Funding hold", "No balance-sheet link and spend in the current audit period: hold further funding until it is mapped."},
		{"Outcome", "The worst status of the initiative's valid KPI links: regressing, overdue, no data, behind, on track, achieved; unlinked when it has none."},
		{"Progress", "How far the latest KPI value has moved from baseline to target (1 = target reached)."},
		{"Elapsed", "Share of the link's window, from its start to its due date, gone by at the as-of date."},
		{"Divergence", "Delivery velocity at or above " + p("velocity_healthy", "") + " of plan while the outcome is regressing, overdue or behind."},
		{"Cost variance %", "Planned minus forecast milestone cost, as a percent of planned cost (US IT Dashboard); negative is over cost."},
		{"Schedule variance %", "Planned minus actual or forecast milestone end, in days, as a percent of planned duration; negative is late."},
		{"Variance band", "On the larger of the two variances in absolute value: under 10% green, under 30% yellow, else red."},
		{"Review flag", "Outcome regressing or overdue, or divergence, or actual cost over the approved budget."},
		{"Impact", "Actual cost of a flagged initiative (0 when not flagged); flags are sorted by it."},
		{"Escalation", "Executive at an impact of " + money("escalation_executive", "") + " or more, CIO at " + money("escalation_cio", "") + " or more, PMO for any other flag."},
	}
}

// about writes the last sheet: definitions, sources, inputs and run facts.
func (p *builder) about() error {
	if _, err := p.f.NewSheet(SheetAbout); err != nil {
		return err
	}
	w := &page{p: p, sheet: SheetAbout, widths: []float64{32, 70, 70}}
	for col, width := range map[string]float64{"A": 32, "B": 70, "C": 70} {
		if err := p.f.SetColWidth(SheetAbout, col, col, width); err != nil {
			return err
		}
	}
	if err := w.line(styleKey{title: true}, "About this pack"); err != nil {
		return err
	}
	if err := p.f.SetRowHeight(SheetAbout, w.row, 26); err != nil {
		return err
	}
	if err := w.line(styleKey{}, "As of", p.m.AsOf); err != nil {
		return err
	}
	if err := w.line(styleKey{}, "Audit period starts", p.m.PeriodStart); err != nil {
		return err
	}
	if err := w.line(styleKey{}, "Audit period ends (exclusive)", p.m.PeriodEnd); err != nil {
		return err
	}
	if err := w.line(styleKey{}, "Tool version", "throughline "+p.m.Version); err != nil {
		return err
	}
	if p.m.SiteURL != "" {
		if err := w.line(styleKey{link: true}, "Governance site", p.m.SiteURL); err != nil {
			return err
		}
		if err := p.f.SetCellHyperLink(SheetAbout, cellName(2, w.row), p.m.SiteURL, "External"); err != nil {
			return err
		}
	}

	if err := w.section("How the figures are defined", "Figure", "Definition"); err != nil {
		return err
	}
	for _, d := range Definitions(p.m.Params) {
		if err := w.put(d[0], d[1]); err != nil {
			return err
		}
	}

	if err := w.section("Where each sheet comes from", "Sheet or query", "Title", "Description"); err != nil {
		return err
	}
	for _, q := range p.m.Queries {
		if q.Hidden && q.Sheet == "" && q.Kind != "check" {
			continue
		}
		if err := w.put(q.Name, q.Title, q.Description); err != nil {
			return err
		}
	}

	if len(p.m.Replaced) > 0 {
		// A pack built on modified rules says so, next to where each sheet
		// comes from.
		if err := w.section("Default views replaced by analyst files", "View", "File", "SHA-256"); err != nil {
			return err
		}
		for _, rv := range p.m.Replaced {
			if err := w.line(styleKey{}, rv.View, rv.File+" (replaces "+rv.Replaces+")", rv.SHA256); err != nil {
				return err
			}
		}
	}

	if err := w.section("Input files", "File", "Rows", "SHA-256"); err != nil {
		return err
	}
	for _, in := range p.m.Inputs {
		// A raw file an adapter read has no row count of its own (its rows
		// are the adapter's): an empty cell, never a 0 that reads as empty.
		var rows any = cellFormat{in.Rows, report.Integer}
		if len(in.ReadBy) > 0 {
			rows = "read by " + strings.Join(in.ReadBy, ", ")
		}
		if err := w.line(styleKey{}, in.File, rows, in.SHA256); err != nil {
			return err
		}
	}

	if len(p.m.Params) > 0 {
		if err := w.section("Governance parameters", "Parameter", "Value"); err != nil {
			return err
		}
		keys := make([]string, 0, len(p.m.Params))
		for k := range p.m.Params {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if err := w.line(styleKey{}, k, p.m.Params[k]); err != nil {
				return err
			}
		}
	}
	if len(p.m.Warnings) > 0 {
		// In full, in the wide column, each row as tall as its text.
		if err := w.section("Run warnings", "#", "Warning"); err != nil {
			return err
		}
		for i, s := range p.m.Warnings {
			if err := w.put(cellFormat{int64(i + 1), report.Integer}, s); err != nil {
				return err
			}
		}
	}
	if w.cuts > 0 {
		p.warnf("sheet %q: %d cell(s) cut to Excel's limit of %d characters", SheetAbout, w.cuts, maxCellChars)
	}
	return p.printSetup(SheetAbout, 0)
}

func cellName(col, row int) string {
	s, _ := excelizeCell(col, row)
	return s
}
