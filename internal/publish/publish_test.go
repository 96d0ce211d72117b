package publish

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestPublishReplacesWholeFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if err := Publish(out, map[string][]byte{"run.json": []byte("1"), "old.html": []byte("x"), "a/b.csv": []byte("b")}); err != nil {
		t.Fatal(err)
	}
	if err := Publish(out, map[string][]byte{"run.json": []byte("2"), "a/b.csv": []byte("c")}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "old.html")); !os.IsNotExist(err) {
		t.Error("a file from the previous run survived the swap")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "a/b.csv")); string(b) != "c" {
		t.Errorf("a/b.csv = %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".site*"))
	if len(left) != 0 {
		t.Errorf("staging, lock or backup left behind: %v", left)
	}
}

func TestPublishRefusesForeignFolder(t *testing.T) {
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "thesis.docx"), []byte("precious"), 0o644)
	err := Publish(out, map[string][]byte{"run.json": []byte("1")})
	if err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "thesis.docx")); string(b) != "precious" {
		t.Error("foreign file touched")
	}
}

func TestPublishFailureKeepsPreviousOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	if err := Publish(out, map[string][]byte{"run.json": []byte("1"), "index.html": []byte("old")}); err != nil {
		t.Fatal(err)
	}
	// An invalid path fails while staging, after some files were written.
	err := Publish(out, map[string][]byte{"run.json": []byte("2"), "index.html": []byte("new"), "../escape": []byte("x")})
	if err == nil {
		t.Fatal("want an error")
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); string(b) != "old" {
		t.Errorf("published output changed by a failed run: %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".site.staging*"))
	if len(left) != 0 {
		t.Errorf("staging left behind: %v", left)
	}
}

func TestPublishLock(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "site")
	// A live process holds the lock: refuse.
	live := strconv.Itoa(os.Getpid())
	os.WriteFile(filepath.Join(dir, ".site.lock"), []byte(live+"\n"), 0o644)
	err := Publish(out, map[string][]byte{"run.json": []byte("1")})
	if err == nil || !strings.Contains(err.Error(), "another run is publishing") || !strings.Contains(err.Error(), live) {
		t.Fatalf("err = %v", err)
	}
	// A killed run's lock (no such process) is taken over.
	os.WriteFile(filepath.Join(dir, ".site.lock"), []byte("2147483646\n"), 0o644)
	if err := Publish(out, map[string][]byte{"run.json": []byte("1")}); err != nil {
		t.Fatalf("stale lock not taken over: %v", err)
	}
}
