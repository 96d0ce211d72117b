// Package sample generates the deterministic sample data set: a folder of
// contract-v1 CSV extracts whose stories (see stories.go and docs/sample.md)
// exercise every governance rule as of 2026-11-27.
package sample

import (
	"bytes"
	"errors"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Files lists the data set's file names in the order the contract documents them.
var Files = []string{
	"initiatives.csv", "spend.csv", "issues.csv", "mappings.csv",
	"milestones.csv", "kpis.csv", "kpi_values.csv", "links.csv", "status_reports.csv",
}

// streamKey is mixed into every random stream so that the sample's streams
// differ from other users of the same seed.
const streamKey = 0x7468726f75676831 // "through1"

// Generate returns the contract-v1 data set for seed and scale, keyed by file name
// ("initiatives.csv", "spend.csv", "issues.csv", "mappings.csv", "milestones.csv",
// "kpis.csv", "kpi_values.csv", "links.csv", "status_reports.csv"). Same seed and scale give identical bytes.
func Generate(seed uint64, scale int) (map[string][]byte, error) {
	return GenerateDense(seed, scale, 1)
}

// GenerateDense is Generate with density times the ledger lines and
// delivery issues per initiative: real portfolios grow their ledgers much
// faster than their count of initiatives, so a benchmark of ten million
// lines can have five thousand initiatives, not sixteen thousand. Density 1
// is Generate; above 1 the stories' figures are no longer those of
// docs/sample.md (every line's amount is divided by the density, so budgets
// still hold, but its random draws differ).
func GenerateDense(seed uint64, scale, density int) (map[string][]byte, error) {
	if scale < 1 {
		return nil, errors.New("sample: scale must be at least 1")
	}
	if scale > 10000 {
		return nil, errors.New("sample: scale must be at most 10000")
	}
	if density < 1 || density > 100 {
		return nil, errors.New("sample: density must be between 1 and 100")
	}
	g := &gen{seed: seed, scale: scale, density: density}
	g.makeInitiatives()
	g.makeKPIs()
	g.makeLinks()
	spend := g.spend()
	issues := g.issues()
	out := map[string][]byte{
		"initiatives.csv": g.writeInitiatives(),
		"spend.csv":       spend,
		"issues.csv":      issues,
		"mappings.csv":    g.writeMappings(),
		"milestones.csv":  g.writeMilestones(),
		"kpis.csv":        g.writeKPIs(),
		"kpi_values.csv":  g.writeKPIValues(),
		"links.csv":       g.writeLinks(),

		"status_reports.csv": g.writeStatusReports(),
	}
	return out, nil
}

type gen struct {
	seed    uint64
	scale   int
	density int // lines and issues per initiative, times (GenerateDense)
	inits   []*initiative
	kpi     []*kpiSeries
	byKPI   map[string]*kpiSeries
	links   []link
	// txn numbers the ledger's lines; republished holds lines a later
	// release of the ledger repeats (the duplicate story).
	txn         int
	republished []byte
}

type initiative struct {
	initDef
	codes  []string // finance project codes
	epics  []string // delivery epic keys
	budget int64    // approved budget in pence
	spent  int64    // spend so far in pence, while generating
	lines  int      // spend lines written so far
	// descriptions used on its spend lines
	descDelivery, descSubscription string
}

type kpiSeries struct {
	kpiDef
	dates []day
	vals  []float64
}

type link struct {
	initiative, kpi  string
	baseline, target float64
	dec              int
	due, start       day // start zero: empty (the initiative's start applies)
}

// rng returns the random stream named name. Each initiative, KPI and
// background source draws from its own stream, so one story's numbers never
// move when another's change.
func (g *gen) rng(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(g.seed, streamKey^h.Sum64()))
}

func (g *gen) makeInitiatives() {
	defs := initiativeDefs()
	for r := 1; r <= g.scale; r++ {
		for i, def := range defs {
			if r > 1 {
				def = ordinary(def)
			}
			g.inits = append(g.inits, g.newInitiative(def, i, r))
		}
	}
}

// portfolioKPI is the financial KPI an ordinary copy of a story links to.
var portfolioKPI = map[string]string{
	"Customer":         "KPI-DIG-REV",
	"Operations":       "KPI-LOG-COST",
	"Infrastructure":   "KPI-IT-RUN",
	"Data & Analytics": "KPI-BI-COST",
}

// ordinary returns def as a healthy initiative for the copies made at scale
// > 1, so that each story and data problem appears exactly once.
func ordinary(def initDef) initDef {
	var links []linkDef
	for _, ld := range def.links {
		if ld.want != wantFixed {
			links = append(links, ld)
		}
	}
	if def.story {
		want := wantOnTrack
		if def.status == "done" {
			want = wantAchieved
		}
		links = []linkDef{{kpi: portfolioKPI[def.portfolio], want: want}}
		if def.status == "done" {
			links[0].due = def.end
		}
		def.velocity, def.fixedBudget, def.costUplift, def.milestones = 0, 0, 0, nil
		def.story, def.invoiceOnly, def.everyDay = false, false, false
	}
	def.links = links
	return def
}

func (g *gen) newInitiative(def initDef, idx, r int) *initiative {
	in := &initiative{initDef: def}
	in.points *= float64(g.density)
	if r > 1 {
		in.id += "-" + strconv.Itoa(r)
		in.name += " #" + strconv.Itoa(r)
		in.key += strconv.Itoa(r)
	}
	for j := 0; j < def.codes; j++ {
		code := "PRJ-" + strconv.Itoa(24100+idx*10+j)
		if r > 1 {
			code += "-" + strconv.Itoa(r)
		}
		in.codes = append(in.codes, code)
	}
	for j := 1; j <= def.epics; j++ {
		in.epics = append(in.epics, in.key+"-"+strconv.Itoa(j))
	}
	in.descDelivery = "Delivery services, " + def.name
	in.descSubscription = "Monthly subscription, " + def.name
	rng := g.rng(in.id + "/budget")
	switch {
	case def.fixedBudget > 0:
		in.budget = cents(def.fixedBudget)
	default:
		months := float64(def.end-def.start) / 30.4
		b := def.monthly * months * (1.12 + 0.18*rng.Float64())
		in.budget = cents(math.Round(b/10000) * 10000)
	}
	if in.velocity == 0 {
		in.velocity = 0.9 + 0.2*rng.Float64()
	}
	return in
}

func (g *gen) makeKPIs() {
	g.byKPI = map[string]*kpiSeries{}
	for _, def := range kpiDefs() {
		s := &kpiSeries{kpiDef: def}
		g.kpi = append(g.kpi, s)
		g.byKPI[def.id] = s
		if def.none {
			continue
		}
		rng := g.rng("kpi/" + def.id)
		until := asOf
		if def.until != 0 {
			until = def.until
		}
		from := def.from
		var dates []day
		if def.weekly {
			if from == 0 {
				from = mkDay(2024, 12, 2)
			}
			for t := from; t <= until; t += 7 {
				dates = append(dates, t)
			}
		} else {
			if from == 0 {
				from = mkDay(2024, 11, 30)
			}
			for t := from.monthEnd(); t <= until; t = (t + 1).monthEnd() {
				dates = append(dates, t)
			}
		}
		sign := 1.0
		if def.direction == "decrease" {
			sign = -1
		}
		top := 0.0
		for _, t := range dates {
			years := float64(t-mkDay(2024, 11, 30)) / 365.25
			noise := 1 + def.noise*rng.NormFloat64()
			var v float64
			switch def.id {
			case ZombieKPIID:
				// Cloud costs arrive from April 2025; the legacy estate never
				// switches off, so hosting cost climbs and stays up.
				ramp := float64(t-mkDay(2025, 3, 31)) / 365
				v = def.v0 + 70*math.Max(0, math.Min(1, ramp))
			case TechKPIID:
				v = 62 * float64(t-from) / float64(mkDay(2026, 11, 23)-from)
			default:
				v = def.v0 * (1 + sign*def.drift*years)
			}
			v = round(v*noise, def.dec)
			if def.id == TechKPIID {
				// Completion never goes backwards.
				top = math.Min(100, math.Max(top, v))
				v = top
			}
			s.dates = append(s.dates, t)
			s.vals = append(s.vals, v)
		}
	}
}

// at returns the latest value dated on or before t, else the first value.
func (s *kpiSeries) at(t day) float64 {
	v := s.vals[0]
	for i, dt := range s.dates {
		if dt > t {
			break
		}
		v = s.vals[i]
	}
	return v
}

func (g *gen) makeLinks() {
	for _, in := range g.inits {
		rng := g.rng(in.id + "/links")
		for _, ld := range in.links {
			s := g.byKPI[ld.kpi]
			lk := link{initiative: in.id, kpi: ld.kpi, dec: s.dec, due: ld.due}
			if lk.due == 0 {
				lk.due = in.end + day(7*rng.IntN(9))
			}
			start := in.start
			if !in.story && ld.want != wantFixed && rng.IntN(2) == 0 {
				start = in.start + day(7*rng.IntN(4))
				lk.start = start
			}
			if ld.want == wantFixed {
				lk.baseline, lk.target = ld.baseline, ld.target
				g.links = append(g.links, lk)
				continue
			}
			base := s.at(start)
			last := s.at(asOf)
			elapsed := math.Max(0, math.Min(1, float64(asOf-start)/float64(lk.due-start)))
			var p float64
			switch ld.want {
			case wantOnTrack:
				p = math.Min(0.88, elapsed+0.03+0.09*rng.Float64())
			case wantAchieved:
				p = 1.12 + 0.18*rng.Float64()
			case wantBehind:
				p = math.Max(0.1, elapsed-0.45)
			case wantOverdue:
				p = 0.45 + 0.2*rng.Float64()
			}
			lk.baseline = base
			lk.target = round(base+(last-base)/p, s.dec)
			g.links = append(g.links, lk)
		}
	}
}

// Vendors, accounts and descriptions of the spend lines.
var (
	labourVendors = map[string][]string{
		"Customer":         {"Accenture UK Ltd", "Thoughtworks Ltd", "Internal labour recharge", "Salesforce UK Ltd"},
		"Operations":       {"Capgemini UK plc", "Kainos Software Ltd", "Internal labour recharge", "Hays Specialist Recruitment"},
		"Infrastructure":   {"Computacenter UK Ltd", "Accenture UK Ltd", "Internal labour recharge", "Softcat plc"},
		"Data & Analytics": {"Deloitte LLP", "Infosys Ltd", "Internal labour recharge", "Thoughtworks Ltd"},
	}
	licenceVendors = map[string][]string{
		"Customer":         {"Salesforce UK Ltd", "Adobe Systems Software Ireland Ltd", "Microsoft Ireland Operations Ltd"},
		"Operations":       {"SAP (UK) Ltd", "ServiceNow UK Ltd", "Microsoft Ireland Operations Ltd"},
		"Infrastructure":   {"Amazon Web Services EMEA SARL", "Microsoft Ireland Operations Ltd", "Dell Technologies, Inc."},
		"Data & Analytics": {"Snowflake Computing UK Ltd", "Microsoft Ireland Operations Ltd", "Datadog, Inc."},
	}
)

type overheadLine struct {
	vendor, cc, gl, desc string
	min, max             float64
}

var overheads = []overheadLine{
	{"British Gas Business", "CC-2000", "630100", "Electricity, head office", 300, 1500},
	{"Vodafone Ltd", "CC-6300", "630400", "Mobile airtime and data", 500, 2500},
	{"Iron Mountain (UK) plc", "CC-2000", "630900", "Offsite records storage", 100, 600},
	{"Office Depot UK", "CC-2000", "640900", "Office supplies", 30, 400},
	{"KPMG LLP", "CC-1000", "610300", "Audit fees, interim", 1500, 6000},
	{"Hays Specialist Recruitment", "CC-1000", "610100", "Temporary finance staff", 600, 2400},
	{"Microsoft Ireland Operations Ltd", "CC-6300", "620100", "Microsoft 365 licences", 1000, 4000},
}

const spendHeader = "posting_date,amount,project_code,cost_center,gl_account,vendor,description,transaction_id\n"

// spend writes spend.csv day by day, so lines come out in posting order.
func (g *gen) spend() []byte {
	var b bytes.Buffer
	b.Grow(g.scale * 2400 << 10)
	buf := append(make([]byte, 0, 1<<16), spendHeader...)
	rngs := make([]*rand.Rand, len(g.inits))
	for i, in := range g.inits {
		rngs[i] = g.rng(in.id + "/spend")
	}
	bg := make([]*rand.Rand, g.scale)
	for r := range bg {
		bg[r] = g.rng("background/" + strconv.Itoa(r+1))
	}
	var date []byte
	// bd is t's working day of the month, counted from the 1st.
	_, month, _ := windowStart.civil()
	bd := 0
	for u := windowStart - 1; ; u-- {
		if _, m, _ := u.civil(); m != month {
			break
		}
		if u.businessDay() {
			bd++
		}
	}
	for t := windowStart; t <= asOf; t++ {
		if !t.businessDay() {
			continue
		}
		if _, m, _ := t.civil(); m != month {
			bd, month = 0, m
		}
		bd++
		date = appendDate(date[:0], t)
		for i, in := range g.inits {
			buf = g.spendDay(buf, date, t, bd, in, rngs[i])
		}
		for r := range bg {
			buf = g.backgroundDay(buf, date, t, bd, bg[r])
		}
		if len(buf) > 1<<15 {
			b.Write(buf)
			buf = buf[:0]
		}
	}
	// The ledger's last release repeats lines of earlier months exactly
	// (a republication), and carries lines nobody dated: both stories of
	// docs/sample.md, counted by the reconciliation and no dated rule.
	buf = append(buf, g.republished...)
	buf = g.undated(buf)
	b.Write(buf)
	return b.Bytes()
}

// undated appends the ledger's lines without a posting date: a mapped
// accrual reversal and an unmapped journal.
func (g *gen) undated(b []byte) []byte {
	zombie := g.byID(ZombieID)
	b = g.appendSpend(b, nil, -1875000, zombie.codes[0], portfolioCC[zombie.portfolio], "610100", "Accenture UK Ltd", "Accrual reversal, no posting date")
	return g.appendSpend(b, nil, 4200000, "", "CC-1000", "690000", "Manual journal", "Year-end reclassification, undated")
}

func (g *gen) byID(id string) *initiative {
	for _, in := range g.inits {
		if in.id == id {
			return in
		}
	}
	panic("sample: no initiative " + id)
}

// spendDay writes an initiative's lines for working day t, the bd-th of its month.
func (g *gen) spendDay(b, date []byte, t day, bd int, in *initiative, rng *rand.Rand) []byte {
	last := in.end
	if in.stop != 0 {
		last = in.stop
	}
	if t < in.start || t > last {
		return b
	}
	cc := portfolioCC[in.portfolio]
	labour := labourVendors[in.portfolio]
	line := func(c int64, code, gl, vendor, desc string) {
		if in.id == ZombieID {
			// The hosting partner's system writes the code in lower case on
			// every tenth line: normalized matching still maps it.
			if in.lines++; in.lines%10 == 0 {
				code = strings.ToLower(code)
			}
		}
		start := len(b)
		b = g.appendSpend(b, date, c, code, cc, gl, vendor, desc)
		in.spent += c
		if y, m, _ := t.civil(); in.id == ZombieID && bd == 1 && gl == "620100" && y == 2026 && (m == 9 || m == 10) {
			g.republished = append(g.republished, b[start:]...)
		}
	}
	code := func() string { return in.codes[rng.IntN(len(in.codes))] }
	const meanLines = 1.9
	lic := licenceVendors[in.portfolio]
	if bd == 1 {
		line(cents(0.3*in.monthly*(0.9+0.2*rng.Float64())), code(), "620100", lic[rng.IntN(len(lic))], in.descSubscription)
	}
	if in.invoiceOnly {
		// The partner bills its services once a month, on the second working day.
		if bd == 2 {
			line(cents(0.55*in.monthly*(0.9+0.2*rng.Float64())), code(), "610100", labour[0], "Monthly services invoice, "+in.name)
			line(cents(0.15*in.monthly*(0.9+0.2*rng.Float64())), code(), "610200", labour[2], "Internal time recharge")
		}
		return b
	}
	n := [...]int{0, 1, 1, 1, 2, 2, 2, 3, 3, 4}[rng.IntN(10)]
	if in.everyDay && n == 0 {
		n = 1
	}
	n *= g.density
	mean := 0.7 * in.monthly * 12 / 261 / meanLines / float64(g.density)
	for k := 0; k < n; k++ {
		v := labour[rng.IntN(len(labour))]
		gl := "610100"
		if v == "Internal labour recharge" {
			gl = "610200"
		} else if rng.IntN(5) == 0 {
			gl = "150200" // capitalised development
		}
		var desc string
		switch rng.IntN(6) {
		case 0, 1:
			desc = in.descDelivery
		case 2:
			desc = "Contractor day rates"
		case 3:
			desc = "Sprint delivery"
		case 4:
			desc = "Specialist consultancy"
		default:
			if rng.IntN(20) == 0 {
				desc = `Change request "scope extension", phase 2`
			} else {
				desc = "Time and materials"
			}
		}
		line(cents(mean*(0.5+rng.Float64())), code(), gl, v, desc)
		credit := rng.IntN(250) == 0
		if in.id == ChangedID && t > prevAsOf {
			credit = false
		}
		if credit {
			line(-cents(mean*(0.1+0.4*rng.Float64())), code(), gl, v, "Credit note, rate correction")
		}
	}
	switch {
	case in.id == OverBudgetID && t == mkDay(2026, 8, 31):
		// The budget the CRM replatform is held to: it had already spent it by
		// the end of August.
		in.budget = in.spent / 1000000 * 1000000
	case in.id == ChangedID && t == prevAsOf:
		// The BI rollout sits just under budget at the previous audit ...
		in.budget = (in.spent + 400000 + 499999) / 500000 * 500000
	case in.id == ChangedID && t == mkDay(2026, 11, 18):
		// ... and a licence true-up on 18 November takes it over.
		need := max(in.budget-in.spent, 0) + 650000
		line(need, in.codes[0], "620100", "Microsoft Ireland Operations Ltd", "Power BI Premium capacity, annual true-up")
	}
	return b
}

// backgroundDay writes the day's business-as-usual lines: no project code,
// an unmapped legacy code, or a closed project's code.
func (g *gen) backgroundDay(b, date []byte, t day, bd int, rng *rand.Rand) []byte {
	line := func(amount float64, code, cc, gl, vendor, desc string) {
		b = g.appendSpend(b, date, cents(amount), code, cc, gl, vendor, desc)
	}
	n := (1 + rng.IntN(3)) * g.density
	for k := 0; k < n; k++ {
		o := overheads[rng.IntN(len(overheads))]
		line(o.min+(o.max-o.min)*rng.Float64(), "", o.cc, o.gl, o.vendor, o.desc)
	}
	if t.weekday() == 1 {
		line(4000+5000*rng.Float64(), UnmappedProjectCode, "CC-6300", "620200", "Fujitsu Services Ltd", "Legacy support, mainframe")
	}
	if bd == 1 {
		// The legacy data centre INF-CLOUD promised to retire by RetireBy
		// (mappings: retires): still invoiced every month.
		line(38000+4000*rng.Float64(), RetiredCode, "CC-6300", "620300", "Equinix (UK) Ltd", "Colocation, legacy data centre")
		if rng.IntN(3) == 0 {
			line(2000+4000*rng.Float64(), "PRJ-09999", "CC-1000", "610300", "Deloitte LLP", "Final invoice, closed project")
		}
	}
	return b
}

// appendSpend appends one spend.csv row with the next transaction number.
func (g *gen) appendSpend(b, date []byte, c int64, code, cc, gl, vendor, desc string) []byte {
	b = append(b, date...)
	b = append(b, ',')
	b = appendCents(b, c)
	b = append(b, ',')
	b = append(b, code...)
	b = append(b, ',')
	b = append(b, cc...)
	b = append(b, ',')
	b = append(b, gl...)
	b = append(b, ',')
	b = appendField(b, vendor)
	b = append(b, ',')
	b = appendField(b, desc)
	g.txn++
	b = append(b, ",JE"...)
	b = strconv.AppendInt(b, int64(g.txn), 10)
	return append(b, '\n')
}
