package report

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"time"
)

// CSV renders the table as the documented machine-readable output: a header
// row, ISO dates, plain decimals, true/false, and an empty field for null.
func (t *Table) CSV() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = c.Name
	}
	w.Write(rec)
	for _, row := range t.Rows {
		for i, v := range row {
			rec[i] = PlainValue(v)
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes()
}

// PlainValue renders a value the way the CSV outputs do.
func PlainValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case time.Time:
		return x.Format("2006-01-02")
	case Dec:
		return x.String()
	}
	return ""
}
