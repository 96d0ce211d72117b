package xlsx

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestLargeSheet streams 100,000 outcome rows; links stop at maxLinks with
// a warning so that the render stays fast.
func TestLargeSheet(t *testing.T) {
	if testing.Short() {
		t.Skip("large pack")
	}
	m := fixture()
	ls := m.Table("link_status")
	row := ls.Rows[0]
	ls.Rows = nil
	for i := range 100000 {
		r := slices.Clone(row)
		r[0] = fmt.Sprintf("INI-%06d", i)
		ls.Rows = append(ls.Rows, r)
	}
	start := time.Now()
	_, w, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("100,000 rows took %v", d)
	}
	if !slices.ContainsFunc(w, func(s string) bool { return strings.Contains(s, "only the first 5000") }) {
		t.Errorf("no warning about the link limit: %q", w)
	}
}
