-- title: Latest status report per audit point
-- description: Each initiative's latest status report on or before each audit point, with its age, re-baseline count and whether a change went unexplained.
-- hidden: true
WITH params AS (
    SELECT
        getvariable('report_stale_days')::INTEGER AS report_stale_days,
        getvariable('persistent_reports')::INTEGER AS persistent_reports,
        getvariable('explain_threshold_pct')::DOUBLE AS explain_threshold_pct
),
seen AS (
    SELECT
        p.point,
        p.as_of,
        e.*,
        count(*) FILTER (WHERE e.rebaselined) OVER (PARTITION BY p.point, e.initiative_id) AS times_rebaselined
    FROM audit_points AS p
    JOIN report_eval AS e ON e.reported_on <= p.as_of
)
SELECT
    s.point,
    s.initiative_id,
    s.reported_on,
    s.rating,
    (s.as_of - s.reported_on)::INTEGER AS report_age_days,
    (s.as_of - s.reported_on) > params.report_stale_days AS stale,
    s.consecutive_red >= params.persistent_reports AS persistent_red,
    s.consecutive_red,
    s.times_rebaselined::INTEGER AS times_rebaselined,
    s.cumulative_slip_days,
    s.cumulative_cost_change_pct,
    s.end_date_slip_days,
    s.cost_change_pct,
    s.rebaselined,
    -- a re-baseline, or a cost move past the threshold either way, with no words
    (s.rebaselined OR coalesce(abs(s.cost_change_pct) > params.explain_threshold_pct, false))
        AND s.narrative IS NULL AS unexplained_change
FROM seen AS s
CROSS JOIN params
QUALIFY row_number() OVER (PARTITION BY s.point, s.initiative_id ORDER BY s.reported_on DESC) = 1
