package benchscale

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the benchscale command when
// Run starts it to time the floor in a process of its own.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-floor" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestBenchScaleRuns keeps the benchmark's path from rotting: the real
// binary on a small data set, every stage reported. No time is asserted.
func TestBenchScaleRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "throughline")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/throughline").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var log bytes.Buffer
	res, err := Run(context.Background(), Options{Scale: 1, Seed: 1, Bin: bin, Dir: dir, Runs: 1}, &log)
	if err != nil {
		t.Fatal(err)
	}
	if res.SpendLines < 20000 || res.Floor <= 0 || res.Build <= 0 || res.PeakRSS <= 0 {
		t.Errorf("result %+v", res)
	}
	var names []string
	for _, s := range res.Stages {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); !strings.Contains(got, "load") || !strings.Contains(got, "site") || !strings.Contains(got, "pack") || !strings.HasSuffix(got, "publish+exit") {
		t.Errorf("stages %q", got)
	}
	var report bytes.Buffer
	Report(&report, res)
	if !strings.Contains(report.String(), "| 1 | 1 | ") {
		t.Errorf("report:\n%s", report.String())
	}
}
