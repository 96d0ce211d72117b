-- title: Reconciliation
-- description: Proof that nothing was dropped: all spend up to the as-of date is either mapped to an initiative or listed as unmapped, and the gaps in the data are counted.
WITH a AS (
    -- "Unexplained difference" is spend total - mapped - unmapped and must be 0.
    SELECT as_of FROM audit_points WHERE point = 'current'
),
counted AS (
    SELECT s.* FROM spend_lines AS s CROSS JOIN a WHERE s.posting_date <= a.as_of
),
totals AS (
    SELECT
        coalesce(sum(amount), 0) AS total,
        count(*) AS total_lines,
        coalesce(sum(amount) FILTER (WHERE initiative_id IS NOT NULL), 0) AS mapped,
        count(*) FILTER (WHERE initiative_id IS NOT NULL) AS mapped_lines,
        count(DISTINCT initiative_id) AS mapped_initiatives,
        coalesce(sum(amount) FILTER (WHERE initiative_id IS NULL), 0) AS unmapped,
        count(*) FILTER (WHERE initiative_id IS NULL) AS unmapped_lines,
        count(DISTINCT coalesce(project_code, '')) FILTER (WHERE initiative_id IS NULL) AS unmapped_codes
    FROM counted
),
balance_sheet AS (
    SELECT coalesce(sum(c.amount), 0) AS amount
    FROM counted AS c
    JOIN initiative_eval AS e ON e.point = 'current' AND e.initiative_id = c.initiative_id
    WHERE e.has_balance_sheet_link
),
not_counted AS (
    SELECT
        coalesce(sum(s.amount), 0) AS amount,
        count(*) FILTER (WHERE s.posting_date > a.as_of) AS later_lines,
        count(*) FILTER (WHERE s.posting_date IS NULL) AS undated_lines
    FROM spend_lines AS s
    CROSS JOIN a
    WHERE s.posting_date > a.as_of OR s.posting_date IS NULL
),
epics AS (
    SELECT
        coalesce(sum(issues), 0) AS issues,
        count(*) AS epics,
        coalesce(sum(story_points), 0) AS story_points
    FROM check_unmapped_epics
),
metrics AS (
    SELECT 1 AS ord, 'Spend total' AS metric, total::DOUBLE AS value,
        total_lines || ' lines dated on or before ' || strftime(a.as_of, '%Y-%m-%d') AS detail
    FROM totals CROSS JOIN a
    UNION ALL
    SELECT 2, 'Mapped spend', mapped::DOUBLE,
        mapped_lines || ' lines on ' || mapped_initiatives || ' initiatives'
    FROM totals
    UNION ALL
    SELECT 3, 'Unmapped spend', unmapped::DOUBLE,
        unmapped_lines || ' lines under ' || unmapped_codes || ' project codes'
    FROM totals
    UNION ALL
    SELECT 4, 'Unexplained difference', (total - mapped - unmapped)::DOUBLE,
        'spend total minus mapped minus unmapped; must be 0'
    FROM totals
    UNION ALL
    SELECT 5, 'Share of spend mapped', round(mapped / nullif(total, 0), 4),
        'mapped spend divided by spend total'
    FROM totals
    UNION ALL
    SELECT 6, 'Share of mapped spend with a balance-sheet link', round(b.amount / nullif(t.mapped, 0), 4),
        'mapped spend on initiatives linked to a P&L or balance-sheet KPI, divided by mapped spend'
    FROM totals AS t CROSS JOIN balance_sheet AS b
    UNION ALL
    SELECT 7, 'Unmapped project code', amount::DOUBLE,
        coalesce(project_code, '(empty project code)') || ': ' || lines || ' lines'
    FROM check_unmapped_spend
    UNION ALL
    SELECT 8, 'Spend not counted', amount::DOUBLE,
        later_lines || ' lines dated after ' || strftime(a.as_of, '%Y-%m-%d') || ', '
        || undated_lines || ' lines without a date'
    FROM not_counted CROSS JOIN a
    UNION ALL
    SELECT 9, 'Issues under unmapped epics', issues::DOUBLE,
        epics || ' epics (or no epic), '
        || rtrim(rtrim(format('{:.2f}', story_points), '0'), '.') || ' story points'
    FROM epics
    UNION ALL
    SELECT 10, 'KPIs linked but without values', count(*)::DOUBLE,
        coalesce(string_agg(initiative_id || ' / ' || kpi_id, ', ' ORDER BY initiative_id, kpi_id), 'none')
    FROM check_kpis_without_values
    UNION ALL
    SELECT 11, 'Invalid links', count(*)::DOUBLE,
        coalesce(string_agg(coalesce(initiative_id, '?') || ' / ' || coalesce(kpi_id, '?'), ', '
            ORDER BY initiative_id, kpi_id), 'none')
    FROM check_invalid_links
)
SELECT metric, value, detail
FROM metrics
ORDER BY ord, detail
