package build

import (
	"context"
	"fmt"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/site"
	"github.com/throughline/throughline/internal/xlsx"
)

// PackFile is the board pack's path in the output.
const PackFile = report.PackPath

// render turns the model into output files: the data CSVs, the site and the
// board pack. Problems in report pages are collected as diagnostics. A
// cancelled ctx stops it between files, and within a renderer at once (its
// result is then dropped).
func (r *runner) render(ctx context.Context, m *report.Model) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, q := range m.Queries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files[report.DataPath(q.Name)] = q.Result.CSV()
	}
	r.stage("data") // the render stage is timed in three parts: data CSVs, site, pack
	var pages map[string][]byte
	var d *diag.List
	if err := cancellable(ctx, func() { pages, d = site.Render(m) }); err != nil {
		return nil, err
	}
	r.diags.Append(d)
	for p, b := range pages {
		files[p] = b
	}
	r.stage("site")
	var pack []byte
	var warnings []string
	var perr error
	if err := cancellable(ctx, func() { pack, warnings, perr = xlsx.Render(m) }); err != nil {
		return nil, err
	}
	if perr != nil {
		return nil, fmt.Errorf("board pack: %w", perr)
	}
	for _, w := range warnings {
		r.diags.Warnf(PackFile, 0, 0, "%s", w)
	}
	files[PackFile] = pack
	return files, ctx.Err()
}

// cancellable runs f, returning early with ctx's error if ctx is done first.
// The renderers take no context and may run for seconds on a large
// portfolio; an abandoned one finishes in the background and its output is
// never read (the process is about to exit).
func cancellable(ctx context.Context, f func()) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
