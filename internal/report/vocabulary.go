package report

import (
	"fmt"
	"sort"
	"strings"
)

// Class is how serious a status word is, as every renderer shows it: the
// site's badge class, the pack's cell fill and the charts' colour family.
type Class string

// Classes, most serious first.
const (
	Bad   Class = "bad"   // act: red
	Warn  Class = "warn"  // watch: amber
	Muted Class = "muted" // nothing to judge: grey
	Good  Class = "good"  // fine: green
)

// Kind names a family of status words a view emits.
type Kind string

// Kinds of status words.
const (
	KindOutcome    Kind = "outcome"    // initiative_status.outcome, link_status.status, spend outcomes
	KindEscalation Kind = "escalation" // who must decide
	KindBudget     Kind = "budget"     // budget_status
	KindBand       Kind = "band"       // milestone_variance_band
	KindQuadrant   Kind = "quadrant"   // divergence.quadrant
	KindSeverity   Kind = "severity"   // a check's severity
	KindFlag       Kind = "flag"       // review_flag in audit_changes ('true'/'false')
	KindHold       Kind = "hold"       // funding_hold in audit_changes ('true'/'false')
	KindRating     Kind = "rating"     // a status report's delivery confidence rating (status_reports.csv)
)

// Word is one status word a view can emit, with what people see.
type Word struct {
	Kind  Kind
	Code  string // as the SQL emits it and the CSVs keep it: "on_track"
	Label string // as people read it: "On track"
	Rank  int    // severity order within its kind: 1 is the most serious
	Class Class
	Color string // chart colour (hex)
	Means string // one line for the docs and the pack's About sheet
}

// Vocabulary is every status word the default views emit. The site, the
// pack and docs/outputs.md take labels, order and colours from here; a test
// renders every one of them, and a test keeps the docs' table in step.
var Vocabulary = []Word{
	{KindOutcome, "regressing", "Regressing", 1, Bad, "#c0392b", "a KPI moved away from its target beyond the regress tolerance"},
	{KindOutcome, "overdue", "Overdue", 2, Bad, "#e74c3c", "past its due date without reaching target"},
	{KindOutcome, "unlinked", "Unlinked", 3, Bad, "#8e1b10", "no valid link to any KPI: nothing says what the money buys"},
	{KindOutcome, "invalid", "Invalid link", 4, Bad, "#8e44ad", "the link cannot be judged (check_invalid_links says why)"},
	{KindOutcome, "unmapped", "Unmapped spend", 5, Bad, "#6c3483", "spend mapped to no initiative (spend views only)"},
	{KindOutcome, "no_data", "No data", 6, Warn, "#95a5a6", "no KPI value in the window, or the latest is stale"},
	{KindOutcome, "behind", "Behind", 7, Warn, "#e67e22", "progress lags the elapsed share of the window beyond the behind tolerance"},
	{KindOutcome, "on_track", "On track", 8, Good, "#27ae60", "progress keeps pace with the calendar"},
	{KindOutcome, "achieved", "Achieved", 9, Good, "#1e8449", "the target is reached"},

	{KindEscalation, "executive", "Escalate to executive", 1, Bad, "#c0392b", "flagged, actual cost at or above escalation_executive"},
	{KindEscalation, "cio", "Escalate to CIO", 2, Warn, "#e67e22", "flagged, actual cost at or above escalation_cio"},
	{KindEscalation, "pmo", "PMO review", 3, Warn, "#f1c40f", "flagged, below the CIO threshold"},
	{KindEscalation, "none", "None", 4, Good, "#27ae60", "not flagged"},

	{KindBudget, "over_budget", "Over budget", 1, Bad, "#c0392b", "actual cost above the approved budget"},
	{KindBudget, "no_budget", "No budget", 2, Warn, "#95a5a6", "no approved budget recorded: an overrun cannot be judged"},
	{KindBudget, "within_budget", "Within budget", 3, Good, "#27ae60", "actual cost within the approved budget"},

	{KindBand, "red", "Red", 1, Bad, "#c0392b", "milestone cost or schedule variance 30% or more"},
	{KindBand, "yellow", "Yellow", 2, Warn, "#f1c40f", "milestone variance from 10% to under 30%"},
	{KindBand, "green", "Green", 3, Good, "#27ae60", "milestone variance under 10%"},

	{KindQuadrant, "delivery green, outcome red", "Delivery green, outcome red", 1, Bad, "#c0392b", "delivering on plan while the outcome does not arrive: the costliest blind spot"},
	{KindQuadrant, "delivery red, outcome red", "Delivery red, outcome red", 2, Bad, "#7f8c8d", "neither delivery nor outcome on plan"},
	{KindQuadrant, "delivery red, outcome green", "Delivery red, outcome green", 3, Warn, "#f39c12", "outcome arriving although delivery is behind plan"},
	{KindQuadrant, "delivery green, outcome green", "Delivery green, outcome green", 4, Good, "#27ae60", "delivery and outcome on plan"},

	{KindSeverity, "error", "Error", 1, Bad, "#c0392b", "a check whose findings stop the run"},
	{KindSeverity, "warning", "Warning", 2, Warn, "#e67e22", "a check whose findings are reported"},

	{KindFlag, "true", "Flagged", 1, Bad, "#c0392b", "flagged for review"},
	{KindFlag, "false", "Not flagged", 2, Good, "#27ae60", "not flagged"},

	{KindHold, "true", "On hold", 1, Bad, "#c0392b", "funding on hold"},
	{KindHold, "false", "Not held", 2, Good, "#27ae60", "funding not held"},

	{KindRating, "red", "Red", 1, Bad, "#c0392b", "the owner reports successful delivery unachievable without major change"},
	{KindRating, "amber_red", "Amber/red", 2, Bad, "#d35400", "the owner reports successful delivery in doubt, with major risks"},
	{KindRating, "amber", "Amber", 3, Warn, "#f39c12", "the owner reports delivery feasible, with significant issues to manage"},
	{KindRating, "amber_green", "Amber/green", 4, Good, "#7dbb42", "the owner reports delivery probable, with issues in hand"},
	{KindRating, "green", "Green", 5, Good, "#27ae60", "the owner reports delivery on time and budget highly likely"},
	{KindRating, "not_rated", "Not rated", 6, Muted, "#95a5a6", "the report gives no rating"},
	{KindRating, "exempt", "Exempt", 7, Muted, "#7f8c8d", "the rating is withheld (an exemption, e.g. under FOI)"},
}

// StatusColumns says which columns of which views hold status words of a
// kind. "*" stands for any view (analyst views included). audit_changes'
// before and after take their kind from the row's field (KindOfField).
var StatusColumns = map[string]map[string]Kind{
	"*": {
		"outcome": KindOutcome, "escalation": KindEscalation, "budget_status": KindBudget,
		"milestone_variance_band": KindBand, "quadrant": KindQuadrant, "severity": KindSeverity,
	},
	"link_status":    {"status": KindOutcome},
	"report_history": {"rating": KindRating, "previous_rating": KindRating},
	"report_status":  {"rating": KindRating},
}

// KindOfField is the kind of audit_changes' before and after for a field.
var KindOfField = map[string]Kind{
	"outcome": KindOutcome, "escalation": KindEscalation, "review_flag": KindFlag, "funding_hold": KindHold,
}

// ColumnKind returns the kind of status word column col of view holds.
func ColumnKind(view, col string) (Kind, bool) {
	if k, ok := StatusColumns[view][col]; ok {
		return k, true
	}
	k, ok := StatusColumns["*"][col]
	return k, ok
}

var byKindCode = func() map[Kind]map[string]Word {
	m := map[Kind]map[string]Word{}
	for _, w := range Vocabulary {
		if m[w.Kind] == nil {
			m[w.Kind] = map[string]Word{}
		}
		if _, dup := m[w.Kind][w.Code]; dup {
			panic(fmt.Sprintf("report: status word %s/%s declared twice", w.Kind, w.Code))
		}
		m[w.Kind][w.Code] = w
	}
	return m
}()

// Status looks up a status word of kind k. An unknown code (an analyst's
// view may emit its own words) is not found: renderers then show it as it is.
func Status(k Kind, code string) (Word, bool) {
	w, ok := byKindCode[k][code]
	return w, ok
}

// Words returns the words of kind k in severity order.
func Words(k Kind) []Word {
	var out []Word
	for _, w := range Vocabulary {
		if w.Kind == k {
			out = append(out, w)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

// Kinds lists the kinds in declaration order.
func Kinds() []Kind {
	var out []Kind
	seen := map[Kind]bool{}
	for _, w := range Vocabulary {
		if !seen[w.Kind] {
			seen[w.Kind] = true
			out = append(out, w.Kind)
		}
	}
	return out
}

// VocabularyMarkdown is the docs' table of status words (docs/outputs.md
// holds it between markers; a test keeps it equal to this).
func VocabularyMarkdown() string {
	var b strings.Builder
	b.WriteString("| kind | code | label | order | class | meaning |\n|---|---|---|---|---|---|\n")
	for _, k := range Kinds() {
		for _, w := range Words(k) {
			fmt.Fprintf(&b, "| %s | `%s` | %s | %d | %s | %s |\n", w.Kind, w.Code, w.Label, w.Rank, w.Class, w.Means)
		}
	}
	return b.String()
}
