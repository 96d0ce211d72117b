// Package catalog reads the query catalog: numbered SQL files, each one
// SELECT that becomes a DuckDB view, with a small header of `-- key: value`
// lines saying how the view is shown. It checks the headers and the
// references between views, and orders views so each is created after the
// views it reads, all before any data is touched.
package catalog

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
)

// Source is one folder of query files: the embedded defaults or an analyst's.
type Source struct {
	FS      fs.FS
	Display string // prefix shown in messages, e.g. "queries"
}

// Query is one parsed catalog file.
type Query struct {
	Name        string
	File        string // display path, e.g. "queries/040_initiative_status.sql"
	Num         int
	Text        string // the whole file; comments are valid SQL, so it is the view body
	Title       string
	Description string
	Kind        string
	Severity    string
	Chart       *report.Chart
	ChartLine   int
	Sheet       string
	Hidden      bool
	Deps        []string // catalog views this one reads, in order of first mention
	OrderBy     bool     // the SELECT ends with its own ORDER BY: its row order is kept
	SHA256      string   // of the file's bytes, hex
	Replaces    string   // the file of an earlier source this one replaces, "" if none

	tables []ref // relations read, from DuckDB's parse tree
}

// Env is what the catalog checks query files against.
type Env struct {
	Parse     Parser   // DuckDB's parser
	Tables    []string // input tables: views read them and may not take their names
	Functions []string // DuckDB's functions and macros: views may not take their names
}

// forbidden are functions a query may not call, with the reason.
var forbidden = map[string]string{
	"getenv": "a query may not read environment variables",
}

// Keys lists the valid header keys, in the order documented.
var Keys = []string{"title", "description", "chart", "sheet", "kind", "severity", "hidden"}

var (
	kinds       = []string{"view", "check"}
	severities  = []string{"warning", "error"}
	chartTypes  = []string{"bar", "line", "area", "scatter", "pie"}
	chartKeys   = []string{"x", "y", "series", "size"}
	fileNameRe  = regexp.MustCompile(`^(\d+)_([a-z][a-z0-9_]*)\.sql$`)
	headerKeyRe = regexp.MustCompile(`^--\s*([A-Za-z][A-Za-z0-9_-]*)\s*:(.*)$`)
	identRe     = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// Load reads every source in order; a later source's file replaces an
// earlier one of the same view name (and records which, see
// Query.Replaces). Views read each other and env.Tables. Every file must be
// exactly one SELECT as DuckDB's parser sees it. The result is in creation
// order.
func Load(sources []Source, env Env) ([]*Query, *diag.List) {
	var diags diag.List
	byName := map[string]*Query{}
	inputs := map[string]bool{}
	for _, t := range env.Tables {
		inputs[strings.ToLower(t)] = true
	}
	funcs := map[string]bool{}
	for _, f := range env.Functions {
		funcs[strings.ToLower(f)] = true
	}
	for _, src := range sources {
		seen := map[string]string{}
		entries, err := fs.ReadDir(src.FS, ".")
		if err != nil {
			diags.Errorf(src.Display, 0, 0, "cannot read query folder: %v", err)
			continue
		}
		for _, e := range entries {
			if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
				continue
			}
			display := path.Join(src.Display, e.Name())
			m := fileNameRe.FindStringSubmatch(e.Name())
			if m == nil {
				diags.Errorf(display, 0, 0, "query file name must be NNN_name.sql with name in lower case letters, digits and _ (e.g. 040_spend_by_vendor.sql)")
				continue
			}
			num, _ := strconv.Atoi(m[1])
			name := m[2]
			if prev, ok := seen[name]; ok {
				diags.Errorf(display, 0, 0, "view %q is also defined by %s; rename one of them", name, prev)
				continue
			}
			seen[name] = display
			if inputs[name] {
				diags.Errorf(display, 0, 0, "view %q would hide the input table of that name; rename the file (input tables: %s)", name, strings.Join(sortedCopy(env.Tables), ", "))
				continue
			}
			if funcs[name] {
				diags.Errorf(display, 0, 0, "view %q is named like a DuckDB function or macro; rename the file", name)
				continue
			}
			data, err := fs.ReadFile(src.FS, e.Name())
			if err != nil {
				diags.Errorf(display, 0, 0, "cannot read: %v", err)
				continue
			}
			q, d := Parse(display, name, num, data, env.Parse)
			diags.Append(d)
			if q != nil {
				if prev, ok := byName[name]; ok {
					q.Replaces = prev.File
				}
				byName[name] = q
			}
		}
	}
	var qs []*Query
	for _, q := range byName {
		qs = append(qs, q)
	}
	sort.Slice(qs, func(i, j int) bool {
		if qs[i].Num != qs[j].Num {
			return qs[i].Num < qs[j].Num
		}
		return qs[i].Name < qs[j].Name
	})
	ordered := resolve(qs, env.Tables, &diags)
	return ordered, &diags
}

// Parse parses one query file with DuckDB's parser. name and num come from
// its file name.
func Parse(file, name string, num int, data []byte, parse Parser) (*Query, *diag.List) {
	var diags diag.List
	text := strings.TrimPrefix(string(data), "\ufeff")
	sum := sha256.Sum256(data)
	q := &Query{Name: name, File: file, Num: num, Text: text, Kind: "view", SHA256: hex.EncodeToString(sum[:])}
	seen := map[string]int{}
	lines := strings.Split(text, "\n")
	body := false
	bodyOff, lineOff := 0, 0
	for i, raw := range lines {
		if i > 0 {
			lineOff += len(lines[i-1]) + 1
		}
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			body = true
			bodyOff = lineOff + len(raw) - len(strings.TrimLeft(raw, " \t\r\f\v"))
			break
		}
		m := headerKeyRe.FindStringSubmatch(line)
		if m == nil {
			continue // a free comment
		}
		ln := i + 1
		col := strings.Index(raw, m[1]) + 1
		key, val := m[1], strings.TrimSpace(m[2])
		if !contains(Keys, key) {
			diags.Errorf(file, ln, col, "unknown header key %q (valid keys: %s)", key, strings.Join(Keys, ", "))
			continue
		}
		if prev, ok := seen[key]; ok {
			diags.Errorf(file, ln, col, "header key %q repeated (first at line %d)", key, prev)
			continue
		}
		seen[key] = ln
		after := raw[strings.Index(raw, ":")+1:]
		vcol := len(raw) - len(after) + len(after) - len(strings.TrimLeft(after, " \t")) + 1
		if val == "" {
			diags.Errorf(file, ln, vcol, "header key %q has no value", key)
			continue
		}
		switch key {
		case "title":
			q.Title = val
		case "description":
			q.Description = val
		case "sheet":
			q.Sheet = val
		case "kind":
			if !contains(kinds, val) {
				diags.Errorf(file, ln, vcol, "kind %q is not valid (valid: %s)", val, strings.Join(kinds, ", "))
			}
			q.Kind = val
		case "severity":
			if !contains(severities, val) {
				diags.Errorf(file, ln, vcol, "severity %q is not valid (valid: %s)", val, strings.Join(severities, ", "))
			}
			q.Severity = val
		case "hidden":
			switch val {
			case "true":
				q.Hidden = true
			case "false":
			default:
				diags.Errorf(file, ln, vcol, "hidden %q is not valid (valid: true, false)", val)
			}
		case "chart":
			c, err := parseChart(val)
			if err != nil {
				diags.Errorf(file, ln, vcol, "chart: %v", err)
				continue
			}
			q.Chart, q.ChartLine = c, ln
		}
	}
	if !body {
		diags.Errorf(file, 0, 0, "no SQL: the file must hold one SELECT after its header")
	}
	if q.Title == "" {
		q.Title = strings.ReplaceAll(name, "_", " ")
	}
	if q.Severity != "" && q.Kind != "check" {
		diags.Errorf(file, seen["severity"], 1, "severity applies only to kind: check")
	}
	if q.Kind == "check" && q.Severity == "" {
		q.Severity = "warning"
	}
	if q.Kind == "check" && q.Chart != nil {
		diags.Errorf(file, q.ChartLine, 1, "a check query has no chart")
	}
	if body {
		st, se, err := analyze(parse, text, bodyOff)
		switch {
		case err != nil:
			diags.Errorf(file, 0, 0, "DuckDB's parser failed: %v", err)
		case se != nil:
			l, c := Position(text, se.off)
			diags.Errorf(file, l, c, "%s", se.msg)
		default:
			q.tables, q.OrderBy = st.tables, st.orderBy
			for _, f := range st.funcs {
				if why, ok := forbidden[strings.ToLower(f.name)]; ok {
					l, c := Position(text, f.off)
					diags.Errorf(file, l, c, "%s() is not allowed: %s", f.name, why)
				}
			}
		}
	}
	if diags.HasErrors() {
		return nil, &diags
	}
	return q, &diags
}

func parseChart(val string) (*report.Chart, error) {
	fields := strings.Fields(val)
	c := &report.Chart{Type: fields[0]}
	if !contains(chartTypes, c.Type) {
		return nil, fmt.Errorf("type %q is not valid (valid: %s)", c.Type, strings.Join(chartTypes, ", "))
	}
	seen := map[string]bool{}
	for _, f := range fields[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok || v == "" {
			return nil, fmt.Errorf("%q is not key=column (valid keys: %s)", f, strings.Join(chartKeys, ", "))
		}
		if !contains(chartKeys, k) {
			return nil, fmt.Errorf("unknown key %q (valid keys: %s)", k, strings.Join(chartKeys, ", "))
		}
		if seen[k] {
			return nil, fmt.Errorf("key %q repeated", k)
		}
		seen[k] = true
		switch k {
		case "x":
			c.X = v
		case "y":
			c.Y = strings.Split(v, ",")
		case "series":
			c.Series = v
		case "size":
			c.Size = v
		}
	}
	if c.X == "" || len(c.Y) == 0 {
		return nil, fmt.Errorf("x= and y= are required (e.g. chart: %s x=portfolio y=actual_cost)", c.Type)
	}
	for _, y := range c.Y {
		if y == "" {
			return nil, fmt.Errorf("empty column in y=%s", strings.Join(c.Y, ","))
		}
	}
	return c, nil
}

// Position turns a byte offset in text into a 1-based line and column; a
// negative offset (no position known) gives 0, 0.
func Position(text string, off int) (line, col int) {
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		return 0, 0
	}
	before := text[:off]
	line = strings.Count(before, "\n") + 1
	col = off - (strings.LastIndex(before, "\n") + 1) + 1
	return line, col
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
