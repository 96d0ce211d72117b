-- title: KPI history
-- description: Every recorded value of each linked KPI up to the as-of date, with the link's baseline, target and due date, to draw the path toward the target.
SELECT
    l.initiative_id,
    l.kpi_id,
    l.kpi_name,
    v.date,
    v.value,
    l.baseline,
    l.target,
    l.due_date
FROM link_status AS l
JOIN kpi_values AS v ON v.kpi_id = l.kpi_id
JOIN audit_points AS a ON a.point = 'current'
WHERE v.date <= a.as_of AND v.value IS NOT NULL
ORDER BY l.initiative_id, l.kpi_id, v.date, v.value, l.due_date, l.baseline, l.target
