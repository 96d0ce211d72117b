package load

import (
	"context"
	"fmt"
	"strings"

	"github.com/throughline/throughline/internal/diag"
	"github.com/throughline/throughline/internal/warehouse"
)

const (
	dateTimeRe = `^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$`
	decimalRe  = `^[+-]?(\d+(\.\d*)?|\.\d+)$`
	numberRe   = `^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`
	integerRe  = `^[+-]?\d{1,9}$`
)

// yearOut is true for a date whose year is outside 1900-2999: year 0000 or
// 9999 in an extract is a typo or a placeholder, never a real date.
func yearOut(v string) string {
	return fmt.Sprintf("NOT (left(%s, 4) BETWEEN '1900' AND '2999')", v)
}

func dateCond(v string) string {
	return fmt.Sprintf("length(%[1]s) <> 10 OR CAST(TRY_CAST(%[1]s AS DATE) AS VARCHAR) IS DISTINCT FROM %[1]s OR %[2]s", v, yearOut(v))
}

// badValue is the SQL condition under which a present value breaks the
// column's type, and the words that say so.
func badValue(c *Column, v string) (cond, words string) {
	switch c.Kind {
	case Date:
		// A date is exactly its own canonical text: DuckDB's cast, printed
		// back, gives YYYY-MM-DD, so "2026-1-01", "+2026-01-01" or a padded
		// value cannot equal it (the length rules out "2026-01-01 (BC)"). This is the regular expression and
		// strptime of dateRe (TestDateRuleIsTheFormat holds the two to the
		// same answer) at half the cost on a large ledger.
		return dateCond(v),
			"is not a date (YYYY-MM-DD, year 1900 to 2999)"
	case DateTime:
		// A plain date (the usual value) takes the date's cheap check.
		return fmt.Sprintf("CASE WHEN length(%[1]s) = 10 THEN %[4]s ELSE NOT regexp_matches(%[1]s, '%[2]s') OR try_strptime(left(%[1]s, 10), '%%Y-%%m-%%d') IS NULL OR (length(%[1]s) > 10 AND try_cast(replace(%[1]s, 'T', ' ') AS TIMESTAMP) IS NULL) OR %[3]s END", v, dateTimeRe, yearOut(v), dateCond(v)),
			"is not a date (YYYY-MM-DD, year 1900 to 2999, optionally with a time HH:MM:SS)"
	case Money:
		return fmt.Sprintf("NOT regexp_matches(%[1]s, '%[2]s')", v, decimalRe), "is not a decimal"
	case Integer:
		return fmt.Sprintf("NOT regexp_matches(%[1]s, '%[2]s')", v, integerRe), "is not a whole number"
	case Number:
		// Bounded so that no rule's arithmetic (exact sums of story points,
		// progress ratios) can overflow or produce NaN downstream.
		return fmt.Sprintf("NOT regexp_matches(%[1]s, '%[2]s') OR NOT coalesce(abs(TRY_CAST(%[1]s AS DOUBLE)) < 1e15, false)", v, numberRe),
			"is not a number below 10^15 in size"
	case Enum:
		var qs []string
		for _, e := range c.Enum {
			qs = append(qs, warehouse.Quote(e))
		}
		return fmt.Sprintf("%s NOT IN (%s)", v, strings.Join(qs, ", ")), "is not one of " + strings.Join(c.Enum, ", ")
	}
	return "", ""
}

// rule is one value check of a column: the SQL condition under which a row
// breaks it, and the words that say so.
type rule struct {
	col   *Column
	cond  string
	words string
	value bool // show the value in the message
}

// rules are the value checks of the file's present columns, in the order
// their messages are listed.
func (st *fileState) rules() []rule {
	var rules []rule
	for i := range st.spec.Columns {
		c := &st.spec.Columns[i]
		if _, present := st.cols[c.Name]; !present {
			continue
		}
		v := warehouse.Ident(c.Name)
		if c.Required {
			rules = append(rules, rule{c, v + " IS NULL", "a value is required", false})
		}
		if cond, words := badValue(c, v); cond != "" {
			rules = append(rules, rule{c, fmt.Sprintf("%s IS NOT NULL AND coalesce(%s, true)", v, cond), words, true})
			if c.Kind == Money {
				// Range is checked by DuckDB's own exact cast, never through a double.
				rules = append(rules, rule{c, fmt.Sprintf("%s IS NOT NULL AND NOT coalesce(%s, true) AND TRY_CAST(%s AS DECIMAL(18,2)) IS NULL", v, cond, v),
					"is out of range (at most 16 digits before the point)", true})
			}
			if c.NonNeg {
				rules = append(rules, rule{c, fmt.Sprintf("%s IS NOT NULL AND NOT coalesce(%s, true) AND TRY_CAST(%s AS DOUBLE) < 0", v, cond, v), "must be zero or more", true})
			}
		}
	}
	return rules
}

// checkValues reports missing required values, values of the wrong type and
// negative amounts where they must be >= 0, all in one scan of the file.
func (st *fileState) checkValues(ctx context.Context, db *warehouse.DB, diags *diag.List) error {
	for i := range st.spec.Columns {
		c := &st.spec.Columns[i]
		if _, present := st.cols[c.Name]; present && c.IfEmpty != "" {
			if err := st.warnEmpty(ctx, db, c, diags); err != nil {
				return err
			}
		}
	}
	rules := st.rules()
	if len(rules) == 0 {
		return nil
	}
	// One scan counts every rule's failures; only rules that fail are then
	// looked up row by row for their positions. A clean file (the usual
	// case) costs one pass, not one per rule.
	var counts []string
	for _, r := range rules {
		counts = append(counts, fmt.Sprintf("count(*) FILTER (WHERE %s)", r.cond))
	}
	failing := make([]any, len(rules))
	ptrs := make([]any, len(rules))
	for i := range failing {
		ptrs[i] = &failing[i]
	}
	if err := db.QueryRow(ctx, fmt.Sprintf("SELECT %s FROM %s", strings.Join(counts, ", "), warehouse.Ident(st.raw)), ptrs...); err != nil {
		return fmt.Errorf("check %s: %w", st.spec.Name, err)
	}
	var parts []string
	for i, r := range rules {
		if n, _ := failing[i].(int64); n == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("SELECT %d AS rule, %s AS value, %s FROM %s WHERE %s", i, warehouse.Ident(r.col.Name), posCols, warehouse.Ident(st.raw), r.cond))
	}
	if len(parts) == 0 {
		return nil
	}
	q := fmt.Sprintf(`SELECT rule, value, count(*) OVER (PARTITION BY rule) AS total, %s
FROM (%s) QUALIFY row_number() OVER (PARTITION BY rule ORDER BY rowid) <= %d ORDER BY rule, rowid`, posCols, strings.Join(parts, "\nUNION ALL\n"), perRule)
	totals := map[int]int64{}
	err := db.Rows(ctx, q, func(v []any) error {
		r := rules[v[0].(int64)]
		file, line, col, note := st.where(readAt(v[3:]), r.col.Name)
		if r.value {
			diags.Errorf(file, line, col, "%s: %q %s%s", r.col.Name, v[1], r.words, note)
		} else {
			diags.Errorf(file, line, col, "%s: %s%s", r.col.Name, r.words, note)
		}
		totals[int(v[0].(int64))] = v[2].(int64)
		return nil
	})
	if err != nil {
		return fmt.Errorf("check %s: %w", st.spec.Name, err)
	}
	for i, r := range rules {
		if n := totals[i]; n > perRule {
			diags.Errorf(st.shown, 0, 0, "%s: %d more rows where the value %s (first %d shown)", r.col.Name, n-perRule, r.words, perRule)
		}
	}
	return nil
}

// warnEmpty gives one warning for the rows where c is empty: how many, and
// the first.
func (st *fileState) warnEmpty(ctx context.Context, db *warehouse.DB, c *Column, diags *diag.List) error {
	q := fmt.Sprintf(`SELECT count(*) OVER () AS n, %s FROM %s WHERE %s IS NULL ORDER BY rowid LIMIT 1`, posCols, warehouse.Ident(st.raw), warehouse.Ident(c.Name))
	return db.Rows(ctx, q, func(v []any) error {
		n := v[0].(int64)
		file, line, col, note := st.where(readAt(v[1:]), c.Name)
		if n == 1 {
			diags.Warnf(file, line, col, "%s: %s%s", c.Name, c.IfEmpty, note)
		} else {
			diags.Warnf(file, line, col, "%s: %d rows (the first here) have %s%s", c.Name, n, c.IfEmpty, note)
		}
		return nil
	})
}

// checkKeys reports duplicate keys (naming both lines), references to
// missing ids and end dates not after start dates.
func (st *fileState) checkKeys(ctx context.Context, db *warehouse.DB, files map[string]*fileState, diags *diag.List) error {
	raw := warehouse.Ident(st.raw)
	for _, key := range st.spec.Unique {
		var ids []string
		for _, k := range key {
			ids = append(ids, warehouse.Ident(k))
		}
		list := strings.Join(ids, ", ")
		q := fmt.Sprintf(`SELECT %[5]s, f.*, %[1]s FROM (
  SELECT %[5]s, %[1]s, first_value({'rowid': rowid, 'src': __src, 'row': __row, 'line': __line, 'note': __note}) OVER (PARTITION BY %[1]s ORDER BY rowid) AS f
  FROM %[2]s WHERE %[3]s
) WHERE rowid <> f.rowid ORDER BY rowid LIMIT %[4]d`, list, raw, notNull(ids), perRule, posCols)
		err := db.Rows(ctx, q, func(v []any) error {
			file, line, col, note := st.where(readAt(v[:5]), key[0])
			first := st.ref(readAt(v[5:10]))
			var vals []string
			for _, x := range v[10:] {
				vals = append(vals, fmt.Sprintf("%q", x))
			}
			label, shown := key[0], vals[0]
			if len(key) > 1 {
				label, shown = "("+strings.Join(key, ", ")+")", "("+strings.Join(vals, ", ")+")"
			}
			diags.Errorf(file, line, col, "%s: duplicate %s, first at %s%s", label, shown, first, note)
			return nil
		})
		if err != nil {
			return fmt.Errorf("check keys of %s: %w", st.spec.Name, err)
		}
	}
	for _, ref := range st.spec.Refs {
		target := files[ref.File]
		if target == nil || !target.ok || !st.present(ref.Column) || !target.present(ref.Target) {
			continue
		}
		col := warehouse.Ident(ref.Column)
		q := fmt.Sprintf(`SELECT %[1]s, %[6]s FROM %[2]s WHERE %[1]s IS NOT NULL AND %[1]s NOT IN (SELECT %[3]s FROM %[4]s WHERE %[3]s IS NOT NULL) ORDER BY rowid LIMIT %[5]d`,
			col, raw, warehouse.Ident(ref.Target), warehouse.Ident(target.raw), perRule, posCols)
		err := db.Rows(ctx, q, func(v []any) error {
			file, line, c, note := st.where(readAt(v[1:]), ref.Column)
			diags.Errorf(file, line, c, "%s: %q is not in %s%s", ref.Column, v[0], target.name(), note)
			return nil
		})
		if err != nil {
			return fmt.Errorf("check references of %s: %w", st.spec.Name, err)
		}
	}
	if a, b := st.spec.After[0], st.spec.After[1]; a != "" && st.present(a) && st.present(b) {
		da := fmt.Sprintf("try_strptime(%s, '%%Y-%%m-%%d')", warehouse.Ident(a))
		dbe := fmt.Sprintf("try_strptime(%s, '%%Y-%%m-%%d')", warehouse.Ident(b))
		q := fmt.Sprintf(`SELECT %[1]s, %[2]s, %[7]s FROM %[3]s WHERE %[4]s <= %[5]s ORDER BY rowid LIMIT %[6]d`,
			warehouse.Ident(a), warehouse.Ident(b), raw, da, dbe, perRule, posCols)
		err := db.Rows(ctx, q, func(v []any) error {
			file, line, c, note := st.where(readAt(v[2:]), a)
			diags.Errorf(file, line, c, "%s: %v is not after %s %v%s", a, v[0], b, v[1], note)
			return nil
		})
		if err != nil {
			return fmt.Errorf("check dates of %s: %w", st.spec.Name, err)
		}
	}
	return nil
}

func (st *fileState) present(col string) bool { _, ok := st.cols[col]; return ok }

func notNull(ids []string) string {
	var parts []string
	for _, id := range ids {
		parts = append(parts, id+" IS NOT NULL")
	}
	return strings.Join(parts, " AND ")
}

// typedExpr is the SQL that turns column c's trimmed text into its contract
// type. With try, a value that does not convert is NULL instead of an error
// (the fast path flags such rows and falls back to the positioned checks).
func typedExpr(c *Column, try bool) string {
	v := warehouse.Ident(c.Name)
	cast := "CAST"
	if try {
		cast = "TRY_CAST"
	}
	var e string
	switch c.Kind {
	case Date:
		e = fmt.Sprintf("%s(%s AS DATE)", cast, v) // the text is checked to be canonical
	case DateTime:
		e = fmt.Sprintf("%s(left(%s, 10) AS DATE)", cast, v)
	case Money:
		e = fmt.Sprintf("%s(%s AS DECIMAL(18,2))", cast, v)
	case Number:
		e = fmt.Sprintf("%s(%s AS DOUBLE)", cast, v)
	case Integer:
		e = fmt.Sprintf("%s(%s AS INTEGER)", cast, v)
	default:
		e = v
	}
	if c.Default != "" {
		e = fmt.Sprintf("COALESCE(%s, %s)", e, c.Default)
	}
	return e
}

// createTyped creates the contract table from the validated raw table.
func (st *fileState) createTyped(ctx context.Context, db *warehouse.DB) error {
	var sel []string
	for i := range st.spec.Columns {
		c := &st.spec.Columns[i]
		sel = append(sel, typedExpr(c, false)+" AS "+warehouse.Ident(c.Name))
	}
	// The raw table is in file order and insertion order is preserved, so
	// only a join (multi-line records) needs sorting back into it.
	from, order := warehouse.Ident(st.raw), ""
	if st.spec.Lines {
		line, joined, err := st.lineExpr(ctx, db)
		if err != nil {
			return err
		}
		sel = append(sel, line+" AS source_line")
		if joined {
			from += " AS r LEFT JOIN " + warehouse.Ident(st.raw+"_lines") + " AS l ON l.record = r.rowid"
			order = " ORDER BY r.rowid"
		}
	}
	return db.Exec(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT %s FROM %s%s",
		warehouse.Ident(st.spec.Table), strings.Join(sel, ", "), from, order))
}

// lineExpr is the SQL for each row's starting line. In the usual file, a
// record per line, it is the record number plus the header; otherwise the
// lines come from a scan of the file, appended as a table.
func (st *fileState) lineExpr(ctx context.Context, db *warehouse.DB) (expr string, joined bool, err error) {
	switch {
	case st.kind == fromXLSX || st.kind == fromParquet || st.kind == fromAdapters && st.rawLines:
		return "CAST(__line AS INTEGER)", false, nil
	case st.kind == fromAdapters:
		return "CAST(rowid + 1 AS INTEGER)", false, nil
	case !st.exists || st.simple:
		return "CAST(rowid + 2 AS INTEGER)", false, nil
	}
	li := st.index()
	if li == nil {
		return "", false, fmt.Errorf("read %s again to place its lines", st.shown)
	}
	st.recordLine(0) // fills li.kept
	t := warehouse.Ident(st.raw + "_lines")
	if err := db.Exec(ctx, "CREATE OR REPLACE TEMP TABLE "+t+" (record BIGINT, line BIGINT)"); err != nil {
		return "", false, err
	}
	rows := make([][]any, len(li.kept))
	for i, l := range li.kept {
		rows[i] = []any{int64(i), int64(l)}
	}
	if err := db.Append(ctx, st.raw+"_lines", rows); err != nil {
		return "", false, err
	}
	return "CAST(l.line AS INTEGER)", true, nil
}
