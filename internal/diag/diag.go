// Package diag collects positioned problems (errors and warnings) found in
// analyst-edited inputs, so that a run can report all of them at once.
package diag

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Severity says whether a problem stops a run.
type Severity int

const (
	// Error stops the run before anything is published.
	Error Severity = iota
	// Warning is reported but never stops a run.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at a position. Line and Col are 1-based; zero
// means unknown (a whole-file problem has neither).
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Msg      string
}

// String formats the diagnostic as "file:line:col: msg", the form editors and
// CI logs recognise. Warnings are prefixed with "warning: " after the position.
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List is an ordered collection of diagnostics. The zero value is ready to use.
type List struct {
	items []Diagnostic
}

// Add appends a diagnostic.
func (l *List) Add(d Diagnostic) { l.items = append(l.items, d) }

// Errorf adds an error at file:line:col.
func (l *List) Errorf(file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at file:line:col.
func (l *List) Warnf(file string, line, col int, format string, args ...any) {
	l.Add(Diagnostic{File: file, Line: line, Col: col, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Append adds every diagnostic of other.
func (l *List) Append(other *List) {
	if other != nil {
		l.items = append(l.items, other.items...)
	}
}

// Len reports the number of diagnostics of any severity.
func (l *List) Len() int { return len(l.items) }

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool {
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the errors, sorted by position.
func (l *List) Errors() []Diagnostic { return l.filter(Error) }

// Warnings returns the warnings, sorted by position.
func (l *List) Warnings() []Diagnostic { return l.filter(Warning) }

func (l *List) filter(s Severity) []Diagnostic {
	var out []Diagnostic
	for _, d := range l.items {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	Sort(out)
	return out
}

// Sort orders diagnostics by file, line, column and message, so that output
// is stable whatever order the checks ran in.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
}

// Err returns the list as an error when it holds errors, else nil.
func (l *List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return &ListError{Diags: l.Errors()}
}

// ListError is the error form of a list of user-facing problems: bad input,
// bad SQL, a bad report page. The CLI maps it to exit code 3.
type ListError struct {
	Diags []Diagnostic
}

func (e *ListError) Error() string {
	if len(e.Diags) == 1 {
		return e.Diags[0].String()
	}
	return fmt.Sprintf("%s (and %d more)", e.Diags[0].String(), len(e.Diags)-1)
}

// All returns every diagnostic, errors first, each group sorted by position.
func (l *List) All() []Diagnostic {
	return append(l.Errors(), l.Warnings()...)
}

// Print writes at most max diagnostics, one per line, and a closing line
// saying how many were left out and where to find them all (hint, e.g. "write
// them all with --diagnostics FILE"). max <= 0 prints all.
func Print(w io.Writer, ds []Diagnostic, max int, hint string) {
	n := len(ds)
	if max > 0 && n > max {
		n = max
	}
	for _, d := range ds[:n] {
		fmt.Fprintln(w, d.String())
	}
	if n < len(ds) {
		fmt.Fprintf(w, "... and %d more (%d in all)", len(ds)-n, len(ds))
		if hint != "" {
			fmt.Fprintf(w, "; %s", hint)
		}
		fmt.Fprintln(w)
	}
}

// CSV renders diagnostics as severity,file,line,column,message (0 for an
// unknown line or column), the form --diagnostics writes.
func CSV(ds []Diagnostic) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"severity", "file", "line", "column", "message"})
	for _, d := range ds {
		w.Write([]string{d.Severity.String(), d.File, fmt.Sprint(d.Line), fmt.Sprint(d.Col), d.Msg})
	}
	w.Flush()
	return b.Bytes()
}
