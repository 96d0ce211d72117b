package sample

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
)

type issue struct {
	created, resolved     day // resolved zero: open
	createdAt, resolvedAt int // seconds into the day; -1: date only
	points                int // 0: not estimated
	status, epic          string
}

var pointScale = [...]int{1, 2, 2, 3, 3, 3, 5, 5, 5, 8, 8, 13}

func periodStart(t day) day {
	k := (int(t) - int(anchor)) / 14
	if int(t) < int(anchor) && (int(anchor)-int(t))%14 != 0 {
		k--
	}
	return anchor + day(14*k)
}

const issuesHeader = "issue_key,epic_key,story_points,status,created,resolved\n"

// issues writes issues.csv: per initiative, stories resolved fortnight by
// fortnight at its planned velocity, plus an open backlog; then work under an
// unmapped legacy epic and support tickets with no epic.
func (g *gen) issues() []byte {
	var b bytes.Buffer
	b.Grow(g.scale * 400 << 10)
	buf := append(make([]byte, 0, 1<<16), issuesHeader...)
	for _, in := range g.inits {
		if in.points == 0 || in.start > asOf {
			continue
		}
		last := min(in.end, asOf)
		if in.stop != 0 {
			last = min(in.stop, last)
		}
		rng := g.rng(in.id + "/issues")
		var list []issue
		for ps := periodStart(in.start); ps <= last; ps += 14 {
			from, to := max(ps, in.start), min(ps+13, last)
			target := in.points * in.velocity * float64(to-from+1) / 14 * (0.92 + 0.16*rng.Float64())
			for sum := 0; ; {
				is := newIssue(rng, from+day(rng.IntN(int(to-from)+1)), in.epics)
				if float64(sum)+float64(is.points)/2 > target {
					break
				}
				is.created = max(is.created, in.start)
				sum += is.points
				list = append(list, is)
				if rng.IntN(25) == 0 {
					// An unestimated bug fixed along the way.
					ub := newIssue(rng, from+day(rng.IntN(int(to-from)+1)), in.epics)
					ub.points = 0
					ub.created = max(ub.created, in.start)
					list = append(list, ub)
				}
			}
		}
		if last == asOf {
			for k := 6 + rng.IntN(10); k > 0; k-- {
				is := newIssue(rng, asOf, in.epics)
				is.created = asOf - day(rng.IntN(45))
				is.resolved, is.resolvedAt = 0, -1
				is.status = [...]string{"To Do", "To Do", "In Progress", "In Review"}[rng.IntN(4)]
				if rng.IntN(4) == 0 {
					is.points = 0
				}
				list = append(list, is)
			}
		}
		buf = appendIssues(buf, in.key, len(in.epics)+1, list)
		if len(buf) > 1<<15 {
			b.Write(buf)
			buf = buf[:0]
		}
	}
	for r := 1; r <= g.scale; r++ {
		rng := g.rng("background-issues/" + strconv.Itoa(r))
		legacy := []string{UnmappedEpicKey, "LEG-2"}
		var leg, sup []issue
		for ps := periodStart(windowStart); ps <= asOf; ps += 14 {
			to := min(ps+13, asOf)
			for k := 2 + rng.IntN(3); k > 0; k-- {
				leg = append(leg, newIssue(rng, ps+day(rng.IntN(int(to-ps)+1)), legacy))
			}
			for k := 3 + rng.IntN(4); k > 0; k-- {
				is := newIssue(rng, ps+day(rng.IntN(int(to-ps)+1)), nil)
				if rng.IntN(3) == 0 {
					is.points = 0
				}
				sup = append(sup, is)
			}
		}
		sfx := ""
		if r > 1 {
			sfx = strconv.Itoa(r)
		}
		buf = appendIssues(buf, "LEG"+sfx, 3, leg)
		buf = appendIssues(buf, "SUP"+sfx, 1, sup)
		b.Write(buf)
		buf = buf[:0]
	}
	b.Write(buf)
	return b.Bytes()
}

// newIssue returns a story resolved on t, created up to five weeks earlier;
// about a quarter of the timestamps carry a time of day.
func newIssue(rng *rand.Rand, t day, epics []string) issue {
	is := issue{
		resolved:   t,
		created:    t - day(1+rng.IntN(35)),
		createdAt:  -1,
		resolvedAt: -1,
		points:     pointScale[rng.IntN(len(pointScale))],
		status:     "Done",
	}
	if len(epics) > 0 {
		is.epic = epics[rng.IntN(len(epics))]
	}
	if rng.IntN(4) == 0 {
		is.createdAt = 8*3600 + 60*rng.IntN(600)
		is.resolvedAt = 8*3600 + 60*rng.IntN(600)
	}
	return is
}

// appendIssues numbers a project's issues from first in creation order, as
// the tracker would have.
func appendIssues(b []byte, key string, first int, list []issue) []byte {
	slices.SortStableFunc(list, func(x, y issue) int {
		if x.created != y.created {
			return int(x.created - y.created)
		}
		return x.createdAt - y.createdAt
	})
	for i, is := range list {
		b = append(b, key...)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(first+i), 10)
		b = append(b, ',')
		b = append(b, is.epic...)
		b = append(b, ',')
		if is.points > 0 {
			b = strconv.AppendInt(b, int64(is.points), 10)
		}
		b = append(b, ',')
		b = append(b, is.status...)
		b = append(b, ',')
		b = appendStamp(b, is.created, is.createdAt)
		b = append(b, ',')
		if is.resolved != 0 {
			b = appendStamp(b, is.resolved, is.resolvedAt)
		}
		b = append(b, '\n')
	}
	return b
}

func appendStamp(b []byte, t day, sec int) []byte {
	if sec < 0 {
		return appendDate(b, t)
	}
	return appendTimestamp(b, t, sec)
}
