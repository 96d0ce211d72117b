package report_test

import (
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/load"
	"github.com/throughline/throughline/internal/report"
	"github.com/throughline/throughline/queries"
)

// codeRe finds the single-token words a CASE in the default views can emit
// ("THEN 'on_track'", "ELSE 'pmo'", "coalesce(s.outcome, 'unmapped')").
var codeRe = regexp.MustCompile(`(?:THEN|ELSE|coalesce\([a-z_.]+,)\s+'([a-z]+(?:_[a-z]+)*)'`)

// TestVocabularyCoversTheSQL: every status word the default views can emit
// is declared, so no word reaches a page or a sheet without its label,
// order and colour.
func TestVocabularyCoversTheSQL(t *testing.T) {
	known := map[string]bool{}
	for _, w := range report.Vocabulary {
		known[w.Code] = true
		if w.Label == "" || w.Rank < 1 || w.Color == "" || w.Means == "" {
			t.Errorf("%s/%s: label, rank, colour and meaning are all required", w.Kind, w.Code)
		}
	}
	n := 0
	err := fs.WalkDir(queries.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return err
		}
		b, err := fs.ReadFile(queries.FS, p)
		if err != nil {
			return err
		}
		for _, m := range codeRe.FindAllStringSubmatch(string(b), -1) {
			n++
			if !known[m[1]] {
				t.Errorf("queries/%s emits %q, which report.Vocabulary does not declare", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 15 {
		t.Fatalf("found only %d status words in the SQL: the pattern no longer matches the views", n)
	}
	// The divergence quadrant is built from two halves.
	for _, d := range []string{"delivery green", "delivery red"} {
		for _, o := range []string{"outcome red", "outcome green"} {
			if _, ok := report.Status(report.KindQuadrant, d+", "+o); !ok {
				t.Errorf("quadrant %q is not declared", d+", "+o)
			}
		}
	}
}

// TestVocabularyCoversTheContract: every rating the input contract accepts
// in status_reports.csv is declared, and nothing else: ratings come from the
// owners' reports, not from a CASE in the views.
func TestVocabularyCoversTheContract(t *testing.T) {
	var enum []string
	for _, f := range load.Contract {
		for _, c := range f.Columns {
			if f.Name == "status_reports.csv" && c.Name == "rating" {
				enum = c.Enum
			}
		}
	}
	if len(enum) == 0 {
		t.Fatal("load.Contract has no status_reports.csv rating enum")
	}
	for _, code := range enum {
		if _, ok := report.Status(report.KindRating, code); !ok {
			t.Errorf("status_reports.csv accepts rating %q, which report.Vocabulary does not declare", code)
		}
	}
	if got := len(report.Words(report.KindRating)); got != len(enum) {
		t.Errorf("report.Vocabulary declares %d ratings, the contract accepts %d", got, len(enum))
	}
	for view, cols := range map[string][]string{"report_history": {"rating", "previous_rating"}, "report_status": {"rating"}} {
		for _, c := range cols {
			if k, ok := report.ColumnKind(view, c); !ok || k != report.KindRating {
				t.Errorf("%s.%s is not mapped to the rating words", view, c)
			}
		}
	}
}

// TestVocabularyOrder: within a kind, ranks are 1..n without gaps, and the
// most serious word is never "good".
func TestVocabularyOrder(t *testing.T) {
	for _, k := range report.Kinds() {
		ws := report.Words(k)
		for i, w := range ws {
			if w.Rank != i+1 {
				t.Errorf("%s: %q has rank %d, want %d", k, w.Code, w.Rank, i+1)
			}
		}
		if ws[0].Class == report.Good {
			t.Errorf("%s: the most serious word %q is classed good", k, ws[0].Code)
		}
	}
}

// TestVocabularyDocs: docs/outputs.md carries the vocabulary's table
// between its markers, word for word.
func TestVocabularyDocs(t *testing.T) {
	b, err := os.ReadFile("../../docs/outputs.md")
	if err != nil {
		t.Fatal(err)
	}
	const begin, end = "<!-- vocabulary:begin (generated from internal/report/vocabulary.go; go test ./internal/report -update-docs) -->\n", "<!-- vocabulary:end -->"
	s := string(b)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("docs/outputs.md lacks the vocabulary markers %q ... %q", begin, end)
	}
	want := report.VocabularyMarkdown()
	if got := s[i+len(begin) : j]; got != want {
		if *updateDocs {
			if err := os.WriteFile("../../docs/outputs.md", []byte(s[:i+len(begin)]+want+s[j:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("docs/outputs.md's vocabulary table differs from report.Vocabulary; run go test ./internal/report -update-docs\ngot:\n%s\nwant:\n%s", got, want)
	}
}
