-- title: Spend by outcome
-- description: Where each period's money went, by how the business outcome it pays for is doing today: achieved, on track, behind, overdue, going backwards, not measured, or not tied to any initiative.
-- chart: area x=period_start y=amount series=outcome
SELECT
    period_start,
    outcome,
    sum(amount) AS amount
FROM spend_by_period
GROUP BY period_start, outcome
ORDER BY period_start, outcome
