-- title: Unmapped spend
-- description: Spend up to the as-of date whose project code is not mapped to any initiative, by project code; it is counted in the totals but cannot be judged.
-- kind: check
-- severity: warning
SELECT
    s.project_code,
    count(*)::INTEGER AS lines,
    sum(s.amount) AS amount
FROM spend_lines AS s
JOIN audit_points AS a ON a.point = 'current'
WHERE s.initiative_id IS NULL AND s.posting_date <= a.as_of
GROUP BY s.project_code
ORDER BY s.project_code NULLS FIRST
