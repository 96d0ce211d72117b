package load

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/jira"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/warehouse"
)

// Options are what a load needs besides the input folder.
type Options struct {
	// Adapters are the source adapters, already checked by DuckDB's parser
	// (catalog.ParseAdapter). A table fed by adapters is not read from a file.
	Adapters []*Adapter
	// Scratch is a folder for the adapters' sandbox database ("" makes a
	// temporary one); Warehouse tunes that database.
	Scratch   string
	Warehouse warehouse.Options
}

// Adapter is one source adapter for a contract table.
type Adapter struct {
	Table  string
	Parsed *catalog.Adapter
	// Line, when set, places every problem of the adapter on this line of
	// Parsed.File: a preset named in the config file has no SQL of its own.
	Line int
}

// origin is an adapter as the loader runs it.
type origin struct {
	a      *Adapter
	table  string            // its result in the sandbox database
	types  map[string]string // output column (lower case) -> DuckDB type
	names  map[string]string // output column (lower case) -> name as returned
	order  []string          // output columns (lower case), in order
	failed bool
	files  []rawFile // the files it read, by name
}

// rawFile is a file an adapter read, as the run's inputs record it.
type rawFile struct {
	shown  string // relative to the input folder, slash-separated
	sha256 string
}

const sourcesDB = "throughline_sources"

//go:embed presets/*.sql
var presetFS embed.FS

// goPresets are the presets written in Go, as table functions.
var goPresets = []string{"jira_issues", "read_xlsx"}

// Readers lists the table functions whose first argument is a file path:
// DuckDB's readers and the presets. A relative path given to one of them as
// a string literal is read from the input folder.
func Readers() map[string]bool {
	m := map[string]bool{}
	for _, f := range []string{"read_csv", "read_csv_auto", "sniff_csv", "read_parquet", "parquet_scan",
		"parquet_metadata", "parquet_schema", "parquet_file_metadata", "parquet_kv_metadata",
		"read_json", "read_json_auto", "read_json_objects", "read_json_objects_auto", "read_ndjson",
		"read_ndjson_auto", "read_ndjson_objects", "read_text", "read_blob", "glob"} {
		m[f] = true
	}
	for _, p := range Presets() {
		m[p] = true
	}
	return m
}

// Presets lists the preset table functions usable in an adapter.
func Presets() []string {
	ps := append([]string(nil), goPresets...)
	entries, _ := fs.ReadDir(presetFS, "presets")
	for _, e := range entries {
		ps = append(ps, strings.TrimSuffix(e.Name(), ".sql"))
	}
	sort.Strings(ps)
	return ps
}

func isTable(t string) bool {
	for _, f := range Contract {
		if f.Table == t {
			return true
		}
	}
	return false
}

// choose decides where a table comes from: its adapters, or exactly one of
// <table>.csv, .parquet, .xlsx. Giving it twice is an error naming both.
func (st *fileState) choose(dir, shownDir string, adapters []*Adapter, diags *diag.List) bool {
	var given []string
	kinds := map[string]sourceKind{".csv": fromCSV, ".parquet": fromParquet, ".xlsx": fromXLSX}
	st.kind = fromCSV
	for _, ext := range []string{".csv", ".parquet", ".xlsx"} {
		name := st.spec.Table + ext
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			given = append(given, filepath.ToSlash(filepath.Join(shownDir, name)))
			if len(given) == 1 {
				st.kind = kinds[ext]
				st.path = filepath.Join(dir, name)
				st.shown = given[0]
			}
		}
	}
	if len(adapters) > 0 {
		st.kind = fromAdapters
		for i, a := range adapters {
			st.origins = append(st.origins, &origin{a: a, table: fmt.Sprintf("src_%s_%d", st.spec.Table, i)})
		}
		if len(given) > 0 {
			diags.Errorf(adapters[0].Parsed.File, adapters[0].Line, 0, "%s is given by this adapter and by %s; remove one", st.spec.Table, strings.Join(given, " and "))
			return false
		}
		return true
	}
	if len(given) > 1 {
		diags.Errorf(given[1], 0, 0, "%s is given twice (%s); keep one", st.spec.Table, strings.Join(given, " and "))
		st.kind = -1
		return false
	}
	return true
}

// name is how the table is named when another table refers to it.
func (st *fileState) name() string {
	switch st.kind {
	case fromAdapters:
		return st.spec.Table
	case fromCSV:
		return st.spec.Name
	}
	return filepath.Base(st.shown)
}

// at is where a raw row came from (see posCols).
type at struct {
	rowid, src, row, line int64
	note                  string
}

func readAt(v []any) at {
	n := func(x any) int64 {
		switch y := x.(type) {
		case int64:
			return y
		case int32:
			return int64(y)
		}
		return -1
	}
	a := at{rowid: n(v[0]), src: n(v[1]), row: n(v[2]), line: n(v[3])}
	a.note, _ = v[4].(string)
	return a
}

// where places a problem with column col of a row: the file, line and
// column to show, and a note to add to the message.
func (st *fileState) where(a at, col string) (file string, line, c int, note string) {
	switch st.kind {
	case fromCSV:
		return st.shown, st.recordLine(a.rowid), st.cols[col], ""
	case fromAdapters:
		if a.src < 0 || int(a.src) >= len(st.origins) {
			return st.spec.Table, 0, 0, ""
		}
		o := st.origins[a.src]
		file, line, c = o.place(col)
		note = fmt.Sprintf(" (result row %d", a.row)
		if a.note != "" {
			note += ", from " + a.note
		}
		return file, line, c, note + ")"
	}
	return st.shown, int(a.line), st.cols[col], ""
}

// ref names a row in a message: "line 7", "row 7", "result row 7 of
// sources/spend.sql (from ledger.csv line 9)".
func (st *fileState) ref(a at) string {
	switch st.kind {
	case fromCSV:
		return fmt.Sprintf("line %d", st.recordLine(a.rowid))
	case fromAdapters:
		if a.src < 0 || int(a.src) >= len(st.origins) {
			return fmt.Sprintf("row %d", a.rowid+1)
		}
		s := fmt.Sprintf("result row %d of %s", a.row, st.origins[a.src].a.Parsed.File)
		if a.note != "" {
			s += " (from " + a.note + ")"
		}
		return s
	}
	return fmt.Sprintf("row %d", a.line)
}

// place is the adapter's file and the line and column of the expression
// that gives col (or of its SELECT, when the column is not named there).
func (o *origin) place(col string) (string, int, int) {
	p := o.a.Parsed
	if o.a.Line > 0 {
		return p.File, o.a.Line, 0
	}
	off, ok := p.Columns[col]
	if !ok {
		off = p.Body
	}
	l, c := catalog.Position(p.Text, off)
	return p.File, l, c
}

func (o *origin) at(off int) (string, int, int) {
	p := o.a.Parsed
	if o.a.Line > 0 || off < 0 {
		if o.a.Line > 0 {
			return p.File, o.a.Line, 0
		}
		off = p.Body
	}
	l, c := catalog.Position(p.Text, off)
	return p.File, l, c
}

// runAdapters runs every adapter in the source sandbox (a database of its
// own that reads only inside dir) and attaches their results to db.
func runAdapters(ctx context.Context, db *warehouse.DB, dir string, opt Options, order []*fileState, diags *diag.List) error {
	var origins []*origin
	for _, st := range order {
		if st.kind == fromAdapters {
			origins = append(origins, st.origins...)
		}
	}
	if len(origins) == 0 {
		return nil
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	scratch := opt.Scratch
	if scratch == "" {
		if scratch, err = os.MkdirTemp("", "throughline-sources-"); err != nil {
			return fmt.Errorf("source sandbox: %w", err)
		}
		defer os.RemoveAll(scratch)
	}
	file := filepath.Join(scratch, fmt.Sprintf("sources-%d.duckdb", os.Getpid()))
	defer os.Remove(file + ".wal")
	defer os.Remove(file)
	wo := opt.Warehouse
	if wo.TempDir == "" {
		wo.TempDir = scratch
	}
	sdb, err := warehouse.OpenSources(ctx, wo, file, absDir)
	if err != nil {
		return err
	}
	closed := false
	defer func() {
		if !closed {
			sdb.Close()
		}
	}()
	if err := definePresets(ctx, sdb, absDir, diags); err != nil {
		return err
	}
	if err := sdb.LockConfiguration(ctx); err != nil {
		return err
	}
	any := false
	for _, o := range origins {
		o.warnComputed(diags)
		ok, err := o.run(ctx, sdb, absDir, diags)
		if err != nil {
			return err
		}
		if !ok {
			o.failed = true
			continue
		}
		if err := o.readFiles(ctx, sdb, absDir, diags); err != nil {
			return err
		}
		any = true
	}
	closed = true
	if err := sdb.Close(); err != nil {
		return fmt.Errorf("close the source sandbox: %w", err)
	}
	if !any {
		return nil
	}
	return db.Exec(ctx, fmt.Sprintf("ATTACH %s AS %s (READ_ONLY)", warehouse.Quote(file), sourcesDB))
}

// run runs one adapter into its table. Relative paths in string literals
// given to a reader are made absolute in the input folder first: the
// sandbox refuses every relative path, since DuckDB checks a path against
// allowed_directories before it searches for it.
func (o *origin) run(ctx context.Context, sdb *warehouse.DB, absDir string, diags *diag.List) (bool, error) {
	p := o.a.Parsed
	type edit struct{ off, end, newOff, newEnd int }
	var edits []edit
	var b strings.Builder
	last := p.Body
	for _, l := range p.Paths {
		if l.Off < p.Body {
			continue
		}
		v := l.Value
		if v == "" || filepath.IsAbs(v) || strings.Contains(v, "://") {
			continue
		}
		b.WriteString(p.Text[last:l.Off])
		e := edit{off: l.Off, end: l.End, newOff: b.Len()}
		b.WriteString(warehouse.Quote(filepath.Join(absDir, v)))
		e.newEnd = b.Len()
		edits = append(edits, e)
		last = l.End
	}
	b.WriteString(p.Text[last:])
	body := strings.TrimRight(strings.TrimSpace(b.String()), ";")
	lead := len(b.String()) - len(strings.TrimLeft(b.String(), " \t\r\n"))
	prefix := "CREATE TABLE " + warehouse.Ident(o.table) + " AS "
	// original maps an offset in the rewritten body back to the file.
	original := func(off int) int {
		off += lead
		shift := 0
		for _, e := range edits {
			if off >= e.newEnd {
				shift += (e.end - e.off) - (e.newEnd - e.newOff)
				continue
			}
			if off >= e.newOff {
				return e.off
			}
			break
		}
		return p.Body + off + shift
	}
	if err := sdb.Exec(ctx, prefix+body); err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		se := warehouse.AsSQLError(err)
		if se == nil {
			return false, fmt.Errorf("run %s: %w", p.File, err)
		}
		msg, off := warehouse.JSONError(se.Msg)
		if off >= len(prefix) {
			off = original(off - len(prefix))
		} else {
			off = -1
		}
		if off < 0 {
			// DuckDB gave no position: place it at the path it names.
			for _, l := range p.Paths {
				if strings.Contains(msg, `"`+l.Value+`"`) || strings.Contains(msg, `"`+filepath.Join(absDir, l.Value)+`"`) {
					off = l.Off
					break
				}
			}
		}
		file, line, col := o.at(off)
		if strings.HasPrefix(msg, "Permission error") {
			msg += " (an adapter reads only inside the input folder; give paths relative to it)"
		}
		diags.Errorf(file, line, col, "%s", msg)
		return false, nil
	}
	o.types, o.names = map[string]string{}, map[string]string{}
	err := sdb.Rows(ctx, fmt.Sprintf("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position", warehouse.Quote(o.table)), func(v []any) error {
		name, _ := v[0].(string)
		typ, _ := v[1].(string)
		low := strings.ToLower(strings.TrimSpace(name))
		if _, dup := o.types[low]; dup {
			file, line, col := o.at(p.Columns[low])
			diags.Errorf(file, line, col, "column %q is returned twice; name each column once", low)
			return nil
		}
		o.types[low], o.names[low] = typ, name
		o.order = append(o.order, low)
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("describe %s: %w", p.File, err)
	}
	return true, nil
}

// warnComputed warns of each file argument the adapter computes: what it
// reads is known only as it runs, so it cannot be recorded and hashed.
func (o *origin) warnComputed(diags *diag.List) {
	for _, c := range o.a.Parsed.Computed {
		if c.Reader == "glob" {
			continue // lists names; reads no file
		}
		file, line, col := o.at(c.Off)
		diags.Warnf(file, line, col, "%s reads a file named by an expression: the run's inputs cannot record or hash it; give the path as a string literal (or a list of them) to record it", c.Reader)
	}
}

// readFiles finds and hashes the files the adapter read, from the paths it
// gives its readers as string literals: a DuckDB reader's path is expanded
// by DuckDB's glob() in the sandbox, as the reader did; a Go preset's is
// the one file it names.
func (o *origin) readFiles(ctx context.Context, sdb *warehouse.DB, absDir string, diags *diag.List) error {
	p := o.a.Parsed
	seen := map[string]bool{}
	for _, l := range p.Paths {
		v := l.Value
		if l.Off < p.Body || l.Reader == "glob" || v == "" || strings.Contains(v, "://") {
			continue
		}
		if !filepath.IsAbs(v) {
			v = filepath.Join(absDir, v)
		}
		var matched []string
		if slices.Contains(goPresets, l.Reader) {
			matched = []string{v}
		} else {
			err := sdb.Rows(ctx, "SELECT file FROM glob("+warehouse.Quote(v)+") ORDER BY file", func(vals []any) error {
				if f, ok := vals[0].(string); ok {
					matched = append(matched, f)
				}
				return nil
			})
			if err != nil {
				file, line, col := o.at(l.Off)
				msg := err.Error()
				if se := warehouse.AsSQLError(err); se != nil {
					msg, _ = warehouse.JSONError(se.Msg)
				}
				diags.Warnf(file, line, col, "cannot list the files read here to record them: %s", msg)
				continue
			}
		}
		for _, f := range matched {
			shown := filepath.ToSlash(f)
			if rel, err := filepath.Rel(absDir, f); err == nil && !strings.HasPrefix(rel, "..") {
				shown = filepath.ToSlash(rel)
			}
			if seen[shown] {
				continue
			}
			seen[shown] = true
			real, err := inside(absDir, f)
			if err == nil {
				var sum string
				if sum, err = hashFile(real); err == nil {
					o.files = append(o.files, rawFile{shown: shown, sha256: sum})
					continue
				}
			}
			file, line, col := o.at(l.Off)
			diags.Warnf(file, line, col, "cannot hash %s to record it: %v", shown, err)
		}
	}
	sort.Slice(o.files, func(i, j int) bool { return o.files[i].shown < o.files[j].shown })
	return ctx.Err()
}

// rawInputs lists the files a table's adapters read, by name, each once
// with every adapter that read it. Rows are not known: an adapter's result
// row need not be a record of one file.
func (st *fileState) rawInputs() []report.Input {
	var ins []report.Input
	at := map[string]int{}
	for _, o := range st.origins {
		for _, f := range o.files {
			i, ok := at[f.shown]
			if !ok {
				i = len(ins)
				at[f.shown] = i
				ins = append(ins, report.Input{File: f.shown, SHA256: f.sha256})
			}
			if !slices.Contains(ins[i].ReadBy, o.a.Parsed.File) {
				ins[i].ReadBy = append(ins[i].ReadBy, o.a.Parsed.File)
			}
		}
	}
	for i := range ins {
		sort.Strings(ins[i].ReadBy)
	}
	sort.SliceStable(ins, func(i, j int) bool { return ins[i].File < ins[j].File })
	return ins
}

// addInputs appends a table's inputs to the run's: a file an earlier
// table's adapter read too is listed once, with every adapter that read it.
func addInputs(all, ins []report.Input) []report.Input {
	for _, in := range ins {
		merged := false
		if len(in.ReadBy) > 0 {
			for i := range all {
				if len(all[i].ReadBy) > 0 && all[i].File == in.File {
					for _, r := range in.ReadBy {
						if !slices.Contains(all[i].ReadBy, r) {
							all[i].ReadBy = append(all[i].ReadBy, r)
						}
					}
					sort.Strings(all[i].ReadBy)
					merged = true
					break
				}
			}
		}
		if !merged {
			all = append(all, in)
		}
	}
	return all
}

// openAdapters stages the attached results of a table's adapters as its raw
// table: every contract column as trimmed text, in adapter then row order.
func (st *fileState) openAdapters(ctx context.Context, db *warehouse.DB, diags *diag.List) ([]report.Input, error) {
	st.exists = true
	st.cols = map[string]int{}
	var ins []report.Input
	var parts []string
	failed := false
	lines := true
	for i, o := range st.origins {
		p := o.a.Parsed
		sum := sha256.Sum256([]byte(p.Text))
		in := report.Input{File: p.File, SHA256: hex.EncodeToString(sum[:])}
		if o.failed {
			failed = true
			ins = append(ins, in)
			continue
		}
		var extra []string
		firstExtra := -1
		for _, c := range o.order {
			if st.spec.column(c) == nil && c != "source_line" && c != "source_file" {
				extra = append(extra, strconv.Quote(c))
				if firstExtra < 0 {
					if off, ok := p.Columns[c]; ok {
						firstExtra = off
					}
				}
			}
		}
		if len(extra) > 0 {
			file, line, col := o.at(firstExtra)
			diags.Warnf(file, line, col, "extra columns ignored: %s", strings.Join(extra, ", "))
		}
		var missing []string
		for _, c := range st.spec.Columns {
			if _, ok := o.types[c.Name]; ok {
				st.cols[c.Name] = 1
			} else if c.Required {
				missing = append(missing, strconv.Quote(c.Name))
			}
		}
		if len(missing) > 0 {
			file, line, col := o.at(-1)
			words := "column"
			if len(missing) > 1 {
				words = "columns"
			}
			var has []string
			for _, c := range o.order {
				has = append(has, strconv.Quote(o.names[c]))
			}
			diags.Errorf(file, line, col, "missing required %s %s (the adapter returns: %s)", words, strings.Join(missing, ", "), strings.Join(has, ", "))
			failed = true
		}
		var sel []string
		for _, c := range st.spec.Columns {
			typ, ok := o.types[c.Name]
			if !ok {
				sel = append(sel, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
				continue
			}
			sel = append(sel, fmt.Sprintf("NULLIF(trim(%s), '') AS %s", asText(warehouse.Ident(o.names[c.Name]), typ, c.Kind), warehouse.Ident(c.Name)))
		}
		line, note := "CAST(NULL AS BIGINT)", "CAST(NULL AS VARCHAR)"
		if _, ok := o.types["source_line"]; ok {
			line = "TRY_CAST(source_line AS BIGINT)"
			note = "'line ' || CAST(source_line AS VARCHAR)"
			if _, ok := o.types["source_file"]; ok {
				note = "CAST(source_file AS VARCHAR) || ' ' || " + note
			}
		} else {
			lines = false
		}
		sel = append(sel, fmt.Sprintf("CAST(%d AS INTEGER) AS __src, CAST(rowid + 1 AS BIGINT) AS __row, %s AS __line, %s AS __note", i, line, note))
		parts = append(parts, fmt.Sprintf("SELECT %s FROM %s.%s", strings.Join(sel, ", "), sourcesDB, warehouse.Ident(o.table)))
		if err := db.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %s.%s", sourcesDB, warehouse.Ident(o.table)), &in.Rows); err != nil {
			return nil, err
		}
		ins = append(ins, in)
	}
	ins = append(ins, st.rawInputs()...)
	if failed {
		return ins, nil
	}
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT * FROM (%s) ORDER BY __src, __row", warehouse.Ident(st.raw), strings.Join(parts, "\nUNION ALL BY NAME\n"))
	if err := db.Exec(ctx, q); err != nil {
		se := warehouse.AsSQLError(err)
		if se == nil {
			return nil, fmt.Errorf("stage %s: %w", st.spec.Table, err)
		}
		file, line, col := st.origins[0].at(-1)
		diags.Errorf(file, line, col, "cannot stage the result as text: %s", sqlMessage(err))
		return ins, nil
	}
	if lines && st.spec.Lines {
		// Each row's source_line becomes spend.source_line only when every
		// row has one and no two rows share one.
		var ok bool
		if err := db.QueryRow(ctx, fmt.Sprintf("SELECT count(__line) = count(*) AND count(DISTINCT __line) = count(*) FROM %s", warehouse.Ident(st.raw)), &ok); err != nil {
			return nil, err
		}
		st.rawLines = ok
	}
	st.ok = true
	return ins, nil
}

// asText is the SQL that turns a value of DuckDB type typ into the text a
// contract file would hold for a column of kind k.
func asText(v, typ string, k Kind) string {
	isTime := strings.HasPrefix(typ, "TIMESTAMP") || typ == "DATE"
	switch {
	case isTime && k == Date:
		return fmt.Sprintf("strftime(CAST(%s AS DATE), '%%Y-%%m-%%d')", v)
	case isTime && k == DateTime:
		return fmt.Sprintf("strftime(CAST(%s AS TIMESTAMP), '%%Y-%%m-%%d %%H:%%M:%%S')", v)
	}
	return fmt.Sprintf("CAST(%s AS VARCHAR)", v)
}

// hashFile returns a file's SHA-256.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// openParquet reads <table>.parquet: columns matched by name like a CSV
// header, every value as text; a row's "line" is its row number.
func (st *fileState) openParquet(ctx context.Context, db *warehouse.DB, diags *diag.List) (*report.Input, error) {
	st.exists = true
	sum, err := hashFile(st.path)
	if err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read: %v", err)
		return nil, nil
	}
	in := &report.Input{File: filepath.Base(st.path), SHA256: sum}
	var header, types []string
	err = db.Rows(ctx, fmt.Sprintf("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(%s))", warehouse.Quote(st.path)), func(v []any) error {
		n, _ := v[0].(string)
		t, _ := v[1].(string)
		header, types = append(header, n), append(types, t)
		return nil
	})
	if err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read as Parquet: %v", sqlMessage(err))
		return in, nil
	}
	st.mapHeader(header, 0, diags)
	var sel []string
	for _, c := range st.spec.Columns {
		if i, ok := st.cols[c.Name]; ok {
			sel = append(sel, fmt.Sprintf("NULLIF(trim(%s), '') AS %s", asText(warehouse.Ident(header[i-1]), types[i-1], c.Kind), warehouse.Ident(c.Name)))
		} else {
			sel = append(sel, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
		}
	}
	sel = append(sel, "CAST(NULL AS INTEGER) AS __src, CAST(NULL AS BIGINT) AS __row, CAST(file_row_number + 1 AS BIGINT) AS __line, CAST(NULL AS VARCHAR) AS __note")
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM read_parquet(%s, file_row_number = true) ORDER BY file_row_number",
		warehouse.Ident(st.raw), strings.Join(sel, ", "), warehouse.Quote(st.path))
	if err := db.Exec(ctx, q); err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read as Parquet: %v", sqlMessage(err))
		return in, nil
	}
	if err := db.QueryRow(ctx, "SELECT count(*) FROM "+warehouse.Ident(st.raw), &in.Rows); err != nil {
		return nil, err
	}
	st.ok = true
	return in, nil
}

// sheet is the rows of one worksheet, raw values (no number format).
type sheet struct {
	name string
	rows [][]string
	nums []int // the worksheet row of each row
}

// readSheet reads a worksheet with excelize's streaming reader: the one
// named want (any case) if there is one, else the first, unless strict.
func readSheet(path, want string, strict bool) (*sheet, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	list := f.GetSheetList()
	if len(list) == 0 {
		return nil, errors.New("the workbook has no worksheet")
	}
	name := ""
	for _, s := range list {
		if want != "" && strings.EqualFold(s, want) {
			name = s
		}
	}
	if name == "" {
		if strict && want != "" {
			return nil, fmt.Errorf("no sheet %q (sheets: %s)", want, strings.Join(list, ", "))
		}
		name = list[0]
	}
	rows, err := f.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	sh := &sheet{name: name}
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", n, err)
		}
		blank := true
		for _, c := range cols {
			if strings.TrimSpace(c) != "" {
				blank = false
				break
			}
		}
		if blank && len(sh.rows) > 0 {
			continue
		}
		if blank {
			continue
		}
		sh.rows = append(sh.rows, cols)
		sh.nums = append(sh.nums, n)
	}
	return sh, rows.Error()
}

// excelDate turns a date cell's serial number into YYYY-MM-DD (with the
// time when it has one); other text is returned as it is.
func excelDate(v string, withTime bool) string {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || f <= 0 {
		return v
	}
	t, err := excelize.ExcelDateToTime(f, false)
	if err != nil {
		return v
	}
	if withTime && (t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0) {
		return t.Format("2006-01-02 15:04:05")
	}
	return t.Format("2006-01-02")
}

// openXLSX reads <table>.xlsx: the sheet named after the table, else the
// first; its first non-blank row is the header. Rows are placed at their
// worksheet row, columns at their position (A = 1).
func (st *fileState) openXLSX(ctx context.Context, db *warehouse.DB, diags *diag.List) (*report.Input, error) {
	st.exists = true
	sum, err := hashFile(st.path)
	if err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read: %v", err)
		return nil, nil
	}
	in := &report.Input{File: filepath.Base(st.path), SHA256: sum}
	sh, err := readSheet(st.path, st.spec.Table, false)
	if err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read as XLSX: %v", err)
		return in, nil
	}
	if len(sh.rows) == 0 {
		diags.Errorf(st.shown, 0, 0, "sheet %q is empty; it needs at least a header row", sh.name)
		return in, nil
	}
	header := sh.rows[0]
	st.mapHeader(header, sh.nums[0], diags)
	stage := st.raw + "_xlsx"
	var defs []string
	for i := range header {
		defs = append(defs, fmt.Sprintf("c%d VARCHAR", i))
	}
	defs = append(defs, "__line BIGINT")
	if err := db.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s (%s)", warehouse.Ident(stage), strings.Join(defs, ", "))); err != nil {
		return nil, err
	}
	kindOf := map[int]Kind{}
	for _, c := range st.spec.Columns {
		if i, ok := st.cols[c.Name]; ok {
			kindOf[i-1] = c.Kind
		}
	}
	rows := make([][]any, 0, len(sh.rows)-1)
	for r, cells := range sh.rows[1:] {
		row := make([]any, len(header)+1)
		for i := range header {
			if i >= len(cells) {
				continue
			}
			v := cells[i]
			switch kindOf[i] {
			case Date:
				v = excelDate(v, false)
			case DateTime:
				v = excelDate(v, true)
			}
			row[i] = v
		}
		if len(cells) > len(header) {
			for _, extra := range cells[len(header):] {
				if strings.TrimSpace(extra) != "" {
					diags.Errorf(st.shown, sh.nums[r+1], len(header)+1, "row has values beyond the header's %d columns", len(header))
					break
				}
			}
		}
		row[len(header)] = int64(sh.nums[r+1])
		rows = append(rows, row)
	}
	if err := db.Append(ctx, stage, rows); err != nil {
		return nil, err
	}
	var sel []string
	for _, c := range st.spec.Columns {
		if i, ok := st.cols[c.Name]; ok {
			sel = append(sel, fmt.Sprintf("NULLIF(trim(c%d), '') AS %s", i-1, warehouse.Ident(c.Name)))
		} else {
			sel = append(sel, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
		}
	}
	sel = append(sel, "CAST(NULL AS INTEGER) AS __src, CAST(NULL AS BIGINT) AS __row, __line, CAST(NULL AS VARCHAR) AS __note")
	q := fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM %s ORDER BY __line; DROP TABLE %s",
		warehouse.Ident(st.raw), strings.Join(sel, ", "), warehouse.Ident(stage), warehouse.Ident(stage))
	if err := db.Exec(ctx, q); err != nil {
		return nil, err
	}
	in.Rows = int64(len(rows))
	st.ok = true
	return in, nil
}

// inside resolves path (relative to the input folder absDir) and refuses
// one outside it, symbolic links followed.
func inside(absDir, path string) (string, error) {
	p := path
	if !filepath.IsAbs(p) {
		p = filepath.Join(absDir, p)
	}
	p = filepath.Clean(p)
	outside := func(root, p string) bool {
		rel, err := filepath.Rel(root, p)
		return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	refused := fmt.Errorf("cannot read %q: an adapter reads only inside the input folder", path)
	if outside(absDir, p) {
		return "", refused
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", fmt.Errorf("cannot read %q: %w", path, errors.Unwrap(err))
	}
	root, err := filepath.EvalSymlinks(absDir)
	if err != nil {
		return "", err
	}
	if outside(root, real) {
		return "", refused
	}
	return real, nil
}

// definePresets defines the presets in the sandbox: the SQL ones as table
// macros, the Go ones (a Jira export, an XLSX sheet) as table functions
// that read only inside the input folder.
func definePresets(ctx context.Context, sdb *warehouse.DB, absDir string, diags *diag.List) error {
	entries, err := fs.ReadDir(presetFS, "presets")
	if err != nil {
		return err
	}
	// A preset may use another: define them in passes until all are.
	pending := entries
	for len(pending) > 0 {
		var later []fs.DirEntry
		var lastErr error
		for _, e := range pending {
			sql, err := fs.ReadFile(presetFS, "presets/"+e.Name())
			if err != nil {
				return err
			}
			if err := sdb.Exec(ctx, string(sql)); err != nil {
				later, lastErr = append(later, e), fmt.Errorf("define preset %s: %w", e.Name(), err)
			}
		}
		if len(later) == len(pending) {
			return lastErr
		}
		pending = later
	}
	shown := func(p string) string {
		if rel, err := filepath.Rel(absDir, p); err == nil {
			return filepath.ToSlash(rel)
		}
		return p
	}
	err = sdb.RegisterTableFunc("jira_issues", warehouse.TableFunc{Args: 1, Optional: 1,
		Bind: func(args []string) (*warehouse.TextTable, error) {
			path, err := inside(absDir, args[0])
			if err != nil {
				return nil, err
			}
			layout := jira.DefaultLayout
			if len(args) > 1 {
				layout = args[1]
			}
			if err := jira.CheckLayout(layout); err != nil {
				return nil, fmt.Errorf("date_format: %v", err)
			}
			f, err := os.Open(path)
			if err != nil {
				return nil, err
			}
			defer f.Close()
			res, err := jira.Read(f, jira.Options{File: shown(path), DateLayout: layout})
			if err != nil {
				return nil, err
			}
			diags.Append(&res.Diags)
			if res.Diags.HasErrors() {
				return nil, fmt.Errorf("%s has %d problems (listed at their lines)", shown(path), len(res.Diags.Errors()))
			}
			t := &warehouse.TextTable{Columns: []string{"issue_key", "epic_key", "story_points", "status", "created", "resolved", "source_file", "source_line"}}
			for _, is := range res.Issues {
				t.Rows = append(t.Rows, []any{is.Key, is.Epic, is.Points, is.Status, is.Created, is.Resolved, shown(path), strconv.Itoa(is.Line)})
			}
			return t, nil
		}})
	if err != nil {
		return err
	}
	return sdb.RegisterTableFunc("read_xlsx", warehouse.TableFunc{Args: 1, Optional: 2,
		Bind: func(args []string) (*warehouse.TextTable, error) {
			path, err := inside(absDir, args[0])
			if err != nil {
				return nil, err
			}
			header, want := true, ""
			if len(args) > 1 {
				want = args[1]
			}
			if len(args) > 2 {
				if header, err = strconv.ParseBool(args[2]); err != nil {
					return nil, fmt.Errorf("read_xlsx's third argument (header) is %q, not 'true' or 'false'", args[2])
				}
			}
			sh, err := readSheet(path, want, true)
			if err != nil {
				return nil, fmt.Errorf("read_xlsx %s: %v", shown(path), err)
			}
			width := 0
			for _, r := range sh.rows {
				width = max(width, len(r))
			}
			t := &warehouse.TextTable{}
			seen := map[string]bool{"source_line": true}
			body := sh.rows
			for i := range width {
				name, _ := excelize.ColumnNumberToName(i + 1)
				if header && len(sh.rows) > 0 && i < len(sh.rows[0]) && strings.TrimSpace(sh.rows[0][i]) != "" {
					name = strings.TrimSpace(sh.rows[0][i])
				}
				for seen[strings.ToLower(name)] {
					name += "_"
				}
				seen[strings.ToLower(name)] = true
				t.Columns = append(t.Columns, name)
			}
			t.Columns = append(t.Columns, "source_line")
			nums := sh.nums
			if header && len(body) > 0 {
				body, nums = body[1:], nums[1:]
			}
			for r, cells := range body {
				row := make([]any, width+1)
				for i, c := range cells {
					row[i] = c
				}
				row[width] = strconv.Itoa(nums[r])
				t.Rows = append(t.Rows, row)
			}
			return t, nil
		}})
}

// AdapterTable is the contract table an adapter file feeds, from its name:
// <table>.sql or <table>.<name>.sql.
func AdapterTable(file string) string {
	base := strings.TrimSuffix(filepath.Base(file), ".sql")
	t, _, _ := strings.Cut(base, ".")
	return t
}
