package load

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/warehouse"
)

// perRule caps the rows fetched for one rule (one column and one kind of
// problem) so that a file with millions of bad rows still reports quickly;
// the rest are counted in a summary line.
const perRule = 100

// Result describes what was loaded.
type Result struct {
	Inputs  []report.Input
	Missing []string // optional files that were not supplied (loaded as empty)
	Fast    []string // files read, checked and typed in one pass (clean and large)
}

// fileState is what the loader learned about one file.
type fileState struct {
	spec    *File
	path    string // on disk
	shown   string // in messages
	exists  bool
	ok      bool           // header usable; raw table created
	cols    map[string]int // contract column -> 1-based field number in the file
	raw     string         // raw table name
	rejects []int          // DuckDB lines of rejected records
	lines   *lineIndex     // built lazily, only to place errors
	simple  bool           // every record is one line and no line is blank: line = rowid + 2
	fast    bool           // read, checked and typed in one pass (openFast): nothing left to do
	kind    sourceKind
	origins []*origin // adapters feeding the table, by __src
	// rawLines says that the raw table's __line is a unique line for every
	// row (an adapter's source_line), used for spend.source_line.
	rawLines bool
}

// sourceKind is how a contract table is given.
type sourceKind int

const (
	fromCSV sourceKind = iota
	fromParquet
	fromXLSX
	fromAdapters
)

// posCols are the raw table's columns that place a row: its rowid, and for
// tables not read from a CSV the adapter it came from (__src), its row in
// that adapter's result (__row), its line (an XLSX row, a Parquet row, an
// adapter's source_line) and a note on where it came from (__note).
const posCols = "rowid, __src, __row, __line, __note"

// noPos fills the position columns of a raw table read from a CSV, whose
// rows are placed by their rowid alone.
const noPos = "CAST(NULL AS INTEGER) AS __src, CAST(NULL AS BIGINT) AS __row, CAST(NULL AS BIGINT) AS __line, CAST(NULL AS VARCHAR) AS __note"

// Load reads every contract file from dir into tables named as in Contract.
// shownDir is how dir appears in messages (as the user gave it). Input
// problems are returned in the list; the error is for internal failures.
func Load(ctx context.Context, db *warehouse.DB, dir, shownDir string) (*Result, *diag.List, error) {
	return LoadWith(ctx, db, dir, shownDir, Options{})
}

// LoadWith is Load with source adapters and the other options.
func LoadWith(ctx context.Context, db *warehouse.DB, dir, shownDir string, opt Options) (*Result, *diag.List, error) {
	var diags diag.List
	res := &Result{}
	files := map[string]*fileState{}
	var order []*fileState
	byTable := map[string][]*Adapter{}
	for _, a := range opt.Adapters {
		byTable[a.Table] = append(byTable[a.Table], a)
	}
	for _, a := range opt.Adapters {
		if !isTable(a.Table) {
			diags.Errorf(a.Parsed.File, a.Line, 0, "%q is not a contract table (tables: %s); name the file <table>.sql or <table>.<name>.sql", a.Table, strings.Join(Tables(), ", "))
		}
	}
	for i := range Contract {
		spec := &Contract[i]
		st := &fileState{spec: spec, path: filepath.Join(dir, spec.Name), shown: filepath.ToSlash(filepath.Join(shownDir, spec.Name)), raw: "raw_" + spec.Table}
		files[spec.Name] = st
		order = append(order, st)
		if !st.choose(dir, shownDir, byTable[spec.Table], &diags) {
			continue
		}
	}
	// A contract table is a table or, from the one-pass read, a view over
	// its stage: what an earlier load into this database left under a
	// table's name goes first, so no name resolves to a stale one.
	for _, st := range order {
		if err := dropRelation(ctx, db, st.spec.Table); err != nil {
			return nil, nil, err
		}
	}
	if len(opt.Adapters) > 0 {
		if err := runAdapters(ctx, db, dir, opt, order, &diags); err != nil {
			return nil, nil, err
		}
	}
	for _, st := range order {
		var in *report.Input
		var err error
		switch st.kind {
		case fromCSV:
			in, err = st.open(ctx, db, &diags)
		case fromParquet:
			in, err = st.openParquet(ctx, db, &diags)
		case fromXLSX:
			in, err = st.openXLSX(ctx, db, &diags)
		case fromAdapters:
			var ins []report.Input
			ins, err = st.openAdapters(ctx, db, &diags)
			res.Inputs = addInputs(res.Inputs, ins)
		}
		if err != nil {
			return nil, nil, err
		}
		if in != nil {
			res.Inputs = append(res.Inputs, *in)
		}
		if !st.exists && st.ok {
			res.Missing = append(res.Missing, st.spec.Name)
		}
		if st.fast {
			res.Fast = append(res.Fast, st.spec.Name)
		}
	}
	if len(opt.Adapters) > 0 {
		if err := db.Exec(ctx, "DETACH DATABASE IF EXISTS "+sourcesDB); err != nil {
			return nil, nil, err
		}
	}
	for _, st := range order {
		if !st.ok || st.fast {
			continue
		}
		if err := st.checkValues(ctx, db, &diags); err != nil {
			return nil, nil, err
		}
		if err := st.checkKeys(ctx, db, files, &diags); err != nil {
			return nil, nil, err
		}
	}
	if !diags.HasErrors() {
		for _, st := range order {
			if st.fast {
				continue
			}
			if err := st.createTyped(ctx, db); err != nil {
				return nil, nil, fmt.Errorf("load %s: %w", st.spec.Name, err)
			}
		}
	}
	for _, st := range order {
		if st.ok {
			if err := db.Exec(ctx, "DROP TABLE IF EXISTS "+warehouse.Ident(st.raw)+"; DROP TABLE IF EXISTS "+warehouse.Ident(st.raw+"_lines")); err != nil {
				return nil, nil, err
			}
		}
	}
	return res, &diags, nil
}

// open checks the file's header, hashes it and reads it into a raw table of
// trimmed text, one row per record in file order (rowid = record index).
func (st *fileState) open(ctx context.Context, db *warehouse.DB, diags *diag.List) (*report.Input, error) {
	// Stat first: opening a named pipe would wait for a writer forever.
	fi, err := os.Stat(st.path)
	if err == nil && !fi.Mode().IsRegular() {
		diags.Errorf(st.shown, 0, 0, "not a regular file (%s); give the extract as a plain file", fileKind(fi.Mode()))
		return nil, nil
	}
	var f *os.File
	if err == nil {
		f, err = os.Open(st.path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		if st.spec.MustExist {
			diags.Errorf(st.shown, 0, 0, "required file is missing")
		} else {
			diags.Warnf(st.shown, 0, 0, "file not supplied; loaded as empty (the sections that need it say so)")
			st.exists = false
			st.ok = true
			st.cols = map[string]int{}
			return nil, st.createEmptyRaw(ctx, db)
		}
		return nil, nil
	}
	if err != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read: %v", err)
		return nil, nil
	}
	defer f.Close()
	st.exists = true
	br := bufio.NewReaderSize(f, 1<<16)
	header, herr := readHeader(br)
	if herr != nil {
		diags.Errorf(st.shown, 1, 0, "cannot read the header row: %v", herr)
		return st.hash(nil)
	}
	// The checksum and the shape scan read the whole file in Go; DuckDB
	// reads it at the same time on its own threads.
	type scanned struct {
		in  *report.Input
		err error
	}
	done := make(chan scanned, 1)
	go func() {
		in, err := st.hash(&st.simple)
		done <- scanned{in, err}
	}()
	var got *scanned
	wait := func() (*report.Input, error) {
		if got == nil {
			s := <-done
			got = &s
		}
		return got.in, got.err
	}
	errsBefore := len(diags.Errors())
	st.mapHeader(header, 1, diags)
	if len(diags.Errors()) == errsBefore && fastPath && st.fastable() {
		in, ok, err := st.openFast(ctx, db, header, wait)
		if err != nil || ok {
			return in, err
		}
		// Something is wrong in the file: read it again the positioned way,
		// which says what and where.
	}
	// Read every field as text: types are checked in SQL, so that a bad value
	// is reported with its position instead of failing the whole read.
	var cols, sel []string
	for i := range header {
		cols = append(cols, fmt.Sprintf("'c%d': 'VARCHAR'", i))
	}
	for _, c := range st.spec.Columns {
		if i, ok := st.cols[c.Name]; ok {
			sel = append(sel, fmt.Sprintf("NULLIF(trim(c%d), '') AS %s", i-1, warehouse.Ident(c.Name)))
		} else {
			sel = append(sel, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
		}
	}
	sel = append(sel, noPos)
	rej := "rejects_" + st.spec.Table
	q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT %s FROM read_csv(%s, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = {%s}, store_rejects = true, rejects_table = %s, rejects_scan = %s)`,
		warehouse.Ident(st.raw), strings.Join(sel, ", "), warehouse.Quote(st.path), strings.Join(cols, ", "), warehouse.Quote(rej), warehouse.Quote(rej+"_scan"))
	qerr := db.Exec(ctx, q)
	in, err := wait()
	if err != nil {
		return nil, err
	}
	if qerr != nil {
		diags.Errorf(st.shown, 0, 0, "cannot read as CSV: %v", sqlMessage(qerr))
		return in, nil
	}
	if err := db.QueryRow(ctx, "SELECT count(*) FROM "+warehouse.Ident(st.raw), &in.Rows); err != nil {
		return nil, err
	}
	// One message per malformed line: DuckDB rejects a row with too many
	// fields once per extra field, and the last (the highest column) says
	// how many fields the row really has.
	err = db.Rows(ctx, fmt.Sprintf("SELECT line, arg_max(error_type, coalesce(column_idx, -1)), arg_max(error_message, coalesce(column_idx, -1)) FROM %s GROUP BY line ORDER BY line", warehouse.Ident(rej)), func(v []any) error {
		line := int(v[0].(int64))
		st.rejects = append(st.rejects, line)
		if len(st.rejects) <= perRule {
			diags.Errorf(st.shown, st.physicalLine(line), 0, "%s", rejectMessage(v[1], v[2], len(header)))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if n := len(st.rejects); n > perRule {
		diags.Errorf(st.shown, 0, 0, "%d more malformed rows not shown", n-perRule)
	}
	if err := db.Exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s", warehouse.Ident(rej), warehouse.Ident(rej+"_scan"))); err != nil {
		return nil, err
	}
	st.ok = true
	return in, nil
}

// mapHeader matches a header row (on line) to the contract's columns:
// case and surrounding spaces ignored, a repeated name an error, extra
// columns one warning, missing required columns one error.
func (st *fileState) mapHeader(header []string, line int, diags *diag.List) {
	st.cols = map[string]int{}
	var extra []string
	firstExtra := 0
	for i, name := range header {
		name = strings.ToLower(strings.TrimSpace(name))
		if prev, dup := st.cols[name]; dup {
			diags.Errorf(st.shown, line, i+1, "column %q appears twice (first as column %d)", name, prev)
			continue
		}
		if st.spec.column(name) == nil {
			if name != "" {
				extra = append(extra, strconv.Quote(name))
			}
			if firstExtra == 0 {
				firstExtra = i + 1
			}
			continue
		}
		st.cols[name] = i + 1
	}
	if len(extra) > 0 {
		diags.Warnf(st.shown, line, firstExtra, "extra columns ignored: %s", strings.Join(extra, ", "))
	}
	var missing []string
	for _, c := range st.spec.Columns {
		if _, ok := st.cols[c.Name]; !ok && c.Required {
			missing = append(missing, strconv.Quote(c.Name))
		}
	}
	if len(missing) > 0 {
		// One message, the header quoted once; the file's other columns are
		// still checked below.
		var has []string
		for _, h := range header {
			has = append(has, strconv.Quote(h))
		}
		words := "column"
		if len(missing) > 1 {
			words = "columns"
		}
		diags.Errorf(st.shown, line, 0, "missing required %s %s (the header has: %s)", words, strings.Join(missing, ", "), strings.Join(has, ", "))
	}
}

// dropRelation drops every table or view named name, in any schema.
func dropRelation(ctx context.Context, db *warehouse.DB, name string) error {
	var drops []string
	q := fmt.Sprintf(`SELECT 'VIEW', database_name, schema_name FROM duckdb_views() WHERE view_name = %[1]s AND NOT internal
UNION ALL SELECT 'TABLE', database_name, schema_name FROM duckdb_tables() WHERE table_name = %[1]s`, warehouse.Quote(name))
	if err := db.Rows(ctx, q, func(v []any) error {
		drops = append(drops, fmt.Sprintf("DROP %s %s.%s.%s", v[0], warehouse.Ident(v[1].(string)), warehouse.Ident(v[2].(string)), warehouse.Ident(name)))
		return nil
	}); err != nil {
		return err
	}
	if len(drops) == 0 {
		return nil
	}
	return db.Exec(ctx, strings.Join(drops, "; "))
}

// fastPath can be turned off by tests, to compare both paths.
var fastPath = true

// fastable reports whether a file may take the fast path: one typed read
// and one count of bad rows, no raw copy. Files that other files refer to,
// or that need cross-row or cross-file checks beyond unique keys, or
// warnings about empty values, keep the positioned path, which is cheap for
// their sizes; the ledger and the delivery extract are the large ones.
func (st *fileState) fastable() bool {
	if st.kind != fromCSV || len(st.spec.Refs) > 0 || st.spec.After[0] != "" {
		return false
	}
	for _, c := range st.spec.Columns {
		if c.IfEmpty != "" {
			return false
		}
	}
	for _, f := range Contract {
		for _, r := range f.Refs {
			if r.File == st.spec.Name {
				return false
			}
		}
	}
	return true
}

// openFast reads a clean file straight into its typed table in one pass,
// flagging every row that breaks a value rule (the same rules, the same SQL
// as the positioned checks). It reports ok only when nothing is wrong: no
// malformed record, no flagged row, no duplicate key, and, for a table that
// records lines, every record on a line of its own. Otherwise it removes
// what it made and the caller takes the positioned path, so messages are
// exactly those of a file read that way.
func (st *fileState) openFast(ctx context.Context, db *warehouse.DB, header []string, wait func() (*report.Input, error)) (*report.Input, bool, error) {
	var cols, inner, typed, bad []string
	for i := range header {
		cols = append(cols, fmt.Sprintf("'c%d': 'VARCHAR'", i))
	}
	for i := range st.spec.Columns {
		c := &st.spec.Columns[i]
		if f, ok := st.cols[c.Name]; ok {
			// Untrimmed: trim costs a quarter of the read, and DuckDB's trim
			// removes only spaces, so a value that neither starts nor ends
			// with one is already trimmed. A padded value flags its row, and
			// the positioned path trims it.
			v := warehouse.Ident(c.Name)
			inner = append(inner, fmt.Sprintf("NULLIF(c%d, '') AS %s", f-1, v))
			bad = append(bad, fastBad(c, v)...)
		} else {
			inner = append(inner, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
		}
		typed = append(typed, typedExpr(c, true)+" AS "+warehouse.Ident(c.Name))
	}
	if len(bad) == 0 {
		bad = []string{"false"}
	}
	// The stage outlives the load (spend is a view over it), so its name is
	// one no catalog query can take (they are [a-z][a-z0-9_]*): an analyst's
	// fast_spend.sql must not be shadowed by a table of ours.
	stage := warehouse.Ident("stage:" + st.spec.Table)
	rej := "rejects_" + st.spec.Table
	cleanup := func() error {
		return db.Exec(ctx, fmt.Sprintf("DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s",
			stage, warehouse.Ident(st.spec.Table), warehouse.Ident(rej), warehouse.Ident(rej+"_scan")))
	}
	// The casts and the rules in one projection over the text: a name there
	// is the inner query's text column, never the typed value given the
	// same name beside it, and DuckDB computes a cast that both use (a
	// date's, an amount's) once.
	q := fmt.Sprintf(`CREATE OR REPLACE TEMP TABLE %s AS SELECT %s, coalesce(%s, true) AS __bad FROM (SELECT %s FROM read_csv(%s, header = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = {%s}, store_rejects = true, rejects_table = %s, rejects_scan = %s))`,
		stage, strings.Join(typed, ", "), strings.Join(bad, " OR "), strings.Join(inner, ", "), warehouse.Quote(st.path), strings.Join(cols, ", "), warehouse.Quote(rej), warehouse.Quote(rej+"_scan"))
	qerr := db.Exec(ctx, q)
	in, err := wait()
	if err != nil || in == nil {
		return nil, false, err
	}
	if qerr != nil || (st.spec.Lines && !st.simple) {
		return in, false, cleanup()
	}
	var rows, flagged, rejected, dups int64
	if err := db.QueryRow(ctx, fmt.Sprintf("SELECT count(*), count(*) FILTER (WHERE __bad), (SELECT count(*) FROM %s) FROM %s", warehouse.Ident(rej), stage), &rows, &flagged, &rejected); err != nil {
		return nil, false, err
	}
	for _, key := range st.spec.Unique {
		var ids []string
		for _, k := range key {
			ids = append(ids, warehouse.Ident(k))
		}
		var n int64
		q := fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s GROUP BY %s HAVING count(*) > 1)", stage, notNull(ids), strings.Join(ids, ", "))
		if err := db.QueryRow(ctx, q, &n); err != nil {
			return nil, false, err
		}
		dups += n
	}
	if flagged > 0 || rejected > 0 || dups > 0 {
		return in, false, cleanup()
	}
	// The stage becomes the table without a copy (dropping a column is
	// free; copying ten million lines was a second and more). It is in file
	// order (insertion order is kept), so for a table that records lines
	// rowid is the record number and the table is a view adding it.
	final := fmt.Sprintf("ALTER TABLE %[1]s DROP COLUMN __bad; ALTER TABLE %[1]s RENAME TO %[2]s", stage, warehouse.Ident(st.spec.Table))
	if st.spec.Lines {
		final = fmt.Sprintf("ALTER TABLE %[1]s DROP COLUMN __bad; CREATE TEMP VIEW %[2]s AS SELECT *, CAST(rowid + 2 AS INTEGER) AS source_line FROM %[1]s", stage, warehouse.Ident(st.spec.Table))
	}
	if err := db.Exec(ctx, fmt.Sprintf("%s; DROP TABLE IF EXISTS %s; DROP TABLE IF EXISTS %s",
		final, warehouse.Ident(rej), warehouse.Ident(rej+"_scan"))); err != nil {
		return nil, false, fmt.Errorf("load %s: %w", st.spec.Name, err)
	}
	in.Rows = rows
	st.ok, st.fast = true, true
	return in, true, nil
}

// fastBad are the conditions under which a row of the fast path is sent to
// the positioned path for column c: any of its rules (rules) fails, or its
// value is padded. They flag exactly the rows some rule of c fails, more
// cheaply: a rule that fires only when another has not (out of range, below
// zero) is folded into one condition, and a padded value needs its own check
// only where no type rule already refuses a space.
func fastBad(c *Column, v string) []string {
	var bad []string
	if c.Required {
		bad = append(bad, v+" IS NULL")
	}
	cond, _ := badValue(c, v)
	if cond == "" {
		return append(bad, fmt.Sprintf("coalesce(starts_with(%[1]s, ' ') OR ends_with(%[1]s, ' '), false)", v))
	}
	if c.Kind == Money {
		cond = fmt.Sprintf("%s OR TRY_CAST(%s AS DECIMAL(18,2)) IS NULL", cond, v)
	}
	if c.NonNeg {
		// As the rule reads it: -0.001 is below zero though it rounds to 0.00.
		cond = fmt.Sprintf("%s OR TRY_CAST(%s AS DOUBLE) < 0", cond, v)
	}
	return append(bad, fmt.Sprintf("(%s IS NOT NULL AND coalesce(%s, true))", v, cond))
}

// hash reads the whole file for its SHA-256 and, when simple is not nil, notes
// whether every record is on a line of its own.
func (st *fileState) hash(simple *bool) (*report.Input, error) {
	f, err := os.Open(st.path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", st.shown, err)
	}
	defer f.Close()
	h := sha256.New()
	var w io.Writer = h
	var shape shapeScan
	if simple != nil {
		w = io.MultiWriter(h, &shape)
	}
	if _, err := io.Copy(w, f); err != nil {
		return nil, fmt.Errorf("read %s: %w", st.shown, err)
	}
	if simple != nil {
		*simple = shape.simple()
	}
	return &report.Input{File: st.spec.Name, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

// shapeScan watches the bytes of a file as they are hashed and notes whether
// every record is on a line of its own (no newline inside quotes, no blank
// line), in which case a row's line is its record number plus the header.
type shapeScan struct {
	inQuote   bool
	lineBlank bool
	started   bool
	blankLine bool // a blank line before another non-blank one
	pending   bool // a blank line seen, not yet followed by content
	multiLine bool
}

func (s *shapeScan) Write(p []byte) (int, error) {
	if !s.started {
		s.started, s.lineBlank = true, true
	}
	n := len(p)
	// A line at a time: newlines and quotes are found with the vectorised
	// byte search, so a gigabyte ledger costs a fraction of DuckDB's read.
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		line := p
		if i >= 0 {
			line = p[:i]
		}
		if q := bytes.Count(line, quote); q > 0 {
			s.content()
			if q%2 == 1 {
				s.inQuote = !s.inQuote
			}
		} else if s.lineBlank && hasContent(line) {
			s.content()
		}
		if i < 0 {
			break
		}
		if s.inQuote {
			s.multiLine = true
		} else {
			if s.lineBlank {
				s.pending = true
			}
			s.lineBlank = true
		}
		p = p[i+1:]
	}
	return n, nil
}

var quote = []byte{'"'}

// hasContent reports whether b holds a byte other than a space, tab or CR.
func hasContent(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return true
		}
	}
	return false
}

func (s *shapeScan) content() {
	if s.pending {
		s.blankLine = true
		s.pending = false
	}
	s.lineBlank = false
}

func (s *shapeScan) simple() bool { return !s.multiLine && !s.blankLine }

func rejectMessage(typ, msg any, fields int) string {
	t, _ := typ.(string)
	m, _ := msg.(string)
	switch t {
	case "MISSING COLUMNS", "TOO MANY COLUMNS":
		return fmt.Sprintf("row does not have the header's %d fields (%s)", fields, m)
	case "INVALID ENCODING":
		return "row is not valid UTF-8; save the file as UTF-8"
	case "UNQUOTED VALUE":
		return "a field has a quote inside it; quote the whole field and double the inner quotes (\"\")"
	}
	return strings.ToLower(t) + ": " + m
}

// readHeader reads the first record, without a UTF-8 byte order mark.
func readHeader(br *bufio.Reader) ([]string, error) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	rec, err := r.Read()
	if err == io.EOF {
		return nil, errors.New("the file is empty; it needs at least a header row")
	}
	return rec, err
}

func (st *fileState) createEmptyRaw(ctx context.Context, db *warehouse.DB) error {
	var sel []string
	for _, c := range st.spec.Columns {
		sel = append(sel, "CAST(NULL AS VARCHAR) AS "+warehouse.Ident(c.Name))
	}
	sel = append(sel, noPos)
	return db.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TEMP TABLE %s AS SELECT %s WHERE false", warehouse.Ident(st.raw), strings.Join(sel, ", ")))
}

// physicalLine maps a DuckDB reject line (which counts records' newlines but
// not those inside quoted fields) to the line a text editor shows.
func (st *fileState) physicalLine(duckLine int) int {
	li := st.index()
	if li == nil {
		return duckLine
	}
	if p, ok := li.byDuckLine[duckLine]; ok {
		return p
	}
	return duckLine
}

// recordLine maps a raw table rowid to the file line where that record starts.
func (st *fileState) recordLine(rowid int64) int {
	li := st.index()
	if li == nil {
		return int(rowid) + 2
	}
	if li.kept == nil {
		// Rejected records are not in the raw table: skip them.
		rejected := map[int]bool{}
		for _, l := range st.rejects {
			if r, ok := li.recordOfDuckLine[l]; ok {
				rejected[r] = true
			}
		}
		for rec, start := range li.starts {
			if !rejected[rec] {
				li.kept = append(li.kept, start)
			}
		}
	}
	if rowid >= 0 && rowid < int64(len(li.kept)) {
		return li.kept[rowid]
	}
	return int(rowid) + 2
}

func (st *fileState) index() *lineIndex {
	if st.lines == nil && st.exists && st.kind == fromCSV {
		data, err := os.ReadFile(st.path)
		if err != nil {
			return nil
		}
		st.lines = indexLines(data)
	}
	return st.lines
}

// lineIndex places records in a CSV file.
type lineIndex struct {
	starts           []int       // data record index -> physical start line
	kept             []int       // raw rowid -> physical start line (rejected records left out)
	byDuckLine       map[int]int // DuckDB line -> physical line
	recordOfDuckLine map[int]int // DuckDB line -> data record index
}

// indexLines scans the bytes once, tracking quotes, the way a CSV reader
// splits records: blank lines are skipped, newlines inside quotes do not end
// a record.
func indexLines(data []byte) *lineIndex {
	li := &lineIndex{byDuckLine: map[int]int{}, recordOfDuckLine: map[int]int{}}
	phys, duck := 1, 1
	inQuote, blank := false, true
	startPhys, startDuck := 1, 1
	record := -1 // the header is record -1
	end := func() {
		if !blank {
			if record >= 0 {
				li.starts = append(li.starts, startPhys)
				li.recordOfDuckLine[startDuck] = record
			}
			li.byDuckLine[startDuck] = startPhys
			record++
		}
	}
	for _, c := range data {
		switch c {
		case '"':
			inQuote = !inQuote
			blank = false
		case '\n':
			phys++
			if !inQuote {
				end()
				duck++
				startPhys, startDuck, blank = phys, duck, true
			}
		case '\r', ' ', '\t':
		default:
			blank = false
		}
	}
	end()
	return li
}

func sqlMessage(err error) string {
	if se := warehouse.AsSQLError(err); se != nil {
		return strings.SplitN(se.Msg, "\n", 2)[0]
	}
	return err.Error()
}
