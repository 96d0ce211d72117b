-- title: Milestone variance
-- description: Each milestone's cost variance (planned minus forecast cost) and schedule variance in days (planned minus actual or expected end); negative numbers mean over budget or late.
-- sheet: Milestones
SELECT
    initiative_id,
    milestone,
    start_date,
    planned_end_date,
    forecast_end_date,
    actual_end_date,
    planned_cost,
    forecast_cost,
    cost_variance,
    schedule_variance_days,
    slipped
FROM milestone_eval
WHERE point = 'current'
ORDER BY initiative_id, planned_end_date NULLS LAST, milestone NULLS LAST, start_date NULLS LAST,
    forecast_end_date NULLS LAST, actual_end_date NULLS LAST, planned_cost NULLS LAST,
    forecast_cost NULLS LAST
