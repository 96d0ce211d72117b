-- title: Status reports
-- sheet: Status reports
-- description: What each owner last reported, held against what the data shows: stale reports, runs of red, re-baselines, cost moves nobody explained, and watermelons (reported green, evidenced red).
SELECT
    rp.initiative_id,
    rp.reported_on,
    rp.rating,
    rp.report_age_days,
    rp.stale,
    rp.persistent_red,
    rp.times_rebaselined,
    rp.cumulative_slip_days,
    rp.cumulative_cost_change_pct,
    rp.unexplained_change,
    e.watermelon
FROM report_points AS rp
JOIN initiative_eval AS e ON e.initiative_id = rp.initiative_id AND e.point = rp.point
WHERE rp.point = 'current'
ORDER BY rp.initiative_id
