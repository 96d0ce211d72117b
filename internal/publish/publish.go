// Package publish is the only package that writes output to disk.
//
// The output path (--out) is a symbolic link to a complete release folder
// beside it, in .<out>.releases/. A build is written into a staging folder
// there, read back, renamed to its release name, and published by renaming a
// new link over the old one: rename(2) replaces the link in one step, so a
// reader of --out sees the old site or the new one, never neither and never a
// mix of files. Older releases are then removed.
//
// A run holds an flock on .<out>.lock from its start (Open) to its end; the
// kernel releases it when the process dies, so there are no stale locks.
// docs/publishing.md describes what a reader of --out can observe.
package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Marker is the file every release holds: it names the tool, the as-of date
// and every file of the release. A folder is replaced or removed only when
// its marker (or, for the layout before releases, its run.json) proves that
// throughline wrote every file in it.
const Marker = ".throughline-release.json"

// legacyMarker is run.json, the record the old layout (a real folder at
// --out) is recognised by; it lists every other file under "outputs".
const legacyMarker = "run.json"

// LockedError is returned by Open when another run holds the lock.
type LockedError struct {
	Out, Lock, PID string
}

func (e *LockedError) Error() string {
	pid := ""
	if e.PID != "" {
		pid = ", pid " + e.PID
	}
	return fmt.Sprintf("another throughline run is building %s (it holds %s%s); wait for it to finish, or stop it, then run again", e.Out, e.Lock, pid)
}

// RefusedError is returned by Open when --out is something throughline may
// not replace: a folder with files it did not write, a plain file.
type RefusedError struct {
	Out, Reason string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("--out %s: %s; choose a new or empty folder for --out, or remove it", e.Out, e.Reason)
}

// OlderError is returned by CheckAsOf when the run would replace a
// publication with a newer as-of date.
type OlderError struct {
	Out, Published, AsOf string
}

func (e *OlderError) Error() string {
	return fmt.Sprintf("%s is published as of %s, newer than this run's --as-of %s; nothing was changed (give --allow-older to replace it anyway)", e.Out, e.Published, e.AsOf)
}

// Site is an output path locked by this process.
type Site struct {
	given  string // --out as given, for messages
	out    string // the path replaced: --out, or the target of a user's link
	lock   *os.File
	state  state
	asOf   string // the as-of date of what is published, "" if unknown or none
	legacy bool   // a folder of the old layout (or an empty folder) is at out

	// KeepAudits is how many audits to keep under archive/ (0 keeps none
	// but the one published). Publish carries the kept audits of the
	// published site forward into each new release.
	KeepAudits int

	// hook, set by tests, is called after each step of Publish; an error
	// stops Publish there, without any cleanup, as if the process died.
	hook func(step string) error
}

type state int

const (
	stateNone   state = iota // nothing at out
	stateLink                // our link to a release
	stateFolder              // a folder we may replace (empty, or ours)
)

// Open resolves out, takes its lock, removes what killed runs left behind
// and checks that whatever is published there may be replaced. Close
// releases the lock.
//
// A symbolic link at out that throughline did not make (it does not point
// into .<name>.releases/) is followed: the site is published at its target,
// which becomes throughline's link, so the user's link keeps working.
func Open(out string) (*Site, error) {
	s := &Site{given: out}
	p, err := resolve(filepath.Clean(out))
	if err != nil {
		return nil, err
	}
	s.out = p
	if b := filepath.Base(p); b == "." || b == ".." || b == string(filepath.Separator) {
		return nil, &RefusedError{out, "it must name a folder, not " + b}
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	if err := s.takeLock(); err != nil {
		return nil, err
	}
	s.recover()
	if err := s.inspect(); err != nil {
		s.Close()
		return nil, err
	}
	s.clean()
	return s, nil
}

// Close releases the lock. The lock file stays: removing it would let two
// runs lock two different files.
func (s *Site) Close() error {
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close() // closing the last descriptor releases the flock
	s.lock = nil
	return err
}

// Path is the path the site is published at (--out, or the target of the
// user's link at --out).
func (s *Site) Path() string { return s.out }

// PublishedAsOf is the as-of date of the site published now, "" if none.
func (s *Site) PublishedAsOf() string { return s.asOf }

// CheckAsOf refuses a run whose as-of date (YYYY-MM-DD) is older than the
// published one, unless allowOlder.
func (s *Site) CheckAsOf(asOf string, allowOlder bool) error {
	if allowOlder || s.asOf == "" || asOf >= s.asOf {
		return nil
	}
	return &OlderError{Out: s.given, Published: s.asOf, AsOf: asOf}
}

func (s *Site) releases() string { return "." + filepath.Base(s.out) + ".releases" }
func (s *Site) releasesDir() string {
	return filepath.Join(filepath.Dir(s.out), s.releases())
}
func (s *Site) tmpPrefix() string { return "." + filepath.Base(s.out) + ".tmp-" }

// resolve follows links at p that throughline did not make.
func resolve(p string) (string, error) {
	for range 40 {
		fi, err := os.Lstat(p)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", fmt.Errorf("publish: %w", err)
		}
		if _, ok := ownRelease(p, target); ok {
			return p, nil
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(p), target)
		}
		p = filepath.Clean(target)
	}
	return "", &RefusedError{p, "too many levels of symbolic links"}
}

// ownRelease reports whether target, the value of the link at p, is one
// throughline writes: .<base>.releases/<name>.
func ownRelease(p, target string) (string, bool) {
	dir, name := filepath.Split(target)
	if dir != "."+filepath.Base(p)+".releases/" || name == "" || strings.HasPrefix(name, ".") {
		return "", false
	}
	return name, true
}

func (s *Site) takeLock() error {
	path := filepath.Join(filepath.Dir(s.out), "."+filepath.Base(s.out)+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return fmt.Errorf("publish: open lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return &LockedError{Out: s.given, Lock: path, PID: lockHolder(path)}
		}
		return fmt.Errorf("publish: lock %s: %w", path, err)
	}
	// The pid is only for the message another run prints. It is written
	// before the old one is cut off, so a reader never finds the file empty
	// once a pid has been in it.
	pid := []byte(strconv.Itoa(os.Getpid()) + "\n")
	if _, err := f.WriteAt(pid, 0); err == nil {
		f.Truncate(int64(len(pid)))
	}
	s.lock = f
	return nil
}

// lockHolder reads the pid the lock's holder wrote. A run that has just
// created the lock file takes the lock a moment before it writes its pid,
// so an empty file is read again for up to half a second.
func lockHolder(path string) string {
	for range 50 {
		b, _ := os.ReadFile(path)
		if line, _, _ := strings.Cut(string(b), "\n"); strings.TrimSpace(line) != "" {
			return strings.TrimSpace(line)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return ""
}

// inspect finds what is at out and whether it may be replaced.
func (s *Site) inspect() error {
	fi, err := os.Lstat(s.out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		s.state = stateNone
		return nil
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case fi.Mode()&fs.ModeSymlink != 0:
		// resolve stopped here, so it is our link.
		s.state = stateLink
		if m, err := readMarker(filepath.Join(s.out, Marker)); err == nil {
			s.asOf = m.AsOf
		}
		return nil
	case !fi.IsDir():
		return &RefusedError{s.given, "it is a file, not a folder"}
	}
	s.state, s.legacy = stateFolder, true
	entries, err := os.ReadDir(s.out)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if len(entries) == 0 {
		return nil
	}
	asOf, err := owned(s.out)
	if err != nil {
		return &RefusedError{s.given, err.Error()}
	}
	s.asOf = asOf
	return nil
}

// marker is the content of Marker (and the part of run.json we read).
type marker struct {
	Tool    string   `json:"tool"`
	AsOf    string   `json:"as_of"`
	Files   []string `json:"files"`
	Outputs []struct {
		Path string `json:"path"`
	} `json:"outputs"`
}

func readMarker(path string) (*marker, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m marker
	if err := json.Unmarshal(b, &m); err != nil || m.Tool != "throughline" {
		return nil, fmt.Errorf("%s was not written by throughline", filepath.Base(path))
	}
	return &m, nil
}

// owned checks that every file in dir is listed by its marker (or, in a
// folder of the old layout, by its run.json), and returns the as-of date.
func owned(dir string) (string, error) {
	listed := map[string]bool{}
	m, err := readMarker(filepath.Join(dir, Marker))
	if err == nil {
		listed[Marker] = true
		for _, f := range m.Files {
			listed[f] = true
		}
	} else if m, err = readMarker(filepath.Join(dir, legacyMarker)); err == nil {
		listed[legacyMarker] = true
		for _, o := range m.Outputs {
			listed[o.Path] = true
		}
	} else if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("it holds files that throughline did not write (no %s)", Marker)
	} else {
		return "", fmt.Errorf("it holds files that throughline did not write (%v)", err)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel = filepath.ToSlash(rel); !listed[rel] || !d.Type().IsRegular() {
			return fmt.Errorf("it holds %s, which throughline did not write", rel)
		}
		return nil
	})
	return m.AsOf, err
}

// recover puts back an old-layout folder that a run killed in the middle of
// swap's two-rename fallback left aside, so it is not removed as a leftover.
func (s *Site) recover() {
	if _, err := os.Lstat(s.out); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	parent := filepath.Dir(s.out)
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if n := e.Name(); e.IsDir() && strings.HasPrefix(n, s.tmpPrefix()) && strings.HasSuffix(n, ".old") {
			if _, err := owned(filepath.Join(parent, n)); err == nil && os.Rename(filepath.Join(parent, n), s.out) == nil {
				return
			}
		}
	}
}

// clean removes what killed runs left: staging folders, temporary links
// and folders moved aside, and releases other than the published one. Only
// a run holding the lock calls it, so none of these is in use.
func (s *Site) clean() {
	parent := filepath.Dir(s.out)
	if entries, err := os.ReadDir(parent); err == nil {
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), s.tmpPrefix()) {
				os.RemoveAll(filepath.Join(parent, e.Name()))
			}
			// DuckDB's spill folder of a run that was killed (build.TempDir);
			// a live run's, such as a check's, is its own.
			if pid, ok := strings.CutPrefix(e.Name(), SpillPrefix(s.out)); ok {
				if n, err := strconv.Atoi(pid); err == nil && !alive(n) {
					os.RemoveAll(filepath.Join(parent, e.Name()))
				}
			}
		}
	}
	keep := ""
	if target, err := os.Readlink(s.out); err == nil && s.state == stateLink {
		keep, _ = ownRelease(s.out, target)
	}
	s.prune(keep, s.previous())
}

// previousFile, in the releases folder, names the release the last publish
// swapped out. It is kept until the next publish: a reader that resolved
// the link a moment before the swap (a web server opening index.html) must
// still find the files it was sent to, so a release is removed only once a
// newer one has been published after its successor.
const previousFile = ".previous"

func (s *Site) previous() string {
	b, err := os.ReadFile(filepath.Join(s.releasesDir(), previousFile))
	if err != nil {
		return ""
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, "/\\") || strings.HasPrefix(name, ".") {
		return ""
	}
	return name
}

// SpillPrefix begins the name of DuckDB's spill folder for a run publishing
// to out, beside it: .<base of out>.spill-<pid> (build.TempDir).
func SpillPrefix(out string) string { return "." + filepath.Base(filepath.Clean(out)) + ".spill-" }

// alive reports whether process pid exists.
func alive(pid int) bool {
	return pid > 0 && syscall.Kill(pid, 0) != syscall.ESRCH
}

// prune removes every release but keep, and every staging folder. A release
// is removed only when its marker lists every file in it.
func (s *Site) prune(keep ...string) {
	dir := s.releasesDir()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		switch {
		case slices.Contains(keep, e.Name()) && e.Name() != "":
		case strings.HasPrefix(e.Name(), ".staging-"):
			os.RemoveAll(p)
		default:
			if _, err := owned(p); err == nil {
				os.RemoveAll(p)
			}
		}
	}
}

// Publish writes files (paths relative to the site root, slash-separated)
// as a new release and makes out point at it. asOf (YYYY-MM-DD) is recorded
// in the release's marker. Cancelling ctx stops it at the next file; once
// the new link is in place the release is published and ctx is ignored.
func (s *Site) Publish(ctx context.Context, files map[string][]byte, asOf string) (err error) {
	if s.lock == nil {
		return errors.New("publish: internal error: site not open")
	}
	if _, ok := files[Marker]; ok {
		return fmt.Errorf("publish: internal error: the output holds %s", Marker)
	}
	dir := s.releasesDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	staging, err := os.MkdirTemp(dir, ".staging-")
	if err != nil {
		return fmt.Errorf("publish: create staging folder: %w", err)
	}
	crashed := false
	step := func(name string) error {
		if s.hook != nil {
			if err := s.hook(name); err != nil {
				crashed = true
				return err
			}
		}
		return nil
	}
	release := filepath.Join(dir, asOf+"-"+strings.TrimPrefix(filepath.Base(staging), ".staging-"))
	link := filepath.Join(filepath.Dir(s.out), s.tmpPrefix()+strconv.Itoa(os.Getpid()))
	defer func() {
		if err != nil && !crashed {
			os.RemoveAll(staging)
			os.RemoveAll(release)
			os.Remove(link)
		}
	}()
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := writeAll(ctx, staging, files); err != nil {
		return err
	}
	carried, err := s.carryArchive(ctx, staging, files, asOf)
	if err != nil {
		return err
	}
	all := sortedPaths(files)
	all = append(all, carried...)
	sort.Strings(all)
	m, err := json.MarshalIndent(map[string]any{"tool": "throughline", "as_of": asOf, "files": all}, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(staging, Marker), append(m, '\n')); err != nil {
		return fmt.Errorf("publish: write %s: %w", Marker, err)
	}
	// One syncfs makes every staged file durable before the release is
	// named: at tens of thousands of files, an fsync each was a third of
	// publishing.
	if err := syncFS(staging); err != nil {
		return fmt.Errorf("publish: sync the staged release: %w", err)
	}
	if err := step("staged"); err != nil {
		return err
	}
	if err := verify(staging, files); err != nil {
		return err
	}
	if err := os.Rename(staging, release); err != nil {
		return fmt.Errorf("publish: name the release: %w", err)
	}
	syncDir(dir)
	if err := step("released"); err != nil {
		return err
	}
	if err := os.Symlink(s.releases()+"/"+filepath.Base(release), link); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := step("linked"); err != nil {
		return err
	}
	// The release published until now becomes the previous one.
	prev := ""
	if target, err := os.Readlink(s.out); err == nil && s.state == stateLink {
		prev, _ = ownRelease(s.out, target)
	}
	// The last moment to stop: after the swap the new site is published.
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.swap(link, step); err != nil {
		return err
	}
	syncDir(filepath.Dir(s.out))
	if err := step("swapped"); err != nil {
		return err
	}
	os.RemoveAll(link) // the old-layout folder, swapped out
	s.state, s.asOf, s.legacy = stateLink, asOf, false
	if err := os.WriteFile(filepath.Join(dir, previousFile), []byte(prev+"\n"), 0o644); err != nil {
		prev = "" // unrecorded, it would never be removed
	}
	s.prune(filepath.Base(release), prev)
	return nil
}

// swap puts the link at out in one step. Over a link (or nothing), rename
// replaces it. Over a folder of the old layout, the two are exchanged
// (renameat2 RENAME_EXCHANGE), leaving the folder at link's name; where the
// kernel or file system cannot exchange, the folder is moved aside first,
// and for that instant there is no site at out.
func (s *Site) swap(link string, step func(string) error) error {
	if s.state != stateFolder {
		if err := os.Rename(link, s.out); err != nil {
			return fmt.Errorf("publish: swap in the new release: %w", err)
		}
		return nil
	}
	if err := exchange(link, s.out); err == nil {
		return nil
	}
	aside := link + ".old"
	if err := os.Rename(s.out, aside); err != nil {
		return fmt.Errorf("publish: move the old folder aside: %w", err)
	}
	if err := step("moved-aside"); err != nil {
		return err
	}
	if err := os.Rename(link, s.out); err != nil {
		os.Rename(aside, s.out)
		return fmt.Errorf("publish: swap in the new release: %w", err)
	}
	return os.Rename(aside, link) // removed with link
}

// WriteDir writes files into dir (created if needed), each file atomically.
// Files already in dir that are not in files are left alone.
func WriteDir(dir string, files map[string][]byte) error {
	for _, p := range sortedPaths(files) {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		tmp := full + ".tmp-" + strconv.Itoa(os.Getpid())
		if err := os.WriteFile(tmp, files[p], 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, full); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	return nil
}

// Publish publishes files at out in one call: Open, Publish with the as-of
// date of files' run.json, Close. It never refuses an older as-of date.
func Publish(out string, files map[string][]byte) error {
	s, err := Open(out)
	if err != nil {
		return err
	}
	defer s.Close()
	var m marker
	_ = json.Unmarshal(files[legacyMarker], &m)
	return s.Publish(context.Background(), files, m.AsOf)
}

func writeAll(ctx context.Context, dir string, files map[string][]byte) error {
	for _, p := range sortedPaths(files) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !fs.ValidPath(p) || p == "." {
			return fmt.Errorf("publish: internal error: invalid output path %q", p)
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if err := writeFile(full, files[p]); err != nil {
			return fmt.Errorf("publish: write %s: %w", p, err)
		}
	}
	return nil
}

// writeFile writes a new file; durability comes from one syncFS of the
// whole staging folder once everything is written.
func writeFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes a rename in dir durable; a failure only weakens that.
func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}

// verify reads the staged folder back: every file present with its bytes.
func verify(dir string, files map[string][]byte) error {
	for _, p := range sortedPaths(files) {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, files[p]) {
			return fmt.Errorf("publish: staged file %s did not read back as written", p)
		}
	}
	return nil
}

func sortedPaths(files map[string][]byte) []string {
	ps := make([]string, 0, len(files))
	for p := range files {
		ps = append(ps, p)
	}
	sort.Strings(ps)
	return ps
}
