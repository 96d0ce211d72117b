-- title: Headline
-- description: The audit on one line: spend to date (dated on or before the as-of date), how much of it is tied to initiatives and to the balance sheet — each share naming its base — how many initiatives need attention and at what level, how many are held, and spend on initiatives whose outcome is achieved.
WITH recon AS (
    SELECT
        max(amount) FILTER (WHERE metric = 'dated_to_as_of') AS spend_to_date,
        max(amount) FILTER (WHERE metric = 'mapped') AS mapped_spend,
        max(amount) FILTER (WHERE metric = 'balance_sheet_linked') AS balance_sheet_spend,
        max(amount) FILTER (WHERE metric = 'undated') AS undated_spend,
        max(lines) FILTER (WHERE metric = 'duplicate_excluded') AS duplicate_lines_excluded
    FROM reconciliation
),
counts AS (
    SELECT
        count(*)::INTEGER AS initiatives,
        count(*) FILTER (WHERE review_flag)::INTEGER AS flagged,
        count(*) FILTER (WHERE escalation = 'executive')::INTEGER AS escalated_executive,
        count(*) FILTER (WHERE escalation = 'cio')::INTEGER AS escalated_cio,
        count(*) FILTER (WHERE funding_hold)::INTEGER AS funding_holds,
        coalesce(sum(actual_cost) FILTER (WHERE outcome = 'achieved'), 0)::DECIMAL(38, 2)
            AS spend_on_achieved_outcomes
    FROM initiative_status
)
SELECT
    r.spend_to_date,
    r.mapped_spend,
    round(r.mapped_spend / nullif(r.spend_to_date, 0), 4) AS mapped_share_of_spend,
    r.balance_sheet_spend,
    round(r.balance_sheet_spend / nullif(r.spend_to_date, 0), 4) AS balance_sheet_share_of_spend,
    round(r.balance_sheet_spend / nullif(r.mapped_spend, 0), 4) AS balance_sheet_share_of_mapped,
    r.undated_spend,
    r.duplicate_lines_excluded,
    c.initiatives,
    c.flagged,
    c.escalated_executive,
    c.escalated_cio,
    c.funding_holds,
    c.spend_on_achieved_outcomes
FROM recon AS r
CROSS JOIN counts AS c
