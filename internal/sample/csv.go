package sample

import (
	"math"
	"strconv"
	"time"
)

// day is a calendar date as days since 1970-01-01. The generator does all
// date arithmetic on it; formatting never touches the time package.
type day int32

func mkDay(y, m, d int) day {
	return day(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// civil converts a day to year, month, day (Hinnant's days_from_civil inverse).
func (d day) civil() (y, m, dd int) {
	z := int64(d) + 719468
	era := z / 146097
	if z < 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	ddd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mp >= 10 {
		mm = mp - 9
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(ddd)
}

// weekday returns 0 for Sunday through 6 for Saturday.
func (d day) weekday() int { return int((int64(d)%7 + 11) % 7) }

func (d day) businessDay() bool { w := d.weekday(); return w != 0 && w != 6 }

func (d day) String() string { return string(appendDate(nil, d)) }

// monthEnd returns the last day of d's month.
func (d day) monthEnd() day {
	y, m, _ := d.civil()
	if m == 12 {
		return mkDay(y+1, 1, 1) - 1
	}
	return mkDay(y, m+1, 1) - 1
}

func appendDate(b []byte, d day) []byte {
	y, m, dd := d.civil()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+dd/10), byte('0'+dd%10))
	return b
}

// appendTimestamp writes "YYYY-MM-DD hh:mm:00"; sec is seconds into the day.
func appendTimestamp(b []byte, d day, sec int) []byte {
	b = appendDate(b, d)
	h, mi := sec/3600, sec/60%60
	return append(b, ' ', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', '0', '0')
}

// appendCents writes an amount in pence as a plain decimal with two places.
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	return append(b, '.', byte('0'+c/10%10), byte('0'+c%10))
}

func cents(x float64) int64 { return int64(math.Round(x * 100)) }

// appendField writes s as one CSV field, quoting it when it holds a comma,
// quote, newline or surrounding space (the encoding/csv rules).
func appendField(b []byte, s string) []byte {
	quote := len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ')
	for i := 0; i < len(s) && !quote; i++ {
		switch s[i] {
		case ',', '"', '\n', '\r':
			quote = true
		}
	}
	if !quote {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendRow writes plain string fields and a line feed.
func appendRow(b []byte, fields ...string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendField(b, f)
	}
	return append(b, '\n')
}

func appendFloat(b []byte, v float64, dec int) []byte {
	return strconv.AppendFloat(b, v, 'f', dec, 64)
}

func round(v float64, dec int) float64 {
	p := math.Pow10(dec)
	return math.Round(v*p) / p
}
