// Package cli is the throughline command line: flags and environment into a
// config, subcommands, printing and exit codes. Only this package prints or
// chooses how the process ends; nothing below main calls os.Exit.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/throughline/throughline/internal/build"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/publish"
	"github.com/throughline/throughline/internal/sample"
)

// Exit codes, documented in the README.
const (
	ExitOK       = 0
	ExitInternal = 1
	ExitUsage    = 2
	ExitInput    = 3
)

// Version is the tool version written into run.json and the board pack.
var Version = "0.1.0"

// maxPrinted caps the problems printed to stderr; the rest are counted.
const maxPrinted = 50

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// Env gives the process environment; tests pass a map's lookup.
type Env func(string) string

// Main runs the command line and returns the exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv Env) int {
	return MainAt(ctx, args, stdin, stdout, stderr, getenv, time.Now)
}

// MainAt is Main with an injected clock, used only for the default as-of
// date ("today") and stage timings.
func MainAt(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv Env, now func() time.Time) int {
	// Ctrl-C or a scheduler's SIGTERM cancels the running query; deferred
	// cleanup (DuckDB, staging folder, lock) still runs before we return.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := newApp(stdin, stdout, stderr, getenv, now)
	err := app.RunContext(ctx, args)
	if err == nil {
		return ExitOK
	}
	var ue *usageError
	var le *diag.ListError
	var ee cli.ExitCoder
	switch {
	case errors.As(err, &le):
		return ExitInput
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "throughline: %s\n", ue.msg)
		fmt.Fprintln(stderr, "run 'throughline --help' for usage")
		return ExitUsage
	case errors.As(err, &ee):
		fmt.Fprintf(stderr, "throughline: %v\n", err)
		return ee.ExitCode()
	case isFlagError(err):
		fmt.Fprintf(stderr, "throughline: %v\n", err)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "throughline: internal error: %v\n", err)
	return ExitInternal
}

// isFlagError recognises urfave/cli's own parse errors, which it returns as
// plain errors.
func isFlagError(err error) bool {
	s := err.Error()
	return strings.Contains(s, "flag provided but not defined") || strings.Contains(s, "invalid value") ||
		strings.Contains(s, "flag needs an argument") || strings.Contains(s, "Required flag")
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv Env, now func() time.Time) *cli.App {
	runFlags := []cli.Flag{
		&cli.StringFlag{Name: "input", Aliases: []string{"i"}, Usage: "folder of input CSV files (contract v1) [$THROUGHLINE_INPUT]"},
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "folder to publish the site and board pack to (default: site) [$THROUGHLINE_OUT]"},
		&cli.StringFlag{Name: "as-of", Usage: "as-of date YYYY-MM-DD; every rule is evaluated at it (default: today) [$THROUGHLINE_AS_OF]"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "config file (TOML) [$THROUGHLINE_CONFIG]"},
		&cli.StringFlag{Name: "queries", Usage: "folder of analyst queries that add to or replace the default views [$THROUGHLINE_QUERIES]"},
		&cli.StringFlag{Name: "reports", Usage: "folder of analyst report pages (markdown) [$THROUGHLINE_REPORTS]"},
		&cli.StringFlag{Name: "site-url", Usage: "intranet URL of the published site, for the board pack's links [$THROUGHLINE_SITE_URL]"},
		&cli.IntFlag{Name: "threads", Usage: "DuckDB worker threads (default: all cores) [$THROUGHLINE_THREADS]"},
		&cli.StringFlag{Name: "memory-limit", Usage: "DuckDB memory limit, e.g. 4GB [$THROUGHLINE_MEMORY_LIMIT]"},
		&cli.StringFlag{Name: "max-temp-size", Usage: "most disk DuckDB may spill to, e.g. 10GB (default: 10GB) [$THROUGHLINE_MAX_TEMP_SIZE]"},
		&cli.StringFlag{Name: "query-timeout", Usage: "time limit of each query, a duration like 10m or 90s (default: 10m) [$THROUGHLINE_QUERY_TIMEOUT]"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress lines on stderr [$THROUGHLINE_QUIET]"},
	}
	app := &cli.App{
		Name:      "throughline",
		Usage:     "turn spend, delivery and KPI extracts into an outcome-linked governance site and board pack",
		Version:   Version,
		Reader:    stdin,
		Writer:    stdout,
		ErrWriter: stderr,
		// urfave/cli would call os.Exit here, skipping deferred closes; the
		// exit code is chosen by Main instead.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usagef("%v", err)
		},
		CommandNotFound: func(c *cli.Context, name string) {},
		Commands: []*cli.Command{
			{
				Name:  "build",
				Usage: "load, validate, run the rules and publish the site, data and board pack",
				Flags: runFlags,
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error { return runBuild(c, stderr, getenv, now, true) },
			},
			{
				Name:  "check",
				Usage: "everything build does except writing: exit 0 when clean, 3 on input or query errors",
				Flags: runFlags,
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error { return runBuild(c, stderr, getenv, now, false) },
			},
			{
				Name:  "sample",
				Usage: "write a deterministic contract-v1 sample data set",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "folder to write the sample to", Required: true},
					&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed"},
					&cli.IntFlag{Name: "scale", Value: 1, Usage: "multiply volumes (for benchmarks)"},
				},
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error {
					if c.Args().Len() > 0 {
						return usagef("sample takes no arguments (got %q); flags go before arguments", c.Args().First())
					}
					scale := c.Int("scale")
					if scale < 1 || scale > 10000 {
						return usagef("--scale must be between 1 and 10000")
					}
					files, err := sample.Generate(c.Uint64("seed"), scale)
					if err != nil {
						return err
					}
					return publish.WriteDir(c.String("out"), files)
				},
			},
		},
	}
	app.Action = func(c *cli.Context) error {
		if c.Args().Len() > 0 {
			return usagef("unknown command %q (commands: build, check, sample)", c.Args().First())
		}
		cli.ShowAppHelp(c)
		return usagef("no command given")
	}
	return app
}

func runBuild(c *cli.Context, stderr io.Writer, getenv Env, now func() time.Time, write bool) error {
	if c.Args().Len() > 0 {
		return usagef("%s takes no arguments (got %q); flags go before arguments", c.Command.Name, c.Args().First())
	}
	flags := map[string]string{}
	for _, s := range config.Settings {
		name := strings.ReplaceAll(s.Key, "_", "-")
		if c.IsSet(name) {
			switch s.Key {
			case "quiet":
				flags[s.Key] = strconv.FormatBool(c.Bool(name))
			case "threads":
				flags[s.Key] = strconv.Itoa(c.Int(name))
			default:
				flags[s.Key] = c.String(name)
			}
		}
	}
	src := config.Sources{Flags: flags, Getenv: getenv, Today: today(now())}
	cfgFile := c.String("config")
	if cfgFile == "" && getenv != nil {
		cfgFile = getenv("THROUGHLINE_CONFIG")
	}
	if cfgFile != "" {
		data, err := os.ReadFile(cfgFile)
		if err != nil {
			return usagef("config file: %v", err)
		}
		src.File, src.FileData = cfgFile, data
	}
	cfg, diags := config.Resolve(src)
	if diags.HasErrors() {
		return report(stderr, diags)
	}
	opt := build.Options{Version: Version, Now: now}
	if !cfg.Quiet {
		opt.Progress = func(s build.Stage) { fmt.Fprintf(stderr, "throughline: %-8s %6.2fs\n", s.Name, s.Seconds) }
	}
	res, err := build.Run(c.Context, cfg, opt)
	if err != nil {
		return err
	}
	if res.Diags.HasErrors() {
		return report(stderr, res.Diags)
	}
	diag.Print(stderr, res.Diags.Warnings(), maxPrinted)
	if !write {
		if !cfg.Quiet {
			fmt.Fprintf(stderr, "throughline: check passed: %d files would be published to %s\n", len(res.Files), cfg.Out)
		}
		return nil
	}
	if err := publish.Publish(cfg.Out, res.Files); err != nil {
		return cli.Exit(err.Error(), ExitInternal)
	}
	if !cfg.Quiet {
		fmt.Fprintf(stderr, "throughline: published %d files to %s (as of %s)\n", len(res.Files), cfg.Out, cfg.AsOf.Format(config.DateLayout))
	}
	return nil
}

// report prints every problem (errors first, capped) and returns the error
// that makes Main exit 3.
func report(w io.Writer, l *diag.List) error {
	errs := l.Errors()
	diag.Print(w, l.Warnings(), maxPrinted)
	diag.Print(w, errs, maxPrinted)
	fmt.Fprintf(w, "throughline: %d error(s); nothing was published\n", len(errs))
	return &diag.ListError{Diags: errs}
}

func today(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
