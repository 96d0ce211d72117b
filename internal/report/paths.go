package report

import (
	"fmt"
	"strings"
)

// InitiativePath is the site path of an initiative's page, relative to the
// site root: "initiatives/<safe id>.html". The site and the board pack's
// hyperlinks both use it, so links always agree.
func InitiativePath(id string) string {
	return "initiatives/" + SafeName(id) + ".html"
}

// QueryPath is the site path of a catalog query's page.
func QueryPath(name string) string { return "queries/" + SafeName(name) + ".html" }

// DataPath is the path of a view's CSV download.
func DataPath(name string) string { return "data/" + SafeName(name) + ".csv" }

// SafeName maps any string to a URL- and file-safe name, one-to-one: letters,
// digits, '-' and '_' are kept, every other byte becomes ".xx" (hex).
func SafeName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, ".%02x", c)
		}
	}
	if b.Len() == 0 {
		return ".empty"
	}
	return b.String()
}
