package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
)

func TestFrontMatter(t *testing.T) {
	fm, body, line, errs := parseFrontMatter([]byte("---\ntitle: \"Board: Q4\"\norder: 3\n---\n# Hi\n"))
	if len(errs) > 0 || fm.Title != "Board: Q4" || fm.Order != 3 || string(body) != "# Hi\n" || line != 5 {
		t.Fatalf("got %+v %q line %d %v", fm, body, line, errs)
	}
	_, _, _, errs = parseFrontMatter([]byte("---\ntitel: x\norder: two\ntitle: a\ntitle: b\n---\n"))
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Msg)
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{`unknown front matter key "titel" (valid keys: order, title)`, `order "two" is not a whole number`, `front matter key "title" repeated (first on line 4)`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if _, _, _, errs := parseFrontMatter([]byte("---\ntitle: x\n")); len(errs) != 1 || !strings.Contains(errs[0].Msg, "not closed") {
		t.Errorf("unclosed front matter: %v", errs)
	}
}

func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{"", "---\n---\n", "---\ntitle: a\norder: 1\n---\nbody", "---\r\ntitle: 'x'\r\n---\r\n", "---\ntitle: \"\\u00e9\"\n", "# no front matter"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, line, errs := parseFrontMatter(src)
		if body != nil && !bytes.HasSuffix(src, body) {
			t.Fatalf("body is not a suffix of the source")
		}
		if line < 1 {
			t.Fatalf("body line %d", line)
		}
		for _, e := range errs {
			if e.Line < 1 || e.Col < 1 || e.Msg == "" {
				t.Fatalf("bad position %+v", e)
			}
		}
		if len(errs) == 0 && fm.Title != "" && strings.TrimSpace(fm.Title) == "" {
			t.Fatalf("blank title accepted")
		}
	})
}

func TestBlockArgs(t *testing.T) {
	a, errs := parseBlockArgs("chart spend_by_period  x=period_start y=amount,cumulative_amount limit=12")
	if len(errs) > 0 || a.Query != "spend_by_period" || a.X != "period_start" || len(a.Y) != 2 || a.Limit != 12 {
		t.Fatalf("got %+v %v", a, errs)
	}
	_, errs = parseBlockArgs("table q limit=0 colour=red x=a")
	if len(errs) != 3 {
		t.Fatalf("want 3 errors, got %v", errs)
	}
	if !strings.Contains(errs[1].Msg, "valid keys: limit, series, type, x, y") || errs[1].Col != 17 {
		t.Errorf("unknown key error: %+v", errs[1])
	}
}

func FuzzBlockArgs(f *testing.F) {
	for _, s := range []string{"chart q", "table q limit=5", "chart q x=a y=b,c type=pie series=s", "chart", "chart x=y", "table q limit=-1 limit=2", "chart q\ty=", "chart q ü=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, info string) {
		a, errs := parseBlockArgs(info)
		for _, e := range errs {
			if e.Col < 1 || e.Col > len(info)+1 || e.Msg == "" {
				t.Fatalf("bad error %+v for %q", e, info)
			}
		}
		if len(errs) == 0 {
			if !isEmbedKind(a.Kind) || !isIdent(a.Query) || a.Limit < 0 {
				t.Fatalf("accepted bad args %+v from %q", a, info)
			}
		}
	})
}

// TestReportErrors checks that unknown queries and columns are errors at the
// .md file and line.
func TestReportErrors(t *testing.T) {
	m := fixtureModel(plainNames)
	m.Pages = []report.Page{{Name: "bad", File: "reports/bad.md", Source: []byte(
		"---\ntitle: Bad\nsize: 3\n---\n\nSpend {{value headline.spend}} and {{value headlin.spend_to_date}}.\n\n```chart divergense\n```\n\n```table review_flags limit=x\n```\n\n```chart headline x=nope y=flagged\n```\n")}}
	_, dl := Render(m)
	var b strings.Builder
	diag.Print(&b, dl.Errors(), 0, "")
	want := `reports/bad.md:3:1: unknown front matter key "size" (valid keys: order, title)
reports/bad.md:6:7: unknown column "spend" in query headline (columns: spend_to_date, mapped_spend, mapped_share_of_spend, balance_sheet_spend, balance_sheet_share_of_spend, balance_sheet_share_of_mapped, undated_spend, duplicate_lines_excluded, initiatives, flagged, escalated_executive, escalated_cio, funding_holds, spend_on_achieved_outcomes)
reports/bad.md:6:36: unknown query "headlin" (did you mean "headline"?)
reports/bad.md:8:4: unknown query "divergense" (did you mean "divergence"?)
reports/bad.md:11:29: limit=x: want a whole number from 1 to 1000000
reports/bad.md:14:4: unknown column "nope" in query headline (columns: spend_to_date, mapped_spend, mapped_share_of_spend, balance_sheet_spend, balance_sheet_share_of_spend, balance_sheet_share_of_mapped, undated_spend, duplicate_lines_excluded, initiatives, flagged, escalated_executive, escalated_cio, funding_holds, spend_on_achieved_outcomes)
`
	if b.String() != want {
		t.Errorf("errors:\n%s\nwant:\n%s", b.String(), want)
	}
}
