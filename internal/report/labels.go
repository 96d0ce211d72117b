package report

import "strings"

// columnLabels are headers for people where the generic rule (underscores to
// spaces, first letter capital) reads badly. The site and the pack share them.
var columnLabels = map[string]string{
	"initiative_id":                 "Initiative",
	"kpi_id":                        "KPI",
	"kpi_name":                      "KPI name",
	"spend_this_period":             "Spend this period",
	"recommended_action":            "Recommended action",
	"cost_variance_pct":             "Cost variance %",
	"schedule_variance_pct":         "Schedule variance %",
	"budget_status":                 "Budget",
	"milestone_variance_band":       "Milestone variance band",
	"mapped_share_of_spend":         "Mapped, share of spend to date",
	"balance_sheet_share_of_spend":  "Balance-sheet link, share of spend to date",
	"balance_sheet_share_of_mapped": "Balance-sheet link, share of mapped spend",
	"flagged":                       "Flagged for review",
	"escalated_executive":           "Escalated to executive",
	"escalated_cio":                 "Escalated to CIO",
	"spend_on_achieved_outcomes":    "Spend on initiatives with outcome achieved",
	"lacks_balance_sheet_link":      "Lacks balance-sheet link",
	"financial":                     "Financial KPI",
	"sha256":                        "SHA-256",
	"legacy_spend_after_retire_by":  "Dual-running cost",
	"legacy_monthly_run_rate":       "Legacy run rate a month",
	"retire_by":                     "Retire by",
	"report_age_days":               "Report age (days)",
	"times_rebaselined":             "Times re-baselined",
	"cumulative_slip_days":          "Cumulative slip (days)",
	"end_date_slip_days":            "End date slip (days)",
	"rebaselined":                   "Re-baselined",
	"consecutive_red":               "Reds running",
	"run_json":                      "Run record",
}

// ColumnLabel is the header a column named name gets on the site and in the
// pack: "spend_to_date" reads "Spend to date", "initiative_id" "Initiative".
func ColumnLabel(name string) string {
	if l, ok := columnLabels[name]; ok {
		return l
	}
	s := name
	if base, ok := strings.CutSuffix(s, "_pct"); ok {
		s = base + " %"
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "_", " "))
	if s == "" {
		return "Column"
	}
	words := strings.Fields(s)
	for i, w := range words {
		switch strings.ToLower(w) {
		case "kpi", "id", "cio", "gl", "pmo":
			words[i] = strings.ToUpper(w)
		}
	}
	s = strings.Join(words, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// finished are initiative lifecycle statuses (initiatives.csv's status, as
// the loader keeps it) of work that is over: no delivery is planned, so a
// low velocity says nothing.
var finished = map[string]bool{"done": true, "closed": true, "completed": true, "complete": true, "delivered": true, "cancelled": true, "canceled": true}

// Finished reports whether an initiative's lifecycle status means its
// delivery is over.
func Finished(status string) bool {
	return finished[strings.ToLower(strings.ReplaceAll(strings.TrimSpace(status), " ", "_"))]
}

// Label is what people see for value v of column col in a row of view, and
// the status word behind it when there is one. field is the row's field
// (audit_changes' before and after take its kind), "" otherwise. Booleans read
// Yes and No; other values as their format shows them.
func Label(view, col, field string, c Column, v any) (string, *Word) {
	s, ok := v.(string)
	if !ok {
		return c.Format.Display(v), nil
	}
	k, known := ColumnKind(view, col)
	if view == "audit_changes" && (col == "before" || col == "after") {
		k, known = KindOfField[field]
	}
	if known {
		if w, ok := Status(k, s); ok {
			return w.Label, &w
		}
	}
	return s, nil
}

// ChangeWords is an audit_changes row in words, as the site and the pack
// show it. A verdict (review flag, escalation, outcome, funding hold) reads
// with its status words' labels: "Escalation: None → PMO review" (the
// labels are phrases, so an arrow reads better than "from … to …"). A plan change reads as the view words it (change: "KPI-DC-HOST
// target moved from 250 to 300"), or, from a view without change, the same
// words built from item, field, before and after.
func ChangeWords(field, item, before, after, change string) string {
	or := func(s string) string {
		if s == "" {
			return "none"
		}
		return s
	}
	if k, ok := KindOfField[field]; ok {
		lb, la := before, after
		if w, ok := Status(k, before); ok {
			lb = w.Label
		}
		if w, ok := Status(k, after); ok {
			la = w.Label
		}
		return ColumnLabel(field) + ": " + or(lb) + " → " + or(la)
	}
	if change != "" {
		return change
	}
	s := strings.ToLower(ColumnLabel(field))
	if item != "" {
		s = item + " " + s
	} else {
		s = strings.ToUpper(s[:1]) + s[1:]
	}
	return s + " moved from " + or(before) + " to " + or(after)
}
