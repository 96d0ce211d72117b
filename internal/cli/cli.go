// Package cli is the throughline command line: flags and environment into a
// config, subcommands, printing and exit codes. Only this package prints or
// chooses how the process ends; nothing below main calls os.Exit.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
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
	"github.com/throughline/throughline/internal/jira"
	"github.com/throughline/throughline/internal/publish"
	"github.com/throughline/throughline/internal/sample"
)

// Exit codes, documented in the README and docs/publishing.md.
const (
	ExitOK       = 0
	ExitInternal = 1
	ExitUsage    = 2 // also: --out may not be replaced, or holds a newer as-of
	ExitInput    = 3
	ExitLocked   = 4 // another run holds --out's lock
	ExitSIGINT   = 130
	ExitSIGTERM  = 143
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
	return Run(ctx, args, stdin, stdout, stderr, getenv, Options{})
}

// MainAt is Main with an injected clock, used only for the default as-of
// date ("today") and stage timings.
func MainAt(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv Env, now func() time.Time) int {
	return Run(ctx, args, stdin, stdout, stderr, getenv, Options{Now: now})
}

// Options are the injected parts of a run.
type Options struct {
	Now func() time.Time // the clock; time.Now if nil
	// StageStart, if set, is called as each stage of build or check begins
	// (catalog, load, rules, queries, render, publish); tests use it to
	// send a signal during a chosen stage.
	StageStart func(ctx context.Context, stage string)
}

// interrupted is the cause of a run cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (e *interrupted) Error() string { return "interrupted by " + signalName(e.sig) }

func signalName(s os.Signal) string {
	if s == syscall.SIGTERM {
		return "SIGTERM"
	}
	return "SIGINT"
}

// Run runs the command line with opt and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv Env, opt Options) int {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	// SIGINT or SIGTERM cancels the run: every stage stops at its next
	// check (a running query at once), deferred cleanup (DuckDB, staging,
	// lock) runs, and nothing is published. A second signal ends the
	// process at once; the next run cleans up after it.
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			signal.Stop(sigs)
			cancel(&interrupted{s})
		case <-ctx.Done():
		}
	}()
	st := &runState{}
	app := newApp(stdin, stdout, stderr, getenv, opt, st)
	err := app.RunContext(ctx, args)
	var in *interrupted
	if errors.As(context.Cause(ctx), &in) && !st.published {
		fmt.Fprintf(stderr, "throughline: %v; nothing was published\n", in)
		if in.sig == syscall.SIGTERM {
			return ExitSIGTERM
		}
		return ExitSIGINT
	}
	if err == nil {
		return ExitOK
	}
	var ue *usageError
	var le *diag.ListError
	var ee cli.ExitCoder
	var locked *publish.LockedError
	var refused *publish.RefusedError
	var older *publish.OlderError
	switch {
	case errors.As(err, &le):
		return ExitInput
	case errors.As(err, &locked):
		fmt.Fprintf(stderr, "throughline: %v\n", err)
		return ExitLocked
	case errors.As(err, &refused), errors.As(err, &older):
		fmt.Fprintf(stderr, "throughline: %v\n", err)
		return ExitUsage
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

// runState is what Run needs to know about how a command ended.
type runState struct {
	published bool // the new site is in place: a later signal changes nothing
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, getenv Env, opt Options, st *runState) *cli.App {
	runFlags := []cli.Flag{
		&cli.StringFlag{Name: "input", Aliases: []string{"i"}, Usage: "folder of input CSV files (contract v1) [$THROUGHLINE_INPUT]"},
		&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "folder to publish the site and board pack to (default: site) [$THROUGHLINE_OUT]"},
		&cli.StringFlag{Name: "as-of", Usage: "as-of date YYYY-MM-DD; every rule is evaluated at it (default: today) [$THROUGHLINE_AS_OF]"},
		&cli.StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "config file (TOML) [$THROUGHLINE_CONFIG]"},
		&cli.StringFlag{Name: "queries", Usage: "folder of analyst queries that add to or replace the default views [$THROUGHLINE_QUERIES]"},
		&cli.StringFlag{Name: "sources", Usage: "folder of source adapters, <table>.sql, that read raw files from --input (docs/sources.md) [$THROUGHLINE_SOURCES]"},
		&cli.StringFlag{Name: "reports", Usage: "folder of analyst report pages (markdown) [$THROUGHLINE_REPORTS]"},
		&cli.StringFlag{Name: "site-url", Usage: "intranet URL of the published site, for the board pack's links [$THROUGHLINE_SITE_URL]"},
		&cli.IntFlag{Name: "threads", Usage: "DuckDB worker threads [$THROUGHLINE_THREADS]", DefaultText: "all cores"},
		&cli.StringFlag{Name: "memory-limit", Usage: "DuckDB memory limit, e.g. 4GB [$THROUGHLINE_MEMORY_LIMIT]"},
		&cli.StringFlag{Name: "max-temp-size", Usage: "most disk DuckDB may spill to, e.g. 10GB (default: 10GB) [$THROUGHLINE_MAX_TEMP_SIZE]"},
		&cli.StringFlag{Name: "query-timeout", Usage: "time limit of each query, a duration like 10m or 90s (default: 10m) [$THROUGHLINE_QUERY_TIMEOUT]"},
		&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress lines on stderr [$THROUGHLINE_QUIET]", DisableDefaultText: true},
		&cli.StringFlag{Name: "diagnostics", Usage: "write every warning and error of the run to FILE as CSV (severity,file,line,column,message)"},
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
				Name:  "version",
				Usage: "print the version",
				Action: func(c *cli.Context) error {
					fmt.Fprintf(stdout, "throughline %s\n", Version)
					return nil
				},
			},
			{
				Name:  "build",
				Usage: "load, validate, run the rules and publish the site, data and board pack",
				Flags: append(runFlags[:len(runFlags):len(runFlags)],
					&cli.BoolFlag{Name: "allow-older", Usage: "replace a published site whose as-of date is newer than this run's", DisableDefaultText: true}),
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error { return runBuild(c, stderr, getenv, opt, st, true) },
			},
			{
				Name:  "check",
				Usage: "everything build does except writing: exit 0 when clean, 3 on input or query errors",
				Flags: runFlags,
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error { return runBuild(c, stderr, getenv, opt, st, false) },
			},
			{
				Name:  "sample",
				Usage: "write a deterministic contract-v1 sample data set",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "folder to write the sample to", Required: true},
					&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "random seed"},
					&cli.IntFlag{Name: "scale", Value: 1, Usage: "multiply initiatives and volumes (for benchmarks)"},
					&cli.IntFlag{Name: "density", Value: 1, Usage: "multiply ledger lines and issues per initiative (for benchmarks; 1 keeps the stories' figures)"},
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
					files, err := sample.GenerateDense(c.Uint64("seed"), scale, c.Int("density"))
					if err != nil {
						return err
					}
					return publish.WriteDir(c.String("out"), files)
				},
			},
			{
				Name:      "init",
				Usage:     "write a new workspace: throughline.toml (every setting, defaults commented), data/, queries/, reports/, sources/",
				ArgsUsage: "DIR",
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Action: func(c *cli.Context) error { return runInit(c, stderr) },
			},
			{
				Name:  "import",
				Usage: "turn another tool's export into a contract input file",
				OnUsageError: func(_ *cli.Context, err error, _ bool) error {
					return usagef("%v", err)
				},
				Subcommands: []*cli.Command{
					{
						Name:  "jira",
						Usage: "turn a Jira CSV issue export (Data Center or Cloud) into issues.csv (docs/jira.md)",
						Flags: []cli.Flag{
							&cli.StringFlag{Name: "in", Usage: "the Jira CSV export", Required: true},
							&cli.StringFlag{Name: "out", Usage: "the issues.csv to write", Required: true},
							&cli.StringFlag{Name: "date-format", Value: jira.DefaultLayout, Usage: "Go time layout of Created and Resolved, e.g. \"02.01.06 15:04\" for 12.03.24 09:41"},
						},
						OnUsageError: func(_ *cli.Context, err error, _ bool) error {
							return usagef("%v", err)
						},
						Action: func(c *cli.Context) error { return runImportJira(c, stderr) },
					},
				},
				Action: func(c *cli.Context) error {
					if c.Args().Len() > 0 {
						return usagef("unknown import source %q (sources: jira)", c.Args().First())
					}
					return usagef("import needs a source: throughline import jira --in EXPORT.csv --out issues.csv")
				},
			},
		},
	}
	app.Action = func(c *cli.Context) error {
		if c.Args().Len() > 0 {
			return usagef("unknown command %q (commands: build, check, sample, init, import, version)", c.Args().First())
		}
		cli.ShowAppHelp(c)
		return usagef("no command given")
	}
	return app
}

func runBuild(c *cli.Context, stderr io.Writer, getenv Env, o Options, st *runState, write bool) error {
	now := o.Now
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
	diagFile := c.String("diagnostics")
	if diags.HasErrors() {
		if usage := flagProblems(diags); usage != "" {
			return usagef("%s", usage)
		}
		return report(stderr, diags, diagFile)
	}
	asOf := cfg.AsOf.Format(config.DateLayout)
	var out *publish.Site
	if write {
		// The lock is held from before the load to the end, so two runs
		// never build for the same --out at once.
		var err error
		if out, err = publish.Open(cfg.Out); err != nil {
			return err
		}
		defer out.Close()
		out.KeepAudits = cfg.Params.KeepAudits
		if err := out.CheckAsOf(asOf, c.Bool("allow-older")); err != nil {
			return err
		}
	}
	opt := build.Options{Version: Version, Now: now, Start: o.StageStart}
	if !cfg.Quiet {
		opt.Progress = func(s build.Stage) { fmt.Fprintf(stderr, "throughline: %-8s %6.2fs\n", s.Name, s.Seconds) }
	}
	res, err := build.Run(c.Context, cfg, opt)
	if err := c.Context.Err(); err != nil {
		return err // interrupted: Run reports it
	}
	if err != nil {
		return err
	}
	if res.Diags.HasErrors() {
		return report(stderr, res.Diags, diagFile)
	}
	if err := writeDiagnostics(diagFile, res.Diags); err != nil {
		return err
	}
	diag.Print(stderr, res.Diags.Warnings(), maxPrinted, hint(diagFile))
	if !write {
		if !cfg.Quiet {
			fmt.Fprintf(stderr, "throughline: check passed: %d files would be published to %s\n", len(res.Files), cfg.Out)
		}
		return nil
	}
	if o.StageStart != nil {
		o.StageStart(c.Context, "publish")
	}
	if err := out.Publish(c.Context, res.Files, asOf); err != nil {
		if c.Context.Err() != nil {
			return err
		}
		return cli.Exit(err.Error(), ExitInternal)
	}
	st.published = true
	if !cfg.Quiet {
		fmt.Fprintf(stderr, "throughline: published %d files to %s (as of %s)\n", len(res.Files), cfg.Out, asOf)
	}
	return nil
}

// flagProblems words the errors when every one is a bad flag or
// environment value (a usage error, exit 2), "" when any comes from the
// config file (an input error at its position, exit 3).
func flagProblems(l *diag.List) string {
	var msgs []string
	for _, d := range l.Errors() {
		if d.File != "" || !strings.HasPrefix(d.Msg, "flag --") && !strings.HasPrefix(d.Msg, "environment variable ") {
			return ""
		}
		msgs = append(msgs, d.Msg)
	}
	return strings.Join(msgs, "\nthroughline: ")
}

// report prints every problem (errors first, capped), writes them all to
// the diagnostics file when one is asked for, and returns the error that
// makes Main exit 3.
func report(w io.Writer, l *diag.List, diagFile string) error {
	errs := l.Errors()
	if err := writeDiagnostics(diagFile, l); err != nil {
		return err
	}
	diag.Print(w, l.Warnings(), maxPrinted, hint(diagFile))
	diag.Print(w, errs, maxPrinted, hint(diagFile))
	fmt.Fprintf(w, "throughline: %d error(s); nothing was published\n", len(errs))
	return &diag.ListError{Diags: errs}
}

// writeDiagnostics writes every problem of the run as CSV, when asked to.
func writeDiagnostics(file string, l *diag.List) error {
	if file == "" {
		return nil
	}
	data := diag.CSV(l.All())
	if err := publish.WriteFile(file, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
		return cli.Exit("throughline: --diagnostics: "+err.Error(), ExitInternal)
	}
	return nil
}

// hint says where the problems left out of stderr can be read.
func hint(diagFile string) string {
	if diagFile != "" {
		return "all are in " + diagFile
	}
	return "write them all with --diagnostics FILE"
}

// runImportJira converts a Jira export into issues.csv. Problems in the
// export exit 3 like a build's input errors, and nothing is written.
func runImportJira(c *cli.Context, stderr io.Writer) error {
	if c.Args().Len() > 0 {
		return usagef("import jira takes no arguments (got %q); flags go before arguments", c.Args().First())
	}
	layout := c.String("date-format")
	if err := jira.CheckLayout(layout); err != nil {
		return usagef("flag --date-format: %v", err)
	}
	in, out := c.String("in"), c.String("out")
	var diags diag.List
	f, err := os.Open(in)
	if errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(in, 0, 0, "export file not found")
		return reportImport(stderr, &diags)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	res, err := jira.Read(f, jira.Options{File: in, DateLayout: layout})
	if err != nil {
		return err
	}
	if res.Diags.HasErrors() {
		return reportImport(stderr, &res.Diags)
	}
	diag.Print(stderr, res.Diags.Warnings(), maxPrinted, "")
	if err := publish.WriteFile(out, func(w io.Writer) error { return jira.Write(w, res.Issues) }); err != nil {
		return cli.Exit(err.Error(), ExitInternal)
	}
	fmt.Fprintf(stderr, "throughline: wrote %d issues to %s\n", len(res.Issues), out)
	return nil
}

// reportImport is report for an import: nothing is written, not published.
func reportImport(w io.Writer, l *diag.List) error {
	errs := l.Errors()
	diag.Print(w, l.Warnings(), maxPrinted, "")
	diag.Print(w, errs, maxPrinted, "")
	fmt.Fprintf(w, "throughline: %d error(s); nothing was written\n", len(errs))
	return &diag.ListError{Diags: errs}
}

func today(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
