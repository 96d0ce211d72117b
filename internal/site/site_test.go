package site

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// mustRender renders m and fails on any diagnostic.
func mustRender(t *testing.T, m *report.Model) map[string][]byte {
	t.Helper()
	files, dl := Render(m)
	if dl.Len() > 0 {
		var b strings.Builder
		diag.Print(&b, append(dl.Errors(), dl.Warnings()...), 0, "")
		t.Fatalf("Render reported problems:\n%s", b.String())
	}
	return files
}

func sortedPaths(files map[string][]byte) []string {
	var ps []string
	for p := range files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}

// TestGolden compares every rendered page (not the vendored ECharts) with testdata.
func TestGolden(t *testing.T) {
	files := mustRender(t, fixtureModel(plainNames))
	dir := filepath.Join("testdata", "golden")
	if *update {
		os.RemoveAll(dir)
	}
	want := map[string]bool{}
	for _, p := range sortedPaths(files) {
		if p == "assets/echarts.min.js" {
			continue
		}
		golden := filepath.Join(dir, filepath.FromSlash(p)+".golden")
		want[golden] = true
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, files[p], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		b, err := os.ReadFile(golden)
		if err != nil {
			t.Errorf("%s: %v (run go test ./internal/site -update)", p, err)
			continue
		}
		if !bytes.Equal(b, files[p]) {
			t.Errorf("%s differs from %s (run go test ./internal/site -update and review the diff)", p, golden)
		}
	}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !want[p] {
			t.Errorf("%s: golden file for a page no longer rendered", p)
		}
		return nil
	})
}

func TestDeterministic(t *testing.T) {
	a := mustRender(t, fixtureModel(hostileNames))
	for i := 0; i < 3; i++ {
		b := mustRender(t, fixtureModel(hostileNames))
		if len(a) != len(b) {
			t.Fatalf("run %d: %d files, want %d", i, len(b), len(a))
		}
		for p := range a {
			if !bytes.Equal(a[p], b[p]) {
				t.Fatalf("run %d: %s differs between identical renders", i, p)
			}
		}
	}
}

func TestPaths(t *testing.T) {
	files := mustRender(t, fixtureModel(plainNames))
	for _, p := range []string{
		"index.html", "review.html", "funding-gate.html", "data-quality.html", "queries/index.html",
		report.InitiativePath("INF-CLOUD"), report.InitiativePath("CRM/X 1"), report.InitiativePath("DATA-LAKE"),
		report.QueryPath("divergence"), report.QueryPath("analyst_area"), report.QueryPath("check_unmapped_spend"),
		"reports/index.html", "reports/notes.html", "assets/site.css", "assets/site.js", "assets/echarts.min.js",
	} {
		if _, ok := files[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
	if _, ok := files[report.QueryPath("hidden_helper")]; ok {
		t.Errorf("hidden query got a page")
	}
}

var urlRe = regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)

// TestNoExternalURLs greps every output file, ECharts included, for a
// reference to another host.
func TestNoExternalURLs(t *testing.T) {
	for _, names := range []names{plainNames, hostileNames} {
		files := mustRender(t, fixtureModel(names))
		for _, p := range sortedPaths(files) {
			b := files[p]
			if p == "assets/echarts.min.js" {
				// ECharts holds URLs only in comments, licence text and SVG
				// namespaces; none is fetched. Check that it loads nothing.
				for _, bad := range []string{"src=\"http", "importScripts(\"http", "fetch(\"http"} {
					if bytes.Contains(b, []byte(bad)) {
						t.Errorf("%s: contains %s", p, bad)
					}
				}
				continue
			}
			if loc := urlRe.FindIndex(b); loc != nil {
				t.Errorf("%s: external reference %q", p, b[loc[0]:min(loc[1]+20, len(b))])
			}
		}
	}
}

// TestHostileText checks that nasty names stay inert text: never a tag, never
// a way out of a script element.
func TestHostileText(t *testing.T) {
	files := mustRender(t, fixtureModel(hostileNames))
	for _, p := range sortedPaths(files) {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		s := string(files[p])
		for _, bad := range []string{"<img src=x", "<script>alert", "<b>boss</b>", "<b>raw</b>"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: hostile text rendered as markup: %q", p, bad)
			}
		}
		// Exactly the scripts we write: ECharts, site.js and the JSON blocks.
		lower := strings.ToLower(s)
		opens := strings.Count(lower, "<script")
		closes := strings.Count(lower, "</script")
		if opens != closes {
			t.Errorf("%s: %d <script openings but %d closings", p, opens, closes)
		}
	}
	idx := string(files["index.html"])
	if !strings.Contains(idx, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("index.html: escaped initiative name not found")
	}
	if !strings.Contains(idx, `\u003c/script\u003e`) {
		t.Errorf("index.html: chart JSON does not escape </script>")
	}
}
