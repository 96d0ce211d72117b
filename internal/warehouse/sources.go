package warehouse

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// OpenSources opens the sandbox that source adapters run in: a database
// file of its own (so the run's database can attach the results once it is
// closed) that may read only inside dir. DuckDB cannot narrow
// allowed_directories again once external access is off, so adapters never
// run on the run's database: analyst SQL there stays unable to read any
// file. Errors are DuckDB's JSON form (see JSONError).
func OpenSources(ctx context.Context, o Options, file, dir string) (*DB, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("input folder: %w", err)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	w, err := open(ctx, dsn(file, o))
	if err != nil {
		return nil, err
	}
	settings := []string{
		"SET preserve_insertion_order = true",
		"SET temp_directory = " + Quote(o.TempDir),
		"SET allow_community_extensions = false",
		"SET allowed_directories = [" + Quote(abs+string(filepath.Separator)) + "]",
		"SET enable_external_access = false",
		"SET errors_as_json = true",
	}
	if o.MaxTempSize != "" {
		settings = append(settings, "SET max_temp_directory_size = "+Quote(o.MaxTempSize))
	}
	for _, s := range settings {
		if err := w.Exec(ctx, s); err != nil {
			w.Close()
			return nil, fmt.Errorf("open the source sandbox: %s: %w", s, err)
		}
	}
	return w, nil
}

// LockConfiguration forbids any further change of a setting; the source
// sandbox takes it once its presets are defined, before adapters run.
func (w *DB) LockConfiguration(ctx context.Context) error {
	return w.Exec(ctx, "SET lock_configuration = true")
}

// TextTable is what a Go table function returns: named text columns and
// rows of string or nil values.
type TextTable struct {
	Columns []string
	Rows    [][]any
}

// TableFunc is a table function written in Go whose arguments are text.
// It takes Args arguments; each of Optional more makes an overload of the
// same name (duckdb-go cannot leave a named argument unset).
type TableFunc struct {
	Args     int
	Optional int
	Bind     func(args []string) (*TextTable, error)
}

// RegisterTableFunc makes f callable from SQL as name(...).
func (w *DB) RegisterTableFunc(name string, f TableFunc) error {
	text, err := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	if err != nil {
		return err
	}
	for n := f.Args; n <= f.Args+f.Optional; n++ {
		var cfg duckdb.TableFunctionConfig
		for range n {
			cfg.Arguments = append(cfg.Arguments, text)
		}
		err := duckdb.RegisterTableUDF(w.conn, name, duckdb.RowTableFunction{
			Config: cfg,
			BindArguments: func(_ map[string]any, args ...any) (duckdb.RowTableSource, error) {
				var as []string
				for _, a := range args {
					s, _ := a.(string)
					as = append(as, s)
				}
				t, err := f.Bind(as)
				if err != nil {
					return nil, err
				}
				return &textSource{t: t, text: text}, nil
			},
		})
		if err != nil {
			return fmt.Errorf("register %s with %d arguments: %w", name, n, err)
		}
	}
	return nil
}

type textSource struct {
	t    *TextTable
	text duckdb.TypeInfo
	next int
}

func (s *textSource) ColumnInfos() []duckdb.ColumnInfo {
	var cs []duckdb.ColumnInfo
	for _, c := range s.t.Columns {
		cs = append(cs, duckdb.ColumnInfo{Name: c, T: s.text})
	}
	return cs
}

func (s *textSource) Cardinality() *duckdb.CardinalityInfo {
	return &duckdb.CardinalityInfo{Cardinality: uint(len(s.t.Rows)), Exact: true}
}

func (s *textSource) Init() {}

func (s *textSource) FillRow(row duckdb.Row) (bool, error) {
	if s.next >= len(s.t.Rows) {
		return false, nil
	}
	for i, v := range s.t.Rows[s.next] {
		if !row.IsProjected(i) {
			continue
		}
		if err := duckdb.SetRowValue(row, i, v); err != nil {
			return false, err
		}
	}
	s.next++
	return true, nil
}

// JSONError unpacks a message in DuckDB's errors_as_json form: the text
// (with its type) and the byte offset of the problem in the statement, -1
// when DuckDB gives none. Other messages come back as they are.
func JSONError(msg string) (string, int) {
	i := strings.Index(msg, "{")
	if i < 0 {
		return msg, -1
	}
	var e struct {
		Type     string `json:"exception_type"`
		Message  string `json:"exception_message"`
		Position string `json:"position"`
	}
	if json.Unmarshal([]byte(msg[i:]), &e) != nil {
		return msg, -1
	}
	off := -1
	fmt.Sscan(e.Position, &off)
	text := strings.ReplaceAll(e.Message, "\n", "; ")
	if e.Type != "" {
		text = e.Type + " error: " + text
	}
	return text, off
}
