package site

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/throughline/throughline/internal/report"
)

// Bounds that keep every chart small whatever the size of the portfolio:
// beyond them data is aggregated (top N + "other", or contiguous buckets).
const (
	maxCategories = 40  // points along a bar, line or area chart's x axis, slices of a pie
	maxSeries     = 8   // series in one chart
	maxScatter    = 300 // points in a scatter chart
)

// chartView is a chart ready for the page template: go-echarts builds the
// option; the template writes it as JSON in a JS context (escaping "<").
type chartView struct {
	ID      string
	Title   string
	Label   string         // accessible name of the chart
	Payload map[string]any // {"option": ..., "links": [][]string, "ids": [][]string}
	Note    string         // what was aggregated or left out, in words
	Alt     *tableView     // the chart's data as a table
	Kind    string         // data-kind attribute, e.g. "divergence"
	Marked  string         // the marked quadrant, for the divergence chart
}

// echartsChart is what every go-echarts chart type offers.
type echartsChart interface {
	Validate()
	JSON() map[string]interface{}
}

func initOpts(id, root string) charts.GlobalOpts {
	return charts.WithInitializationOpts(opts.Initialization{
		ChartID:    id,
		AssetsHost: root + "assets/",
		Theme:      "white",
		Width:      "100%",
		Height:     "360px",
	})
}

func aria() charts.GlobalOpts {
	return charts.WithAriaOpts(&opts.Aria{
		Enabled: opts.Bool(true),
		Decal:   &opts.AriaDecal{Show: opts.Bool(true)},
	})
}

// option returns the ECharts option of c.
func option(c echartsChart) map[string]any {
	c.Validate()
	return c.JSON()
}

// series is one named line of values along the categories; nil is a gap.
// A level (a running total, a budget, a KPI value) keeps its last value when
// categories are grouped; a flow (an amount, points) is summed.
type series struct {
	Name   string
	Values []*float64
	Level  bool
}

// pivoted is a table reshaped for a category chart.
type pivoted struct {
	XLabel  string
	YFormat report.Format
	Cats    []string
	Series  []series
	Notes   []string
	// Bucket is how many categories each shown one groups (1: none).
	Bucket int
	// Current is the index of the category holding the current, incomplete
	// audit period, -1 if none.
	Current int
	periods bool     // categories are audit period starts (x = period_start)
	starts  []string // each category's first original category
}

// isLevel says whether a y column holds a level rather than a flow.
func isLevel(name string, f report.Format) bool {
	n := strings.ToLower(name)
	switch {
	case strings.HasPrefix(n, "cumulative"), strings.HasSuffix(n, "budget"), strings.Contains(n, "balance"),
		n == "value" || n == "latest_value" || n == "baseline" || n == "target":
		return true
	}
	return f == report.Ratio || f == report.Percent
}

// seriesName is how people read a series named by a status word.
func seriesName(t *report.Table, col int, v any) string {
	if v == nil {
		return "(none)"
	}
	s, _ := report.Label(t.Name, t.Columns[col].Name, "", t.Columns[col], v)
	return s
}

func num(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0, false
		}
		return x, true
	case report.Dec:
		return x.Float64(), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

func fptr(f float64) *float64 { return &f }

func addTo(p **float64, f float64) {
	if *p == nil {
		*p = fptr(f)
		return
	}
	**p += f
}

// pivot reshapes t for a bar, line, area or pie chart. current is the first
// day of the current audit period ("" if unknown): with x = period_start, its
// category is marked as incomplete.
func pivot(t *report.Table, typ string, xi int, yis []int, si int, limit int, current string) pivoted {
	rows := t.Rows
	p := pivoted{Bucket: 1, Current: -1, periods: t.Columns[xi].Name == "period_start" && t.Columns[xi].Type == report.Date}
	if limit > 0 && len(rows) > limit {
		p.Notes = append(p.Notes, fmt.Sprintf("First %d of %d rows.", limit, len(rows)))
		rows = rows[:limit]
	}
	xc := t.Columns[xi]
	p.XLabel = label(xc.Name)
	p.YFormat = t.Columns[yis[0]].Format
	catIndex := map[string]int{}
	serIndex := map[string]int{}
	var values [][]*float64 // [series][cat]
	cat := func(v any) int {
		s := xc.Format.Display(v)
		if v == nil {
			s = "(none)"
		}
		if i, ok := catIndex[s]; ok {
			return i
		}
		catIndex[s] = len(p.Cats)
		p.Cats = append(p.Cats, s)
		for i := range values {
			values[i] = append(values[i], nil)
		}
		return len(p.Cats) - 1
	}
	ser := func(name string) int {
		if i, ok := serIndex[name]; ok {
			return i
		}
		serIndex[name] = len(p.Series)
		p.Series = append(p.Series, series{Name: name})
		values = append(values, make([]*float64, len(p.Cats)))
		return len(p.Series) - 1
	}
	if si < 0 {
		for _, yi := range yis {
			ser(label(t.Columns[yi].Name))
		}
	}
	for _, r := range rows {
		c := cat(r[xi])
		if si >= 0 {
			s := ser(seriesName(t, si, r[si]))
			if f, ok := num(r[yis[0]]); ok {
				addTo(&values[s][c], f)
			}
			continue
		}
		for k, yi := range yis {
			if f, ok := num(r[yi]); ok {
				addTo(&values[k][c], f)
			}
		}
	}
	for i := range p.Series {
		p.Series[i].Values = values[i]
		yc := t.Columns[yis[0]]
		if si < 0 {
			yc = t.Columns[yis[i]]
		}
		p.Series[i].Level = isLevel(yc.Name, yc.Format)
	}
	p.starts = append([]string(nil), p.Cats...)
	if len(p.Series) > maxSeries {
		p.Series = topSeries(p.Series, maxSeries)
		p.Notes = append(p.Notes, fmt.Sprintf("The %d largest series are shown; the rest are summed as \"other\".", maxSeries-1))
	}
	if len(p.Cats) > maxCategories {
		n := len(p.Cats)
		ordered := xc.Type == report.Date || xc.Type == report.Int || xc.Type == report.Float || xc.Type == report.Decimal
		if ordered && typ != "pie" {
			p.bucket()
			if p.periods {
				p.Notes = append(p.Notes, fmt.Sprintf("%d audit periods are grouped %d to a point (%d points); amounts are summed over each group, running totals and levels show the group's last value.", n, p.Bucket, len(p.Cats)))
			} else {
				p.Notes = append(p.Notes, fmt.Sprintf("%d %s values are grouped into %d ranges.", n, p.XLabel, len(p.Cats)))
			}
		} else {
			p.topCategories()
			p.Notes = append(p.Notes, fmt.Sprintf("The %d largest of %d %s values are shown; the rest are summed as \"other\".", maxCategories-1, n, p.XLabel))
		}
	}
	if p.periods && current != "" {
		for i := range p.Cats {
			end := "9999-12-31"
			if i+1 < len(p.starts) {
				end = p.starts[i+1]
			}
			if p.starts[i] <= current && current < end && (p.Bucket > 1 || p.Cats[i] == current) {
				p.Current = i
			}
		}
		if p.Current >= 0 {
			if p.Bucket > 1 {
				p.Notes = append(p.Notes, "The point "+p.Cats[p.Current]+" holds the current audit period (from "+current+"), which is incomplete: its figures run to the as-of date.")
			} else {
				p.Notes = append(p.Notes, "The period "+current+" is the current audit period, which is incomplete: its figures run to the as-of date.")
			}
		}
	}
	return p
}

func total(vs []*float64) float64 {
	var t float64
	for _, v := range vs {
		if v != nil {
			t += math.Abs(*v)
		}
	}
	return t
}

// topSeries keeps the n-1 largest series (by absolute total) in their
// original order and sums the rest into "other".
func topSeries(ss []series, n int) []series {
	idx := make([]int, len(ss))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return total(ss[idx[a]].Values) > total(ss[idx[b]].Values) })
	keep := map[int]bool{}
	for _, i := range idx[:n-1] {
		keep[i] = true
	}
	other := series{Name: "other", Values: make([]*float64, len(ss[0].Values))}
	var out []series
	for i, s := range ss {
		if keep[i] {
			out = append(out, s)
			continue
		}
		for c, v := range s.Values {
			if v != nil {
				addTo(&other.Values[c], *v)
			}
		}
	}
	return append(out, other)
}

// topCategories keeps the largest categories and sums the rest into "other".
func (p *pivoted) topCategories() {
	n := len(p.Cats)
	totals := make([]float64, n)
	for _, s := range p.Series {
		for c, v := range s.Values {
			if v != nil {
				totals[c] += math.Abs(*v)
			}
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return totals[idx[a]] > totals[idx[b]] })
	keep := make([]bool, n)
	for _, i := range idx[:maxCategories-1] {
		keep[i] = true
	}
	var cats []string
	for c := 0; c < n; c++ {
		if keep[c] {
			cats = append(cats, p.Cats[c])
		}
	}
	p.Cats = append(cats, "other")
	for si := range p.Series {
		var vs []*float64
		var other *float64
		for c, v := range p.Series[si].Values {
			switch {
			case keep[c]:
				vs = append(vs, v)
			case v != nil:
				addTo(&other, *v)
			}
		}
		p.Series[si].Values = append(vs, other)
	}
}

// bucket groups an ordered axis into contiguous ranges: flows are summed,
// levels keep the last value of each range. A range of audit periods is
// labelled from its first day to its last (the day before the next range, or
// the last period's start plus a period).
func (p *pivoted) bucket() {
	n := len(p.Cats)
	size := (n + maxCategories - 1) / maxCategories
	p.Bucket = size
	step := time.Duration(0)
	if p.periods {
		for i := 1; i < n; i++ {
			a, errA := time.Parse("2006-01-02", p.Cats[i-1])
			b, errB := time.Parse("2006-01-02", p.Cats[i])
			if errA == nil && errB == nil && b.After(a) && (step == 0 || b.Sub(a) < step) {
				step = b.Sub(a)
			}
		}
	}
	var cats, starts []string
	for start := 0; start < n; start += size {
		end := min(start+size, n) - 1
		last := p.Cats[end]
		if step > 0 {
			if t, err := time.Parse("2006-01-02", p.Cats[end]); err == nil {
				last = t.Add(step).AddDate(0, 0, -1).Format("2006-01-02")
			}
		}
		cats = append(cats, p.Cats[start]+" – "+last)
		starts = append(starts, p.Cats[start])
	}
	for si := range p.Series {
		var vs []*float64
		for start := 0; start < n; start += size {
			end := min(start+size, n)
			var acc *float64
			for _, v := range p.Series[si].Values[start:end] {
				if v == nil {
					continue
				}
				if p.Series[si].Level {
					acc = fptr(*v)
				} else {
					addTo(&acc, *v)
				}
			}
			vs = append(vs, acc)
		}
		p.Series[si].Values = vs
	}
	p.Cats, p.starts = cats, starts
}

// altTable is the chart's data as a table: the text alternative.
func (p pivoted) altTable(id string) *tableView {
	tv := &tableView{ID: id + "_table", Caption: "Chart data"}
	tv.Cols = append(tv.Cols, colView{Label: p.XLabel})
	for _, s := range p.Series {
		tv.Cols = append(tv.Cols, colView{Label: s.Name, Numeric: true})
	}
	for c, cat := range p.Cats {
		row := []cellView{{Text: cat}}
		for _, s := range p.Series {
			var cell cellView
			if v := s.Values[c]; v != nil {
				cell.Text = p.YFormat.Display(*v)
			}
			row = append(row, cell)
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv
}

func vals(vs []*float64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		if v == nil {
			out[i] = "-" // ECharts' empty value
		} else {
			out[i] = *v
		}
	}
	return out
}

// catChart builds a bar, line, area or pie chart from p.
func catChart(id, root, typ, title string, p pivoted, stack bool) map[string]any {
	common := []charts.GlobalOpts{
		initOpts(id, root), aria(),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(p.Series) > 1), Type: "scroll", Bottom: "0"}),
		charts.WithAnimation(false),
		// Axis labels count in the grid, so large amounts are not clipped
		// on a narrow screen.
		charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "8", Right: "24", Bottom: "60"}),
	}
	switch typ {
	case "pie":
		c := charts.NewPie()
		c.SetGlobalOptions(append(common,
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}))...)
		var data []opts.PieData
		if len(p.Series) > 0 {
			for i, cat := range p.Cats {
				if v := p.Series[0].Values[i]; v != nil {
					data = append(data, opts.PieData{Name: cat, Value: *v})
				}
			}
		}
		c.AddSeries(title, data, charts.WithLabelOpts(opts.Label{Show: opts.Bool(true), Formatter: "{b}: {d}%"}))
		return option(c)
	case "line", "area":
		c := charts.NewLine()
		c.SetGlobalOptions(append(common,
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: p.XLabel, NameLocation: "middle", NameGap: 28}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value"}))...)
		c.SetXAxis(p.Cats)
		for i, s := range p.Series {
			var data []opts.LineData
			for _, v := range vals(s.Values) {
				data = append(data, opts.LineData{Value: v})
			}
			so := []charts.SeriesOpts{colorSeries(s.Name)}
			if typ == "area" {
				so = append(so, charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.4)}))
				if stack {
					so = append(so, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Stack = "total" }))
				}
			}
			if i == 0 {
				so = append(so, markCurrent(p))
			}
			c.AddSeries(s.Name, data, so...)
		}
		return option(c)
	default:
		c := charts.NewBar()
		c.SetGlobalOptions(append(common,
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: p.XLabel, NameLocation: "middle", NameGap: 28}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value"}))...)
		c.SetXAxis(p.Cats)
		for i, s := range p.Series {
			var data []opts.BarData
			for _, v := range vals(s.Values) {
				data = append(data, opts.BarData{Value: v})
			}
			so := []charts.SeriesOpts{colorSeries(s.Name)}
			if stack {
				so = append(so, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Stack = "total" }))
			}
			if i == 0 {
				so = append(so, markCurrent(p))
			}
			c.AddSeries(s.Name, data, so...)
		}
		return option(c)
	}
}

// markCurrent shades the category of the current audit period, which is
// incomplete: its amounts are to the as-of date, not a whole period.
func markCurrent(p pivoted) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		if p.Current < 0 {
			return
		}
		cat := p.Cats[p.Current]
		s.MarkAreas = &opts.MarkAreas{
			Data: []interface{}{[]any{
				map[string]any{"xAxis": cat, "name": "current period (incomplete)"},
				map[string]any{"xAxis": cat},
			}},
			MarkAreaStyle: opts.MarkAreaStyle{
				ItemStyle: &opts.ItemStyle{Color: "rgba(90,90,90,0.12)"},
				Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTopRight", Color: "#333", FontSize: 11},
			},
		}
	}
}

// resolveChart checks spec against t and returns the column indexes.
func resolveChart(t *report.Table, spec report.Chart) (xi int, yis []int, si, zi int, err error) {
	xi, si, zi = -1, -1, -1
	if !contains(chartTypes, spec.Type) {
		return xi, nil, si, zi, fmt.Errorf("unknown chart type %q (valid: %s)", spec.Type, strings.Join(chartTypes, ", "))
	}
	col := func(role, name string) (int, error) {
		i := t.Col(name)
		if i < 0 {
			return -1, fmt.Errorf("chart %s=%s: no column %q in %s (columns: %s)", role, name, name, t.Name, columnNames(t))
		}
		return i, nil
	}
	if spec.X == "" || len(spec.Y) == 0 {
		return xi, nil, si, zi, fmt.Errorf("chart of %s needs x= and y= columns (columns: %s)", t.Name, columnNames(t))
	}
	if xi, err = col("x", spec.X); err != nil {
		return
	}
	for _, y := range spec.Y {
		var yi int
		if yi, err = col("y", y); err != nil {
			return
		}
		yis = append(yis, yi)
	}
	if spec.Series != "" {
		if si, err = col("series", spec.Series); err != nil {
			return
		}
	}
	if spec.Size != "" {
		if zi, err = col("size", spec.Size); err != nil {
			return
		}
	}
	return
}

func columnNames(t *report.Table) string {
	var names []string
	for _, c := range t.Columns {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

// buildChart renders a query's declared chart (or a report block's).
func (r *renderer) buildChart(id, root, title string, t *report.Table, spec report.Chart, limit int) (*chartView, error) {
	xi, yis, si, zi, err := resolveChart(t, spec)
	if err != nil {
		return nil, err
	}
	cv := &chartView{ID: id, Title: title, Label: title + " (" + spec.Type + " chart; the data is in the table that follows)"}
	if spec.Type == "scatter" {
		return scatterChart(cv, root, t, xi, yis[0], si, zi, limit), nil
	}
	p := pivot(t, spec.Type, xi, yis, si, limit, r.site.PeriodStart)
	if p.Bucket > 1 && p.periods {
		cv.Title = strings.Replace(title, "per audit period", fmt.Sprintf("per %d audit periods", p.Bucket), 1)
		cv.Label = cv.Title + " (" + spec.Type + " chart; the data is in the table that follows)"
	}
	cv.Payload = map[string]any{"option": catChart(id, root, spec.Type, cv.Title, p, si >= 0)}
	cv.Note = strings.Join(p.Notes, " ")
	cv.Alt = p.altTable(id)
	return cv, nil
}

// scatterChart plots y against x, one series per value of si, sized by zi.
func scatterChart(cv *chartView, root string, t *report.Table, xi, yi, si, zi, limit int) *chartView {
	type pt struct {
		row  int
		x, y float64
		size float64
	}
	rows := t.Rows
	if limit > 0 && len(rows) > limit {
		rows = rows[:limit]
	}
	labelCol := -1
	for i, c := range t.Columns {
		if c.Type == report.Text && i != si {
			labelCol = i
			break
		}
	}
	var pts []pt
	skipped := 0
	for i, r := range rows {
		x, okx := num(r[xi])
		y, oky := num(r[yi])
		if !okx || !oky {
			skipped++
			continue
		}
		p := pt{row: i, x: x, y: y}
		if zi >= 0 {
			p.size, _ = num(r[zi])
		}
		pts = append(pts, p)
	}
	var notes []string
	if skipped > 0 {
		notes = append(notes, fmt.Sprintf("%d rows without both values are not plotted.", skipped))
	}
	if len(pts) > maxScatter {
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].size > pts[b].size })
		notes = append(notes, fmt.Sprintf("The %d largest of %d points are plotted; the table lists all.", maxScatter, len(pts)))
		pts = pts[:maxScatter]
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].row < pts[b].row })
	}
	maxSize := 0.0
	for _, p := range pts {
		maxSize = math.Max(maxSize, math.Abs(p.size))
	}
	groups := map[string][]opts.ScatterData{}
	var order []string
	alt := &tableView{ID: cv.ID + "_table", Caption: "Chart data"}
	if labelCol >= 0 {
		alt.Cols = append(alt.Cols, colView{Label: label(t.Columns[labelCol].Name)})
	}
	alt.Cols = append(alt.Cols, colView{Label: label(t.Columns[xi].Name), Numeric: true}, colView{Label: label(t.Columns[yi].Name), Numeric: true})
	if si >= 0 {
		alt.Cols = append(alt.Cols, colView{Label: label(t.Columns[si].Name)})
	}
	for _, p := range pts {
		r := rows[p.row]
		g := ""
		if si >= 0 {
			g = t.Columns[si].Format.Display(r[si])
		}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		name := ""
		if labelCol >= 0 {
			name = t.Columns[labelCol].Format.Display(r[labelCol])
		}
		groups[g] = append(groups[g], opts.ScatterData{Name: name, Value: []float64{p.x, p.y}, SymbolSize: symbolSize(p.size, maxSize, zi >= 0)})
		var row []cellView
		if labelCol >= 0 {
			row = append(row, cellView{Text: name})
		}
		row = append(row, cellView{Text: t.Columns[xi].Format.Display(r[xi])}, cellView{Text: t.Columns[yi].Format.Display(r[yi])})
		if si >= 0 {
			row = append(row, cellView{Text: g})
		}
		alt.Rows = append(alt.Rows, row)
	}
	c := charts.NewScatter()
	c.SetGlobalOptions(initOpts(cv.ID, root), aria(), charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(order) > 1), Type: "scroll", Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: label(t.Columns[xi].Name), Scale: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: label(t.Columns[yi].Name), Scale: opts.Bool(true)}))
	for i, g := range order {
		name := g
		if name == "" {
			name = label(t.Columns[yi].Name)
		}
		c.AddSeries(name, groups[g], charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.Symbol = symbols[i%len(symbols)] }), colorSeries(name))
	}
	cv.Payload = map[string]any{"option": option(c)}
	cv.Note = strings.Join(notes, " ")
	cv.Alt = alt
	return cv
}

// symbols differ per series so that colour is never the only signal.
var symbols = []string{"circle", "diamond", "triangle", "rect", "roundRect", "pin", "arrow"}

// symbolSize scales a point by the square root of its size (area ∝ value).
func symbolSize(v, maxV float64, sized bool) int {
	if !sized || maxV <= 0 {
		return 12
	}
	return 8 + int(math.Round(32*math.Sqrt(math.Abs(v)/maxV)))
}
