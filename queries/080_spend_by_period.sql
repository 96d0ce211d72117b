-- title: Spend by period
-- description: Spend in each audit period for each initiative (and spend that belongs to no initiative), with the running total.
WITH counted AS (
    SELECT s.period_start, s.period_end, s.initiative_id, s.amount
    FROM spend_lines AS s
    JOIN audit_points AS a ON a.point = 'current'
    WHERE s.posting_date <= a.as_of
),
per_period AS (
    SELECT period_start, period_end, initiative_id, sum(amount) AS amount
    FROM counted
    GROUP BY period_start, period_end, initiative_id
)
SELECT
    p.period_start,
    p.period_end,
    p.initiative_id,
    coalesce(s.outcome, 'unmapped') AS outcome,
    p.amount,
    sum(p.amount) OVER (PARTITION BY p.initiative_id ORDER BY p.period_start
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_amount
FROM per_period AS p
LEFT JOIN initiative_status AS s ON s.initiative_id = p.initiative_id
ORDER BY p.period_start, p.initiative_id NULLS LAST
