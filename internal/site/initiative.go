package site

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/throughline/throughline/internal/report"
)

// markedQuadrant is the quadrant the board must look at.
const markedQuadrant = "delivery green, outcome red"

// finishedSeries holds initiatives whose delivery is over (done, closed,
// cancelled): no work is planned, so their low velocity is not "delivery red".
const finishedSeries = "Finished (no delivery planned)"

// quadrants in legend order; the marked one first.
var quadrants = []string{markedQuadrant, "delivery green, outcome green", "delivery red, outcome green", "delivery red, outcome red"}

// quadrantLabel is a quadrant's label from the vocabulary.
func quadrantLabel(q string) string {
	if w, ok := report.Status(report.KindQuadrant, q); ok {
		return w.Label
	}
	return q
}

// param reads a governance parameter as a number. The config package owns
// the defaults; the model always carries the values the run used.
func (r *renderer) param(name string) (float64, bool) {
	if s, ok := r.m.Params[name]; ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
			return f, true
		}
	}
	return 0, false
}

// niceBounds widens [lo, hi] by a margin and rounds it outwards to a step
// that reads well on an axis; the step is returned for the axis' interval.
func niceBounds(lo, hi float64) (float64, float64, float64) {
	span := hi - lo
	if span <= 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	lo, hi = lo-span*0.06, hi+span*0.06
	span = hi - lo
	step := math.Pow(10, math.Floor(math.Log10(span/4)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if span/(step*m) <= 7 {
			step *= m
			break
		}
	}
	clean := func(x float64) float64 { return math.Round(x*1e9) / 1e9 }
	return clean(math.Floor(lo/step) * step), clean(math.Ceil(hi/step) * step), clean(step)
}

// divergenceChart is the overview scatter: velocity ratio across, outcome gap
// up, one series (and symbol) per quadrant, each quadrant shaded out to the
// axes and the marked one red with its points named.
func (r *renderer) divergenceChart(id, root string) *chartView {
	t := r.m.Table("divergence")
	if t == nil {
		return nil
	}
	ci := map[string]int{}
	for _, n := range []string{"initiative_id", "name", "velocity_ratio", "outcome_gap", "actual_cost", "quadrant"} {
		ci[n] = t.Col(n)
		if ci[n] < 0 {
			return nil
		}
	}
	done := map[string]bool{}
	if st := r.m.Table("initiative_status"); st != nil && st.Col("status") >= 0 && st.Col("initiative_id") >= 0 {
		for _, row := range st.Rows {
			if s, ok := row[st.Col("status")].(string); ok && report.Finished(s) {
				id, _ := row[st.Col("initiative_id")].(string)
				done[id] = true
			}
		}
	}
	vh, okv := r.param("velocity_healthy")
	bt, okb := r.param("behind_tolerance")
	type pt struct {
		row        []any
		x, y, cost float64
		quadrant   string
	}
	var pts []pt
	var unplotted []string
	for _, row := range t.Rows {
		x, okx := num(row[ci["velocity_ratio"]])
		y, oky := num(row[ci["outcome_gap"]])
		id, _ := row[ci["initiative_id"]].(string)
		if !okx || !oky {
			unplotted = append(unplotted, id)
			continue
		}
		cost, _ := num(row[ci["actual_cost"]])
		q, _ := row[ci["quadrant"]].(string)
		if done[id] {
			q = finishedSeries
		}
		pts = append(pts, pt{row, x, y, cost, q})
	}
	var notes []string
	if len(pts) > maxScatter {
		// Keep the marked quadrant first, then the largest spend.
		sort.SliceStable(pts, func(a, b int) bool {
			ma, mb := pts[a].quadrant == markedQuadrant, pts[b].quadrant == markedQuadrant
			if ma != mb {
				return ma
			}
			return pts[a].cost > pts[b].cost
		})
		notes = append(notes, fmt.Sprintf("%d of %d initiatives are plotted (every one in the marked quadrant, then the largest by actual cost); the table lists all.", maxScatter, len(pts)))
		pts = pts[:maxScatter]
		sort.SliceStable(pts, func(a, b int) bool {
			return pts[a].row[ci["initiative_id"]].(string) < pts[b].row[ci["initiative_id"]].(string)
		})
	}
	if len(unplotted) > 0 {
		notes = append(notes, fmt.Sprintf("Not plotted for lack of velocity or outcome data: %s.", strings.Join(unplotted, ", ")))
	}
	if len(done) > 0 {
		notes = append(notes, "Finished initiatives (done or cancelled) are drawn apart, in grey: no delivery is planned, so their velocity is not judged.")
	}
	if !okv || !okb {
		notes = append(notes, "The quadrant lines are not drawn: the run's parameters velocity_healthy and behind_tolerance are not in the model.")
	}
	// Explicit axis bounds, so that each quadrant's shading reaches the axes
	// (ECharts' "min"/"max" in a mark area are the data's, not the axis').
	xlo, xhi, ylo, yhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	maxCost := 0.0
	for _, p := range pts {
		xlo, xhi = math.Min(xlo, p.x), math.Max(xhi, p.x)
		ylo, yhi = math.Min(ylo, p.y), math.Max(yhi, p.y)
		maxCost = math.Max(maxCost, math.Abs(p.cost))
	}
	if okv && okb {
		xlo, xhi = math.Min(xlo, vh), math.Max(xhi, vh)
		ylo, yhi = math.Min(ylo, -bt), math.Max(yhi, -bt)
	}
	if len(pts) == 0 && !(okv && okb) {
		xlo, xhi, ylo, yhi = 0, 1, -1, 0
	}
	xlo, xhi, xstep := niceBounds(xlo, xhi)
	ylo, yhi, ystep := niceBounds(ylo, yhi)
	groups := map[string][]pt{}
	for _, p := range pts {
		groups[p.quadrant] = append(groups[p.quadrant], p)
	}
	order := append([]string{}, quadrants...)
	for _, q := range sortedKeys(groups) {
		if !contains(order, q) && q != finishedSeries {
			order = append(order, q)
		}
	}
	if len(groups[finishedSeries]) > 0 {
		order = append(order, finishedSeries)
	}
	c := charts.NewScatter()
	c.SetGlobalOptions(initOpts(id, root), aria(), charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Type: "scroll", Bottom: "0"}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: "Velocity ratio (delivery against plan)", NameLocation: "middle", NameGap: 26, Min: xlo, Max: xhi, MinInterval: xstep, MaxInterval: xstep,
			AxisLine: &opts.AxisLine{OnZero: opts.Bool(false)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: "Outcome gap (progress − elapsed)", NameLocation: "middle", NameGap: 44, Min: ylo, Max: yhi, MinInterval: ystep, MaxInterval: ystep,
			AxisLine: &opts.AxisLine{Show: opts.Bool(true), OnZero: opts.Bool(false)}}),
		charts.WithGridOpts(opts.Grid{Left: "64", Right: "16", Top: "16", Bottom: "84"}))
	alt := &tableView{ID: id + "_table", Caption: "Initiatives by quadrant", Cols: []colView{
		{Label: "Initiative"}, {Label: "Name"}, {Label: "Quadrant"}, {Label: "Velocity ratio", Numeric: true},
		{Label: "Outcome gap", Numeric: true}, {Label: "Actual cost", Numeric: true}}}
	var links, ids [][]string
	for i, q := range order {
		var data []opts.ScatterData
		sl, si := []string{}, []string{}
		for _, p := range groups[q] {
			pid := p.row[ci["initiative_id"]].(string)
			name, _ := p.row[ci["name"]].(string)
			data = append(data, opts.ScatterData{Name: name, Value: []float64{p.x, p.y, p.cost}, SymbolSize: symbolSize(p.cost, maxCost, true)})
			href := ""
			if r.initiatives[pid] {
				href = root + report.InitiativePath(pid)
			}
			sl = append(sl, href)
			si = append(si, pid)
			qc := cellView{Text: q, Class: "st st-muted"}
			if w, ok := report.Status(report.KindQuadrant, q); ok {
				qc = cellView{Text: w.Label, Class: badge(&w), Sort: strconv.Itoa(w.Rank)}
			}
			row := []cellView{{Text: pid, Href: href}, {Text: name}, qc,
				r.cell(t.Name, "", t.Columns[ci["velocity_ratio"]], p.row[ci["velocity_ratio"]], root),
				r.cell(t.Name, "", t.Columns[ci["outcome_gap"]], p.row[ci["outcome_gap"]], root),
				r.cell(t.Name, "", t.Columns[ci["actual_cost"]], p.row[ci["actual_cost"]], root)}
			alt.Rows = append(alt.Rows, row)
		}
		if len(data) == 0 && i >= len(quadrants) {
			continue
		}
		links = append(links, sl)
		ids = append(ids, si)
		var area *opts.MarkAreas
		if okv && okb {
			area = quadrantArea(q, vh, bt, xlo, xhi, ylo, yhi)
		}
		name := quadrantLabel(q)
		c.AddSeries(name, data, colorSeries(q), charts.WithSeriesOpts(func(s *charts.SingleSeries) {
			s.Symbol = symbols[i%len(symbols)]
			if area != nil {
				s.MarkAreas = area
			}
			if q == markedQuadrant {
				// The points the board must act on carry their names, so a
				// printout or screenshot says which they are.
				s.Label = &opts.Label{Show: opts.Bool(true), Formatter: "{b}", Position: "left", Color: "#7b1010", FontSize: 12}
			}
			if i == 0 && okv && okb {
				s.MarkLines = &opts.MarkLines{
					Data: []interface{}{
						map[string]any{"xAxis": vh, "name": "healthy velocity " + strconv.FormatFloat(vh, 'f', -1, 64)},
						map[string]any{"yAxis": -bt, "name": "behind tolerance " + strconv.FormatFloat(-bt, 'f', -1, 64)},
					},
					MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"},
						Label:     &opts.Label{Show: opts.Bool(false)},
						LineStyle: &opts.LineStyle{Type: "dashed", Color: "#555"}},
				}
			}
		}))
	}
	return &chartView{
		ID: id, Title: "Delivery velocity against outcome progress",
		Label:   "Scatter of initiatives: velocity ratio across, outcome gap up; the delivery green, outcome red quadrant is shaded red and its points are named. The table that follows lists every point.",
		Payload: map[string]any{"option": option(c), "links": links, "ids": ids},
		Note:    strings.Join(notes, " "), Alt: alt, Kind: "divergence", Marked: quadrantLabel(markedQuadrant),
	}
}

// quadrantArea shades a quadrant's region out to the axes and names it in
// its outer corner; the marked one is red.
func quadrantArea(q string, vh, bt, xlo, xhi, ylo, yhi float64) *opts.MarkAreas {
	var from, to []any
	pos := ""
	switch q {
	case markedQuadrant:
		from, to, pos = []any{vh, ylo}, []any{xhi, -bt}, "insideTopRight"
	case "delivery green, outcome green":
		from, to, pos = []any{vh, -bt}, []any{xhi, yhi}, "insideTopRight"
	case "delivery red, outcome green":
		from, to, pos = []any{xlo, -bt}, []any{vh, yhi}, "insideTopLeft"
	case "delivery red, outcome red":
		from, to, pos = []any{xlo, ylo}, []any{vh, -bt}, "insideBottomLeft"
	default:
		return nil
	}
	color := "rgba(120,120,120,0.07)"
	labelColor := "#444"
	if q == markedQuadrant {
		color = "rgba(200,30,30,0.14)"
		labelColor = "#8b0000"
	}
	return &opts.MarkAreas{
		Data: []interface{}{[]any{
			map[string]any{"coord": from, "name": quadrantLabel(q)},
			map[string]any{"coord": to},
		}},
		MarkAreaStyle: opts.MarkAreaStyle{
			ItemStyle: &opts.ItemStyle{Color: color},
			Label:     &opts.Label{Show: opts.Bool(true), Color: labelColor, Position: pos, FontSize: 12},
		},
	}
}

type fact struct {
	Label, Value, Class string
}

type initiativeBody struct {
	Name, Portfolio, Owner, Outcome, OutcomeClass string
	Flags                                         []string
	Facts                                         []fact
	Spend, Velocity                               *chartView
	KPIs                                          []*chartView
	Links, Milestones                             *tableView
	Reports                                       *tableView // nil without report_history
}

func (r *renderer) initiativePages() {
	m := r.m
	st := m.Table("initiative_status")
	if st == nil || st.Col("initiative_id") < 0 {
		return
	}
	spend := rowsFor(m.Table("spend_by_period"), "initiative_id")
	vel := rowsFor(m.Table("velocity_by_period"), "initiative_id")
	kpis := rowsFor(m.Table("kpi_series"), "initiative_id")
	links := rowsFor(m.Table("link_status"), "initiative_id")
	miles := rowsFor(m.Table("milestone_variance"), "initiative_id")
	reasons := rowsFor(m.Table("review_flags"), "initiative_id")
	history := rowsFor(m.Table("report_history"), "initiative_id")
	// Pages are independent: they render on every core. Each worker takes
	// the next row; the files land in one map under the renderer's lock.
	done := map[string]bool{}
	var rows [][]any
	for _, row := range st.Rows {
		id, ok := row[st.Col("initiative_id")].(string)
		if !ok || done[id] {
			continue
		}
		done[id] = true
		rows = append(rows, row)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(rows)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := next.Add(1) - 1; i < int64(len(rows)); i = next.Add(1) - 1 {
				r.initiativePage(rows[i], st, spend, vel, kpis, links, miles, reasons, history)
			}
		}()
	}
	wg.Wait()
}

// initiativePage renders one initiative's page from its initiative_status row
// and the row indexes of the views it shows.
func (r *renderer) initiativePage(row []any, st *report.Table, spend, vel, kpis, links, miles, reasons, history map[string][][]any) {
	m := r.m
	{
		id := row[st.Col("initiative_id")].(string)
		path := report.InitiativePath(id)
		root := rootFor(path)
		get := func(name string) any {
			if i := st.Col(name); i >= 0 {
				return row[i]
			}
			return nil
		}
		// text is what people read: status words as their labels.
		text := func(name string) string {
			if i := st.Col(name); i >= 0 {
				s, _ := report.Label(st.Name, name, "", st.Columns[i], row[i])
				return s
			}
			return ""
		}
		b := initiativeBody{Name: text("name"), Portfolio: text("portfolio"), Owner: text("owner"), Outcome: text("outcome"), OutcomeClass: "st st-muted"}
		if i := st.Col("outcome"); i >= 0 {
			b.OutcomeClass = r.cell(st.Name, "", st.Columns[i], row[i], root).Class
		}
		for i, c := range st.Columns {
			cv := r.cell(st.Name, "", c, row[i], root)
			b.Facts = append(b.Facts, fact{label(c.Name), cv.Text, cv.Class})
		}
		b.Flags = r.flags(get, text, reasons[id], m.Table("review_flags"))
		b.Spend = r.spendChart(subTable(m.Table("spend_by_period"), spend[id]), get("approved_budget"), root)
		b.Velocity = r.velocityChart(subTable(m.Table("velocity_by_period"), vel[id]), root)
		b.KPIs = r.kpiCharts(subTable(m.Table("kpi_series"), kpis[id]), root)
		b.Links = r.table("links", project(subTable(m.Table("link_status"), links[id]),
			"kpi_id", "kpi_name", "status", "baseline", "target", "latest_value", "latest_date", "progress", "elapsed", "due_date", "unit", "direction", "financial"), root, 0, nil)
		b.Links.Empty = "No KPI is linked to this initiative."
		b.Links.Caption = "Linked KPIs"
		b.Milestones = r.table("milestones", project(subTable(m.Table("milestone_variance"), miles[id]),
			"milestone", "start_date", "planned_end_date", "forecast_end_date", "actual_end_date", "planned_cost", "forecast_cost", "cost_variance", "schedule_variance_days", "slipped"), root, 0, nil)
		b.Milestones.Empty = "No milestones recorded."
		b.Reports = r.statusReports(id, history, root)
		title := id
		if b.Name != "" {
			title = b.Name + " (" + id + ")"
		}
		r.show(path, "initiative_status", "review_flags", "spend_by_period", "velocity_by_period", "link_status", "kpi_series", "milestone_variance")
		r.page(path, title, "initiative", b.Spend != nil || b.Velocity != nil || len(b.KPIs) > 0, b)
	}
}

// flags explains an initiative's status in words.
func (r *renderer) flags(get func(string) any, text func(string) string, reasonRows [][]any, rf *report.Table) []string {
	var out []string
	yes := func(name string) bool { b, _ := get(name).(bool); return b }
	if yes("review_flag") {
		s := "Flagged for review"
		if rf != nil && len(reasonRows) > 0 {
			if i := rf.Col("reason"); i >= 0 {
				if reason, ok := reasonRows[0][i].(string); ok && reason != "" {
					s += ": " + reason
				}
			}
		}
		out = append(out, s+".")
	}
	if yes("divergence") {
		out = append(out, "Divergence: delivery is on plan but outcomes are behind (delivery green, outcome red).")
	}
	// Budget and milestone variance are two measures; each is named, so an
	// overrun never reads as contradicted by a green milestone band.
	budget, _ := get("budget_status").(string)
	switch budget {
	case "over_budget":
		s := "Over budget: actual cost " + text("actual_cost") + " against an approved budget of " + text("approved_budget")
		if a, ok := get("actual_cost").(report.Dec); ok {
			if b, ok := get("approved_budget").(report.Dec); ok {
				s = "Over budget by " + report.Money.Display(a.Sub(b)) + ": actual cost " + text("actual_cost") +
					" against an approved budget of " + text("approved_budget")
			}
		}
		out = append(out, s+".")
	case "no_budget":
		out = append(out, "No approved budget recorded: an overrun cannot be judged.")
	}
	if band := text("milestone_variance_band"); band != "" {
		s := "Milestone variance band " + strings.ToLower(band) + " (the milestones' forecasts against their own plan, not the budget"
		if v := text("cost_variance_pct"); v != "" {
			s += "; cost variance " + v
		}
		if v := text("schedule_variance_pct"); v != "" {
			s += ", schedule variance " + v
		}
		out = append(out, s+").")
	}
	if yes("lacks_balance_sheet_link") {
		out = append(out, "No linked KPI reaches the balance sheet: this initiative is at the funding gate.")
	}
	if yes("funding_hold") {
		out = append(out, "Funding is on hold.")
	}
	if n, ok := num(get("slipped_milestones")); ok && n > 0 {
		out = append(out, fmt.Sprintf("%s milestone(s) slipped.", text("slipped_milestones")))
	}
	if e, _ := get("escalation").(string); e != "" && e != "none" {
		out = append(out, text("escalation")+".")
	}
	return out
}

func (r *renderer) spendChart(t *report.Table, budget any, root string) *chartView {
	if t == nil || len(t.Rows) == 0 {
		return nil
	}
	p := project(t, "period_start", "amount", "cumulative_amount")
	if len(p.Columns) < 3 {
		return nil
	}
	bc := report.Column{Name: "approved_budget", Type: report.Decimal, Format: report.FormatFor("approved_budget", report.Decimal)}
	p.Columns = append(p.Columns, bc)
	for i := range p.Rows {
		p.Rows[i] = append(p.Rows[i], budget)
	}
	cv, err := r.buildChart("chart_spend", root, "Cumulative spend against the approved budget", p,
		report.Chart{Type: "line", X: "period_start", Y: []string{"cumulative_amount", "approved_budget", "amount"}}, 0)
	if err != nil {
		return nil
	}
	return cv
}

func (r *renderer) velocityChart(t *report.Table, root string) *chartView {
	if t == nil || len(t.Rows) == 0 {
		return nil
	}
	p := project(t, "period_start", "points", "planned_points")
	if len(p.Columns) < 3 {
		return nil
	}
	cv, err := r.buildChart("chart_velocity", root, "Story points delivered per period against plan", p,
		report.Chart{Type: "bar", X: "period_start", Y: []string{"points", "planned_points"}}, 0)
	if err != nil {
		return nil
	}
	if i := t.Col("complete"); i >= 0 {
		for _, row := range t.Rows {
			if b, ok := row[i].(bool); ok && !b {
				cv.Note = strings.TrimSpace(cv.Note + " The latest period is not complete yet.")
				break
			}
		}
	}
	return cv
}

// kpiCharts draws each linked KPI's series with baseline and target lines and
// the due date marked.
func (r *renderer) kpiCharts(t *report.Table, root string) []*chartView {
	if t == nil {
		return nil
	}
	ki, ni, di, dui := t.Col("kpi_id"), t.Col("kpi_name"), t.Col("date"), t.Col("due_date")
	if ki < 0 || di < 0 {
		return nil
	}
	byKPI := map[string][][]any{}
	for _, row := range t.Rows {
		if k, ok := row[ki].(string); ok {
			byKPI[k] = append(byKPI[k], row)
		}
	}
	var out []*chartView
	for n, k := range sortedKeys(byKPI) {
		rows := byKPI[k]
		name := k
		if ni >= 0 {
			if s, ok := rows[0][ni].(string); ok && s != "" {
				name = s
			}
		}
		p := project(subTable(t, rows), "date", "value", "baseline", "target")
		due := ""
		if dui >= 0 && rows[0][dui] != nil {
			due = t.Columns[dui].Format.Display(rows[0][dui])
			found := false
			for _, pr := range p.Rows {
				if t.Columns[di].Format.Display(pr[0]) == due {
					found = true
				}
			}
			if !found {
				dr := []any{rows[0][dui], nil, nil, nil}
				if len(p.Rows) > 0 {
					dr[2], dr[3] = p.Rows[0][2], p.Rows[0][3]
				}
				p.Rows = append(p.Rows, dr)
				sort.SliceStable(p.Rows, func(a, b int) bool {
					return t.Columns[di].Format.Display(p.Rows[a][0]) < t.Columns[di].Format.Display(p.Rows[b][0])
				})
			}
		}
		id := fmt.Sprintf("chart_kpi_%d", n+1)
		xi, yis := 0, []int{1, 2, 3}
		pv := pivot(p, "line", xi, yis, -1, 0, "")
		cv := &chartView{ID: id, Title: name + " (" + k + ")",
			Label: "Line chart of " + name + " with baseline and target; due " + due + ". The table that follows lists the values."}
		lc := charts.NewLine()
		lc.SetGlobalOptions(initOpts(id, root), aria(), charts.WithAnimation(false),
			charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
			charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0"}),
			charts.WithGridOpts(opts.Grid{ContainLabel: opts.Bool(true), Left: "8", Right: "24", Bottom: "60"}),
			charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: "Date", NameLocation: "middle", NameGap: 28}),
			charts.WithYAxisOpts(opts.YAxis{Type: "value", Scale: opts.Bool(true)}))
		lc.SetXAxis(pv.Cats)
		for i, s := range pv.Series {
			var data []opts.LineData
			for _, v := range vals(s.Values) {
				data = append(data, opts.LineData{Value: v})
			}
			var so []charts.SeriesOpts
			so = append(so, charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(true)}))
			if i > 0 {
				so = append(so, charts.WithLineStyleOpts(opts.LineStyle{Type: []string{"", "dashed", "dotted"}[i]}))
			}
			if i == 0 && due != "" && (len(pv.Notes) == 0) {
				so = append(so, charts.WithSeriesOpts(func(s *charts.SingleSeries) {
					s.MarkLines = &opts.MarkLines{
						Data: []interface{}{map[string]any{"xAxis": due, "name": "due " + due}},
						MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"},
							Label: &opts.Label{Show: opts.Bool(true), Formatter: "{b}"}},
					}
				}))
			}
			lc.AddSeries(s.Name, data, so...)
		}
		cv.Payload = map[string]any{"option": option(lc)}
		cv.Note = strings.Join(pv.Notes, " ")
		if due != "" {
			cv.Note = strings.TrimSpace("Due " + due + ". " + cv.Note)
		}
		cv.Alt = pv.altTable(id)
		out = append(out, cv)
	}
	return out
}
