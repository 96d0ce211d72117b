package site

import (
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/throughline/throughline/internal/report"
)

// statusColors gives governance words one colour everywhere, from the
// vocabulary (red = act, amber = watch, green = fine, grey = unknown), so a
// chart's colours mean what the status badges mean. Series are named by the
// word's label or its code; symbols and legends still carry the words.
var statusColors = func() map[string]string {
	m := map[string]string{strings.ToLower(finishedSeries): "#5d6d7e"}
	for _, w := range report.Vocabulary {
		if w.Kind == report.KindFlag || w.Kind == report.KindHold {
			continue // true/false: not series names
		}
		for _, k := range []string{w.Code, w.Label} {
			if _, ok := m[strings.ToLower(k)]; !ok {
				m[strings.ToLower(k)] = w.Color
			}
		}
	}
	return m
}()

// statusColor returns the colour for a status word, or "" to keep the theme's.
func statusColor(name string) string { return statusColors[strings.ToLower(name)] }

// colorSeries sets a series' colour from its name when it is a status word.
func colorSeries(name string) charts.SeriesOpts {
	return func(s *charts.SingleSeries) {
		if c := statusColor(name); c != "" {
			if s.ItemStyle == nil {
				s.ItemStyle = &opts.ItemStyle{}
			}
			s.ItemStyle.Color = c
		}
	}
}
