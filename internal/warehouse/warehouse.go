// Package warehouse owns the embedded DuckDB: it opens one in-memory database
// per run with safe settings, runs SQL on a single connection, and turns
// results into report tables. No other package talks to DuckDB.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/throughline/throughline/internal/report"
)

// Options tune the database. Zero values pick safe defaults.
type Options struct {
	Threads     int    // default: DuckDB's (number of cores)
	MemoryLimit string // e.g. "4GB"; default "75%" of RAM is DuckDB's own
	// TempDir is where DuckDB spills what does not fit in memory. "" turns
	// spilling off: DuckDB's own default, ./.tmp in the working folder, is
	// never used.
	TempDir     string
	MaxTempSize string // cap on what TempDir may hold, e.g. "10GB"; "" is DuckDB's (90% of the free disk)
}

// DB is an open warehouse. It is not safe for concurrent use: a run is one
// sequence of statements on one connection, so temp tables and variables
// are always visible to the next statement.
type DB struct {
	db     *sql.DB
	conn   *sql.Conn
	closed bool // Close is safe to call again
}

// Open opens a fresh in-memory database. Extensions are never installed or
// loaded from the network.
func Open(ctx context.Context, o Options) (*DB, error) {
	w, err := open(ctx, dsn("", o))
	if err != nil {
		return nil, err
	}
	settings := []string{"SET preserve_insertion_order = true", "SET temp_directory = " + Quote(o.TempDir)}
	if o.MaxTempSize != "" {
		settings = append(settings, "SET max_temp_directory_size = "+Quote(o.MaxTempSize))
	}
	for _, s := range settings {
		if err := w.Exec(ctx, s); err != nil {
			w.Close()
			return nil, err
		}
	}
	return w, nil
}

// dsn names a database file ("" for in memory) with o's threads and memory
// limit; extensions are never installed or loaded from the network.
func dsn(file string, o Options) string {
	d := file + "?autoinstall_known_extensions=false&autoload_known_extensions=false"
	if o.Threads > 0 {
		d += fmt.Sprintf("&threads=%d", o.Threads)
	}
	if o.MemoryLimit != "" {
		d += "&memory_limit=" + o.MemoryLimit
	}
	return d
}

// open opens dsn on one connection.
func open(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return nil, fmt.Errorf("open duckdb: %w", err)
	}
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open duckdb connection: %w", err)
	}
	return &DB{db: db, conn: conn}, nil
}

// Lock sandboxes the database before analyst SQL runs: no file, network or
// extension access, and no setting (threads, memory, temp space) can change
// afterwards. From here on DuckDB's errors are its JSON form, which carries
// the byte position of a problem (see SQLError).
func (w *DB) Lock(ctx context.Context) error {
	for _, s := range []string{
		"SET errors_as_json = true",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET allow_community_extensions = false",
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	} {
		if err := w.Exec(ctx, s); err != nil {
			return fmt.Errorf("lock duckdb: %s: %w", s, err)
		}
	}
	return nil
}

// Close releases the connection and the database.
func (w *DB) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	err := w.conn.Close()
	if err2 := w.db.Close(); err == nil {
		err = err2
	}
	return err
}

// Exec runs statements that return no rows.
func (w *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := w.conn.ExecContext(ctx, query, args...)
	return err
}

// Append fills an existing table through DuckDB's appender. Values must be
// strings, int64s or nil, for VARCHAR and BIGINT columns only: the appender
// mis-scales DECIMAL values (LIBRARIES.md).
func (w *DB) Append(ctx context.Context, table string, rows [][]any) error {
	return w.conn.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("append to %s: not a driver connection", table)
		}
		a, err := duckdb.NewAppenderFromConn(conn, "", table)
		if err != nil {
			return fmt.Errorf("append to %s: %w", table, err)
		}
		vals := []driver.Value{}
		for _, r := range rows {
			vals = vals[:0]
			for _, v := range r {
				vals = append(vals, v)
			}
			if err := a.AppendRow(vals...); err != nil {
				a.Close()
				return fmt.Errorf("append to %s: %w", table, err)
			}
		}
		return a.Close()
	})
}

// QueryRow runs a query expected to return one row and scans it.
func (w *DB) QueryRow(ctx context.Context, query string, dest ...any) error {
	return w.conn.QueryRowContext(ctx, query).Scan(dest...)
}

// Rows runs a query and calls fn for each row with its values converted as in
// Query. It is for internal result sets whose shape the caller knows.
func (w *DB) Rows(ctx context.Context, query string, fn func(vals []any) error) error {
	_, err := w.query(ctx, query, fn)
	return err
}

// Query runs a query and returns its result as a report table.
func (w *DB) Query(ctx context.Context, query string) (*report.Table, error) {
	return w.query(ctx, query, nil)
}

func (w *DB) query(ctx context.Context, query string, fn func([]any) error) (*report.Table, error) {
	rows, err := w.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	t := &report.Table{}
	for _, ct := range cts {
		typ := typeOf(ct.DatabaseTypeName())
		t.Columns = append(t.Columns, report.Column{Name: ct.Name(), Type: typ, Format: report.FormatFor(ct.Name(), typ)})
	}
	raw := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		vals := make([]any, len(raw))
		for i, v := range raw {
			vals[i] = convert(v, t.Columns[i].Type)
		}
		if fn != nil {
			if err := fn(vals); err != nil {
				return nil, err
			}
			continue
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

func typeOf(dbType string) report.Type {
	switch {
	case dbType == "VARCHAR":
		return report.Text
	case dbType == "BOOLEAN":
		return report.Bool
	case dbType == "DATE":
		return report.Date
	case strings.HasPrefix(dbType, "DECIMAL"):
		return report.Decimal
	case dbType == "DOUBLE" || dbType == "FLOAT":
		return report.Float
	case strings.Contains(dbType, "INT"):
		return report.Int
	}
	return report.Text
}

// convert maps a scanned DuckDB value to the model's Go types.
func convert(v any, t report.Type) any {
	switch x := v.(type) {
	case nil:
		return nil
	case duckdb.Decimal:
		return report.NewDec(x.Value, int(x.Scale))
	case *big.Int:
		if x.IsInt64() {
			return x.Int64()
		}
		f, _ := new(big.Float).SetInt(x).Float64()
		return f
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return int64(x)
	case float32:
		return float64(x)
	case float64:
		return x
	case bool:
		return x
	case string:
		return x
	case []byte:
		return string(x)
	case time.Time:
		if t == report.Date {
			return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
		}
		return x.UTC().Format("2006-01-02 15:04:05")
	}
	return fmt.Sprint(v)
}

// Quote returns s as a SQL string literal.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Ident returns s as a quoted SQL identifier.
func Ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// SQLError is a DuckDB error: a problem with the SQL or the data, as opposed
// to a failure of the machine. With errors_as_json set, Msg is DuckDB's JSON
// form, which carries the byte position of the problem.
type SQLError struct {
	Msg string
}

func (e *SQLError) Error() string { return e.Msg }

// AsSQLError extracts DuckDB's message and position from err. It returns nil
// for errors that are not DuckDB's (cancellation, I/O).
func AsSQLError(err error) *SQLError {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return nil
	}
	return &SQLError{Msg: de.Msg}
}
