-- title: Dual running per audit point
-- description: Legacy spend an initiative promised to retire, still posted after its retire-by date, at each audit point.
-- hidden: true
WITH legacy AS (
    SELECT s.posting_date, s.amount, r.initiative_id, r.retire_by
    FROM spend_lines AS s
    JOIN retire_map AS r ON r.project_code = s.project_code
    WHERE s.posting_date IS NOT NULL
),
initiatives_retiring AS (
    SELECT m.initiative_id, min(coalesce(m.retire_by, i.end_date)) AS retire_by
    FROM mappings AS m
    JOIN initiatives AS i ON i.initiative_id = m.initiative_id
    WHERE m.system = 'retires'
    GROUP BY m.initiative_id
),
months AS (
    -- the last three complete calendar months before each point's as_of
    SELECT point, as_of,
        (date_trunc('month', as_of + 1) - INTERVAL 3 MONTH)::DATE AS window_start,
        date_trunc('month', as_of + 1)::DATE AS window_end
    FROM audit_points
)
SELECT
    m.point,
    i.initiative_id,
    i.retire_by,
    coalesce(sum(l.amount) FILTER (WHERE l.posting_date > l.retire_by AND l.posting_date <= m.as_of), 0)::DECIMAL(38, 2)
        AS legacy_spend_after_retire_by,
    round(coalesce(sum(l.amount) FILTER (WHERE l.posting_date >= m.window_start AND l.posting_date < m.window_end), 0) / 3, 2)::DECIMAL(38, 2)
        AS legacy_monthly_run_rate,
    CASE WHEN m.as_of > i.retire_by THEN date_sub('month', i.retire_by, m.as_of) ELSE 0 END::INTEGER AS months_overdue
FROM initiatives_retiring AS i
CROSS JOIN months AS m
LEFT JOIN legacy AS l ON l.initiative_id = i.initiative_id
GROUP BY m.point, m.as_of, m.window_start, m.window_end, i.initiative_id, i.retire_by
