package build

import (
	"fmt"

	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/site"
	"github.com/throughline/throughline/internal/xlsx"
)

// PackFile is the board pack's path in the output.
const PackFile = "board-pack.xlsx"

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
	pack, warnings, err := xlsx.Render(m)
	if err != nil {
		return nil, fmt.Errorf("board pack: %w", err)
	}
	for _, w := range warnings {
		r.diags.Warnf(PackFile, 0, 0, "%s", w)
	}
	files[PackFile] = pack
	return files, nil
}
