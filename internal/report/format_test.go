package report

import (
	"testing"
	"time"
)

func TestDisplay(t *testing.T) {
	cases := []struct {
		f    Format
		v    any
		want string
	}{
		{Money, 1234567.891, "1,234,568"},
		{Money, -1234.4, "-1,234"},
		{Money, -0.4, "0"},
		{Money, int64(0), "0"},
		{Number, -0.475, "-0.47"},
		{Number, -0.001, "0.00"},
		{Number, -1234.5, "-1,234.50"},
		{Percent, 12.345, "12.3%"},
		{Ratio, 0.125, "12.5%"},
		{Integer, int64(-1000), "-1,000"},
		{DateF, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), "2026-11-27"},
		{YesNo, true, "yes"},
		{Plain, nil, ""},
	}
	for _, c := range cases {
		if got := c.f.Display(c.v); got != c.want {
			t.Errorf("%s.Display(%v) = %q, want %q", c.f, c.v, got, c.want)
		}
	}
}

func TestFormatFor(t *testing.T) {
	for name, want := range map[string]Format{
		"actual_cost": Money, "spend_to_date": Money, "achieved_value": Money, "impact": Money,
		"cost_variance_pct": Percent, "velocity_ratio": Ratio, "progress": Ratio, "mapped_spend_share": Ratio,
		"outcome_gap": Number, "slipped_milestones": Number,
	} {
		if got := FormatFor(name, Decimal); got != want {
			t.Errorf("FormatFor(%q) = %s, want %s", name, got, want)
		}
	}
	if got := FormatFor("slipped_milestones", Int); got != Integer {
		t.Errorf("int column: %s", got)
	}
}

func TestChangeWords(t *testing.T) {
	for _, c := range []struct{ field, item, before, after, change, want string }{
		{"escalation", "", "none", "pmo", "escalation changed from none to pmo", "Escalation: None → PMO review"},
		{"review_flag", "", "false", "true", "", "Review flag: Not flagged → Flagged"},
		{"target", "KPI-DC-HOST", "250", "300", "KPI-DC-HOST target moved from 250 to 300", "KPI-DC-HOST target moved from 250 to 300"},
		{"milestone_end", "Go-live", "2026-10-01", "2027-01-15", "", "Go-live milestone end moved from 2026-10-01 to 2027-01-15"},
		{"approved_budget", "", "", "900000", "", "Approved budget moved from none to 900000"},
	} {
		if got := ChangeWords(c.field, c.item, c.before, c.after, c.change); got != c.want {
			t.Errorf("ChangeWords(%q, %q, %q, %q) = %q, want %q", c.field, c.item, c.before, c.after, got, c.want)
		}
	}
}
