package build

import (
	"context"
	"strings"

	"github.com/throughline/throughline/internal/catalog"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/internal/warehouse"
)

// checkColumns checks each view the renderers read against report.Reads,
// right after the views are created and before any result is read: a view
// (usually an analyst's replacement) that lacks a declared column is an error
// at its file naming the column, not a silently emptier page or sheet. A view
// that failed to create is skipped; its own error is already reported.
func (r *runner) checkColumns(ctx context.Context, db *warehouse.DB, qs []*catalog.Query) {
	for _, q := range qs {
		if _, ok := report.Reads[q.Name]; !ok || q.Hidden {
			continue
		}
		t, err := db.Query(ctx, "SELECT * FROM "+warehouse.Ident(q.Name)+" LIMIT 0")
		if err != nil {
			continue
		}
		missing := report.MissingColumns(q.Name, t)
		if len(missing) == 0 {
			continue
		}
		line, col := selectPosition(q.Text)
		quoted := make([]string, len(missing))
		for i, c := range missing {
			quoted[i] = `"` + c + `"`
		}
		noun := "column"
		if len(missing) > 1 {
			noun = "columns"
		}
		r.diags.Errorf(q.File, line, col, "view %s has no %s %s, which the site and the board pack read (docs/outputs.md lists the view's columns; it has: %s)",
			q.Name, noun, strings.Join(quoted, ", "), columnNames(t))
	}
}

// selectPosition is where the view's outermost SELECT list starts: the last
// line that begins with SELECT, else the first line that is not a comment.
func selectPosition(text string) (line, col int) {
	first := 0
	for i, l := range strings.Split(text, "\n") {
		s := strings.TrimSpace(l)
		if first == 0 && s != "" && !strings.HasPrefix(s, "--") {
			first = i + 1
		}
		if strings.HasPrefix(strings.ToUpper(l), "SELECT") {
			line = i + 1
		}
	}
	if line == 0 {
		line = max(first, 1)
	}
	return line, 1
}
