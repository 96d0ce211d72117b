-- title: Spend lines
-- description: Every spend line with the initiative it is mapped to (none when unmapped) and its audit period.
-- hidden: true
WITH p AS (
    SELECT as_of, cadence_days, anchor FROM audit_points WHERE point = 'current'
),
lines AS (
    SELECT
        s.*,
        f.initiative_id,
        floor((s.posting_date - p.anchor) / p.cadence_days)::INTEGER AS period_index,
        p.anchor,
        p.cadence_days
    FROM spend AS s
    CROSS JOIN p
    LEFT JOIN finance_map AS f ON f.project_code = s.project_code
)
SELECT
    posting_date,
    amount,
    project_code,
    cost_center,
    gl_account,
    vendor,
    description,
    initiative_id,
    period_index,
    (anchor + period_index * cadence_days)::DATE AS period_start,
    (anchor + (period_index + 1) * cadence_days)::DATE AS period_end
FROM lines
