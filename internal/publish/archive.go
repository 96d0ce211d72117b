package publish

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/throughline/throughline/internal/archive"
)

// carryArchive puts the audits kept in the published site into the staging
// folder, so that each release holds the whole archive: every audit under
// archive/<as-of>/ that stays among the newest KeepAudits (this one
// included, which the build itself hands over in files). Files are hard
// links to the published ones (a copy where the file system cannot link),
// checked by size. It returns the carried paths.
func (s *Site) carryArchive(ctx context.Context, staging string, files map[string][]byte, asOf string) ([]string, error) {
	if s.state == stateNone {
		return nil, nil
	}
	keep := map[string]bool{}
	for _, d := range archive.Retain(archive.List(s.out), asOf, max(s.KeepAudits, 1)) {
		keep[d] = true
	}
	// An audit the build hands over replaces the kept one of its date.
	delete(keep, asOf)
	for p := range files {
		if strings.HasPrefix(p, archive.Dir+"/") {
			if d, _, _ := strings.Cut(strings.TrimPrefix(p, archive.Dir+"/"), "/"); keep[d] {
				delete(keep, d)
			}
		}
	}
	var carried []string
	for _, d := range archive.List(s.out) {
		if !keep[d] {
			continue
		}
		src := filepath.Join(s.out, archive.Dir, d)
		err := filepath.WalkDir(src, func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if e.IsDir() {
				return nil
			}
			if !e.Type().IsRegular() {
				return fmt.Errorf("%s is not a regular file", p)
			}
			rel, _ := filepath.Rel(src, p)
			name := path.Join(archive.Dir, d, filepath.ToSlash(rel))
			dst := filepath.Join(staging, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := linkOrCopy(p, dst); err != nil {
				return err
			}
			carried = append(carried, name)
			return nil
		})
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("publish: carry the archived audit %s forward: %w", d, err)
		}
	}
	return carried, nil
}

// linkOrCopy makes dst the same file as src, and checks that it reads back
// at the same size.
func linkOrCopy(src, dst string) error {
	si, err := os.Stat(src)
	if err != nil {
		return err
	}
	if err := os.Link(src, dst); err != nil {
		in, err := os.Open(src)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, in)
		if err == nil {
			err = out.Sync()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	di, err := os.Stat(dst)
	if err != nil {
		return err
	}
	if di.Size() != si.Size() {
		return fmt.Errorf("%s did not read back at its size", dst)
	}
	return nil
}
