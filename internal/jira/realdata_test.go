package jira_test

import (
	"bytes"
	"github.com/throughline/throughline/internal/realdata"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/throughline/throughline/internal/jira"
)

// TestRealSEAnalyticsIsNotAnIssueExport runs the real Jira data of
// Choetkiertikul et al. (../shared/realdata/jira_sprints_seanalytics) through
// Read. None of its files is an issue export: the iteration files hold one
// row per sprint, apache_issue_80.csv has no issue key and
// storypoint_usergrid.csv has keys and story points but no type, status or
// dates. Each must be refused with the one header error that names what is
// missing, never a row error or a panic.
func TestRealSEAnalyticsIsNotAnIssueExport(t *testing.T) {
	dir := realdata.Path(t, "jira_sprints_seanalytics")
	const missing = `no columns "Issue key", "Issue Type", "Status", "Created", "Resolved"`
	for _, name := range []string{"storypoint_usergrid.csv", "apache_issue_80.csv", "apache_issuelink_80.csv", "jira_iteration_80.csv", "mongodb_iteration_80.csv"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		res, err := jira.Read(bytes.NewReader(data), jira.Options{File: name})
		if err != nil {
			t.Fatal(err)
		}
		errs := res.Diags.Errors()
		if len(errs) != 1 || errs[0].Line != 1 || !strings.Contains(errs[0].Msg, missing) {
			t.Errorf("%s: got %v, want one header error containing %q", name, errs, missing)
		}
	}
}
