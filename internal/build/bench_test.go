package build_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/publish"
	"github.com/throughline/throughline/internal/sample"
	"github.com/throughline/throughline/internal/warehouse"
)

// sampleDir writes the sample at scale into a temp folder for a benchmark.
func sampleDir(b *testing.B, scale int) string {
	b.Helper()
	files, err := sample.Generate(1, scale)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := publish.WriteDir(dir, files); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkLoad measures load + validation through DuckDB's CSV reader.
// Scale 10 is about 250k spend lines and 72k issues; scale 40 about 1M spend lines.
func BenchmarkLoad(b *testing.B) {
	for _, scale := range []int{10, 40} {
		b.Run(fmt.Sprintf("scale=%d", scale), func(b *testing.B) {
			dir := sampleDir(b, scale)
			ctx := context.Background()
			for b.Loop() {
				db, err := warehouse.Open(ctx, warehouse.Options{})
				if err != nil {
					b.Fatal(err)
				}
				_, d, err := load.Load(ctx, db, dir, "in")
				if err != nil || d.HasErrors() {
					b.Fatal(err, d.Err())
				}
				db.Close()
			}
		})
	}
}

// BenchmarkBuild measures the whole pipeline in memory: load, rules, every
// view, the site and the board pack.
func BenchmarkBuild(b *testing.B) {
	dir := sampleDir(b, 10)
	for b.Loop() {
		res, err := runBuild(dir, sample.AsOf)
		if err != nil || res.Diags.HasErrors() {
			b.Fatal(err, res.Diags.Err())
		}
	}
}

// BenchmarkBuildScale40 is the whole pipeline at about a million ledger
// lines, for profiling (-cpuprofile): where a large build spends its time.
func BenchmarkBuildScale40(b *testing.B) {
	dir := sampleDir(b, 40)
	for b.Loop() {
		res, err := runBuild(dir, sample.AsOf)
		if err != nil || res.Diags.HasErrors() {
			b.Fatal(err, res.Diags.Err())
		}
	}
}
