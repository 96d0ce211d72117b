-- title: Dual running
-- sheet: Dual running
-- description: Legacy spend an initiative promised to retire (mappings with system retires), still posted after its retire-by date: what it has cost since, its monthly run rate and how many months overdue.
SELECT
    initiative_id,
    retire_by,
    legacy_spend_after_retire_by,
    legacy_monthly_run_rate,
    months_overdue
FROM dual_running_eval
WHERE point = 'current'
ORDER BY initiative_id
