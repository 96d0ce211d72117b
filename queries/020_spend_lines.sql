-- title: Spend lines
-- description: Every counted spend line (republished duplicates excluded, undated lines kept) with the initiative it is mapped to (none when unmapped) and its audit period (none when undated); source_line leads back to the line's other columns in spend.
-- hidden: true
WITH p AS (
    SELECT as_of, cadence_days, anchor FROM audit_points WHERE point = 'current'
),
lines AS (
    SELECT
        s.*,
        f.initiative_id,
        f.mapping_key,
        floor((s.posting_date - p.anchor) / p.cadence_days)::INTEGER AS period_index,
        p.anchor,
        p.cadence_days
    FROM spend AS s
    CROSS JOIN p
    LEFT JOIN finance_map AS f ON f.project_code = s.project_code
    LEFT JOIN spend_duplicates AS d ON d.source_line = s.source_line
    WHERE d.source_line IS NULL
)
SELECT
    -- An undated line (posting_date empty) has no period and so is in no
    -- dated rule; the reconciliation and check_undated_spend list it. Only
    -- what the rules read is kept: this table is a second copy of the
    -- ledger, and descriptions and vendors are most of its bytes.
    posting_date,
    amount,
    project_code,
    source_line,
    initiative_id,
    period_index,
    (anchor + period_index * cadence_days)::DATE AS period_start,
    (anchor + (period_index + 1) * cadence_days)::DATE AS period_end
FROM lines
