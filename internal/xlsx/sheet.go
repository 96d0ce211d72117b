package xlsx

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/throughline/throughline/internal/report"
	"github.com/xuri/excelize/v2"
)

// styleKey identifies a cell style: number format plus a few flags.
type styleKey struct {
	numFmt string
	wrap   bool
	link   bool
	bold   bool
	header bool
	title  bool
	top    bool         // align to the top (wrapped rows)
	fill   report.Class // a status word's fill, "" for none
	right  bool         // right-aligned (figures in free-form sheets)
	left   bool         // left-aligned (a date read as a fact beside its label)
}

// fills are the status classes' cell fill and font colours; the word stays
// in the cell, so the pack reads in black and white too.
var fills = map[report.Class][2]string{
	report.Bad:   {"FFC7CE", "9C0006"},
	report.Warn:  {"FFEB9C", "7A4D00"},
	report.Good:  {"C6EFCE", "006100"},
	report.Muted: {"E7E6E6", "3A3A3A"},
}

func (p *builder) style(k styleKey) (int, error) {
	if id, ok := p.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: k.wrap, Indent: 0}}
	if k.right {
		// Indented from the right edge, so a figure never touches the
		// text of the next column.
		s.Alignment.Horizontal, s.Alignment.Indent = "right", 1
	}
	if k.left {
		s.Alignment.Horizontal = "left"
	}
	if k.numFmt != "" {
		nf := k.numFmt
		s.CustomNumFmt = &nf
	}
	switch {
	case k.header:
		s.Font = &excelize.Font{Family: font, Bold: true, Color: "FFFFFF"}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{headerFill}}
		s.Alignment = &excelize.Alignment{Vertical: "center", WrapText: true}
		s.Border = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	case k.title:
		s.Font = &excelize.Font{Family: font, Bold: true, Size: 16, Color: headerFill}
	case k.link:
		s.Font = &excelize.Font{Family: font, Color: "0563C1", Underline: "single"}
	case k.bold:
		s.Font = &excelize.Font{Family: font, Bold: true, Size: 12}
		s.Border = []excelize.Border{{Type: "bottom", Color: headerFill, Style: 1}}
	}
	if c, ok := fills[k.fill]; ok {
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c[0]}}
		s.Font = &excelize.Font{Family: font, Color: c[1], Bold: k.fill == report.Bad}
	}
	id, err := p.f.NewStyle(s)
	if err != nil {
		return 0, err
	}
	p.styles[k] = id
	return id, nil
}

// width estimates the column width a value needs, in characters.
func width(v any, f report.Format) float64 {
	var s string
	switch x := v.(type) {
	case cellFormat:
		s = x.f.Display(x.v)
	case statusCell:
		s = x.label
	case string:
		// Wrapped text needs only its longest line.
		for line := range strings.SplitSeq(x, "\n") {
			if utf8.RuneCountInString(line) > utf8.RuneCountInString(s) {
				s = line
			}
		}
	default:
		s = f.Display(v)
	}
	return float64(utf8.RuneCountInString(s))
}

// widths fits each column to its header and values, within bounds.
func widths(g grid) []float64 {
	w := make([]float64, len(g.cols))
	for i, c := range g.cols {
		longest := 0
		for word := range strings.FieldsSeq(c.label) {
			longest = max(longest, utf8.RuneCountInString(word))
		}
		w[i] = max(float64(longest), min(float64(utf8.RuneCountInString(c.label)), 18))
	}
	for _, r := range g.rows {
		for i, v := range r {
			if v == nil {
				continue
			}
			w[i] = max(w[i], width(v, g.cols[i].format))
		}
	}
	for i := range w {
		w[i] = min(max(w[i]+2, minColWidth), maxColWidth)
	}
	return w
}

// dataSheet writes g as a filterable, printable table on a new sheet,
// streamed so that large results stay cheap.
func (p *builder) dataSheet(name string, g grid) error {
	if name != SheetSummary {
		if _, err := p.f.NewSheet(name); err != nil {
			return err
		}
	}
	if len(g.rows) > maxDataRows {
		p.warnf("sheet %q: %d rows cut to Excel's limit of %d", name, len(g.rows), maxDataRows)
		g.rows = g.rows[:maxDataRows]
	}
	// Sheet properties are written when the stream starts: set them first.
	fit := true
	if err := p.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	sw, err := p.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	w := widths(g)
	for i := range w {
		if err := sw.SetColWidth(i+1, i+1, w[i]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	lastCol, _ := excelize.ColumnNumberToName(len(g.cols))
	lastRow := len(g.rows) + 1
	if len(g.rows) == 0 {
		lastRow = 2 // a table needs a body row
	}
	// Header labels must be unique and non-empty for the table.
	hs, err := p.style(styleKey{header: true})
	if err != nil {
		return err
	}
	header := make([]any, len(g.cols))
	seen := map[string]bool{}
	for i, c := range g.cols {
		l := c.label
		for n := 2; seen[strings.ToLower(l)]; n++ {
			l = fmt.Sprintf("%s %d", c.label, n)
		}
		seen[strings.ToLower(l)] = true
		header[i] = excelize.Cell{StyleID: hs, Value: l}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}

	colStyle := make([]int, len(g.cols))
	linkStyle := make([]int, len(g.cols))
	for i, c := range g.cols {
		k := styleKey{numFmt: c.format.ExcelNumFmt(), wrap: c.typ == report.Text && w[i] >= maxColWidth}
		if colStyle[i], err = p.style(k); err != nil {
			return err
		}
		k.link = true
		if linkStyle[i], err = p.style(k); err != nil {
			return err
		}
	}
	idCol := g.col("initiative_id")
	links, cuts, firstCut := 0, 0, ""
	for r, row := range g.rows {
		cells := make([]any, len(row))
		for i, v := range row {
			val, wasCut := value(v)
			if wasCut {
				cuts++
				if firstCut == "" {
					firstCut, _ = excelize.CoordinatesToCellName(i+1, r+2)
				}
			}
			st := colStyle[i]
			if sc, ok := v.(statusCell); ok {
				if st, err = p.style(styleKey{fill: sc.class}); err != nil {
					return err
				}
			}
			if cf, ok := v.(cellFormat); ok {
				k := styleKey{numFmt: cf.f.ExcelNumFmt()}
				if st, err = p.style(k); err != nil {
					return err
				}
			}
			if i == idCol && p.m.SiteURL != "" {
				if id := text(v); id != "" {
					url := p.m.SiteURL + report.InitiativePath(id)
					cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
					switch {
					case len(url) > maxURL:
						p.warnf("sheet %q: no link for initiative %.40q: its address is longer than Excel allows", name, id)
					case links >= maxLinks:
						p.warnf("sheet %q: only the first %d initiative ids link to the site", name, maxLinks)
					default:
						tip := "Open " + id + " on the governance site"
						if err := p.f.SetCellHyperLink(name, cell, url, "External", excelize.HyperlinkOpts{Tooltip: &tip}); err != nil {
							return err
						}
						links++
						st = linkStyle[i]
					}
				}
			}
			cells[i] = excelize.Cell{StyleID: st, Value: val}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		if err := sw.SetRow(cell, cells, rowHeight(row, w)); err != nil {
			return err
		}
	}
	if cuts > 0 {
		p.warnf("sheet %q: %d cell(s) cut to Excel's limit of %d characters (first: %s)", name, cuts, maxCellChars, firstCut)
	}
	rows := true
	if err := sw.AddTable(&excelize.Table{Range: fmt.Sprintf("A1:%s%d", lastCol, lastRow), Name: p.tableName(name),
		StyleName: tableStyle, ShowRowStripes: &rows}); err != nil {
		return err
	}
	// Text that looks like a number (ids, codes) is text on purpose.
	if err := p.f.AddIgnoredErrors(name, fmt.Sprintf("A1:%s%d", lastCol, lastRow), excelize.IgnoredErrorsNumberStoredAsText); err != nil {
		return err
	}
	if err := p.printSetup(name, 0); err != nil {
		return err
	}
	if err := p.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: quoteSheet(name) + "!$1:$1", Scope: name}); err != nil {
		return err
	}
	return sw.Flush()
}

// printSetup makes a sheet print landscape on A4, fitted to the page width
// (and to tall pages when tall > 0), with the sheet name and as-of date in
// the header and page numbers in the footer.
func (p *builder) printSetup(sheet string, tall int) error {
	fit := true
	if err := p.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	land, size, one := "landscape", paperA4, 1
	if err := p.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &land, Size: &size, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	if err := p.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: ptr(0.4), Right: ptr(0.4), Top: ptr(0.6), Bottom: ptr(0.6), Header: ptr(0.25), Footer: ptr(0.25),
	}); err != nil {
		return err
	}
	amp := func(s string) string { return strings.ReplaceAll(s, "&", "&&") }
	version := p.m.Version
	if len(version) > 40 {
		version = version[:40]
	}
	return p.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L&B&A&B&R" + docTitle + ", as of " + p.m.AsOf.Format(dateLayout),
		OddFooter: "&Lthroughline " + amp(version) + "&RPage &P of &N",
	})
}

func ptr[T any](v T) *T { return &v }

func excelizeCell(col, row int) (string, error) { return excelize.CoordinatesToCellName(col, row) }

// rowHeight gives a row with wrapped text the height of its longest cell.
// Spreadsheet applications do not all re-measure rows of a file they open
// (LibreOffice does not), so without it wrapped lines print over the next row.
func rowHeight(row []any, widths []float64) excelize.RowOpts {
	lines := 1
	for i, v := range row {
		s, ok := v.(string)
		if !ok || i >= len(widths) || widths[i] < maxColWidth {
			continue
		}
		per := int(widths[i]) - 2
		if per < 10 {
			per = 10
		}
		n := 0
		for _, para := range strings.Split(s, "\n") {
			n += (utf8.RuneCountInString(para) + per - 1) / per
			if para == "" {
				n++
			}
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return excelize.RowOpts{}
	}
	return excelize.RowOpts{Height: 15 * float64(min(lines, 27))}
}
