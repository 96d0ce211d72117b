package report

import (
	"path"
	"strings"
	"testing"
)

func TestInitiativePath(t *testing.T) {
	long := strings.Repeat("x", 10000)
	cjk := strings.Repeat("云", 30) // 90 bytes of UTF-8
	for _, tc := range []struct {
		id, want string
	}{
		{"INF-CLOUD", "initiatives/INF-CLOUD.html"},
		{"CRM_2", "initiatives/CRM_2.html"},
		{"crm-201", "initiatives/crm-201.e46b392689dfdf20.html"},
		{"CRM/X 1", "initiatives/CRM_X_1.0fd0d9cd842eefd3.html"},
		{".hidden", "initiatives/_hidden.1692419006a88aab.html"},
		{"..", "initiatives/_.5ec1f7e700f37c3d.html"},
		{"", "initiatives/_.e3b0c44298fc1c14.html"},
		{"-rf", "initiatives/rf.686c39acd6327bbd.html"},
		{"CON", "initiatives/CON.a3dbc4b644a9a2c5.html"},
	} {
		if got := InitiativePath(tc.id); got != tc.want {
			t.Errorf("InitiativePath(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	// Every name is bounded, ASCII-safe, never a dotfile, and unique even
	// on a host that ignores case.
	ids := []string{long, long + "y", cjk, strings.Repeat("云", 31), "INF-CLOUD", "inf-cloud", "Inf-Cloud",
		"INF_CLOUD", ".env", ".ENV", "..", ".", "", "a", "A", "con", "CON", "x/../y", "x\\y", "日本", "日本語",
		"INF-CLOUD.0123456789abcdef", "INF-CLOUD_0123456789abcdef"}
	seen := map[string]string{}
	for _, id := range ids {
		p := InitiativePath(id)
		base := strings.TrimSuffix(path.Base(p), ".html")
		if len(base) > 100 {
			t.Errorf("%.20q: name is %d bytes", id, len(base))
		}
		if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "-") {
			t.Errorf("%.20q: name %q starts with %q", id, base, base[0])
		}
		for _, c := range []byte(base) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
				t.Errorf("%.20q: name %q holds %q", id, base, c)
			}
		}
		if path.Dir(p) != "initiatives" {
			t.Errorf("%.20q: %q leaves initiatives/", id, p)
		}
		if InitiativePath(id) != p {
			t.Errorf("%.20q: not deterministic", id)
		}
		fold := strings.ToLower(p)
		if other, ok := seen[fold]; ok {
			t.Errorf("%.20q and %.20q both map to %q (ignoring case)", id, other, fold)
		}
		seen[fold] = id
	}
}

func TestQueryAndDataPaths(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{QueryPath("initiative_status"), "queries/initiative_status.html"},
		{DataPath("initiative_status"), "data/initiative_status.csv"},
		{ReportPath("notes"), "reports/notes.html"},
		{ReportPath("Notes"), "reports/Notes.8a7525b1492fb848.html"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if strings.EqualFold(ReportPath("notes"), ReportPath("NOTES")) {
		t.Error("notes and NOTES collide ignoring case")
	}
}

func TestInsideSite(t *testing.T) {
	for p, want := range map[string]bool{
		"archive/2026-11-27/board-pack.xlsx": true, "run.json": true,
		"": false, "/etc/passwd": false, "../x": false, "a/../b": false, "https://x/y": false, "//host/x": false,
		`a\b`: false, "javascript:alert(1)": false, "a//b": false, "a?b": false, "./a": false,
	} {
		if got := InsideSite(p); got != want {
			t.Errorf("InsideSite(%q) = %v, want %v", p, got, want)
		}
	}
}
