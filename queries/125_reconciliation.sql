-- title: Reconciliation
-- description: Proof that nothing was dropped: every line and penny of spend.csv lands in exactly one row — republished duplicates excluded, then undated, dated after the as-of date, mapped to an initiative or unmapped — and the unexplained difference must be zero. Below, the gaps in the other inputs are counted.
WITH a AS (
    SELECT as_of FROM audit_points WHERE point = 'current'
),
t AS (
    -- counted once, in the spend_totals helper
    SELECT * FROM spend_totals
),
epics AS (
    SELECT
        coalesce(sum(issues), 0) AS issues,
        count(*) AS epics,
        coalesce(sum(story_points), 0) AS story_points
    FROM check_unmapped_epics
),
metrics AS (
    SELECT 1 AS ord, 'file_total' AS metric, 'Every line of spend.csv' AS label,
        file_n AS lines, file_amt AS amount,
        CASE WHEN aggregated_rows > 0
            THEN 'pre-aggregated: ' || aggregated_rows || ' rows stand for ' || ledger_lines
                || ' ledger lines, duplicates removed upstream (docs/pushdown.sql)'
            ELSE 'as read from the file'
        END AS detail
    FROM t
    UNION ALL
    SELECT 2, 'duplicate_excluded', 'Republished duplicates excluded', dup_n, dup_amt,
        'repeat an earlier line''s transaction_id and every other column; listed by check_duplicate_spend'
    FROM t
    UNION ALL
    SELECT 3, 'counted_total', 'Counted (file total less duplicates)', file_n - dup_n, file_amt - dup_amt,
        'split into the four rows below'
    FROM t
    UNION ALL
    SELECT 4, 'undated', 'Without a posting date', undated_n, undated_amt,
        'in no dated rule; listed by check_undated_spend'
    FROM t
    UNION ALL
    SELECT 5, 'after_as_of', 'Dated after the as-of date', after_n, after_amt,
        'dated after ' || strftime(a.as_of, '%Y-%m-%d') || '; counted in a later audit'
    FROM t CROSS JOIN a
    UNION ALL
    SELECT 6, 'dated_to_as_of', 'Spend to date (dated on or before the as-of date)', dated_n, dated_amt,
        'the base of every share in the headline; = mapped + unmapped'
    FROM t
    UNION ALL
    SELECT 7, 'mapped', 'Mapped to an initiative', mapped_n, mapped_amt,
        'on ' || mapped_initiatives || ' initiatives'
    FROM t
    UNION ALL
    SELECT 8, 'unmapped', 'Not mapped to any initiative', unmapped_n, unmapped_amt,
        'under ' || unmapped_codes || ' project codes; listed by check_unmapped_spend'
    FROM t
    UNION ALL
    SELECT 9, 'unexplained_difference', 'Unexplained difference (must be 0)',
        counted_n - undated_n - after_n - mapped_n - unmapped_n,
        counted_amt - undated_amt - after_amt - mapped_amt - unmapped_amt,
        'counted less undated, after the as-of date, mapped and unmapped'
    FROM t
    UNION ALL
    SELECT 10, 'balance_sheet_linked', 'Mapped spend on initiatives with a balance-sheet link', balance_sheet_n, balance_sheet_amt,
        'part of mapped: initiatives linked to a P&L or balance-sheet KPI'
    FROM t
    UNION ALL
    SELECT 11, 'issues_unmapped', 'Issues under unmapped epics (lines = issues)', issues, NULL,
        epics || ' epics (or no epic), '
        || rtrim(rtrim(format('{:.2f}', story_points), '0'), '.') || ' story points'
    FROM epics
    UNION ALL
    SELECT 12, 'kpi_links_without_values', 'KPI links without current values (lines = links)', count(*), NULL,
        coalesce(string_agg(initiative_id || ' / ' || kpi_id, ', ' ORDER BY initiative_id, kpi_id), 'none')
    FROM check_kpis_without_values
    UNION ALL
    SELECT 13, 'invalid_links', 'Invalid KPI links (lines = links)', count(*), NULL,
        coalesce(string_agg(coalesce(initiative_id, '?') || ' / ' || coalesce(kpi_id, '?'), ', '
            ORDER BY initiative_id, kpi_id), 'none')
    FROM check_invalid_links
)
SELECT metric, label, lines::BIGINT AS lines, amount::DECIMAL(38, 2) AS amount, detail
FROM metrics
ORDER BY ord
