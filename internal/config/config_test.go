package config

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/throughline/throughline/internal/diag"
)

var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func errs(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Errors() {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

func TestPrecedenceFlagEnvFileDefault(t *testing.T) {
	file := []byte("input = \"from-file\"\nout = \"file-out\"\nas_of = 2026-01-31\nqueries = \"q\"\n[rules]\ncadence_days = 7\nbehind_tolerance = 0.5\n")
	env := map[string]string{"THROUGHLINE_OUT": "env-out", "THROUGHLINE_AS_OF": "2026-02-28"}
	c, d := Resolve(Sources{
		Flags:  map[string]string{"as_of": "2026-03-31"},
		Getenv: func(k string) string { return env[k] },
		File:   "t.toml", FileData: file, Today: today,
	})
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	if c.Input != "from-file" || c.Out != "env-out" || c.AsOf.Format(DateLayout) != "2026-03-31" || c.Queries != "q" {
		t.Errorf("precedence wrong: %+v", c)
	}
	if c.Params.CadenceDays != 7 || c.Params.BehindTolerance != 0.5 || c.Params.StaleAfterDays != 45 {
		t.Errorf("params: %+v", c.Params)
	}
	c, _ = Resolve(Sources{Today: today})
	if c.Out != "site" || !c.AsOf.Equal(today) || c.Params != DefaultParams() {
		t.Errorf("defaults wrong: %+v", c)
	}
}

func TestVarsAreTypedLiterals(t *testing.T) {
	c, _ := Resolve(Sources{Today: today})
	got := map[string]string{}
	for _, v := range c.Vars() {
		got[v.Name] = v.SQL
	}
	for k, want := range map[string]string{"as_of": "DATE '2026-11-27'", "cadence_anchor": "DATE '2026-01-05'",
		"cadence_days": "CAST(14 AS INTEGER)", "regress_tolerance": "CAST(0.1 AS DOUBLE)", "escalation_executive": "CAST('1000000.00' AS DECIMAL(18,2))", "mapping_match": "'normalized'"} {
		if got[k] != want {
			t.Errorf("%s = %s, want %s", k, got[k], want)
		}
	}
	if len(got) != 16 {
		t.Errorf("got %d variables, want 16", len(got))
	}
}

// TestStatusReportParams: report_stale_days follows cadence_days unless set;
// the other status-report parameters and keep_audits have their defaults.
func TestStatusReportParams(t *testing.T) {
	vars := func(file string) map[string]string {
		t.Helper()
		c, d := Resolve(Sources{Today: today, File: "t.toml", FileData: []byte(file)})
		if d.HasErrors() {
			t.Fatal(errs(d))
		}
		got := map[string]string{"keep_audits": strconv.Itoa(c.Params.KeepAudits)}
		for _, v := range c.Vars() {
			got[v.Name] = v.Value
		}
		return got
	}
	def := vars("")
	for k, want := range map[string]string{"report_stale_days": "14", "persistent_reports": "3", "explain_threshold_pct": "5",
		"rebaseline_tolerance_pct": "0", "keep_audits": "26"} {
		if def[k] != want {
			t.Errorf("default %s = %s, want %s", k, def[k], want)
		}
	}
	if got := vars("[rules]\ncadence_days = 7\n")["report_stale_days"]; got != "7" {
		t.Errorf("report_stale_days with cadence_days 7 = %s, want 7", got)
	}
	got := vars("[rules]\ncadence_days = 7\nreport_stale_days = 30\nkeep_audits = 4\nexplain_threshold_pct = 2.5\n")
	if got["report_stale_days"] != "30" || got["keep_audits"] != "4" || got["explain_threshold_pct"] != "2.5" {
		t.Errorf("set parameters: %v", got)
	}
}

func TestFreshness(t *testing.T) {
	c, d := Resolve(Sources{Today: today, File: "t.toml", FileData: []byte("[freshness.spend]\nwarn_after_days = 7\nerror_after_days = 35\n[freshness.status_reports]\nerror_after_days = 30\n")})
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	if c.Freshness["spend"] != (Freshness{7, 35}) || c.Freshness["status_reports"] != (Freshness{0, 30}) || len(c.Freshness) != 2 {
		t.Errorf("freshness = %+v", c.Freshness)
	}
	for file, want := range map[string]string{
		"[freshness.spnd]\nwarn_after_days = 7\n":                        `t.toml:1:1: unknown freshness input "spnd" (valid: spend, kpi_values, status_reports)`,
		"[freshness.spend]\nwarn_days = 7\n":                             `t.toml:2:1: unknown freshness setting "warn_days" (valid: warn_after_days, error_after_days)`,
		"[freshness.spend]\nwarn_after_days = 0\n":                       `t.toml:2:1: freshness.spend.warn_after_days: 0 is not a whole number of days >= 1`,
		"[freshness.spend]\nwarn_after_days = 9\nerror_after_days = 8\n": `t.toml:2:1: freshness.spend.warn_after_days (9) must not be above error_after_days (8)`,
		"[rules]\npersistent_reports = 0\n":                              `t.toml:2:1: rules.persistent_reports: 0 is not a whole number >= 1`,
		"[rules]\nexplain_threshold_pct = -1\n":                          `t.toml:2:1: rules.explain_threshold_pct: -1 is out of range (0 to 1000 percent)`,
	} {
		_, d := Resolve(Sources{Today: today, File: "t.toml", FileData: []byte(file)})
		if e := errs(d); !strings.Contains(e, want) {
			t.Errorf("%q: got %q, want %q", file, e, want)
		}
	}
}

func TestErrors(t *testing.T) {
	cases := []struct{ file, flagAsOf, want string }{
		{"inptu = \"x\"\n", "", `t.toml:1:1: unknown key "inptu" (valid keys: input, out, as_of`},
		{"[rules]\ncadense_days = 3\n", "", `t.toml:2:1: unknown rule parameter "cadense_days" (valid: cadence_days,`},
		{"[rules]\ncadence_days = 0\n", "", `t.toml:2:1: rules.cadence_days: 0 is not a whole number >= 1`},
		{"[rules]\nbehind_tolerance = \"high\"\n", "", `rules.behind_tolerance: high is not a number`},
		{"input = \n", "", `t.toml:1:`},
		{"", "27/11/2026", `flag --as-of: "27/11/2026" is not a date in the form YYYY-MM-DD`},
		{"as_of = \"2026-02-30\"\n", "", `t.toml:1: "2026-02-30" is not a date`},
		{"[rules]\nescalation_cio = 2000000\n", "", `escalation_executive (1e+06) must not be below escalation_cio (2e+06)`},
	}
	for _, tc := range cases {
		flags := map[string]string{}
		if tc.flagAsOf != "" {
			flags["as_of"] = tc.flagAsOf
		}
		_, d := Resolve(Sources{Flags: flags, File: "t.toml", FileData: []byte(tc.file), Today: today})
		if got := errs(d); !strings.Contains(got, tc.want) {
			t.Errorf("file %q: want %q, got:\n%s", tc.file, tc.want, got)
		}
	}
}

// FuzzResolve: any config file text gives a config or positioned errors, never a panic.
func FuzzResolve(f *testing.F) {
	f.Add([]byte("input = \"x\"\n[rules]\ncadence_days = 14\ncadence_anchor = 2026-01-05\n"))
	f.Add([]byte("[rules]\nvelocity_healthy = 1e400\n"))
	f.Add([]byte("rules = 3\nquiet = \"maybe\"\nthreads = \"-1\""))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, d := Resolve(Sources{File: "f.toml", FileData: data, Today: today})
		if c == nil {
			t.Fatal("nil config")
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, e := range d.Errors() {
			if e.Line > lines+1 {
				t.Errorf("%s: beyond the file's %d lines", e, lines)
			}
		}
	})
}

// The sandbox limits have defaults and follow the same precedence.
func TestLimits(t *testing.T) {
	c, _ := Resolve(Sources{Today: today})
	if c.MaxTempSize != "10GB" || c.QueryTimeout != 10*time.Minute {
		t.Errorf("defaults: max temp %q, timeout %s", c.MaxTempSize, c.QueryTimeout)
	}
	env := map[string]string{"THROUGHLINE_MAX_TEMP_SIZE": "2GB", "THROUGHLINE_QUERY_TIMEOUT": "1m"}
	c, d := Resolve(Sources{
		Flags:  map[string]string{"query_timeout": "90s"},
		Getenv: func(k string) string { return env[k] },
		File:   "t.toml", FileData: []byte("max_temp_size = \"1GB\"\nquery_timeout = \"5m\"\n"), Today: today,
	})
	if d.HasErrors() {
		t.Fatal(errs(d))
	}
	if c.MaxTempSize != "2GB" || c.QueryTimeout != 90*time.Second {
		t.Errorf("precedence: max temp %q, timeout %s", c.MaxTempSize, c.QueryTimeout)
	}
	for key, want := range map[string]string{
		"max_temp_size": `flag --max-temp-size: "lots" is not a size like 10GB or 512MiB`,
		"query_timeout": `flag --query-timeout: "10" is not a positive duration like 10m, 90s or 1h30m`,
	} {
		v := map[string]string{"max_temp_size": "lots", "query_timeout": "10"}[key]
		_, d := Resolve(Sources{Flags: map[string]string{key: v}, Today: today})
		if got := errs(d); !strings.Contains(got, want) {
			t.Errorf("want %q, got:\n%s", want, got)
		}
	}
}

// TestMemoryLimitFromTheMachine: DuckDB is held to 1GB, or to a quarter of
// a small machine's (or container's) memory, never under 256MB; a limit
// given by flag, environment or file wins.
func TestMemoryLimitFromTheMachine(t *testing.T) {
	const gib = 1 << 30
	for total, want := range map[uint64]string{
		0:        "1GB", // unknown
		24 * gib: "1GB",
		4 * gib:  "1GB",
		2 * gib:  "512MB",
		gib / 2:  "256MB",
		gib / 8:  "256MB",
	} {
		if got := MemoryLimitFor(total); got != want {
			t.Errorf("MemoryLimitFor(%d) = %s, want %s", total, got, want)
		}
	}
	old := machineMemory
	defer func() { machineMemory = old }()
	machineMemory = func() uint64 { return 2 * gib }
	if c, _ := Resolve(Sources{Today: today}); c.MemoryLimit != "512MB" {
		t.Errorf("on a 2 GiB machine the default is %s, want 512MB", c.MemoryLimit)
	}
	if c, _ := Resolve(Sources{Flags: map[string]string{"memory_limit": "3GB"}, Today: today}); c.MemoryLimit != "3GB" {
		t.Errorf("--memory-limit 3GB gave %s", c.MemoryLimit)
	}
	if m := old(); m == 0 {
		t.Errorf("this machine's memory could not be read")
	}
}
