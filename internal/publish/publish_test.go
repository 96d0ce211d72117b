package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// site is a small publication: index.html and run.json name the same
// version, so a reader can tell a mix.
func site(version, asOf string) map[string][]byte {
	return map[string][]byte{
		"index.html":   []byte("<p>version " + version + "</p>"),
		"data/a.csv":   []byte("v\n" + version + "\n"),
		"assets/x.css": []byte("/* " + version + " */"),
		"run.json":     []byte(`{"tool": "throughline", "as_of": "` + asOf + `", "outputs": [{"path": "assets/x.css"}, {"path": "data/a.csv"}, {"path": "index.html"}]}`),
	}
}

func mustPublish(t *testing.T, out string, files map[string][]byte) {
	t.Helper()
	if err := Publish(out, files); err != nil {
		t.Fatal(err)
	}
}

// readSite reads out's files through --out and fails unless they all belong
// to one version; it returns that version.
func readSite(t *testing.T, out string) string {
	t.Helper()
	// Read through the resolved folder, as a web server serving one request
	// does, so that index.html and its siblings come from one release.
	dir, err := filepath.EvalSymlinks(out)
	if err != nil {
		t.Fatalf("no site at %s: %v", out, err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatalf("no index.html at %s: %v", out, err)
	}
	v := strings.TrimSuffix(strings.TrimPrefix(string(b), "<p>version "), "</p>")
	for p, want := range site(v, "") {
		if p == "run.json" {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil || string(got) != string(want) {
			t.Fatalf("%s: %s is not version %s's (%q, %v)", out, p, v, got, err)
		}
	}
	return v
}

// leftovers lists what sits beside out other than out, its lock, the
// published release and the one it replaced (kept until the next publish,
// named in .previous).
func leftovers(t *testing.T, out string) []string {
	t.Helper()
	var left []string
	parent, base := filepath.Dir(out), filepath.Base(out)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		switch e.Name() {
		case base, "." + base + ".lock", "." + base + ".releases":
		default:
			left = append(left, e.Name())
		}
	}
	target, _ := os.Readlink(out)
	prev, _ := os.ReadFile(filepath.Join(parent, "."+base+".releases", ".previous"))
	rels, _ := os.ReadDir(filepath.Join(parent, "."+base+".releases"))
	for _, e := range rels {
		switch name := "." + base + ".releases/" + e.Name(); {
		case name == target, e.Name() == ".previous", e.Name() == strings.TrimSpace(string(prev)):
		default:
			left = append(left, name)
		}
	}
	sort.Strings(left)
	return left
}

func TestPublishReplacesWholeSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	mustPublish(t, out, map[string][]byte{"run.json": []byte("{}"), "old.html": []byte("x"), "a/b.csv": []byte("b")})
	mustPublish(t, out, map[string][]byte{"run.json": []byte("{}"), "a/b.csv": []byte("c")})
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Error("a file from the previous run survived the swap")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/b.csv")); string(b) != "c" {
		t.Errorf("a/b.csv = %q", b)
	}
	if fi, err := os.Lstat(out); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("--out is not a link: %v %v", fi, err)
	}
	if left := leftovers(t, out); len(left) != 0 {
		t.Errorf("staging or old releases left behind: %v", left)
	}
}

// TestPreviousReleaseKeptOnePublish: the release a publish swaps out stays,
// whole, until the next publish (a reader may have resolved the link to it
// a moment before the swap); at most two releases are on disk.
func TestPreviousReleaseKeptOnePublish(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	releases := func() []string {
		var names []string
		entries, _ := os.ReadDir(filepath.Join(filepath.Dir(out), ".site.releases"))
		for _, e := range entries {
			if e.IsDir() {
				names = append(names, e.Name())
			}
		}
		return names
	}
	mustPublish(t, out, site("1", "2026-01-01"))
	first := releases()
	mustPublish(t, out, site("2", "2026-01-01"))
	if got := releases(); len(got) != 2 || !slices.Contains(got, first[0]) {
		t.Fatalf("after the second publish: releases %v, want the first (%s) still beside the second", got, first[0])
	}
	if b, err := os.ReadFile(filepath.Join(filepath.Dir(out), ".site.releases", first[0], "index.html")); err != nil || string(b) != "<p>version 1</p>" {
		t.Errorf("the previous release's index.html: %q, %v", b, err)
	}
	mustPublish(t, out, site("3", "2026-01-01"))
	if got := releases(); len(got) != 2 || slices.Contains(got, first[0]) {
		t.Errorf("after the third publish: releases %v, want two, the first gone", got)
	}
	if v := readSite(t, out); v != "3" {
		t.Errorf("published version %s, want 3", v)
	}
}

// TestReaderNeverMissesIndex polls index.html while the site is published
// again and again: it must always be there, whole.
func TestReaderNeverMissesIndex(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	mustPublish(t, out, site("0", "2026-01-01"))
	var stop atomic.Bool
	var reads, misses atomic.Int64
	var firstMiss atomic.Value
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !stop.Load() {
			b, err := os.ReadFile(filepath.Join(out, "index.html"))
			reads.Add(1)
			if err != nil || !strings.HasPrefix(string(b), "<p>version ") || !strings.HasSuffix(string(b), "</p>") {
				if misses.Add(1) == 1 {
					firstMiss.Store(fmt.Sprintf("%q, %v", b, err))
				}
			}
		}
	}()
	for i := 1; i <= 30; i++ {
		mustPublish(t, out, site(strconv.Itoa(i), "2026-01-01"))
	}
	stop.Store(true)
	wg.Wait()
	if n := misses.Load(); n > 0 {
		t.Errorf("index.html missing or partial %d times in %d reads; first: %v", n, reads.Load(), firstMiss.Load())
	}
	if v := readSite(t, out); v != "30" {
		t.Errorf("published version %s, want 30", v)
	}
}

var errCrash = errors.New("simulated crash")

// TestCrashAtEveryStep stops a publish after each of its steps, as SIGKILL
// would: the old or the new site must be fully readable at --out, and the
// next run must clean up and publish.
func TestCrashAtEveryStep(t *testing.T) {
	steps := []string{"staged", "released", "linked", "moved-aside", "swapped"}
	layouts := []struct {
		name     string
		setup    func(t *testing.T, out string) // puts version "old" at out, or nothing
		fallback bool                           // no RENAME_EXCHANGE
	}{
		{"release link", func(t *testing.T, out string) { mustPublish(t, out, site("old", "2026-01-01")) }, false},
		{"old-layout folder", func(t *testing.T, out string) { writeLegacy(t, out, site("old", "2026-01-01")) }, false},
		{"old-layout folder, no exchange", func(t *testing.T, out string) { writeLegacy(t, out, site("old", "2026-01-01")) }, true},
		{"nothing", func(t *testing.T, out string) {}, false},
	}
	for _, l := range layouts {
		for _, step := range steps {
			t.Run(l.name+"/"+step, func(t *testing.T) {
				if l.fallback {
					saved := exchange
					exchange = func(a, b string) error { return syscall.EINVAL }
					t.Cleanup(func() { exchange = saved })
				}
				out := filepath.Join(t.TempDir(), "site")
				l.setup(t, out)
				s, err := Open(out)
				if err != nil {
					t.Fatal(err)
				}
				reached := false
				s.hook = func(got string) error {
					if got == step {
						reached = true
						return errCrash
					}
					return nil
				}
				err = s.Publish(context.Background(), site("new", "2026-01-02"), "2026-01-02")
				s.Close()
				if !reached {
					if err != nil {
						t.Fatal(err)
					}
					t.Skipf("step %s is not taken for this layout", step)
				}
				if !errors.Is(err, errCrash) {
					t.Fatalf("err = %v", err)
				}
				if l.fallback && step == "moved-aside" {
					// Without RENAME_EXCHANGE there is an instant with no
					// site; a crash in it is repaired by the next run's start.
					if _, err := os.Lstat(out); err == nil {
						t.Fatal("the old folder was not moved aside")
					}
					s, err := Open(out)
					if err != nil {
						t.Fatal(err)
					}
					s.Close()
				}
				v := "none"
				if _, err := os.Lstat(out); err == nil || l.name != "nothing" {
					v = readSite(t, out)
				}
				if want := map[bool]string{true: "new", false: "old"}[step == "swapped"]; l.name != "nothing" && v != want {
					t.Errorf("after a crash at %s: version %s, want %s", step, v, want)
				}
				// The next run cleans up after the killed one.
				mustPublish(t, out, site("next", "2026-01-03"))
				if v := readSite(t, out); v != "next" {
					t.Errorf("next run published %s", v)
				}
				if left := leftovers(t, out); len(left) != 0 {
					t.Errorf("left behind after the next run: %v", left)
				}
			})
		}
	}
}

// writeLegacy writes files as the old layout did: a real folder at out.
func writeLegacy(t *testing.T, out string, files map[string][]byte) {
	t.Helper()
	if err := WriteDir(out, files); err != nil {
		t.Fatal(err)
	}
}

func TestMigratesOldLayout(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	writeLegacy(t, out, site("old", "2026-01-01"))
	s, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := s.PublishedAsOf(); got != "2026-01-01" {
		t.Errorf("published as-of %q, want 2026-01-01 (from run.json)", got)
	}
	if err := s.Publish(context.Background(), site("new", "2026-01-02"), "2026-01-02"); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Lstat(out); fi.Mode()&os.ModeSymlink == 0 {
		t.Error("--out is still a folder")
	}
	if v := readSite(t, out); v != "new" {
		t.Errorf("version %s", v)
	}
	if left := leftovers(t, out); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestRefusesForeignOut(t *testing.T) {
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"no marker", map[string][]byte{"thesis.docx": []byte("precious")}, "throughline did not write (no .throughline-release.json)"},
		{"someone else's run.json", map[string][]byte{"run.json": []byte(`{"job": 7}`), "thesis.docx": []byte("precious")}, "run.json was not written by throughline"},
		{"extra file in our folder", func() map[string][]byte {
			f := site("old", "2026-01-01")
			f["notes/thesis.docx"] = []byte("precious")
			return f
		}(), "it holds notes/thesis.docx, which throughline did not write"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			writeLegacy(t, out, tc.files)
			err := Publish(out, site("new", "2026-01-02"))
			var re *RefusedError
			if !errors.As(err, &re) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want a refusal with %q", err, tc.want)
			}
			for p, want := range tc.files {
				if b, _ := os.ReadFile(filepath.Join(out, p)); string(b) != string(want) {
					t.Errorf("%s touched", p)
				}
			}
		})
	}
	file := filepath.Join(t.TempDir(), "site")
	os.WriteFile(file, []byte("x"), 0o644)
	if err := Publish(file, site("new", "2026-01-02")); err == nil || !strings.Contains(err.Error(), "is a file") {
		t.Errorf("a plain file at --out: err = %v", err)
	}
}

// TestUserSymlink: a link the user made at --out is followed; the site is
// published at its target, and the user's link keeps working.
func TestUserSymlink(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		t.Run(fmt.Sprintf("legacy=%v", legacy), func(t *testing.T) {
			dir := t.TempDir()
			real := filepath.Join(dir, "srv", "throughline")
			if legacy {
				writeLegacy(t, real, site("old", "2026-01-01"))
			} else {
				os.MkdirAll(real, 0o755)
			}
			out := filepath.Join(dir, "site")
			if err := os.Symlink("srv/throughline", out); err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{"1", "2"} {
				mustPublish(t, out, site(v, "2026-01-02"))
				if got := readSite(t, out); got != v {
					t.Errorf("through the user's link: version %s, want %s", got, v)
				}
			}
			if target, _ := os.Readlink(out); target != "srv/throughline" {
				t.Errorf("the user's link now points at %q", target)
			}
			if target, _ := os.Readlink(real); !strings.HasPrefix(target, ".throughline.releases/") {
				t.Errorf("the target is not a release link: %q", target)
			}
			if left := leftovers(t, real); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

func TestFailureKeepsPreviousSite(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	mustPublish(t, out, site("old", "2026-01-01"))
	// An invalid path fails while staging, after some files were written.
	bad := site("new", "2026-01-02")
	bad["../escape"] = []byte("x")
	if err := Publish(out, bad); err == nil {
		t.Fatal("want an error")
	}
	// So does a cancelled run.
	s, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.Publish(ctx, site("new", "2026-01-02"), "2026-01-02"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	s.Close()
	if v := readSite(t, out); v != "old" {
		t.Errorf("published site changed by a failed run: %s", v)
	}
	if left := leftovers(t, out); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestCleansKilledRunsLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	mustPublish(t, out, site("old", "2026-01-01"))
	for _, p := range []string{".site.releases/.staging-123/data/a.csv", ".site.tmp-77.old/index.html"} {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		os.WriteFile(filepath.Join(dir, p), []byte("x"), 0o644)
	}
	os.Symlink(".site.releases/nowhere", filepath.Join(dir, ".site.tmp-77"))
	s, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if left := leftovers(t, out); len(left) != 0 {
		t.Errorf("a killed run's leftovers survived the next run's start: %v", left)
	}
}

func TestCheckAsOf(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	mustPublish(t, out, site("1", "2026-11-27"))
	s, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct {
		asOf  string
		allow bool
		ok    bool
	}{{"2026-11-28", false, true}, {"2026-11-27", false, true}, {"2026-11-20", false, false}, {"2026-11-20", true, true}} {
		err := s.CheckAsOf(tc.asOf, tc.allow)
		var oe *OlderError
		if tc.ok != (err == nil) || (!tc.ok && (!errors.As(err, &oe) || !strings.Contains(err.Error(), "--allow-older"))) {
			t.Errorf("CheckAsOf(%s, %v) = %v", tc.asOf, tc.allow, err)
		}
	}
}

func TestLock(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	a, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(out)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != strconv.Itoa(os.Getpid()) {
		t.Fatalf("second Open: err = %v, want a LockedError naming pid %d", err, os.Getpid())
	}
	a.Close()
	b, err := Open(out)
	if err != nil {
		t.Fatalf("after Close: %v", err)
	}
	b.Close()
}

// TestLockHolderWrittenLate: the holder has taken the lock on a file it has
// just created but not yet written its pid (the CI failure of two runs
// started together): the refused run still names it.
func TestLockHolderWrittenLate(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	f, err := os.OpenFile(filepath.Join(dir, ".site.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(50 * time.Millisecond)
		f.WriteAt([]byte("4242\n"), 0)
	}()
	_, err = Open(out)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != "4242" {
		t.Fatalf("Open: err = %v, want a LockedError naming pid 4242", err)
	}
}

// TestLockReleasedOnKill: a process holding the lock is killed; the kernel
// releases it, and the next run takes it at once.
func TestLockReleasedOnKill(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHoldLock$")
	cmd.Env = append(os.Environ(), "PUBLISH_HELPER_OUT="+out)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.TrimSpace(line) != "locked" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q", line)
	}
	_, err := Open(out)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != strconv.Itoa(cmd.Process.Pid) {
		t.Errorf("while the helper holds it: err = %v", err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	s, err := Open(out)
	if err != nil {
		t.Fatalf("after the holder was killed: %v", err)
	}
	s.Close()
}

func TestHelperHoldLock(t *testing.T) {
	out := os.Getenv("PUBLISH_HELPER_OUT")
	if out == "" {
		t.Skip("helper process for TestLockReleasedOnKill")
	}
	if _, err := Open(out); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	fmt.Println("locked")
	time.Sleep(time.Minute)
	os.Exit(0)
}

// TestCleanRemovesDeadRunsSpill: a killed run's DuckDB spill folder goes at
// the next open; a live process's (a check running beside the build) stays.
func TestCleanRemovesDeadRunsSpill(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skip(err)
	}
	dead := filepath.Join(dir, fmt.Sprintf(".site.spill-%d", cmd.Process.Pid))
	live := filepath.Join(dir, fmt.Sprintf(".site.spill-%d", os.Getpid()))
	for _, d := range []string{dead, live} {
		if err := os.MkdirAll(filepath.Join(d, "duckdb"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(dead); !os.IsNotExist(err) {
		t.Errorf("the dead run's spill folder is still there (%v)", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("the live run's spill folder was removed: %v", err)
	}
}
