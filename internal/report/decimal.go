package report

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"
)

// Dec is an exact decimal, as DuckDB's DECIMAL columns hold money: Unscaled ×
// 10^-Scale. Money never passes through float64 on its way to a CSV, a table
// cell or a sum; only charts and board-pack cells (which are doubles in the
// file format) take Float64, after rounding to cents.
type Dec struct {
	unscaled *big.Int
	scale    int
}

// NewDec returns unscaled × 10^-scale.
func NewDec(unscaled *big.Int, scale int) Dec {
	return Dec{unscaled: new(big.Int).Set(unscaled), scale: scale}
}

// ParseDec reads a plain decimal such as "-1234.50".
func ParseDec(s string) (Dec, error) {
	t := strings.TrimSpace(s)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(strings.TrimPrefix(t, "-"), "+")
	whole, frac, _ := strings.Cut(t, ".")
	digits := whole + frac
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return Dec{}, fmt.Errorf("%q is not a decimal", s)
	}
	n, _ := new(big.Int).SetString(digits, 10)
	if neg {
		n.Neg(n)
	}
	return Dec{unscaled: n, scale: len(frac)}, nil
}

func (d Dec) int() *big.Int {
	if d.unscaled == nil {
		return new(big.Int)
	}
	return d.unscaled
}

// String is the exact value with Scale digits after the point: "-1234.50".
func (d Dec) String() string {
	s := d.int().String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if d.scale > 0 {
		if len(s) <= d.scale {
			s = strings.Repeat("0", d.scale-len(s)+1) + s
		}
		s = s[:len(s)-d.scale] + "." + s[len(s)-d.scale:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Rescale returns d with exactly scale digits after the point, rounding half
// away from zero when digits are dropped.
func (d Dec) Rescale(scale int) Dec {
	n := new(big.Int).Set(d.int())
	switch {
	case scale > d.scale:
		n.Mul(n, pow10(scale-d.scale))
	case scale < d.scale:
		p := pow10(d.scale - scale)
		half := new(big.Int).Quo(p, big.NewInt(2))
		neg := n.Sign() < 0
		n.Abs(n)
		n.Add(n, half)
		n.Quo(n, p)
		if neg {
			n.Neg(n)
		}
	}
	return Dec{unscaled: n, scale: scale}
}

// Add returns d + e exactly.
func (d Dec) Add(e Dec) Dec {
	s := max(d.scale, e.scale)
	a, b := d.Rescale(s), e.Rescale(s)
	return Dec{unscaled: new(big.Int).Add(a.unscaled, b.unscaled), scale: s}
}

// Sub returns d - e exactly.
func (d Dec) Sub(e Dec) Dec {
	return d.Add(Dec{unscaled: new(big.Int).Neg(e.int()), scale: e.scale})
}

// Cmp compares d and e: -1, 0 or +1.
func (d Dec) Cmp(e Dec) int {
	s := max(d.scale, e.scale)
	return d.Rescale(s).unscaled.Cmp(e.Rescale(s).unscaled)
}

// Sign is -1, 0 or +1.
func (d Dec) Sign() int { return d.int().Sign() }

// Float64 is the nearest double, for charts and spreadsheet cells. Parsing the
// exact text gives the correctly rounded double, so a value in cents below
// about 10^13 round-trips to the same text.
func (d Dec) Float64() float64 {
	f, _ := strconv.ParseFloat(d.String(), 64)
	return f
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}
