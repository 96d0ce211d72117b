package diag

import (
	"strings"
	"testing"
)

func TestSortedPrintCapped(t *testing.T) {
	var l List
	l.Errorf("b.csv", 2, 1, "second file")
	l.Errorf("a.csv", 10, 2, "later line")
	l.Errorf("a.csv", 9, 5, "earlier line")
	l.Warnf("a.csv", 1, 3, "extra column")
	l.Errorf("a.csv", 0, 0, "whole file")
	var b strings.Builder
	Print(&b, l.Errors(), 3, "write them all with --diagnostics FILE")
	want := "a.csv: whole file\na.csv:9:5: earlier line\na.csv:10:2: later line\n... and 1 more (4 in all); write them all with --diagnostics FILE\n"
	if b.String() != want {
		t.Errorf("got:\n%swant:\n%s", b.String(), want)
	}
	if w := l.Warnings(); len(w) != 1 || w[0].String() != "a.csv:1:3: warning: extra column" {
		t.Errorf("warnings: %v", w)
	}
	if err := l.Err(); err == nil || !strings.Contains(err.Error(), "(and 3 more)") {
		t.Errorf("Err() = %v", err)
	}
	var clean List
	clean.Warnf("x", 0, 0, "only a warning")
	if clean.Err() != nil {
		t.Error("warnings alone must not be an error")
	}
}

func TestCSVHoldsEveryProblem(t *testing.T) {
	var l List
	l.Warnf("spend.csv", 1, 4, "extra columns ignored: \"a\", \"b\"")
	for i := 0; i < 60; i++ {
		l.Errorf("spend.csv", i+2, 2, "amount: %q is not a decimal", "x,y")
	}
	got := string(CSV(l.All()))
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 62 {
		t.Fatalf("got %d lines, want a header and 61 problems", len(lines))
	}
	if lines[0] != "severity,file,line,column,message" || lines[1] != `error,spend.csv,2,2,"amount: ""x,y"" is not a decimal"` ||
		lines[61] != `warning,spend.csv,1,4,"extra columns ignored: ""a"", ""b"""` {
		t.Errorf("unexpected CSV:\n%s", got)
	}
}
