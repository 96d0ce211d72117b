package site

import (
	"html/template"
	"strings"
)

// tableHTML writes a table as the "table" template would, directly: at tens
// of thousands of cells a page, executing a template per cell (reflection,
// an escaper call per value) was most of the time spent rendering. Every
// value still goes through html/template's own escaper; only the fixed markup
// is written here. Links are the site's own relative paths (report paths are
// ASCII-safe), so they need no URL normalising.
func tableHTML(t *tableView) template.HTML {
	if t == nil {
		return ""
	}
	var b strings.Builder
	esc := template.HTMLEscapeString
	if len(t.Rows) == 0 {
		b.WriteString(`<p class="empty">`)
		b.WriteString(esc(t.Empty))
		b.WriteString("</p>\n")
		return template.HTML(b.String())
	}
	b.Grow(64 * (len(t.Rows) + 1) * (len(t.Cols) + 1))
	if t.Sortable {
		b.WriteString(`<p class="filter" hidden><label>Filter rows <input type="search" data-filter="`)
		b.WriteString(esc(t.ID))
		b.WriteString(`"></label> <span class="count" aria-live="polite"></span></p>` + "\n")
	}
	b.WriteString("<div class=\"table-wrap\">\n<table id=\"")
	b.WriteString(esc(t.ID))
	b.WriteString(`"`)
	if t.Sortable {
		b.WriteString(` class="sortable"`)
	}
	b.WriteString(">\n")
	if t.Caption != "" {
		b.WriteString("<caption>")
		b.WriteString(esc(t.Caption))
		b.WriteString("</caption>\n")
	}
	b.WriteString("<thead><tr>")
	class := make([]string, len(t.Cols))
	for i, c := range t.Cols {
		switch {
		case c.Numeric:
			class[i] = ` class="num"`
		case c.Wide:
			class[i] = ` class="wide"`
		}
		b.WriteString(`<th scope="col"`)
		b.WriteString(class[i])
		b.WriteString(">")
		b.WriteString(esc(c.Label))
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, row := range t.Rows {
		b.WriteString("<tr>")
		for i, c := range row {
			b.WriteString("<td")
			if i < len(class) {
				b.WriteString(class[i])
			}
			if c.Sort != "" {
				b.WriteString(` data-sort="`)
				b.WriteString(esc(c.Sort))
				b.WriteString(`"`)
			}
			b.WriteString(">")
			switch {
			case c.Href != "":
				b.WriteString(`<a href="`)
				b.WriteString(esc(c.Href))
				b.WriteString(`">`)
				b.WriteString(esc(c.Text))
				b.WriteString("</a>")
			case c.Class != "":
				b.WriteString(`<span class="`)
				b.WriteString(esc(c.Class))
				b.WriteString(`">`)
				b.WriteString(esc(c.Text))
				b.WriteString("</span>")
			default:
				b.WriteString(esc(c.Text))
			}
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n</div>\n")
	if t.Note != "" {
		b.WriteString(`<p class="note">`)
		b.WriteString(esc(t.Note))
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}
