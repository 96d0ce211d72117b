package xlsx

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
)

// maxSheetName is Excel's limit on a sheet name, in UTF-16 code units.
const maxSheetName = 31

// sheetNames hands out valid, unique sheet names. Excel compares sheet names
// case-insensitively.
type sheetNames struct {
	taken map[string]bool // lower-cased
}

func newSheetNames() *sheetNames { return &sheetNames{taken: map[string]bool{}} }

// SheetName turns an analyst's `-- sheet:` annotation into a name Excel
// accepts: at most 31 characters, brackets made parentheses, :*?/\ and
// control characters made spaces, spaces collapsed,
// not starting or ending with an apostrophe, not blank and not the reserved
// "History". It does not make names unique; the pack does that.
func SheetName(s string) string {
	s = strings.ToValidUTF8(s, "_")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '[':
			b.WriteRune('(')
		case r == ']':
			b.WriteRune(')')
		case strings.ContainsRune(`:*?/\`, r):
			b.WriteRune(' ')
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' || r == '\ufffe' || r == '\uffff':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name := strings.Join(strings.Fields(b.String()), " ")
	name = strings.Trim(name, "' ")
	name = cutUTF16(name, maxSheetName)
	name = strings.TrimRight(name, "' ")
	if name == "" {
		name = "Sheet"
	}
	if strings.EqualFold(name, "History") {
		name += "_"
	}
	return name
}

// unique returns SheetName(s), numbered " (2)", " (3)"… when already taken,
// and records it.
func (n *sheetNames) unique(s string) string {
	base := SheetName(s)
	name := base
	for i := 2; n.taken[strings.ToLower(name)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		name = strings.TrimRight(cutUTF16(base, maxSheetName-len(suffix)), "' ") + suffix
	}
	n.taken[strings.ToLower(name)] = true
	return name
}

// cutUTF16 shortens s to at most n UTF-16 code units, on a rune boundary.
func cutUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// quoteSheet quotes a sheet name for a cell reference: 'It”s'!A1.
func quoteSheet(name string) string {
	return "'" + strings.ReplaceAll(name, "'", "''") + "'"
}
