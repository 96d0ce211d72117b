-- title: No balance-sheet link (funding gate)
-- description: Initiatives with no link to a financial KPI (a P&L or balance-sheet line) that are live or still spending; those spending this audit period are held until mapped.
SELECT
    e.initiative_id,
    e.name,
    e.portfolio,
    e.owner,
    e.status,
    coalesce(sum(s.amount) FILTER (WHERE s.posting_date >= a.period_start), 0)::DECIMAL(38, 2)
        AS spend_this_period,
    e.actual_cost AS spend_to_date,
    e.approved_budget,
    e.funding_hold,
    CASE
        WHEN e.funding_hold THEN 'Funding hold: map to a financial KPI before further spend'
        ELSE 'Map to a financial KPI'
    END AS recommended_action
FROM initiative_eval AS e
JOIN audit_points AS a ON a.point = e.point
LEFT JOIN spend_lines AS s ON s.initiative_id = e.initiative_id AND s.posting_date <= a.as_of
WHERE e.point = 'current' AND e.lacks_balance_sheet_link
GROUP BY ALL
ORDER BY spend_to_date DESC, e.initiative_id
