package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/throughline/throughline/internal/config"
)

// workspaceDefaults are the values `init` writes (commented) for settings
// whose default is not a plain value.
var workspaceDefaults = map[string]string{
	"input":         `"data"`,
	"out":           `"site"`,
	"as_of":         "2026-01-31  # default: today",
	"queries":       `"queries"`,
	"reports":       `"reports"`,
	"sources":       `"sources"`,
	"site_url":      `"https://intranet.example/throughline/"`,
	"quiet":         "false",
	"threads":       "4  # default: all cores",
	"memory_limit":  `"4GB"  # default: 1GB, or a quarter of a smaller machine's memory (at least 256MB)`,
	"max_temp_size": strconv.Quote(config.DefaultMaxTempSize),
	"query_timeout": strconv.Quote(config.DefaultQueryTimeout.String()),
}

// workspaceActive are the settings a new workspace sets: its own folders.
var workspaceActive = []string{"input", "queries", "reports", "sources"}

// workspaceConfig is the throughline.toml `init` writes: every setting,
// the workspace's folders set, the rest commented with their defaults.
func workspaceConfig() string {
	var b strings.Builder
	b.WriteString("# Throughline workspace. Run from this folder: throughline build --config throughline.toml\n")
	b.WriteString("# Paths are relative to the folder you run from. Flags and THROUGHLINE_* variables override.\n\n")
	for _, s := range config.Settings {
		fmt.Fprintf(&b, "# %s (%s)\n", s.Help, s.Env)
		prefix := "# "
		for _, a := range workspaceActive {
			if a == s.Key {
				prefix = ""
			}
		}
		fmt.Fprintf(&b, "%s%s = %s\n\n", prefix, s.Key, workspaceDefaults[s.Key])
	}
	p := config.DefaultParams()
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	fmt.Fprintf(&b, `# Governance parameters (docs/rules.md), shown with their defaults.
[rules]
# cadence_days = %d
# cadence_anchor = %s
# stale_after_days = %d
# behind_tolerance = %s
# regress_tolerance = %s
# velocity_healthy = %s
# velocity_periods = %d
# escalation_cio = %s
# escalation_executive = %s
# recent_spend_days = %d

# How mapping keys meet ledger codes and epics: "normalized" or "exact".
[mappings]
# match = %q

# A table read by a built-in preset instead of an adapter file
# (docs/sources.md): jira -> issues; itdashboard -> initiatives, milestones.
# [presets.issues]
# preset = "jira"
# file = "jira-export.csv"           # in the input folder
# date_format = "2/Jan/06 3:04 PM"   # a Go layout; this is the default
`, p.CadenceDays, p.CadenceAnchor.Format(config.DateLayout), p.StaleAfterDays, f(p.BehindTolerance),
		f(p.RegressTolerance), f(p.VelocityHealthy), p.VelocityPeriods, f(p.EscalationCIO),
		f(p.EscalationExecutive), p.RecentSpendDays, p.MappingMatch)
	return b.String()
}

const sourcesExample = `-- An example source adapter. Copy it to spend.sql (any contract table:
-- <table>.sql, or <table>.<name>.sql when several files feed one table) and
-- edit it: one SELECT over your raw files that returns the contract's
-- columns (docs/contract.md). Paths are relative to the input folder, and
-- an adapter reads nothing outside it. Problems are reported at the line of
-- the column's expression here (docs/sources.md).
--
-- SELECT
--     strptime("Date", '%d/%m/%Y')::DATE AS posting_date,      -- 31/01/2026
--     replace(replace("Amount", '£', ''), ',', '') AS amount,  -- £1,234.50
--     "Cost Centre" AS cost_center,
--     "Project" AS project_code,
--     "Supplier" AS vendor,
--     "Narrative" AS description,
--     "Journal" AS transaction_id
-- FROM read_csv('ledger-export.csv', header = true, all_varchar = true)
--
-- A Jira export, through the built-in preset:
--   SELECT * FROM jira_issues('jira-export.csv')         -- file as issues.sql
-- An XLSX sheet (every value as text, source_line is the sheet row):
--   SELECT ... FROM read_xlsx('budget.xlsx', 'Sheet1')
`

// runInit writes a new workspace into dir: throughline.toml, data/,
// queries/, reports/ and sources/ with an example. It never overwrites.
func runInit(c *cli.Context, stderr io.Writer) error {
	if c.Args().Len() != 1 {
		return usagef("init takes one argument, the workspace folder: throughline init DIR")
	}
	dir := c.Args().First()
	cfgPath := filepath.Join(dir, "throughline.toml")
	if _, err := os.Stat(cfgPath); err == nil {
		return usagef("%s already exists; init never overwrites a workspace", cfgPath)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, d := range []string{"data", "queries", "reports", "sources"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return cli.Exit("throughline: init: "+err.Error(), ExitInternal)
		}
	}
	files := map[string]string{
		cfgPath: workspaceConfig(),
		filepath.Join(dir, "sources", "spend.sql.example"): sourcesExample,
	}
	for path, body := range files {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return cli.Exit("throughline: init: "+err.Error(), ExitInternal)
		}
		_, err = f.WriteString(body)
		if err2 := f.Close(); err == nil {
			err = err2
		}
		if err != nil {
			return cli.Exit("throughline: init: "+err.Error(), ExitInternal)
		}
	}
	fmt.Fprintf(stderr, "throughline: wrote a workspace to %s: put the extracts in %s, adapters in %s, then run throughline build --config throughline.toml there\n",
		dir, filepath.Join(dir, "data"), filepath.Join(dir, "sources"))
	return nil
}
