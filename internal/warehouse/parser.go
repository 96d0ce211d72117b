package warehouse

import (
	"context"
	"fmt"
)

// Parser is DuckDB's own SQL parser, on a private in-memory database that
// holds no data and is locked like the run's: the query catalog is checked
// with it before any data is read, and nothing it parses is run.
type Parser struct {
	db *DB
}

// OpenParser opens the parser's database.
func OpenParser(ctx context.Context) (*Parser, error) {
	db, err := Open(ctx, Options{Threads: 1})
	if err != nil {
		return nil, err
	}
	if err := db.Lock(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &Parser{db: db}, nil
}

// Close releases the parser's database.
func (p *Parser) Close() error { return p.db.Close() }

// SerializeSQL returns DuckDB's json_serialize_sql document for sql: the
// parse tree of each statement, or the parser's error with its byte
// position. Only SELECT statements serialize; any other statement is an
// error of type "not implemented".
func (p *Parser) SerializeSQL(ctx context.Context, sql string) ([]byte, error) {
	var doc string
	err := p.db.conn.QueryRowContext(ctx, "SELECT json_serialize_sql($1::VARCHAR)::VARCHAR", sql).Scan(&doc)
	if err != nil {
		return nil, fmt.Errorf("json_serialize_sql: %w", err)
	}
	return []byte(doc), nil
}

// Functions lists the names of DuckDB's functions and macros, sorted.
func (p *Parser) Functions(ctx context.Context) ([]string, error) {
	var names []string
	err := p.db.Rows(ctx, "SELECT DISTINCT function_name FROM duckdb_functions() ORDER BY 1", func(vals []any) error {
		if s, ok := vals[0].(string); ok {
			names = append(names, s)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list duckdb functions: %w", err)
	}
	return names, nil
}
