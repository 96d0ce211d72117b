package report_test

import "flag"

var updateDocs = flag.Bool("update-docs", false, "rewrite docs/outputs.md's vocabulary table")
