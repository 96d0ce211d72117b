package catalog

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/throughline/throughline/internal/diag"
)

// Adapter is a source adapter (sources/<table>[.<name>].sql): one SELECT
// over raw files that returns a contract table's columns. It is checked
// with DuckDB's parser like a query file, and read for what the loader
// needs to place problems and to resolve paths.
type Adapter struct {
	File    string         // display path, e.g. "sources/spend.hmt.sql"
	Text    string         // the whole file
	Body    int            // byte offset of the statement (after leading comments)
	Columns map[string]int // output column (lower case) -> byte offset of its expression
	Paths   []Literal      // file paths given as string literals to a reader
	// Computed are the file arguments given to a reader as anything but a
	// string literal (an expression, a column of a lateral join): what
	// they name is known only when the adapter runs.
	Computed []Arg
}

// Literal is a SQL string literal in a file: its byte span and its value,
// and the table function it is given to (lower case; "" for a quoted name
// in FROM).
type Literal struct {
	Off, End int
	Value    string
	Reader   string
}

// Arg is a reader's file argument that is not a string literal: its byte
// offset (-1 when DuckDB gives none) and the reader (lower case).
type Arg struct {
	Off    int
	Reader string
}

// ParseAdapter checks that data is exactly one SELECT as DuckDB reads it
// and finds its output columns and the paths it reads. readers names the
// table functions whose first argument is a path (read_csv, read_parquet,
// the presets, ...); a quoted name in FROM ('file.csv') is a path too.
func ParseAdapter(file string, data []byte, parse Parser, readers map[string]bool) (*Adapter, *diag.List) {
	var diags diag.List
	text := strings.TrimPrefix(string(data), "\ufeff")
	a := &Adapter{File: file, Text: text, Columns: map[string]int{}, Body: bodyOffset(text)}
	if a.Body < 0 {
		diags.Errorf(file, 0, 0, "no SQL: an adapter holds one SELECT that returns the table's columns")
		return nil, &diags
	}
	d, err := serialize(parse, text)
	if err != nil {
		diags.Errorf(file, 0, 0, "DuckDB's parser failed: %v", err)
		return nil, &diags
	}
	if d.Error || len(d.Statements) != 1 {
		_, se, err := analyze(parse, text, a.Body)
		switch {
		case err != nil:
			diags.Errorf(file, 0, 0, "DuckDB's parser failed: %v", err)
		case se != nil:
			l, c := Position(text, se.off)
			diags.Errorf(file, l, c, "%s", strings.Replace(se.msg, "per query file", "per adapter", 1))
		}
		return nil, &diags
	}
	dec := json.NewDecoder(bytes.NewReader(d.Statements[0]))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		diags.Errorf(file, 0, 0, "read json_serialize_sql's tree: %v", err)
		return nil, &diags
	}
	st := &statement{}
	walk(tree, nil, len(text), st)
	for _, f := range st.funcs {
		if why, ok := forbidden[strings.ToLower(f.name)]; ok {
			l, c := Position(text, f.off)
			diags.Errorf(file, l, c, "%s() is not allowed: %s", f.name, strings.Replace(why, "a query", "an adapter", 1))
		}
	}
	if root, ok := tree.(map[string]any); ok {
		node, _ := root["node"].(map[string]any)
		// A UNION's columns are named by its first SELECT.
		for node != nil && node["type"] == "SET_OPERATION_NODE" {
			node, _ = node["left"].(map[string]any)
		}
		if node != nil {
			items, _ := node["select_list"].([]any)
			for _, it := range items {
				m, ok := it.(map[string]any)
				if !ok {
					continue
				}
				name, _ := m["alias"].(string)
				if name == "" && m["class"] == "COLUMN_REF" {
					if parts, ok := m["column_names"].([]any); ok && len(parts) > 0 {
						name, _ = parts[len(parts)-1].(string)
					}
				}
				if off := location(m, len(text)); name != "" && off >= 0 {
					if _, dup := a.Columns[strings.ToLower(name)]; !dup {
						a.Columns[strings.ToLower(name)] = off
					}
				}
			}
		}
	}
	seen := map[int]bool{}
	seenArg := map[Arg]bool{}
	paths(tree, text, readers, func(l Literal) {
		if !seen[l.Off] {
			seen[l.Off] = true
			a.Paths = append(a.Paths, l)
		}
	}, func(x Arg) {
		if !seenArg[x] {
			seenArg[x] = true
			a.Computed = append(a.Computed, x)
		}
	})
	sort.Slice(a.Paths, func(i, j int) bool { return a.Paths[i].Off < a.Paths[j].Off })
	sort.Slice(a.Computed, func(i, j int) bool {
		if a.Computed[i].Off != a.Computed[j].Off {
			return a.Computed[i].Off < a.Computed[j].Off
		}
		return a.Computed[i].Reader < a.Computed[j].Reader
	})
	if diags.HasErrors() {
		return nil, &diags
	}
	return a, &diags
}

// bodyOffset is the offset of the first byte that is not blank or inside a
// leading -- comment line, -1 if there is none.
func bodyOffset(text string) int {
	off := 0
	for _, raw := range strings.SplitAfter(text, "\n") {
		t := strings.TrimLeft(raw, " \t\r\f\v")
		if t != "" && t != "\n" && !strings.HasPrefix(t, "--") {
			return off + len(raw) - len(t)
		}
		off += len(raw)
	}
	return -1
}

// paths finds the string literals that name files: the first argument of a
// reader (a string, or a list of strings) and a quoted name in FROM. A
// first argument (or list item) that is not a string literal goes to
// computed.
func paths(v any, text string, readers map[string]bool, add func(Literal), computed func(Arg)) {
	switch x := v.(type) {
	case []any:
		for _, c := range x {
			paths(c, text, readers, add, computed)
		}
	case map[string]any:
		switch x["type"] {
		case "TABLE_FUNCTION":
			if fn, ok := x["function"].(map[string]any); ok {
				name, _ := fn["function_name"].(string)
				name = strings.ToLower(name)
				one := func(m map[string]any) {
					off := location(m, len(text))
					if m["class"] == "CONSTANT" {
						if l, ok := literalAt(text, off); ok {
							l.Reader = name
							add(l)
							return
						}
					}
					// An expression's location is its operator's: place it at
					// its first byte instead.
					computed(Arg{Off: firstLocation(m, len(text)), Reader: name})
				}
				if children, ok := fn["children"].([]any); ok && len(children) > 0 && readers[name] {
					arg, _ := children[0].(map[string]any)
					if arg["class"] == "FUNCTION" && arg["function_name"] == "list_value" {
						items, _ := arg["children"].([]any)
						for _, it := range items {
							if m, ok := it.(map[string]any); ok {
								one(m)
							}
						}
					} else if arg != nil {
						one(arg)
					}
				}
			}
		case "BASE_TABLE":
			if l, ok := literalAt(text, location(x, len(text))); ok {
				add(l)
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			paths(x[k], text, readers, add, computed)
		}
	}
}

// firstLocation is the smallest location in a parse tree, -1 if none.
func firstLocation(v any, n int) int {
	first := -1
	switch x := v.(type) {
	case []any:
		for _, c := range x {
			if off := firstLocation(c, n); off >= 0 && (first < 0 || off < first) {
				first = off
			}
		}
	case map[string]any:
		first = location(x, n)
		for _, c := range x {
			if off := firstLocation(c, n); off >= 0 && (first < 0 || off < first) {
				first = off
			}
		}
	}
	return first
}

// literalAt reads a plain SQL string literal ('...', a quote inside doubled)
// starting at off.
func literalAt(text string, off int) (Literal, bool) {
	if off < 0 || off >= len(text) || text[off] != '\'' {
		return Literal{}, false
	}
	var b strings.Builder
	for i := off + 1; i < len(text); i++ {
		if text[i] != '\'' {
			b.WriteByte(text[i])
			continue
		}
		if i+1 < len(text) && text[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return Literal{Off: off, End: i + 1, Value: b.String()}, true
	}
	return Literal{}, false
}
