package sample

// Status reports: each running initiative's owner reports fortnightly, on
// the Friday that ends an audit, from 2026-01-09. The stories of
// docs/sample.md: the zombie reports green throughout (a watermelon), the
// ERP upgrade re-baselines twice and ends on three reds in a row with an
// unexplained cost rise of exactly 5%, the warehouse system stops reporting
// in September, and the BI rollout stays green as it crosses its budget.

// RetiredCodePrefix is the on-prem hosting code family ZombieID promised to
// retire by RetireBy; the colocation invoices keep arriving after it.
const (
	RetiredCodePrefix = "DC-ONPREM-"
	// RetiredCode is the legacy data centre's colocation code.
	RetiredCode = "DC-ONPREM-COLO"
	// RetireBy is the date ZombieID promised its on-prem hosting would stop.
	RetireBy = "2026-06-30"
)

var firstReport = mkDay(2026, 1, 9)

type statusReport struct {
	on        day
	rating    string
	end       day
	cost      int64 // pence; 0 = not given
	narrative string
}

func (g *gen) writeStatusReports() []byte {
	b := []byte("initiative_id,reported_on,rating,end_date,whole_life_cost,narrative\n")
	for _, in := range g.inits {
		for _, r := range g.reports(in) {
			b = appendField(b, in.id)
			b = append(b, ',')
			b = appendDate(b, r.on)
			b = append(b, ',')
			b = append(b, r.rating...)
			b = append(b, ',')
			b = appendDate(b, r.end)
			b = append(b, ',')
			if r.cost > 0 {
				b = appendCents(b, r.cost)
			}
			b = append(b, ',')
			b = appendField(b, r.narrative)
			b = append(b, '\n')
		}
	}
	return b
}

// reports returns an initiative's status reports, oldest first.
func (g *gen) reports(in *initiative) []statusReport {
	if in.status == "proposed" {
		return nil
	}
	last := in.end
	if in.stop != 0 {
		last = in.stop
	}
	if in.id == StaleID {
		last = mkDay(2026, 9, 18) // the owner stopped reporting
	}
	rng := g.rng(in.id + "/reports")
	var out []statusReport
	end, cost := in.end, in.budget
	for t := firstReport; t <= asOf && t <= last; t += 14 {
		if t < in.start {
			continue
		}
		r := statusReport{on: t, rating: "green", end: end, cost: cost}
		switch in.id {
		case ZombieID:
			r.narrative = "All migration waves on schedule; velocity above plan."
		case SlippedID:
			r.rating, r.narrative = "amber", "Data migration under way."
			switch {
			case t == mkDay(2026, 5, 15):
				end += 92
				r.end, r.narrative = end, "End date moved a quarter: data migration re-planned after the first rehearsal."
			case t == mkDay(2026, 9, 4):
				end += 90
				cost = cost * 115 / 100 / 100000 * 100000
				r.end, r.cost, r.rating = end, cost, "amber_red"
				r.narrative = "Re-baselined: the second migration rehearsal failed; end date and cost reset."
			case t == mkDay(2026, 10, 16):
				r.narrative = "Recovery plan agreed with the supplier."
			case t == mkDay(2026, 10, 30):
				r.rating, r.narrative = "red", "Recovery plan slipping."
			case t == mkDay(2026, 11, 13):
				r.rating, r.narrative = "red", "Supplier resourcing gap."
			case t == asOf:
				// Exactly 5% more, and nobody says why.
				cost = cost * 105 / 100
				r.cost, r.rating, r.narrative = cost, "red", ""
			case t > mkDay(2026, 7, 20):
				r.rating, r.narrative = "amber_red", "Re-plan in progress."
			}
		case OverBudgetID:
			r.rating, r.narrative = "amber_green", "Licences and integration on plan."
			if t >= mkDay(2026, 9, 4) {
				r.rating, r.narrative = "amber", "Over the approved budget; a change request is with the board."
			}
		case OverdueID:
			r.rating, r.narrative = "amber", "Relaunch live; uptake slower than planned."
			if t >= prevAsOf {
				r.rating = "amber_red" // two in a row: not yet persistent
			}
		case ChangedID:
			r.narrative = "Rollout on plan."
		case UnlinkedID:
			r.rating, r.narrative = "amber_green", "Bots in production; benefits not yet measured."
		default:
			if rng.IntN(5) == 0 {
				r.rating = "amber_green"
			}
			if rng.IntN(3) > 0 {
				r.narrative = "On track."
			}
		}
		out = append(out, r)
	}
	return out
}
