package xlsx

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/report"
)

// TestLargeSheet streams 100,000 outcome rows; links stop at maxLinks with
// a warning so that the render stays fast (its time is measured by
// BenchmarkRenderLargeSheet and make bench-scale, never asserted here).
func TestLargeSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("large pack")
	}
	_, w, err := Render(largeModel())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(w, func(s string) bool { return strings.Contains(s, "only the first 5000") }) {
		t.Errorf("no warning about the link limit: %q", w)
	}
}

// BenchmarkRenderLargeSheet: the pack with 100,000 outcome rows.
func BenchmarkRenderLargeSheet(b *testing.B) {
	m := largeModel()
	for b.Loop() {
		if _, _, err := Render(m); err != nil {
			b.Fatal(err)
		}
	}
}

func largeModel() *report.Model {
	m := fixture()
	ls := m.Table("link_status")
	row := ls.Rows[0]
	ls.Rows = nil
	for i := range 100000 {
		r := slices.Clone(row)
		r[0] = fmt.Sprintf("INI-%06d", i)
		ls.Rows = append(ls.Rows, r)
	}
	return m
}
