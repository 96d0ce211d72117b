// Package reports embeds the default markdown report pages shown on the site.
package reports

import "embed"

// FS holds the default report pages, *.md.
//
//go:embed *.md
var FS embed.FS
