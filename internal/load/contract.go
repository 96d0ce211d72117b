// Package load reads the input contract (docs/contract.md) into DuckDB
// through DuckDB's own CSV reader, validates every value, key and reference
// in SQL, and reports each violation at its file, line and column.
package load

// Kind is the type of a contract column.
type Kind int

// Column kinds. Values are trimmed; an empty cell is missing.
const (
	Text     Kind = iota
	Date          // YYYY-MM-DD
	DateTime      // YYYY-MM-DD, optionally followed by HH:MM[:SS]; only the date counts
	Money         // plain decimal, stored as DECIMAL(18,2)
	Number        // plain decimal (exponent allowed), stored as DOUBLE
	Enum          // one of Column.Enum
	Integer       // whole number, stored as INTEGER
)

// SQLType is the DuckDB type a loaded table gives a column of kind k.
func (k Kind) SQLType() string {
	switch k {
	case Date, DateTime:
		return "DATE"
	case Money:
		return "DECIMAL(18,2)"
	case Number:
		return "DOUBLE"
	case Integer:
		return "INTEGER"
	}
	return "VARCHAR"
}

// Column is one contract column.
type Column struct {
	Name     string
	Kind     Kind
	Required bool
	Enum     []string
	NonNeg   bool   // must be >= 0
	Default  string // SQL expression used when the value is missing ("" = NULL)
	// IfEmpty, when set, is a warning given once per file for the rows
	// where the value is missing ("counted as active").
	IfEmpty string
}

// Ref says that a column's values must exist in another file's key column.
type Ref struct {
	Column string
	File   string // target file name
	Target string // target column
}

// File is one contract file.
type File struct {
	Name      string // e.g. "spend.csv"
	Table     string // DuckDB table name
	MustExist bool
	Columns   []Column
	Unique    [][]string // column sets that identify a row
	Refs      []Ref
	After     [2]string // After[0] must be later than After[1], when both are set
	// Lines adds a source_line column to the table: the line of the file
	// each row starts on, so views can point at the line.
	Lines bool
}

// Contract is input contract v1, in load order (referenced files first).
var Contract = []File{
	{
		Name: "initiatives.csv", Table: "initiatives", MustExist: true,
		Columns: []Column{
			{Name: "initiative_id", Kind: Text, Required: true},
			{Name: "name", Kind: Text, Required: true},
			{Name: "portfolio", Kind: Text},
			{Name: "owner", Kind: Text},
			{Name: "status", Kind: Enum, Enum: []string{"proposed", "active", "on_hold", "done", "cancelled"},
				Default: "'active'", IfEmpty: "no status; counted as active"},
			{Name: "start_date", Kind: Date, Required: true},
			{Name: "end_date", Kind: Date, Required: true},
			{Name: "approved_budget", Kind: Money, NonNeg: true},
			{Name: "planned_points", Kind: Number, NonNeg: true},
		},
		Unique: [][]string{{"initiative_id"}},
		After:  [2]string{"end_date", "start_date"},
	},
	{
		Name: "kpis.csv", Table: "kpis",
		Columns: []Column{
			{Name: "kpi_id", Kind: Text, Required: true},
			{Name: "name", Kind: Text, Required: true},
			{Name: "unit", Kind: Text},
			{Name: "direction", Kind: Enum, Required: true, Enum: []string{"increase", "decrease"}},
			{Name: "owner", Kind: Text},
			{Name: "statement", Kind: Enum, Enum: []string{"pnl", "balance_sheet", "none"}, Default: "'none'"},
			{Name: "line_item", Kind: Text},
			{Name: "stale_after_days", Kind: Integer, NonNeg: true},
		},
		Unique: [][]string{{"kpi_id"}},
	},
	{
		Name: "spend.csv", Table: "spend", Lines: true,
		Columns: []Column{
			{Name: "posting_date", Kind: Date},
			{Name: "amount", Kind: Money, Required: true},
			{Name: "project_code", Kind: Text},
			{Name: "cost_center", Kind: Text},
			{Name: "gl_account", Kind: Text},
			{Name: "vendor", Kind: Text},
			{Name: "description", Kind: Text},
			{Name: "transaction_id", Kind: Text},
			// line_count: a pre-aggregated row (docs/pushdown.sql) stands
			// for this many ledger lines.
			{Name: "line_count", Kind: Integer, NonNeg: true},
		},
	},
	{
		Name: "issues.csv", Table: "issues",
		Columns: []Column{
			{Name: "issue_key", Kind: Text, Required: true},
			{Name: "epic_key", Kind: Text},
			{Name: "story_points", Kind: Number, NonNeg: true},
			{Name: "status", Kind: Text},
			{Name: "created", Kind: DateTime, Required: true},
			{Name: "resolved", Kind: DateTime},
		},
		Unique: [][]string{{"issue_key"}},
	},
	{
		Name: "mappings.csv", Table: "mappings",
		Columns: []Column{
			{Name: "system", Kind: Enum, Required: true, Enum: []string{"finance", "delivery", "retires"}},
			{Name: "key", Kind: Text, Required: true},
			{Name: "initiative_id", Kind: Text, Required: true},
			// retire_by is read on retires rows only: the date the legacy
			// spend under key was promised to stop.
			{Name: "retire_by", Kind: Date},
		},
		Unique: [][]string{{"system", "key"}},
		Refs:   []Ref{{Column: "initiative_id", File: "initiatives.csv", Target: "initiative_id"}},
	},
	{
		Name: "milestones.csv", Table: "milestones",
		Columns: []Column{
			{Name: "initiative_id", Kind: Text, Required: true},
			{Name: "milestone", Kind: Text, Required: true},
			{Name: "start_date", Kind: Date, Required: true},
			{Name: "planned_end_date", Kind: Date, Required: true},
			{Name: "forecast_end_date", Kind: Date},
			{Name: "actual_end_date", Kind: Date},
			{Name: "planned_cost", Kind: Money, NonNeg: true},
			{Name: "forecast_cost", Kind: Money, NonNeg: true},
		},
		Unique: [][]string{{"initiative_id", "milestone"}},
		Refs:   []Ref{{Column: "initiative_id", File: "initiatives.csv", Target: "initiative_id"}},
	},
	{
		Name: "kpi_values.csv", Table: "kpi_values",
		Columns: []Column{
			{Name: "kpi_id", Kind: Text, Required: true},
			{Name: "date", Kind: Date, Required: true},
			{Name: "value", Kind: Number, Required: true},
		},
		Unique: [][]string{{"kpi_id", "date"}},
		Refs:   []Ref{{Column: "kpi_id", File: "kpis.csv", Target: "kpi_id"}},
	},
	{
		Name: "links.csv", Table: "links",
		Columns: []Column{
			{Name: "initiative_id", Kind: Text, Required: true},
			{Name: "kpi_id", Kind: Text, Required: true},
			{Name: "baseline", Kind: Number, Required: true},
			{Name: "target", Kind: Number, Required: true},
			{Name: "due_date", Kind: Date, Required: true},
			{Name: "start_date", Kind: Date},
		},
		Unique: [][]string{{"initiative_id", "kpi_id"}},
		Refs: []Ref{
			{Column: "initiative_id", File: "initiatives.csv", Target: "initiative_id"},
			{Column: "kpi_id", File: "kpis.csv", Target: "kpi_id"},
		},
	},
	{
		Name: "status_reports.csv", Table: "status_reports",
		Columns: []Column{
			{Name: "initiative_id", Kind: Text, Required: true},
			{Name: "reported_on", Kind: Date, Required: true},
			{Name: "rating", Kind: Enum, Required: true, Enum: []string{"green", "amber_green", "amber", "amber_red", "red", "exempt", "not_rated"}},
			{Name: "end_date", Kind: Date},
			{Name: "whole_life_cost", Kind: Money, NonNeg: true},
			{Name: "narrative", Kind: Text},
		},
		Unique: [][]string{{"initiative_id", "reported_on"}},
		Refs:   []Ref{{Column: "initiative_id", File: "initiatives.csv", Target: "initiative_id"}},
	},
}

// Tables lists the contract's table names, for the query catalog.
func Tables() []string {
	var ts []string
	for _, f := range Contract {
		ts = append(ts, f.Table)
	}
	return ts
}

func (f *File) column(name string) *Column {
	for i := range f.Columns {
		if f.Columns[i].Name == name {
			return &f.Columns[i]
		}
	}
	return nil
}
