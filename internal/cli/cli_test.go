package cli_test

import (
	"context"
	"os"
	"path/filepath"
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
			os.Exit(cli.MainAt(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv, now))
		},
	})
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
