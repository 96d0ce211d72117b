package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/throughline/throughline/internal/cli"
)

// The scripts run the real binary logic in-process: "throughline" in a
// script is cli.Main with the script's arguments, environment and stdio.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"throughline": func() {
			// A fixed "today" keeps scripts deterministic when --as-of is not given.
			now := func() time.Time { return time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC) }
			opt := cli.Options{Now: now, StageStart: signalAt(os.Getenv("TEST_SIGNAL_AT"))}
			os.Exit(cli.Run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv, opt))
		},
	})
}

// signalAt returns a stage hook that sends this process a real signal as the
// stage named by spec ("render:TERM", "load:INT") begins, then waits for the
// signal to cancel the run before the stage goes on (on a loaded machine a
// fixed pause was not always enough); "load:PAUSE" pauses.
func signalAt(spec string) func(context.Context, string) {
	stage, name, ok := strings.Cut(spec, ":")
	if !ok {
		return nil
	}
	sig := map[string]syscall.Signal{"INT": syscall.SIGINT, "TERM": syscall.SIGTERM}[name]
	return func(ctx context.Context, s string) {
		if s == stage && name == "PAUSE" {
			time.Sleep(2 * time.Second) // hold the lock a while
		} else if s == stage {
			syscall.Kill(os.Getpid(), sig)
			select {
			case <-ctx.Done():
			case <-time.After(30 * time.Second): // the script then fails: the signal did not stop the run
			}
		}
	}
}

func TestScripts(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", filepath.Join(root, "sample-data"))
			return nil
		},
		UpdateScripts: os.Getenv("UPDATE_SCRIPTS") == "1",
	})
}
