// Package config is the one typed configuration of a run: defaults, then the
// config file, then the environment, then flags, validated once and passed
// down. The as-of date is injected; nothing here reads the clock.
package config

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/throughline/throughline/internal/diag"
)

// Config is everything a run needs to know.
type Config struct {
	Input   string    // folder of contract CSV files
	Out     string    // folder the site is published to
	AsOf    time.Time // the date every rule is evaluated at
	Queries string    // analyst query folder added to the defaults, "" for none
	Sources string    // folder of source adapters (<table>.sql), "" for none
	// Presets are source presets named in the config file's [presets].
	Presets     []Preset
	Reports     string // analyst report folder added to the defaults, "" for none
	SiteURL     string // intranet URL of the published site, for the pack's links
	Quiet       bool
	Threads     int
	MemoryLimit string
	// MaxTempSize caps DuckDB's spill files (a size like 10GB); a query that
	// needs more fails, naming its file.
	MaxTempSize string
	// QueryTimeout bounds each statement of the rules and analyst queries.
	QueryTimeout time.Duration
	Params       Params
	// Freshness holds, per input (spend, kpi_values, status_reports), how
	// old its newest date may be before a warning or a refusal to publish.
	// Set by [freshness.<input>] tables of the config file.
	Freshness map[string]Freshness
}

// Preset is a [presets.<table>] entry: a table read from a raw file by a
// built-in preset instead of an adapter file.
type Preset struct {
	Table      string
	Name       string // e.g. "jira"
	File       string // relative to the input folder
	DateFormat string // jira only: a Go layout
	At         string // the config file, for messages
	Line       int
}

// Defaults of the settings that have one besides zero.
const (
	DefaultMaxTempSize  = "10GB"
	DefaultQueryTimeout = 10 * time.Minute
)

// Params are the governance parameters; they reach SQL as DuckDB variables.
type Params struct {
	CadenceDays         int
	CadenceAnchor       time.Time
	StaleAfterDays      int
	BehindTolerance     float64
	RegressTolerance    float64
	VelocityHealthy     float64
	VelocityPeriods     int
	EscalationCIO       float64
	EscalationExecutive float64
	RecentSpendDays     int
	// MappingMatch is how mapping keys meet ledger codes and epics:
	// "normalized" (trimmed, inner whitespace collapsed, case ignored) or
	// "exact". Set by [mappings] match.
	MappingMatch string
	// RebaselineTolerancePct is how far (percent) a status report's whole-life
	// cost may rise against the previous report before it counts as a
	// re-baseline; any later end date always does.
	RebaselineTolerancePct float64
	// ReportStaleDays is the age (days) past which the latest status report
	// is stale; 0 means CadenceDays.
	ReportStaleDays int
	// PersistentReports is how many red or amber-red reports in a row make a
	// persistent red.
	PersistentReports int
	// ExplainThresholdPct is the cost move (percent, either way) that a
	// report's narrative must explain.
	ExplainThresholdPct float64
	// KeepAudits is how many audits build keeps under OUT/archive/.
	KeepAudits int
}

// Freshness limits the age of an input's newest date, in days before the
// as-of date; 0 means no limit.
type Freshness struct {
	WarnAfterDays  int
	ErrorAfterDays int
}

// FreshnessInputs names the inputs a [freshness.<input>] table may name,
// with the file and the date column whose newest value is judged.
var FreshnessInputs = []struct{ Input, File, Column string }{
	{"spend", "spend.csv", "posting_date"},
	{"kpi_values", "kpi_values.csv", "date"},
	{"status_reports", "status_reports.csv", "reported_on"},
}

// DefaultParams are the documented defaults (docs/rules.md).
func DefaultParams() Params {
	return Params{
		CadenceDays:         14,
		CadenceAnchor:       time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC),
		StaleAfterDays:      45,
		BehindTolerance:     0.25,
		RegressTolerance:    0.10,
		VelocityHealthy:     0.9,
		VelocityPeriods:     3,
		EscalationCIO:       250000,
		EscalationExecutive: 1000000,
		RecentSpendDays:     90,
		MappingMatch:        "normalized",

		RebaselineTolerancePct: 0,
		PersistentReports:      3,
		ExplainThresholdPct:    5,
		KeepAudits:             26,
	}
}

// Var is one parameter as a DuckDB variable.
type Var struct {
	Name  string
	SQL   string // a SQL literal of the right type
	Value string // as shown to people
}

// Vars lists the parameters, with as_of, in a fixed order.
func (c *Config) Vars() []Var {
	p := c.Params
	date := func(t time.Time) (string, string) {
		s := t.Format(DateLayout)
		return "DATE '" + s + "'", s
	}
	num := func(f float64) (string, string) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		return "CAST(" + s + " AS DOUBLE)", s
	}
	// Money thresholds are compared with exact DECIMAL spend: no double on
	// a money path.
	money := func(f float64) (string, string) {
		s := strconv.FormatFloat(f, 'f', 2, 64)
		return "CAST('" + s + "' AS DECIMAL(18,2))", strconv.FormatFloat(f, 'f', -1, 64)
	}
	integer := func(n int) (string, string) { s := strconv.Itoa(n); return "CAST(" + s + " AS INTEGER)", s }
	var vs []Var
	add := func(name string, sql, val string) { vs = append(vs, Var{Name: name, SQL: sql, Value: val}) }
	s, v := date(c.AsOf)
	add("as_of", s, v)
	s, v = integer(p.CadenceDays)
	add("cadence_days", s, v)
	s, v = date(p.CadenceAnchor)
	add("cadence_anchor", s, v)
	s, v = integer(p.StaleAfterDays)
	add("stale_after_days", s, v)
	s, v = num(p.BehindTolerance)
	add("behind_tolerance", s, v)
	s, v = num(p.RegressTolerance)
	add("regress_tolerance", s, v)
	s, v = num(p.VelocityHealthy)
	add("velocity_healthy", s, v)
	s, v = integer(p.VelocityPeriods)
	add("velocity_periods", s, v)
	s, v = money(p.EscalationCIO)
	add("escalation_cio", s, v)
	s, v = money(p.EscalationExecutive)
	add("escalation_executive", s, v)
	s, v = integer(p.RecentSpendDays)
	add("recent_spend_days", s, v)
	add("mapping_match", "'"+p.MappingMatch+"'", p.MappingMatch)
	s, v = num(p.RebaselineTolerancePct)
	add("rebaseline_tolerance_pct", s, v)
	stale := p.ReportStaleDays
	if stale == 0 {
		stale = p.CadenceDays
	}
	s, v = integer(stale)
	add("report_stale_days", s, v)
	s, v = integer(p.PersistentReports)
	add("persistent_reports", s, v)
	s, v = num(p.ExplainThresholdPct)
	add("explain_threshold_pct", s, v)
	return vs
}

// DateLayout is the only date format Throughline reads or writes.
const DateLayout = "2006-01-02"

// DefaultMemoryLimit is DuckDB's memory limit when none is configured and
// the machine has room for it: 1GB built ten million ledger lines no slower
// than DuckDB's own default of 80% of RAM (docs/performance.md).
const DefaultMemoryLimit = "1GB"

// MemoryLimitFor is the default memory limit on a machine (or container)
// with total bytes of memory: DefaultMemoryLimit, or a quarter of the
// memory where that is less (a small VM running other work beside the
// nightly job), never under 256MB. total 0 (unknown) gives the default.
func MemoryLimitFor(total uint64) string {
	const mb = 1 << 20
	if total == 0 || total/4 >= 1000*mb {
		return DefaultMemoryLimit
	}
	return fmt.Sprintf("%dMB", max(total/4/mb, 256))
}

// machineMemory is the memory this process may use: the machine's, or its
// cgroup's limit when that is lower; 0 when neither can be read.
var machineMemory = func() uint64 {
	var total uint64
	var si syscall.Sysinfo_t
	if syscall.Sysinfo(&si) == nil {
		total = uint64(si.Totalram) * uint64(si.Unit)
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if n, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 64); err == nil && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}

// Setting is a top-level setting that a flag, an environment variable and
// the config file can all give.
type Setting struct {
	Key  string // config file key and flag name with _ for -
	Env  string
	Help string
}

// Settings lists every top-level setting.
var Settings = []Setting{
	{"input", "THROUGHLINE_INPUT", "folder of input CSV files (contract v1)"},
	{"out", "THROUGHLINE_OUT", "folder to publish the site and board pack to"},
	{"as_of", "THROUGHLINE_AS_OF", "as-of date YYYY-MM-DD (default: today)"},
	{"queries", "THROUGHLINE_QUERIES", "folder of analyst queries added to the defaults"},
	{"reports", "THROUGHLINE_REPORTS", "folder of analyst report pages added to the defaults"},
	{"sources", "THROUGHLINE_SOURCES", "folder of source adapters, <table>.sql (docs/sources.md)"},
	{"site_url", "THROUGHLINE_SITE_URL", "intranet URL of the published site (board pack links)"},
	{"quiet", "THROUGHLINE_QUIET", "no progress lines on stderr"},
	{"threads", "THROUGHLINE_THREADS", "DuckDB worker threads (default: all cores)"},
	{"memory_limit", "THROUGHLINE_MEMORY_LIMIT", "DuckDB memory limit, e.g. 4GB"},
	{"max_temp_size", "THROUGHLINE_MAX_TEMP_SIZE", "most disk DuckDB may spill to, e.g. 10GB (default: 10GB)"},
	{"query_timeout", "THROUGHLINE_QUERY_TIMEOUT", "time limit of each query, a Go duration, e.g. 10m (default: 10m)"},
}

var paramKeys = []string{"cadence_days", "cadence_anchor", "stale_after_days", "behind_tolerance",
	"regress_tolerance", "velocity_healthy", "velocity_periods", "escalation_cio",
	"escalation_executive", "recent_spend_days", "rebaseline_tolerance_pct", "report_stale_days",
	"persistent_reports", "explain_threshold_pct", "keep_audits"}

// Sources are the raw values of each layer, by setting key.
type Sources struct {
	Flags    map[string]string // only flags the user set
	Getenv   func(string) string
	File     string // display name of the config file, "" for none
	FileData []byte
	Today    time.Time
}

// Resolve layers defaults, file, environment and flags and validates the result.
func Resolve(src Sources) (*Config, *diag.List) {
	var diags diag.List
	vals := map[string]string{}
	where := map[string]string{}
	params := DefaultParams()
	var presets []Preset
	fresh := map[string]Freshness{}
	if src.File != "" {
		presets = parseFile(src.File, src.FileData, vals, where, &params, fresh, &diags)
	}
	for _, s := range Settings {
		if src.Getenv != nil {
			if v := src.Getenv(s.Env); v != "" {
				vals[s.Key], where[s.Key] = v, "environment variable "+s.Env
			}
		}
		if v, ok := src.Flags[s.Key]; ok {
			vals[s.Key], where[s.Key] = v, "flag --"+strings.ReplaceAll(s.Key, "_", "-")
		}
	}
	c := &Config{Out: "site", AsOf: src.Today, Params: params, MaxTempSize: DefaultMaxTempSize, QueryTimeout: DefaultQueryTimeout, Freshness: fresh}
	c.Input = vals["input"]
	if v, ok := vals["out"]; ok {
		c.Out = v
	}
	c.Queries = vals["queries"]
	c.Reports = vals["reports"]
	c.Sources = vals["sources"]
	c.Presets = presets
	c.SiteURL = vals["site_url"]
	// DuckDB is held to 1GB (less on a small machine) unless told
	// otherwise, spilling beyond it to the run's spill folder: a large
	// ledger then builds in bounded memory.
	c.MemoryLimit = MemoryLimitFor(machineMemory())
	if v, ok := vals["memory_limit"]; ok {
		c.MemoryLimit = v
	}
	bad := func(key, msg string) { diags.Errorf("", 0, 0, "%s: %s", where[key], msg) }
	if v, ok := vals["as_of"]; ok {
		t, err := ParseDate(v)
		if err != nil {
			bad("as_of", err.Error())
		}
		c.AsOf = t
	}
	if v, ok := vals["quiet"]; ok {
		b, err := strconv.ParseBool(v)
		if err != nil {
			bad("quiet", fmt.Sprintf("%q is not true or false", v))
		}
		c.Quiet = b
	}
	if v, ok := vals["threads"]; ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1024 {
			bad("threads", fmt.Sprintf("%q is not a thread count (1-1024)", v))
		}
		c.Threads = n
	}
	if c.SiteURL != "" && !strings.HasSuffix(c.SiteURL, "/") {
		c.SiteURL += "/"
	}
	if c.MemoryLimit != "" && !regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*([KMGT]i?B|%)$`).MatchString(c.MemoryLimit) {
		bad("memory_limit", fmt.Sprintf("%q is not a size like 4GB or 512MiB", c.MemoryLimit))
	}
	if v, ok := vals["max_temp_size"]; ok {
		if !regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*[KMGT]i?B$`).MatchString(v) {
			bad("max_temp_size", fmt.Sprintf("%q is not a size like 10GB or 512MiB", v))
		}
		c.MaxTempSize = v
	}
	if v, ok := vals["query_timeout"]; ok {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad("query_timeout", fmt.Sprintf("%q is not a positive duration like 10m, 90s or 1h30m", v))
		}
		c.QueryTimeout = d
	}
	return c, &diags
}

// ParseDate parses a YYYY-MM-DD date strictly.
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil || len(s) != 10 {
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return t, nil
}

// parseFile reads the TOML config file: top-level settings and a [rules]
// table of governance parameters. Unknown keys are errors listing valid ones.
func parseFile(file string, data []byte, vals, where map[string]string, p *Params, fresh map[string]Freshness, diags *diag.List) (presets []Preset) {
	var raw map[string]any
	_, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			diags.Errorf(file, pe.Position.Line, pe.Position.Col, "%s", pe.Message)
		} else {
			diags.Errorf(file, 0, 0, "%v", err)
		}
		return nil
	}
	text := string(data)
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var valid []string
	for _, s := range Settings {
		valid = append(valid, s.Key)
	}
	// The file's tables, each with the form an error shows and its parser.
	tables := map[string]struct {
		form  string
		parse func(map[string]any)
	}{
		"mappings":  {"[mappings]", func(t map[string]any) { parseMappings(file, text, t, p, diags) }},
		"presets":   {"[presets.<table>]", func(t map[string]any) { presets = parsePresets(file, text, t, diags) }},
		"freshness": {"[freshness.spend]", func(t map[string]any) { parseFreshness(file, text, t, fresh, diags) }},
		"rules":     {"[rules]", func(t map[string]any) { parseParams(file, text, t, p, diags) }},
	}
	for _, k := range keys {
		v := raw[k]
		if t, ok := tables[k]; ok {
			tbl, isTable := v.(map[string]any)
			if !isTable {
				diags.Errorf(file, lineOf(text, "", k), 1, "%s must be a table: %s", k, t.form)
				continue
			}
			t.parse(tbl)
			continue
		}
		if !contains(valid, k) {
			diags.Errorf(file, lineOf(text, "", k), 1, "unknown key %q (valid keys: %s, and the tables [rules], [mappings], [presets.<table>] and [freshness.<input>])", k, strings.Join(valid, ", "))
			continue
		}
		switch x := v.(type) {
		case string:
			vals[k] = x
		case bool:
			vals[k] = strconv.FormatBool(x)
		case int64:
			vals[k] = strconv.FormatInt(x, 10)
		case time.Time:
			vals[k] = x.Format(DateLayout)
		default:
			diags.Errorf(file, lineOf(text, "", k), 1, "%s: a %T is not valid here; write a string", k, v)
			continue
		}
		where[k] = fmt.Sprintf("%s:%d", file, lineOf(text, "", k))
	}
	return presets
}

// PresetKeys are the keys of a [presets.<table>] table.
var PresetKeys = []string{"preset", "file", "date_format"}

// parsePresets reads [presets.<table>] tables: preset, file and (jira)
// date_format. Which presets fit which table is checked by the build.
func parsePresets(file, text string, tbl map[string]any, diags *diag.List) []Preset {
	tables := make([]string, 0, len(tbl))
	for k := range tbl {
		tables = append(tables, k)
	}
	sort.Strings(tables)
	var ps []Preset
	for _, t := range tables {
		ln := lineOf(text, "", "presets."+t)
		m, ok := tbl[t].(map[string]any)
		if !ok {
			diags.Errorf(file, ln, 1, "presets.%s must be a table: [presets.%s] with preset and file", t, t)
			continue
		}
		p := Preset{Table: t, At: file, Line: ln}
		for k, v := range m {
			s, ok := v.(string)
			kl := lineOf(text, "presets."+t, k)
			if !ok {
				diags.Errorf(file, kl, 1, "presets.%s.%s: write a string", t, k)
				continue
			}
			switch k {
			case "preset":
				p.Name = s
			case "file":
				p.File = s
			case "date_format":
				p.DateFormat = s
			default:
				diags.Errorf(file, kl, 1, "unknown key %q in presets.%s (valid: %s)", k, t, strings.Join(PresetKeys, ", "))
			}
		}
		if p.Name == "" || p.File == "" {
			diags.Errorf(file, ln, 1, "presets.%s needs preset and file (e.g. preset = \"jira\", file = \"jira-export.csv\")", t)
			continue
		}
		ps = append(ps, p)
	}
	return ps
}

func parseParams(file, text string, tbl map[string]any, p *Params, diags *diag.List) {
	type intParam struct {
		dst *int
		min int
	}
	ints := map[string]intParam{
		"cadence_days": {&p.CadenceDays, 1}, "stale_after_days": {&p.StaleAfterDays, 0},
		"velocity_periods": {&p.VelocityPeriods, 1}, "recent_spend_days": {&p.RecentSpendDays, 0},
		"report_stale_days": {&p.ReportStaleDays, 1}, "persistent_reports": {&p.PersistentReports, 1},
		"keep_audits": {&p.KeepAudits, 1},
	}
	fracs := map[string]*float64{"behind_tolerance": &p.BehindTolerance, "regress_tolerance": &p.RegressTolerance,
		"velocity_healthy": &p.VelocityHealthy}
	pcts := map[string]*float64{"rebaseline_tolerance_pct": &p.RebaselineTolerancePct, "explain_threshold_pct": &p.ExplainThresholdPct}
	nums := map[string]*float64{"escalation_cio": &p.EscalationCIO, "escalation_executive": &p.EscalationExecutive}
	keys := make([]string, 0, len(tbl))
	for k := range tbl {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := tbl[k]
		ln := lineOf(text, "rules", k)
		num := func() (float64, bool) {
			switch x := v.(type) {
			case int64:
				return float64(x), true
			case float64:
				return x, true
			}
			diags.Errorf(file, ln, 1, "rules.%s: %v is not a number", k, v)
			return 0, false
		}
		integer := func(min int) (int, bool) {
			x, ok := v.(int64)
			if !ok || x < int64(min) || x > 100000 {
				diags.Errorf(file, ln, 1, "rules.%s: %v is not a whole number >= %d", k, v, min)
				return 0, false
			}
			return int(x), true
		}
		frac := func() (float64, bool) {
			f, ok := num()
			if ok && (f < 0 || f > 10) {
				diags.Errorf(file, ln, 1, "rules.%s: %v is out of range (0 to 10)", k, v)
				return 0, false
			}
			return f, ok
		}
		pct := func() (float64, bool) {
			f, ok := num()
			if ok && (f < 0 || f > 1000) {
				diags.Errorf(file, ln, 1, "rules.%s: %v is out of range (0 to 1000 percent)", k, v)
				return 0, false
			}
			return f, ok
		}
		// Each parameter is one of four kinds, checked by its kind.
		if d, ok := ints[k]; ok {
			if n, ok := integer(d.min); ok {
				*d.dst = n
			}
			continue
		}
		if dst, ok := fracs[k]; ok {
			if f, ok := frac(); ok {
				*dst = f
			}
			continue
		}
		if dst, ok := pcts[k]; ok {
			if f, ok := pct(); ok {
				*dst = f
			}
			continue
		}
		if dst, ok := nums[k]; ok {
			if f, ok := num(); ok {
				*dst = f
			}
			continue
		}
		switch k {
		case "cadence_anchor":
			switch x := v.(type) {
			case time.Time:
				p.CadenceAnchor = time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, time.UTC)
			case string:
				t, err := ParseDate(x)
				if err != nil {
					diags.Errorf(file, ln, 1, "rules.cadence_anchor: %v", err)
				}
				p.CadenceAnchor = t
			default:
				diags.Errorf(file, ln, 1, "rules.cadence_anchor: %v is not a date (YYYY-MM-DD)", v)
			}
		default:
			diags.Errorf(file, ln, 1, "unknown rule parameter %q (valid: %s)", k, strings.Join(paramKeys, ", "))
		}
	}
	if p.EscalationExecutive < p.EscalationCIO {
		diags.Errorf(file, lineOf(text, "rules", "escalation_executive"), 1, "rules.escalation_executive (%v) must not be below escalation_cio (%v)", p.EscalationExecutive, p.EscalationCIO)
	}
}

// parseMappings reads the [mappings] table: match = "normalized" | "exact".
func parseMappings(file, text string, tbl map[string]any, p *Params, diags *diag.List) {
	for k, v := range tbl {
		ln := lineOf(text, "mappings", k)
		if k != "match" {
			diags.Errorf(file, ln, 1, "unknown mappings setting %q (valid: match)", k)
			continue
		}
		s, _ := v.(string)
		if s != "normalized" && s != "exact" {
			diags.Errorf(file, ln, 1, "mappings.match: %v is not one of normalized, exact", v)
			continue
		}
		p.MappingMatch = s
	}
}

// parseFreshness reads [freshness.<input>] tables: warn_after_days and
// error_after_days, whole days >= 1, the warning age not above the error age.
func parseFreshness(file, text string, tbl map[string]any, fresh map[string]Freshness, diags *diag.List) {
	var inputs []string
	for _, fi := range FreshnessInputs {
		inputs = append(inputs, fi.Input)
	}
	names := make([]string, 0, len(tbl))
	for k := range tbl {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		section := "freshness." + name
		sub, ok := tbl[name].(map[string]any)
		if !contains(inputs, name) || !ok {
			diags.Errorf(file, lineOf(text, "", section), 1, "unknown freshness input %q (valid: %s), written as a table: [freshness.spend]", name, strings.Join(inputs, ", "))
			continue
		}
		var f Freshness
		keys := make([]string, 0, len(sub))
		for k := range sub {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ln := lineOf(text, section, k)
			x, isInt := sub[k].(int64)
			if k != "warn_after_days" && k != "error_after_days" {
				diags.Errorf(file, ln, 1, "unknown freshness setting %q (valid: warn_after_days, error_after_days)", k)
				continue
			}
			if !isInt || x < 1 || x > 100000 {
				diags.Errorf(file, ln, 1, "%s.%s: %v is not a whole number of days >= 1", section, k, sub[k])
				continue
			}
			if k == "warn_after_days" {
				f.WarnAfterDays = int(x)
			} else {
				f.ErrorAfterDays = int(x)
			}
		}
		if f.WarnAfterDays > 0 && f.ErrorAfterDays > 0 && f.WarnAfterDays > f.ErrorAfterDays {
			diags.Errorf(file, lineOf(text, section, "warn_after_days"), 1, "%s.warn_after_days (%d) must not be above error_after_days (%d)", section, f.WarnAfterDays, f.ErrorAfterDays)
		}
		fresh[name] = f
	}
}

// lineOf finds the line defining key in section ("" = top level), for messages.
func lineOf(text, section, key string) int {
	cur := ""
	keyRe := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, l := range strings.Split(text, "\n") {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			cur = strings.Trim(t, "[] ")
			if cur == key && section == "" {
				return i + 1
			}
			continue
		}
		if cur == section && keyRe.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
