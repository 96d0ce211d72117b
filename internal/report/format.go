package report

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Format says how a column's values are shown to people. The site and the
// board pack take it from here, so a figure reads the same in both.
type Format string

// Formats.
const (
	Plain   Format = "plain"   // text, or a number as it is
	Integer Format = "integer" // 1,234
	Money   Format = "money"   // 1,234,567 (reporting currency, no decimals)
	Percent Format = "percent" // value already in percent: 12.5 -> 12.5%
	Ratio   Format = "ratio"   // a share: 0.125 -> 12.5%
	Number  Format = "number"  // 1,234.56
	DateF   Format = "date"    // 2026-11-27
	YesNo   Format = "yesno"   // yes / no
)

// ExcelNumFmt is the Excel custom number format for f, "" for text-like formats.
func (f Format) ExcelNumFmt() string {
	switch f {
	case Money:
		return "#,##0.00;[Red]-#,##0.00" // to the cent: the pack's figures add up to the CSVs'
	case Integer:
		return "#,##0"
	case Percent:
		return `0.0"%"`
	case Ratio:
		return "0.0%"
	case Number:
		return "#,##0.00"
	case DateF:
		return "yyyy-mm-dd"
	}
	return ""
}

// moneyWords mark money columns by name.
var moneyWords = []string{"cost", "budget", "spend", "amount", "impact", "value_at_risk", "achieved_value", "overrun_amount"}

// FormatFor picks the format of a column from its type and name. Names are the
// documented output contract (docs/outputs.md), so the rule is stable:
// *_pct is a percent, share/ratio/progress/elapsed are ratios, money words are money.
func FormatFor(name string, t Type) Format {
	n := strings.ToLower(name)
	switch t {
	case Date:
		return DateF
	case Bool:
		return YesNo
	case Text:
		return Plain
	}
	switch {
	case strings.HasSuffix(n, "_pct"):
		return Percent
	case strings.Contains(n, "share") || strings.Contains(n, "ratio") ||
		n == "progress" || n == "elapsed" || strings.HasSuffix(n, "_progress"):
		return Ratio
	case n == "overrun": // a bool in initiative_status; never money
		return Plain
	case n == "line" || strings.HasSuffix(n, "_line"): // a file line, read as written: 24656
		return Plain
	}
	for _, w := range moneyWords {
		if strings.Contains(n, w) && !strings.Contains(n, "variance_pct") {
			return Money
		}
	}
	if t == Int {
		return Integer
	}
	return Number
}

// Display renders v for a person in format f.
func (f Format) Display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case time.Time:
		return x.Format("2006-01-02")
	case int64:
		return f.number(float64(x))
	case float64:
		return f.number(x)
	case Dec:
		return f.decimal(x)
	}
	return ""
}

// decimal shows an exact decimal: money and counts rounded exactly (never
// through a double), other formats as numbers.
func (f Format) decimal(d Dec) string {
	switch f {
	case Money, Integer:
		return group(d.Rescale(0).String())
	case Number:
		return groupDecimal(d.Rescale(2).String())
	case Plain:
		return d.String()
	}
	return f.number(d.Float64())
}

func (f Format) number(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	switch f {
	case Money, Integer:
		return group(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	case Percent:
		return strconv.FormatFloat(x, 'f', 1, 64) + "%"
	case Ratio:
		return strconv.FormatFloat(x*100, 'f', 1, 64) + "%"
	case Number:
		return groupDecimal(strconv.FormatFloat(x, 'f', 2, 64))
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

func groupDecimal(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	out := s
	if i := strings.IndexByte(s, '.'); i < 0 {
		out = group(s)
	} else {
		out = group(s[:i]) + s[i:]
	}
	if neg && strings.Trim(out, "0.,") != "" {
		return "-" + out
	}
	return out
}

// group inserts thousands separators into an integer string.
func group(s string) string {
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	if s == "0" {
		neg = false
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
