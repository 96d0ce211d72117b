package sample

// The stories the sample data tells as of AsOf. docs/sample.md describes what
// a board member sees for each; tests elsewhere may assert on these ids.
const (
	// AsOf is the default as-of date the sample is designed for; no KPI
	// value or spend line is dated after it.
	AsOf = "2026-11-27"
	// PreviousAsOf is the as-of date of the previous fortnightly audit.
	PreviousAsOf = "2026-11-13"

	// ZombieID is the zombie cloud migration: active, 4.5M budget, about 2.9M
	// spent, sprint velocity above plan, yet its data-centre hosting KPI
	// (ZombieKPIID, P&L) rose above baseline because legacy servers kept
	// running. Outcome regressing, divergent, review-flagged, escalated to
	// executive.
	ZombieID = "INF-CLOUD"
	// ZombieKPIID is the data-centre hosting cost KPI the zombie regresses on.
	ZombieKPIID = "KPI-DC-HOST"

	// TechOnlyID is linked only to a technical KPI (TechKPIID, statement
	// none): on track, but it lacks a balance-sheet link. Its spend is billed
	// monthly, so it has no spend in the current period and no funding hold.
	TechOnlyID = "DAT-PLATFORM"
	// TechKPIID is the migration completion percentage TechOnlyID reports.
	TechKPIID = "KPI-MIG-PCT"

	// UnlinkedID is active, spends every working day (including the current
	// audit period) and has no KPI link: outcome unlinked, lacks a
	// balance-sheet link, funding hold.
	UnlinkedID = "OPS-RPA"

	// AchievedID is a done initiative whose financial KPI (contact centre
	// cost, P&L) passed its target: outcome achieved.
	AchievedID = "CUS-SELF"

	// StaleID's KPIs have gone quiet: its financial KPI (StaleKPIID) was last
	// reported on 2026-08-31 and its second KPI (NoValuesKPIID) never was.
	// Outcome no_data.
	StaleID = "OPS-WMS"
	// StaleKPIID is the inventory-days KPI whose last value is 2026-08-31.
	StaleKPIID = "KPI-INV-DAYS"
	// NoValuesKPIID is a KPI linked to StaleID that has no values at all.
	NoValuesKPIID = "KPI-PICK-ACC"

	// OverBudgetID spent past its approved budget (crossed in September
	// 2026): overrun, review-flagged, escalated to cio (impact about 0.7M).
	OverBudgetID = "CUS-CRM"

	// SlippedID has three slipped milestones (two finished late, one still
	// open past its planned end), forecast costs well above plan (red
	// variance band), velocity well below plan and outcome behind.
	SlippedID = "OPS-ERP"

	// OverdueID's KPI window closed on 2026-09-30 with about half the
	// improvement delivered: outcome overdue, review-flagged, escalated to
	// cio.
	OverdueID = "CUS-LOYAL"

	// ChangedID crossed its budget with spend posted 2026-11-16..27: not
	// flagged at PreviousAsOf, flagged (overrun, pmo) at AsOf, so it is the
	// row in the changes since the last audit.
	ChangedID = "DAT-BI"

	// InvalidLinkInitiativeID has a second link (to InvalidLinkKPIID) whose
	// target disagrees with the KPI's direction: a decrease KPI with a
	// target above baseline.
	InvalidLinkInitiativeID = "OPS-FLEET"
	// InvalidLinkKPIID is the KPI of the invalid link.
	InvalidLinkKPIID = "KPI-FUEL"

	// UnmappedProjectCode is a project code on spend lines that no mapping
	// names. Other spend lines have an empty project code.
	UnmappedProjectCode = "LEGACY-99"
	// UnmappedEpicKey is an epic on issues that no mapping names. Other
	// issues have no epic.
	UnmappedEpicKey = "LEG-1"
)
