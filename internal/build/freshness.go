package build

import (
	"context"
	"fmt"
	"path"
	"time"

	"github.com/throughline/throughline/internal/config"
	"github.com/throughline/throughline/internal/warehouse"
)

// freshness judges each input that has a [freshness.<input>] limit by its
// newest date on or before the as-of date: past warn_after_days a warning,
// past error_after_days an error (the run publishes nothing, exit 3). An
// input that was supplied but has no such date is judged as infinitely old;
// one not supplied at all is left to the missing-file warning.
func (r *runner) freshness(ctx context.Context, db *warehouse.DB, shownInput string, notSupplied []string) error {
	missing := map[string]bool{}
	for _, f := range notSupplied {
		missing[f] = true
	}
	asOf := r.cfg.AsOf
	for _, in := range config.FreshnessInputs {
		f, ok := r.cfg.Freshness[in.Input]
		if !ok || (f.WarnAfterDays == 0 && f.ErrorAfterDays == 0) || missing[in.File] {
			continue
		}
		var newest *time.Time
		q := fmt.Sprintf("SELECT max(%[1]s) FROM %[2]s WHERE %[1]s <= DATE '%[3]s'", warehouse.Ident(in.Column), warehouse.Ident(in.Input), asOf.Format(config.DateLayout))
		if err := db.QueryRow(ctx, q, &newest); err != nil {
			return fmt.Errorf("freshness of %s: %w", in.File, err)
		}
		file := path.Join(shownInput, in.File)
		if newest == nil {
			if f.ErrorAfterDays > 0 {
				r.diags.Errorf(file, 0, 0, "no %s on or before the as-of date %s: too old to publish (freshness.%s.error_after_days = %d)", in.Column, asOf.Format(config.DateLayout), in.Input, f.ErrorAfterDays)
			} else {
				r.diags.Warnf(file, 0, 0, "no %s on or before the as-of date %s (freshness.%s.warn_after_days = %d)", in.Column, asOf.Format(config.DateLayout), in.Input, f.WarnAfterDays)
			}
			continue
		}
		age := int(asOf.Sub(*newest).Hours() / 24)
		msg := fmt.Sprintf("newest %s is %s, %d days before the as-of date %s", in.Column, newest.Format(config.DateLayout), age, asOf.Format(config.DateLayout))
		switch {
		case f.ErrorAfterDays > 0 && age > f.ErrorAfterDays:
			r.diags.Errorf(file, 0, 0, "%s: more than freshness.%s.error_after_days (%d), so nothing is published; supply a newer extract", msg, in.Input, f.ErrorAfterDays)
		case f.WarnAfterDays > 0 && age > f.WarnAfterDays:
			r.diags.Warnf(file, 0, 0, "%s: more than freshness.%s.warn_after_days (%d)", msg, in.Input, f.WarnAfterDays)
		}
	}
	return nil
}
