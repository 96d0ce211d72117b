package sample

// The cast of the sample: initiatives and KPIs, with the parameters the
// generator turns into rows. Stories carry fixed numbers; ordinary
// initiatives get healthy, seeded noise.

// Link outcomes the generator designs a link's baseline and target for.
const (
	wantOnTrack  = "on_track"
	wantAchieved = "achieved"
	wantBehind   = "behind"
	wantOverdue  = "overdue"
	wantFixed    = "fixed" // baseline and target given
)

type linkDef struct {
	kpi              string
	want             string
	due              day // zero: the initiative's end date plus a little
	baseline, target float64
}

type initDef struct {
	id, name, portfolio, owner, status string
	start, end                         day
	stop                               day     // last day of spend and delivery when paused or cancelled
	monthly                            float64 // spend run rate per month
	points                             float64 // planned story points per audit period; 0 = empty
	velocity                           float64 // delivered / planned; 0 = seeded near 1
	key                                string  // delivery project key
	codes, epics                       int
	links                              []linkDef
	story                              bool
	fixedBudget                        float64 // fixed approved budget; zero: derived from the run rate
	costUplift                         float64 // forecast cost above plan on unfinished milestones
	invoiceOnly                        bool    // spend billed once a month, no daily lines
	everyDay                           bool    // at least one spend line every working day
	milestones                         []msDef
}

type msDef struct {
	name                             string
	start, planned, forecast, actual day
	plannedCost, forecastCost        float64
}

func l(kpi, want string) linkDef { return linkDef{kpi: kpi, want: want} }

var (
	windowStart = mkDay(2024, 11, 28)
	asOf        = mkDay(2026, 11, 27)
	prevAsOf    = mkDay(2026, 11, 13)
	anchor      = mkDay(2026, 1, 5)
)

func d(y, m, dd int) day { return mkDay(y, m, dd) }

var portfolioCC = map[string]string{
	"Customer":         "CC-4100",
	"Operations":       "CC-5200",
	"Infrastructure":   "CC-6300",
	"Data & Analytics": "CC-7400",
}

func initiativeDefs() []initDef {
	return []initDef{
		// Customer
		{id: OverBudgetID, name: "CRM replatform to Salesforce", portfolio: "Customer", owner: "Hannah Brooks", status: "active",
			start: d(2025, 9, 1), end: d(2027, 3, 31), monthly: 48000, points: 35, velocity: 0.95, key: "CRM", codes: 2, epics: 2,
			links: []linkDef{l("KPI-CHURN", wantOnTrack)}, story: true, costUplift: 0.25},
		{id: AchievedID, name: "Customer self-service portal", portfolio: "Customer", owner: "Daniel Osei", status: "done",
			start: d(2025, 1, 6), end: d(2026, 9, 30), monthly: 35000, points: 30, velocity: 1, key: "SELF", codes: 1, epics: 2,
			links: []linkDef{{kpi: "KPI-CC-COST", want: wantAchieved, due: d(2026, 9, 30)}}, story: true},
		{id: OverdueID, name: "Loyalty programme relaunch", portfolio: "Customer", owner: "Grace Liu", status: "active",
			start: d(2025, 6, 2), end: d(2026, 12, 18), monthly: 24000, points: 25, velocity: 0.5, key: "LOY", codes: 1, epics: 2,
			links: []linkDef{{kpi: "KPI-DIG-REV", want: wantOverdue, due: d(2026, 9, 30)}}, story: true},
		{id: "CUS-APP", name: "Mobile app rebuild", portfolio: "Customer", owner: "Daniel Osei", status: "active",
			start: d(2025, 2, 3), end: d(2027, 1, 29), monthly: 42000, points: 40, key: "APP", codes: 2, epics: 3,
			links: []linkDef{l("KPI-DIG-REV", wantOnTrack), l("KPI-APP-RATING", wantOnTrack)}},
		{id: "CUS-CHAT", name: "Conversational assistant for customer service", portfolio: "Customer", owner: "Hannah Brooks", status: "active",
			start: d(2025, 11, 3), end: d(2027, 4, 30), monthly: 22000, points: 25, key: "CHAT", codes: 1, epics: 2,
			links: []linkDef{l("KPI-CC-COST", wantOnTrack)}},
		{id: "CUS-PERS", name: "Website personalisation, phase 2", portfolio: "Customer", owner: "Grace Liu", status: "active",
			start: d(2026, 1, 5), end: d(2027, 2, 26), monthly: 18000, points: 20, key: "PERS", codes: 1, epics: 1,
			links: []linkDef{l("KPI-DIG-REV", wantOnTrack), l("KPI-NPS", wantOnTrack)}},
		{id: "CUS-PAY", name: "One-click checkout", portfolio: "Customer", owner: "Samuel Reid", status: "active",
			start: d(2025, 4, 7), end: d(2026, 12, 18), monthly: 15000, points: 20, key: "PAY", codes: 1, epics: 2,
			links: []linkDef{l("KPI-DIG-REV", wantAchieved)}},
		{id: "CUS-ONB", name: "Digital onboarding", portfolio: "Customer", owner: "Samuel Reid", status: "active",
			start: d(2026, 3, 2), end: d(2027, 6, 30), monthly: 16000, points: 20, key: "ONB", codes: 1, epics: 2,
			links: []linkDef{l("KPI-CHURN", wantOnTrack)}},
		{id: "CUS-REV", name: "Ratings and reviews", portfolio: "Customer", owner: "Grace Liu", status: "active",
			start: d(2026, 5, 4), end: d(2027, 3, 31), monthly: 9000, points: 15, key: "REV", codes: 1, epics: 1,
			links: []linkDef{l("KPI-DIG-REV", wantOnTrack), l("KPI-NPS", wantOnTrack)}},
		{id: "CUS-VOICE", name: "Voice of the customer programme", portfolio: "Customer", owner: "Hannah Brooks", status: "proposed",
			start: d(2027, 1, 4), end: d(2027, 12, 17), monthly: 14000, key: "VOC", codes: 1, epics: 1},
		{id: "CUS-KIOSK", name: "In-store self-service kiosks", portfolio: "Customer", owner: "Samuel Reid", status: "cancelled",
			start: d(2025, 1, 6), end: d(2025, 12, 19), stop: d(2025, 6, 20), monthly: 20000, points: 20, key: "KIOSK", codes: 1, epics: 1},

		// Operations
		{id: StaleID, name: "Warehouse management system, phase 2", portfolio: "Operations", owner: "Oliver Grant", status: "active",
			start: d(2025, 4, 7), end: d(2027, 2, 26), monthly: 30000, points: 30, velocity: 0.95, key: "WMS", codes: 1, epics: 2,
			links: []linkDef{l(StaleKPIID, wantOnTrack), {kpi: NoValuesKPIID, want: wantFixed, baseline: 97.2, target: 99.5}}, story: true},
		{id: SlippedID, name: "ERP finance upgrade", portfolio: "Operations", owner: "Fatima Khan", status: "active",
			start: d(2025, 3, 3), end: d(2027, 3, 31), monthly: 45000, fixedBudget: 1350000, points: 40, velocity: 0.6, key: "ERP", codes: 2, epics: 3,
			links: []linkDef{{kpi: "KPI-DSO", want: wantBehind, due: d(2027, 3, 31)}}, story: true,
			milestones: []msDef{
				{name: "Discovery", start: d(2025, 3, 3), planned: d(2025, 6, 30), actual: d(2025, 7, 25), plannedCost: 150000, forecastCost: 165000},
				{name: "Design", start: d(2025, 7, 1), planned: d(2025, 10, 31), actual: d(2026, 1, 16), plannedCost: 250000, forecastCost: 320000},
				{name: "Build", start: d(2025, 11, 3), planned: d(2026, 4, 30), forecast: d(2026, 12, 18), plannedCost: 600000, forecastCost: 890000},
				{name: "User acceptance testing", start: d(2026, 5, 4), planned: d(2027, 1, 29), forecast: d(2027, 5, 28), plannedCost: 200000, forecastCost: 290000},
				{name: "Go-live, finance and procurement", start: d(2027, 2, 1), planned: d(2027, 3, 31), forecast: d(2027, 7, 30), plannedCost: 150000, forecastCost: 210000},
			}},
		{id: UnlinkedID, name: "Accounts payable automation (RPA)", portfolio: "Operations", owner: "Fatima Khan", status: "active",
			start: d(2025, 10, 6), end: d(2026, 12, 18), monthly: 20000, points: 20, velocity: 1, key: "RPA", codes: 1, epics: 1,
			story: true, everyDay: true},
		{id: InvalidLinkInitiativeID, name: "Fleet telematics", portfolio: "Operations", owner: "Oliver Grant", status: "active",
			start: d(2025, 7, 7), end: d(2027, 1, 29), monthly: 26000, points: 25, key: "FLEET", codes: 1, epics: 2,
			links: []linkDef{l("KPI-LOG-COST", wantOnTrack), {kpi: InvalidLinkKPIID, want: wantFixed, baseline: 34.0, target: 36.0}}},
		{id: "OPS-ROUTE", name: "Route optimisation", portfolio: "Operations", owner: "Oliver Grant", status: "active",
			start: d(2025, 10, 6), end: d(2027, 6, 30), monthly: 21000, points: 25, key: "ROUTE", codes: 1, epics: 2,
			links: []linkDef{l("KPI-LOG-COST", wantOnTrack)}},
		{id: "OPS-PROC", name: "Procurement e-sourcing", portfolio: "Operations", owner: "Fatima Khan", status: "active",
			start: d(2025, 5, 5), end: d(2026, 12, 18), monthly: 14000, points: 15, key: "PROC", codes: 1, epics: 1,
			links: []linkDef{l("KPI-DPO", wantOnTrack)}},
		{id: "OPS-HR", name: "HR self-service", portfolio: "Operations", owner: "Ruth Adeyemi", status: "active",
			start: d(2025, 8, 4), end: d(2027, 2, 26), monthly: 17000, points: 20, key: "HR", codes: 1, epics: 2,
			links: []linkDef{l("KPI-HR-COST", wantOnTrack)}},
		{id: "OPS-MAINT", name: "Predictive maintenance for depots", portfolio: "Operations", owner: "Oliver Grant", status: "active",
			start: d(2026, 2, 2), end: d(2027, 7, 30), monthly: 19000, points: 20, key: "PMX", codes: 1, epics: 2,
			links: []linkDef{l("KPI-MAINT", wantOnTrack)}},
		{id: "OPS-INV", name: "Three-way invoice matching", portfolio: "Operations", owner: "Fatima Khan", status: "active",
			start: d(2025, 6, 2), end: d(2026, 12, 18), monthly: 12000, points: 15, key: "INVM", codes: 1, epics: 1,
			links: []linkDef{l("KPI-DPO", wantAchieved)}},
		{id: "OPS-SUPP", name: "Supplier portal", portfolio: "Operations", owner: "Ruth Adeyemi", status: "done",
			start: d(2024, 12, 2), end: d(2026, 3, 31), monthly: 16000, points: 20, key: "SUPP", codes: 1, epics: 2,
			links: []linkDef{{kpi: "KPI-DPO", want: wantAchieved, due: d(2026, 3, 31)}}},
		{id: "OPS-LABEL", name: "Label printing replacement", portfolio: "Operations", owner: "Oliver Grant", status: "on_hold",
			start: d(2025, 6, 2), end: d(2027, 1, 29), stop: d(2026, 9, 30), monthly: 10000, points: 15, key: "LBL", codes: 1, epics: 1,
			links: []linkDef{l("KPI-LOG-COST", wantOnTrack)}},

		// Infrastructure
		{id: ZombieID, name: "Cloud migration and data centre exit", portfolio: "Infrastructure", owner: "Marcus Webb", status: "active",
			start: d(2025, 3, 3), end: d(2027, 6, 30), monthly: 140000, fixedBudget: 4500000, points: 40, velocity: 1.2, key: "CLOUD", codes: 2, epics: 3,
			links: []linkDef{{kpi: ZombieKPIID, want: wantFixed, baseline: 410, target: 250, due: d(2027, 3, 31)}}, story: true,
			milestones: []msDef{
				{name: "Landing zone", start: d(2025, 3, 3), planned: d(2025, 6, 27), actual: d(2025, 6, 20), plannedCost: 450000, forecastCost: 440000},
				{name: "Wave 1: non-production", start: d(2025, 6, 30), planned: d(2025, 12, 19), actual: d(2025, 12, 12), plannedCost: 900000, forecastCost: 880000},
				{name: "Wave 2: customer systems", start: d(2026, 1, 5), planned: d(2026, 7, 31), actual: d(2026, 7, 24), plannedCost: 1100000, forecastCost: 1090000},
				{name: "Wave 3: finance and ERP", start: d(2026, 8, 3), planned: d(2027, 1, 29), forecast: d(2027, 1, 29), plannedCost: 1000000, forecastCost: 1020000},
				{name: "Data centre exit", start: d(2027, 2, 1), planned: d(2027, 3, 31), forecast: d(2027, 5, 28), plannedCost: 600000, forecastCost: 780000},
			}},
		{id: "INF-NET", name: "SD-WAN network refresh", portfolio: "Infrastructure", owner: "Marcus Webb", status: "active",
			start: d(2025, 5, 5), end: d(2027, 1, 29), monthly: 33000, points: 25, key: "NET", codes: 2, epics: 2,
			links: []linkDef{l("KPI-IT-RUN", wantOnTrack), l("KPI-AVAIL", wantOnTrack)}},
		{id: "INF-IAM", name: "Identity and access management", portfolio: "Infrastructure", owner: "Chloe Nguyen", status: "active",
			start: d(2025, 8, 4), end: d(2027, 3, 31), monthly: 25000, points: 25, key: "IAM", codes: 1, epics: 2,
			links: []linkDef{l("KPI-IT-RUN", wantOnTrack)}},
		{id: "INF-EUC", name: "Laptop and end-user device refresh", portfolio: "Infrastructure", owner: "Chloe Nguyen", status: "active",
			start: d(2026, 1, 5), end: d(2027, 3, 31), monthly: 38000, points: 15, key: "EUC", codes: 1, epics: 1,
			links: []linkDef{l("KPI-IT-RUN", wantOnTrack)}},
		{id: "INF-BACKUP", name: "Backup modernisation", portfolio: "Infrastructure", owner: "Marcus Webb", status: "active",
			start: d(2025, 11, 3), end: d(2027, 2, 26), monthly: 15000, points: 15, key: "BKP", codes: 1, epics: 1,
			links: []linkDef{l("KPI-IT-RUN", wantOnTrack)}},
		{id: "INF-SOC", name: "Security operations centre", portfolio: "Infrastructure", owner: "Chloe Nguyen", status: "active",
			start: d(2025, 4, 7), end: d(2027, 3, 31), monthly: 36000, points: 30, key: "SOC", codes: 2, epics: 2,
			links: []linkDef{l("KPI-FRAUD", wantOnTrack), l("KPI-MTTR", wantOnTrack)}},
		{id: "INF-DR", name: "Disaster recovery site", portfolio: "Infrastructure", owner: "Marcus Webb", status: "done",
			start: d(2024, 12, 2), end: d(2026, 5, 29), monthly: 28000, points: 20, key: "DR", codes: 1, epics: 2,
			links: []linkDef{{kpi: "KPI-IT-RUN", want: wantAchieved, due: d(2026, 5, 29)}}},
		{id: "INF-MAIL", name: "Email archive retirement", portfolio: "Infrastructure", owner: "Chloe Nguyen", status: "done",
			start: d(2025, 1, 6), end: d(2026, 2, 27), monthly: 9000, points: 10, key: "MAIL", codes: 1, epics: 1,
			links: []linkDef{{kpi: "KPI-IT-RUN", want: wantAchieved, due: d(2026, 2, 27)}}},
		{id: "INF-VOIP", name: "Telephony move to Teams", portfolio: "Infrastructure", owner: "Marcus Webb", status: "proposed",
			start: d(2027, 2, 1), end: d(2027, 11, 26), monthly: 12000, key: "VOIP", codes: 1, epics: 1},

		// Data & Analytics
		{id: TechOnlyID, name: "Data platform migration to Snowflake", portfolio: "Data & Analytics", owner: "Aisha Rahman", status: "active",
			start: d(2025, 9, 1), end: d(2027, 3, 31), monthly: 60000, points: 30, velocity: 0.95, key: "DPM", codes: 1, epics: 2,
			links: []linkDef{{kpi: TechKPIID, want: wantFixed, baseline: 0, target: 100, due: d(2027, 3, 31)}}, story: true, invoiceOnly: true},
		{id: ChangedID, name: "Self-service BI rollout", portfolio: "Data & Analytics", owner: "Tom Fischer", status: "active",
			start: d(2026, 2, 2), end: d(2027, 1, 29), monthly: 17000, points: 20, velocity: 1, key: "BI", codes: 1, epics: 2,
			links: []linkDef{l("KPI-BI-COST", wantOnTrack)}, story: true},
		{id: "DAT-FCST", name: "Demand forecasting models", portfolio: "Data & Analytics", owner: "Aisha Rahman", status: "active",
			start: d(2025, 6, 2), end: d(2027, 1, 29), monthly: 24000, points: 25, key: "FCST", codes: 1, epics: 2,
			links: []linkDef{l("KPI-MARGIN", wantOnTrack)}},
		{id: "DAT-MDM", name: "Customer master data management", portfolio: "Data & Analytics", owner: "Tom Fischer", status: "active",
			start: d(2025, 9, 1), end: d(2027, 6, 30), monthly: 20000, points: 20, key: "MDM", codes: 1, epics: 2,
			links: []linkDef{l("KPI-BI-COST", wantOnTrack)}},
		{id: "DAT-GOV", name: "Data quality programme", portfolio: "Data & Analytics", owner: "Tom Fischer", status: "active",
			start: d(2026, 4, 6), end: d(2027, 4, 30), monthly: 11000, points: 15, key: "DQ", codes: 1, epics: 1,
			links: []linkDef{l("KPI-BI-COST", wantOnTrack)}},
		{id: "DAT-PRICE", name: "Dynamic pricing", portfolio: "Data & Analytics", owner: "Aisha Rahman", status: "active",
			start: d(2025, 10, 6), end: d(2027, 3, 31), monthly: 27000, points: 25, key: "PRICE", codes: 1, epics: 2,
			links: []linkDef{l("KPI-MARGIN", wantOnTrack)}},
		{id: "DAT-CHURN", name: "Churn prediction", portfolio: "Data & Analytics", owner: "Aisha Rahman", status: "active",
			start: d(2026, 3, 2), end: d(2027, 2, 26), monthly: 13000, points: 15, key: "CHRN", codes: 1, epics: 1,
			links: []linkDef{l("KPI-CHURN", wantOnTrack)}},
		{id: "DAT-FRAUD", name: "Real-time fraud detection", portfolio: "Data & Analytics", owner: "Tom Fischer", status: "active",
			start: d(2025, 1, 6), end: d(2026, 12, 18), monthly: 31000, points: 30, key: "FRD", codes: 2, epics: 2,
			links: []linkDef{l("KPI-FRAUD", wantAchieved)}},
		{id: "DAT-GENAI", name: "Generative AI assistant pilot", portfolio: "Data & Analytics", owner: "Aisha Rahman", status: "proposed",
			start: d(2027, 1, 4), end: d(2027, 9, 24), monthly: 15000, key: "GENAI", codes: 1, epics: 1},
	}
}

type kpiDef struct {
	id, name, unit, direction, owner, statement, lineItem string
	weekly                                                bool
	v0, drift, noise                                      float64 // start value, yearly improvement (fraction), noise (fraction)
	dec                                                   int
	from, until                                           day // first and last value; zero: the whole window
	none                                                  bool
}

func kpiDefs() []kpiDef {
	return []kpiDef{
		{id: ZombieKPIID, name: "Data centre hosting cost", unit: "GBP k per month", direction: "decrease", owner: "Marcus Webb", statement: "pnl", lineItem: "Data centre hosting", v0: 408, noise: 0.004, dec: 1},
		{id: "KPI-CC-COST", name: "Contact centre cost", unit: "GBP k per month", direction: "decrease", owner: "Head of Customer Service", statement: "pnl", lineItem: "Contact centre costs", v0: 820, drift: 0.12, noise: 0.005, dec: 1},
		{id: "KPI-DIG-REV", name: "Digital channel revenue", unit: "GBP k per week", direction: "increase", owner: "Chief Digital Officer", statement: "pnl", lineItem: "Revenue - digital channels", weekly: true, v0: 1450, drift: 0.15, noise: 0.006, dec: 1},
		{id: StaleKPIID, name: "Inventory days", unit: "days", direction: "decrease", owner: "Supply Chain Director", statement: "balance_sheet", lineItem: "Inventory", v0: 48, drift: 0.1, noise: 0.006, dec: 1, until: d(2026, 8, 31)},
		{id: "KPI-DSO", name: "Days sales outstanding", unit: "days", direction: "decrease", owner: "Financial Controller", statement: "balance_sheet", lineItem: "Trade receivables", v0: 52, drift: 0.08, noise: 0.006, dec: 1},
		{id: "KPI-DPO", name: "Days payable outstanding", unit: "days", direction: "increase", owner: "Financial Controller", statement: "balance_sheet", lineItem: "Trade payables", v0: 38, drift: 0.1, noise: 0.006, dec: 1},
		{id: "KPI-LOG-COST", name: "Logistics cost per order", unit: "GBP", direction: "decrease", owner: "Operations Director", statement: "pnl", lineItem: "Distribution costs", weekly: true, v0: 6.8, drift: 0.09, noise: 0.004, dec: 2},
		{id: "KPI-MAINT", name: "Depot maintenance cost", unit: "GBP k per month", direction: "decrease", owner: "Operations Director", statement: "pnl", lineItem: "Repairs and maintenance", v0: 310, drift: 0.1, noise: 0.006, dec: 1},
		{id: "KPI-IT-RUN", name: "IT run cost", unit: "GBP k per month", direction: "decrease", owner: "Chief Information Officer", statement: "pnl", lineItem: "IT operating costs", v0: 2150, drift: 0.07, noise: 0.003, dec: 0},
		{id: "KPI-FRAUD", name: "Fraud losses", unit: "GBP k per month", direction: "decrease", owner: "Chief Risk Officer", statement: "pnl", lineItem: "Fraud losses", v0: 240, drift: 0.18, noise: 0.008, dec: 1},
		{id: "KPI-MARGIN", name: "Gross margin", unit: "%", direction: "increase", owner: "Chief Financial Officer", statement: "pnl", lineItem: "Gross margin", v0: 31.5, drift: 0.04, noise: 0.001, dec: 2},
		{id: "KPI-CHURN", name: "Revenue lost to churn", unit: "GBP k per month", direction: "decrease", owner: "Chief Customer Officer", statement: "pnl", lineItem: "Revenue", v0: 560, drift: 0.12, noise: 0.006, dec: 1},
		{id: "KPI-HR-COST", name: "HR admin cost per employee", unit: "GBP per year", direction: "decrease", owner: "HR Director", statement: "pnl", lineItem: "Staff costs", v0: 1180, drift: 0.08, noise: 0.004, dec: 0},
		{id: "KPI-BI-COST", name: "Reporting and analysis cost", unit: "GBP k per month", direction: "decrease", owner: "Chief Financial Officer", statement: "pnl", lineItem: "Professional fees", v0: 145, drift: 0.12, noise: 0.005, dec: 1},
		{id: TechKPIID, name: "Data platform migration completion", unit: "%", direction: "increase", owner: "Aisha Rahman", statement: "none", weekly: true, noise: 0.01, dec: 1, from: d(2025, 9, 8)},
		{id: "KPI-APP-RATING", name: "App store rating", unit: "stars", direction: "increase", owner: "Chief Digital Officer", weekly: true, v0: 3.6, drift: 0.08, noise: 0.002, dec: 2},
		{id: "KPI-AVAIL", name: "Network availability", unit: "%", direction: "increase", owner: "Marcus Webb", statement: "none", weekly: true, v0: 99.2, drift: 0.003, noise: 0.0001, dec: 3},
		{id: NoValuesKPIID, name: "Order pick accuracy", unit: "%", direction: "increase", owner: "Supply Chain Director", statement: "none", dec: 1, none: true},
		{id: InvalidLinkKPIID, name: "Fuel use per 100 km", unit: "litres", direction: "decrease", owner: "Oliver Grant", statement: "none", weekly: true, v0: 34.5, drift: 0.06, noise: 0.004, dec: 1},
		{id: "KPI-NPS", name: "Net promoter score", unit: "points", direction: "increase", owner: "Chief Customer Officer", statement: "none", v0: 22, drift: 0.2, noise: 0.008, dec: 1},
		{id: "KPI-MTTR", name: "Mean time to restore service", unit: "hours", direction: "decrease", owner: "Chloe Nguyen", statement: "none", weekly: true, v0: 7.5, drift: 0.2, noise: 0.01, dec: 2},
	}
}
