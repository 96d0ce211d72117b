// Package publish is the only package that writes output to disk. A build is
// staged beside the output folder, verified, then swapped in with renames,
// so a reader (or a static host copying the folder) never sees a half-built
// site, and a failed run leaves the published one untouched.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
)

// Marker is the file every published folder holds; a folder without it is
// never replaced, so a wrong --out cannot wipe unrelated files.
const Marker = "run.json"

// Publish replaces the folder out with exactly files (paths relative to out,
// slash-separated).
func Publish(out string, files map[string][]byte) (err error) {
	out = filepath.Clean(out)
	if _, ok := files[Marker]; !ok {
		return fmt.Errorf("publish: internal error: no %s in the output", Marker)
	}
	if err := checkReplaceable(out); err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	unlock, err := lock(out)
	if err != nil {
		return err
	}
	defer unlock()
	staging, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".staging-")
	if err != nil {
		return fmt.Errorf("publish: create staging folder: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(staging)
		}
	}()
	if err := os.Chmod(staging, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := writeAll(staging, files); err != nil {
		return err
	}
	if err := verify(staging, files); err != nil {
		return err
	}
	old := filepath.Join(parent, "."+filepath.Base(out)+".previous")
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("publish: remove %s: %w", old, err)
	}
	hadOld := false
	if _, err := os.Stat(out); err == nil {
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("publish: move the previous output aside: %w", err)
		}
		hadOld = true
	}
	if err := os.Rename(staging, out); err != nil {
		if hadOld {
			os.Rename(old, out)
		}
		return fmt.Errorf("publish: swap in the new output: %w", err)
	}
	if hadOld {
		os.RemoveAll(old)
	}
	return nil
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

func checkReplaceable(out string) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("publish: %s is not a folder we can replace: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return fmt.Errorf("publish: %s already holds files that throughline did not write (no %s); choose an empty or new folder for --out", out, Marker)
	}
	return nil
}

func lock(out string) (func(), error) {
	path := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		data, _ := os.ReadFile(path)
		pid := strings.TrimSpace(string(data))
		if n, perr := strconv.Atoi(pid); perr == nil && !alive(n) {
			// A run that was killed left its lock: take it over, or a
			// scheduled job would stay blocked until someone noticed.
			if err := os.Remove(path); err != nil {
				return nil, fmt.Errorf("publish: remove stale lock %s: %w", path, err)
			}
			return lock(out)
		}
		return nil, fmt.Errorf("publish: another run is publishing to %s (lock %s, pid %s); if no run is active, delete the lock file", out, path, pid)
	}
	if err != nil {
		return nil, fmt.Errorf("publish: take lock: %w", err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(path) }, nil
}

// alive reports whether a process with this pid exists on this machine.
func alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

func writeAll(dir string, files map[string][]byte) error {
	for _, p := range sortedPaths(files) {
		if !fs.ValidPath(p) {
			return fmt.Errorf("publish: internal error: invalid output path %q", p)
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		f, err := os.OpenFile(full, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		_, err = f.Write(files[p])
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("publish: write %s: %w", p, err)
		}
	}
	return nil
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
