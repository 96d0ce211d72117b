-- title: Issues under unmapped epics
-- description: Delivery work created up to the as-of date whose epic is not mapped to any initiative, by epic; its story points count toward no initiative's velocity.
-- kind: check
-- severity: warning
SELECT
    il.epic_key,
    count(*)::INTEGER AS issues,
    sum(il.story_points::DECIMAL(38, 4))::DOUBLE AS story_points
FROM issue_lines AS il
JOIN audit_points AS a ON a.point = 'current'
WHERE il.initiative_id IS NULL AND (il.created IS NULL OR il.created <= a.as_of)
GROUP BY il.epic_key
ORDER BY il.epic_key NULLS FIRST
