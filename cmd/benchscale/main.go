// Command benchscale times `throughline build` against DuckDB's own read of
// the same files (make bench-scale; docs/performance.md).
package main

import (
	"os"

	"github.com/throughline/throughline/internal/benchscale"
)

func main() { os.Exit(benchscale.Main(os.Args[1:], os.Stdout, os.Stderr)) }
