package xlsx

import (
	"strings"
	"testing"
)

// A reason longer than its column is printed on as many lines as it needs;
// short rows keep the default height.
func TestRowHeightFitsWrappedText(t *testing.T) {
	widths := []float64{10, maxColWidth}
	if h := rowHeight([]any{"INF-CLOUD", "short"}, widths).Height; h != 0 {
		t.Errorf("short row height %v, want default", h)
	}
	long := strings.Repeat("word ", 30) // 150 characters over a 58-character line: 3 lines
	if h := rowHeight([]any{"INF-CLOUD", long}, widths).Height; h != 45 {
		t.Errorf("long row height %v, want 45 (3 lines)", h)
	}
	if h := rowHeight([]any{long, "x"}, widths).Height; h != 0 {
		t.Errorf("a narrow (not wrapped) column changed the height to %v", h)
	}
}
