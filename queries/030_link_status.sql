-- title: KPI link status
-- description: For every link between an initiative and a business KPI: how far the KPI has moved toward its target, how much of the time has gone, and the verdict.
SELECT
    initiative_id,
    kpi_id,
    baseline,
    target,
    latest_value,
    latest_date,
    progress,
    elapsed,
    status,
    due_date,
    start_date,
    kpi_name,
    unit,
    direction,
    financial
FROM link_eval
WHERE point = 'current'
ORDER BY initiative_id, kpi_id, link_no
