package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// recordingTB collects errors instead of failing, to test the checker itself.
type recordingTB struct {
	testing.TB
	mu     sync.Mutex
	errors []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Error(args ...any) { r.Errorf("%s", fmt.Sprint(args...)) }

func write(t *testing.T, dir, name, s string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCheckSiteCatchesProblems feeds the checker a bad site and expects each
// kind of problem to be reported.
func TestCheckSiteCatchesProblems(t *testing.T) {
	if Browser() == "" && os.Getenv("CI") != "true" {
		t.Skip("Chromium not installed")
	}
	dir := t.TempDir()
	write(t, dir, "index.html", `<!DOCTYPE html><html><body>
<a href="sub/ok.html">ok</a> <a href="missing.html">missing</a> <a href="#top">top</a>
<img src="https://example.invalid/x.png" alt="">
<div data-chart id="c1"></div>
<script>console.error("boom"); alert("hi");</script>
</body></html>`)
	write(t, dir, "sub/ok.html", `<!DOCTYPE html><html><body><a href="../index.html">home</a>
<div data-chart id="c2"><canvas></canvas></div></body></html>`)
	rec := &recordingTB{TB: t}
	CheckSite(rec, dir, Options{})
	all := strings.Join(rec.errors, "\n")
	for _, want := range []string{
		`index.html: broken link "missing.html"`,
		"index.html: console.error: boom",
		"index.html: JavaScript alert dialog opened",
		"index.html: network request blocked: https://example.invalid/x.png",
		"index.html: chart c1 has no canvas or SVG",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("checker did not report %q; it reported:\n%s", want, all)
		}
	}
	if strings.Contains(all, "sub/ok.html") {
		t.Errorf("checker reported problems on a good page:\n%s", all)
	}
}
