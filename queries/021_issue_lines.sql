-- title: Issue lines
-- description: Every delivery issue with the initiative its epic is mapped to (none when unmapped) and the audit period it was resolved in.
-- hidden: true
WITH p AS (
    SELECT cadence_days, anchor FROM audit_points WHERE point = 'current'
)
SELECT
    i.issue_key,
    i.epic_key,
    coalesce(i.story_points, 0) AS story_points,
    i.story_points IS NULL AS points_missing,
    i.status,
    i.created,
    i.resolved,
    d.initiative_id,
    d.mapping_key,
    floor((i.resolved - p.anchor) / p.cadence_days)::INTEGER AS resolved_period_index
FROM issues AS i
CROSS JOIN p
LEFT JOIN delivery_map AS d ON d.epic_key = i.epic_key
