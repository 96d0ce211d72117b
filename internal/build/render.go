package build

import (
	"github.com/throughline/throughline/internal/report"
)

// render turns the model into output files: the data CSVs, the site and the
// board pack.
func (r *runner) render(m *report.Model) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, q := range m.Queries {
		files[report.DataPath(q.Name)] = q.Result.CSV()
	}
	return files, nil
}
