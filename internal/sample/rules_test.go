package sample

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"
)

// A Go-side reading of the governance rules (docs/rules.md, docs/outputs.md),
// precise enough to check that the sample tells its stories. The SQL in
// queries/ is the real implementation; this only keeps the generator honest.

type params struct {
	staleAfter            day
	behindTol, regressTol float64
	velocityHealthy       float64
	velocityPeriods       int
	cio, executive        float64
	recentSpend           day
	cadence               day
	cadenceAnchor         day
}

var defaults = params{45, 0.25, 0.10, 0.9, 3, 250000, 1000000, 90, 14, mkDay(2026, 1, 5)}

type linkResult struct {
	status   string
	progress float64
}

type result struct {
	outcome         string
	lacks, hold     bool
	velocity        float64 // NaN: none
	divergence      bool
	actual, budget  float64
	overrun, flag   bool
	impact          float64
	escalation      string
	slipped         int
	links           map[string]linkResult
	spendThisPeriod float64
}

func num(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func dt(s string) day {
	if s == "" {
		return 0
	}
	v, err := parseDay(s)
	if err != nil {
		panic(err)
	}
	return v
}

func (p params) periodStart(t day) day {
	k := int(t-p.cadenceAnchor) / int(p.cadence)
	if t < p.cadenceAnchor && int(p.cadenceAnchor-t)%int(p.cadence) != 0 {
		k--
	}
	return p.cadenceAnchor + day(k)*p.cadence
}

var outcomeOrder = []string{"regressing", "overdue", "no_data", "behind", "on_track", "achieved"}

// evaluate applies the rules to a data set as of asOf.
func evaluate(t *testing.T, m map[string][]byte, asOf day, p params) map[string]*result {
	t.Helper()
	tb := map[string]*table{}
	for _, name := range Files {
		tb[name] = readTable(t, name, m[name])
	}
	type kpi struct {
		direction string
		financial bool
		dates     []day
		values    []float64
	}
	kpis := map[string]*kpi{}
	for _, r := range tb["kpis.csv"].rows {
		kpis[r["kpi_id"]] = &kpi{direction: r["direction"], financial: (r["statement"] == "pnl" || r["statement"] == "balance_sheet") && r["line_item"] != ""}
	}
	for _, r := range tb["kpi_values.csv"].rows {
		k := kpis[r["kpi_id"]]
		k.dates = append(k.dates, dt(r["date"]))
		k.values = append(k.values, num(r["value"]))
	}
	res := map[string]*result{}
	inits := tb["initiatives.csv"].index("initiative_id")
	for id, r := range inits {
		res[id] = &result{links: map[string]linkResult{}, budget: num(r["approved_budget"]), velocity: math.NaN()}
	}
	for _, r := range tb["links.csv"].rows {
		in, k := inits[r["initiative_id"]], kpis[r["kpi_id"]]
		start := dt(r["start_date"])
		if start == 0 {
			start = dt(in["start_date"])
		}
		due := dt(r["due_date"])
		base, target := num(r["baseline"]), num(r["target"])
		lr := linkResult{progress: math.NaN()}
		latest, latestDate, inWindow := math.NaN(), day(0), false
		for i, d := range k.dates {
			if d <= asOf {
				latest, latestDate = k.values[i], d
				if d >= start {
					inWindow = true
				}
			}
		}
		if !math.IsNaN(latest) {
			lr.progress = (latest - base) / (target - base)
		}
		elapsed := math.Max(0, math.Min(1, float64(asOf-start)/float64(due-start)))
		switch {
		case target == base || due <= start || (k.direction == "decrease") != (target < base):
			lr.status = "invalid"
		case !inWindow || asOf-latestDate > p.staleAfter:
			lr.status = "no_data"
		case lr.progress >= 1:
			lr.status = "achieved"
		case lr.progress < -p.regressTol:
			lr.status = "regressing"
		case asOf > due:
			lr.status = "overdue"
		case lr.progress < elapsed-p.behindTol:
			lr.status = "behind"
		default:
			lr.status = "on_track"
		}
		res[r["initiative_id"]].links[r["kpi_id"]] = lr
	}
	finance, delivery := map[string]string{}, map[string]string{}
	for _, r := range tb["mappings.csv"].rows {
		if r["system"] == "finance" {
			finance[r["key"]] = r["initiative_id"]
		} else {
			delivery[r["key"]] = r["initiative_id"]
		}
	}
	period := p.periodStart(asOf)
	recent := map[string]bool{}
	for _, r := range tb["spend.csv"].rows {
		id, ok := finance[r["project_code"]]
		d := dt(r["posting_date"])
		if !ok || d > asOf {
			continue
		}
		a := num(r["amount"])
		res[id].actual += a
		if d > asOf-p.recentSpend {
			recent[id] = true
		}
		if d >= period {
			res[id].spendThisPeriod += a
		}
	}
	points := map[string]map[day]float64{}
	for _, r := range tb["issues.csv"].rows {
		id, ok := delivery[r["epic_key"]]
		if !ok || r["resolved"] == "" || r["story_points"] == "" {
			continue
		}
		d := dt(r["resolved"])
		if points[id] == nil {
			points[id] = map[day]float64{}
		}
		points[id][p.periodStart(d)] += num(r["story_points"])
	}
	for _, r := range tb["milestones.csv"].rows {
		planned, actual := dt(r["planned_end_date"]), dt(r["actual_end_date"])
		if planned < asOf && (actual == 0 || actual > planned) {
			res[r["initiative_id"]].slipped++
		}
	}
	for id, in := range inits {
		x := res[id]
		x.outcome = "unlinked"
		best := len(outcomeOrder)
		financial := false
		for kid, lr := range x.links {
			if lr.status == "invalid" {
				continue
			}
			financial = financial || kpis[kid].financial
			if i := slices.Index(outcomeOrder, lr.status); i < best {
				best = i
				x.outcome = lr.status
			}
		}
		status := in["status"]
		x.lacks = !financial && (status == "active" || status == "on_hold" || recent[id])
		x.hold = !financial && x.spendThisPeriod != 0
		if pp := num(in["planned_points"]); pp > 0 {
			start := dt(in["start_date"])
			var sum float64
			n := 0
			for ps := period - p.cadence; n < p.velocityPeriods && ps+p.cadence > start; ps -= p.cadence {
				sum += points[id][ps]
				n++
			}
			if n > 0 {
				x.velocity = sum / float64(n) / pp
			}
		}
		bad := x.outcome == "regressing" || x.outcome == "overdue" || x.outcome == "behind"
		x.divergence = x.velocity >= p.velocityHealthy && bad
		x.actual = math.Round(x.actual*100) / 100
		x.overrun = x.actual > x.budget
		x.flag = x.outcome == "regressing" || x.outcome == "overdue" || x.divergence || x.overrun
		x.escalation = "none"
		if x.flag {
			x.impact = x.actual
			switch {
			case x.impact >= p.executive:
				x.escalation = "executive"
			case x.impact >= p.cio:
				x.escalation = "cio"
			default:
				x.escalation = "pmo"
			}
		}
	}
	return res
}

var storyIDs = []string{ZombieID, TechOnlyID, UnlinkedID, AchievedID, StaleID, OverBudgetID, SlippedID, OverdueID, ChangedID}

// story is what an initiative should show as of AsOf.
type story struct {
	outcome     string
	lacks, hold bool
	divergence  bool
	overrun     bool
	escalation  string
	check       func(*result) error
}

var stories = map[string]story{
	ZombieID: {outcome: "regressing", divergence: true, escalation: "executive", check: func(r *result) error {
		if r.velocity < 1 || r.actual < 1e6 {
			return fmt.Errorf("velocity %.2f, actual %.0f: want velocity >= 1 and actual over 1M", r.velocity, r.actual)
		}
		return nil
	}},
	TechOnlyID:   {outcome: "on_track", lacks: true, escalation: "none"},
	UnlinkedID:   {outcome: "unlinked", lacks: true, hold: true, escalation: "none"},
	AchievedID:   {outcome: "achieved", escalation: "none"},
	StaleID:      {outcome: "no_data", escalation: "none"},
	OverBudgetID: {outcome: "on_track", overrun: true, escalation: "cio"},
	SlippedID: {outcome: "behind", escalation: "none", check: func(r *result) error {
		if r.slipped != 3 || r.velocity >= 0.9 {
			return fmt.Errorf("slipped %d, velocity %.2f: want 3 slipped and velocity below 0.9", r.slipped, r.velocity)
		}
		return nil
	}},
	OverdueID: {outcome: "overdue", escalation: "cio"},
	ChangedID: {outcome: "on_track", overrun: true, escalation: "pmo"},
}

func TestStories(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { checkStories(t, mustGenerate(t, seed, 1)) })
	}
	t.Run("scale2", func(t *testing.T) { checkStories(t, mustGenerate(t, 1, 2)) })
}

func checkStories(t *testing.T, m map[string][]byte) {
	now := evaluate(t, m, asOf, defaults)
	prev := evaluate(t, m, prevAsOf, defaults)
	for id, want := range stories {
		r := now[id]
		got := fmt.Sprintf("outcome=%s lacks=%t hold=%t divergence=%t overrun=%t escalation=%s", r.outcome, r.lacks, r.hold, r.divergence, r.overrun, r.escalation)
		exp := fmt.Sprintf("outcome=%s lacks=%t hold=%t divergence=%t overrun=%t escalation=%s", want.outcome, want.lacks, want.hold, want.divergence, want.overrun, want.escalation)
		if got != exp {
			t.Errorf("%s: got %s, want %s", id, got, exp)
		}
		if c := want.check; c != nil {
			if err := c(r); err != nil {
				t.Errorf("%s: %v", id, err)
			}
		}
	}
	for id, r := range now {
		if _, ok := stories[id]; ok {
			continue
		}
		if r.flag || r.lacks || r.hold || r.slipped > 0 || !slices.Contains([]string{"on_track", "achieved", "unlinked"}, r.outcome) {
			t.Errorf("ordinary %s is not healthy: %+v", id, r)
		}
	}
	// The only change since the previous audit is ChangedID's flag.
	var changes []string
	for id, r := range now {
		q := prev[id]
		for _, c := range [][3]string{
			{"review_flag", fmt.Sprint(q.flag), fmt.Sprint(r.flag)},
			{"escalation", q.escalation, r.escalation},
			{"outcome", q.outcome, r.outcome},
			{"funding_hold", fmt.Sprint(q.hold), fmt.Sprint(r.hold)},
		} {
			if c[1] != c[2] {
				changes = append(changes, id+" "+c[0]+" "+c[1]+"->"+c[2])
			}
		}
	}
	slices.Sort(changes)
	want := []string{ChangedID + " escalation none->pmo", ChangedID + " review_flag false->true"}
	if !slices.Equal(changes, want) {
		t.Errorf("changes since %s: %q, want %q", PreviousAsOf, changes, want)
	}
	var invalid, noValues []string
	for id, r := range now {
		for kid, lr := range r.links {
			if lr.status == "invalid" {
				invalid = append(invalid, id+"/"+kid)
			}
		}
	}
	if want := []string{InvalidLinkInitiativeID + "/" + InvalidLinkKPIID}; !slices.Equal(invalid, want) {
		t.Errorf("invalid links %q, want %q", invalid, want)
	}
	vals := readTable(t, "kpi_values.csv", m["kpi_values.csv"]).index("kpi_id")
	for _, r := range readTable(t, "links.csv", m["links.csv"]).rows {
		if vals[r["kpi_id"]] == nil && !slices.Contains(noValues, r["kpi_id"]) {
			noValues = append(noValues, r["kpi_id"])
		}
	}
	if want := []string{NoValuesKPIID}; !slices.Equal(noValues, want) {
		t.Errorf("linked KPIs without values %q, want %q", noValues, want)
	}
}
