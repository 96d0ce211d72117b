package queries_test

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestViewsCreateOnEmptyTables(t *testing.T) {
	w := newWorld(t, "")
	for _, v := range catalog(t) {
		w.rows("SELECT * FROM " + v.name)
	}
}

// TestHeaders: every default view is parsed by the real catalog parser
// (catalog() fails otherwise), says what it is in words, and its chart names
// columns the view has.
func TestHeaders(t *testing.T) {
	w := newWorld(t, "")
	for _, v := range catalog(t) {
		if !v.q.Hidden && (v.q.Description == "" || v.q.Title == strings.ReplaceAll(v.name, "_", " ")) {
			t.Errorf("%s: needs a title and a description", v.file)
		}
		if c := v.q.Chart; c != nil {
			cols := columns(w, v.name)
			for _, n := range append([]string{c.X, c.Series, c.Size}, c.Y...) {
				if n != "" && !slices.Contains(cols, n) {
					t.Errorf("%s: chart column %q is not a column of %s", v.file, n, v.name)
				}
			}
		}
	}
}

func columns(w *world, view string) []string {
	var out []string
	for _, r := range w.rows("DESCRIBE SELECT * FROM " + view) {
		out = append(out, r[0])
	}
	return out
}

// TestOutputsContract compares every view with docs/outputs.md: the same
// views, the same columns in the same order, and the documented types.
func TestOutputsContract(t *testing.T) {
	doc, err := os.ReadFile("../docs/outputs.md")
	if err != nil {
		t.Skipf("docs/outputs.md not readable: %v", err)
	}
	documented := map[string][]string{}
	severity := map[string]string{}
	section := ""
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "## ") {
			section = line
			continue
		}
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "|---") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		switch {
		case strings.HasPrefix(section, "## Views") && len(cells) == 3 && cells[0] != "view":
			documented[cells[0]] = splitTop(cells[1])
		case strings.HasPrefix(section, "## Check") && len(cells) == 3 && cells[0] != "check":
			documented[cells[0]] = splitTop(cells[2])
			severity[cells[0]] = cells[1]
		}
	}
	if len(documented) < 10 {
		t.Fatalf("found only %d views in docs/outputs.md; has its layout changed?", len(documented))
	}
	w := newWorld(t, "")
	sqlType := map[string][]string{
		"text": {"VARCHAR"}, "int": {"INTEGER", "BIGINT"}, "float": {"DOUBLE"},
		"date": {"DATE"}, "bool": {"BOOLEAN"}, "decimal": {"DECIMAL"},
	}
	inCatalog := map[string]bool{}
	for _, v := range catalog(t) {
		inCatalog[v.name] = true
		want, ok := documented[v.name]
		if !ok {
			if !v.q.Hidden {
				t.Errorf("%s: view %s is not documented in docs/outputs.md", v.file, v.name)
			}
			continue
		}
		if s := severity[v.name]; s != "" && s != v.q.Severity {
			t.Errorf("%s: severity %q, docs/outputs.md says %q", v.file, v.q.Severity, s)
		}
		got := w.rows("DESCRIBE SELECT * FROM " + v.name)
		if len(got) != len(want) {
			t.Errorf("%s: %d columns, docs/outputs.md lists %d", v.name, len(got), len(want))
			continue
		}
		for i, item := range want {
			name, rest, _ := strings.Cut(item, " ")
			if got[i][0] != name {
				t.Errorf("%s: column %d is %s, docs/outputs.md says %s", v.name, i+1, got[i][0], name)
			}
			typ, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
			if ok := sqlType[typ]; ok != nil && !slices.ContainsFunc(ok, func(p string) bool {
				return strings.HasPrefix(got[i][1], p)
			}) {
				t.Errorf("%s.%s: type %s, docs/outputs.md says %s", v.name, name, got[i][1], typ)
			}
		}
	}
	for name := range documented {
		if !inCatalog[name] {
			t.Errorf("docs/outputs.md documents %s, but no query defines it", name)
		}
	}
}

// splitTop splits a documented column list on commas outside parentheses.
func splitTop(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}
