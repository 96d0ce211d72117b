// Package realdata finds the public extracts that tests must face
// (../shared/realdata beside the repository; its README.txt says where each
// came from). CI always has them, so there a missing file fails the test;
// elsewhere the test is skipped and says why.
package realdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns the path of name, a file or folder under realdata
// (slash-separated, e.g. "gmpp/gmpp_2019_20.csv").
func Path(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(root(t), "..", "shared", "realdata", filepath.FromSlash(name))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("real data missing in CI: %v", err)
		}
		t.Skipf("%s not found in ../shared/realdata beside the repository", name)
	}
	return p
}

// Read returns the bytes of file name under realdata.
func Read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// root is the repository's folder: the nearest one above the test's
// working folder that holds go.mod.
func root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the working folder")
		}
		dir = up
	}
}
