package build

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/throughline/throughline/internal/archive"
	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/warehouse"
)

// loadArchive reads the audits kept under the published site's archive/
// into the archive tables (archive.Tables), before the database is locked:
// the headline of every audit that stays kept, and the plan (links,
// budgets, milestones) of the previous one. An archive it cannot read is a
// warning, and its tables stay empty.
func (r *runner) loadArchive(ctx context.Context, db *warehouse.DB) error {
	asOf := r.cfg.AsOf.Format(config.DateLayout)
	root := filepath.Join(r.cfg.Out, archive.Dir)
	var others []string
	previous := ""
	for _, d := range archive.Retain(archive.List(r.cfg.Out), asOf, r.cfg.Params.KeepAudits) {
		if d == asOf {
			continue
		}
		others = append(others, d)
		if d < asOf && d > previous {
			previous = d
		}
	}
	for _, t := range archive.Tables {
		var files []string
		if t.All {
			for _, d := range others {
				files = append(files, filepath.Join(root, d, filepath.FromSlash(t.File)))
			}
		} else if previous != "" {
			files = append(files, filepath.Join(root, previous, filepath.FromSlash(t.File)))
		}
		if len(files) > 0 {
			err := db.Exec(ctx, archiveSQL(t, files))
			if err == nil {
				continue
			}
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.diags.Warnf(filepath.ToSlash(filepath.Join(shown(r.cfg.Out), archive.Dir)), 0, 0,
				"cannot read %s of the kept audits (%s); the Audits page and plan changes leave it out", t.File, sqlFirstLine(err))
		}
		if err := db.Exec(ctx, t.Empty()); err != nil {
			return fmt.Errorf("create %s: %w", t.Name, err)
		}
	}
	return nil
}

// archiveSQL reads t's file of each kept audit, every field as text, cast
// leniently: an archive written by an older version may lack a figure.
func archiveSQL(t archive.Table, files []string) string {
	var quoted, sel []string
	for _, f := range files {
		quoted = append(quoted, warehouse.Quote(f))
	}
	for _, c := range t.Columns {
		if c.Name == "as_of" && t.All {
			sel = append(sel, `TRY_CAST(regexp_extract(replace(filename, '\', '/'), '/(\d{4}-\d{2}-\d{2})/data/[^/]*$', 1) AS DATE) AS as_of`)
			continue
		}
		sel = append(sel, fmt.Sprintf("TRY_CAST(%s AS %s) AS %s", warehouse.Ident(c.Name), c.Type, warehouse.Ident(c.Name)))
	}
	return fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT %s FROM read_csv([%s], header = true, delim = ',', quote = '\"', escape = '\"', all_varchar = true, union_by_name = true, filename = true)",
		warehouse.Ident(t.Name), strings.Join(sel, ", "), strings.Join(quoted, ", "))
}

func sqlFirstLine(err error) string {
	if se := warehouse.AsSQLError(err); se != nil {
		msg, _ := warehouse.JSONError(se.Msg)
		return strings.SplitN(msg, "\n", 2)[0]
	}
	return err.Error()
}

// archiveCopies adds this audit's kept files (board pack, data/, run.json)
// under archive/<as-of>/, so that the published release holds them and the
// Audits page's links resolve; package publish carries the earlier ones
// forward. The copies share their bytes with the originals. An audit that
// would not stay among the newest keep_audits (an --allow-older build of an
// old date) is not archived.
func (r *runner) archiveCopies(files map[string][]byte) {
	asOf := r.cfg.AsOf.Format(config.DateLayout)
	kept := false
	for _, d := range archive.Retain(archive.List(r.cfg.Out), asOf, r.cfg.Params.KeepAudits) {
		kept = kept || d == asOf
	}
	if !kept {
		return
	}
	var ps []string
	for p := range files {
		if archive.Kept(p) {
			ps = append(ps, p)
		}
	}
	for _, p := range ps {
		files[archive.Path(asOf, p)] = files[p]
	}
}
