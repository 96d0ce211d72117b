package load

import "testing"

// shapeByByte is the plain reading of a CSV's line shape, byte by byte: the
// reference the line-at-a-time scanner must agree with.
func shapeByByte(data []byte) bool {
	inQuote, lineBlank, pending, blankLine, multiLine := false, true, false, false, false
	content := func() {
		if pending {
			blankLine, pending = true, false
		}
		lineBlank = false
	}
	for _, c := range data {
		switch c {
		case '"':
			inQuote = !inQuote
			content()
		case '\n':
			if inQuote {
				multiLine = true
				continue
			}
			if lineBlank {
				pending = true
			}
			lineBlank = true
		case '\r', ' ', '\t':
		default:
			content()
		}
	}
	return !multiLine && !blankLine
}

// FuzzShapeScan: fed in any chunks, the scanner agrees with the reference.
func FuzzShapeScan(f *testing.F) {
	f.Add([]byte("a,b\n1,2\n"), 3)
	f.Add([]byte("a,b\n1,\"x\ny\"\n"), 1)
	f.Add([]byte("a,b\n\n1,2\n"), 5)
	f.Add([]byte("a,b\n1,2\n\n\n"), 2)
	f.Add([]byte("a\n \t\r\n1\n"), 4)
	f.Add([]byte("a\n\"\"\"\"\n\"\n\"\n"), 2)
	f.Fuzz(func(t *testing.T, data []byte, chunk int) {
		if chunk < 1 {
			chunk = 1
		}
		var s shapeScan
		for i := 0; i < len(data); i += chunk {
			s.Write(data[i:min(i+chunk, len(data))])
		}
		if len(data) == 0 {
			s.Write(nil)
		}
		if got, want := s.simple(), shapeByByte(data); got != want {
			t.Errorf("%q in chunks of %d: simple %v, byte by byte %v", data, chunk, got, want)
		}
	})
}
