// Package catalog reads the query catalog: numbered SQL files, each one
// SELECT that becomes a DuckDB view, with a small header of `-- key: value`
// lines saying how the view is shown. It checks the headers and the
// references between views, and orders views so each is created after the
// views it reads, all before any data is touched.
package catalog

import (
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
// earlier one of the same view name. tables are the names views may read
// besides each other (the contract tables). The result is in creation order.
func Load(sources []Source, tables []string) ([]*Query, *diag.List) {
	var diags diag.List
	byName := map[string]*Query{}
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
			data, err := fs.ReadFile(src.FS, e.Name())
			if err != nil {
				diags.Errorf(display, 0, 0, "cannot read: %v", err)
				continue
			}
			q, d := Parse(display, name, num, data)
			diags.Append(d)
			if q != nil {
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
	ordered := resolve(qs, tables, &diags)
	return ordered, &diags
}

// Parse parses one query file. name and num come from its file name.
func Parse(file, name string, num int, data []byte) (*Query, *diag.List) {
	var diags diag.List
	text := strings.TrimPrefix(string(data), "\ufeff")
	q := &Query{Name: name, File: file, Num: num, Text: text, Kind: "view"}
	seen := map[string]int{}
	lines := strings.Split(text, "\n")
	body := false
	for i, raw := range lines {
		line := strings.TrimSpace(strings.TrimSuffix(raw, "\r"))
		if line == "" {
			continue
		}
		if !strings.HasPrefix(line, "--") {
			body = true
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
	if off := statementEnd(text); off >= 0 {
		l, c := Position(text, off)
		diags.Errorf(file, l, c, "only one statement is allowed per query file; remove the ';' and what follows")
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

// Position turns a byte offset in text into a 1-based line and column.
func Position(text string, off int) (line, col int) {
	if off > len(text) {
		off = len(text)
	}
	if off < 0 {
		off = 0
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
