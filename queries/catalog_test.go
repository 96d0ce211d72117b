package queries_test

import (
	"os"
	"regexp"
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

// TestHeaders holds every file to the header format the catalog parser reads.
func TestHeaders(t *testing.T) {
	w := newWorld(t, "")
	known := []string{"title", "description", "chart", "sheet", "kind", "severity", "hidden"}
	chartRe := regexp.MustCompile(`^(bar|line|area|scatter|pie) x=(\w+) y=(\w+(?:,\w+)*)(?: series=(\w+))?(?: size=(\w+))?$`)
	seen := map[string]string{}
	for _, v := range catalog(t) {
		if prev, dup := seen[v.name]; dup {
			t.Errorf("%s and %s both define view %s", prev, v.file, v.name)
		}
		seen[v.name] = v.file
		if !regexp.MustCompile(`^\d{3}_[a-z][a-z0-9_]*\.sql$`).MatchString(v.file) {
			t.Errorf("%s: file name is not NNN_name.sql", v.file)
		}
		for k := range v.header {
			if !slices.Contains(known, k) {
				t.Errorf("%s: unknown header key %q", v.file, k)
			}
		}
		if v.header["title"] == "" || v.header["description"] == "" {
			t.Errorf("%s: needs a title and a description", v.file)
		}
		kind := v.header["kind"]
		switch kind {
		case "", "view":
			if v.header["severity"] != "" {
				t.Errorf("%s: severity on a view", v.file)
			}
		case "check":
			if s := v.header["severity"]; s != "warning" && s != "error" {
				t.Errorf("%s: check severity %q, want warning or error", v.file, s)
			}
		default:
			t.Errorf("%s: kind %q, want view or check", v.file, kind)
		}
		if h, ok := v.header["hidden"]; ok && h != "true" {
			t.Errorf("%s: hidden: %q, want true", v.file, h)
		}
		if s := v.header["sheet"]; len(s) > 31 || strings.ContainsAny(s, `[]:*?/\`) {
			t.Errorf("%s: sheet name %q is not a valid Excel sheet name", v.file, s)
		}
		cols := columns(w, v.name)
		if c, ok := v.header["chart"]; ok {
			m := chartRe.FindStringSubmatch(c)
			if m == nil {
				t.Errorf("%s: chart %q does not parse", v.file, c)
				continue
			}
			names := append([]string{m[2]}, strings.Split(m[3], ",")...)
			names = append(names, m[4], m[5])
			for _, n := range names {
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
			if v.header["hidden"] != "true" {
				t.Errorf("%s: view %s is not documented in docs/outputs.md", v.file, v.name)
			}
			continue
		}
		if s := severity[v.name]; s != "" && s != v.header["severity"] {
			t.Errorf("%s: severity %q, docs/outputs.md says %q", v.file, v.header["severity"], s)
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
