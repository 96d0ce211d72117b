-- title: Initiative status
-- description: One line per initiative: whether its business outcome is arriving, whether it may keep spending, how fast it delivers against plan, what it has cost, and whether the board should look at it.
SELECT
    initiative_id,
    name,
    portfolio,
    owner,
    status,
    outcome,
    lacks_balance_sheet_link,
    funding_hold,
    velocity_ratio,
    divergence,
    actual_cost,
    approved_budget,
    overrun,
    budget_status,
    cost_variance_pct,
    schedule_variance_pct,
    milestone_variance_band,
    slipped_milestones,
    review_flag,
    impact,
    escalation
FROM initiative_eval
WHERE point = 'current'
ORDER BY initiative_id
