//go:build !linux

package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// exchange is not available here; swap falls back to two renames.
var exchange = func(a, b string) error { return syscall.ENOSYS }

// syncFS makes every file under dir durable, one fsync each, where
// syncfs(2) does not exist.
func syncFS(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}
