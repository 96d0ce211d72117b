-- title: Invalid KPI links
-- description: Links between an initiative and a KPI that cannot be judged (target equal to baseline, due date not after the start, or a target on the wrong side of the baseline for the KPI's direction); they count for nothing until fixed.
-- kind: check
-- severity: warning
SELECT initiative_id, kpi_id, problem
FROM link_eval
WHERE point = 'current' AND status = 'invalid'
ORDER BY initiative_id, kpi_id, link_no
