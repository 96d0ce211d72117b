-- title: Velocity by period
-- description: Story points each initiative's teams finished in each audit period, against the points planned per period.
WITH a AS (
    -- Periods run from the one holding the initiative's start date (or its first
    -- resolved issue, if earlier) to the current one; a period is complete when it
    -- has ended on or before the as-of date. Only initiatives with a delivery
    -- mapping or a plan are listed.
    SELECT as_of, period_index, cadence_days, anchor FROM audit_points WHERE point = 'current'
),
resolved AS (
    SELECT il.initiative_id, il.resolved_period_index, sum(il.story_points::DECIMAL(38, 4))::DOUBLE AS points
    FROM issue_lines AS il
    CROSS JOIN a
    WHERE il.initiative_id IS NOT NULL AND il.resolved <= a.as_of
    GROUP BY il.initiative_id, il.resolved_period_index
),
first_period AS (
    SELECT
        i.initiative_id,
        i.planned_points,
        least(
            floor((i.start_date - a.anchor) / a.cadence_days)::INTEGER,
            (SELECT min(r.resolved_period_index) FROM resolved AS r WHERE r.initiative_id = i.initiative_id)
        ) AS first_index
    FROM initiatives AS i
    CROSS JOIN a
    WHERE i.planned_points > 0
        OR i.initiative_id IN (SELECT initiative_id FROM mappings WHERE system = 'delivery')
),
periods AS (
    SELECT f.initiative_id, f.planned_points, unnest(range(f.first_index, a.period_index + 1))::INTEGER AS period_index
    FROM first_period AS f
    CROSS JOIN a
    WHERE f.first_index IS NOT NULL
)
SELECT
    p.initiative_id,
    (a.anchor + p.period_index * a.cadence_days)::DATE AS period_start,
    (a.anchor + (p.period_index + 1) * a.cadence_days)::DATE AS period_end,
    round(coalesce(r.points, 0), 4) AS points,
    p.planned_points,
    p.period_index < a.period_index AS complete
FROM periods AS p
CROSS JOIN a
LEFT JOIN resolved AS r ON r.initiative_id = p.initiative_id AND r.resolved_period_index = p.period_index
ORDER BY p.initiative_id, period_start
