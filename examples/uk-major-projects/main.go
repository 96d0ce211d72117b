// Command uk-major-projects turns the UK Government Major Projects Portfolio
// annual data (six snapshots, Sep 2019 to Mar 2025, read in place and
// unchanged) into the contract's initiatives.csv and status_reports.csv: each
// project's delivery confidence rating, latest approved end date and
// whole-life cost per snapshot is one status report. See README.md.
//
//	go run ./examples/uk-major-projects -in ../shared/realdata/gmpp -out examples/uk-major-projects/input
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/throughline/throughline/internal/publish"
)

// Snapshot is one annual GMPP data file and the date its figures stand at.
type Snapshot struct {
	File       string
	AsOf       string
	Transposed bool // field labels down the first column, one project per column
}

// Snapshots are the six files, oldest first (dates from the annual reports).
var Snapshots = []Snapshot{
	{"gmpp_2019_20.csv", "2019-09-30", true},
	{"gmpp_2020_21.csv", "2021-03-31", false},
	{"gmpp_2021_22.csv", "2022-03-31", false},
	{"gmpp_2022_23.csv", "2023-03-31", false},
	{"gmpp_2023_24.csv", "2024-03-31", false},
	{"gmpp_2024_25.csv", "2025-03-31", false},
}

// AsOf is the as-of date the example is built at: the last snapshot.
const AsOf = "2025-03-31"

func main() {
	in := flag.String("in", "../shared/realdata/gmpp", "folder holding the six GMPP CSV files")
	out := flag.String("out", "examples/uk-major-projects/input", "folder to write initiatives.csv and status_reports.csv to")
	flag.Parse()
	files, err := Convert(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "uk-major-projects:", err)
		os.Exit(1)
	}
	if err := publish.WriteDir(*out, files); err != nil {
		fmt.Fprintln(os.Stderr, "uk-major-projects:", err)
		os.Exit(1)
	}
}

// Report is one project's figures in one snapshot.
type Report struct {
	ID, Name, Department  string
	Rating                string // contract rating
	Start, End            string // YYYY-MM-DD or ""
	WholeLifeCost         string // pounds, 2 decimals, or ""
	Narrative, ReportedOn string
}

// Convert reads every snapshot in dir and returns the contract files.
func Convert(dir string) (map[string][]byte, error) {
	var all []Report
	for _, s := range Snapshots {
		rs, err := ReadSnapshot(filepath.Join(dir, s.File), s)
		if err != nil {
			return nil, err
		}
		all = append(all, rs...)
	}
	return write(all), nil
}

// ReadSnapshot reads one file: decodes it, un-transposes it, finds the
// columns by their (drifting) header text and normalises every figure.
func ReadSnapshot(path string, s Snapshot) ([]Report, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(Decode(raw)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.File, err)
	}
	if s.Transposed {
		recs = transpose(recs)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no projects", s.File)
	}
	col := columns(recs[0])
	for _, need := range []string{"id", "name", "end", "cost"} {
		if col[need] < 0 {
			return nil, fmt.Errorf("%s: no %s column in the header", s.File, need)
		}
	}
	if col["ipa"] < 0 && col["sro"] < 0 {
		return nil, fmt.Errorf("%s: no delivery confidence column", s.File)
	}
	get := func(rec []string, k string) string {
		if i := col[k]; i >= 0 && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var out []Report
	for _, rec := range recs[1:] {
		id := get(rec, "id")
		if id == "" {
			continue // an empty column of the transposed file
		}
		out = append(out, Report{
			ID: id, Name: get(rec, "name"), Department: get(rec, "department"),
			Rating: Rating(get(rec, "ipa"), get(rec, "sro")),
			Start:  Date(get(rec, "start")), End: Date(get(rec, "end")),
			WholeLifeCost: Pounds(get(rec, "cost")),
			Narrative:     get(rec, "narrative"),
			ReportedOn:    s.AsOf,
		})
	}
	return out, nil
}

// columns finds each field by its header, whose wording drifts from year to
// year ("GMPP ID Number", later "GMPP ID"; "Project - End Date (Latest
// Approved End Date)", later "End Date").
func columns(header []string) map[string]int {
	col := map[string]int{"id": -1, "name": -1, "department": -1, "ipa": -1, "sro": -1, "start": -1, "end": -1, "cost": -1, "narrative": -1}
	set := func(k string, i int) {
		if col[k] < 0 {
			col[k] = i
		}
	}
	for i, h := range header {
		h = strings.ToLower(strings.Join(strings.Fields(h), " "))
		switch {
		case strings.HasPrefix(h, "gmpp id"):
			set("id", i)
		case h == "project name":
			set("name", i)
		case h == "department":
			set("department", i)
		case strings.HasPrefix(h, "ipa delivery confidence"):
			set("ipa", i)
		case strings.HasPrefix(h, "sro delivery confidence"):
			set("sro", i)
		case strings.HasPrefix(h, "project - start date"), h == "start date":
			set("start", i)
		case strings.HasPrefix(h, "project - end date"), h == "end date":
			set("end", i)
		case strings.Contains(h, "whole life cost") && !strings.Contains(h, "narrative") && !strings.HasPrefix(h, "the ipa annual report"):
			set("cost", i)
		case strings.HasPrefix(h, "departmental commentary on"):
			set("narrative", i)
		}
	}
	return col
}

func transpose(recs [][]string) [][]string {
	width := 0
	for _, r := range recs {
		width = max(width, len(r))
	}
	out := make([][]string, width)
	for j := range out {
		out[j] = make([]string, len(recs))
		for i, r := range recs {
			if j < len(r) {
				out[j][i] = r[j]
			}
		}
	}
	return out
}

// cp1252 is Windows-1252's 0x80..0x9F; the rest of the byte range is Latin-1.
// Its five undefined bytes become U+FFFD.
var cp1252 = [32]rune{
	'€', '\uFFFD', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\uFFFD', 'Ž', '\uFFFD',
	'\uFFFD', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\uFFFD', 'ž', 'Ÿ',
}

// Decode returns the file as UTF-8: UTF-8 (a byte order mark dropped) as it
// is, anything else read as Windows-1252.
func Decode(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	if utf8.Valid(b) {
		return b
	}
	var out bytes.Buffer
	for _, c := range b {
		switch {
		case c < 0x80:
			out.WriteByte(c)
		case c < 0xA0:
			out.WriteRune(cp1252[c-0x80])
		default:
			out.WriteRune(rune(c))
		}
	}
	return out.Bytes()
}

// Rating maps the IPA rating where one is given, else the SRO's, to the
// contract's words. Five-point ratings to 2021 ("Amber/Red"), three-point
// from 2022, upper case in 2025; FOI exemption text is exempt; any other
// text ("not yet in a position to provide this information") is not_rated.
func Rating(ipa, sro string) string {
	if r := rating(ipa); r != "" {
		return r
	}
	if r := rating(sro); r != "" {
		return r
	}
	return "not_rated"
}

func rating(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch s {
	case "", "na", "n/a", "not applicable":
		return ""
	case "green":
		return "green"
	case "amber/green", "amber-green", "amber green":
		return "amber_green"
	case "amber":
		return "amber"
	case "amber/red", "amber-red", "amber red":
		return "amber_red"
	case "red":
		return "red"
	}
	if strings.HasPrefix(s, "exempt") || strings.HasPrefix(s, "section ") {
		return "exempt"
	}
	return "not_rated"
}

var (
	rangeRe = regexp.MustCompile(`(?i)\b(low|mid|high)\s*:\s*([^,]+)`)
	dmyRe   = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	isoRe   = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})( 00:00:00)?$`)
	moneyRe = regexp.MustCompile(`^£?\s*([0-9][0-9,]*(\.[0-9]+)?)$`)
)

// point picks the figure of a "Low: … Mid: … High: …" range: the mid
// estimate, else the first given; a plain value as it is.
func point(s string) string {
	m := rangeRe.FindAllStringSubmatch(s, -1)
	if m == nil {
		return s
	}
	for _, x := range m {
		if strings.EqualFold(x[1], "mid") {
			return strings.TrimSpace(x[2])
		}
	}
	return strings.TrimSpace(m[0][2])
}

// Date reads dd/mm/yyyy, ISO and "ISO 00:00:00" dates (ranges by their mid
// point); anything else (exemption text, "Data Not Provided") is no date.
func Date(s string) string {
	s = strings.TrimSpace(point(s))
	var y, m, d string
	if x := dmyRe.FindStringSubmatch(s); x != nil {
		d, m, y = x[1], x[2], x[3]
	} else if x := isoRe.FindStringSubmatch(s); x != nil {
		y, m, d = x[1], x[2], x[3]
	} else {
		return ""
	}
	t, err := time.Parse("2006-1-2", y+"-"+m+"-"+d)
	if err != nil {
		return ""
	}
	return t.Format("2006-01-02")
}

// Pounds reads a whole-life cost in £ million ("£2,013.02", "558", a range
// by its mid point) and returns it in pounds with 2 decimals, exactly.
func Pounds(s string) string {
	x := moneyRe.FindStringSubmatch(strings.TrimSpace(point(s)))
	if x == nil {
		return ""
	}
	r, ok := new(big.Rat).SetString(strings.ReplaceAll(x[1], ",", ""))
	if !ok {
		return ""
	}
	return r.Mul(r, big.NewRat(1000000, 1)).FloatString(2)
}

// write makes initiatives.csv (one row per project: its latest name and
// department; start the earliest start given, end the latest end of its
// latest report that has one; active when in the last snapshot, else done)
// and status_reports.csv (one row per project and snapshot).
func write(all []Report) map[string][]byte {
	byID := map[string][]Report{}
	var ids []string
	for _, r := range all {
		if byID[r.ID] == nil {
			ids = append(ids, r.ID)
		}
		byID[r.ID] = append(byID[r.ID], r)
	}
	sort.Strings(ids)
	var ini, rep bytes.Buffer
	iw, rw := csv.NewWriter(&ini), csv.NewWriter(&rep)
	iw.Write([]string{"initiative_id", "name", "portfolio", "owner", "status", "start_date", "end_date"})
	rw.Write([]string{"initiative_id", "reported_on", "rating", "end_date", "whole_life_cost", "narrative"})
	last := Snapshots[len(Snapshots)-1].AsOf
	for _, id := range ids {
		rs := byID[id]
		latest := rs[len(rs)-1]
		start, end := "", ""
		for _, r := range rs {
			if r.Start != "" && (start == "" || r.Start < start) {
				start = r.Start
			}
			if r.End != "" {
				end = r.End
			}
		}
		// The contract needs both dates, end after start: a project that
		// never gave one is placed by its first report.
		if start == "" {
			start = rs[0].ReportedOn
		}
		if end <= start {
			t, _ := time.Parse("2006-01-02", start)
			end = t.AddDate(0, 0, 1).Format("2006-01-02")
		}
		status := "done"
		if latest.ReportedOn == last {
			status = "active"
		}
		iw.Write([]string{id, latest.Name, latest.Department, "", status, start, end})
		for _, r := range rs {
			rw.Write([]string{id, r.ReportedOn, r.Rating, r.End, r.WholeLifeCost, r.Narrative})
		}
	}
	iw.Flush()
	rw.Flush()
	return map[string][]byte{"initiatives.csv": ini.Bytes(), "status_reports.csv": rep.Bytes()}
}
