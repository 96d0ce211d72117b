-- title: Initiative evaluation
-- description: Every initiative judged at this audit and at the previous one: outcome, funding gate, delivery velocity, cost, variance and escalation.
-- hidden: true
WITH params AS (
    -- The initiative rules, evaluated once per audit point so that audit_changes
    -- can compare the two without re-running anything. Every date rule is keyed
    -- by the point's own as_of, current period and complete periods.
    SELECT
        getvariable('recent_spend_days')::INTEGER AS recent_spend_days,
        getvariable('velocity_periods')::INTEGER AS velocity_periods,
        getvariable('velocity_healthy')::DOUBLE AS velocity_healthy,
        getvariable('escalation_cio')::DECIMAL(18, 2) AS escalation_cio,
        getvariable('escalation_executive')::DECIMAL(18, 2) AS escalation_executive
),
base AS (
    SELECT
        p.point,
        p.as_of,
        p.period_index,
        p.period_start,
        p.cadence_days,
        p.anchor,
        i.*
    FROM initiatives AS i
    CROSS JOIN audit_points AS p
),
outcome AS (
    -- invalid links count for nothing
    SELECT
        point,
        initiative_id,
        min(CASE status
            WHEN 'regressing' THEN 1 WHEN 'overdue' THEN 2 WHEN 'no_data' THEN 3
            WHEN 'behind' THEN 4 WHEN 'on_track' THEN 5 WHEN 'achieved' THEN 6
        END) AS worst,
        bool_or(financial) AS has_balance_sheet_link
    FROM link_eval
    WHERE status <> 'invalid'
    GROUP BY point, initiative_id
),
money AS (
    SELECT
        b.point,
        b.initiative_id,
        sum(s.amount) AS actual_cost,
        count(*) FILTER (WHERE s.amount <> 0
            AND s.posting_date > b.as_of - params.recent_spend_days) AS recent_lines,
        count(*) FILTER (WHERE s.amount <> 0 AND s.posting_date >= b.period_start) AS period_lines
    FROM base AS b
    CROSS JOIN params
    JOIN spend_lines AS s ON s.initiative_id = b.initiative_id AND s.posting_date <= b.as_of
    GROUP BY b.point, b.initiative_id
),
velocity_periods AS (
    -- the last velocity_periods complete periods that end after the start date
    SELECT point, initiative_id, period_index
    FROM (
        SELECT
            b.point,
            b.initiative_id,
            b.start_date,
            b.anchor,
            b.cadence_days,
            unnest(range(b.period_index - params.velocity_periods, b.period_index))::INTEGER AS period_index
        FROM base AS b
        CROSS JOIN params
    ) AS candidates
    WHERE start_date IS NULL OR anchor + (period_index + 1) * cadence_days > start_date
),
velocity AS (
    SELECT
        vp.point,
        vp.initiative_id,
        count(DISTINCT vp.period_index) AS periods,
        -- summed as exact decimals, so the result does not depend on summation order
        coalesce(sum(il.story_points::DECIMAL(38, 4)), 0)::DOUBLE / count(DISTINCT vp.period_index) AS recent_points
    FROM velocity_periods AS vp
    LEFT JOIN issue_lines AS il
        ON il.initiative_id = vp.initiative_id AND il.resolved_period_index = vp.period_index
    GROUP BY vp.point, vp.initiative_id
),
variance AS (
    SELECT
        point,
        initiative_id,
        round(100 * sum(cost_variance) FILTER (WHERE cost_variance IS NOT NULL)
            / nullif(sum(planned_cost) FILTER (WHERE cost_variance IS NOT NULL), 0), 2)
            AS cost_variance_pct,
        round(100 * sum(schedule_variance_days)
                FILTER (WHERE schedule_variance_days IS NOT NULL AND planned_duration_days IS NOT NULL)
            / nullif(sum(planned_duration_days)
                FILTER (WHERE schedule_variance_days IS NOT NULL AND planned_duration_days IS NOT NULL), 0), 2)
            AS schedule_variance_pct,
        count(*) FILTER (WHERE slipped) AS slipped_milestones
    FROM milestone_eval
    GROUP BY point, initiative_id
),
judged AS (
    SELECT
        b.point,
        b.as_of,
        b.initiative_id,
        b.name,
        b.portfolio,
        b.owner,
        b.status,
        CASE o.worst
            WHEN 1 THEN 'regressing' WHEN 2 THEN 'overdue' WHEN 3 THEN 'no_data'
            WHEN 4 THEN 'behind' WHEN 5 THEN 'on_track' WHEN 6 THEN 'achieved'
            ELSE 'unlinked'
        END AS outcome,
        NOT coalesce(o.has_balance_sheet_link, false)
            AND (coalesce(lower(replace(b.status, ' ', '_')) IN ('active', 'on_hold'), false)
                OR coalesce(mo.recent_lines, 0) > 0) AS lacks_balance_sheet_link,
        coalesce(o.has_balance_sheet_link, false) AS has_balance_sheet_link,
        coalesce(mo.period_lines, 0) > 0 AS spent_this_period,
        round(v.recent_points / nullif(b.planned_points, 0), 4) AS velocity_ratio,
        coalesce(mo.actual_cost, 0)::DECIMAL(38, 2) AS actual_cost,
        b.approved_budget,
        va.cost_variance_pct,
        va.schedule_variance_pct,
        coalesce(va.slipped_milestones, 0)::INTEGER AS slipped_milestones,
        round(v.recent_points, 4) AS recent_points,
        v.periods AS velocity_periods_counted
    FROM base AS b
    LEFT JOIN outcome AS o ON o.point = b.point AND o.initiative_id = b.initiative_id
    LEFT JOIN money AS mo ON mo.point = b.point AND mo.initiative_id = b.initiative_id
    LEFT JOIN velocity AS v ON v.point = b.point AND v.initiative_id = b.initiative_id
    LEFT JOIN variance AS va ON va.point = b.point AND va.initiative_id = b.initiative_id
),
flagged AS (
    SELECT
        j.*,
        j.lacks_balance_sheet_link AND j.spent_this_period AS funding_hold,
        coalesce(j.velocity_ratio >= params.velocity_healthy
            AND j.outcome IN ('regressing', 'overdue', 'behind'), false) AS divergence,
        coalesce(j.actual_cost > j.approved_budget, false) AS overrun,
        -- The budget and the milestone plan are two measures, named apart: an
        -- initiative can be over its approved budget while its milestones'
        -- own cost and schedule variance is small (docs/rules.md).
        CASE
            WHEN j.approved_budget IS NULL THEN 'no_budget'
            WHEN j.actual_cost > j.approved_budget THEN 'over_budget'
            ELSE 'within_budget'
        END AS budget_status,
        CASE
            WHEN j.cost_variance_pct IS NULL AND j.schedule_variance_pct IS NULL THEN NULL
            WHEN greatest(abs(j.cost_variance_pct), abs(j.schedule_variance_pct)) < 10 THEN 'green'
            WHEN greatest(abs(j.cost_variance_pct), abs(j.schedule_variance_pct)) < 30 THEN 'yellow'
            ELSE 'red'
        END AS milestone_variance_band
    FROM judged AS j
    CROSS JOIN params
),
reported AS (
    -- What the owner's latest status report says, held against the evidence:
    -- rated green or amber-green while the outcome is regressing or overdue,
    -- delivery diverges or the budget is overrun is a watermelon (green
    -- outside, red inside). Legacy spend after its retire-by date is
    -- dual-running cost, and counts toward the impact.
    SELECT
        f.*,
        rp.rating AS report_rating,
        coalesce(rp.rating IN ('green', 'amber_green')
            AND (f.outcome IN ('regressing', 'overdue') OR f.divergence OR f.overrun), false) AS watermelon,
        coalesce(rp.persistent_red, false) AS persistent_red,
        rp.consecutive_red,
        coalesce(dr.legacy_spend_after_retire_by, 0)::DECIMAL(38, 2) AS dual_running_cost,
        coalesce(dr.legacy_spend_after_retire_by > 0, false) AS legacy_not_retired,
        dr.months_overdue AS legacy_months_overdue
    FROM flagged AS f
    LEFT JOIN report_points AS rp ON rp.point = f.point AND rp.initiative_id = f.initiative_id
    LEFT JOIN dual_running_eval AS dr ON dr.point = f.point AND dr.initiative_id = f.initiative_id
),
reviewed AS (
    SELECT
        r.*,
        r.outcome IN ('regressing', 'overdue') OR r.divergence OR r.overrun
            OR r.watermelon OR r.persistent_red OR r.legacy_not_retired AS review_flag,
        (r.actual_cost + r.dual_running_cost)::DECIMAL(38, 2) AS exposure
    FROM reported AS r
)
SELECT
    r.point,
    r.as_of,
    r.initiative_id,
    r.name,
    r.portfolio,
    r.owner,
    r.status,
    r.outcome,
    r.lacks_balance_sheet_link,
    r.funding_hold,
    r.velocity_ratio,
    r.divergence,
    r.actual_cost,
    r.approved_budget,
    r.overrun,
    r.budget_status,
    r.cost_variance_pct,
    r.schedule_variance_pct,
    r.milestone_variance_band,
    r.slipped_milestones,
    r.review_flag,
    CASE WHEN r.review_flag THEN r.exposure ELSE 0 END::DECIMAL(38, 2) AS impact,
    CASE
        WHEN NOT r.review_flag THEN 'none'
        WHEN r.exposure >= params.escalation_executive THEN 'executive'
        WHEN r.exposure >= params.escalation_cio THEN 'cio'
        ELSE 'pmo'
    END AS escalation,
    r.has_balance_sheet_link,
    r.spent_this_period,
    r.recent_points,
    r.velocity_periods_counted,
    r.report_rating,
    r.watermelon,
    r.persistent_red,
    r.consecutive_red,
    r.dual_running_cost,
    r.legacy_not_retired,
    r.legacy_months_overdue
FROM reviewed AS r
CROSS JOIN params
