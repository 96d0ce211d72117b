package build

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/warehouse"
)

// presetFuncs maps a config preset and table to the table function that
// reads it.
var presetFuncs = map[string]map[string]string{
	"jira":        {"issues": "jira_issues"},
	"itdashboard": {"initiatives": "itdashboard_initiatives", "milestones": "itdashboard_milestones"},
}

// adapters reads the source adapters (the sources folder and the config's
// presets) and checks each with DuckDB's parser, before any data is read.
func (r *runner) adapters(ctx context.Context, parser *warehouse.Parser) []*load.Adapter {
	parse := func(sql string) ([]byte, error) { return parser.SerializeSQL(ctx, sql) }
	readers := load.Readers()
	var out []*load.Adapter
	if dir := r.cfg.Sources; dir != "" {
		shownDir := strings.TrimSuffix(shown(dir), "/")
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			r.diags.Errorf(shownDir, 0, 0, "source adapter folder not found")
		} else {
			fsys := os.DirFS(dir)
			entries, err := fs.ReadDir(fsys, ".")
			if err != nil {
				r.diags.Errorf(shownDir, 0, 0, "cannot read source adapter folder: %v", err)
			}
			for _, e := range entries {
				if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
					continue
				}
				display := path.Join(shownDir, e.Name())
				data, err := fs.ReadFile(fsys, e.Name())
				if err != nil {
					r.diags.Errorf(display, 0, 0, "cannot read: %v", err)
					continue
				}
				a, d := catalog.ParseAdapter(display, data, parse, readers)
				r.diags.Append(d)
				if a != nil {
					out = append(out, &load.Adapter{Table: load.AdapterTable(e.Name()), Parsed: a})
				}
			}
		}
	}
	for _, p := range r.cfg.Presets {
		if a := r.preset(p, parse, readers); a != nil {
			out = append(out, a)
		}
	}
	return out
}

// preset turns a [presets.<table>] entry into the adapter it stands for.
func (r *runner) preset(p config.Preset, parse catalog.Parser, readers map[string]bool) *load.Adapter {
	byTable, ok := presetFuncs[p.Name]
	if !ok {
		var names []string
		for n := range presetFuncs {
			names = append(names, n)
		}
		sort.Strings(names)
		r.diags.Errorf(p.At, p.Line, 1, "presets.%s: unknown preset %q (presets: %s)", p.Table, p.Name, strings.Join(names, ", "))
		return nil
	}
	fn, ok := byTable[p.Table]
	if !ok {
		var tables []string
		for t := range byTable {
			tables = append(tables, t)
		}
		sort.Strings(tables)
		r.diags.Errorf(p.At, p.Line, 1, "presets.%s: preset %q gives %s, not %s", p.Table, p.Name, strings.Join(tables, " and "), p.Table)
		return nil
	}
	args := warehouse.Quote(p.File)
	if p.DateFormat != "" {
		if p.Name != "jira" {
			r.diags.Errorf(p.At, p.Line, 1, "presets.%s: date_format is for the jira preset only", p.Table)
			return nil
		}
		args += ", " + warehouse.Quote(p.DateFormat)
	}
	sql := fmt.Sprintf("SELECT * FROM %s(%s)", fn, args)
	a, d := catalog.ParseAdapter(p.At, []byte(sql), parse, readers)
	if d.HasErrors() || a == nil {
		r.diags.Errorf(p.At, p.Line, 1, "presets.%s: %s does not parse", p.Table, sql)
		return nil
	}
	return &load.Adapter{Table: p.Table, Parsed: a, Line: p.Line}
}
