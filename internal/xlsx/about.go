package xlsx

import (
	"slices"

	"github.com/throughline/throughline/internal/report"
)

// definitions say in a line how each figure in the pack is defined.
var definitions = [][2]string{
	{"Spend to date", "All posted spend up to the as-of date, in the reporting currency."},
	{"Spend this period", "Spend posted in the current audit period, up to the as-of date."},
	{"Mapped spend share", "Share of spend whose project code maps to an initiative."},
	{"Balance-sheet spend share", "Share of spend on initiatives linked to a balance-sheet KPI."},
	{"No balance-sheet link", "The initiative has no valid link to a KPI reported on the balance sheet."},
	{"Funding hold", "The funding gate recommends holding further funding until the gap is closed."},
	{"Outcome", "The initiative's worst KPI status: achieved, on track, behind, regressing, overdue or no data."},
	{"Progress", "Share of the way from baseline to target that the latest KPI value has come."},
	{"Elapsed", "Share of the link's window (start to due date) gone by at the as-of date."},
	{"Divergence", "Delivery looks healthy (velocity) while the outcome lags behind."},
	{"Cost variance %", "Actual cost against approved budget, in percent; positive is over budget."},
	{"Schedule variance %", "Forecast slip of milestones against plan, in percent."},
	{"Variance band", "Green, amber or red by the size of the cost and schedule variances."},
	{"Impact", "Money at stake behind a review flag; flags are sorted by it."},
	{"Escalation", "Who should see the flag: CIO or executive, by the size of the impact."},
}

// about writes the last sheet: definitions, sources, inputs and run facts.
func (p *builder) about() error {
	if _, err := p.f.NewSheet(SheetAbout); err != nil {
		return err
	}
	w := &page{p: p, sheet: SheetAbout}
	for col, width := range map[string]float64{"A": 32, "B": 70, "C": 70} {
		if err := p.f.SetColWidth(SheetAbout, col, col, width); err != nil {
			return err
		}
	}
	wrap := styleKey{wrap: true}
	if err := w.line(styleKey{title: true}, "About this pack"); err != nil {
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
	for _, d := range definitions {
		if err := w.line(wrap, d[0], d[1]); err != nil {
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
		if err := w.line(wrap, q.Name, q.Title, q.Description); err != nil {
			return err
		}
	}

	if err := w.section("Input files", "File", "Rows", "SHA-256"); err != nil {
		return err
	}
	for _, in := range p.m.Inputs {
		if err := w.line(styleKey{}, in.File, cellFormat{in.Rows, report.Integer}, in.SHA256); err != nil {
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
		if err := w.section("Run warnings"); err != nil {
			return err
		}
		for _, s := range p.m.Warnings {
			if err := w.line(wrap, s); err != nil {
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
