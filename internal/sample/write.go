package sample

import (
	"math"
	"strconv"
)

func (g *gen) writeInitiatives() []byte {
	b := []byte("initiative_id,name,portfolio,owner,status,start_date,end_date,approved_budget,planned_points\n")
	for _, in := range g.inits {
		b = appendField(b, in.id)
		b = append(b, ',')
		b = appendField(b, in.name)
		b = append(b, ',')
		b = appendField(b, in.portfolio)
		b = append(b, ',')
		b = appendField(b, in.owner)
		b = append(b, ',')
		b = append(b, in.status...)
		b = append(b, ',')
		b = appendDate(b, in.start)
		b = append(b, ',')
		b = appendDate(b, in.end)
		b = append(b, ',')
		b = appendCents(b, in.budget)
		b = append(b, ',')
		if in.points > 0 {
			b = strconv.AppendFloat(b, in.points, 'f', -1, 64)
		}
		b = append(b, '\n')
	}
	return b
}

func (g *gen) writeMappings() []byte {
	b := []byte("system,key,initiative_id,retire_by\n")
	for _, in := range g.inits {
		for _, c := range in.codes {
			b = appendRow(b, "finance", c, in.id, "")
		}
	}
	for _, in := range g.inits {
		for _, e := range in.epics {
			b = appendRow(b, "delivery", e, in.id, "")
		}
	}
	b = appendRow(b, "retires", RetiredCodePrefix+"*", ZombieID, RetireBy)
	return b
}

// phases split an ordinary initiative's timeline and budget.
var phases = []struct {
	name       string
	time, cost float64
}{
	{"Discovery", 0.12, 0.08},
	{"Design", 0.2, 0.17},
	{"Build", 0.45, 0.5},
	{"Rollout", 0.23, 0.25},
}

func (g *gen) writeMilestones() []byte {
	b := []byte("initiative_id,milestone,start_date,planned_end_date,forecast_end_date,actual_end_date,planned_cost,forecast_cost\n")
	for _, in := range g.inits {
		ms := in.milestones
		if ms == nil {
			ms = g.plan(in)
		}
		for _, m := range ms {
			b = appendField(b, in.id)
			b = append(b, ',')
			b = appendField(b, m.name)
			b = append(b, ',')
			b = appendDate(b, m.start)
			b = append(b, ',')
			b = appendDate(b, m.planned)
			b = append(b, ',')
			if m.forecast != 0 {
				b = appendDate(b, m.forecast)
			}
			b = append(b, ',')
			if m.actual != 0 {
				b = appendDate(b, m.actual)
			}
			b = append(b, ',')
			b = appendCents(b, cents(m.plannedCost))
			b = append(b, ',')
			b = appendCents(b, cents(m.forecastCost))
			b = append(b, '\n')
		}
	}
	return b
}

// plan returns an ordinary initiative's milestones: finished on or a few days
// before plan, the rest forecast on plan at about planned cost. A cancelled
// initiative keeps only what it finished.
func (g *gen) plan(in *initiative) []msDef {
	rng := g.rng(in.id + "/milestones")
	budget := float64(in.budget) / 100
	var ms []msDef
	start, at := in.start, 0.0
	for i, p := range phases {
		at += p.time
		end := workday(in.start + day(math.Round(at*float64(in.end-in.start))))
		if i == len(phases)-1 {
			end = in.end
		}
		m := msDef{name: p.name, start: start, planned: end, plannedCost: math.Round(budget*p.cost/1000) * 1000}
		if end < asOf {
			m.actual = workday(end - day(rng.IntN(6)))
			m.forecast = m.actual
			m.forecastCost = math.Round(m.plannedCost*(0.96+0.05*rng.Float64())/100) * 100
		} else {
			m.forecast = end
			m.forecastCost = math.Round(m.plannedCost*(0.98+in.costUplift+0.04*rng.Float64())/100) * 100
		}
		if in.status == "cancelled" && end > in.stop {
			break
		}
		ms = append(ms, m)
		start = end + 1
		for !start.businessDay() {
			start++
		}
	}
	return ms
}

// workday returns t, or the working day before it when t falls on a weekend.
func workday(t day) day {
	for !t.businessDay() {
		t--
	}
	return t
}

func (g *gen) writeKPIs() []byte {
	b := []byte("kpi_id,name,unit,direction,owner,statement,line_item\n")
	for _, k := range g.kpi {
		b = appendRow(b, k.id, k.name, k.unit, k.direction, k.owner, k.statement, k.lineItem)
	}
	return b
}

func (g *gen) writeKPIValues() []byte {
	b := []byte("kpi_id,date,value\n")
	for _, k := range g.kpi {
		for i, t := range k.dates {
			b = appendField(b, k.id)
			b = append(b, ',')
			b = appendDate(b, t)
			b = append(b, ',')
			b = appendFloat(b, k.vals[i], k.dec)
			b = append(b, '\n')
		}
	}
	return b
}

func (g *gen) writeLinks() []byte {
	b := []byte("initiative_id,kpi_id,baseline,target,due_date,start_date\n")
	for _, l := range g.links {
		b = appendField(b, l.initiative)
		b = append(b, ',')
		b = appendField(b, l.kpi)
		b = append(b, ',')
		b = appendFloat(b, l.baseline, l.dec)
		b = append(b, ',')
		b = appendFloat(b, l.target, l.dec)
		b = append(b, ',')
		b = appendDate(b, l.due)
		b = append(b, ',')
		if l.start != 0 {
			b = appendDate(b, l.start)
		}
		b = append(b, '\n')
	}
	return b
}
