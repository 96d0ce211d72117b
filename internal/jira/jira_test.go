package jira_test

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/jira"
)

var update = flag.Bool("update", false, "rewrite testdata/*.want.csv from the current output")

// convert runs Read and Write and returns issues.csv and every problem,
// errors first, each as "file:line:col: message".
func convert(t *testing.T, input, layout string) (string, []string) {
	t.Helper()
	res, err := jira.Read(strings.NewReader(input), jira.Options{File: "export.csv", DateLayout: layout})
	if err != nil {
		t.Fatal(err)
	}
	var probs []string
	for _, d := range append(res.Diags.Errors(), res.Diags.Warnings()...) {
		probs = append(probs, d.String())
	}
	var out bytes.Buffer
	if err := jira.Write(&out, res.Issues); err != nil {
		t.Fatal(err)
	}
	return out.String(), probs
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRead(t *testing.T) {
	const header = "issue_key,epic_key,story_points,status,created,resolved\n"
	tests := []struct {
		name   string
		file   string // testdata/<file>.csv, compared with testdata/<file>.want.csv
		input  string
		layout string
		want   string // issues.csv without its header; ignored when file is set
		probs  []string
	}{
		{
			// Epic Link, Parent id for a sub-task, Story Points "3.0",
			// repeated Labels/Sprint/Comment, multi-line descriptions with
			// doubled quotes, 12/Mar/24 9:41 AM dates.
			name: "data center",
			file: "datacenter",
		},
		{
			// BOM, CRLF, Parent (id) and Parent key, Story point estimate, a
			// task whose epic is in another project, a Subtask under a story.
			name: "cloud",
			file: "cloud",
		},
		{
			name: "cloud without Parent key resolves ids through Issue id",
			input: "Issue key,Issue id,Issue Type,Status,Created,Resolved,Parent\n" +
				"A-3,103,Sub-task,Done,1/Mar/24 9:00 AM,,102\n" +
				"A-2,102,Story,Done,1/Mar/24 9:00 AM,,101\n" +
				"A-1,101,Epic,Done,1/Mar/24 9:00 AM,,\n" +
				"A-4,104,Story,Done,1/Mar/24 9:00 AM,,999\n",
			want: "A-3,A-1,,Done,2024-03-01 09:00:00,\n" +
				"A-2,A-1,,Done,2024-03-01 09:00:00,\n" +
				"A-1,A-1,,Done,2024-03-01 09:00:00,\n" +
				"A-4,,,Done,2024-03-01 09:00:00,\n",
			probs: []string{
				`export.csv:1: warning: no story points column (looked for "Custom field (Story Points)" or "Custom field (Story point estimate)"); story_points is left empty`,
				`export.csv:5:7: warning: Parent: issue id 999 is not in this export (no "Parent key" column, or the parent was not exported); epic_key is left empty`,
			},
		},
		{
			// "Technical task" is a sub-task type by another name: its
			// parent is in the export and has an epic of its own.
			name: "renamed sub-task type takes its story's epic",
			input: "Issue key,Issue Type,Status,Created,Resolved,Parent key,Custom field (Story Points)\n" +
				"H-3,Technical task,To Do,1/Mar/24 9:00 AM,,H-2,\n" +
				"H-2,Story,To Do,1/Mar/24 9:00 AM,,H-1,\n" +
				"H-4,Story,To Do,1/Mar/24 9:00 AM,,H-9,\n",
			want: "H-3,H-1,,To Do,2024-03-01 09:00:00,\n" +
				"H-2,H-1,,To Do,2024-03-01 09:00:00,\n" +
				"H-4,H-9,,To Do,2024-03-01 09:00:00,\n",
		},
		{
			name: "sub-task whose story is not exported",
			input: "Issue key,Issue Type,Status,Created,Resolved,Parent key,Custom field (Story Points)\n" +
				"B-7,Sub-task,To Do,1/Mar/24 9:00 AM,,B-6,\n",
			want: "B-7,,,To Do,2024-03-01 09:00:00,\n",
			probs: []string{
				`export.csv:2:6: warning: Parent key: sub-task B-7's parent B-6 is not in this export, so its epic is unknown; epic_key is left empty`,
			},
		},
		{
			name: "BOM, CRLF and a quoted field spanning lines keep editor line numbers",
			input: "\ufeffIssue key,Summary,Issue Type,Status,Created,Resolved,Description,Custom field (Epic Link),Custom field (Story Points)\r\n" +
				"C-1,\"Pay, now\",Story,Done,12/Mar/24 9:41 AM,13/Mar/24 12:00 PM,\"line one\r\nline \"\"two\"\"\r\nline three\",C-9,1\r\n" +
				"C-2,Second,Story,Done,12/Mar/24 9:41 AM,13/Mar/24 25:00 PM,,C-9,2\r\n",
			want: "C-1,C-9,1,Done,2024-03-12 09:41:00,2024-03-13 12:00:00\n" +
				"C-2,C-9,2,Done,2024-03-12 09:41:00,\n",
			probs: []string{
				`export.csv:5:6: Resolved: "13/Mar/24 25:00 PM" is not a date in the layout "2/Jan/06 3:04 PM" (set --date-format for exports in another locale)`,
			},
		},
		{
			name: "every row problem is reported at once",
			input: "Issue key,Issue Type,Status,Created,Resolved,Custom field (Story Points),Custom field (Epic Link)\n" +
				"D-1,Story,Done,2024-03-12,,1,E-1\n" +
				",Story,Done,12/Mar/24 9:41 AM,,1,E-1\n" +
				"D-2,Story,Done,,,-2,E-1\n" +
				"D-2,Story,Done,12/Mar/24 9:41 AM,,\"1,5\",E-1\n" +
				"D-3,Story,Done\n",
			probs: []string{
				`export.csv:2:4: Created: "2024-03-12" is not a date in the layout "2/Jan/06 3:04 PM" (set --date-format for exports in another locale)`,
				`export.csv:3:1: Issue key: a value is required`,
				`export.csv:4:4: Created: a value is required`,
				`export.csv:4:6: Custom field (Story Points): "-2" must be zero or more`,
				`export.csv:5:1: Issue key: duplicate "D-2", first at line 4`,
				`export.csv:5:6: Custom field (Story Points): "1,5" is not a number`,
				`export.csv:6: the row has 3 fields, the header has 7`,
			},
		},
		{
			name:   "another locale through --date-format",
			layout: "02.01.06 15:04",
			input: "Issue key,Issue Type,Status,Created,Resolved\n" +
				"E-1,Epic,Erledigt,12.03.24 09:41,14.03.24 17:05\n",
			want: "E-1,E-1,,Erledigt,2024-03-12 09:41:00,2024-03-14 17:05:00\n",
			probs: []string{
				`export.csv:1: warning: no epic column (looked for "Custom field (Epic Link)", "Parent key", "Parent" or "Parent id"); only epics get an epic_key (their own)`,
				`export.csv:1: warning: no story points column (looked for "Custom field (Story Points)" or "Custom field (Story point estimate)"); story_points is left empty`,
			},
		},
		{
			name: "a repeated story points field takes the first value",
			input: "Issue key,Issue Type,Status,Created,Resolved,Custom field (Story Points),Custom field (Story Points),Custom field (Story point estimate),Parent key\n" +
				"F-1,Story,Done,1/Mar/24 9:00 AM,,,8,3,F-0\n" +
				"F-2,Story,Done,1/Mar/24 9:00 AM,,,,3,F-0\n",
			want: "F-1,F-0,8,Done,2024-03-01 09:00:00,\n" +
				"F-2,F-0,3,Done,2024-03-01 09:00:00,\n",
			probs: []string{
				`export.csv:1: warning: column "Custom field (Story Points)" appears 2 times; the first non-empty value of a row is used`,
			},
		},
		{
			name:  "unknown layout names the columns looked for",
			input: "issuekey,title,description,storypoint\nUSERGRID-16,Asset data,x,3\n",
			probs: []string{
				`export.csv:1: not a Jira issue export: no columns "Issue key", "Issue Type", "Status", "Created", "Resolved" (looked for Issue key, Issue Type, Status, Created, Resolved, Custom field (Story Points), Custom field (Story point estimate), Custom field (Epic Link), Parent key, Parent, Parent id, Issue id; the header has: issuekey, title, description, storypoint)`,
			},
		},
		{
			name:  "empty file",
			input: "",
			probs: []string{`export.csv: the file is empty; expected a Jira issue export with a header row`},
		},
		{
			name: "malformed CSV is reported and reading goes on",
			input: "Issue key,Issue Type,Status,Created,Resolved\n" +
				"G-1,Story,Do\"ne,1/Mar/24 9:00 AM,\n" +
				"G-2,Story,Done,1/Mar/24 9:00 AM,\n",
			probs: []string{
				`export.csv:2: not valid CSV (byte 13 of the line): bare " in non-quoted-field`,
				`export.csv:1: warning: no epic column (looked for "Custom field (Epic Link)", "Parent key", "Parent" or "Parent id"); only epics get an epic_key (their own)`,
				`export.csv:1: warning: no story points column (looked for "Custom field (Story Points)" or "Custom field (Story point estimate)"); story_points is left empty`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input, want := tt.input, header+tt.want
			if tt.file != "" {
				input = readFile(t, tt.file+".csv")
				want = readFile(t, tt.file+".want.csv")
			}
			got, probs := convert(t, input, tt.layout)
			if strings.Join(probs, "\n") != strings.Join(tt.probs, "\n") {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(probs, "\n"), strings.Join(tt.probs, "\n"))
			}
			hasErr := false
			for _, p := range probs {
				hasErr = hasErr || !strings.Contains(p, ": warning: ")
			}
			if hasErr {
				return // the output is not used when there are errors
			}
			if tt.file != "" && *update {
				os.WriteFile(filepath.Join("testdata", tt.file+".want.csv"), []byte(got), 0o644)
				return
			}
			if got != want {
				t.Errorf("issues.csv:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestMapHeaderPrefersKeyColumns(t *testing.T) {
	header := []string{"Parent", "Issue key", " issue type ", "Status", "Created", "Resolved", "Parent key", "Custom field (Story point estimate)"}
	m, _, err := jira.MapHeader(header)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, f := range jira.Fields {
		for _, c := range m.Cols[i] {
			got = append(got, f.Name+"="+c.Name)
		}
	}
	want := "issue_key=Issue key issue type=issue type status=Status created=Created resolved=Resolved story_points=Custom field (Story point estimate) parent=Parent key parent=Parent"
	if strings.Join(got, " ") != want {
		t.Errorf("mapping:\n%s\nwant:\n%s", strings.Join(got, " "), want)
	}
}

func TestCheckLayout(t *testing.T) {
	for layout, ok := range map[string]bool{
		jira.DefaultLayout:         true,
		"02.01.06 15:04":           true,
		"2006-01-02":               true,
		"02/01/2006 03:04 pm":      true,
		"%d/%m/%y %H:%M":           false, // strftime is not a Go layout
		"dd/MMM/yy h:mm a":         false, // nor is Java's
		"02/Jan/06 3:04":           false, // 12-hour clock without PM
		"":                         false,
		"Jan 2006":                 false,
		"2/Jan/06 3:04 PM ignored": true,
	} {
		if err := jira.CheckLayout(layout); (err == nil) != ok {
			t.Errorf("CheckLayout(%q) = %v, want ok=%v", layout, err, ok)
		}
	}
}

var outDate = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)

// FuzzRead: Read never panics, and when it reports no error its output is
// a well-formed issues.csv with one row per issue, unique keys and ISO dates.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"datacenter.csv", "cloud.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("\ufeffIssue key,Issue Type,Status,Created,Resolved,Parent\r\nA-1,Sub-task,x,1/Mar/24 9:00 AM,,A-1\r\n"))
	f.Add([]byte("Issue key,Issue id,Issue Type,Status,Created,Resolved,Parent id\nA-1,1,Story,x,1/Mar/24 9:00 AM,,2\nA-2,2,Story,x,1/Mar/24 9:00 AM,,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := jira.Read(bytes.NewReader(data), jira.Options{File: "f.csv"})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range res.Diags.Errors() {
			if d.File != "f.csv" || d.Msg == "" {
				t.Fatalf("malformed diagnostic %q", d)
			}
		}
		if res.Diags.HasErrors() {
			return
		}
		var out bytes.Buffer
		if err := jira.Write(&out, res.Issues); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&out).ReadAll()
		if err != nil {
			t.Fatalf("output is not CSV: %v", err)
		}
		if len(recs) != len(res.Issues)+1 {
			t.Fatalf("%d output rows for %d issues", len(recs)-1, len(res.Issues))
		}
		seen := map[string]bool{}
		for _, r := range recs[1:] {
			if r[0] == "" || seen[r[0]] {
				t.Fatalf("empty or duplicate key in %q", r)
			}
			seen[r[0]] = true
			if !outDate.MatchString(r[4]) || (r[5] != "" && !outDate.MatchString(r[5])) {
				t.Fatalf("dates not ISO in %q", r)
			}
		}
	})
}
