package xlsx

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

func TestSheetName(t *testing.T) {
	for in, want := range map[string]string{
		"Q3 [draft]: a/b*?":               "Q3 (draft) a b",
		"Portfolios":                      "Portfolios",
		"":                                "Sheet",
		"'''":                             "Sheet",
		"history":                         "history_",
		"a\tb\nc":                         "a b c",
		strings.Repeat("abcdefghij", 4):   "abcdefghijabcdefghijabcdefghija",
		"It's fine":                       "It's fine",
		strings.Repeat("é", 40):           strings.Repeat("é", 31),
		strings.Repeat("😀", 20):           strings.Repeat("😀", 15),
		"  spaced   out  ":                "spaced out",
		"\xff\xfeinvalid":                 "_invalid",
		strings.Repeat("x", 30) + "'tail": strings.Repeat("x", 30),
	} {
		if got := SheetName(in); got != want {
			t.Errorf("SheetName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUniqueSheetNames(t *testing.T) {
	n := newSheetNames()
	var got []string
	for _, s := range []string{"Summary", "summary", "SUMMARY", "a/b", "a:b", strings.Repeat("y", 40), strings.Repeat("y", 35)} {
		got = append(got, n.unique(s))
	}
	want := []string{"Summary", "summary (2)", "SUMMARY (3)", "a b", "a b (2)", strings.Repeat("y", 31), strings.Repeat("y", 27) + " (2)"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("unique #%d = %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzSheetName(f *testing.F) {
	for _, s := range []string{"Q3 [draft]: a/b*?", "", "'", "History", strings.Repeat("long name ", 5), "😀😀", "a\x00b", "\xff"} {
		f.Add(s, s+"x")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		n := newSheetNames()
		x, y, z := n.unique(a), n.unique(b), n.unique(a)
		for _, name := range []string{x, y, z} {
			if err := checkName(name); err != nil {
				t.Fatalf("invalid name %q from %q/%q: %v", name, a, b, err)
			}
		}
		if strings.EqualFold(x, y) || strings.EqualFold(x, z) || strings.EqualFold(y, z) {
			t.Fatalf("names not unique: %q %q %q", x, y, z)
		}
		if SheetName(a) != SheetName(a) || SheetName(SheetName(a)) != SheetName(a) {
			t.Fatalf("SheetName(%q) not stable", a)
		}
	})
}

// checkName applies Excel's rules, and excelize's own check by creating the sheet.
func checkName(name string) error {
	if len(utf16.Encode([]rune(name))) > maxSheetName || strings.ContainsAny(name, `[]:*?/\`) ||
		strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'") || strings.TrimSpace(name) == "" ||
		strings.EqualFold(name, "History") {
		return errInvalid
	}
	f := excelize.NewFile()
	defer f.Close()
	_, err := f.NewSheet(name)
	return err
}

var errInvalid = &invalidName{}

type invalidName struct{}

func (*invalidName) Error() string { return "breaks Excel's sheet name rules" }
