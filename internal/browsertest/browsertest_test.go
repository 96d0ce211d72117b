package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
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

// killBrowser stops the browser behind ctx, as a crash would.
func killBrowser(t *testing.T, ctx context.Context) {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		t.Fatal("no browser process to stop")
	}
	c.Browser.Process().Kill()
	c.Browser.Process().Wait()
}

// TestCheckSiteOutlivesABrowserCrash: when the browser dies under a page
// load (chromedp says "context canceled"), a new browser loads the page
// again with every check; a page during which it dies every time is still
// reported.
func TestCheckSiteOutlivesABrowserCrash(t *testing.T) {
	if Browser() == "" && os.Getenv("CI") != "true" {
		t.Skip("Chromium not installed")
	}
	dir := t.TempDir()
	write(t, dir, "a.html", `<!DOCTYPE html><html><body><a href="b.html">b</a></body></html>`)
	write(t, dir, "b.html", `<!DOCTYPE html><html><body><a href="missing.html">missing</a></body></html>`)

	killed := 0
	beforeLoad = func(ctx context.Context, page string) {
		if page == "b.html" && killed == 0 {
			killed++
			killBrowser(t, ctx)
		}
	}
	defer func() { beforeLoad = nil }()
	rec := &recordingTB{TB: t}
	CheckSite(rec, dir, Options{})
	all := strings.Join(rec.errors, "\n")
	if killed != 1 || !strings.HasPrefix(all, `b.html: broken link "missing.html"`) || strings.Contains(all, "\n") {
		t.Errorf("after one crash (killed %d): reported\n%s\nwant only b.html's broken link, found on the reload", killed, all)
	}

	beforeLoad = func(ctx context.Context, page string) {
		if page == "b.html" {
			killBrowser(t, ctx)
		}
	}
	rec = &recordingTB{TB: t}
	CheckSite(rec, dir, Options{})
	all = strings.Join(rec.errors, "\n")
	if !strings.Contains(all, "b.html: load:") {
		t.Errorf("a page during which the browser always dies was not reported; reported:\n%s", all)
	}
}

// TestBrowserOutlivesItsStartTimeout: the bound on starting the browser does
// not end the browser when it fires later, in the middle of the pages (it
// did: a check running past a minute lost its browser). One browser serves
// every page.
func TestBrowserOutlivesItsStartTimeout(t *testing.T) {
	if Browser() == "" && os.Getenv("CI") != "true" {
		t.Skip("Chromium not installed")
	}
	dir := t.TempDir()
	write(t, dir, "a.html", `<!DOCTYPE html><html><body><a href="b.html">b</a></body></html>`)
	write(t, dir, "b.html", `<!DOCTYPE html><html><body><a href="a.html">a</a></body></html>`)
	old := startTimeout
	startTimeout = 2 * time.Second
	defer func() { startTimeout = old }()
	pids := map[int]bool{}
	beforeLoad = func(ctx context.Context, page string) {
		pids[chromedp.FromContext(ctx).Browser.Process().Pid] = true
		if page == "a.html" {
			time.Sleep(3 * time.Second) // past the start bound
		}
	}
	defer func() { beforeLoad = nil }()
	rec := &recordingTB{TB: t}
	CheckSite(rec, dir, Options{})
	if len(rec.errors) > 0 || len(pids) != 1 {
		t.Errorf("%d browsers served the pages; reported:\n%s", len(pids), strings.Join(rec.errors, "\n"))
	}
}
