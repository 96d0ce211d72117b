-- title: Delivery versus outcome
-- description: Teams delivering at or above plan while the business outcome does not move are the costliest blind spot; each dot is an initiative, its size is what it has cost.
-- chart: scatter x=velocity_ratio y=outcome_gap size=actual_cost
WITH params AS (
    -- outcome_gap is the worst (smallest) progress - elapsed over the initiative's
    -- valid links that have data: below zero the outcome lags the calendar.
    -- Only initiatives with both a velocity ratio and an outcome gap are plotted.
    SELECT
        getvariable('velocity_healthy')::DOUBLE AS velocity_healthy,
        getvariable('behind_tolerance')::DOUBLE AS behind_tolerance
),
gap AS (
    SELECT initiative_id, round(min(progress - elapsed), 4) AS outcome_gap
    FROM link_status
    WHERE status NOT IN ('invalid', 'no_data')
    GROUP BY initiative_id
)
SELECT
    s.initiative_id,
    s.name,
    s.velocity_ratio,
    g.outcome_gap,
    s.actual_cost,
    s.outcome,
    CASE WHEN s.velocity_ratio >= params.velocity_healthy THEN 'delivery green' ELSE 'delivery red' END
    || ', '
    || CASE
        WHEN g.outcome_gap < -params.behind_tolerance OR s.outcome IN ('regressing', 'overdue', 'behind')
            THEN 'outcome red'
        ELSE 'outcome green'
    END AS quadrant,
    s.divergence
FROM initiative_status AS s
JOIN gap AS g ON g.initiative_id = s.initiative_id
CROSS JOIN params
WHERE s.velocity_ratio IS NOT NULL AND g.outcome_gap IS NOT NULL
ORDER BY s.initiative_id
