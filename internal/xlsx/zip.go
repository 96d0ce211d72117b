package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"time"
)

// zipCollector is the excelize.ZipWriter the pack is saved through. It keeps
// every part in memory so that repack can write them in a fixed order with a
// fixed timestamp: excelize writes streamed sheets in map order and stamps
// nothing, and we need byte-identical output for identical input.
type zipCollector struct {
	parts map[string]*bytes.Buffer
}

func newZipCollector() *zipCollector { return &zipCollector{parts: map[string]*bytes.Buffer{}} }

func (z *zipCollector) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

func (z *zipCollector) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		z.parts[path] = bytes.NewBuffer(b)
		return nil
	})
}

func (z *zipCollector) Close() error { return nil }

// partRank puts the package's entry points first, as Office writes them;
// some readers sniff the first entry.
func partRank(name string) int {
	switch name {
	case "[Content_Types].xml":
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}

// repack writes the collected parts as a zip in a stable order, every entry
// stamped with ts.
func (z *zipCollector) repack(ts time.Time) ([]byte, error) {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int {
		if ra, rb := partRank(a), partRank(b); ra != rb {
			return ra - rb
		}
		if a < b {
			return -1
		} else if a > b {
			return 1
		}
		return 0
	})
	if ct, ok := z.parts["[Content_Types].xml"]; ok {
		b, err := sortContentTypes(ct.Bytes())
		if err != nil {
			return nil, err
		}
		z.parts["[Content_Types].xml"] = bytes.NewBuffer(b)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: ts})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(z.parts[n].Bytes()); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// zipTime is the timestamp for every entry and document property: the as-of
// date at midnight UTC, clamped to what a zip (MS-DOS) date can hold.
func zipTime(asOf time.Time) time.Time {
	t := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	lo := time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2107, 12, 31, 0, 0, 0, 0, time.UTC)
	if asOf.IsZero() || t.Before(lo) {
		return lo
	}
	if t.After(hi) {
		return hi
	}
	return t
}

// contentTypes is [Content_Types].xml. excelize fills its Default list from
// a map when a chart is added, so the order changes from run to run.
type contentTypes struct {
	XMLName   xml.Name     `xml:"http://schemas.openxmlformats.org/package/2006/content-types Types"`
	Defaults  []ctDefault  `xml:"Default"`
	Overrides []ctOverride `xml:"Override"`
}

type ctDefault struct {
	Extension   string `xml:"Extension,attr"`
	ContentType string `xml:"ContentType,attr"`
}

type ctOverride struct {
	PartName    string `xml:"PartName,attr"`
	ContentType string `xml:"ContentType,attr"`
}

// sortContentTypes rewrites [Content_Types].xml with its entries sorted.
func sortContentTypes(b []byte) ([]byte, error) {
	var ct contentTypes
	if err := xml.Unmarshal(b, &ct); err != nil {
		return nil, fmt.Errorf("content types: %w", err)
	}
	slices.SortFunc(ct.Defaults, func(a, b ctDefault) int { return cmp.Compare(a.Extension, b.Extension) })
	slices.SortFunc(ct.Overrides, func(a, b ctOverride) int { return cmp.Compare(a.PartName, b.PartName) })
	out, err := xml.Marshal(ct)
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}
