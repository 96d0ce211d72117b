package site

import (
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/report"
)

// TestReportExternalRefs checks that an image or link to another host in an
// analyst page is an error at its file, line and column, and that relative
// links still work.
func TestReportExternalRefs(t *testing.T) {
	for _, tc := range []struct {
		name, md, want string
	}{
		{"image", "# P\n\nSee ![x](http://host/beacon.png).\n", "reports/p.md:3:5: image \"http://host/beacon.png\" is not in the site"},
		{"https image", "![](https://host/b.png)\n", "reports/p.md:1:1: image \"https://host/b.png\""},
		{"protocol-relative image", "text ![b](//host/b.png)\n", "reports/p.md:1:6: image \"//host/b.png\""},
		{"backslash host", "![b](\\\\host/b.png)\n", `reports/p.md:1:1: image`},
		{"absolute path", "![b](/etc/b.png)\n", `reports/p.md:1:1: image "/etc/b.png"`},
		{"data image", "![b](data:image/png;base64,AAAA)\n", `reports/p.md:1:1: image "data:image/png;base64,AAAA"`},
		{"link", "Read [the *memo*](https://intranet.example/memo) now.\n", `reports/p.md:1:6: link to "https://intranet.example/memo" leaves the site`},
		{"reference link", "A [memo][m].\n\n[m]: http://x.example/m\n", `reports/p.md:1:3: link to "http://x.example/m"`},
		{"reference image", "![pic][m]\n\n[m]: http://x.example/p.png\n", `reports/p.md:1:1: image "http://x.example/p.png"`},
		{"mailto", "[mail](mailto:pmo@example.invalid)\n", `reports/p.md:1:1: link to "mailto:pmo@example.invalid"`},
		{"javascript", "[x](javascript:alert(1))\n", `reports/p.md:1:1: link to "javascript:alert(1)"`},
		{"autolink", "Go to <https://host.example/x>.\n", `reports/p.md:1:8: link to "https://host.example/x"`},
		{"bare url", "Go to https://host.example/x today.\n", `reports/p.md:1:7: link to "https://host.example/x"`},
		{"www", "Go to www.host.example today.\n", `reports/p.md:1:7: link to "http://www.host.example"`},
		{"after front matter", "---\ntitle: T\n---\n\n![x](http://h/b.png)\n", `reports/p.md:5:1: image`},
		{"relative ok", "[review](../review.html), [top](#h-p), [q](../queries/headline.html?x=1), ![c](chart.png), `https://as.code/x`\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := fixtureModel(plainNames)
			m.Pages = []report.Page{{Name: "p", File: "reports/p.md", Source: []byte(tc.md)}}
			for _, dl := range []*diag.List{CheckPages(m), renderDiags(m)} {
				var b strings.Builder
				diag.Print(&b, dl.Errors(), 0, "")
				got := b.String()
				if tc.want == "" && got != "" {
					t.Errorf("unexpected errors:\n%s", got)
				}
				if tc.want != "" && !strings.HasPrefix(got, tc.want) {
					t.Errorf("errors:\n%s\nwant a line starting %s", got, tc.want)
				}
			}
		})
	}
}

func renderDiags(m *report.Model) *diag.List {
	_, dl := Render(m)
	return dl
}
