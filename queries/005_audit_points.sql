-- title: Audit points
-- description: The two dates every rule is judged at: this audit (the as-of date) and the previous audit, one cadence earlier.
-- hidden: true
WITH params AS (
    -- Audit periods are [anchor + k*cadence, anchor + (k+1)*cadence); the period
    -- holding a point's as_of is its current period, and every period before it is
    -- complete (its end is on or before as_of).
    SELECT
        getvariable('as_of')::DATE AS as_of,
        getvariable('cadence_days')::INTEGER AS cadence_days,
        getvariable('cadence_anchor')::DATE AS anchor
),
points AS (
    SELECT 'current' AS point, as_of, cadence_days, anchor FROM params
    UNION ALL
    SELECT 'previous', (as_of - cadence_days)::DATE, cadence_days, anchor FROM params
),
indexed AS (
    SELECT point, as_of, cadence_days, anchor,
        floor((as_of - anchor) / cadence_days)::INTEGER AS period_index
    FROM points
)
SELECT
    point,
    as_of,
    period_index,
    (anchor + period_index * cadence_days)::DATE AS period_start,
    (anchor + (period_index + 1) * cadence_days)::DATE AS period_end,
    cadence_days,
    anchor
FROM indexed
ORDER BY point
