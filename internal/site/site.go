// Package site renders the model as a static HTML site: overview, review and
// funding-gate pages, one page per initiative and per query, data quality and
// the analysts' markdown reports. Everything is computed in memory and
// returned as path → contents; every asset ships inside the output and all
// links are relative, so the site works offline and from file://.
package site

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

var tmpl = template.Must(template.New("site").Funcs(template.FuncMap{"tableHTML": tableHTML}).ParseFS(templateFS, "templates/*.html"))

// Site paths of the fixed pages.
const (
	pathOverview = "index.html"
	pathReview   = "review.html"
	pathFunding  = "funding-gate.html"
	pathQuality  = "data-quality.html"
	pathQueries  = "queries/index.html"
)

type siteInfo struct {
	AsOf, PeriodStart, PeriodLast, Version string
	Replaced                               []report.Replacement // shown in every footer
	// NotSupplied says, on every page, which optional inputs were not given,
	// so an empty section reads "no spend supplied", not "nothing spent".
	NotSupplied []string
}

// notSupplied words each missing optional input for the page banner.
var notSupplied = map[string]string{
	"spend.csv":      "No spend supplied (spend.csv was not given): spend, cost, budget overrun and funding-gate figures are empty.",
	"mappings.csv":   "No mappings supplied (mappings.csv was not given): no spend or delivery work is tied to an initiative.",
	"issues.csv":     "No delivery work supplied (issues.csv was not given): velocity and divergence cannot be judged.",
	"milestones.csv": "No milestones supplied (milestones.csv was not given): milestone variance is empty.",
	"kpis.csv":       "No KPIs supplied (kpis.csv was not given): outcomes cannot be judged.",
	"kpi_values.csv": "No KPI values supplied (kpi_values.csv was not given): every linked outcome shows no data.",
	"links.csv":      "No KPI links supplied (links.csv was not given): every initiative is unlinked.",
}

type navItem struct {
	Path, Title string
}

// download is a link to a file the page's figures come from.
type download struct {
	Href, Text string
}

// pageData is what the layout template sees.
type pageData struct {
	Path, Title, Root, Kind string
	NoH1                    bool
	Nav                     []navItem
	Site                    siteInfo
	Charts                  bool
	Pack                    string     // relative link to the board pack
	Downloads               []download // the data/*.csv of what the page shows
	Body                    any
}

type renderer struct {
	m           *report.Model
	initiatives map[string]bool // ids that have a page
	site        siteInfo
	nav         []navItem
	files       map[string][]byte
	diags       *diag.List
	shows       map[string][]string // page path → the views it shows, for its CSV links
	mu          sync.Mutex          // guards files and shows while pages render in parallel
}

// show records the views a page shows, for its CSV links.
func (r *renderer) show(path string, views ...string) {
	r.mu.Lock()
	r.shows[path] = views
	r.mu.Unlock()
}

// Render renders the whole site for m. Paths are relative to the output root
// ("index.html", "initiatives/INF-CLOUD.html", "assets/echarts.min.js", ...).
// Problems in report pages (unknown query/column in a block) are errors in the list,
// positioned at the .md file and line.
func Render(m *report.Model) (map[string][]byte, *diag.List) {
	r := &renderer{m: m, initiatives: map[string]bool{}, files: map[string][]byte{}, diags: &diag.List{}, shows: map[string][]string{}}
	date := report.DateF.Display
	r.site = siteInfo{AsOf: date(m.AsOf), PeriodStart: date(m.PeriodStart), Version: m.Version, Replaced: m.Replaced}
	for _, f := range m.Missing {
		if w, ok := notSupplied[f]; ok {
			r.site.NotSupplied = append(r.site.NotSupplied, w)
		}
	}
	if !m.PeriodEnd.IsZero() {
		r.site.PeriodLast = date(m.PeriodEnd.AddDate(0, 0, -1))
	}
	if t := m.Table("initiative_status"); t != nil {
		if i := t.Col("initiative_id"); i >= 0 {
			for _, row := range t.Rows {
				if s, ok := row[i].(string); ok {
					r.initiatives[s] = true
				}
			}
		}
	}
	reports := r.parseReports()
	r.nav = []navItem{
		{pathOverview, "Overview"},
		{pathReview, "Review & escalations"},
		{pathStatus, "Status reports"},
		{pathFunding, "No balance-sheet link"},
		{pathQuality, "Data quality"},
		{pathAudits, "Audits"},
		{pathQueries, "Queries"},
	}
	for _, p := range reports {
		r.nav = append(r.nav, navItem{p.path, p.title})
	}
	r.overview()
	r.review()
	r.statusPage()
	r.funding()
	r.quality()
	r.auditsPage()
	r.queries()
	r.initiativePages()
	for _, p := range reports {
		r.reportPage(p)
	}
	r.assets()
	return r.files, r.diags
}

// CheckPages checks the report pages against the query catalog before any
// data is read: front matter, block arguments and query names (columns are
// checked at render, once results exist). m holds the pages and the catalog's
// queries without results.
func CheckPages(m *report.Model) *diag.List {
	r := &renderer{m: m, initiatives: map[string]bool{}, files: map[string][]byte{}, diags: &diag.List{}, shows: map[string][]string{}}
	for _, p := range r.parseReports() {
		r.reportPage(p)
	}
	return r.diags
}

// rootFor is the relative prefix from path back to the site root.
func rootFor(path string) string {
	return strings.Repeat("../", strings.Count(path, "/"))
}

// page renders one page through the layout.
func (r *renderer) page(path, title, kind string, charts bool, body any) {
	r.pageNoH1(path, title, kind, charts, false, body)
}

func (r *renderer) pageNoH1(path, title, kind string, charts, noH1 bool, body any) {
	root := rootFor(path)
	pd := pageData{Path: path, Title: title, Root: root, Kind: kind, NoH1: noH1, Nav: r.nav, Site: r.site, Charts: charts, Body: body,
		Pack: root + report.PackPath}
	seen := map[string]bool{}
	r.mu.Lock()
	shows := r.shows[path]
	r.mu.Unlock()
	for _, v := range shows {
		if q := r.m.Query(v); q != nil && q.Result != nil && !seen[v] {
			seen[v] = true
			pd.Downloads = append(pd.Downloads, download{root + report.DataPath(v), v + ".csv"})
		}
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", pd); err != nil {
		panic(fmt.Sprintf("site: template %s: %v", path, err)) // a bug in our templates, never in the data
	}
	r.mu.Lock()
	r.files[path] = buf.Bytes()
	r.mu.Unlock()
}

// partial renders a named template to HTML (charts and tables inside reports).
func partial(name string, data any) template.HTML {
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		panic(fmt.Sprintf("site: template %s: %v", name, err))
	}
	return template.HTML(buf.String())
}

func (r *renderer) assets() {
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return err
		}
		r.files[p] = b
		return nil
	})
	if err != nil {
		r.diags.Errorf("internal/site/assets", 0, 0, "read embedded assets: %v", err)
	}
	if _, ok := r.files["assets/echarts.min.js"]; !ok {
		r.diags.Errorf("internal/site/assets/echarts.min.js", 0, 0, "ECharts is missing from the build: run `make assets` and rebuild")
	}
}

// project keeps only the named columns of t that exist, in that order.
func project(t *report.Table, names ...string) *report.Table {
	if t == nil {
		return nil
	}
	var idx []int
	out := &report.Table{Name: t.Name}
	for _, n := range names {
		if i := t.Col(n); i >= 0 {
			idx = append(idx, i)
			out.Columns = append(out.Columns, t.Columns[i])
		}
	}
	for _, row := range t.Rows {
		nr := make([]any, len(idx))
		for k, i := range idx {
			nr[k] = row[i]
		}
		out.Rows = append(out.Rows, nr)
	}
	return out
}

// first returns the first row's value of column name in t, and whether it exists.
func first(t *report.Table, name string) (report.Column, any, bool) {
	if t == nil || len(t.Rows) == 0 {
		return report.Column{}, nil, false
	}
	i := t.Col(name)
	if i < 0 {
		return report.Column{}, nil, false
	}
	return t.Columns[i], t.Rows[0][i], true
}

type figure struct {
	Label, Value, Href string
}

type overviewBody struct {
	AsOf, PeriodStart, PeriodLast, PeriodIndex string
	Figures                                    []figure
	Divergence, SpendByOutcome                 *chartView
	Changes, Initiatives                       *tableView
}

func (r *renderer) overview() {
	m := r.m
	b := overviewBody{AsOf: r.site.AsOf, PeriodStart: r.site.PeriodStart, PeriodLast: r.site.PeriodLast}
	if c, v, ok := first(m.Table("audit_period"), "period_index"); ok && v != nil {
		b.PeriodIndex = c.Format.Display(v)
	}
	h := m.Table("headline")
	for _, f := range []struct{ col, label, href string }{
		{"spend_to_date", "Spend to date (dated on or before the as-of date)", pathQuality},
		{"mapped_share_of_spend", "Share of spend to date mapped to an initiative", pathQuality},
		{"balance_sheet_share_of_spend", "Share of spend to date with a balance-sheet link", pathFunding},
		{"balance_sheet_share_of_mapped", "Share of mapped spend with a balance-sheet link", pathFunding},
		{"flagged", "Initiatives flagged for review", pathReview},
		{"escalated_executive", "Escalations to executive", pathReview},
		{"escalated_cio", "Escalations to CIO", pathReview},
		{"funding_holds", "Funding holds", pathFunding},
		{"spend_on_achieved_outcomes", "Spent on initiatives whose outcome is achieved", ""},
		{"undated_spend", "Undated spend (in no dated figure)", pathQuality},
	} {
		if c, v, ok := first(h, f.col); ok {
			val := c.Format.Display(v)
			if v == nil {
				val = "–"
			}
			b.Figures = append(b.Figures, figure{f.label, val, f.href})
		}
	}
	b.Divergence = r.divergenceChart("chart_divergence", "")
	if t := m.Table("spend_by_outcome_period"); t != nil {
		cv, err := r.buildChart("chart_spend_outcome", "", "Spend by outcome status per audit period", t,
			report.Chart{Type: "bar", X: "period_start", Y: []string{"amount"}, Series: "outcome"}, 0)
		if err == nil {
			b.SpendByOutcome = cv
		}
	}
	b.Changes = r.changes(maxTableRows)
	// What the board acts on (outcome, escalation, money) comes before who
	// and where, so it is in view at 1440 px without scrolling sideways.
	b.Initiatives = r.table("initiatives", project(m.Table("initiative_status"),
		"initiative_id", "name", "outcome", "escalation", "actual_cost", "approved_budget", "impact", "review_flag",
		"funding_hold", "velocity_ratio", "owner", "portfolio", "status"), "", 0, nil)
	b.Initiatives.Sortable = true
	r.shows[pathOverview] = []string{"headline", "divergence", "spend_by_outcome_period", "audit_changes", "initiative_status"}
	r.page(pathOverview, "Portfolio overview", "overview", b.Divergence != nil || b.SpendByOutcome != nil, b)
}

// changes is audit_changes in words: each change as a sentence (a plan
// change as the view words it, a verdict with its status words' labels),
// then the field and the before and after values with their badges.
func (r *renderer) changes(limit int) *tableView {
	t := r.m.Table("audit_changes")
	if t == nil {
		tv := r.table("changes", nil, "", limit, nil)
		return tv
	}
	p := project(t, "initiative_id", "name", "field", "item", "before", "after")
	words := &report.Table{Name: p.Name, Columns: slices.Insert(slices.Clone(p.Columns), min(2, len(p.Columns)),
		report.Column{Name: "change", Type: report.Text, Format: report.Plain})}
	str := func(row []any, name string) string { s, _ := at(row, t.Col(name)).(string); return s }
	for i, row := range t.Rows {
		w := report.ChangeWords(str(row, "field"), str(row, "item"), str(row, "before"), str(row, "after"), str(row, "change"))
		words.Rows = append(words.Rows, slices.Insert(slices.Clone(p.Rows[i]), min(2, len(p.Rows[i])), any(w)))
	}
	tv := r.table("changes", words, "", limit, nil)
	if fi := words.Col("field"); fi >= 0 {
		for _, row := range tv.Rows {
			row[fi].Text = label(row[fi].Text)
		}
	}
	tv.Empty = "No changes since the last audit."
	return tv
}

type tableBody struct {
	Table *tableView
}

func (r *renderer) review() {
	// Why comes first: the reason in words is what a reader acts on.
	tv := r.table("review", project(r.m.Table("review_flags"),
		"initiative_id", "name", "owner", "reason", "escalation", "impact", "outcome", "divergence", "budget_status",
		"milestone_variance_band", "portfolio"), "", 0, nil)
	tv.Sortable = true
	tv.Empty = "No initiative is flagged for review."
	r.shows[pathReview] = []string{"review_flags"}
	r.page(pathReview, "Review & escalations", "review", false, tableBody{tv})
}

func (r *renderer) funding() {
	tv := r.table("funding", project(r.m.Table("funding_gate"),
		"initiative_id", "name", "recommended_action", "spend_to_date", "spend_this_period", "approved_budget",
		"funding_hold", "owner", "portfolio", "status"), "", 0, nil)
	tv.Sortable = true
	tv.Empty = "Every initiative has a balance-sheet link."
	r.shows[pathFunding] = []string{"funding_gate"}
	r.page(pathFunding, "No balance-sheet link", "funding", false, tableBody{tv})
}

type findingView struct {
	Severity, Class, Check, Text, Href string
}

type checkView struct {
	ID, Title, Description, Severity, Class, Count, Href, CSV string
	Table                                                     *tableView
}

type qualityBody struct {
	Reconciliation *tableView
	Findings       []findingView
	Warnings       []string
	Checks         []checkView
	Inputs         *tableView
}

// toTheCent shows a table's money to the cent: the reconciliation proves
// every penny, so it must show them.
func toTheCent(t *report.Table) *report.Table {
	if t == nil {
		return nil
	}
	c := *t
	c.Columns = append([]report.Column(nil), t.Columns...)
	for i := range c.Columns {
		if c.Columns[i].Format == report.Money {
			c.Columns[i].Format = report.Number
		}
	}
	return &c
}

func severityClass(s string) string {
	if w, ok := report.Status(report.KindSeverity, s); ok {
		return string(w.Class)
	}
	return string(report.Warn)
}

func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return report.Integer.Display(int64(n)) + " rows"
}

// quality lists each finding once: a check query's findings in its own
// section (its rows), other findings and run warnings in the list above
// them, without the check findings the run also printed as warnings. A check
// with no findings reads "clean", not "warning".
func (r *renderer) quality() {
	m := r.m
	b := qualityBody{Reconciliation: r.table("reconciliation", toTheCent(project(m.Table("reconciliation"), "label", "lines", "amount", "detail", "metric")), "", 0, nil)}
	checks := map[string]bool{}
	for _, q := range m.Queries {
		if q.Kind == "check" && q.Result != nil {
			checks[q.Name] = true
		}
	}
	for _, f := range m.Findings {
		if checks[f.Check] {
			continue // listed in its check's section
		}
		fv := findingView{Severity: f.Severity, Class: severityClass(f.Severity), Check: f.Check, Text: f.Text, Href: "#h-findings"}
		if q := m.Query(f.Check); q != nil && !q.Hidden {
			fv.Href = report.QueryPath(q.Name)
		}
		b.Findings = append(b.Findings, fv)
	}
	for _, w := range m.Warnings {
		dup := false
		for name := range checks {
			if strings.Contains(w, ": check "+name+": ") {
				dup = true
				break
			}
		}
		if !dup {
			b.Warnings = append(b.Warnings, w)
		}
	}
	for _, q := range m.Queries {
		if q.Kind != "check" {
			continue
		}
		n := 0
		if q.Result != nil {
			n = len(q.Result.Rows)
		}
		cv := checkView{ID: "check-" + report.SafeName(q.Name), Title: titleOf(q), Description: q.Description,
			Severity: q.Severity, Class: severityClass(q.Severity), Count: rowCount(n), CSV: report.DataPath(q.Name),
			Table: r.table("t-"+report.SafeName(q.Name), q.Result, "", 100, nil)}
		if cv.Severity == "" {
			cv.Severity = "warning"
		}
		if w, ok := report.Status(report.KindSeverity, cv.Severity); ok {
			cv.Severity = w.Label
		}
		if n == 0 {
			cv.Severity, cv.Class, cv.Count = "Clean", string(report.Good), "no findings"
		}
		cv.Href = report.QueryPath(q.Name)
		if q.Hidden {
			cv.Href = "#" + cv.ID
		}
		cv.Table.Empty = "No findings."
		b.Checks = append(b.Checks, cv)
	}
	if len(m.Inputs) > 0 {
		t := &report.Table{Name: "inputs", Columns: []report.Column{
			{Name: "file", Type: report.Text, Format: report.Plain},
			{Name: "rows", Type: report.Int, Format: report.Integer},
			{Name: "sha256", Type: report.Text, Format: report.Plain}}}
		raw := false
		for _, in := range m.Inputs {
			raw = raw || len(in.ReadBy) > 0
		}
		if raw {
			// Raw files read by source adapters: no row count, and the
			// adapters that read them.
			t.Columns = append(t.Columns, report.Column{Name: "read_by", Type: report.Text, Format: report.Plain})
		}
		for _, in := range m.Inputs {
			row := []any{in.File, in.Rows, in.SHA256}
			if raw {
				row = append(row, nil)
				if len(in.ReadBy) > 0 {
					row[1], row[3] = nil, strings.Join(in.ReadBy, ", ")
				}
			}
			t.Rows = append(t.Rows, row)
		}
		b.Inputs = r.table("inputs", t, "", 0, nil)
	}
	r.shows[pathQuality] = []string{"reconciliation"}
	for _, q := range m.Queries {
		if q.Kind == "check" {
			r.shows[pathQuality] = append(r.shows[pathQuality], q.Name)
		}
	}
	r.page(pathQuality, "Data quality", "quality", false, b)
}

func titleOf(q *report.Query) string {
	if q.Title != "" {
		return q.Title
	}
	return label(q.Name)
}

type queryBody struct {
	Description, Kind, Severity, File, Count, CSV, ChartError string
	Chart                                                     *chartView
	Table                                                     *tableView
}

func (r *renderer) queries() {
	idx := &report.Table{Name: "queries", Columns: []report.Column{
		{Name: "query", Type: report.Text, Format: report.Plain},
		{Name: "kind", Type: report.Text, Format: report.Plain},
		{Name: "rows", Type: report.Int, Format: report.Integer},
		{Name: "description", Type: report.Text, Format: report.Plain}}}
	var links []string
	for _, q := range r.m.Queries {
		if q.Hidden {
			continue
		}
		path := report.QueryPath(q.Name)
		root := rootFor(path)
		n := 0
		if q.Result != nil {
			n = len(q.Result.Rows)
		}
		b := queryBody{Description: q.Description, Kind: q.Kind, Severity: q.Severity, File: q.File, Count: rowCount(n), CSV: root + report.DataPath(q.Name)}
		if q.Chart != nil && q.Result != nil {
			cv, err := r.buildChart("chart_query", root, titleOf(q), q.Result, *q.Chart, 0)
			if err != nil {
				r.diags.Errorf(q.File, 0, 0, "%v", err)
				b.ChartError = err.Error()
			} else {
				cv.Alt = nil // the full table follows
				cv.Label = titleOf(q) + " (" + q.Chart.Type + " chart; the data is in the table below)"
				b.Chart = cv
			}
		}
		b.Table = r.table("result", q.Result, root, maxTableRows, nil)
		b.Table.Sortable = true
		r.shows[path] = []string{q.Name}
		r.page(path, titleOf(q), "query", b.Chart != nil, b)
		idx.Rows = append(idx.Rows, []any{titleOf(q), q.Kind, int64(n), q.Description})
		links = append(links, report.QueryPath(q.Name)[len("queries/"):])
	}
	tv := r.table("catalog", idx, "../", 0, nil)
	for i := range tv.Rows {
		tv.Rows[i][0].Href = links[i]
	}
	tv.Sortable = true
	r.page(pathQueries, "Queries", "queries", false, tv)
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
