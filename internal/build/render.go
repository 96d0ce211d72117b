package build

import (
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/site"
)

// render turns the model into output files: the data CSVs, the site and the
// board pack. Problems in report pages are collected as diagnostics.
func (r *runner) render(m *report.Model) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, q := range m.Queries {
		files[report.DataPath(q.Name)] = q.Result.CSV()
	}
	pages, d := site.Render(m)
	r.diags.Append(d)
	for p, b := range pages {
		files[p] = b
	}
	return files, nil
}
