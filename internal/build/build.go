// Package build runs the pipeline: config → query catalog → warehouse → load
// and validate → rules and queries → report model → renderers. It returns
// the files to publish; it never writes to disk, so `check` is `build`
// without the publish step.
package build

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/throughline/throughline/internal/archive"
	"github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/publish"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/site"
	"github.com/throughline/throughline/internal/warehouse"
	"github.com/throughline/throughline/queries"
	"github.com/throughline/throughline/reports"
)

// Result is a finished run: the files to publish and every diagnostic.
type Result struct {
	Files map[string][]byte
	Diags *diag.List
	Model *report.Model
}

// Stage is a pipeline step's timing, reported as progress and in run.json.
type Stage struct {
	Name    string  `json:"stage"`
	Seconds float64 `json:"seconds"`
}

// Options are what the CLI passes besides the config.
type Options struct {
	Version  string
	Progress func(Stage) // called after each stage; may be nil
	Now      func() time.Time
	// Start, if set, is called as each stage begins (catalog, load, rules,
	// queries, render) with the run's context; tests use it to interrupt a
	// chosen stage.
	Start func(ctx context.Context, stage string)
}

// Run executes the pipeline. Input, query and report problems are returned
// in Result.Diags (with Files nil when any is an error); the error return is
// for internal failures only.
func Run(ctx context.Context, cfg *config.Config, opt Options) (*Result, error) {
	r := &runner{cfg: cfg, opt: opt, diags: &diag.List{}}
	if r.opt.Now == nil {
		r.opt.Now = time.Now
	}
	res, err := r.run(ctx)
	if err != nil {
		return nil, err
	}
	return res, nil
}

type runner struct {
	cfg    *config.Config
	opt    Options
	diags  *diag.List
	stages []Stage
	last   time.Time
}

func (r *runner) stage(name string) {
	now := r.opt.Now()
	s := Stage{Name: name, Seconds: float64(now.Sub(r.last).Milliseconds()) / 1000}
	r.last = now
	r.stages = append(r.stages, s)
	if r.opt.Progress != nil {
		r.opt.Progress(s)
	}
}

// begin starts a stage; a cancelled run stops here.
func (r *runner) begin(ctx context.Context, name string) error {
	if r.opt.Start != nil {
		r.opt.Start(ctx, name)
	}
	return ctx.Err()
}

func (r *runner) run(ctx context.Context) (*Result, error) {
	r.last = r.opt.Now()
	if err := r.begin(ctx, "catalog"); err != nil {
		return nil, err
	}
	res := &Result{Diags: r.diags}
	// DuckDB spills beside the output, never into the working folder; the
	// folder goes when the run ends (deferred first, so it runs after the
	// database is closed).
	tmp, err := TempDir(r.cfg.Out, os.Getpid())
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, fmt.Errorf("create DuckDB's temp folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	// The catalog is checked with DuckDB's own parser, on an empty database
	// of its own, before any data is read.
	parser, err := warehouse.OpenParser(ctx)
	if err != nil {
		return nil, err
	}
	defer parser.Close()
	functions, err := parser.Functions(ctx)
	if err != nil {
		return nil, err
	}
	sources := []catalog.Source{{FS: queries.FS, Display: "queries"}}
	if r.cfg.Queries != "" {
		if st, err := os.Stat(r.cfg.Queries); err != nil || !st.IsDir() {
			r.diags.Errorf(r.cfg.Queries, 0, 0, "query folder not found")
		} else {
			sources = append(sources, catalog.Source{FS: os.DirFS(r.cfg.Queries), Display: r.cfg.Queries})
		}
	}
	qs, d := catalog.Load(sources, catalog.Env{
		Parse:     func(sql string) ([]byte, error) { return parser.SerializeSQL(ctx, sql) },
		Tables:    append(load.Tables(), archive.Names()...),
		Functions: functions,
	})
	r.diags.Append(d)
	pages, err := r.pages()
	if err != nil {
		return nil, err
	}
	// Report pages are checked against the catalog now, so a typo in a page
	// fails before a long load rather than after it.
	var early []*report.Query
	for _, q := range qs {
		if q.Hidden {
			continue // never run, so never available to a page
		}
		early = append(early, &report.Query{Name: q.Name, File: q.File, Title: q.Title, Kind: q.Kind, Chart: q.Chart, Hidden: q.Hidden})
	}
	pageDiags := site.CheckPages(&report.Model{Pages: pages, Queries: early})
	r.diags.Append(pageDiags)
	shownInput := shown(r.cfg.Input)
	if r.cfg.Input == "" {
		r.diags.Errorf("", 0, 0, "no input folder: give --input DIR (or THROUGHLINE_INPUT, or input in the config file)")
		return res, nil
	} else if st, err := os.Stat(r.cfg.Input); err != nil || !st.IsDir() {
		r.diags.Errorf(shownInput, 0, 0, "input folder not found")
		return res, nil
	}
	adapters := r.adapters(ctx, parser)
	// Catalog errors do not stop the load: a run reports the problems of
	// its queries and of its data together.
	r.stage("catalog")

	if err := r.begin(ctx, "load"); err != nil {
		return nil, err
	}
	db, err := warehouse.Open(ctx, warehouse.Options{Threads: r.cfg.Threads, MemoryLimit: r.cfg.MemoryLimit,
		TempDir: tmp, MaxTempSize: r.cfg.MaxTempSize})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	loaded, d, err := load.LoadWith(ctx, db, r.cfg.Input, shownInput, load.Options{Adapters: adapters, Scratch: tmp,
		Warehouse: warehouse.Options{Threads: r.cfg.Threads, MemoryLimit: r.cfg.MemoryLimit, TempDir: tmp, MaxTempSize: r.cfg.MaxTempSize}})
	if err != nil {
		return nil, err
	}
	r.diags.Append(d)
	r.stage("load")
	if r.diags.HasErrors() {
		return res, nil
	}

	if err := r.begin(ctx, "rules"); err != nil {
		return nil, err
	}
	model := &report.Model{AsOf: r.cfg.AsOf, Version: r.opt.Version, SiteURL: r.cfg.SiteURL, Params: map[string]string{}, Inputs: loaded.Inputs, Missing: loaded.Missing, Pages: pages}
	for _, q := range qs {
		if q.Replaces != "" {
			model.Replaced = append(model.Replaced, report.Replacement{View: q.Name, File: q.File, Replaces: q.Replaces, SHA256: q.SHA256})
		}
	}
	sort.Slice(model.Replaced, func(i, j int) bool { return model.Replaced[i].View < model.Replaced[j].View })
	// The parameters are set, then the database is locked: from here on no
	// SQL can read a file, change a setting or load an extension.
	for _, v := range r.cfg.Vars() {
		if err := db.Exec(ctx, fmt.Sprintf("SET VARIABLE %s = %s", v.Name, v.SQL)); err != nil {
			return nil, fmt.Errorf("set %s: %w", v.Name, err)
		}
		model.Params[v.Name] = v.Value
	}
	if err := r.loadArchive(ctx, db); err != nil {
		return nil, err
	}
	if err := r.freshness(ctx, db, shownInput, loaded.Missing); err != nil {
		return nil, err
	}
	if r.diags.HasErrors() {
		return res, nil
	}
	if err := db.Lock(ctx); err != nil {
		return nil, err
	}
	if err := r.createViews(ctx, db, qs); err != nil {
		return nil, err
	}
	r.checkColumns(ctx, db, qs)
	r.stage("rules")
	if r.diags.HasErrors() {
		return res, nil
	}
	if err := r.begin(ctx, "queries"); err != nil {
		return nil, err
	}
	if err := r.runQueries(ctx, db, qs, model); err != nil {
		return nil, err
	}
	r.stage("queries")
	if r.diags.HasErrors() {
		return res, nil
	}
	// Every result is in the model now: the database's memory goes back
	// before the renderers take theirs (the deferred Close is then a no-op).
	if err := db.Close(); err != nil {
		return nil, fmt.Errorf("close the warehouse: %w", err)
	}
	for _, w := range r.diags.Warnings() {
		model.Warnings = append(model.Warnings, w.String())
	}
	if err := r.begin(ctx, "render"); err != nil {
		return nil, err
	}
	files, err := r.render(ctx, model)
	if err != nil {
		return nil, err
	}
	if r.diags.HasErrors() {
		return res, nil
	}
	r.stage("pack")
	files[runFile], err = r.runJSON(model, files)
	if err != nil {
		return nil, err
	}
	r.archiveCopies(files)
	res.Files, res.Model = files, model
	return res, nil
}

// shown is how a path appears in messages: relative to the working folder
// when it lies inside it, as given otherwise.
func shown(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.ToSlash(filepath.Clean(path))
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return path
	}
	return filepath.ToSlash(rel)
}

// pages reads the report pages: embedded defaults, replaced or extended by
// the analyst's folder.
func (r *runner) pages() ([]report.Page, error) {
	byName := map[string]report.Page{}
	add := func(fsys fs.FS, display string) error {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			r.diags.Errorf(display, 0, 0, "cannot read report folder: %v", err)
			return nil
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			data, err := fs.ReadFile(fsys, e.Name())
			if err != nil {
				return err
			}
			name := strings.TrimSuffix(e.Name(), ".md")
			byName[name] = report.Page{Name: name, File: display + "/" + e.Name(), Source: data}
		}
		return nil
	}
	if err := add(reports.FS, "reports"); err != nil {
		return nil, err
	}
	if r.cfg.Reports != "" {
		if st, err := os.Stat(r.cfg.Reports); err != nil || !st.IsDir() {
			r.diags.Errorf(r.cfg.Reports, 0, 0, "report folder not found")
		} else if err := add(os.DirFS(r.cfg.Reports), strings.TrimSuffix(r.cfg.Reports, "/")); err != nil {
			return nil, err
		}
	}
	var pages []report.Page
	for _, p := range byName {
		pages = append(pages, p)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].Name < pages[j].Name })
	return pages, nil
}

// TempDir is DuckDB's spill folder for a run publishing to out:
// <parent of out>/.<base of out>.spill-<pid>. The next build removes one
// whose process is gone (publish.Site's clean-up); a running check's is left
// alone.
func TempDir(out string, pid int) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", fmt.Errorf("temp folder for %s: %w", out, err)
	}
	return filepath.Join(filepath.Dir(abs), publish.SpillPrefix(abs)+strconv.Itoa(pid)), nil
}

// limited runs fn under the per-statement time limit. stopped reports that
// the limit, not the caller, ended it.
func (r *runner) limited(ctx context.Context, fn func(context.Context) error) (stopped bool, err error) {
	if r.cfg.QueryTimeout <= 0 {
		return false, fn(ctx)
	}
	qctx, cancel := context.WithTimeout(ctx, r.cfg.QueryTimeout)
	defer cancel()
	err = fn(qctx)
	return err != nil && ctx.Err() == nil && errors.Is(qctx.Err(), context.DeadlineExceeded), err
}

// limitError reports a query stopped by a limit of the run, at its file.
// It returns false for any other error.
func (r *runner) limitError(q *catalog.Query, stopped bool, msg string) bool {
	switch {
	case stopped:
		r.diags.Errorf(q.File, 0, 0, "query stopped after %s, the query time limit (query_timeout, --query-timeout): make it cheaper or raise the limit", r.cfg.QueryTimeout)
	case strings.Contains(msg, "max_temp_directory_size"):
		r.diags.Errorf(q.File, 0, 0, "query stopped: it needs more temporary disk than max_temp_size (%s) allows; make it cheaper, or raise --max-temp-size or --memory-limit", r.cfg.MaxTempSize)
	default:
		return false
	}
	return true
}

// createViews creates every view, in dependency order, on the locked
// database. A SQL error is placed at its file, line and column.
func (r *runner) createViews(ctx context.Context, db *warehouse.DB, qs []*catalog.Query) error {
	failed := map[string]bool{}
	for _, q := range qs {
		if dependsOnFailed(q, failed) {
			failed[q.Name] = true
			continue
		}
		prefix := "CREATE OR REPLACE VIEW " + warehouse.Ident(q.Name) + " AS "
		if q.Hidden {
			// Helpers are read by many views; DuckDB inlines views, so a
			// helper left as a view is recomputed by each reader. Computing
			// it once as a table is the same result (its inputs and
			// parameters are fixed by now) at a fraction of the cost.
			prefix = "CREATE OR REPLACE TEMP TABLE " + warehouse.Ident(q.Name) + " AS "
		}
		body := strings.TrimRight(strings.TrimSpace(q.Text), ";")
		stopped, err := r.limited(ctx, func(ctx context.Context) error { return db.Exec(ctx, prefix+body) })
		if err != nil {
			se := warehouse.AsSQLError(err)
			if se == nil && !stopped {
				return fmt.Errorf("create view %s: %w", q.Name, err)
			}
			if se == nil {
				se = &warehouse.SQLError{}
			}
			if r.limitError(q, stopped, se.Msg) {
				failed[q.Name] = true
				continue
			}
			msg, off := warehouse.JSONError(se.Msg)
			line, col := 0, 0
			if off >= len(prefix) {
				// body starts at the first non-space byte of the file
				lead := len(q.Text) - len(strings.TrimLeft(q.Text, " \t\r\n"))
				line, col = catalog.Position(q.Text, off-len(prefix)+lead)
			}
			r.diags.Errorf(q.File, line, col, "%s", msg)
			failed[q.Name] = true
		}
	}
	return nil
}

func dependsOnFailed(q *catalog.Query, failed map[string]bool) bool {
	for _, d := range q.Deps {
		if failed[d] {
			return true
		}
	}
	return false
}

// runQueries runs every view and check into the model.
func (r *runner) runQueries(ctx context.Context, db *warehouse.DB, qs []*catalog.Query, m *report.Model) error {
	for _, q := range qs {
		if q.Hidden {
			continue // helpers: read by other views, never published
		}
		sql := "SELECT * FROM " + warehouse.Ident(q.Name)
		if !q.OrderBy {
			sql += " ORDER BY ALL"
		}
		var t *report.Table
		stopped, err := r.limited(ctx, func(ctx context.Context) (err error) {
			t, err = db.Query(ctx, sql)
			return err
		})
		if err != nil {
			se := warehouse.AsSQLError(err)
			msg := ""
			if se != nil {
				msg = se.Msg
			}
			if r.limitError(q, stopped, msg) {
				continue
			}
			if se != nil {
				text, _ := warehouse.JSONError(se.Msg)
				r.diags.Errorf(q.File, 0, 0, "query failed: %s", text)
				continue
			}
			return fmt.Errorf("run %s: %w", q.Name, err)
		}
		t.Name = q.Name
		rq := &report.Query{Name: q.Name, File: q.File, Title: q.Title, Description: q.Description, Kind: q.Kind,
			Severity: q.Severity, Chart: q.Chart, Sheet: q.Sheet, Hidden: q.Hidden, Result: t}
		if q.Chart != nil {
			cols := append([]string{q.Chart.X}, q.Chart.Y...)
			if q.Chart.Series != "" {
				cols = append(cols, q.Chart.Series)
			}
			if q.Chart.Size != "" {
				cols = append(cols, q.Chart.Size)
			}
			for _, c := range cols {
				if t.Col(c) < 0 {
					r.diags.Errorf(q.File, q.ChartLine, 1, "chart: the query has no column %q (columns: %s)", c, columnNames(t))
				}
			}
		}
		if q.Kind == "check" {
			for _, row := range t.Rows {
				text := findingText(t, row)
				m.Findings = append(m.Findings, report.Finding{Check: q.Name, Severity: q.Severity, Text: text})
				if q.Severity == "error" {
					r.diags.Errorf(q.File, 0, 0, "check %s: %s", q.Name, text)
				} else {
					r.diags.Warnf(q.File, 0, 0, "check %s: %s", q.Name, text)
				}
			}
		}
		if q.Name == "audit_period" && len(t.Rows) == 1 {
			if i, j := t.Col("period_start"), t.Col("period_end"); i >= 0 && j >= 0 {
				m.PeriodStart, _ = t.Rows[0][i].(time.Time)
				m.PeriodEnd, _ = t.Rows[0][j].(time.Time)
			}
		}
		m.Queries = append(m.Queries, rq)
	}
	return nil
}

func columnNames(t *report.Table) string {
	var ns []string
	for _, c := range t.Columns {
		ns = append(ns, c.Name)
	}
	return strings.Join(ns, ", ")
}

func findingText(t *report.Table, row []any) string {
	var parts []string
	for i, c := range t.Columns {
		if row[i] == nil {
			continue
		}
		parts = append(parts, c.Name+" "+c.Format.Display(row[i]))
	}
	return strings.Join(parts, ", ")
}

const runFile = "run.json"

// runJSON records the run: as-of, inputs with row counts and checksums,
// the default views an analyst's file replaced (with its checksum), stage
// durations, warnings and the checksum of every output file.
func (r *runner) runJSON(m *report.Model, files map[string][]byte) ([]byte, error) {
	// A raw file read by source adapters has no row count (report.Input)
	// and names the adapters that read it.
	type input struct {
		File   string   `json:"file"`
		Rows   *int64   `json:"rows,omitempty"`
		SHA256 string   `json:"sha256"`
		ReadBy []string `json:"read_by,omitempty"`
	}
	type output struct {
		Path   string `json:"path"`
		Bytes  int    `json:"bytes"`
		SHA256 string `json:"sha256"`
	}
	type replaced struct {
		View     string `json:"view"`
		File     string `json:"file"`
		Replaces string `json:"replaces"`
		SHA256   string `json:"sha256"`
	}
	doc := struct {
		Tool     string            `json:"tool"`
		Version  string            `json:"version"`
		AsOf     string            `json:"as_of"`
		Period   map[string]string `json:"audit_period,omitempty"`
		Params   map[string]string `json:"parameters"`
		Inputs   []input           `json:"inputs"`
		Replaced []replaced        `json:"replaced_views"`
		Stages   []Stage           `json:"stages"`
		Warnings []string          `json:"warnings"`
		Outputs  []output          `json:"outputs"`
	}{Tool: "throughline", Version: m.Version, AsOf: m.AsOf.Format(config.DateLayout), Params: m.Params, Stages: r.stages, Warnings: []string{}, Replaced: []replaced{}}
	for _, rv := range m.Replaced {
		doc.Replaced = append(doc.Replaced, replaced{rv.View, rv.File, rv.Replaces, rv.SHA256})
	}
	if !m.PeriodStart.IsZero() {
		doc.Period = map[string]string{"start": m.PeriodStart.Format(config.DateLayout), "end": m.PeriodEnd.Format(config.DateLayout)}
	}
	// Every warning of the run, the renderers' included (the model's list
	// was taken before rendering).
	for _, w := range r.diags.Warnings() {
		doc.Warnings = append(doc.Warnings, w.String())
	}
	doc.Inputs = []input{}
	for _, in := range m.Inputs {
		e := input{File: in.File, SHA256: in.SHA256, ReadBy: in.ReadBy}
		if len(in.ReadBy) == 0 {
			e.Rows = &in.Rows
		}
		doc.Inputs = append(doc.Inputs, e)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		sum := sha256.Sum256(files[p])
		doc.Outputs = append(doc.Outputs, output{p, len(files[p]), hex.EncodeToString(sum[:])})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}
