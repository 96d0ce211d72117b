package publish

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileReplacesOrKeeps(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "issues.csv")
	write := func(s string, err error) func(io.Writer) error {
		return func(w io.Writer) error {
			io.WriteString(w, s)
			return err
		}
	}
	if err := WriteFile(path, write("one", nil)); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, write("half", errors.New("boom"))); err == nil {
		t.Fatal("a failed write returned no error")
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("after a failed write the file holds %q, want the previous content", b)
	}
	if err := WriteFile(path, write("two", nil)); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("file holds %q, want two", b)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "sub", ".issues.csv.tmp-*")); len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
}
