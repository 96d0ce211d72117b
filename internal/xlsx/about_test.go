package xlsx

import (
	"strings"
	"testing"
)

// The About sheet states the thresholds this run used, not the defaults.
func TestDefinitionsUseTheRunParameters(t *testing.T) {
	defs := Definitions(map[string]string{"escalation_executive": "2000000", "escalation_cio": "300000", "velocity_healthy": "0.8"})
	text := map[string]string{}
	for _, d := range defs {
		text[d[0]] = d[1]
	}
	if s := text["Escalation"]; !strings.Contains(s, "2,000,000") || !strings.Contains(s, "300,000") {
		t.Errorf("Escalation: %q", s)
	}
	if s := text["Divergence"]; !strings.Contains(s, "0.8") {
		t.Errorf("Divergence: %q", s)
	}
}
