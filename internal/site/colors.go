package site

import (
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// statusColors gives governance words one colour everywhere (red = act,
// amber = watch, green = fine, grey = unknown), so a chart's colours mean
// what the status badges mean. Symbols and legends still carry the words.
var statusColors = map[string]string{
	"regressing": "#c0392b", "overdue": "#e74c3c", "behind": "#e67e22", "no_data": "#95a5a6",
	"on_track": "#27ae60", "achieved": "#1e8449", "unlinked": "#7f8c8d", "unmapped": "#bdc3c7",
	"invalid":   "#8e44ad",
	"executive": "#c0392b", "cio": "#e67e22", "pmo": "#f1c40f", "none": "#27ae60",
	"red": "#c0392b", "yellow": "#f1c40f", "green": "#27ae60",
	"delivery green, outcome red":   "#c0392b",
	"delivery green, outcome green": "#27ae60",
	"delivery red, outcome green":   "#f39c12",
	"delivery red, outcome red":     "#7f8c8d",
}

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
