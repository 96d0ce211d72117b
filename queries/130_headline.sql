-- title: Headline
-- description: The audit on one line: money spent, how much of it is tied to initiatives and to the balance sheet, how many initiatives need attention and at what level, and how many are held.
WITH recon AS (
    SELECT
        max(value) FILTER (WHERE metric = 'Share of spend mapped') AS mapped_spend_share,
        max(value) FILTER (WHERE metric = 'Share of mapped spend with a balance-sheet link')
            AS balance_sheet_spend_share
    FROM reconciliation
),
spend_total AS (
    SELECT coalesce(sum(s.amount), 0)::DECIMAL(38, 2) AS spend_to_date
    FROM spend_lines AS s
    JOIN audit_points AS a ON a.point = 'current'
    WHERE s.posting_date <= a.as_of
),
counts AS (
    SELECT
        count(*)::INTEGER AS initiatives,
        count(*) FILTER (WHERE review_flag)::INTEGER AS flagged,
        count(*) FILTER (WHERE escalation = 'executive')::INTEGER AS escalated_executive,
        count(*) FILTER (WHERE escalation = 'cio')::INTEGER AS escalated_cio,
        count(*) FILTER (WHERE funding_hold)::INTEGER AS funding_holds,
        coalesce(sum(actual_cost) FILTER (WHERE outcome = 'achieved'), 0)::DECIMAL(38, 2) AS achieved_value
    FROM initiative_status
)
SELECT
    t.spend_to_date,
    r.mapped_spend_share,
    r.balance_sheet_spend_share,
    c.initiatives,
    c.flagged,
    c.escalated_executive,
    c.escalated_cio,
    c.funding_holds,
    c.achieved_value
FROM spend_total AS t
CROSS JOIN recon AS r
CROSS JOIN counts AS c
