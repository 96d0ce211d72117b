// Package browsertest loads a rendered site in headless Chromium from file://
// with the network blocked, and fails the test on anything a board member
// would see go wrong: console errors, failed requests, dialogs, charts that
// did not draw, links to files that do not exist.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Options tune CheckSite.
type Options struct {
	// Pages are the slash paths (relative to dir) to load; empty means every
	// .html file under dir.
	Pages []string
	// MarkedQuadrant lists initiative ids that must be points of the marked
	// ("delivery green, outcome red") quadrant of the divergence chart on
	// DivergencePage.
	MarkedQuadrant []string
	// DivergencePage is the page holding the divergence chart; default "index.html".
	DivergencePage string
	// PageTimeout bounds each page load; default 30s.
	PageTimeout time.Duration
	// Width and Height are the window's size in CSS pixels; default 1440 × 900.
	Width, Height int64
	// InView maps a page to column headers (as shown, e.g. "Recommended
	// action") that must lie wholly inside the window's width without
	// scrolling sideways.
	InView map[string][]string
}

// Flags are the Chromium flags the check runs with (plus a fresh user-data-dir).
var Flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"}

// Browser returns the path of a Chromium binary, or "" when none is installed.
// CHROMIUM_PATH overrides the search.
func Browser() string {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// CheckSite loads every page of the site in dir and reports each problem as
// a test error. Without Chromium it skips, unless CI=true, when it fails.
func CheckSite(t testing.TB, dir string, opts Options) {
	t.Helper()
	bin := Browser()
	if bin == "" {
		msg := "browser test needs Chromium: apt-get install -y chromium (or set CHROMIUM_PATH)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	pages := opts.Pages
	if len(pages) == 0 {
		pages = htmlFiles(t, abs)
	}
	if opts.PageTimeout == 0 {
		opts.PageTimeout = 30 * time.Second
	}
	if opts.DivergencePage == "" {
		opts.DivergencePage = "index.html"
	}
	if opts.Width == 0 {
		opts.Width, opts.Height = 1440, 900
	}

	rec := &recorder{}
	ctx, stopBrowser := startBrowser(t, bin, opts, rec)
	defer func() { stopBrowser() }()
	restarts := 0
	for _, p := range pages {
		rec.start(p)
		u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(filepath.Join(abs, filepath.FromSlash(p)))}).String()
		if beforeLoad != nil {
			beforeLoad(ctx, p)
		}
		pctx, cancelPage := context.WithTimeout(ctx, opts.PageTimeout)
		err := chromedp.Do(pctx, chromedp.Navigate(u))
		if err != nil && ctx.Err() != nil && restarts < 2 {
			// The browser itself went away (on a loaded machine Chromium
			// has been seen to; chromedp then says "context canceled"):
			// start a new one and load the page again, with every check. A
			// page that brings the browser down every time still fails.
			cancelPage()
			t.Logf("%s: the browser stopped (%v); starting a new one and loading the page again", p, err)
			stopBrowser()
			restarts++
			ctx, stopBrowser = startBrowser(t, bin, opts, rec)
			rec.start(p)
			if beforeLoad != nil {
				beforeLoad(ctx, p)
			}
			pctx, cancelPage = context.WithTimeout(ctx, opts.PageTimeout)
			err = chromedp.Do(pctx, chromedp.Navigate(u))
		}
		if err != nil {
			t.Errorf("%s: load: %v", p, err)
			cancelPage()
			continue
		}
		var res pageReport
		if err := waitCharts(pctx, &res); err != nil {
			t.Errorf("%s: inspect: %v", p, err)
		}
		for _, c := range res.Charts {
			if !c.Drawn {
				t.Errorf("%s: chart %s has no canvas or SVG", p, c.ID)
			}
			if c.Right > res.Width+1 {
				t.Errorf("%s: chart %s runs past the %.0f px window (right edge %.0f px)", p, c.ID, res.Width, c.Right)
			}
		}
		for _, l := range res.Links {
			if problem := checkLink(abs, p, l); problem != "" {
				t.Errorf("%s: %s", p, problem)
			}
		}
		if p == opts.DivergencePage && len(opts.MarkedQuadrant) > 0 {
			checkMarked(t, pctx, p, opts.MarkedQuadrant)
		}
		if cols := opts.InView[p]; len(cols) > 0 {
			checkInView(t, pctx, p, cols)
		}
		// Let late console messages arrive before moving on.
		_ = chromedp.Do(pctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 50))`, chromedp.EvalAwaitPromise))
		cancelPage()
		for _, problem := range rec.stop() {
			t.Errorf("%s: %s", p, problem)
		}
	}
}

// beforeLoad, set by tests, runs before each page load (and reload).
var beforeLoad func(ctx context.Context, page string)

// startTimeout bounds the browser's start and set-up (a variable for tests).
var startTimeout = 60 * time.Second

// startBrowser starts Chromium with the network shut off and every page
// event recorded into rec; stop ends it.
func startBrowser(t testing.TB, bin string, opts Options, rec *recorder) (context.Context, func()) {
	t.Helper()
	allocOpts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(bin), chromedp.UserDataDir(t.TempDir())}
	for _, f := range Flags {
		allocOpts = append(allocOpts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocOpts...)
	ctx, cancel := chromedp.NewContext(actx)

	// The first call on ctx starts the browser and ties its life to the
	// context it is given: a timeout there stops the browser when it fires
	// (once, a minute into a long check on a loaded machine: every page
	// after that failed with "context canceled"). So the browser starts on
	// ctx, with the wait bounded from outside, and only the set-up calls
	// after it carry a timeout.
	startCtx, cancelStart := context.WithTimeout(ctx, startTimeout)
	defer cancelStart()
	// dialogs is never closed: an event may still arrive while the browser
	// stops; its reader ends with the browser's context.
	dialogs := make(chan struct{}, 16)
	stop := func() {
		cancel()
		cancelAlloc()
	}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err := <-started:
		if err != nil {
			stop()
			t.Fatalf("start %s: %v", bin, err)
		}
	case <-startCtx.Done():
		stop()
		t.Fatalf("start %s: not ready after %v", bin, startTimeout)
	}
	if err := chromedp.Listen(ctx, func(ev any) { rec.event(ctx, ev, dialogs) }); err != nil {
		stop()
		t.Fatalf("listen: %v", err)
	}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-dialogs:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	for _, step := range []func() error{
		func() error { _, err := chromedp.Call(startCtx, runtime.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(startCtx, log.Enable, cdp.Empty{}); return err },
		func() error { _, err := chromedp.Call(startCtx, network.Enable, network.EnableParams{}); return err },
		func() error {
			_, err := chromedp.Call(startCtx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: opts.Width, Height: opts.Height, DeviceScaleFactor: 1, Mobile: opts.Width < 600})
			return err
		},
		func() error {
			// Only requests that would leave the machine are paused (and
			// failed). Pausing every request, file: ones included, made each
			// navigation wait on a Fetch.continueRequest sent from another
			// goroutine; under load that round trip raced the next
			// navigation and chromedp reported "load: context canceled".
			// File requests now load untouched, so a page load depends on
			// nothing but the browser.
			var patterns []*fetch.RequestPattern
			for _, p := range []string{"http://*", "https://*", "ws://*", "wss://*", "ftp://*"} {
				patterns = append(patterns, &fetch.RequestPattern{URLPattern: p})
			}
			_, err := chromedp.Call(startCtx, fetch.Enable, fetch.EnableParams{Patterns: patterns})
			return err
		},
	} {
		if err := step(); err != nil {
			stop()
			t.Fatalf("set up browser: %v", err)
		}
	}

	return ctx, stop
}

// recorder collects the problems of the page being checked.
type recorder struct {
	mu       sync.Mutex
	page     string
	problems []string
}

func (r *recorder) start(p string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.page, r.problems = p, nil
}

func (r *recorder) stop() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.problems
	r.problems = nil
	return out
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// event runs on the browser's reader goroutine: it must not block or call
// the browser itself, so responses go through goroutines.
func (r *recorder) event(ctx context.Context, ev any, dialogs chan<- struct{}) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range e.Args {
				var str string
				switch {
				case a.Description != "":
					parts = append(parts, a.Description)
				case json.Unmarshal([]byte(a.Value), &str) == nil:
					parts = append(parts, str)
				default:
					parts = append(parts, string(a.Value))
				}
			}
			r.add("console.%s: %s", e.Type, strings.Join(parts, " "))
		}
	case *runtime.EventExceptionThrown:
		text := e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			text += " " + e.ExceptionDetails.Exception.Description
		}
		r.add("uncaught exception: %s", text)
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			r.add("browser log error: %s %s", e.Entry.Text, e.Entry.URL)
		}
	case *network.EventLoadingFailed:
		r.add("request failed: %s (%s)", e.ErrorText, e.Type)
	case *page.EventJavascriptDialogOpening:
		r.add("JavaScript %s dialog opened: %q", e.Type, e.Message)
		select {
		case dialogs <- struct{}{}:
		default:
		}
	case *fetch.EventRequestPaused:
		u := e.Request.URL
		id := e.RequestID
		if strings.HasPrefix(u, "file:") || strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") {
			go func() { _, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id}) }()
			return
		}
		r.add("network request blocked: %s", u)
		go func() {
			_, _ = chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
		}()
	}
}

type chartState struct {
	ID    string  `json:"id"`
	Drawn bool    `json:"drawn"`
	Right float64 `json:"right"` // the chart's right edge, CSS px
}

type pageReport struct {
	Charts []chartState `json:"charts"`
	Links  []string     `json:"links"`
	Width  float64      `json:"width"` // the window's width, CSS px
}

const inspectJS = `(() => {
  const charts = Array.from(document.querySelectorAll('[data-chart]')).map(el => ({
    id: el.id, drawn: !!el.querySelector('canvas, svg'), right: el.getBoundingClientRect().right}));
  const links = [];
  document.querySelectorAll('a[href]').forEach(a => links.push(a.getAttribute('href')));
  document.querySelectorAll('script[src]').forEach(s => links.push(s.getAttribute('src')));
  document.querySelectorAll('link[href]').forEach(l => links.push(l.getAttribute('href')));
  return JSON.stringify({charts, links, width: document.documentElement.clientWidth});
})()`

// waitCharts inspects the page, retrying briefly until every chart is drawn.
func waitCharts(ctx context.Context, res *pageReport) error {
	for i := 0; ; i++ {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](inspectJS))
		if err != nil {
			return err
		}
		*res = pageReport{}
		if err := json.Unmarshal([]byte(s), res); err != nil {
			return err
		}
		drawn := true
		for _, c := range res.Charts {
			drawn = drawn && c.Drawn
		}
		if drawn || i >= 20 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkLink reports a relative link from page p that names no file under root.
func checkLink(root, p, href string) string {
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return fmt.Sprintf("bad link %q: %v", href, err)
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Scheme == "mailto" {
			return ""
		}
		return fmt.Sprintf("link %q leaves the site", href)
	}
	if strings.HasPrefix(u.Path, "/") {
		return fmt.Sprintf("link %q is absolute; the site must work from any sub-path", href)
	}
	target := path.Clean(path.Join(path.Dir(p), u.Path))
	if target == ".." || strings.HasPrefix(target, "../") {
		return fmt.Sprintf("link %q points outside the site", href)
	}
	if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(target))); err != nil {
		return fmt.Sprintf("broken link %q: no file %s", href, target)
	}
	return ""
}

const markedJS = `(() => {
  const fig = document.querySelector('figure[data-kind="divergence"]');
  if (!fig) return JSON.stringify({error: 'no divergence chart on the page'});
  const el = fig.querySelector('[data-chart]');
  const reg = window.throughline && window.throughline.charts[el.id];
  if (!reg) return JSON.stringify({error: 'divergence chart was not initialised'});
  const marked = fig.getAttribute('data-marked');
  const opt = reg.chart.getOption();
  let ids = [];
  (opt.series || []).forEach((s, i) => {
    if (s.name !== marked) return;
    const sid = reg.ids[i] || [];
    const n = (s.data || []).length;
    if (n !== sid.length) return;
    ids = ids.concat(sid);
  });
  return JSON.stringify({marked, ids});
})()`

// checkMarked asserts that each id is a point of the marked quadrant, as the
// live chart instance holds it.
func checkMarked(t testing.TB, ctx context.Context, p string, want []string) {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](markedJS))
	if err != nil {
		t.Errorf("%s: read divergence chart: %v", p, err)
		return
	}
	var res struct {
		Error  string   `json:"error"`
		Marked string   `json:"marked"`
		IDs    []string `json:"ids"`
	}
	if err := json.Unmarshal([]byte(s), &res); err != nil {
		t.Errorf("%s: read divergence chart: %v", p, err)
		return
	}
	if res.Error != "" {
		t.Errorf("%s: %s", p, res.Error)
		return
	}
	have := map[string]bool{}
	for _, id := range res.IDs {
		have[id] = true
	}
	for _, id := range want {
		if !have[id] {
			t.Errorf("%s: initiative %q is not a point of the %q quadrant (points there: %v)", p, id, res.Marked, res.IDs)
		}
	}
}

// htmlFiles lists every .html file under root, sorted, as slash paths.
func htmlFiles(t testing.TB, root string) []string {
	t.Helper()
	var out []string
	// A published --out is a link to its release; WalkDir does not follow
	// a link at its root.
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("list pages: %v", err)
	}
	if len(out) == 0 {
		t.Fatalf("no .html files under %s", root)
	}
	sort.Strings(out)
	return out
}

const inViewJS = `(() => {
  const out = {};
  document.querySelectorAll('th').forEach(th => {
    const label = th.textContent.replace(/[\u2195\u2191\u2193]/g, '').trim();
    const r = th.getBoundingClientRect();
    if (!(label in out)) out[label] = {left: r.left, right: r.right};
  });
  return JSON.stringify({width: document.documentElement.clientWidth, cols: out});
})()`

// checkInView asserts that each named column header lies inside the window
// without scrolling sideways.
func checkInView(t testing.TB, ctx context.Context, p string, cols []string) {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](inViewJS))
	if err != nil {
		t.Errorf("%s: measure columns: %v", p, err)
		return
	}
	var res struct {
		Width float64 `json:"width"`
		Cols  map[string]struct {
			Left  float64 `json:"left"`
			Right float64 `json:"right"`
		} `json:"cols"`
	}
	if err := json.Unmarshal([]byte(s), &res); err != nil {
		t.Errorf("%s: measure columns: %v", p, err)
		return
	}
	for _, c := range cols {
		r, ok := res.Cols[c]
		switch {
		case !ok:
			t.Errorf("%s: no column %q", p, c)
		case r.Left < 0 || r.Right > res.Width:
			t.Errorf("%s: column %q spans %.0f-%.0f px, outside the %.0f px window", p, c, r.Left, r.Right, res.Width)
		}
	}
}
