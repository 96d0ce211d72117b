package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestDeployUnitsVerify: the systemd service and timer in docs/deploy.md
// pass systemd-analyze verify (with ExecStart pointed at a binary that
// exists here), and the crontab line treats exit 4 as no failure.
func TestDeployUnitsVerify(t *testing.T) {
	doc, err := os.ReadFile("../../docs/deploy.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)`/etc/systemd/system/([a-z.]+)`:\n\n```ini\n(.*?)```").FindAllStringSubmatch(string(doc), -1)
	if len(blocks) != 2 {
		t.Fatalf("docs/deploy.md has %d unit blocks, want the service and the timer", len(blocks))
	}
	if !strings.Contains(string(doc), "[ $rc -eq 4 ]") {
		t.Error("the crontab line does not treat exit 4 (locked) apart")
	}
	if !strings.Contains(blocks[0][2], "SuccessExitStatus=4") {
		t.Error("the service does not treat exit 4 (locked) as success")
	}
	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze not installed")
	}
	dir := t.TempDir()
	var units []string
	for _, b := range blocks {
		p := filepath.Join(dir, b[1])
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(b[2], "/usr/local/bin/throughline", "/bin/true")), 0o644); err != nil {
			t.Fatal(err)
		}
		units = append(units, p)
	}
	out, err := exec.Command(sa, append([]string{"verify"}, units...)...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
