package site

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// frontMatter is the header of a report page:
//
//	---
//	title: Board narrative
//	order: 1
//	---
type frontMatter struct {
	Title    string
	Order    int
	HasOrder bool
}

// frontMatterKeys are the valid keys, sorted, for error messages.
var frontMatterKeys = []string{"order", "title"}

// posError is a problem at a 1-based line and column of a page.
type posError struct {
	Line, Col int
	Msg       string
}

// parseFrontMatter splits src into its front matter and body. bodyLine is the
// 1-based line of src where body starts. A page without a leading "---" line
// has no front matter. Errors are positioned in src.
func parseFrontMatter(src []byte) (fm frontMatter, body []byte, bodyLine int, errs []posError) {
	first, rest, _ := cutLine(src)
	if strings.TrimRight(string(first), " \t") != "---" {
		return fm, src, 1, nil
	}
	seen := map[string]int{}
	line := 1
	for {
		line++
		var l []byte
		var more bool
		l, rest, more = cutLine(rest)
		if !more && len(l) == 0 && len(rest) == 0 {
			errs = append(errs, posError{1, 1, `front matter is not closed: add a line "---" after the last key`})
			return fm, nil, line, errs
		}
		text := string(l)
		if strings.TrimRight(text, " \t") == "---" {
			return fm, rest, line + 1, errs
		}
		if !utf8.ValidString(text) {
			errs = append(errs, posError{line, 1, "front matter is not valid UTF-8"})
			continue
		}
		trimmed := strings.TrimSpace(text)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		key, value, found := strings.Cut(text, ":")
		if !found {
			errs = append(errs, posError{line, 1, fmt.Sprintf("front matter line %q is not \"key: value\" (valid keys: %s)", trimmed, strings.Join(frontMatterKeys, ", "))})
			continue
		}
		col := len(key) - len(strings.TrimLeft(key, " \t")) + 1
		key = strings.TrimSpace(key)
		value = strings.TrimSpace(value)
		if prev, dup := seen[key]; dup {
			errs = append(errs, posError{line, col, fmt.Sprintf("front matter key %q repeated (first on line %d)", key, prev)})
			continue
		}
		seen[key] = line
		valCol := len(text) - len(strings.TrimLeft(text[strings.IndexByte(text, ':')+1:], " \t")) + 1
		switch key {
		case "title":
			t, err := unquote(value)
			if err != nil {
				errs = append(errs, posError{line, valCol, "title: " + err.Error()})
				continue
			}
			if strings.TrimSpace(t) == "" {
				errs = append(errs, posError{line, valCol, "title is empty: write the page's title or remove the key"})
				continue
			}
			fm.Title = t
		case "order":
			n, err := strconv.Atoi(value)
			if err != nil || n < -1000000 || n > 1000000 {
				errs = append(errs, posError{line, valCol, fmt.Sprintf("order %q is not a whole number (e.g. order: 10)", value)})
				continue
			}
			fm.Order, fm.HasOrder = n, true
		default:
			errs = append(errs, posError{line, col, fmt.Sprintf("unknown front matter key %q (valid keys: %s)", key, strings.Join(frontMatterKeys, ", "))})
		}
	}
}

// unquote accepts a bare value or one in double or single quotes.
func unquote(s string) (string, error) {
	if len(s) >= 1 && (s[0] == '"' || s[0] == '\'') {
		q := s[0]
		if len(s) < 2 || s[len(s)-1] != q {
			return "", fmt.Errorf("missing closing quote %c", q)
		}
		if q == '\'' {
			inner := s[1 : len(s)-1]
			if strings.ContainsRune(inner, '\'') {
				return "", fmt.Errorf("a single-quoted value cannot contain '")
			}
			return inner, nil
		}
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("bad double-quoted value %s", s)
		}
		if !utf8.ValidString(u) {
			return "", fmt.Errorf("value is not valid UTF-8")
		}
		return u, nil
	}
	return s, nil
}

// cutLine returns the first line of b (without its "\n" or "\r\n"), the rest,
// and whether a newline ended the line.
func cutLine(b []byte) (line, rest []byte, ok bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, nil, false
	}
	line = b[:i]
	line = bytes.TrimSuffix(line, []byte("\r"))
	return line, b[i+1:], true
}
