package report

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// InitiativePath is the site path of an initiative's page, relative to the
// site root: "initiatives/<name>.html" (see SafeName; initiative ids are
// kept as they are when they hold no lower-case letter). The site and the
// board pack's hyperlinks both use it, so links always agree.
func InitiativePath(id string) string {
	return "initiatives/" + safeName(id, upperCase) + ".html"
}

// QueryPath is the site path of a catalog query's page.
func QueryPath(name string) string { return "queries/" + safeName(name, lowerCase) + ".html" }

// PackPath is the board pack's path in the output.
const PackPath = "board-pack.xlsx"

// DataPath is the path of a view's CSV download.
func DataPath(name string) string { return "data/" + safeName(name, lowerCase) + ".csv" }

// InsideSite reports whether p is a relative link that stays inside the
// site: not empty, no scheme, host or absolute path, no ".." segment and no
// backslash. Links a view emits (audits' board_pack, run_json) are used only
// when they pass, so a replaced view cannot point a page elsewhere.
func InsideSite(p string) bool {
	if p == "" || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\:?#") || strings.ContainsRune(p, 0) {
		return false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// ReportPath is the site path of an analyst report page (reports/<name>.md).
func ReportPath(name string) string { return "reports/" + safeName(name, lowerCase) + ".html" }

// The letter case a name space keeps as is: initiative ids are usually upper
// case (INF-CLOUD), query and page names lower case.
const (
	upperCase = true
	lowerCase = false
)

// maxReadable bounds the readable part of a hashed name: with the separator
// and the hash the name stays under 70 bytes, well inside every file
// system's limit (255 bytes, and 100 for tar's plain name field).
const maxReadable = 48

// reserved are the names Windows refuses as files, whatever the extension.
var reserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// SafeName is the safe name of a query or page name (lower case kept as is),
// also usable as an HTML id. See safeName.
func SafeName(s string) string { return safeName(s, lowerCase) }

// safeName maps any string to a file and URL name that is safe on every
// host, deterministically:
//   - a name of at most 64 ASCII letters, digits, '-' and '_', not starting
//     with '-', not a Windows device name (CON, NUL, ...), and with letters of
//     one case only (upper when upper is set, else lower) is kept as it is
//     (INF-CLOUD, initiative_status);
//   - any other name becomes a readable part (the safe characters kept,
//     every run of others one '_', at most 48 bytes) then '.' and 16 hex
//     digits of its SHA-256: "CRM_X_1.3f…".
//
// Distinct strings give names that differ even ignoring case: kept names
// fold to distinct strings because they use one case only, and hashed names
// hold a '.' that kept names never do. A name never starts with '.' and is
// at most 65 bytes.
func safeName(s string, upper bool) string {
	if keptAsIs(s, upper) {
		return s
	}
	var b strings.Builder
	under := false
	for i := 0; i < len(s) && b.Len() < maxReadable; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' {
			b.WriteByte(c)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	readable := strings.TrimLeft(b.String(), "-")
	if readable == "" {
		readable = "_"
	}
	sum := sha256.Sum256([]byte(s))
	return readable + "." + hex.EncodeToString(sum[:8])
}

func keptAsIs(s string, upper bool) bool {
	if s == "" || len(s) > 64 || s[0] == '-' || reserved[strings.ToUpper(s)] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c == '-', c == '_':
		case c >= 'A' && c <= 'Z':
			if !upper {
				return false
			}
		case c >= 'a' && c <= 'z':
			if upper {
				return false
			}
		default:
			return false
		}
	}
	return true
}
