-- title: Linked KPIs without current values
-- description: Links whose KPI has no value since the link started, or whose latest value is too old to trust; their initiative's outcome shows as no data.
-- kind: check
-- severity: warning
SELECT
    initiative_id,
    kpi_id,
    CASE
        WHEN latest_date IS NULL THEN 'no values on or before ' || strftime(as_of, '%Y-%m-%d')
        WHEN values_in_window = 0 THEN 'no values since the link started on ' || strftime(start_date, '%Y-%m-%d')
        ELSE 'latest value dated ' || strftime(latest_date, '%Y-%m-%d') || ' is '
            || (as_of - latest_date) || ' days old, more than ' || stale_after_days
    END AS problem
FROM link_eval
WHERE point = 'current' AND status = 'no_data'
ORDER BY initiative_id, kpi_id, link_no
