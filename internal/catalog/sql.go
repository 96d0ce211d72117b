package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/throughline/throughline/internal/diag"
)

// Parser is DuckDB's SQL parser: it returns json_serialize_sql's document
// for sql. The warehouse provides it (warehouse.Parser.SerializeSQL); the
// catalog never talks to DuckDB itself and has no SQL lexer of its own.
type Parser func(sql string) ([]byte, error)

// document is json_serialize_sql's answer: the parse tree of each
// statement, or the parser's error and its byte position.
type document struct {
	Error      bool              `json:"error"`
	ErrorType  string            `json:"error_type"`
	Message    string            `json:"error_message"`
	Position   string            `json:"position"`
	Statements []json.RawMessage `json:"statements"`
}

// notSelect is json_serialize_sql's error type for a statement that is not
// a SELECT (SET, ATTACH, COPY, CREATE, PRAGMA, ...).
const notSelect = "not implemented"

func serialize(parse Parser, sql string) (*document, error) {
	b, err := parse(sql)
	if err != nil {
		return nil, err
	}
	var d document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read json_serialize_sql's answer: %w", err)
	}
	return &d, nil
}

// ref is a name in a statement and its byte offset (-1 if unknown).
type ref struct {
	name      string
	qualifier string // catalog and schema as written ("" for none)
	off       int
}

// statement is what the catalog reads from DuckDB's parse tree of a file.
type statement struct {
	tables  []ref // relations read, but not the statement's own CTEs, in text order
	funcs   []ref // functions called (scalar, aggregate, table), in text order
	orderBy bool  // the statement ends with its own ORDER BY
}

// sqlError is a problem with a file's SQL at a byte offset (-1: none).
type sqlError struct {
	off int
	msg string
}

// analyze asks DuckDB's parser whether text is exactly one SELECT and reads
// its tree. body is the offset of the first line after the header, where a
// statement that is not a SELECT is reported. The error return is for a
// parser that failed to answer.
func analyze(parse Parser, text string, body int) (*statement, *sqlError, error) {
	d, err := serialize(parse, text)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case d.Error && d.ErrorType != notSelect:
		off := -1
		if n, err := strconv.Atoi(d.Position); err == nil && n >= 0 && n <= len(text) {
			off = n
		}
		return nil, &sqlError{off, errorType(d.ErrorType) + " error: " + strings.ReplaceAll(d.Message, "\n", "; ")}, nil
	case !d.Error && len(d.Statements) == 0:
		return nil, &sqlError{-1, "no SQL: the file must hold one SELECT after its header"}, nil
	case !d.Error && len(d.Statements) == 1:
		st, err := readTree(d.Statements[0], len(text))
		return st, nil, err
	}
	// Several statements, or one that is not a SELECT: say where.
	end, headSelect, err := firstEnd(parse, text)
	if err != nil {
		return nil, nil, err
	}
	if end >= 0 && headSelect {
		return nil, &sqlError{end, "only one statement is allowed per query file; remove the ';' and what follows"}, nil
	}
	return nil, &sqlError{body, notSelectMessage(text, body)}, nil
}

func errorType(t string) string {
	if t == "" {
		return "SQL"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// notSelectMessage names the statement's first word when it is one.
func notSelectMessage(text string, off int) string {
	const rule = "a query file holds exactly one SELECT (or WITH ... SELECT); SET, ATTACH, COPY, INSTALL, LOAD, PRAGMA, CREATE and every other statement are refused"
	end := off
	for end < len(text) && (text[end] >= 'a' && text[end] <= 'z' || text[end] >= 'A' && text[end] <= 'Z') {
		end++
	}
	if end == off {
		return "not a SELECT: " + rule
	}
	return fmt.Sprintf("%s is not allowed: %s", strings.ToUpper(text[off:end]), rule)
}

// firstEnd returns the offset of the ';' that ends text's first statement
// and whether that statement is a SELECT, or -1 when there is no such ';'.
// DuckDB's parser decides: a ';' is a statement's end when the text before
// it is one statement and the text after it parses on its own, so a ';' in a
// string or a comment is not taken for one. It runs only to place an error.
func firstEnd(parse Parser, text string) (int, bool, error) {
	for i := 0; i < len(text); i++ {
		if text[i] != ';' {
			continue
		}
		head, err := serialize(parse, text[:i])
		if err != nil {
			return -1, false, err
		}
		isSelect := !head.Error && len(head.Statements) == 1
		if !isSelect && (!head.Error || head.ErrorType != notSelect) {
			continue
		}
		rest, err := serialize(parse, text[i+1:])
		if err != nil {
			return -1, false, err
		}
		if rest.Error && rest.ErrorType != notSelect || !rest.Error && len(rest.Statements) == 0 {
			continue
		}
		return i, isSelect, nil
	}
	return -1, false, nil
}

// readTree reads a serialized SELECT of a text n bytes long.
func readTree(raw json.RawMessage, n int) (*statement, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("read json_serialize_sql's tree: %w", err)
	}
	st := &statement{}
	if root, ok := v.(map[string]any); ok {
		if node, ok := root["node"].(map[string]any); ok {
			mods, _ := node["modifiers"].([]any)
			for _, m := range mods {
				if mm, ok := m.(map[string]any); ok && mm["type"] == "ORDER_MODIFIER" {
					st.orderBy = true
				}
			}
		}
	}
	walk(v, nil, n, st)
	byOff := func(rs []ref) {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].off < rs[j].off })
	}
	byOff(st.tables)
	byOff(st.funcs)
	return st, nil
}

// walk collects table references and function calls. A WITH's names are in
// scope for the whole node that declares them.
func walk(v any, ctes map[string]bool, n int, st *statement) {
	switch x := v.(type) {
	case []any:
		for _, c := range x {
			walk(c, ctes, n, st)
		}
	case map[string]any:
		if cm, ok := x["cte_map"].(map[string]any); ok {
			if entries, ok := cm["map"].([]any); ok && len(entries) > 0 {
				scope := map[string]bool{}
				for k := range ctes {
					scope[k] = true
				}
				for _, e := range entries {
					if em, ok := e.(map[string]any); ok {
						if k, ok := em["key"].(string); ok {
							scope[strings.ToLower(k)] = true
						}
					}
				}
				ctes = scope
			}
		}
		switch {
		case x["type"] == "BASE_TABLE":
			name, _ := x["table_name"].(string)
			var qual []string
			for _, k := range []string{"catalog_name", "schema_name"} {
				if s, _ := x[k].(string); s != "" {
					qual = append(qual, s)
				}
			}
			if len(qual) > 0 || !ctes[strings.ToLower(name)] {
				st.tables = append(st.tables, ref{name: name, qualifier: strings.Join(qual, "."), off: location(x, n)})
			}
		case x["class"] == "FUNCTION":
			name, _ := x["function_name"].(string)
			st.funcs = append(st.funcs, ref{name: name, off: location(x, n)})
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			walk(x[k], ctes, n, st)
		}
	}
}

// location is a node's query_location, or -1 when it has none.
func location(x map[string]any, n int) int {
	num, ok := x["query_location"].(json.Number)
	if !ok {
		return -1
	}
	off, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil || off < 0 || off > int64(n) {
		return -1
	}
	return int(off)
}

// resolve records each query's dependencies, reports unknown relations and
// cycles, and returns the queries in a creation order that keeps file order
// wherever dependencies allow.
func resolve(qs []*Query, tables []string, diags *diag.List) []*Query {
	byName := map[string]*Query{}
	for _, q := range qs {
		byName[strings.ToLower(q.Name)] = q
	}
	known := map[string]bool{}
	for _, t := range tables {
		known[strings.ToLower(t)] = true
	}
	refOff := map[*Query]map[string]int{}
	for _, q := range qs {
		refOff[q] = map[string]int{}
		for _, r := range q.tables {
			if r.qualifier != "" {
				l, c := Position(q.Text, r.off)
				diags.Errorf(q.File, l, c, "%s.%s: a query reads views and input tables by their name alone, without a schema or database", r.qualifier, r.name)
				continue
			}
			low := strings.ToLower(r.name)
			if d, ok := byName[low]; ok {
				if _, dup := refOff[q][d.Name]; !dup {
					q.Deps = append(q.Deps, d.Name)
					refOff[q][d.Name] = r.off
				}
				continue
			}
			if known[low] {
				continue
			}
			l, c := Position(q.Text, r.off)
			diags.Errorf(q.File, l, c, "%q is not a view in the catalog nor an input table (input tables: %s)", r.name, strings.Join(sortedCopy(tables), ", "))
		}
	}
	// Depth-first topological sort, visiting in file order.
	const (
		unvisited = iota
		visiting
		done
	)
	state := map[*Query]int{}
	var out []*Query
	var stack []*Query
	var visit func(q *Query) bool
	visit = func(q *Query) bool {
		switch state[q] {
		case done:
			return true
		case visiting:
			// Report the cycle at the reference that closes it.
			i := len(stack) - 1
			for i >= 0 && stack[i] != q {
				i--
			}
			names := []string{}
			for _, s := range stack[i:] {
				names = append(names, s.Name)
			}
			names = append(names, q.Name)
			last := stack[len(stack)-1]
			l, c := Position(last.Text, refOff[last][q.Name])
			diags.Errorf(last.File, l, c, "views form a cycle: %s", strings.Join(names, " -> "))
			return false
		}
		state[q] = visiting
		stack = append(stack, q)
		ok := true
		for _, d := range q.Deps {
			if !visit(byName[strings.ToLower(d)]) {
				ok = false
				break
			}
		}
		stack = stack[:len(stack)-1]
		state[q] = done
		if ok {
			out = append(out, q)
		}
		return ok
	}
	for _, q := range qs {
		if state[q] == unvisited {
			visit(q)
		}
	}
	return out
}

func sortedCopy(s []string) []string {
	c := append([]string(nil), s...)
	sort.Strings(c)
	return c
}
