-- title: Milestone evaluation
-- description: Cost and schedule variance of every milestone, judged at this audit and at the previous one.
-- hidden: true
SELECT
    -- Variance as the US federal IT Dashboard defines it: cost variance = planned
    -- cost - forecast cost; schedule variance (days) = planned end - end, where end
    -- is the actual end, else the forecast end if it is still ahead (on or after
    -- as_of), else as_of itself (a forecast already passed is late at least until
    -- today). Positive means under budget or ahead of plan.
    p.point,
    p.as_of,
    m.initiative_id,
    m.milestone,
    m.start_date,
    m.planned_end_date,
    m.forecast_end_date,
    m.actual_end_date,
    m.planned_cost,
    m.forecast_cost,
    m.planned_cost - m.forecast_cost AS cost_variance,
    CASE WHEN m.actual_end_date IS NOT NULL OR m.forecast_end_date IS NOT NULL THEN
        (m.planned_end_date - CASE
            WHEN m.actual_end_date IS NOT NULL THEN m.actual_end_date
            WHEN m.forecast_end_date >= p.as_of THEN m.forecast_end_date
            ELSE p.as_of
        END)::INTEGER
    END AS schedule_variance_days,
    (m.planned_end_date - m.start_date)::INTEGER AS planned_duration_days,
    coalesce(m.planned_end_date < p.as_of
        AND (m.actual_end_date IS NULL OR m.actual_end_date > m.planned_end_date), false) AS slipped
FROM milestones AS m
CROSS JOIN audit_points AS p
