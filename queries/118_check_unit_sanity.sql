-- title: Figures in the wrong units
-- description: Figures that look like a unit slip: a milestone's planned or forecast cost more than ten times its initiative's approved budget (costs in millions beside a budget in units?), or a KPI value more than 100 times the one before it, or less than a hundredth of it.
-- kind: check
-- severity: warning
WITH milestone_costs AS (
    SELECT
        m.initiative_id,
        m.milestone,
        c.what,
        c.cost,
        i.approved_budget
    FROM milestones AS m
    JOIN initiatives AS i ON i.initiative_id = m.initiative_id
    CROSS JOIN LATERAL (
        SELECT 'planned cost' AS what, m.planned_cost AS cost
        UNION ALL
        SELECT 'forecast cost', m.forecast_cost
    ) AS c
    WHERE i.approved_budget > 0 AND c.cost > 10 * i.approved_budget
),
kpi_steps AS (
    SELECT
        kpi_id,
        date,
        value,
        lag(value) OVER (PARTITION BY kpi_id ORDER BY date) AS previous,
        lag(date) OVER (PARTITION BY kpi_id ORDER BY date) AS previous_date
    FROM kpi_values
    WHERE value IS NOT NULL AND date IS NOT NULL
)
SELECT
    'milestones.csv' AS input,
    initiative_id || ' / ' || milestone AS item,
    what || ' ' || format('{:,}', round(cost, 0)::HUGEINT) || ' is more than ten times the approved budget '
        || format('{:,}', round(approved_budget, 0)::HUGEINT) || '; are the costs in the same units as the budget?' AS problem
FROM milestone_costs
UNION ALL
SELECT
    'kpi_values.csv',
    kpi_id || ' on ' || strftime(date, '%Y-%m-%d'),
    'value ' || value || ' is ' || CASE WHEN abs(value) > abs(previous) THEN 'more than 100 times' ELSE 'less than a hundredth of' END
        || ' the value ' || previous || ' on ' || strftime(previous_date, '%Y-%m-%d') || '; are both in the same units?'
FROM kpi_steps
WHERE previous IS NOT NULL AND previous <> 0 AND value <> 0
    AND (abs(value / previous) > 100 OR abs(previous / value) > 100)
ORDER BY input, item
