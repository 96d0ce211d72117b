// Command throughline builds the outcome-linked governance site and board pack.
package main

import (
	"context"
	"os"

	"github.com/throughline/throughline/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
