package site

import (
	"fmt"
	"strconv"
	"strings"
)

// blockArgs are the arguments of a fenced block that embeds a query result:
//
//	```chart spend_by_period x=period_start y=amount,cumulative_amount limit=12
//	```table review_flags limit=10
type blockArgs struct {
	Kind   string // "chart" or "table"
	Query  string
	Limit  int // 0 = no limit
	X      string
	Y      []string
	Series string
	Type   string
}

// blockKeys are the valid key=value arguments, sorted, for error messages.
var blockKeys = []string{"limit", "series", "type", "x", "y"}

// chartTypes are the chart types a query or block may ask for.
var chartTypes = []string{"area", "bar", "line", "pie", "scatter"}

// isEmbedKind reports whether a fenced block's language asks for a live result.
func isEmbedKind(s string) bool { return s == "chart" || s == "table" }

// parseBlockArgs parses a fenced block's info string. Errors carry the
// 1-based column within info.
func parseBlockArgs(info string) (blockArgs, []posError) {
	var a blockArgs
	var errs []posError
	fields := splitFields(info)
	if len(fields) == 0 || !isEmbedKind(fields[0].s) {
		return a, []posError{{1, 1, "block must start with chart or table"}}
	}
	a.Kind = fields[0].s
	if len(fields) < 2 || strings.Contains(fields[1].s, "=") {
		col := len(info) + 1
		if len(fields) >= 2 {
			col = fields[1].col
		}
		return a, []posError{{1, col, fmt.Sprintf("%s block needs a query name: ```%s <query> [limit=N] [x=col] [y=col,...]", a.Kind, a.Kind)}}
	}
	a.Query = fields[1].s
	if !isIdent(a.Query) {
		errs = append(errs, posError{1, fields[1].col, fmt.Sprintf("query name %q must be letters, digits and _", a.Query)})
	}
	seen := map[string]bool{}
	for _, f := range fields[2:] {
		k, v, ok := strings.Cut(f.s, "=")
		if !ok {
			errs = append(errs, posError{1, f.col, fmt.Sprintf("argument %q is not key=value (valid keys: %s)", f.s, strings.Join(blockKeys, ", "))})
			continue
		}
		if seen[k] {
			errs = append(errs, posError{1, f.col, fmt.Sprintf("argument %s= given twice", k)})
			continue
		}
		seen[k] = true
		valCol := f.col + len(k) + 1
		switch k {
		case "limit":
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000000 {
				errs = append(errs, posError{1, valCol, fmt.Sprintf("limit=%s: want a whole number from 1 to 1000000", v)})
				continue
			}
			a.Limit = n
		case "x", "series":
			if !isIdent(v) {
				errs = append(errs, posError{1, valCol, fmt.Sprintf("%s=%s: want a column name", k, v)})
				continue
			}
			if k == "x" {
				a.X = v
			} else {
				a.Series = v
			}
		case "y":
			for _, c := range strings.Split(v, ",") {
				if !isIdent(c) {
					errs = append(errs, posError{1, valCol, fmt.Sprintf("y=%s: want column names separated by commas", v)})
					a.Y = nil
					break
				}
				a.Y = append(a.Y, c)
			}
		case "type":
			if !contains(chartTypes, v) {
				errs = append(errs, posError{1, valCol, fmt.Sprintf("type=%s: unknown chart type (valid: %s)", v, strings.Join(chartTypes, ", "))})
				continue
			}
			a.Type = v
		default:
			errs = append(errs, posError{1, f.col, fmt.Sprintf("unknown argument %q (valid keys: %s)", k, strings.Join(blockKeys, ", "))})
			continue
		}
		if a.Kind == "table" && k != "limit" {
			errs = append(errs, posError{1, f.col, fmt.Sprintf("%s= applies to chart blocks only; a table block takes limit=", k)})
		}
	}
	return a, errs
}

type field struct {
	s   string
	col int
}

// splitFields splits s on spaces and tabs, keeping each field's 1-based column.
func splitFields(s string) []field {
	var out []field
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' || s[i] == '\t' {
			if start >= 0 {
				out = append(out, field{s[start:i], start + 1})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

// isIdent reports whether s is a SQL-style name: [A-Za-z_][A-Za-z0-9_]*.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
