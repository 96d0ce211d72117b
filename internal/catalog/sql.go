package catalog

import (
	"sort"
	"strings"

	"github.com/throughline/throughline/internal/diag"
)

// token is a lexical unit of SQL, enough to find references and statement
// ends: identifiers (quoted or not) and single punctuation characters.
type token struct {
	text   string
	off    int
	quoted bool
	ident  bool
}

// lex splits SQL into tokens, skipping comments and string literals.
func lex(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				i = len(s)
			} else {
				i += end + 4
			}
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, token{text: "'", off: i})
			i = j + 1
		case c == '"':
			j := i + 1
			var b strings.Builder
			for j < len(s) {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						b.WriteByte('"')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			toks = append(toks, token{text: b.String(), off: i, quoted: true, ident: true})
			i = j + 1
		case isIdentStart(c):
			j := i
			for j < len(s) && isIdentPart(s[j]) {
				j++
			}
			toks = append(toks, token{text: s[i:j], off: i, ident: true})
			i = j
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		default:
			toks = append(toks, token{text: string(c), off: i})
			i++
		}
	}
	return toks
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdentPart(c byte) bool { return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

// statementEnd returns the offset of a ';' that is followed by more SQL, or -1.
func statementEnd(s string) int {
	toks := lex(s)
	for i, t := range toks {
		if t.text == ";" && !t.ident && i < len(toks)-1 {
			return t.off
		}
	}
	return -1
}

// ref is a name read after FROM or JOIN.
type ref struct {
	name string
	off  int
}

// references returns the relations a query reads (after FROM, JOIN or a
// comma in a FROM list), excluding table functions, qualified names and the
// query's own CTE names.
func references(s string) []ref {
	toks := lex(s)
	ctes := map[string]bool{}
	for i := 0; i+2 < len(toks); i++ {
		if toks[i].ident && strings.EqualFold(toks[i+1].text, "as") && toks[i+2].text == "(" {
			ctes[strings.ToLower(toks[i].text)] = true
		}
	}
	var refs []ref
	inFrom := false
	depth := 0
	fromDepth := -1
	// calls marks, per open parenthesis, whether it is a function call's: a
	// FROM inside one (extract(year FROM d), trim(x FROM y)) reads no table.
	var calls []bool
	inCall := func() bool { return len(calls) > 0 && calls[len(calls)-1] }
	for i, t := range toks {
		low := strings.ToLower(t.text)
		switch {
		case t.text == "(" && !t.ident:
			call := i > 0 && toks[i-1].ident && !toks[i-1].quoted && !opensQuery(strings.ToLower(toks[i-1].text))
			calls = append(calls, call)
			depth++
			continue
		case t.text == ")" && !t.ident:
			if len(calls) > 0 {
				calls = calls[:len(calls)-1]
			}
			depth--
			if depth < fromDepth {
				inFrom, fromDepth = false, -1
			}
			continue
		}
		if !t.quoted && (low == "from" || low == "join") {
			if inCall() || (i > 0 && strings.EqualFold(toks[i-1].text, "distinct")) {
				continue
			}
			inFrom, fromDepth = true, depth
			if i+1 < len(toks) {
				addRef(toks, i+1, ctes, &refs)
			}
			continue
		}
		if !t.quoted && t.ident && isClauseEnd(low) && depth == fromDepth {
			inFrom, fromDepth = false, -1
			continue
		}
		if inFrom && t.text == "," && !t.ident && depth == fromDepth && i+1 < len(toks) {
			addRef(toks, i+1, ctes, &refs)
		}
	}
	return refs
}

func addRef(toks []token, i int, ctes map[string]bool, refs *[]ref) {
	t := toks[i]
	if !t.ident {
		return
	}
	if !t.quoted && isKeyword(strings.ToLower(t.text)) {
		return
	}
	if i+1 < len(toks) && (toks[i+1].text == "(" || toks[i+1].text == ".") {
		return // a table function or a qualified name
	}
	if ctes[strings.ToLower(t.text)] {
		return
	}
	*refs = append(*refs, ref{name: t.text, off: t.off})
}

// opensQuery reports whether a parenthesis after keyword w holds a query or
// a list rather than a function's arguments.
func opensQuery(w string) bool {
	switch w {
	case "in", "exists", "as", "from", "join", "lateral", "any", "all", "some", "union", "select", "where", "and", "or", "not", "on", "using", "values", "then", "else", "when":
		return true
	}
	return false
}

func isClauseEnd(w string) bool {
	switch w {
	case "where", "group", "order", "having", "limit", "union", "except", "intersect", "qualify", "window", "select", "on", "using":
		return true
	}
	return false
}

func isKeyword(w string) bool {
	switch w {
	case "select", "lateral", "values", "unnest", "only":
		return true
	}
	return false
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
		for _, r := range references(q.Text) {
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

// HasOrderBy reports whether the statement ends with its own ORDER BY (at
// the outermost level), in which case its row order is kept as written.
func HasOrderBy(s string) bool {
	depth := 0
	toks := lex(s)
	for i, t := range toks {
		switch t.text {
		case "(":
			depth++
		case ")":
			depth--
		}
		if depth == 0 && t.ident && !t.quoted && strings.EqualFold(t.text, "order") && i+1 < len(toks) && strings.EqualFold(toks[i+1].text, "by") {
			return true
		}
	}
	return false
}
