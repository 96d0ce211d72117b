package site

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"sort"
	"strings"

	"github.com/throughline/throughline/internal/report"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmrenderer "github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// md is the one goldmark instance: GFM, auto heading IDs, raw HTML left
// escaped (goldmark's default; never WithUnsafe for analyst markdown), plus
// our {{value q.col}} inline and the node that carries an embedded result.
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithInlineParsers(util.Prioritized(valueParser{}, 500)),
	),
	goldmark.WithRendererOptions(gmrenderer.WithNodeRenderers(util.Prioritized(embedRenderer{}, 100))),
)

var kindEmbed = ast.NewNodeKind("ThroughlineEmbed")
var kindValue = ast.NewNodeKind("ThroughlineValue")

// embedNode replaces a ```chart or ```table block with its rendered HTML.
type embedNode struct {
	ast.BaseBlock
	HTML template.HTML
}

func (n *embedNode) Kind() ast.NodeKind       { return kindEmbed }
func (n *embedNode) Dump(src []byte, lvl int) { ast.DumpHelper(n, src, lvl, nil, nil) }

// valueNode is {{value query.column}}; Text is filled in after parsing.
type valueNode struct {
	ast.BaseInline
	Ref    string
	Bad    string // a syntax problem, reported at Offset
	Offset int
	Value  string
}

func (n *valueNode) Kind() ast.NodeKind       { return kindValue }
func (n *valueNode) Dump(src []byte, lvl int) { ast.DumpHelper(n, src, lvl, nil, nil) }

var valueRe = regexp.MustCompile(`^\{\{\s*value\b\s*([^{}]*?)\s*\}\}`)
var valueStartRe = regexp.MustCompile(`^\{\{\s*value\b`)

type valueParser struct{}

func (valueParser) Trigger() []byte { return []byte{'{'} }

func (valueParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !valueStartRe.Match(line) {
		return nil
	}
	n := &valueNode{Offset: seg.Start}
	m := valueRe.FindSubmatch(line)
	if m == nil {
		n.Bad = "{{value ...}} is not closed with }} on the same line"
		block.Advance(len(line))
		return n
	}
	n.Ref = string(m[1])
	block.Advance(len(m[0]))
	return n
}

type embedRenderer struct{}

func (embedRenderer) RegisterFuncs(reg gmrenderer.NodeRendererFuncRegisterer) {
	reg.Register(kindEmbed, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(string(n.(*embedNode).HTML))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindValue, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(`<span class="value">` + template.HTMLEscapeString(n.(*valueNode).Value) + `</span>`)
		}
		return ast.WalkSkipChildren, nil
	})
}

// reportDoc is a parsed report page.
type reportDoc struct {
	page   report.Page
	index  int
	path   string
	title  string
	order  int
	fm     frontMatter
	body   []byte
	line   int // line of body's first byte in the file
	hasH1  bool
	failed bool
}

// parseReports reads every page's front matter; the navigation needs titles
// before any page renders.
func (r *renderer) parseReports() []*reportDoc {
	var docs []*reportDoc
	for i, p := range r.m.Pages {
		d := &reportDoc{page: p, index: i, path: report.ReportPath(p.Name)}
		fm, body, line, errs := parseFrontMatter(p.Source)
		for _, e := range errs {
			r.diags.Errorf(p.File, e.Line, e.Col, "%s", e.Msg)
		}
		d.fm, d.body, d.line = fm, body, line
		d.order = fm.Order
		d.title = fm.Title
		if d.title == "" {
			d.title = firstH1(body)
		}
		if d.title == "" {
			d.title = label(p.Name)
		}
		docs = append(docs, d)
	}
	sort.SliceStable(docs, func(a, b int) bool {
		if docs[a].order != docs[b].order {
			return docs[a].order < docs[b].order
		}
		return docs[a].index < docs[b].index
	})
	return docs
}

// firstH1 returns the text of the page's first level-one heading.
func firstH1(body []byte) string {
	doc := md.Parser().Parse(text.NewReader(body))
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			return plainText(h, body)
		}
	}
	return ""
}

func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Segment.Value(src))
		case *ast.String:
			b.Write(t.Value)
		case *ast.CodeSpan:
			for cc := t.FirstChild(); cc != nil; cc = cc.NextSibling() {
				if tt, ok := cc.(*ast.Text); ok {
					b.Write(tt.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

type reportBody struct {
	Body template.HTML
}

// reportPage renders one markdown page with its live blocks.
func (r *renderer) reportPage(d *reportDoc) {
	root := rootFor(d.path)
	body := d.body
	if body == nil {
		body = []byte{}
	}
	doc := md.Parser().Parse(text.NewReader(body))
	pos := func(off int) (int, int) {
		if off < 0 {
			off = 0
		}
		if off > len(body) {
			off = len(body)
		}
		ls := bytes.LastIndexByte(body[:off], '\n') + 1
		return d.line + bytes.Count(body[:off], []byte("\n")), off - ls + 1
	}
	errorf := func(off, colDelta int, format string, args ...any) {
		line, col := pos(off)
		r.diags.Errorf(d.page.File, line, col+colDelta, format, args...)
	}
	var blocks []*ast.FencedCodeBlock
	var values []*valueNode
	hasH1 := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := n.(type) {
		case *ast.FencedCodeBlock:
			if isEmbedKind(string(t.Language(body))) {
				blocks = append(blocks, t)
			}
		case *valueNode:
			values = append(values, t)
		case *ast.Link:
			if leavesSite(t.Destination) {
				errorf(inlineOffset(t, body, t.Destination), 0, "link to %q leaves the site: pages contact no other host and work offline; link to a page of this site (a relative path), or write the address as code (`...`)", t.Destination)
			}
		case *ast.Image:
			if leavesSite(t.Destination) {
				errorf(inlineOffset(t, body, t.Destination), 0, "image %q is not in the site: a page would fetch it from another host each time it is viewed; images must be relative paths", t.Destination)
			}
		case *ast.AutoLink:
			if u := t.URL(body); leavesSite(u) {
				errorf(inlineOffset(t, body, t.Label(body)), 0, "link to %q leaves the site: pages contact no other host and work offline; write the address as code (`...`) to show it", u)
			}
		case *ast.Heading:
			if t.Level == 1 {
				hasH1 = true
			}
			if id, ok := t.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					t.SetAttributeString("id", []byte("h-"+string(b)))
				}
			}
		}
		return ast.WalkContinue, nil
	})
	charts := 0
	for _, b := range blocks {
		info := b.Info.Segment
		infoStr := string(info.Value(body))
		args, errs := parseBlockArgs(infoStr)
		for _, e := range errs {
			errorf(info.Start, e.Col-1, "%s", e.Msg)
		}
		var html template.HTML
		if len(errs) == 0 {
			r.shows[d.path] = append(r.shows[d.path], args.Query)
			var err error
			html, err = r.embed(args, root, fmt.Sprintf("chart_md_%d", charts+1), caption(b, body))
			if err != nil {
				errorf(info.Start, 0, "%v", err)
			}
			if args.Kind == "chart" && err == nil {
				charts++
			}
		}
		if html == "" {
			html = `<p class="empty">This block could not be shown; see the build's error list.</p>`
		}
		b.Parent().ReplaceChild(b.Parent(), b, &embedNode{HTML: html})
	}
	for _, v := range values {
		if v.Bad != "" {
			errorf(v.Offset, 0, "%s", v.Bad)
			v.Value = "–"
			continue
		}
		if q, _, ok := strings.Cut(v.Ref, "."); ok {
			r.shows[d.path] = append(r.shows[d.path], q)
		}
		text, err := r.value(v.Ref)
		if err != nil {
			errorf(v.Offset, 0, "%v", err)
		}
		v.Value = text
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, body, doc); err != nil {
		r.diags.Errorf(d.page.File, 0, 0, "render markdown: %v", err)
	}
	r.pageNoH1(d.path, d.title, "report", charts > 0, hasH1, reportBody{template.HTML(buf.String())})
}

// leavesSite reports whether a link or image destination is anything but a
// relative reference within the site: a scheme (http:, https:, mailto:,
// data:, ...), a host (//host) or an absolute path (/x, which from file://
// is the root of the reader's disk). The destination is first read the way
// a browser does: tabs and line breaks removed, leading spaces and control
// characters trimmed, '\\' taken as '/'.
func leavesSite(dest []byte) bool {
	d := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		if r == '\\' {
			return '/'
		}
		return r
	}, string(dest))
	d = strings.TrimLeftFunc(d, func(r rune) bool { return r <= ' ' })
	if strings.HasPrefix(d, "/") {
		return true
	}
	for i := 0; i < len(d); i++ {
		switch d[i] {
		case ':':
			return true
		case '/', '?', '#':
			return false
		}
	}
	return false
}

// inlineOffset is the byte offset of an inline node in src: the '[' (or
// "![") that opens a link or image, else where needle first appears in the
// enclosing block, else the block's start.
func inlineOffset(n ast.Node, src, needle []byte) int {
	_, img := n.(*ast.Image)
	_, link := n.(*ast.Link)
	opening := func(from, floor int) int {
		i := bytes.LastIndexByte(src[floor:from], '[')
		if i < 0 {
			return -1
		}
		i += floor
		if img && i > floor && src[i-1] == '!' {
			i--
		}
		return i
	}
	text := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering && text < 0 {
			text = t.Segment.Start
		}
		return ast.WalkContinue, nil
	})
	if text >= 0 && (img || link) {
		if i := opening(text, 0); i >= 0 {
			return i
		}
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() != ast.TypeBlock || p.Lines().Len() == 0 {
			continue
		}
		first, last := p.Lines().At(0).Start, p.Lines().At(p.Lines().Len()-1).Stop
		j := -1
		if len(needle) > 0 {
			j = bytes.Index(src[first:last], needle)
		}
		if j < 0 {
			return first
		}
		if img || link {
			if i := opening(first+j, first); i >= 0 {
				return i
			}
		}
		return first + j
	}
	return 0
}

// caption is the text inside a chart or table block, if any.
func caption(b *ast.FencedCodeBlock, src []byte) string {
	var s strings.Builder
	for i := 0; i < b.Lines().Len(); i++ {
		seg := b.Lines().At(i)
		s.Write(seg.Value(src))
	}
	return strings.TrimSpace(s.String())
}

// embed renders a ```chart or ```table block.
func (r *renderer) embed(a blockArgs, root, id, cap string) (template.HTML, error) {
	q := r.m.Query(a.Query)
	if q == nil {
		return "", r.unknownQuery(a.Query)
	}
	title := titleOf(q)
	if cap != "" {
		title = cap
	}
	t := q.Result
	for _, c := range append([]string{a.X, a.Series}, a.Y...) {
		if c != "" && t != nil && t.Col(c) < 0 {
			return "", fmt.Errorf("unknown column %q in query %s (columns: %s)", c, q.Name, columnNames(t))
		}
	}
	if t == nil {
		return template.HTML(`<p class="empty">` + template.HTMLEscapeString(title) + `: not available in this run.</p>`), nil
	}
	if a.Kind == "table" {
		tv := r.table(id+"_t", t, root, a.Limit, nil)
		tv.Caption = title
		if a.Limit > 0 && len(t.Rows) > a.Limit {
			tv.Note = fmt.Sprintf("First %d of %d rows; see the query page for all.", a.Limit, len(t.Rows))
		}
		return partial("table", tv), nil
	}
	spec := report.Chart{Type: "bar"}
	if q.Chart != nil {
		spec = *q.Chart
		spec.Y = append([]string(nil), q.Chart.Y...)
	}
	if a.Type != "" {
		spec.Type = a.Type
	}
	if a.X != "" {
		spec.X = a.X
	}
	if len(a.Y) > 0 {
		spec.Y = a.Y
	}
	if a.Series != "" {
		spec.Series = a.Series
	}
	if spec.X == "" || len(spec.Y) == 0 {
		return "", fmt.Errorf("query %s declares no chart: give x= and y= (columns: %s)", q.Name, columnNames(t))
	}
	cv, err := r.buildChart(id, root, title, t, spec, a.Limit)
	if err != nil {
		return "", err
	}
	return partial("chart", cv), nil
}

// value resolves {{value query.column}} to the first row's formatted value.
func (r *renderer) value(ref string) (string, error) {
	qn, cn, ok := strings.Cut(ref, ".")
	if !ok || !isIdent(qn) || !isIdent(cn) {
		return "–", fmt.Errorf("{{value %s}}: want {{value <query>.<column>}}", ref)
	}
	q := r.m.Query(qn)
	if q == nil {
		return "–", r.unknownQuery(qn)
	}
	if q.Result == nil {
		return "–", nil
	}
	i := q.Result.Col(cn)
	if i < 0 {
		return "–", fmt.Errorf("unknown column %q in query %s (columns: %s)", cn, qn, columnNames(q.Result))
	}
	if len(q.Result.Rows) == 0 || q.Result.Rows[0][i] == nil {
		return "–", nil
	}
	return q.Result.Columns[i].Format.Display(q.Result.Rows[0][i]), nil
}

func (r *renderer) unknownQuery(name string) error {
	best, bestD := "", 4
	for _, q := range r.m.Queries {
		if d := distance(name, q.Name); d < bestD {
			best, bestD = q.Name, d
		}
	}
	if best != "" {
		return fmt.Errorf("unknown query %q (did you mean %q?)", name, best)
	}
	return fmt.Errorf("unknown query %q: see queries/ for the catalog", name)
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
